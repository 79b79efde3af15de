/**
 * Dataverse solution versions: exactly four dot-separated whole numbers (major.minor.build.revision), each
 * 0..2147483647 as Dataverse stores them, without leading zeros (so that "1.04.0.0" cannot shadow "1.4.0.0").
 */

/** A bad input to the solution build, naming the field (or CLI flag) that was wrong. */
export class SolutionInputError extends Error {
  readonly code = 'ERR_INVALID_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SolutionInputError';
  }
}

export type SolutionVersion = readonly [number, number, number, number];

const PART = /^(0|[1-9][0-9]{0,9})$/;
const MAX_PART = 2147483647;

export function parseSolutionVersion(text: unknown, field = 'version'): SolutionVersion {
  const shown = typeof text === 'string' ? `"${text}"` : String(text);
  const fail = (): never => {
    throw new SolutionInputError(field, `${field} must be a 4-part solution version such as 1.4.0.0 (got ${shown})`);
  };
  if (typeof text !== 'string') return fail();
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => PART.test(part))) return fail();
  const numbers = parts.map(Number);
  if (numbers.some((n) => n > MAX_PART)) return fail();
  return numbers as unknown as SolutionVersion;
}

export function formatSolutionVersion(version: SolutionVersion): string {
  return version.join('.');
}

/**
 * The PCF control's manifest version (three parts) for a solution version. Dataverse only replaces a control's
 * bundle on import when the control version increases, so every release must raise it; we map
 * major.minor.build.revision to major.minor.(build*1000+revision), which keeps the order as long as revision < 1000.
 */
export function controlVersionFor(version: SolutionVersion, field = 'version'): string {
  const [major, minor, build, revision] = version;
  if (revision >= 1000) {
    throw new SolutionInputError(field, `${field}: the revision part must be below 1000 so the control version can follow it (got ${version.join('.')})`);
  }
  return `${major}.${minor}.${build * 1000 + revision}`;
}
