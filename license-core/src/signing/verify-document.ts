/**
 * The one verification path shared by the three documents (design.md: signed documents). Checks, in order:
 * well-formed → alg RS256 → x5c present → chain to the pinned root → certificate validity → signature →
 * `doc` → `aud` → `exp` → claim shapes. Each failure is a VerificationError with its own stable code;
 * nothing here ever answers `false` or hands out claims it has not verified.
 */
import { InvalidInputError, VerificationError } from '../errors';
import type { DocumentType, VerifyOptions } from './claims';
import { findClaimProblem } from './claims-shape';
import { checkSigningCertificate, parsePinnedRoot } from './chain';
import { parseCompactJws } from './jws';
import { verifyRsaSha256 } from './rsa-sha256';

/** The only algorithm accepted (design.md: "alg must be exactly RS256"). */
const ALLOWED_ALG = 'RS256';

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
  // Verification needs a clock; a caller that passes none means the current instant (UTC milliseconds).
  return opts.now ?? new Date(Date.now());
}

/** Verifies `token` as a document of type `doc` and returns its claims, shape-checked. */
export function verifyDocument(doc: DocumentType, token: string, opts: VerifyOptions): Record<string, unknown> {
  const now = checkOptions(opts);
  const root = parsePinnedRoot(opts.rootCertPem);

  const { header, payload, signingInput, signature } = parseCompactJws(token);

  if (header.alg !== ALLOWED_ALG) {
    throw new VerificationError('ERR_ALG_NOT_ALLOWED', `Only ${ALLOWED_ALG} is accepted, not ${JSON.stringify(header.alg ?? null)}.`);
  }

  const cert = checkSigningCertificate(header, root, now);

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

  const problem = findClaimProblem(doc, payload);
  if (problem !== null) {
    throw new VerificationError('ERR_CLAIMS_INVALID', `Claim ${problem.path} ${problem.message}.`);
  }
  return payload;
}
