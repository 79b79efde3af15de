/**
 * A complete key and certificate set for a new vendor (design.md: signed documents): a root CA, pinned into the
 * add-on at build time, and a first signing certificate issued by it. Keep the root key offline; the update
 * server needs only the signing key and certificate.
 */
import forge from 'node-forge';
import { buildCertificate, checkNow, checkText, checkYears, newRsaKeyPair, type KeyAndCertificate } from './certificate';
import { DEFAULT_SIGNING_VALIDITY_YEARS, issueSigningCertificate } from './issue-signing-certificate';

export interface GenerateVendorKeysInput {
  vendorId: string;
  vendorName: string;
  now?: Date;
  /** Default 20. */
  rootValidityYears?: number;
  /** Default 2. */
  signingValidityYears?: number;
}

export interface VendorKeySet {
  root: KeyAndCertificate;
  signing: KeyAndCertificate;
}

export const DEFAULT_ROOT_VALIDITY_YEARS = 20;

export function generateVendorKeys(input: GenerateVendorKeysInput): VendorKeySet {
  const vendorId = checkText('vendorId', input.vendorId);
  const vendorName = checkText('vendorName', input.vendorName);
  const now = checkNow(input.now);
  const rootYears = checkYears('rootValidityYears', input.rootValidityYears, DEFAULT_ROOT_VALIDITY_YEARS);
  const signingYears = checkYears('signingValidityYears', input.signingValidityYears, DEFAULT_SIGNING_VALIDITY_YEARS);

  const { privateKeyPem, publicKeyPem } = newRsaKeyPair();
  const subject: forge.pki.CertificateField[] = [
    { name: 'commonName', value: `${vendorName} Licensing Root CA` },
    { name: 'organizationName', value: vendorName },
    { name: 'organizationalUnitName', value: vendorId },
  ];
  const certPem = buildCertificate({
    publicKeyPem,
    subject,
    issuer: subject,
    issuerKey: forge.pki.privateKeyFromPem(privateKeyPem),
    now,
    years: rootYears,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  const root = { keyPem: privateKeyPem, certPem };
  const signing = issueSigningCertificate({
    rootKeyPem: root.keyPem,
    rootCertPem: root.certPem,
    vendorName,
    now,
    validityYears: signingYears,
  });
  return { root, signing };
}
