/**
 * CRM platform versions and their lines (SPEC §4).
 *
 * - Dynamics 365: an organisation reports 2 to 4 numeric parts (`9.2.24012.196`, not semver); its line is the
 *   first two parts (`9.2`).
 * - Odoo: `17.0` (optionally with the edition suffix `+e`/`+c`, e.g. `17.0+e`) is line `17.0`. Odoo Online's
 *   intermediate versions `saas~17.2` are a line of their own, `saas~17.2`: they are not the `17.0` line and
 *   releases must name them explicitly. In ordering, `saas~17.2` sits between `17.0` and `18.0`.
 */
import { InvalidInputError } from './errors';
import type { Platform } from './types';

export interface PlatformVersion {
  platform: Platform;
  /** Numeric parts as reported (`saas~` and an edition suffix removed). */
  parts: number[];
  /** The version line: Dynamics `9.2`, Odoo `17.0` or `saas~17.2`. */
  line: string;
  raw: string;
}

import { PLATFORMS } from './vocabulary';

const DYNAMICS_PATTERN = /^(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?$/;
const ODOO_PATTERN = /^(saas~)?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,9}))?(?:\+[ce])?$/;

export function parsePlatform(value: unknown, field = 'platform'): Platform {
  if (typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  throw new InvalidInputError(field, `${field}: expected one of ${PLATFORMS.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`);
}

/**
 * Parses an organisation's platform version into its line. Pass `platform` when known; without it,
 * `saas~…` or a `+e`/`+c` suffix means Odoo and anything else is read as Dynamics 365.
 */
export function parsePlatformVersion(v: unknown, platform?: Platform, field = 'platformVersion'): PlatformVersion {
  const fail = (expected: string): never => {
    throw new InvalidInputError(field, `${field}: expected ${expected}, got ${JSON.stringify(v) ?? String(v)}`);
  };
  if (typeof v !== 'string') return fail('a version string');
  const raw = v.trim();
  const target: Platform =
    platform === undefined ? (/^saas~|\+[ce]$/.test(raw) ? 'odoo' : 'dynamics365') : parsePlatform(platform, 'platform');
  if (target === 'dynamics365') {
    const match = DYNAMICS_PATTERN.exec(raw);
    if (!match) return fail('a Dynamics 365 version of 2 to 4 numeric parts such as 9.2.24012.196');
    const parts = match.slice(1).filter((p): p is string => p !== undefined).map(Number);
    return { platform: target, parts, line: `${parts[0]}.${parts[1]}`, raw };
  }
  const match = ODOO_PATTERN.exec(raw);
  if (!match) return fail('an Odoo version such as 17.0 or saas~17.2');
  const parts = match.slice(2).filter((p): p is string => p !== undefined).map(Number);
  const line = `${match[1] ?? ''}${parts[0]}.${parts[1]}`;
  return { platform: target, parts, line, raw };
}

const LINE_PATTERN = /^(saas~)?(\d{1,9})\.(\d{1,9})$/;

function lineKey(line: unknown, field: string): [number, number, number] {
  const match = typeof line === 'string' ? LINE_PATTERN.exec(line) : null;
  if (!match) {
    throw new InvalidInputError(field, `${field}: expected a version line such as 9.2, 17.0 or saas~17.2, got ${JSON.stringify(line) ?? String(line)}`);
  }
  return [Number(match[2]), Number(match[3]), match[1] ? 1 : 0];
}

/** True for a well-formed version line (`9.2`, `17.0`, `saas~17.2`). */
export function isLine(value: unknown): value is string {
  return typeof value === 'string' && LINE_PATTERN.test(value);
}

/** True for Odoo Online intermediate lines (`saas~17.2`). */
export function isSaasLine(line: string): boolean {
  return lineKey(line, 'line')[2] === 1;
}

/** Orders version lines numerically (`9.10` after `9.2`; `saas~17.2` after `17.0`, before `18.0`). */
export function compareLines(a: string, b: string): -1 | 0 | 1 {
  const x = lineKey(a, 'a');
  const y = lineKey(b, 'b');
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

/** The newest of some version lines (compareLines order); undefined for none. */
export function newestLine(lines: readonly string[]): string | undefined {
  return [...lines].sort(compareLines).pop();
}
