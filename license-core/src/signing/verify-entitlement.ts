/** Verifies a signed assurance entitlement (design.md: signed documents; `exp` is the offline grace). */
import type { EntitlementClaims, VerifyOptions } from './claims';
import { verifyDocument } from './verify-document';

/**
 * Returns the entitlement's claims when `token` is an unexpired entitlement signed under the pinned root for
 * `orgId`; otherwise throws a VerificationError (or InvalidInputError for unusable options).
 */
export function verifyEntitlement(token: string, opts: VerifyOptions): EntitlementClaims {
  return verifyDocument('entitlement', token, opts) as unknown as EntitlementClaims;
}
