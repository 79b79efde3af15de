/**
 * Licence keys: what a CRM admin types in once, e.g. `CRMA-7K2QF-M9XDR-4HV8T-PW3NC`. 20 random Crockford
 * base32 characters (100 bits); stored only as a sha256 hash of the normalised key (upper case, no dashes or
 * spaces, O read as 0 and I/L as 1, so a mistyped look-alike still matches).
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'CRMA';

export function newLicenceKey(): string {
  const bytes = randomBytes(20);
  let chars = '';
  for (const b of bytes) chars += ALPHABET[b & 31];
  return [PREFIX, chars.slice(0, 5), chars.slice(5, 10), chars.slice(10, 15), chars.slice(15, 20)].join('-');
}

/** The canonical form of a typed key, or undefined when it cannot be a licence key. */
export function normaliseLicenceKey(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!compact.startsWith(PREFIX)) return undefined;
  const body = compact.slice(PREFIX.length);
  if (body.length !== 20 || [...body].some((c) => !ALPHABET.includes(c))) return undefined;
  return `${PREFIX}${body}`;
}

export function hashLicenceKey(typed: string): string | undefined {
  const canonical = normaliseLicenceKey(typed);
  return canonical === undefined ? undefined : createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The last group, shown in lists to recognise a key without revealing it. */
export function licenceKeyHint(key: string): string {
  return key.slice(-5);
}
