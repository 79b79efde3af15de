/** Verifies a signed release manifest (design.md: signed documents; serial and exp against rollback and freeze). */
import { InvalidInputError, VerificationError } from '../errors';
import type { ManifestClaims, VerifyManifestOptions } from './claims';
import { verifyDocument } from './verify-document';

/**
 * Returns the manifest's claims when `token` is an unexpired manifest signed under the pinned root for `orgId`
 * whose serial is at least `minSerial` (the highest the caller accepted before; equal is fine, a re-fetch).
 * Otherwise throws a VerificationError (ERR_MANIFEST_ROLLBACK for an older serial).
 */
export function verifyManifest(token: string, opts: VerifyManifestOptions): ManifestClaims {
  const { minSerial } = opts;
  if (minSerial !== undefined && !(Number.isSafeInteger(minSerial) && minSerial >= 0)) {
    throw new InvalidInputError('minSerial', 'minSerial must be an integer ≥ 0.');
  }
  const claims = verifyDocument('manifest', token, opts) as unknown as ManifestClaims;
  if (minSerial !== undefined && claims.serial < minSerial) {
    throw new VerificationError(
      'ERR_MANIFEST_ROLLBACK',
      `Manifest serial ${claims.serial} is older than the last accepted serial ${minSerial}.`,
    );
  }
  return claims;
}
