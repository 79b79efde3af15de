/**
 * `restoreBackup`: a backup archive (archive.ts) into a new data directory (issue #16, decisions U54–U55).
 * The archive is extracted into a temporary sibling of the target; only once every check passed is that directory
 * renamed into place, so a refused or failed restore leaves nothing behind. The checks, in order:
 * 1. the file is a whole tar of the names the format allows (anything else, or an early end: unreadable/corrupt);
 * 2. the passphrase is the archive's (manifest kdf check), then the manifest's MAC verifies (else: tampered);
 * 3. the format and the store's schema version are ones this server reads (a newer schema is refused);
 * 4. every file matches its size and sha256 in the manifest, no file is missing or extra;
 * 5. the private files decrypt, and the store snapshot passes quick_check and names the artifacts the archive holds.
 * An archive of a PostgreSQL store (decision U70) needs --database, an empty database (no table in its public schema):
 * after every check above, pg_restore loads it in one transaction, its facts are checked as step 5 checks a SQLite
 * snapshot, and only then is the directory renamed into place; a failure after pg_restore empties the database again.
 * Keys are written with mode 0600 in keys/ (0700); a `.gitignore` like init's keeps the directory out of git.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar-stream';
import { SQLITE_MIGRATIONS } from '../store/migrations';
import { isPostgresUrl } from '../store/open-store';
import { POSTGRES_MIGRATIONS } from '../store/postgres-migrations';
import { emptyPublicSchema, publicTables, restorePostgres } from '../store/postgres/backup';
import { snapshotFacts, type SnapshotFacts } from '../store/sqlite/backup';
import { artifactDigestOf, artifactEntry, isDataEntry, MAC_ENTRY, MANIFEST_ENTRY, parseManifest, PRIVATE_FILES, requiredFiles, sha256Of, STORE_ENTRY, storeOf, type Manifest } from './archive';
import { BackupError } from './errors';
import { archiveKeysFor, decryptFile, macMatches } from './passphrase-key';

export interface RestoreOptions {
  /** The archive made by backupDataDir. */
  file: string;
  /** The new data directory: absent or empty. */
  dataDir: string;
  passphrase: string | undefined;
  /** An empty PostgreSQL database to restore an archive of a PostgreSQL store into (decision U70). */
  database?: string;
}

export interface RestoreResult {
  dataDir: string;
  store: 'sqlite' | 'postgres';
  createdAt: string;
  schemaVersion: number;
  vendorId: string;
  files: number;
  artifacts: number;
}

const MAX_SMALL_ENTRY = 16 * 1024 * 1024;
const GITIGNORE = '# crm-assurance data: keys, the store and artifacts; never commit it\n*\n';

const corrupt = (file: string, what: string): BackupError => new BackupError('archive_corrupt', 'file', `${file}: the archive is corrupt: ${what}`);

async function readSmall(entry: AsyncIterable<Buffer>, name: string, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    size += chunk.length;
    if (size > MAX_SMALL_ENTRY) throw corrupt(file, `${name} is larger than any backup writes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function writeSynced(file: string, data: Buffer | string, mode: number): Promise<void> {
  const handle = await fs.open(file, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.chmod(file, mode);
}

interface Extracted {
  stored: Map<string, { size: number; sha256: string }>;
  privateFiles: Map<string, Buffer>;
  manifest?: Buffer;
  mac?: Buffer;
}

/** Streams the archive's entries: public files straight into `staging`, private ones and the manifest into memory. */
async function extractInto(file: string, staging: string): Promise<Extracted> {
  const result: Extracted = { stored: new Map(), privateFiles: new Map() };
  const extract = tar.extract();
  const source = createReadStream(file);
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const body = entry as AsyncIterable<Buffer>;
      if (type !== 'file') throw corrupt(file, `it holds ${name}, which is not a regular file`);
      if (name === MANIFEST_ENTRY || name === MAC_ENTRY) {
        if ((name === MANIFEST_ENTRY ? result.manifest : result.mac) !== undefined) throw corrupt(file, `it holds ${name} twice`);
        const data = await readSmall(body, name, file);
        if (name === MANIFEST_ENTRY) result.manifest = data;
        else result.mac = data;
        continue;
      }
      if (!isDataEntry(name)) throw corrupt(file, `it holds ${JSON.stringify(name)}, a file no backup contains`);
      if (result.stored.has(name)) throw corrupt(file, `it holds ${name} twice`);
      if (PRIVATE_FILES.includes(name)) {
        const data = await readSmall(body, name, file);
        result.privateFiles.set(name, data);
        result.stored.set(name, { size: data.length, sha256: sha256Of(data) });
        continue;
      }
      const target = path.join(staging, ...name.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true, mode: name.startsWith('keys/') ? 0o700 : 0o755 });
      const hash = createHash('sha256');
      let size = 0;
      const handle = await fs.open(target, 'wx', 0o644);
      try {
        for await (const chunk of body) {
          hash.update(chunk);
          size += chunk.length;
          await handle.write(chunk);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      result.stored.set(name, { size, sha256: hash.digest('hex') });
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES') throw new BackupError('archive_unreadable', 'file', `${file}: cannot read the archive (${e.code})`);
    throw new BackupError('archive_unreadable', 'file', `${file}: not a readable backup archive: it is truncated or damaged (not a complete tar file)`);
  } finally {
    source.destroy();
  }
  return result;
}

/** Every check after extraction; returns the authentic manifest. */
async function verify(file: string, passphrase: string, extracted: Extracted): Promise<{ manifest: Manifest; encryptionKey: Buffer }> {
  if (!extracted.manifest || !extracted.mac) throw corrupt(file, `it ends before its ${extracted.manifest ? MAC_ENTRY : MANIFEST_ENTRY} (truncated?)`);
  const manifest = parseManifest(extracted.manifest);
  const keys = await archiveKeysFor(passphrase, manifest.kdf);
  if (!macMatches(keys.macKey, extracted.manifest, extracted.mac.toString('utf8'))) {
    throw new BackupError('manifest_tampered', 'file', `${file}: the archive was tampered with: its manifest does not carry the MAC the backup wrote (the manifest was changed after the backup)`);
  }
  const known = storeOf(manifest) === 'postgres' ? POSTGRES_MIGRATIONS.length : SQLITE_MIGRATIONS.length;
  if (manifest.schemaVersion > known) {
    throw new BackupError(
      'newer_schema',
      'file',
      `${file}: the archive holds a store of schema version ${manifest.schemaVersion}, newer than this server's (${known}); restore it with the assurance-server version that made it, or a newer one`,
    );
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const stored = extracted.stored.get(f.path);
    if (!stored) throw corrupt(file, `its manifest lists ${f.path}, which the archive does not hold (truncated?)`);
    if (stored.size !== f.size || stored.sha256 !== f.sha256) throw new BackupError('checksum_mismatch', 'file', `${file}: the archive is damaged: ${f.path} does not match its checksum in the manifest`);
    if (f.encrypted !== PRIVATE_FILES.includes(f.path)) throw corrupt(file, `${f.path} is ${f.encrypted ? '' : 'not '}encrypted`);
    const digest = artifactDigestOf(f.path);
    if (digest !== undefined && digest !== f.sha256) throw corrupt(file, `artifact ${f.path} does not hash to its name`);
  }
  for (const name of extracted.stored.keys()) if (!listed.has(name)) throw corrupt(file, `it holds ${name}, which its manifest does not list`);
  const store = storeOf(manifest);
  for (const name of requiredFiles(store)) if (!listed.has(name)) throw corrupt(file, `it lacks ${name}`);
  const other = STORE_ENTRY[store === 'sqlite' ? 'postgres' : 'sqlite'];
  if (listed.has(other)) throw corrupt(file, `its manifest says the store is ${store}, yet it holds ${other}`);
  return { manifest, encryptionKey: keys.encryptionKey };
}

/** U70: a restore never writes into a database that holds tables (it would mix two stores). */
async function refuseNonEmpty(database: string): Promise<void> {
  let tables: string[];
  try {
    tables = await publicTables(database);
  } catch (error) {
    throw new BackupError('database_tool_failed', 'database', `--database: cannot connect to the database: ${(error as Error).message}`);
  }
  if (tables.length > 0) {
    throw new BackupError('database_not_empty', 'database', `--database: the database is not empty (its public schema has ${tables.length} tables: ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''}); restore into a new, empty database`);
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  if (options.passphrase === undefined || options.passphrase === '') {
    throw new BackupError('passphrase_missing', 'passphrase', '--passphrase: the passphrase of the backup is required (prefer the environment variable ASSURANCE_BACKUP_PASSPHRASE: a command line shows in `ps`)');
  }
  const file = options.file;
  const target = path.resolve(options.dataDir);
  if (existsSync(target)) {
    const stat = await fs.stat(target);
    if (!stat.isDirectory()) throw new BackupError('target_not_empty', 'data', `--data: ${options.dataDir} is a file; restore into a new or empty directory`);
    const entries = await fs.readdir(target);
    if (entries.length > 0) {
      throw new BackupError('target_not_empty', 'data', `--data: ${options.dataDir} is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); restore into a new or empty directory`);
    }
  }
  const database = options.database;
  if (database !== undefined) {
    if (!isPostgresUrl(database)) throw new BackupError('database_required', 'database', '--database: not a postgres:// URL (the empty PostgreSQL database to restore an archive of a PostgreSQL store into)');
    await refuseNonEmpty(database);
  }
  const archiveStat = await fs.stat(file).catch(() => undefined);
  if (!archiveStat?.isFile()) throw new BackupError('archive_unreadable', 'file', `${file}: no such archive file`);

  const parent = path.dirname(target);
  const createdParent = await fs.mkdir(parent, { recursive: true });
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(target)}.restore-`));
  /** Set once pg_restore ran: a later failure empties this database again. */
  let restoredInto: string | undefined;
  try {
    const extracted = await extractInto(file, staging);
    const { manifest, encryptionKey } = await verify(file, options.passphrase, extracted);
    await fs.mkdir(path.join(staging, 'keys'), { recursive: true, mode: 0o700 });
    await fs.chmod(path.join(staging, 'keys'), 0o700);
    for (const [name, stored] of extracted.privateFiles) {
      const plain = decryptFile(encryptionKey, name, stored);
      if (!plain) throw new BackupError('manifest_tampered', 'file', `${file}: the archive was tampered with: ${name} does not decrypt`);
      await writeSynced(path.join(staging, ...name.split('/')), plain, 0o600);
    }
    const store = storeOf(manifest);
    if (store === 'postgres' && database === undefined) {
      throw new BackupError('database_required', 'database', `--database: ${file} holds a PostgreSQL store; give the postgres:// URL of an empty database to restore it into`);
    }
    if (store === 'sqlite' && database !== undefined) {
      throw new BackupError('database_not_wanted', 'database', `--database: ${file} holds a SQLite store, which is restored into the data directory; restore it without --database`);
    }
    let facts: SnapshotFacts;
    if (database !== undefined) {
      const dump = path.join(staging, STORE_ENTRY.postgres);
      await refuseNonEmpty(database);
      try {
        restoredInto = database;
        facts = await restorePostgres(database, dump);
      } catch (error) {
        throw new BackupError('database_tool_failed', 'database', `--database: the PostgreSQL store could not be restored: ${(error as Error).message}`);
      }
      await fs.rm(dump);
    } else {
      try {
        facts = snapshotFacts(path.join(staging, STORE_ENTRY.sqlite));
      } catch (error) {
        throw corrupt(file, `its store is not a sound SQLite database (${(error as Error).message})`);
      }
    }
    if (facts.schemaVersion !== manifest.schemaVersion || facts.vendorId !== manifest.vendorId) {
      throw corrupt(file, `its store is of schema ${facts.schemaVersion} and vendor ${String(facts.vendorId)}, its manifest says ${manifest.schemaVersion} and ${manifest.vendorId}`);
    }
    const missing = facts.artifacts.find((a) => !extracted.stored.has(artifactEntry(a.sha256)));
    if (missing) throw corrupt(file, `release ${missing.release} points at artifact ${missing.sha256}, which the archive does not hold`);
    await fs.mkdir(path.join(staging, 'artifacts', 'sha256'), { recursive: true });
    await writeSynced(path.join(staging, '.gitignore'), GITIGNORE, 0o644);

    if (existsSync(target)) await fs.rmdir(target);
    await fs.rename(staging, target);
    const dir = await fs.open(parent, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return {
      dataDir: target,
      store: storeOf(manifest),
      createdAt: manifest.createdAt,
      schemaVersion: manifest.schemaVersion,
      vendorId: manifest.vendorId,
      files: manifest.files.length,
      artifacts: new Set(facts.artifacts.map((a) => a.sha256)).size,
    };
  } catch (error) {
    // Best effort: the refusal below is the error to report even if the database cannot be reached now.
    if (restoredInto !== undefined) await emptyPublicSchema(restoredInto).catch(() => undefined);
    await fs.rm(staging, { recursive: true, force: true });
    if (createdParent) await fs.rm(createdParent, { recursive: true, force: true });
    throw error;
  }
}
