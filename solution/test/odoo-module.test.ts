/**
 * The Odoo module zip (issue #10): the layout base_import_module imports, a manifest that is a Python literal
 * (checked by Python's own ast.literal_eval), well-formed data XML (xmllint), a page bundle whose only imports are
 * the two Odoo provides, the vendor's root certificate pinned, deterministic bytes, and clear input errors that
 * leave no zip behind. The page bundle is the real one (addon/src/odoo/page/build.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { main as cli } from '../src/odoo/cli';
import { CONFIG_ACTION_JS, DATA_XML, VENDOR_JSON } from '../src/odoo/module-build';
import { defaultModuleName } from '../src/odoo/odoo-vendor';

const PEM_FILE = path.join(__dirname, 'fixtures', 'test-root.pem');
const ROOT_PEM = readFileSync(PEM_FILE, 'utf8');
const VENDOR = { serverUrl: 'https://updates.example.test', addonId: 'northwind-docgen', rootCertPem: 'test-root.pem', odoo: { title: 'Northwind DocGen', author: "O'Neil & Sons" } };

let dir: string;
let errors: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'odoo-module-'));
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes vendor.json (the PEM beside it, named by path as vendors do) and runs the CLI. */
async function run(version: string, vendor: unknown = VENDOR, out = path.join(dir, 'out', 'module.zip')): Promise<{ code: number; out: string }> {
  writeFileSync(path.join(dir, 'test-root.pem'), ROOT_PEM);
  writeFileSync(path.join(dir, 'vendor.json'), JSON.stringify(vendor));
  const code = await cli(['--version', version, '--vendor', path.join(dir, 'vendor.json'), '--out', out]);
  return { code, out };
}

const zipFiles = async (file: string) => {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return { zip, names: Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort() };
};

/** Python's own reading of the manifest, as Odoo does it (ast.literal_eval), back as JSON. */
function literalEval(source: string): Record<string, unknown> {
  const python = spawnSync('/usr/bin/python3', ['-c', 'import ast,json,sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'], { input: source, encoding: 'utf8' });
  if (python.status !== 0) throw new Error(python.stderr);
  return JSON.parse(python.stdout) as Record<string, unknown>;
}

describe('the Odoo module zip', () => {
  let built: { zip: JSZip; names: string[] };
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'odoo-module-'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = await run('17.0.1.4.0');
    log.mockRestore();
    expect(result.code).toBe(0);
    file = path.join(os.tmpdir(), `odoo-module-${process.pid}.zip`);
    writeFileSync(file, readFileSync(result.out));
    built = await zipFiles(file);
  }, 60_000);
  afterAll(() => rmSync(file, { force: true }));

  it('is one module folder with the manifest, the data XML, the page, its styles, vendor.json and the icon, and no Python besides the manifest', () => {
    expect(built.names).toEqual(
      [
        'northwind_docgen/__manifest__.py',
        'northwind_docgen/data/config_action.xml',
        'northwind_docgen/static/description/icon.png',
        'northwind_docgen/static/src/css/config_action.css',
        'northwind_docgen/static/src/js/config_action.js',
        'northwind_docgen/static/src/vendor.json',
      ].sort(),
    );
  });

  it('has a manifest that is a Python literal with the Odoo version, the data file and the assets', async () => {
    const manifest = literalEval(await built.zip.file('northwind_docgen/__manifest__.py')!.async('string'));
    expect(manifest).toMatchObject({
      name: 'Northwind DocGen',
      version: '17.0.1.4.0',
      author: "O'Neil & Sons",
      license: 'OPL-1',
      depends: ['base', 'web', 'base_import_module'],
      data: [DATA_XML],
      assets: { 'web.assets_backend': ['northwind_docgen/static/src/js/config_action.js', 'northwind_docgen/static/src/css/config_action.css'] },
      installable: true,
    });
  });

  it('has well-formed data XML with the client action tag and a Settings menu', async () => {
    const xml = await built.zip.file(`northwind_docgen/${DATA_XML}`)!.async('string');
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    expect(xml).toContain('<field name="tag">northwind_docgen.config</field>');
    expect(xml).toMatch(/<menuitem [^>]*parent="base.menu_administration"[^>]*action="action_config"[^>]*groups="base.group_system"/);
  });

  it('has a page that is an Odoo JS module importing only @odoo/owl and @web/core/registry, and registering the action', async () => {
    const js = await built.zip.file(`northwind_docgen/${CONFIG_ACTION_JS}`)!.async('string');
    const lines = js.split('\n');
    expect(lines[0]).toBe('/** @odoo-module **/');
    const imports = lines.filter((line) => /^\s*import\b/.test(line));
    expect(imports.map((line) => /from "([^"]+)"/.exec(line)?.[1])).toEqual(['@odoo/owl', '@web/core/registry']);
    expect(lines.filter((line) => /^\s*export\b/.test(line))).toEqual([]);
    expect(lines.filter((line) => line.trim() !== '').pop()).toBe('registry.category("actions").add("northwind_docgen.config", ConfigAction);');
    // Bundled, not imported: license-core's verification and node-forge are inside.
    expect(js).not.toMatch(/require\(["']node-forge["']\)/);
    expect(js.length).toBeGreaterThan(100_000);
  });

  it('pins the vendor’s root certificate in vendor.json', async () => {
    const vendor = JSON.parse(await built.zip.file(`northwind_docgen/${VENDOR_JSON}`)!.async('string')) as Record<string, unknown>;
    expect(vendor.rootCertPem).toBe(ROOT_PEM);
    expect(vendor).toMatchObject({ serverUrl: VENDOR.serverUrl, addonId: 'northwind-docgen', line: '17.0', odoo: { moduleName: 'northwind_docgen', series: '17.0' } });
  });

  it('has a PNG icon', async () => {
    const png = await built.zip.file('northwind_docgen/static/description/icon.png')!.async('nodebuffer');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('gives the same bytes for the same input', async () => {
    const again = await run('17.0.1.4.0');
    expect(readFileSync(again.out).equals(readFileSync(file))).toBe(true);
  }, 60_000);
});

describe('versions and names', () => {
  it('builds for an Odoo Online line with its own series', async () => {
    const { code, out } = await run('saas~17.2.1.4.0', { ...VENDOR, odoo: { moduleName: 'nw_docs' } });
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    const { zip, names } = await zipFiles(out);
    expect(names[0]).toMatch(/^nw_docs\//);
    expect(literalEval(await zip.file('nw_docs/__manifest__.py')!.async('string')).version).toBe('saas~17.2.1.4.0');
  }, 60_000);

  it('derives the technical name from the add-on id', () => {
    expect(defaultModuleName('northwind-docgen')).toBe('northwind_docgen');
    expect(defaultModuleName('4cast')).toBe('crma_4cast');
  });

  it.each([
    ['17.0.1.4', '--version'],
    ['17.0.1.4.0.1', '--version'],
    ['15.0.1.4.0', '15.0 is not one of the Odoo lines'],
    ['17.1.1.4.0', '17.1 is not one of the Odoo lines'],
    ['saas~17.0.1.0.0', 'saas~17.0 is not an Odoo Online line'],
    ['1.4.0.0', '--version'],
    ['17.0.1.04.0', '--version'],
  ])('refuses --version %s, naming it, and writes no zip', async (version, words) => {
    const { code, out } = await run(version);
    expect(code).toBe(2);
    expect(errors.join('\n')).toContain('--version');
    expect(errors.join('\n')).toContain(words);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.dirname(out)) ? readdirSync(path.dirname(out)) : []).toEqual([]);
  });

  it.each([
    [{ ...VENDOR, rootCertPem: 'missing.pem' }, 'vendor.rootCertPem'],
    [{ ...VENDOR, serverUrl: 'ftp://x' }, 'vendor.serverUrl'],
    [{ ...VENDOR, addonId: 'Northwind DocGen' }, 'vendor.addonId'],
    [{ ...VENDOR, odoo: { moduleName: 'Northwind-DocGen' } }, 'vendor.odoo.moduleName'],
    [{ ...VENDOR, odoo: { moduleName: 'crm' } }, 'vendor.odoo.moduleName'],
    [{ ...VENDOR, odoo: { website: 'javascript:alert(1)' } }, 'vendor.odoo.website'],
    [{ ...VENDOR, odoo: { title: '' } }, 'vendor.odoo.title'],
    [{ ...VENDOR, odoo: 'northwind' }, 'vendor.odoo'],
  ])('refuses a bad vendor.json (%#), naming the field, and writes no zip', async (vendor, field) => {
    const { code, out } = await run('17.0.1.4.0', vendor);
    expect(code).toBe(2);
    expect(errors.join('\n')).toContain(`--vendor: ${field}`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out that is not a .zip', async () => {
    const { code } = await run('17.0.1.4.0', VENDOR, path.join(dir, 'module.tar'));
    expect(code).toBe(2);
    expect(errors.join('\n')).toContain('--out');
    expect(readdirSync(dir).filter((f) => f.startsWith('module'))).toEqual([]);
  });
});
