/**
 * Reads the facts of an uploaded Odoo module zip (issue #10, decision U80): the module's technical name (the zip's
 * one top-level folder) and its `__manifest__.py` (version, installable, data files). Only the reading lives here;
 * whether the module fits the release is license-core's `checkOdooModule`.
 *
 * What Odoo's "Import Module" (addons/base_import_module: wizard and models/ir_module.py `import_zipfile`,
 * `_import_module`, 16.0–18.0) does with a zip decides what is refused here:
 * - every folder at the zip's root is imported as a module; we publish ONE module per release, so exactly one
 *   top-level folder and no loose files beside it;
 * - the manifest is read with `load_manifest` (odoo/modules/module.py: `ast.literal_eval`), so it must be a dict
 *   literal: read with python-literal.ts, nothing evaluated;
 * - only the manifest, the files listed under `data` (XML, CSV, SQL) and `static/` are used: no Python code is ever
 *   imported, so a `.py` file other than `__manifest__.py`/`__init__.py` would be silently ignored on the
 *   customer's database (the module would install without its models) and is refused; a listed data file that is
 *   missing would fail the import and is refused too.
 * The zip is untrusted: the limits of zip-limits.ts (decision U22) apply, and only `__manifest__.py` is inflated,
 * cut at `maxManifestBytes`.
 */
import { promises as fs } from 'node:fs';
import { parseOdooModuleVersion } from '@crm-assurance/license-core';
import { isPyDict, parsePythonLiteral, PythonLiteralError, type PyValue } from './python-literal';
import { DEFAULT_ZIP_LIMITS, inflateCapped, openLimitedZip, ZipArtifactError, type ZipLimits } from './zip-limits';

export class OdooModuleError extends ZipArtifactError {
  constructor(message: string) {
    super(message);
    this.name = 'OdooModuleError';
  }
}

export interface OdooModuleLimits extends ZipLimits {
  maxManifestBytes: number;
}

export const DEFAULT_ODOO_MODULE_LIMITS: OdooModuleLimits = { ...DEFAULT_ZIP_LIMITS, maxManifestBytes: 256 * 1024 };

/** What the reader found; `series` is absent for a bare manifest version (license-core refuses that). */
export interface OdooModuleRead {
  name: string;
  version: string;
  series?: string;
  installable: boolean;
  /** The manifest's `depends`. */
  depends: string[];
  /** The manifest's `data` files, relative to the module folder. */
  data: string[];
}

const fail = (message: string): Error => new OdooModuleError(message);
// A module's technical name: what Odoo imports it as (a Python package name in practice).
const MODULE_NAME = /^[A-Za-z0-9_]{1,64}$/;
// Python code, compiled or native: base_import_module never loads any of it.
const CODE_FILE = /\.(py|pyc|pyo|pyd|so)$/i;

function strings(value: PyValue | undefined, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new OdooModuleError(`__manifest__.py: '${key}' must be a list of strings`);
  }
  return value;
}

/** Reads a module zip in memory. Throws OdooModuleError with a message for the vendor. */
export async function readOdooModule(bytes: Buffer, limits: OdooModuleLimits = DEFAULT_ODOO_MODULE_LIMITS): Promise<OdooModuleRead> {
  const entries = await openLimitedZip(bytes, limits, fail);
  const roots = new Set<string>();
  const files = new Set<string>();
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..')) {
      throw new OdooModuleError(`the zip entry ${JSON.stringify(name.slice(0, 100))} has an absolute path, a backslash or a ".." part`);
    }
    const slash = name.indexOf('/');
    if (slash < 0 && !entry.dir) {
      throw new OdooModuleError(`the file ${JSON.stringify(name.slice(0, 100))} lies at the zip's root: an Odoo module zip holds one module folder and nothing beside it`);
    }
    roots.add(slash < 0 ? name : name.slice(0, slash));
    if (!entry.dir) files.add(name);
  }
  if (roots.size === 0) throw new OdooModuleError('the zip is empty: it must hold one module folder');
  if (roots.size > 1) {
    const names = [...roots].sort().slice(0, 5).map((r) => r.slice(0, 64)).join(', ');
    throw new OdooModuleError(`the zip holds ${roots.size} top-level folders (${names}); publish one module per release (Import Module would import each folder as a module)`);
  }
  const name = [...roots][0];
  if (!MODULE_NAME.test(name)) throw new OdooModuleError(`the module folder ${JSON.stringify(name.slice(0, 64))} is not a module technical name (letters, digits and _; up to 64)`);
  const code = [...files].find((f) => CODE_FILE.test(f) && f !== `${name}/__manifest__.py` && f !== `${name}/__init__.py`);
  if (code !== undefined) {
    throw new OdooModuleError(
      `${code.slice(0, 100)}: Import Module (base_import_module) loads no Python code, only the manifest, its data files and static/; this file would be ignored on the customer's database`,
    );
  }
  const manifestEntry = entries.find((e) => !e.dir && e.name === `${name}/__manifest__.py`);
  if (!manifestEntry) throw new OdooModuleError(`the module folder ${name} has no __manifest__.py`);
  const raw = await inflateCapped(manifestEntry, limits.maxManifestBytes, '__manifest__.py', fail);
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(raw).replace(/^\uFEFF/, '');
  } catch {
    throw new OdooModuleError('__manifest__.py is not UTF-8 text');
  }
  let manifest: PyValue;
  try {
    manifest = parsePythonLiteral(source);
  } catch (error) {
    if (error instanceof PythonLiteralError) throw new OdooModuleError(`__manifest__.py ${error.message}`);
    throw error;
  }
  if (!isPyDict(manifest)) throw new OdooModuleError('__manifest__.py must be a dict literal ({ ... })');
  const version = manifest.get('version');
  if (typeof version !== 'string') throw new OdooModuleError("__manifest__.py: 'version' must be a string such as '17.0.1.4.0'");
  let series: string | undefined;
  try {
    series = parseOdooModuleVersion(version, 'version').series;
  } catch {
    throw new OdooModuleError(`__manifest__.py: version ${JSON.stringify(version.slice(0, 40))} is not an Odoo module version such as 17.0.1.4.0 (series, then 2 or 3 numbers)`);
  }
  const installable = manifest.get('installable') ?? true;
  if (typeof installable !== 'boolean') throw new OdooModuleError("__manifest__.py: 'installable' must be True or False");
  const depends = strings(manifest.get('depends'), 'depends');
  const data = strings(manifest.get('data'), 'data');
  for (const file of data) {
    if (!files.has(`${name}/${file}`)) throw new OdooModuleError(`__manifest__.py lists the data file ${JSON.stringify(file.slice(0, 100))}, which is not in the zip (${name}/${file.slice(0, 100)})`);
  }
  return { name, version, ...(series !== undefined ? { series } : {}), installable, depends, data };
}

/** Reads the zip at `file` (an upload in the artifact store's scratch folder, bounded by the upload limit). */
export async function readOdooModuleFile(file: string, limits: OdooModuleLimits = DEFAULT_ODOO_MODULE_LIMITS): Promise<OdooModuleRead> {
  return readOdooModule(await fs.readFile(file), limits);
}
