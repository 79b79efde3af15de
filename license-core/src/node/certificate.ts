/**
 * Building X.509 certificates for the vendor's chain (design.md: signed documents: root → signing certificate).
 * Keys come from node:crypto (fast native RSA); node-forge assembles and signs the certificates.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { InvalidInputError } from '../errors';

/** A PEM private key (PKCS#8) and its PEM certificate. */
export interface KeyAndCertificate {
  keyPem: string;
  certPem: string;
}

/**
 * notBefore is set this far before `now`, so a certificate issued a moment ago is already valid on a customer
 * machine whose clock runs a little behind (decisions-signing.md S6).
 */
export const CLOCK_SKEW_MS = 60 * 60 * 1000;

export function newRsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** A random positive 128-bit serial number, minimal DER (first byte 0x01..0x7f), as hex (RFC 5280 §4.1.2.2). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** `now` plus whole years, in UTC. */
export function addUtcYears(now: Date, years: number): Date {
  const end = new Date(now.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

export function checkNow(now: Date | undefined): Date {
  if (now === undefined) return new Date(Date.now());
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new InvalidInputError('now', 'now must be a valid Date.');
  return now;
}

export function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidInputError(field, `${field} must be a non-empty string.`);
  }
  return value;
}

export function checkYears(field: string, value: number | undefined, fallback: number): number {
  const years = value ?? fallback;
  if (!Number.isSafeInteger(years) || years < 1 || years > 100) {
    throw new InvalidInputError(field, `${field} must be a whole number of years, 1 to 100.`);
  }
  return years;
}

export interface CertificateRequest {
  publicKeyPem: string;
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  issuerKey: forge.pki.rsa.PrivateKey;
  now: Date;
  years: number;
  extensions: object[];
  /** The issuer's notAfter: a certificate never outlives the one that issued it. */
  notAfterLimit?: Date;
}

/** Assembles and signs (sha256WithRSAEncryption) one certificate; returns its PEM. */
export function buildCertificate(req: CertificateRequest): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(req.publicKeyPem);
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = new Date(req.now.getTime() - CLOCK_SKEW_MS);
  const notAfter = addUtcYears(req.now, req.years);
  cert.validity.notAfter =
    req.notAfterLimit !== undefined && req.notAfterLimit.getTime() < notAfter.getTime() ? req.notAfterLimit : notAfter;
  cert.setSubject(req.subject);
  cert.setIssuer(req.issuer);
  cert.setExtensions(req.extensions);
  cert.sign(req.issuerKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
