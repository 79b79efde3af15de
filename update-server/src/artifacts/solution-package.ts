/**
 * Reads the facts of an uploaded Dataverse solution zip (issue #9): `solution.xml`'s
 * `ImportExportXml@SolutionPackageVersion`, `SolutionManifest/Version`, `Managed` and `UniqueName`. Only the
 * reading lives here; whether the package fits the release is license-core's `checkSolutionPackage`.
 *
 * The zip is untrusted, so it is read with limits (decision U22): at most `maxEntries` entries, no entry
 * declaring more than `maxEntryBytes` uncompressed, no more than `maxTotalBytes` in all, no entry inflating more
 * than `maxRatio` times its compressed size (a zip bomb), and solution.xml itself inflated as a stream that is cut
 * at `maxSolutionXmlBytes` whatever its header claims. Nothing but solution.xml is ever inflated.
 */
import { promises as fs } from 'node:fs';
import { DOMParser, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import type { SolutionPackageInfo } from '../store/store';

export class SolutionPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolutionPackageError';
  }
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  maxSolutionXmlBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // Deflate cannot do better than about 1032:1; XML compresses to 20:1 at most in practice. Small entries are
  // not judged (a 100-byte file of spaces is harmless).
  maxRatio: 200,
  maxSolutionXmlBytes: 8 * 1024 * 1024,
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

const mib = (n: number): string => `${Math.round(n / 1024 / 1024)} MiB`;

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
 */
async function inflateCapped(entry: JSZip.JSZipObject, cap: number): Promise<Buffer> {
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
          reject(new SolutionPackageError(`solution.xml inflates to more than ${mib(cap)}; refused (zip bomb?)`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error: Error) => {
        if (done) return;
        done = true;
        reject(new SolutionPackageError(`solution.xml cannot be inflated: ${error.message}`));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}

function child(parent: Element, name: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === name) return node as Element;
  }
  return undefined;
}

function parseSolutionXml(xml: string): SolutionPackageInfo {
  // solution.xml never has a document type; refusing one rules out entity expansion tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SolutionPackageError('solution.xml: a DOCTYPE or ENTITY declaration is not allowed');
  let root: Element | null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    throw new SolutionPackageError(`solution.xml is not well-formed XML: ${String((error as Error).message).split('\n')[0]}`);
  }
  if (!root || root.localName !== 'ImportExportXml') throw new SolutionPackageError('solution.xml: the root element is not ImportExportXml');
  const packageLine = root.getAttribute('SolutionPackageVersion')?.trim();
  if (!packageLine) throw new SolutionPackageError('solution.xml: ImportExportXml has no SolutionPackageVersion (the line the package was built for)');
  const manifest = child(root, 'SolutionManifest');
  if (!manifest) throw new SolutionPackageError('solution.xml: no SolutionManifest');
  const text = (name: string): string => {
    const value = child(manifest, name)?.textContent?.trim();
    if (!value) throw new SolutionPackageError(`solution.xml: SolutionManifest/${name} is missing or empty`);
    return value;
  };
  const uniqueName = text('UniqueName');
  const version = text('Version');
  const managedText = text('Managed');
  if (managedText !== '0' && managedText !== '1') {
    throw new SolutionPackageError(`solution.xml: SolutionManifest/Managed is "${managedText.slice(0, 20)}", expected 1 (managed) or 0 (unmanaged)`);
  }
  if (!/^\d{1,9}\.\d{1,9}(\.\d{1,9}){0,2}$/.test(packageLine)) {
    throw new SolutionPackageError(`solution.xml: SolutionPackageVersion "${packageLine.slice(0, 20)}" is not a version line such as 9.2`);
  }
  if (!/^\d{1,9}\.\d{1,9}(\.\d{1,9}){0,2}$/.test(version)) {
    throw new SolutionPackageError(`solution.xml: SolutionManifest/Version "${version.slice(0, 30)}" is not a version such as 1.5.0.0`);
  }
  const [major, minor] = packageLine.split('.');
  return { uniqueName, packageLine: `${Number(major)}.${Number(minor)}`, version, managed: managedText === '1' };
}

/** Reads solution.xml from a zip in memory. Throws SolutionPackageError with a message for the vendor. */
export async function readSolutionPackage(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SolutionPackageInfo> {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw new SolutionPackageError('the artifact is not a zip file');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (error) {
    throw new SolutionPackageError(`the zip cannot be read: ${(error as Error).message}`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) throw new SolutionPackageError(`the zip has ${entries.length} entries, more than the ${limits.maxEntries} allowed`);
  let total = 0;
  for (const entry of entries) {
    if (entry.dir) continue;
    const sizes = sizesOf(entry);
    if (!sizes) throw new SolutionPackageError(`the zip entry ${entry.name.slice(0, 100)} has no sizes`);
    if (sizes.uncompressedSize > limits.maxEntryBytes) {
      throw new SolutionPackageError(`the zip entry ${entry.name.slice(0, 100)} inflates to ${mib(sizes.uncompressedSize)}, more than ${mib(limits.maxEntryBytes)}`);
    }
    if (sizes.uncompressedSize > RATIO_FLOOR_BYTES && sizes.uncompressedSize > limits.maxRatio * Math.max(sizes.compressedSize, 1)) {
      throw new SolutionPackageError(`the zip entry ${entry.name.slice(0, 100)} inflates ${Math.round(sizes.uncompressedSize / Math.max(sizes.compressedSize, 1))} times its size; refused (zip bomb?)`);
    }
    total += sizes.uncompressedSize;
    if (total > limits.maxTotalBytes) throw new SolutionPackageError(`the zip inflates to more than ${mib(limits.maxTotalBytes)} in all`);
  }
  const solutionXml = entries.find((e) => !e.dir && e.name.toLowerCase() === 'solution.xml');
  if (!solutionXml) throw new SolutionPackageError('the zip has no solution.xml at its root: not a Dataverse solution export');
  const declared = sizesOf(solutionXml)!.uncompressedSize;
  if (declared > limits.maxSolutionXmlBytes) throw new SolutionPackageError(`solution.xml inflates to ${mib(declared)}, more than ${mib(limits.maxSolutionXmlBytes)}`);
  const xml = await inflateCapped(solutionXml, limits.maxSolutionXmlBytes);
  return parseSolutionXml(xml.toString('utf8').replace(/^\uFEFF/, ''));
}

/** Reads the zip at `file` (an upload in the artifact store's scratch folder, bounded by the upload limit). */
export async function readSolutionPackageFile(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SolutionPackageInfo> {
  return readSolutionPackage(await fs.readFile(file), limits);
}
