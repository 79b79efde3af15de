/**
 * The solution zip: every entry SolutionPackager would have, well-formed XML, version / managed flag / publisher /
 * root components, deterministic bytes, fast rebuilds from the cached control, and clear input errors.
 * The control is the real one (pcf-scripts production build, cached by source hash); the configuration page is a
 * fixture (the page build belongs to the add-on engineer and has its own tests).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { buildSolution, BuildSolutionOptions, SolutionInputError } from '../src/build-solution';
import { main as cli } from '../src/cli';
import { ENVIRONMENT_VARIABLES, WEB_RESOURCES } from '../src/components';

// xml2js comes with pcf-scripts (no typings installed): a well-formedness check plus a tree to assert on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseStringPromise } = require('xml2js') as { parseStringPromise: (xml: string, options?: object) => Promise<unknown> };

const FIXTURES = path.join(__dirname, 'fixtures');
const ROOT_PEM = readFileSync(path.join(FIXTURES, 'test-root.pem'), 'utf8');
const VENDOR = { serverUrl: 'https://updates.example.test', addonId: 'northwind-docgen', rootCertPem: ROOT_PEM };

let outDir: string;
const options = (overrides: Partial<BuildSolutionOptions> = {}): BuildSolutionOptions => ({
  version: '1.4.0.0',
  managed: false,
  vendor: VENDOR,
  outDir,
  webResourcesDir: path.join(FIXTURES, 'web'),
  ...overrides,
});

interface Built {
  zip: JSZip;
  names: string[];
  text: (name: string) => Promise<string>;
  xml: (name: string) => Promise<Record<string, unknown>>;
}

async function open(zipPath: string): Promise<Built> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const names = Object.keys(zip.files).filter((name) => !zip.files[name].dir);
  const text = async (name: string): Promise<string> => {
    const file = zip.file(name);
    if (!file) throw new Error(`zip lacks ${name}`);
    return file.async('string');
  };
  return { zip, names, text, xml: async (name) => (await parseStringPromise(await text(name), { explicitRoot: true, explicitArray: true })) as Record<string, unknown> };
}

// xml2js shapes: elements are arrays, attributes under `$`.
type Node = { $?: Record<string, string> } & Record<string, unknown>;
const first = (node: unknown, name: string): Node => {
  const found = (node as Record<string, Node | Node[]>)[name];
  return Array.isArray(found) ? found[0] : found;
};
const all = (node: unknown, name: string): Node[] => (node as Record<string, Node[]>)[name] ?? [];
const value = (node: unknown, name: string): string => String(((node as Record<string, unknown[]>)[name] ?? [])[0] ?? '');

let unmanaged: Built;
let managed: Built;
let unmanagedResult: Awaited<ReturnType<typeof buildSolution>>;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'cra-solution-test-'));
  // First call may build the control with pcf-scripts (production); later calls reuse the cached output.
  unmanagedResult = await buildSolution(options({ managed: false }));
  unmanaged = await open(unmanagedResult.zipPath);
  managed = await open((await buildSolution(options({ managed: true }))).zipPath);
}, 300_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('solution zip layout', () => {
  it('is named after the solution and version, managed with a suffix', () => {
    expect(path.basename(unmanagedResult.zipPath)).toBe('NorthwindDocGen_1_4_0_0.zip');
    expect(unmanagedResult.size).toBe(readFileSync(unmanagedResult.zipPath).length);
    expect(unmanagedResult.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('holds every entry SolutionPackager lays out, and nothing else', () => {
    const expected = [
      '[Content_Types].xml',
      'solution.xml',
      'customizations.xml',
      'Controls/cra_CrmAssurance.LicenceBanner/ControlManifest.xml',
      'Controls/cra_CrmAssurance.LicenceBanner/bundle.js',
      'Controls/cra_CrmAssurance.LicenceBanner/css/LicenceBanner.css',
      'WebResources/cra_/addon/config.html',
      'WebResources/cra_/addon/config.js',
      'WebResources/cra_/addon/vendor.json',
      ...ENVIRONMENT_VARIABLES.map((v) => `environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`),
    ];
    expect([...unmanaged.names].sort()).toEqual([...expected].sort());
    expect([...managed.names].sort()).toEqual([...expected].sort());
    expect(unmanaged.names[0]).toBe('[Content_Types].xml');
  });

  it('[Content_Types].xml declares every file extension in the zip', async () => {
    const types = await unmanaged.xml('[Content_Types].xml');
    const declared = all(first(types, 'Types'), 'Default').map((d) => d.$?.Extension);
    for (const name of unmanaged.names) {
      const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
      expect(declared).toContain(extension);
    }
  });
});

describe('solution.xml', () => {
  it('carries the 4-part version, the managed flag, names and the publisher', async () => {
    for (const [built, flag] of [
      [unmanaged, '0'],
      [managed, '1'],
    ] as const) {
      const manifest = first(first(await built.xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest');
      expect(value(manifest, 'UniqueName')).toBe('NorthwindDocGen');
      expect(value(manifest, 'Version')).toBe('1.4.0.0');
      expect(value(manifest, 'Managed')).toBe(flag);
      expect(first(first(manifest, 'LocalizedNames'), 'LocalizedName').$?.description).toBe('Northwind DocGen');
      const publisher = first(manifest, 'Publisher');
      expect(value(publisher, 'UniqueName')).toBe('CrmAssurance');
      expect(first(first(publisher, 'LocalizedNames'), 'LocalizedName').$?.description).toBe('CRM Assurance');
      expect(value(publisher, 'CustomizationPrefix')).toBe('cra');
      const optionPrefix = Number(value(publisher, 'CustomizationOptionValuePrefix'));
      expect(optionPrefix).toBeGreaterThanOrEqual(10000);
      expect(optionPrefix).toBeLessThanOrEqual(99999);
      expect(value(manifest, 'ConfigurationPageWebResourceName')).toBe('cra_/addon/config.html');
    }
  });

  it('lists the web resources (61), the control (66) and the environment variables (380) as root components', async () => {
    const manifest = first(first(await unmanaged.xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest');
    const roots = all(first(manifest, 'RootComponents'), 'RootComponent').map((r) => `${r.$?.type} ${r.$?.schemaName}`);
    expect(roots.sort()).toEqual(
      [
        '61 cra_/addon/config.html',
        '61 cra_/addon/config.js',
        '61 cra_/addon/vendor.json',
        '66 cra_CrmAssurance.LicenceBanner',
        '380 cra_LicenceKey',
        '380 cra_Licence',
        '380 cra_Entitlement',
        '380 cra_ManifestSerial',
        '380 cra_AutoUpdate',
      ].sort(),
    );
  });
});

describe('customizations.xml and the component files', () => {
  it('registers the control and points at its manifest in the zip', async () => {
    const root = first(await unmanaged.xml('customizations.xml'), 'ImportExportXml');
    const control = first(first(root, 'CustomControls'), 'CustomControl');
    expect(value(control, 'Name')).toBe('cra_CrmAssurance.LicenceBanner');
    expect(unmanaged.names).toContain(value(control, 'FileName').replace(/^\//, ''));
  });

  it('registers each web resource with its type and a file that exists in the zip', async () => {
    const root = first(await unmanaged.xml('customizations.xml'), 'ImportExportXml');
    const resources = all(first(root, 'WebResources'), 'WebResource');
    expect(resources.map((r) => value(r, 'Name')).sort()).toEqual(WEB_RESOURCES.map((r) => r.name).sort());
    for (const resource of resources) {
      expect(value(resource, 'WebResourceId')).toMatch(/^\{[0-9a-f-]{36}\}$/);
      expect(unmanaged.names).toContain(value(resource, 'FileName').replace(/^\//, ''));
      const spec = WEB_RESOURCES.find((r) => r.name === value(resource, 'Name'));
      expect(value(resource, 'WebResourceType')).toBe(String(spec?.type));
    }
    expect(value(resources.find((r) => value(r, 'Name') === 'cra_/addon/config.html'), 'WebResourceType')).toBe('1');
  });

  it('ships the built control with a version that follows the solution version', async () => {
    const manifest = first(await unmanaged.xml('Controls/cra_CrmAssurance.LicenceBanner/ControlManifest.xml'), 'manifest');
    const control = first(manifest, 'control');
    expect(control.$).toMatchObject({ namespace: 'CrmAssurance', constructor: 'LicenceBanner', version: '1.4.0' });
    const bundle = await unmanaged.text('Controls/cra_CrmAssurance.LicenceBanner/bundle.js');
    expect(bundle).toContain("registerControl('CrmAssurance.LicenceBanner'");
  });

  it('writes vendor.json with the pinned root and the page files unchanged', async () => {
    expect(JSON.parse(await unmanaged.text('WebResources/cra_/addon/vendor.json'))).toMatchObject({
      serverUrl: VENDOR.serverUrl,
      addonId: VENDOR.addonId,
      solutionUniqueName: 'NorthwindDocGen',
      rootCertPem: ROOT_PEM,
    });
    expect(await unmanaged.text('WebResources/cra_/addon/config.html')).toBe(readFileSync(path.join(FIXTURES, 'web', 'config.html'), 'utf8'));
    expect(await unmanaged.text('WebResources/cra_/addon/config.js')).toBe(readFileSync(path.join(FIXTURES, 'web', 'config.js'), 'utf8'));
  });

  it('defines the five environment variables as text, AutoUpdate defaulting to yes (SPEC §2: updates install when the page opens)', async () => {
    for (const variable of ENVIRONMENT_VARIABLES) {
      const definition = first(
        await unmanaged.xml(`environmentvariabledefinitions/${variable.schemaName}/environmentvariabledefinition.xml`),
        'environmentvariabledefinition',
      );
      expect(definition.$?.schemaname).toBe(variable.schemaName);
      expect(value(definition, 'type')).toBe('100000000');
      expect(value(definition, 'secretstore')).toBe('0');
    }
    const autoUpdate = first(await unmanaged.xml('environmentvariabledefinitions/cra_AutoUpdate/environmentvariabledefinition.xml'), 'environmentvariabledefinition');
    expect(value(autoUpdate, 'defaultvalue')).toBe('yes');
  });
});

describe('rebuilds', () => {
  it('are fast once the control is cached, and byte-identical for equal inputs', async () => {
    const started = Date.now();
    const again = await buildSolution(options({ outDir: path.join(outDir, 'again') }));
    const other = await buildSolution(options({ version: '1.4.1.0', outDir: path.join(outDir, 'again') }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(again.sha256).toBe(unmanagedResult.sha256);
    expect(other.sha256).not.toBe(unmanagedResult.sha256);
    expect(path.basename(other.zipPath)).toBe('NorthwindDocGen_1_4_1_0.zip');
    const manifest = first(first(await (await open(other.zipPath)).xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest');
    expect(value(manifest, 'Version')).toBe('1.4.1.0');
  });

  it('use the vendor-configured solution name', async () => {
    const result = await buildSolution(options({ vendor: { ...VENDOR, solutionUniqueName: 'ContosoSync' }, outDir: path.join(outDir, 'named') }));
    expect(path.basename(result.zipPath)).toBe('ContosoSync_1_4_0_0.zip');
    const built = await open(result.zipPath);
    expect(value(first(first(await built.xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest'), 'UniqueName')).toBe('ContosoSync');
    expect(JSON.parse(await built.text('WebResources/cra_/addon/vendor.json')).solutionUniqueName).toBe('ContosoSync');
  });
});

describe('input errors', () => {
  it.each(['1.4', '1.4.0', '1.4.0.0.0', 'v1.4.0.0', '1.04.0.0', '1.4.0.x', ''])('rejects version %p naming the field', async (bad) => {
    const error = await buildSolution(options({ version: bad })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SolutionInputError);
    expect(error).toMatchObject({ field: 'version', code: 'ERR_INVALID_INPUT' });
    expect((error as Error).message).toMatch(/^version must be a 4-part solution version/);
  });

  it('rejects a vendor without a PEM root or with a bad server URL', async () => {
    await expect(buildSolution(options({ vendor: { ...VENDOR, rootCertPem: 'nope' } }))).rejects.toMatchObject({ field: 'vendor.rootCertPem' });
    await expect(buildSolution(options({ vendor: { ...VENDOR, serverUrl: 'ftp://x' } }))).rejects.toMatchObject({ field: 'vendor.serverUrl' });
  });

  it('the CLI names --version when it is bad, and builds both zips when it is good', async () => {
    const errors: string[] = [];
    const logs: string[] = [];
    const spyError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    const spyLog = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
    try {
      const vendorFile = path.join(outDir, 'vendor.json');
      writeFileSync(vendorFile, JSON.stringify(VENDOR));
      const common = ['--vendor', vendorFile, '--web-resources', path.join(FIXTURES, 'web'), '--out', path.join(outDir, 'cli')];
      expect(await cli(['--version', '1.4', ...common])).toBe(2);
      expect(errors.join('\n')).toContain('--version must be a 4-part solution version');
      expect(await cli(common)).toBe(2);
      expect(errors.join('\n')).toContain('--version is required');
      expect(await cli(['--version', '1.5.0.0', ...common])).toBe(0);
      expect(logs.join('\n')).toContain('NorthwindDocGen_1_5_0_0.zip');
      expect(logs.join('\n')).toContain('NorthwindDocGen_1_5_0_0_managed.zip');
    } finally {
      spyError.mockRestore();
      spyLog.mockRestore();
    }
  });
});
