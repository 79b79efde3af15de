/**
 * Before anything is installed, the downloaded bytes must match the signed manifest exactly: same length, same
 * sha256 (design.md: signed documents). WebCrypto runs in the browser and in Node 20.
 */
import { AddonError } from './client-error';

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

export async function checkArtifact(bytes: Uint8Array, expected: { size: number; sha256: string; version: string }): Promise<void> {
  if (bytes.byteLength !== expected.size) {
    throw new AddonError(
      'artifact_size_mismatch',
      `The download of version ${expected.version} has ${bytes.byteLength} bytes, but the signed manifest says ${expected.size}. Nothing was installed.`,
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expected.sha256.toLowerCase()) {
    throw new AddonError(
      'artifact_hash_mismatch',
      `The download of version ${expected.version} does not match its signed fingerprint (sha256). It may have been tampered with. Nothing was installed.`,
    );
  }
}
