/**
 * RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2.2), browser-safe via node-forge (design.md: signed documents,
 * alg RS256). Verification rebuilds the one valid encoded message and compares it with what the signature
 * opens to, instead of parsing the padding and the DigestInfo: no room for lax-parsing forgeries, and the hash
 * is fixed to SHA-256 whatever the signature claims.
 */
import forge from 'node-forge';

/** DER of DigestInfo's AlgorithmIdentifier for SHA-256 plus the OCTET STRING header of the 32-byte hash. */
const SHA256_DIGEST_INFO_PREFIX = forge.util.hexToBytes('3031300d060960864801650304020105000420');

/** Smallest modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

/** SHA-256 of a forge binary string, as a binary string. */
export function sha256(bytes: string): string {
  const md = forge.md.sha256.create();
  md.update(bytes, 'raw');
  return md.digest().getBytes();
}

function expectedEncodedMessage(digest: string, modulusBytes: number): string {
  const t = SHA256_DIGEST_INFO_PREFIX + digest;
  const paddingLength = modulusBytes - t.length - 3;
  return '\x00\x01' + '\xff'.repeat(paddingLength) + '\x00' + t;
}

/** Compares two binary strings of equal length without an early exit. */
function sameBytes(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * True when `signature` is a valid RS256 signature of `message` (both forge binary strings) under `publicKey`.
 * Never throws: a signature of the wrong length or out of range is simply not valid.
 */
export function verifyRsaSha256(publicKey: forge.pki.rsa.PublicKey, message: string, signature: string): boolean {
  const modulusBytes = Math.ceil(publicKey.n.bitLength() / 8);
  if (signature.length !== modulusBytes) return false;
  const expected = expectedEncodedMessage(sha256(message), modulusBytes);
  // forge opens the signature (s^e mod n, range-checked) and hands the raw encoded message to our scheme.
  const exactMatch = { verify: (_digest: string, encoded: string): boolean => sameBytes(encoded, expected) };
  try {
    return publicKey.verify('', signature, exactMatch as unknown as forge.pki.rsa.SignatureScheme);
  } catch {
    return false;
  }
}
