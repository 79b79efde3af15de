/**
 * Browser-safe side of the signed documents (design.md: signed documents): claim types and verification.
 * Signing lives in `@crm-assurance/license-core/node`.
 */
export type {
  CommonClaims,
  DocumentType,
  EntitlementClaims,
  EntitlementCoverage,
  EntitlementOpenInvoice,
  EntitlementStatus,
  LicenceClaims,
  LicensedAddon,
  ManifestClaims,
  ManifestRelease,
  Revocation,
  SigningCertificateId,
  VerifyManifestOptions,
  VerifyOptions,
} from './claims';
export { verifyLicence } from './verify-licence';
export { verifyEntitlement } from './verify-entitlement';
export { verifyManifest } from './verify-manifest';
export { acceptManifest, parseTrustState, INITIAL_TRUST_STATE, MAX_REMEMBERED_REVOCATIONS, type TrustState } from './trust-state';
export { normaliseSerial, revocationOf } from './revocation';
export { CLOCK_SKEW_SECONDS } from './verify-document';
export { MAX_OPEN_INVOICES, MAX_REVOKED_CERTS } from './claims-shape';
