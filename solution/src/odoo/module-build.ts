/**
 * The Odoo module zip (issue #10; the contract's layout, decision O18), for base_import_module's "Import Module":
 *
 *   <module>/__manifest__.py                 a Python dict literal (Odoo reads it with ast.literal_eval)
 *   <module>/data/config_action.xml          the client action `<module>.config` and its menu under Settings
 *   <module>/static/src/js/config_action.js  the configuration page: one Odoo JS module (addon/src/odoo/page/build.ts)
 *   <module>/static/src/css/config_action.css
 *   <module>/static/src/vendor.json          the vendor settings with the pinned root certificate
 *   <module>/static/description/icon.png
 *
 * Only data and static files: base_import_module (16.0–18.0) extracts the manifest, the data files it names
 * (.xml/.csv/.sql) and static/ (and i18n/*.po from 17.0), and never loads Python, so a module with Python code
 * cannot be imported that way (O18).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { buildOdooConfigAction } from '../../../addon/src/odoo/page/build';
import { parseOdooModuleVersion, seriesProblem, type OdooModuleVersion } from '../../../addon/src/odoo/versions';
import { SolutionInputError } from '../version';
import { escapeXml, XML_DECLARATION } from '../xml';
import { iconPng } from './icon';
import type { OdooVendor } from './odoo-vendor';
import { pythonLiteral } from './python-literal';

export const CONFIG_ACTION_JS = 'static/src/js/config_action.js';
export const CONFIG_ACTION_CSS = 'static/src/css/config_action.css';
export const VENDOR_JSON = 'static/src/vendor.json';
export const ICON = 'static/description/icon.png';
export const DATA_XML = 'data/config_action.xml';

/** A fixed date for every zip entry, so that one input gives one zip (and one sha256). */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));

/** `--version`: an Odoo line's series followed by the module's x.y.z (O11). */
export function parseModuleVersion(text: unknown, field = 'version'): OdooModuleVersion {
  const shown = typeof text === 'string' ? `"${text}"` : String(text);
  const parsed = typeof text === 'string' ? parseOdooModuleVersion(text) : undefined;
  if (!parsed) {
    throw new SolutionInputError(field, `${field} must be an Odoo module version: the Odoo series and the module's x.y.z, such as 17.0.1.4.0 or saas~17.2.1.4.0 (got ${shown})`);
  }
  const problem = seriesProblem(parsed.series);
  if (problem) throw new SolutionInputError(field, `${field}: ${problem} (got ${shown}); the series must be 16.0, 17.0, 18.0 or an Odoo Online line saas~X.Y`);
  return parsed;
}

export function manifestPy(vendor: OdooVendor, version: OdooModuleVersion): string {
  const manifest = {
    name: vendor.title,
    version: version.full,
    category: 'Extra Tools',
    summary: vendor.summary,
    ...(vendor.author ? { author: vendor.author } : {}),
    ...(vendor.website ? { website: vendor.website } : {}),
    license: 'OPL-1',
    depends: ['base', 'web', 'base_import_module'],
    data: [DATA_XML],
    // Each file by name: base_import_module refuses glob wildcards in an imported module's asset paths
    // (addons/base_import_module/models/ir_module.py `_import_module`).
    assets: { 'web.assets_backend': [`${vendor.moduleName}/${CONFIG_ACTION_JS}`, `${vendor.moduleName}/${CONFIG_ACTION_CSS}`] },
    installable: true,
    application: false,
  };
  return `# ${vendor.title} ${version.module} for Odoo ${version.series}: built by crm-assurance (npm run odoo-module).\n${pythonLiteral(manifest)}\n`;
}

/** The client action the page registers (`<module>.config`) and its menu under Settings, for Settings users only. */
export function dataXml(vendor: OdooVendor): string {
  const title = escapeXml(vendor.title);
  return [
    XML_DECLARATION,
    '<odoo>',
    '  <record id="action_config" model="ir.actions.client">',
    `    <field name="name">${title}</field>`,
    `    <field name="tag">${escapeXml(`${vendor.moduleName}.config`)}</field>`,
    '  </record>',
    `  <menuitem id="menu_config" name="${title}" parent="base.menu_administration" action="action_config" sequence="90" groups="base.group_system"/>`,
    '</odoo>',
    '',
  ].join('\n');
}

/** What the page reads at run time (addon/src/odoo/page/config-action.ts OdooVendorConfig). */
export function moduleVendorJson(vendor: OdooVendor, version: OdooModuleVersion): string {
  return `${JSON.stringify(
    {
      serverUrl: vendor.serverUrl,
      addonId: vendor.addonId,
      solutionUniqueName: vendor.moduleName,
      solutionFriendlyName: vendor.title,
      rootCertPem: vendor.rootCertPem,
      line: version.series,
      odoo: { moduleName: vendor.moduleName, title: vendor.title, series: version.series },
    },
    null,
    2,
  )}\n`;
}

export interface OdooModuleBuild {
  zipPath: string;
  moduleName: string;
  version: string;
  size: number;
  sha256: string;
}

/** The zip's bytes. `configActionJs` replaces the page build (tests of the layout). */
export async function odooModuleZip(vendor: OdooVendor, version: OdooModuleVersion, configActionJs?: string): Promise<Buffer> {
  const js = configActionJs ?? (await buildOdooConfigAction(vendor.moduleName));
  const css = readFileSync(path.join(__dirname, '../../../addon/src/odoo/page/config.css'), 'utf8');
  const zip = new JSZip();
  const files: Array<[string, string | Buffer]> = [
    ['__manifest__.py', manifestPy(vendor, version)],
    [DATA_XML, dataXml(vendor)],
    [CONFIG_ACTION_JS, js],
    [CONFIG_ACTION_CSS, css],
    [VENDOR_JSON, moduleVendorJson(vendor, version)],
    [ICON, iconPng()],
  ];
  for (const [name, content] of files) zip.file(`${vendor.moduleName}/${name}`, content, { date: ZIP_DATE, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Builds the zip and writes it (through a temporary file: a failed build leaves nothing at `zipPath`). */
export async function buildOdooModule(options: { vendor: OdooVendor; version: OdooModuleVersion; zipPath?: string; outDir?: string; configActionJs?: string }): Promise<OdooModuleBuild> {
  const { vendor, version } = options;
  const zipPath = options.zipPath ?? path.join(options.outDir ?? 'dist/odoo', `${vendor.moduleName}-${version.full}.zip`);
  if (!zipPath.endsWith('.zip')) throw new SolutionInputError('out', `out must name a .zip file (got ${JSON.stringify(zipPath)})`);
  const bytes = await odooModuleZip(vendor, version, options.configActionJs);
  mkdirSync(path.dirname(zipPath), { recursive: true });
  const temporary = `${zipPath}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, zipPath);
  } finally {
    rmSync(temporary, { force: true });
  }
  return { zipPath, moduleName: vendor.moduleName, version: version.full, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
