/**
 * Parses a compact JWS (RFC 7515 §7.1) into its header, payload and signature, without trusting any of it
 * (design.md: signed documents). Only the shape is checked here; alg, chain and signature come later.
 */
import forge from 'node-forge';
import { VerificationError } from '../errors';
import { decodeBase64Url } from './base64url';

/** Upper bound on a token's length: a manifest with many releases fits easily; anything larger is refused. */
const MAX_TOKEN_LENGTH = 1024 * 1024;

export interface ParsedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `base64url(header) + '.' + base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  /** The signature as a forge binary string (possibly empty). */
  signature: string;
}

function malformed(message: string): VerificationError {
  return new VerificationError('ERR_TOKEN_MALFORMED', message);
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64Url(part);
  if (bytes === null) throw malformed(`The token's ${what} is not base64url.`);
  let value: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(forge.util.binary.raw.decode(bytes));
    value = JSON.parse(text);
  } catch {
    throw malformed(`The token's ${what} is not UTF-8 JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`The token's ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS; every failure is ERR_TOKEN_MALFORMED. */
export function parseCompactJws(token: unknown): ParsedJws {
  if (typeof token !== 'string' || token.length === 0) throw malformed('The token is not a non-empty string.');
  if (token.length > MAX_TOKEN_LENGTH) throw malformed('The token is too long.');
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed('A compact JWS has exactly three dot-separated parts.');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonObject(headerPart, 'header');
  const payload = decodeJsonObject(payloadPart, 'payload');
  const signature = decodeBase64Url(signaturePart);
  // An empty signature is well-formed (alg "none" tokens have one); the alg and signature checks refuse it.
  if (signature === null) throw malformed("The token's signature is not base64url.");
  // RFC 7515 §4.1.11: an extension we do not understand must not be ignored; we understand none.
  if ('crit' in header) throw malformed('The token names critical header extensions; none are supported.');
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature };
}
