/**
 * Signs the three documents as RS256 JWTs with jsonwebtoken (design.md: signed documents). The header carries
 * the signing certificate in x5c, so add-ons that pin only the root can verify tokens from any signing key the
 * root issued. Claims are shape-checked before signing with the same rules the verifier applies.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { InvalidInputError } from '../errors';
import type { DocumentType, EntitlementClaims, LicenceClaims, ManifestClaims } from '../signing/claims';
import { findClaimProblem } from '../signing/claims-shape';
import { normaliseSerial } from '../signing/revocation';
import { checkNow, checkText } from './certificate';

/** Claims the signer adds itself. */
type Added = 'iss' | 'iat' | 'doc' | 'exp';
export type LicenceToSign = Omit<LicenceClaims, Added>;
export type EntitlementToSign = Omit<EntitlementClaims, Added>;
export type ManifestToSign = Omit<ManifestClaims, Added>;

export interface SignOptions {
  now?: Date;
}
export interface SignWithExpiryOptions extends SignOptions {
  /** Lifetime in seconds: exp = iat + ttlSeconds. */
  ttlSeconds: number;
}

/** design.md: entitlement exp = offline grace, default 14 days. */
export const DEFAULT_ENTITLEMENT_TTL_SECONDS = 14 * 24 * 60 * 60;
/** design.md: manifest exp short, default 24 h. */
export const DEFAULT_MANIFEST_TTL_SECONDS = 24 * 60 * 60;

export interface Signer {
  readonly issuer: string;
  /** When the signing certificate expires: rotate (issueSigningCertificate) well before. */
  readonly certificateNotAfter: Date;
  readonly certificateNotBefore: Date;
  /** The signing certificate's serial, lower-case hex without leading zeros (as manifests list revoked ones). */
  readonly certificateSerial: string;
  signLicence(claims: LicenceToSign, opts?: SignOptions): string;
  signEntitlement(claims: EntitlementToSign, opts: SignWithExpiryOptions): string;
  signManifest(claims: ManifestToSign, opts: SignWithExpiryOptions): string;
}

export interface CreateSignerInput {
  signingKeyPem: string;
  signingCertPem: string;
  /** Vendor id, the `iss` claim. */
  issuer: string;
}

function loadKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'rsa') return key;
  } catch {
    // fall through to the typed error
  }
  throw new InvalidInputError('signingKeyPem', 'signingKeyPem is not a PEM RSA private key.');
}

function loadCertificate(pem: string, key: KeyObject): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new InvalidInputError('signingCertPem', 'signingCertPem is not a PEM X.509 certificate.');
  }
  if (!cert.checkPrivateKey(key)) {
    throw new InvalidInputError('signingKeyPem', 'signingKeyPem does not belong to signingCertPem.');
  }
  if (cert.ca) throw new InvalidInputError('signingCertPem', 'A CA certificate (the root) must not sign documents.');
  return cert;
}

function checkTtl(ttlSeconds: unknown): number {
  if (typeof ttlSeconds !== 'number' || !Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new InvalidInputError('ttlSeconds', 'ttlSeconds must be a whole number of seconds ≥ 1.');
  }
  return ttlSeconds;
}

export function createSigner(input: CreateSignerInput): Signer {
  const issuer = checkText('issuer', input.issuer);
  // Parsed once: a KeyObject signs several times faster than a PEM parsed on every call.
  const key = loadKey(input.signingKeyPem);
  const cert = loadCertificate(input.signingCertPem, key);
  const header = { alg: 'RS256' as const, typ: 'JWT', x5c: [cert.raw.toString('base64')] };

  function sign(doc: DocumentType, claims: object, now: Date, ttlSeconds?: number): string {
    if (typeof claims !== 'object' || claims === null) throw new InvalidInputError('claims', 'claims must be an object.');
    const iat = Math.floor(now.getTime() / 1000);
    const payload: Record<string, unknown> = { ...claims, iss: issuer, iat, doc };
    delete payload.exp;
    if (ttlSeconds !== undefined) payload.exp = iat + ttlSeconds;
    const problem = findClaimProblem(doc, payload);
    if (problem !== null) throw new InvalidInputError(problem.path, `Claim ${problem.path} ${problem.message}.`);
    return jwt.sign(payload, key, { algorithm: 'RS256', header });
  }

  return {
    issuer,
    certificateNotAfter: new Date(cert.validTo),
    certificateNotBefore: new Date(cert.validFrom),
    certificateSerial: normaliseSerial(cert.serialNumber),
    signLicence: (claims, opts) => sign('licence', claims, checkNow(opts?.now)),
    signEntitlement: (claims, opts) => sign('entitlement', claims, checkNow(opts?.now), checkTtl(opts?.ttlSeconds)),
    signManifest: (claims, opts) => sign('manifest', claims, checkNow(opts?.now), checkTtl(opts?.ttlSeconds)),
  };
}
