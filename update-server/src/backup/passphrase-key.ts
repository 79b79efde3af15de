/**
 * The keys of a backup archive, all derived from the vendor's passphrase (decision U53; node:crypto only):
 *
 *   master = scrypt(passphrase NFC, salt 16 random bytes, 32 bytes, N=2^15 r=8 p=1)
 *   encryption key  = HKDF-SHA256(master, salt, "crm-assurance backup v1 encryption")   AES-256-GCM of private files
 *   MAC key         = HKDF-SHA256(master, salt, "crm-assurance backup v1 manifest mac")  HMAC-SHA256 of manifest.json
 *   check           = HKDF-SHA256(master, salt, "crm-assurance backup v1 passphrase check"), stored in the manifest
 *
 * The check value lets restore tell a wrong passphrase (check differs) from a rewritten manifest (check matches,
 * MAC does not); it reveals no more than the MAC itself. An encrypted file is `iv (12) || ciphertext || tag (16)`,
 * with the file's archive path as additional data, so a file cannot be swapped for another of the same archive.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { BackupError } from './errors';

export interface KdfParams {
  name: 'scrypt';
  /** base64, 16 bytes. */
  salt: string;
  N: number;
  r: number;
  p: number;
  /** base64, 32 bytes: tells a wrong passphrase from a tampered manifest. */
  check: string;
}

export interface ArchiveKeys {
  kdf: KdfParams;
  encryptionKey: Buffer;
  macKey: Buffer;
}

/** Decision U53: shorter passphrases fall to guessing even through scrypt. */
export const MIN_PASSPHRASE_LENGTH = 12;
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 };
/** The most work a manifest may ask of restore (a forged N must not tie up the machine). */
const MAX_N = 2 ** 17;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function checkPassphrase(passphrase: string | undefined): string {
  if (passphrase === undefined || passphrase === '') {
    throw new BackupError('passphrase_missing', 'passphrase', '--passphrase: a passphrase is required (prefer the environment variable ASSURANCE_BACKUP_PASSPHRASE: a command line shows in `ps`)');
  }
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError('passphrase_too_short', 'passphrase', `--passphrase: use at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return passphrase;
}

function scryptAsync(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 16 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function subkey(master: Buffer, salt: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, `crm-assurance backup v1 ${purpose}`, 32));
}

async function keysOf(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<{ encryptionKey: Buffer; macKey: Buffer; check: Buffer }> {
  const master = await scryptAsync(passphrase, salt, cost);
  return { encryptionKey: subkey(master, salt, 'encryption'), macKey: subkey(master, salt, 'manifest mac'), check: subkey(master, salt, 'passphrase check') };
}

/** Fresh keys for a new archive (a new random salt each time). */
export async function newArchiveKeys(passphrase: string): Promise<ArchiveKeys> {
  const salt = randomBytes(16);
  const { encryptionKey, macKey, check } = await keysOf(passphrase, salt, DEFAULT_COST);
  return { kdf: { name: 'scrypt', salt: salt.toString('base64'), ...DEFAULT_COST, check: check.toString('base64') }, encryptionKey, macKey };
}

/** The keys of an existing archive from its manifest's kdf block; a wrong passphrase is refused here. */
export async function archiveKeysFor(passphrase: string, kdf: KdfParams): Promise<ArchiveKeys> {
  const salt = Buffer.from(kdf.salt, 'base64');
  const powerOfTwo = Number.isInteger(kdf.N) && kdf.N > 1 && (kdf.N & (kdf.N - 1)) === 0;
  if (kdf.name !== 'scrypt' || salt.length !== 16 || !powerOfTwo || kdf.N > MAX_N || kdf.r !== 8 || kdf.p !== 1) {
    throw new BackupError('archive_corrupt', 'file', 'the archive is corrupt: its manifest names key derivation parameters this server does not use');
  }
  const { encryptionKey, macKey, check } = await keysOf(passphrase, salt, kdf);
  const stored = Buffer.from(kdf.check, 'base64');
  if (stored.length !== check.length || !timingSafeEqual(stored, check)) {
    throw new BackupError('wrong_passphrase', 'passphrase', '--passphrase: wrong passphrase for this archive (it is not the one the backup was taken with)');
  }
  return { kdf, encryptionKey, macKey };
}

export function manifestMac(macKey: Buffer, manifest: Buffer): string {
  return createHmac('sha256', macKey).update(manifest).digest('hex');
}

export function macMatches(macKey: Buffer, manifest: Buffer, mac: string): boolean {
  const expected = Buffer.from(manifestMac(macKey, manifest), 'hex');
  const given = Buffer.from(mac.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function encryptFile(key: Buffer, archivePath: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(archivePath, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Undefined when the bytes are not what `encryptFile` made for this path with this key. */
export function decryptFile(key: Buffer, archivePath: string, stored: Buffer): Buffer | undefined {
  if (stored.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(archivePath, 'utf8'));
  decipher.setAuthTag(stored.subarray(stored.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(stored.subarray(IV_BYTES, stored.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
