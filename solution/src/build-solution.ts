/**
 * Builds the add-on into a Dataverse solution zip for one Dynamics 365 line, laid out as SolutionPackager packs one
 * (prefix = the vendor publisher's customization prefix):
 *
 *   [Content_Types].xml
 *   solution.xml
 *   customizations.xml                       (the state table, the web resources, the control where the line has PCF)
 *   Controls/<prefix>_CrmAssurance.LicenceBanner/{ControlManifest.xml, bundle.js, css/LicenceBanner.css}   (9.1, 9.2)
 *   WebResources/<prefix>_/<addonId>/{config.html, config.js, vendor.json}
 *
 * The zip is deterministic: fixed entry order, fixed timestamps, fixed compression; the same inputs give the same
 * bytes and therefore the same sha256.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { CONTROL, DEFAULT_SOLUTION } from './components';
import { contentTypesXml } from './content-types';
import { ensureControlBuild } from './control-build';
import { controlZipDir, customizationsXml, webResourceZipPath } from './customizations-xml';
import { componentNames } from './names';
import { LINES, parseLine } from './platform-lines';
import { solutionXml } from './solution-xml';
import { listFiles } from './source-hash';
import { vendorJson, VendorConfig, validateVendor } from './vendor-json';
import { configPageFiles } from './web-resources';
import { escapeXml } from './xml';
import { SolutionInputError, controlVersionFor, formatSolutionVersion, parseSolutionVersion } from './version';

export { SolutionInputError } from './version';
export type { VendorConfig } from './vendor-json';

export interface BuildSolutionOptions {
  /** Four-part solution version, e.g. 1.4.0.0. */
  version: string;
  /** The Dynamics 365 line the build is for (8.2, 9.0, 9.1, 9.2): package stamp, components and Web API version. */
  line: string;
  managed: boolean;
  vendor: VendorConfig;
  outDir: string;
  /** A built control folder (bundle.js, ControlManifest.xml, ...); default: build addon/LicenceBanner (cached). */
  controlDir?: string;
  /** A folder with config.html and config.js; default: run addon/src/page/build.ts's buildConfigPage. */
  webResourcesDir?: string;
}

export interface BuildSolutionResult {
  zipPath: string;
  sha256: string;
  size: number;
}

/** Timestamp of every zip entry (UTC), so that equal inputs give byte-equal zips. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1, 0, 0, 0));

/** `<UniqueName>_<version>_<line>[_managed].zip`, e.g. NorthwindDocGen_1_4_0_0_9_0_managed.zip (decision S16). */
export function solutionZipName(uniqueName: string, version: string, line: string, managed: boolean): string {
  return `${uniqueName}_${version.replace(/\./g, '_')}_${line.replace('.', '_')}${managed ? '_managed' : ''}.zip`;
}

/** The built control's processed manifest, with its version set to follow the solution version. */
export function withControlVersion(manifestXml: string, controlVersion: string): string {
  const pattern = /(<control\b[^>]*?\bversion=")([^"]*)(")/;
  if (!pattern.test(manifestXml)) throw new Error('ControlManifest.xml has no <control version="..."> attribute');
  return manifestXml.replace(pattern, `$1${controlVersion}$3`);
}

/**
 * The built control's processed manifest with the default value of its `settingsWebResource` property set to the
 * vendor.json web resource of this build, so the control finds the vendor's settings without form configuration.
 */
export function withSettingsWebResource(manifestXml: string, webResourceName: string): string {
  const property = new RegExp(`<property\\b[^>]*\\bname="${CONTROL.settingsProperty}"[^>]*?/?>`);
  const found = property.exec(manifestXml);
  if (!found) throw new Error(`ControlManifest.xml has no <property name="${CONTROL.settingsProperty}"> (addon/LicenceBanner/ControlManifest.Input.xml)`);
  const escaped = escapeXml(webResourceName);
  const tag = found[0];
  const updated = /\bdefault-value="[^"]*"/.test(tag)
    ? tag.replace(/\bdefault-value="[^"]*"/, `default-value="${escaped}"`)
    : tag.replace(/\s*(\/?>)$/, ` default-value="${escaped}" $1`);
  return manifestXml.replace(tag, () => updated);
}

/**
 * The files a processed ControlManifest.xml names (code, css, resx, img, html), relative to the control folder.
 * Only these go into the zip, as pac packs them; build by-products (licence notices, source maps) stay out.
 */
export function manifestResources(manifestXml: string): string[] {
  const files = new Set<string>();
  const resources = /<resources>([\s\S]*?)<\/resources>/.exec(manifestXml)?.[1] ?? '';
  for (const match of resources.matchAll(/<(code|css|resx|img|html)\b[^>]*?\bpath="([^"]+)"/g)) files.add(match[2].replace(/\\/g, '/'));
  return [...files];
}

/** Every entry of the zip, in the order they are written. */
export async function solutionEntries(options: BuildSolutionOptions): Promise<Map<string, Buffer | string>> {
  const version = parseSolutionVersion(options.version, 'version');
  const line = parseLine(options.line, 'line');
  const vendor = validateVendor(options.vendor);
  const names = componentNames(vendor.publisher.prefix, vendor.addonId);
  const versionText = formatSolutionVersion(version);
  // The page first: its input errors are quick to find, the control build may take a while.
  const page = await configPageFiles(options.webResourcesDir);
  const controlDir = !LINES[line].pcf ? undefined : options.controlDir ? path.resolve(options.controlDir) : await ensureControlBuild('production');

  const entries = new Map<string, Buffer | string>();
  entries.set(
    'solution.xml',
    solutionXml({
      uniqueName: vendor.solutionUniqueName ?? DEFAULT_SOLUTION.uniqueName,
      friendlyName: vendor.solutionFriendlyName ?? DEFAULT_SOLUTION.friendlyName,
      description: vendor.solutionDescription ?? DEFAULT_SOLUTION.description,
      version: versionText,
      managed: options.managed,
      line,
      publisher: vendor.publisher,
      names,
    }),
  );
  entries.set('customizations.xml', customizationsXml(line, names));
  if (controlDir) addControl(entries, controlDir, names, version);

  const webResourceContent: Record<string, Buffer | string> = {
    [names.configPage]: page['config.html'],
    [names.configScript]: page['config.js'],
    [names.vendorJson]: vendorJson(vendor, line),
  };
  for (const [name, content] of Object.entries(webResourceContent)) entries.set(webResourceZipPath(name), content);

  // Parts list last (it needs every extension), but it is the first entry of the zip, as in exported solutions.
  const ordered = new Map<string, Buffer | string>([['[Content_Types].xml', contentTypesXml([...entries.keys()])]]);
  for (const [name, content] of entries) ordered.set(name, content);
  return ordered;
}

/** The PCF control's files (lines with PCF only), its manifest version following the solution version. */
function addControl(entries: Map<string, Buffer | string>, controlDir: string, names: ReturnType<typeof componentNames>, version: ReturnType<typeof parseSolutionVersion>): void {
  const present = new Set(listFiles(controlDir));
  if (!present.has('ControlManifest.xml')) {
    throw new SolutionInputError('controlDir', `controlDir: ${controlDir} must hold the built control (ControlManifest.xml and its resources)`);
  }
  const controlFiles = ['ControlManifest.xml', ...manifestResources(readFileSync(path.join(controlDir, 'ControlManifest.xml'), 'utf8'))];
  const missing = controlFiles.filter((file) => !present.has(file));
  if (missing.length > 0) throw new SolutionInputError('controlDir', `controlDir: ${controlDir} lacks ${missing.join(', ')} named by its ControlManifest.xml`);
  for (const file of controlFiles) {
    const content = readFileSync(path.join(controlDir, file));
    entries.set(
      `${controlZipDir(names)}/${file}`,
      file === 'ControlManifest.xml' ? withSettingsWebResource(withControlVersion(content.toString('utf8'), controlVersionFor(version)), names.vendorJson) : content,
    );
  }
}

/** Builds one solution zip (managed or unmanaged) into outDir. */
export async function buildSolution(options: BuildSolutionOptions): Promise<BuildSolutionResult> {
  const entries = await solutionEntries(options);
  const zip = new JSZip();
  for (const [name, content] of entries) zip.file(name, content, { date: ZIP_DATE, createFolders: false });
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'DOS',
  });

  const version = formatSolutionVersion(parseSolutionVersion(options.version, 'version'));
  const uniqueName = options.vendor.solutionUniqueName ?? DEFAULT_SOLUTION.uniqueName;
  const outDir = path.resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, solutionZipName(uniqueName, version, parseLine(options.line), options.managed));
  const partial = `${zipPath}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, zipPath);
  return { zipPath, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}
