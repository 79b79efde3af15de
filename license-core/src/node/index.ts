/**
 * Node-only side of the signed documents (design.md: signed documents): vendor keys and certificates,
 * signing-certificate rotation, JWT signing. Import as `@crm-assurance/license-core/node`.
 */
export { generateVendorKeys, DEFAULT_ROOT_VALIDITY_YEARS } from './generate-vendor-keys';
export type { GenerateVendorKeysInput, VendorKeySet } from './generate-vendor-keys';
export { issueSigningCertificate, DEFAULT_SIGNING_VALIDITY_YEARS } from './issue-signing-certificate';
export type { IssueSigningCertificateInput } from './issue-signing-certificate';
export type { KeyAndCertificate } from './certificate';
export { createSigner, DEFAULT_ENTITLEMENT_TTL_SECONDS, DEFAULT_MANIFEST_TTL_SECONDS } from './create-signer';
export type {
  CreateSignerInput,
  EntitlementToSign,
  LicenceToSign,
  ManifestToSign,
  SignOptions,
  SignWithExpiryOptions,
  Signer,
} from './create-signer';
