/**
 * Reading an untrusted zip with limits (decision U22), shared by the Dataverse solution reader (solution-package.ts)
 * and the Odoo module reader (odoo-module.ts, decision U80): at most `maxEntries` entries, no entry declaring more
 * than `maxEntryBytes` uncompressed, no more than `maxTotalBytes` in all, no entry inflating more than `maxRatio`
 * times its compressed size (a zip bomb). Only the central directory is read here; an entry is inflated only through
 * `inflateCapped`, which stops at a cap whatever the entry's header claims.
 */
import JSZip from 'jszip';

/** Any refusal of an uploaded zip artifact; the message is for the vendor. */
export class ZipArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipArtifactError';
  }
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // Deflate cannot do better than about 1032:1; XML compresses to 20:1 at most in practice. Small entries are
  // not judged (a 100-byte file of spaces is harmless).
  maxRatio: 200,
};
const RATIO_FLOOR_BYTES = 1024 * 1024;

interface EntrySizes {
  compressedSize: number;
  uncompressedSize: number;
}

/** JSZip keeps the central directory's sizes on the (untyped) `_data` of each entry. */
function sizesOf(entry: JSZip.JSZipObject): EntrySizes | undefined {
  const data = (entry as unknown as { _data?: Partial<EntrySizes> })._data;
  if (!data || typeof data.compressedSize !== 'number' || typeof data.uncompressedSize !== 'number') return undefined;
  return { compressedSize: data.compressedSize, uncompressedSize: data.uncompressedSize };
}

/** The uncompressed size an entry's header declares (0 for a folder). */
export function declaredSize(entry: JSZip.JSZipObject): number {
  return sizesOf(entry)?.uncompressedSize ?? 0;
}

/** A size for a message: MiB from 1 MiB up, KiB below. */
export const mib = (n: number): string => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${Math.round(n / 1024)} KiB`);

export type Fail = (message: string) => Error;
const asZipError: Fail = (message) => new ZipArtifactError(message);

/**
 * Opens a zip held in memory and checks every entry's declared sizes against the limits. Returns its entries
 * (folders included), nothing inflated. `fail` makes the error thrown (each reader has its own error class).
 */
export async function openLimitedZip(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS, fail: Fail = asZipError): Promise<JSZip.JSZipObject[]> {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw fail('the artifact is not a zip file');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (error) {
    throw fail(`the zip cannot be read: ${(error as Error).message}`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) throw fail(`the zip has ${entries.length} entries, more than the ${limits.maxEntries} allowed`);
  let total = 0;
  for (const entry of entries) {
    if (entry.dir) continue;
    const sizes = sizesOf(entry);
    if (!sizes) throw fail(`the zip entry ${entry.name.slice(0, 100)} has no sizes`);
    if (sizes.uncompressedSize > limits.maxEntryBytes) {
      throw fail(`the zip entry ${entry.name.slice(0, 100)} inflates to ${mib(sizes.uncompressedSize)}, more than ${mib(limits.maxEntryBytes)}`);
    }
    if (sizes.uncompressedSize > RATIO_FLOOR_BYTES && sizes.uncompressedSize > limits.maxRatio * Math.max(sizes.compressedSize, 1)) {
      throw fail(`the zip entry ${entry.name.slice(0, 100)} inflates ${Math.round(sizes.uncompressedSize / Math.max(sizes.compressedSize, 1))} times its size; refused (zip bomb?)`);
    }
    total += sizes.uncompressedSize;
    if (total > limits.maxTotalBytes) throw fail(`the zip inflates to more than ${mib(limits.maxTotalBytes)} in all`);
  }
  return entries;
}

/** JSZip's StreamHelper (documented as `internalStream`, missing from its typings). */
interface InternalStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): InternalStream;
  on(event: 'error', fn: (error: Error) => void): InternalStream;
  on(event: 'end', fn: () => void): InternalStream;
  pause(): InternalStream;
  resume(): InternalStream;
}

/**
 * Inflates one entry chunk by chunk (JSZip's worker inflates in bounded chunks) and stops the worker as soon as
 * more than `cap` bytes came out, so a header that lies about the size cannot make us hold more than that.
 * `label` names the entry in the error (`solution.xml`, `__manifest__.py`).
 */
export async function inflateCapped(entry: JSZip.JSZipObject, cap: number, label: string, fail: Fail = asZipError): Promise<Buffer> {
  const declared = declaredSize(entry);
  if (declared > cap) throw fail(`${label} inflates to ${mib(declared)}, more than ${mib(cap)}`);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const helper = (entry as unknown as { internalStream(type: 'uint8array'): InternalStream }).internalStream('uint8array');
    helper
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        total += chunk.length;
        if (total > cap) {
          done = true;
          helper.pause(); // no further chunks are inflated; the worker is dropped with this closure
          chunks.length = 0;
          reject(fail(`${label} inflates to more than ${mib(cap)}; refused (zip bomb?)`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error: Error) => {
        if (done) return;
        done = true;
        reject(fail(`${label} cannot be inflated: ${error.message}`));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}
