/** Verifies a signed licence (design.md: signed documents; SPEC §2: licences are perpetual). */
import type { LicenceClaims, VerifyOptions } from './claims';
import { verifyDocument } from './verify-document';

/**
 * Returns the licence's claims when `token` is a licence signed under the pinned root for `orgId`;
 * otherwise throws a VerificationError (or InvalidInputError for unusable options).
 */
export function verifyLicence(token: string, opts: VerifyOptions): LicenceClaims {
  return verifyDocument('licence', token, opts) as unknown as LicenceClaims;
}
