/**
 * Reads a Dataverse solution zip as the import does: solution.xml (unique name, version, managed),
 * customizations.xml (web resources: name → file), environment variable definitions.
 */
import JSZip from 'jszip';

export interface SolutionPackage {
  uniqueName: string;
  friendlyName: string;
  version: string;
  managed: boolean;
  webResources: Map<string, Buffer>;
  environmentVariables: Array<{ schemaName: string; defaultValue?: string }>;
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();

export class PackageError extends Error {}

export async function readSolutionPackage(bytes: Buffer): Promise<SolutionPackage> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new PackageError('The import file is not a valid solution package (not a zip file).');
  }
  const solutionXml = await zip.file('solution.xml')?.async('string');
  if (!solutionXml) throw new PackageError('The import file is not a valid solution package: solution.xml is missing.');
  const uniqueName = tag(solutionXml, 'UniqueName');
  const version = tag(solutionXml, 'Version');
  if (!uniqueName || !version || !/^\d+(\.\d+){1,3}$/.test(version)) throw new PackageError('solution.xml has no valid UniqueName and Version.');
  const friendlyName = /<LocalizedName description="([^"]*)"/.exec(solutionXml)?.[1] ?? uniqueName;
  const managed = tag(solutionXml, 'Managed') === '1';

  const webResources = new Map<string, Buffer>();
  const customizations = (await zip.file('customizations.xml')?.async('string')) ?? '';
  for (const block of customizations.match(/<WebResource>[\s\S]*?<\/WebResource>/g) ?? []) {
    const name = tag(block, 'Name');
    const fileName = tag(block, 'FileName');
    const file = fileName ? zip.file(fileName.replace(/^\//, '')) : null;
    if (!name || !file) throw new PackageError(`customizations.xml names a web resource whose file is missing (${name ?? '?'}).`);
    webResources.set(name, await file.async('nodebuffer'));
  }

  const environmentVariables: SolutionPackage['environmentVariables'] = [];
  for (const file of zip.file(/^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/)) {
    const xml = await file.async('string');
    const schemaName = /schemaname="([^"]+)"/.exec(xml)?.[1];
    if (!schemaName) continue;
    const defaultValue = tag(xml, 'defaultvalue');
    environmentVariables.push({ schemaName, ...(defaultValue ? { defaultValue } : {}) });
  }
  return { uniqueName, friendlyName, version, managed, webResources, environmentVariables };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
