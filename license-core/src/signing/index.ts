/**
 * Browser-safe side of the signed documents (design.md: signed documents): claim types and verification.
 * Signing lives in `@crm-assurance/license-core/node`.
 */
export type {
  CommonClaims,
  DocumentType,
  EntitlementClaims,
  EntitlementCoverage,
  EntitlementStatus,
  LicenceClaims,
  LicensedAddon,
  ManifestClaims,
  ManifestRelease,
  VerifyManifestOptions,
  VerifyOptions,
} from './claims';
export { verifyLicence } from './verify-licence';
export { verifyEntitlement } from './verify-entitlement';
export { verifyManifest } from './verify-manifest';
