/**
 * The certificate chain check (design.md: signed documents): the token's x5c signing certificate must be
 * issued and signed by the pinned vendor root, be an end-entity signing certificate, and be valid at `now`.
 * The chain is exactly two long by design: root → signing certificate. Only x5c[0] is read; anything after it
 * is ignored, because trust comes from the pinned root alone, never from what the token brings along.
 */
import forge from 'node-forge';
import { InvalidInputError, VerificationError } from '../errors';
import { MIN_RSA_BITS, verifyRsaSha256 } from './rsa-sha256';

interface BasicConstraints {
  cA?: boolean;
}
interface KeyUsage {
  digitalSignature?: boolean;
  keyCertSign?: boolean;
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function basicConstraints(cert: forge.pki.Certificate): BasicConstraints | undefined {
  return cert.getExtension('basicConstraints') as BasicConstraints | undefined;
}
function keyUsage(cert: forge.pki.Certificate): KeyUsage | undefined {
  return cert.getExtension('keyUsage') as KeyUsage | undefined;
}
function rsaKey(cert: forge.pki.Certificate): forge.pki.rsa.PublicKey {
  return cert.publicKey as forge.pki.rsa.PublicKey;
}

/**
 * Parses the pinned root. A root that is not a CA, cannot sign certificates or has a weak key is a build-time
 * configuration mistake, not a forged token, so it is an InvalidInputError on `rootCertPem`.
 */
export function parsePinnedRoot(rootCertPem: string): forge.pki.Certificate {
  let root: forge.pki.Certificate;
  try {
    root = forge.pki.certificateFromPem(rootCertPem);
  } catch {
    throw new InvalidInputError('rootCertPem', 'The pinned root is not a PEM X.509 certificate with an RSA key.');
  }
  if (basicConstraints(root)?.cA !== true) {
    throw new InvalidInputError('rootCertPem', 'The pinned root is not a CA certificate (basicConstraints cA).');
  }
  const usage = keyUsage(root);
  if (usage !== undefined && usage.keyCertSign !== true) {
    throw new InvalidInputError('rootCertPem', 'The pinned root may not sign certificates (keyUsage keyCertSign).');
  }
  if (rsaKey(root).n.bitLength() < MIN_RSA_BITS) {
    throw new InvalidInputError('rootCertPem', `The pinned root's RSA key is shorter than ${MIN_RSA_BITS} bits.`);
  }
  return root;
}

/** Reads x5c[0] (standard base64 DER, RFC 7515 §4.1.6); every failure is ERR_CHAIN_MISSING. */
function signingCertificateOf(header: Record<string, unknown>): forge.pki.Certificate {
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) {
    throw new VerificationError('ERR_CHAIN_MISSING', 'The token header has no x5c certificate chain.');
  }
  const first: unknown = x5c[0];
  if (typeof first !== 'string' || first.length % 4 !== 0 || !STANDARD_BASE64.test(first)) {
    throw new VerificationError('ERR_CHAIN_MISSING', 'x5c[0] is not a base64 DER certificate.');
  }
  try {
    return forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.decode64(first)));
  } catch {
    throw new VerificationError('ERR_CHAIN_MISSING', 'x5c[0] is not an X.509 certificate with an RSA key.');
  }
}

function untrusted(message: string): VerificationError {
  return new VerificationError('ERR_CHAIN_UNTRUSTED', message);
}

function checkValidity(cert: forge.pki.Certificate, what: string, now: Date): void {
  if (now.getTime() < cert.validity.notBefore.getTime()) {
    throw new VerificationError(
      'ERR_CERT_NOT_YET_VALID',
      `The ${what} is valid from ${cert.validity.notBefore.toISOString()}.`,
    );
  }
  // RFC 5280 §4.1.2.5: notAfter is inclusive.
  if (now.getTime() > cert.validity.notAfter.getTime()) {
    throw new VerificationError('ERR_CERT_EXPIRED', `The ${what} expired at ${cert.validity.notAfter.toISOString()}.`);
  }
}

/**
 * Returns the token's signing certificate once it is proven to chain to `root` and to be valid at `now`.
 * Throws ERR_CHAIN_MISSING, ERR_CHAIN_UNTRUSTED, ERR_CERT_NOT_YET_VALID or ERR_CERT_EXPIRED.
 */
export function checkSigningCertificate(
  header: Record<string, unknown>,
  root: forge.pki.Certificate,
  now: Date,
): forge.pki.Certificate {
  const cert = signingCertificateOf(header);
  if (!root.issued(cert)) throw untrusted("The signing certificate's issuer is not the pinned root.");
  // RFC 5280 §4.1.1.2: the outer and the signed (tbs) algorithm must agree; we accept only one.
  const sha256WithRsa = forge.pki.oids.sha256WithRSAEncryption;
  if (cert.signatureOid !== sha256WithRsa || cert.siginfo.algorithmOid !== sha256WithRsa) {
    throw untrusted('The signing certificate is not signed with sha256WithRSAEncryption.');
  }
  const tbs = forge.asn1.toDer(cert.tbsCertificate).getBytes();
  if (!verifyRsaSha256(rsaKey(root), tbs, cert.signature as string)) {
    throw untrusted("The signing certificate's signature does not verify with the pinned root's key.");
  }
  // An end-entity signing certificate: not a CA (that includes the root itself), allowed to sign.
  if (basicConstraints(cert)?.cA === true) throw untrusted('The signing certificate is a CA certificate.');
  if (keyUsage(cert)?.digitalSignature !== true) {
    throw untrusted('The signing certificate lacks keyUsage digitalSignature.');
  }
  if (rsaKey(cert).n.bitLength() < MIN_RSA_BITS) {
    throw untrusted(`The signing certificate's RSA key is shorter than ${MIN_RSA_BITS} bits.`);
  }
  checkValidity(root, 'pinned root certificate', now);
  checkValidity(cert, 'signing certificate', now);
  return cert;
}
