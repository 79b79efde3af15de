/**
 * The one verification path shared by the three documents (design.md: signed documents). Checks, in order:
 * well-formed → alg RS256 → x5c present → chain to the pinned root → certificate validity → not revoked
 * (decision S18) → signature → `doc` → `aud` → `exp` → `iat`/`nbf` not in the future (decision S17) → claim shapes. Each failure is a VerificationError with its own stable code;
 * nothing here ever answers `false` or hands out claims it has not verified.
 */
import { InvalidInputError, VerificationError } from '../errors';
import type { DocumentType, SigningCertificateId, VerifyOptions } from './claims';
import { findClaimProblem } from './claims-shape';
import { checkSigningCertificate, parsePinnedRoot } from './chain';
import { parseCompactJws } from './jws';
import { normaliseSerial, revocationOf } from './revocation';
import { verifyRsaSha256 } from './rsa-sha256';

/** The only algorithm accepted (design.md: "alg must be exactly RS256"). */
const ALLOWED_ALG = 'RS256';

/**
 * Decision S17: how far ahead of the verifier's clock a document's `iat` or `nbf` may lie (a customer's machine
 * running a few minutes slow). Beyond it the document is refused, as jose refuses a future `nbf`.
 */
export const CLOCK_SKEW_SECONDS = 300;

/** A Date from another realm (an iframe) is still a Date: test its tag, not instanceof. */
function isValidDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]' && Number.isFinite((value as Date).getTime());
}

function checkOptions(opts: VerifyOptions): Date {
  if (typeof opts !== 'object' || opts === null) throw new InvalidInputError('opts', 'Verification options are required.');
  if (typeof opts.rootCertPem !== 'string' || opts.rootCertPem.length === 0) {
    throw new InvalidInputError('rootCertPem', 'The pinned root certificate (PEM) is required.');
  }
  if (typeof opts.orgId !== 'string' || opts.orgId.trim().length === 0) {
    throw new InvalidInputError('orgId', 'The CRM organisation id to verify against is required.');
  }
  if (opts.now !== undefined && !isValidDate(opts.now)) {
    throw new InvalidInputError('now', 'now must be a valid Date.');
  }
  if (opts.revoked !== undefined && !Array.isArray(opts.revoked)) {
    throw new InvalidInputError('revoked', 'revoked must be a list of revocations (parseTrustState reads a stored one).');
  }
  // Verification needs a clock; a caller that passes none means the current instant (UTC milliseconds).
  return opts.now ?? new Date(Date.now());
}

/** Verifies `token` as a document of type `doc` and returns its claims, shape-checked. */
export function verifyDocument(doc: DocumentType, token: string, opts: VerifyOptions): Record<string, unknown> {
  return verifySignedDocument(doc, token, opts).claims;
}

/** As verifyDocument, and also names the signing certificate that vouched for the claims (for the trust state). */
export function verifySignedDocument(
  doc: DocumentType,
  token: string,
  opts: VerifyOptions,
): { claims: Record<string, unknown>; signer: SigningCertificateId } {
  const now = checkOptions(opts);
  const root = parsePinnedRoot(opts.rootCertPem);

  const { header, payload, signingInput, signature } = parseCompactJws(token);

  if (header.alg !== ALLOWED_ALG) {
    throw new VerificationError('ERR_ALG_NOT_ALLOWED', `Only ${ALLOWED_ALG} is accepted, not ${JSON.stringify(header.alg ?? null)}.`);
  }

  const cert = checkSigningCertificate(header, root, now);
  const signer: SigningCertificateId = { serial: normaliseSerial(cert.serialNumber), notBefore: cert.validity.notBefore.toISOString() };
  const revocation = revocationOf(signer, opts.revoked);
  if (revocation !== undefined) {
    throw new VerificationError(
      'ERR_CERT_REVOKED',
      `The signing certificate ${signer.serial} was revoked by the vendor (listed by certificate ${revocation.listedBy.serial}).`,
    );
  }

  if (!verifyRsaSha256(cert.publicKey as Parameters<typeof verifyRsaSha256>[0], signingInput, signature)) {
    throw new VerificationError('ERR_SIGNATURE_INVALID', "The token's signature does not verify with its signing certificate.");
  }

  if (payload.doc !== doc) {
    throw new VerificationError('ERR_WRONG_DOCUMENT', `Expected a ${doc} document, got ${JSON.stringify(payload.doc ?? null)}.`);
  }

  // Org ids are GUIDs, which Dataverse spells in either case.
  if (typeof payload.aud !== 'string' || payload.aud.toLowerCase() !== opts.orgId.toLowerCase()) {
    throw new VerificationError('ERR_AUDIENCE_MISMATCH', `The ${doc} is not for organisation ${opts.orgId}.`);
  }

  // JWT exp: the token is valid strictly before exp (RFC 7519 §4.1.4).
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= now.getTime()) {
    throw new VerificationError('ERR_TOKEN_EXPIRED', `The ${doc} expired at ${new Date(payload.exp * 1000).toISOString()}.`);
  }

  // Decision S17: not issued (or valid) later than the verifier's clock allows; shapes are checked below.
  const latest = now.getTime() + CLOCK_SKEW_SECONDS * 1000;
  for (const claim of ['iat', 'nbf'] as const) {
    const value = payload[claim];
    if (typeof value === 'number' && value * 1000 > latest) {
      throw new VerificationError(
        'ERR_TOKEN_NOT_YET_VALID',
        `The ${doc}'s ${claim} ${new Date(value * 1000).toISOString()} lies in the future (this clock reads ${now.toISOString()}).`,
      );
    }
  }

  const problem = findClaimProblem(doc, payload);
  if (problem !== null) {
    throw new VerificationError('ERR_CLAIMS_INVALID', `Claim ${problem.path} ${problem.message}.`);
  }
  return { claims: payload, signer };
}
