/**
 * Reads the facts of an uploaded Dataverse solution zip (issue #9): `solution.xml`'s
 * `ImportExportXml@SolutionPackageVersion`, `SolutionManifest/Version`, `Managed` and `UniqueName`. Only the
 * reading lives here; whether the package fits the release is license-core's `checkSolutionPackage`.
 *
 * The zip is untrusted, so it is read with the limits of zip-limits.ts (decision U22), and solution.xml itself is
 * inflated as a stream that is cut at `maxSolutionXmlBytes` whatever its header claims. Nothing but solution.xml is
 * ever inflated.
 */
import { promises as fs } from 'node:fs';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { SolutionPackageInfo } from '../store/store';
import { DEFAULT_ZIP_LIMITS, inflateCapped, openLimitedZip, ZipArtifactError, type ZipLimits } from './zip-limits';

export class SolutionPackageError extends ZipArtifactError {
  constructor(message: string) {
    super(message);
    this.name = 'SolutionPackageError';
  }
}

export interface SolutionPackageLimits extends ZipLimits {
  maxSolutionXmlBytes: number;
}

export const DEFAULT_SOLUTION_LIMITS: SolutionPackageLimits = { ...DEFAULT_ZIP_LIMITS, maxSolutionXmlBytes: 8 * 1024 * 1024 };
const fail = (message: string): Error => new SolutionPackageError(message);

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
export async function readSolutionPackage(bytes: Buffer, limits: SolutionPackageLimits = DEFAULT_SOLUTION_LIMITS): Promise<SolutionPackageInfo> {
  const entries = await openLimitedZip(bytes, limits, fail);
  const solutionXml = entries.find((e) => !e.dir && e.name.toLowerCase() === 'solution.xml');
  if (!solutionXml) throw new SolutionPackageError('the zip has no solution.xml at its root: not a Dataverse solution export');
  const xml = await inflateCapped(solutionXml, limits.maxSolutionXmlBytes, 'solution.xml', fail);
  return parseSolutionXml(xml.toString('utf8').replace(/^\uFEFF/, ''));
}

/** Reads the zip at `file` (an upload in the artifact store's scratch folder, bounded by the upload limit). */
export async function readSolutionPackageFile(file: string, limits: SolutionPackageLimits = DEFAULT_SOLUTION_LIMITS): Promise<SolutionPackageInfo> {
  return readSolutionPackage(await fs.readFile(file), limits);
}
