/**
 * Add-on versions (SPEC §3 "newer than what is installed"): 2 to 4 numeric parts, as a Dataverse solution
 * version (`1.4.0.0`). Missing parts count as 0, so `1.4` = `1.4.0.0`; parts compare numerically (`1.10` > `1.9`).
 */
import { InvalidInputError } from './errors';

export interface AddonVersion {
  /** Always four numbers, missing parts filled with 0. */
  parts: [number, number, number, number];
  raw: string;
}

const ADDON_VERSION_PATTERN = /^(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?$/;

export function parseAddonVersion(value: unknown, field = 'version'): AddonVersion {
  const match = typeof value === 'string' ? ADDON_VERSION_PATTERN.exec(value) : null;
  if (!match) {
    throw new InvalidInputError(
      field,
      `${field}: expected a version of 2 to 4 numeric parts such as 1.4.0.0, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  return { parts: [n(match[1]), n(match[2]), n(match[3]), n(match[4])], raw: value as string };
}

export function compareAddonVersions(a: string, b: string): -1 | 0 | 1 {
  const x = parseAddonVersion(a, 'a').parts;
  const y = parseAddonVersion(b, 'b').parts;
  for (let i = 0; i < 4; i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
