/**
 * Issues a new signing key and certificate under the vendor root: key rotation without a new add-on build,
 * because add-ons pin only the root (design.md: signed documents).
 */
import forge from 'node-forge';
import { InvalidInputError } from '../errors';
import { buildCertificate, checkNow, checkText, checkYears, newRsaKeyPair, type KeyAndCertificate } from './certificate';

export interface IssueSigningCertificateInput {
  rootKeyPem: string;
  rootCertPem: string;
  vendorName: string;
  now?: Date;
  /** Default 2. */
  validityYears?: number;
}

export const DEFAULT_SIGNING_VALIDITY_YEARS = 2;

function parseRoot(rootKeyPem: string, rootCertPem: string): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate } {
  let cert: forge.pki.Certificate;
  let key: forge.pki.rsa.PrivateKey;
  try {
    cert = forge.pki.certificateFromPem(rootCertPem);
  } catch {
    throw new InvalidInputError('rootCertPem', 'rootCertPem is not a PEM X.509 certificate with an RSA key.');
  }
  try {
    key = forge.pki.privateKeyFromPem(rootKeyPem);
  } catch {
    throw new InvalidInputError('rootKeyPem', 'rootKeyPem is not a PEM RSA private key.');
  }
  const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
  if (certKey.n.compareTo(key.n) !== 0 || certKey.e.compareTo(key.e) !== 0) {
    throw new InvalidInputError('rootKeyPem', "rootKeyPem is not the private key of rootCertPem's public key.");
  }
  if ((cert.getExtension('basicConstraints') as { cA?: boolean } | undefined)?.cA !== true) {
    throw new InvalidInputError('rootCertPem', 'rootCertPem is not a CA certificate.');
  }
  return { key, cert };
}

function checkRootValidAt(root: forge.pki.Certificate, now: Date): void {
  const { notBefore, notAfter } = root.validity;
  if (now.getTime() < notBefore.getTime() || now.getTime() > notAfter.getTime()) {
    throw new InvalidInputError('rootCertPem', `The root certificate is not valid at ${now.toISOString()}.`);
  }
}

/**
 * A fresh signing key and a certificate for it (end entity, digitalSignature), signed by the root. The root must be
 * valid at `now`; the new certificate ends no later than the root does.
 */
export function issueSigningCertificate(input: IssueSigningCertificateInput): KeyAndCertificate {
  const vendorName = checkText('vendorName', input.vendorName);
  const now = checkNow(input.now);
  const years = checkYears('validityYears', input.validityYears, DEFAULT_SIGNING_VALIDITY_YEARS);
  const root = parseRoot(input.rootKeyPem, input.rootCertPem);
  checkRootValidAt(root.cert, now);
  const { privateKeyPem, publicKeyPem } = newRsaKeyPair();
  const certPem = buildCertificate({
    publicKeyPem,
    subject: [
      { name: 'commonName', value: `${vendorName} Document Signing ${now.toISOString().slice(0, 10)}` },
      { name: 'organizationName', value: vendorName },
    ],
    issuer: root.cert.subject.attributes,
    issuerKey: root.key,
    now,
    years,
    notAfterLimit: root.cert.validity.notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: root.cert.generateSubjectKeyIdentifier().getBytes() },
    ],
  });
  return { keyPem: privateKeyPem, certPem };
}
