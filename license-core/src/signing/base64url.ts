/**
 * Strict base64url (RFC 4648 §5, no padding) for compact JWS parts, browser-safe via node-forge
 * (design.md: signed documents; no Node built-ins in src/signing).
 */
import forge from 'node-forge';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url into a forge binary string (one char per byte), or returns null when the text is not
 * canonical base64url: a character outside the alphabet, padding, an impossible length, or non-zero spare
 * bits. Refusing non-canonical forms keeps one token from having several spellings.
 */
export function decodeBase64Url(text: string): string | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bytes = forge.util.decode64(padded);
  return encodeBase64Url(bytes) === text ? bytes : null;
}

/** Encodes a forge binary string as base64url without padding. */
export function encodeBase64Url(bytes: string): string {
  return forge.util.encode64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
