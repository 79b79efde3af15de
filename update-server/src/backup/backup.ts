/**
 * `backupDataDir`: an online backup of a data directory into one archive (issue #16, decisions U52–U54; the format
 * is described in archive.ts). Safe while a server serves the same directory:
 * 1. the store first, through SQLite's online backup API (store/sqlite/backup.ts): one consistent instant; or, for a
 *    store in PostgreSQL (--database), pg_dump of an exported snapshot (store/postgres/backup.ts, decision U70);
 * 2. the key material, the signing key and certificate checked to belong together (a rotation may be under way);
 * 3. every artifact the snapshot's releases point at. Artifacts are immutable and written before their release row
 *    commits (decision U3), so each one the snapshot names is on disk; one that is not is an error naming it.
 *    Files no snapshot row points at (uploads after the snapshot, leftovers) and artifacts/tmp are skipped.
 * The archive is written to `FILE.tmp`, fsynced and renamed to FILE; an existing FILE is never overwritten.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar-stream';
import { dataPaths } from '../config';
import { isPostgresUrl } from '../store/open-store';
import { dumpPostgres } from '../store/postgres/backup';
import { snapshotSqlite, type SnapshotFacts } from '../store/sqlite/backup';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, artifactEntry, STORE_ENTRY, MAC_ENTRY, MANIFEST_ENTRY, PRIVATE_FILES, sha256Of, type Manifest, type ManifestFile } from './archive';
import { BackupError } from './errors';
import { checkPassphrase, encryptFile, manifestMac, newArchiveKeys } from './passphrase-key';

export interface BackupOptions {
  dataDir: string;
  /** The archive to create; must not exist. */
  to: string;
  passphrase: string | undefined;
  /** The postgres:// URL the data directory was initialised with (decision U70); absent: its SQLite file. */
  database?: string;
  now?: Date;
}

export interface BackupResult {
  file: string;
  createdAt: string;
  store: 'sqlite' | 'postgres';
  schemaVersion: number;
  vendorId: string;
  files: number;
  artifacts: number;
  bytes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function spkiOf(pem: string, kind: 'key' | 'cert'): Buffer {
  const key = kind === 'key' ? createPublicKey(createPrivateKey(pem)) : new X509Certificate(pem).publicKey;
  return key.export({ type: 'spki', format: 'der' });
}

/** The files of keys/ and root.pem, relative path → bytes; the signing key and certificate are read as a pair. */
async function readKeyMaterial(dataDir: string): Promise<Map<string, Buffer>> {
  const paths = dataPaths(dataDir);
  const rel = (file: string): string => path.relative(path.resolve(dataDir), file).split(path.sep).join('/');
  const optional = (file: string): Promise<Buffer | undefined> => fs.readFile(file).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  const files = new Map<string, Buffer>();
  // A rotation renames the new key, then the new certificate (decision U38): read until both are of one pair.
  for (let attempt = 1; ; attempt += 1) {
    const [key, cert] = await Promise.all([fs.readFile(paths.signingKey), fs.readFile(paths.signingCert)]);
    if (spkiOf(key.toString('utf8'), 'key').equals(spkiOf(cert.toString('utf8'), 'cert'))) {
      files.set(rel(paths.signingKey), key);
      files.set(rel(paths.signingCert), cert);
      break;
    }
    if (attempt === 5) throw new BackupError('keys_inconsistent', 'data', `--data: ${paths.signingKey} and ${paths.signingCert} do not belong together; finish the rotation (start the server once) and back up again`);
    await sleep(200);
  }
  files.set(rel(paths.rootCert), await fs.readFile(paths.rootCert));
  files.set(rel(paths.downloadSecret), await fs.readFile(paths.downloadSecret));
  for (const file of [paths.rootKey, paths.revokedCerts]) {
    const data = await optional(file);
    if (data) files.set(rel(file), data);
  }
  const retired = existsSync(paths.retiredCerts) ? (await fs.readdir(paths.retiredCerts)).filter((f) => /^[0-9a-f]{1,40}\.pem$/.test(f)).sort() : [];
  for (const f of retired) files.set(rel(path.join(paths.retiredCerts, f)), await fs.readFile(path.join(paths.retiredCerts, f)));
  return files;
}

export async function backupDataDir(options: BackupOptions): Promise<BackupResult> {
  const passphrase = checkPassphrase(options.passphrase);
  const paths = dataPaths(options.dataDir);
  const database = options.database;
  if (database !== undefined && !isPostgresUrl(database)) throw new BackupError('database_required', 'database', '--database: not a postgres:// URL (a SQLite data directory is backed up without --database)');
  if (database === undefined && !existsSync(paths.database)) {
    // U70: a directory initialised with --database has its keys but no SQLite file; its store is elsewhere.
    if (existsSync(paths.signingKey)) throw new BackupError('database_required', 'database', `--database: ${options.dataDir} keeps its store in PostgreSQL (it has keys but no ${paths.database}); give the postgres:// URL it was initialised with (--database or ASSURANCE_DATABASE)`);
    throw new BackupError('not_initialised', 'data', `--data: ${options.dataDir} is not an initialised data directory (no ${paths.database})`);
  }
  if (database !== undefined && !existsSync(paths.signingKey)) throw new BackupError('not_initialised', 'data', `--data: ${options.dataDir} is not an initialised data directory (no ${paths.signingKey})`);
  const store = database === undefined ? 'sqlite' : 'postgres';
  const target = path.resolve(options.to);
  if (existsSync(target)) throw new BackupError('target_exists', 'to', `--to: ${options.to} exists already; a backup never overwrites a file (choose a new name)`);
  if (!existsSync(path.dirname(target))) throw new BackupError('target_dir_missing', 'to', `--to: the directory ${path.dirname(target)} does not exist`);
  const tmp = `${target}.tmp`;
  const createdAt = (options.now ?? new Date()).toISOString();
  const mtime = new Date(createdAt);

  const keys = await newArchiveKeys(passphrase);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'assurance-backup-'));
  let out: fs.FileHandle | undefined;
  let tmpCreated = false;
  let pack: tar.Pack | undefined;
  try {
    // 1. The store, first: the artifacts to include are the ones this snapshot's releases point at.
    const snapshotFile = path.join(scratch, STORE_ENTRY[store]);
    let snapshot: SnapshotFacts;
    if (database === undefined) snapshot = await snapshotSqlite(paths.database, snapshotFile);
    else {
      try {
        snapshot = await dumpPostgres(database, snapshotFile);
      } catch (error) {
        throw new BackupError('database_tool_failed', 'database', `--database: the PostgreSQL store could not be dumped: ${(error as Error).message}`);
      }
    }
    if (!snapshot.vendorId) throw new BackupError('not_initialised', 'data', `--data: ${options.dataDir} has no vendor settings`);
    // 2. The keys.
    const keyFiles = await readKeyMaterial(options.dataDir);
    // 3. The artifacts, each checked to be on disk before anything is written.
    const artifacts = new Map<string, { size: number; release: string }>();
    for (const a of snapshot.artifacts) if (!artifacts.has(a.sha256)) artifacts.set(a.sha256, { size: a.size, release: a.release });
    for (const [sha256, a] of artifacts) {
      const file = path.join(paths.artifacts, 'sha256', sha256.slice(0, 2), sha256);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) throw new BackupError('artifact_missing', 'data', `--data: release ${a.release} points at artifact ${sha256}, which is missing from ${path.dirname(file)}; put the file back (or restore it from an earlier backup) and back up again`);
      if (stat.size !== a.size) throw new BackupError('artifact_corrupt', 'data', `--data: artifact ${sha256} of release ${a.release} has ${stat.size} bytes, its release says ${a.size}`);
    }

    out = await fs.open(tmp, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') throw new BackupError('target_exists', 'to', `--to: ${tmp} exists (left by an interrupted backup?); remove it and run the backup again`);
      throw e;
    });
    tmpCreated = true;
    const handle = out;
    const packer = tar.pack();
    pack = packer;
    const writing = (async () => {
      let bytes = 0;
      for await (const chunk of packer as AsyncIterable<Buffer>) {
        await handle.write(chunk);
        bytes += chunk.length;
      }
      return bytes;
    })();
    // Keep a write failure from going unhandled while entries are still being added; it is awaited below.
    writing.catch(() => undefined);

    const listed: ManifestFile[] = [];
    const addBuffer = async (name: string, data: Buffer, encrypted: boolean): Promise<void> => {
      await new Promise<void>((resolve, reject) => {
        packer.entry({ name, size: data.length, mode: encrypted ? 0o600 : 0o644, mtime }, data, (error) => (error ? reject(error) : resolve()));
      });
      listed.push({ path: name, size: data.length, sha256: sha256Of(data), encrypted });
    };
    const addFile = async (name: string, file: string, size: number): Promise<string> => {
      const hash = createHash('sha256');
      let sink!: ReturnType<tar.Pack['entry']>;
      const written = new Promise<void>((resolve, reject) => {
        sink = packer.entry({ name, size, mode: 0o644, mtime }, (error) => (error ? reject(error) : resolve()));
      });
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        if (!sink.write(chunk)) await once(sink, 'drain');
      }
      sink.end(null);
      await written;
      const sha256 = hash.digest('hex');
      listed.push({ path: name, size, sha256, encrypted: false });
      return sha256;
    };

    await addFile(STORE_ENTRY[store], snapshotFile, (await fs.stat(snapshotFile)).size);
    for (const [name, data] of keyFiles) {
      const secret = PRIVATE_FILES.includes(name);
      await addBuffer(name, secret ? encryptFile(keys.encryptionKey, name, data) : data, secret);
    }
    for (const [sha256, a] of artifacts) {
      const actual = await addFile(artifactEntry(sha256), path.join(paths.artifacts, 'sha256', sha256.slice(0, 2), sha256), a.size);
      if (actual !== sha256) throw new BackupError('artifact_corrupt', 'data', `--data: artifact ${sha256} of release ${a.release} does not hash to its name (it hashes to ${actual}); the file on disk is damaged`);
    }
    const manifest: Manifest = { format: ARCHIVE_FORMAT, formatVersion: ARCHIVE_FORMAT_VERSION, createdAt, store, schemaVersion: snapshot.schemaVersion, vendorId: snapshot.vendorId, kdf: keys.kdf, files: listed };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await new Promise<void>((resolve, reject) => packer.entry({ name: MANIFEST_ENTRY, size: manifestBytes.length, mode: 0o644, mtime }, manifestBytes, (e) => (e ? reject(e) : resolve())));
    const mac = Buffer.from(`${manifestMac(keys.macKey, manifestBytes)}\n`, 'utf8');
    await new Promise<void>((resolve, reject) => packer.entry({ name: MAC_ENTRY, size: mac.length, mode: 0o644, mtime }, mac, (e) => (e ? reject(e) : resolve())));
    packer.finalize();
    const bytes = await writing;
    await handle.sync();
    await handle.close();
    out = undefined;
    if (existsSync(target)) throw new BackupError('target_exists', 'to', `--to: ${options.to} appeared while the backup ran; the backup is not written over it`);
    await fs.rename(tmp, target);
    tmpCreated = false;
    const dir = await fs.open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return { file: target, createdAt, store, schemaVersion: snapshot.schemaVersion, vendorId: snapshot.vendorId, files: listed.length, artifacts: artifacts.size, bytes };
  } catch (error) {
    pack?.destroy(error as Error);
    await out?.close().catch(() => undefined);
    if (tmpCreated) await fs.rm(tmp, { force: true });
    throw error;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
