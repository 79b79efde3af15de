/**
 * The backup archive format (issue #16, decisions U52–U54), version 1. One uncompressed tar file (tar-stream) of
 * regular files only, named by their path inside a data directory:
 *
 *   assurance.sqlite                       the store, a snapshot taken with SQLite's online backup API, or
 *   assurance.pgdump                       the PostgreSQL store, pg_dump's custom format of one snapshot (U70)
 *   root.pem                               the vendor's root certificate (public)
 *   keys/signing-cert.pem                  the current signing certificate (public)
 *   keys/retired/<serial>.pem              certificates of rotated-out signing keys (public)
 *   keys/revoked.json                      the revoked signing certificates (public)
 *   keys/root-key.pem                      ENCRYPTED (absent when the vendor keeps the root key offline)
 *   keys/signing-key.pem                   ENCRYPTED
 *   keys/download-secret                   ENCRYPTED
 *   artifacts/sha256/<2 hex>/<64 hex>      every release file the snapshot's releases point at
 *   manifest.json                          second to last: what the archive holds (below)
 *   manifest.mac                           last: hex HMAC-SHA256 of manifest.json's exact bytes
 *
 * manifest.json: { format: "crm-assurance-backup", formatVersion: 1, createdAt, store ("sqlite" or "postgres";
 * absent in archives made before decision U70: sqlite), schemaVersion (the store's PRAGMA user_version, or
 * PostgreSQL's schema_version), vendorId, kdf: { name: "scrypt", salt, N, r, p, check }, files: [{ path, size, sha256,
 * encrypted }] }, where size and sha256 are those of the bytes stored in the archive (for an encrypted file, of
 * `iv || ciphertext || tag`; see passphrase-key.ts for the keys). The MAC covers the manifest, and the manifest
 * covers every file by its sha256, so a file changed together with its checksum is caught as a tampered manifest;
 * a file changed alone is caught by its checksum.
 */
import { createHash } from 'node:crypto';
import type { KdfParams } from './passphrase-key';
import { BackupError } from './errors';

export const ARCHIVE_FORMAT = 'crm-assurance-backup';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const MAC_ENTRY = 'manifest.mac';

/** The files restore writes with mode 0600, and which the archive holds only encrypted. */
export const PRIVATE_FILES: readonly string[] = ['keys/root-key.pem', 'keys/signing-key.pem', 'keys/download-secret'];
/** Which store an archive holds (decision U70); a manifest without `store` is of a SQLite store. */
export type StoreKind = 'sqlite' | 'postgres';
/** The archive entry of each store's snapshot. */
export const STORE_ENTRY: Readonly<Record<StoreKind, string>> = { sqlite: 'assurance.sqlite', postgres: 'assurance.pgdump' };
/** Without these a restored directory cannot start (besides the store's entry). */
const REQUIRED_KEY_FILES: readonly string[] = ['root.pem', 'keys/signing-cert.pem', 'keys/signing-key.pem', 'keys/download-secret'];
export function requiredFiles(store: StoreKind): string[] {
  return [STORE_ENTRY[store], ...REQUIRED_KEY_FILES];
}
/** The store of a manifest (absent: sqlite, the only store of archives made before decision U70). */
export function storeOf(manifest: Manifest): StoreKind {
  return manifest.store ?? 'sqlite';
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  encrypted: boolean;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Decision U70; absent = 'sqlite'. */
  store?: StoreKind;
  schemaVersion: number;
  vendorId: string;
  kdf: KdfParams;
  files: ManifestFile[];
}

const ENTRY_NAME = /^(assurance\.sqlite|assurance\.pgdump|root\.pem|keys\/(root-key\.pem|signing-key\.pem|signing-cert\.pem|revoked\.json|download-secret)|keys\/retired\/[0-9a-f]{1,40}\.pem|artifacts\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64}))$/;

/** Whether `name` is a path this format stores (the only names restore ever writes: no `..`, no absolute path). */
export function isDataEntry(name: string): boolean {
  const m = ENTRY_NAME.exec(name);
  if (!m) return false;
  return m[3] === undefined || m[4]!.startsWith(m[3]);
}

/** The sha256 an artifact entry is named by, or undefined for other entries. */
export function artifactDigestOf(name: string): string | undefined {
  return ENTRY_NAME.exec(name)?.[4];
}

export function artifactEntry(sha256: string): string {
  return `artifacts/sha256/${sha256.slice(0, 2)}/${sha256}`;
}

export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const corrupt = (what: string): BackupError => new BackupError('archive_corrupt', 'file', `the archive is corrupt: ${what}`);

/** Parses manifest.json (not yet authenticated: only its shape is checked here; the kdf block is needed to check the MAC). */
export function parseManifest(bytes: Buffer): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt('manifest.json is not JSON');
  }
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== ARCHIVE_FORMAT) throw corrupt('manifest.json is not a crm-assurance backup manifest');
  if (m.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new BackupError('unsupported_format', 'file', `the archive has format version ${String(m.formatVersion)}; this server reads version ${ARCHIVE_FORMAT_VERSION} (restore it with the server version that made it)`);
  }
  const k = m.kdf as Partial<KdfParams> | undefined;
  if (typeof k !== 'object' || k === null || typeof k.salt !== 'string' || typeof k.check !== 'string' || typeof k.N !== 'number' || typeof k.r !== 'number' || typeof k.p !== 'number') {
    throw corrupt('manifest.json has no key derivation block');
  }
  if (typeof m.createdAt !== 'string' || !Number.isInteger(m.schemaVersion) || typeof m.vendorId !== 'string' || !Array.isArray(m.files)) throw corrupt('manifest.json lacks createdAt, schemaVersion, vendorId or files');
  if (m.store !== undefined && m.store !== 'sqlite' && m.store !== 'postgres') throw corrupt(`manifest.json names a store this server does not know: ${JSON.stringify(m.store).slice(0, 40)}`);
  const seen = new Set<string>();
  for (const f of m.files as unknown[]) {
    const file = f as Partial<ManifestFile> | null;
    if (typeof file?.path !== 'string' || !isDataEntry(file.path) || !Number.isInteger(file.size) || typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256) || typeof file.encrypted !== 'boolean') {
      throw corrupt(`manifest.json lists a file it may not: ${JSON.stringify(f).slice(0, 200)}`);
    }
    if (seen.has(file.path)) throw corrupt(`manifest.json lists ${file.path} twice`);
    seen.add(file.path);
  }
  return m as Manifest;
}
