/**
 * CRM platform versions and their lines (SPEC §4).
 *
 * - Dynamics 365: an organisation reports 2 to 4 numeric parts (`9.2.24012.196`, not semver); its line is the
 *   first two parts (`9.2`).
 * - Odoo (decision L38): an Odoo server's line is its `serie` (odoo/release.py: `major_version`, the first two parts of
 *   `version_info`), whatever follows: `17.0`, `17.0+e`, `18.0rc1` are line `17.0`/`18.0`; Odoo Online's `saas~17.2`
 *   and `saas~17.2+e` are line `saas~17.2`. A `saas~17.x` version maps to ITS OWN line, not to `17.0`, because Odoo
 *   itself does so for modules: odoo/modules/module.py (`adapt_version`, `check_version`) accepts on a saas~17.2
 *   server only module versions that start with `saas~17.2.` (or carry no series at all), so a module built as
 *   `17.0.1.4.0` does not install there. A release for line 17.0 is therefore `platform_incompatible` on a saas~17.2
 *   database; the vendor publishes a `saas~17.2.x.y.z` build for line saas~17.2. In ordering, `saas~17.2` sits
 *   between `17.0` and `18.0`.
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
// odoo/release.py: version = serie + release level (`alpha`, `beta`, `rc`; nothing when final) + serial + edition
// (`+e`); a third numeric part is accepted for builds that report one.
const ODOO_PATTERN = /^(saas~)?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,9}))?(?:(?:alpha|beta|rc)\d{0,4})?(?:\+[ce])?$/;

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
    platform === undefined ? (/^saas~|\+[ce]$|\d(?:alpha|beta|rc)\d*(?:\+[ce])?$/.test(raw) ? 'odoo' : 'dynamics365') : parsePlatform(platform, 'platform');
  if (target === 'dynamics365') {
    const match = DYNAMICS_PATTERN.exec(raw);
    if (!match) return fail('a Dynamics 365 version of 2 to 4 numeric parts such as 9.2.24012.196');
    const parts = match.slice(1).filter((p): p is string => p !== undefined).map(Number);
    return { platform: target, parts, line: `${parts[0]}.${parts[1]}`, raw };
  }
  const match = ODOO_PATTERN.exec(raw);
  if (!match) return fail('an Odoo version such as 17.0, 17.0+e or saas~17.2');
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
