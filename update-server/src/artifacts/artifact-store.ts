/**
 * Release artifacts in a content-addressed folder: `<root>/sha256/<2 hex>/<64 hex>`. A file is written to a
 * temporary name in `<root>/tmp`, fsynced, renamed into place and its directory fsynced, all BEFORE the
 * release row is committed; so a crash never leaves a row pointing at a half file. A file whose row never got
 * committed is harmless (nothing points at it; a later identical upload reuses it).
 *
 * No name from a client ever reaches the file system: files are addressed only by their own sha256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import type { ReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredArtifact {
  sha256: string;
  size: number;
}

export interface ArtifactStore {
  /** Streams `source` into the store; returns its sha256 and size once the file is durable. */
  put(source: Readable): Promise<StoredArtifact>;
  /** Moves a file that is already on disk (an upload's temporary file) into the store. */
  putFile(file: string): Promise<StoredArtifact>;
  has(sha256: string): Promise<boolean>;
  /** Where the file of `sha256` lives, relative to the store's root (`sha256/ab/ab…`): for a web server's alias. */
  relativePath(sha256: string): string;
  size(sha256: string): Promise<number>;
  open(sha256: string, range?: { start: number; end: number }): ReadStream;
  /** The store's own scratch folder (uploads land here first). */
  readonly tmpDir: string;
  /** Scratch files a previous process left behind (removed when the store was opened with `cleanScratch`). */
  readonly scratchRemoved: { files: number; bytes: number };
}

async function fsyncPath(target: string, flags: string): Promise<void> {
  const handle = await fs.open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Opens the artifact store under `root`. With `cleanScratch` (the server does this once at start; one server per
 * data directory) every file in the scratch folder is removed: at start no upload is in flight, so each one is a
 * leftover of a process killed mid-upload, which no release row points at (decision U3).
 */
export async function createArtifactStore(root: string, options: { cleanScratch?: boolean } = {}): Promise<ArtifactStore> {
  const objects = path.join(root, 'sha256');
  const tmpDir = path.join(root, 'tmp');
  await fs.mkdir(objects, { recursive: true });
  await fs.mkdir(tmpDir, { recursive: true });
  const scratchRemoved = { files: 0, bytes: 0 };
  if (options.cleanScratch) {
    for (const entry of await fs.readdir(tmpDir, { withFileTypes: true })) {
      const file = path.join(tmpDir, entry.name);
      const stat = await fs.lstat(file);
      await fs.rm(file, { recursive: true, force: true });
      scratchRemoved.files += 1;
      scratchRemoved.bytes += stat.isFile() ? stat.size : 0;
    }
  }

  const location = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256)) throw new Error('artifact: not a sha256');
    return path.join(objects, sha256.slice(0, 2), sha256);
  };

  async function commit(tempFile: string, sha256: string, size: number): Promise<StoredArtifact> {
    const target = location(sha256);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const existing = await fs.stat(target).catch(() => undefined);
    if (existing && existing.size === size) {
      await fs.rm(tempFile, { force: true });
      return { sha256, size };
    }
    await fsyncPath(tempFile, 'r');
    await fs.rename(tempFile, target);
    await fsyncPath(dir, 'r');
    await fsyncPath(objects, 'r');
    return { sha256, size };
  }

  async function hashFile(file: string): Promise<StoredArtifact> {
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(createReadStream(file), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
      }
      yield* [];
    });
    return { sha256: hash.digest('hex'), size };
  }

  return {
    tmpDir,
    scratchRemoved,
    relativePath: (sha256) => path.relative(root, location(sha256)).split(path.sep).join('/'),
    async put(source) {
      const tempFile = path.join(tmpDir, `put-${randomBytes(12).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      try {
        await pipeline(source, counter, createWriteStream(tempFile, { flags: 'wx', mode: 0o644 }));
        return await commit(tempFile, hash.digest('hex'), size);
      } catch (error) {
        await fs.rm(tempFile, { force: true });
        throw error;
      }
    },
    async putFile(file) {
      const resolved = path.resolve(file);
      if (path.dirname(resolved) !== path.resolve(tmpDir)) throw new Error('artifact: putFile only takes files from the scratch folder');
      try {
        const { sha256, size } = await hashFile(resolved);
        return await commit(resolved, sha256, size);
      } catch (error) {
        await fs.rm(resolved, { force: true });
        throw error;
      }
    },
    async has(sha256) {
      return fs
        .stat(location(sha256))
        .then((s) => s.isFile())
        .catch(() => false);
    },
    async size(sha256) {
      return (await fs.stat(location(sha256))).size;
    },
    open(sha256, range) {
      return createReadStream(location(sha256), range ? { start: range.start, end: range.end } : {});
    },
  };
}
