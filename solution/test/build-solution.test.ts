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
import { WEB_RESOURCES } from '../src/components';

// xml2js comes with pcf-scripts (no typings installed): a well-formedness check plus a tree to assert on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseStringPromise } = require('xml2js') as { parseStringPromise: (xml: string, options?: object) => Promise<unknown> };

const FIXTURES = path.join(__dirname, 'fixtures');
const ROOT_PEM = readFileSync(path.join(FIXTURES, 'test-root.pem'), 'utf8');
const PUBLISHER = { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa', optionValuePrefix: 72310 };
const VENDOR = { serverUrl: 'https://updates.example.test', addonId: 'northwind-docgen', rootCertPem: ROOT_PEM, publisher: PUBLISHER };
const WR = 'nwa_/northwind-docgen';
const CONTROL_DIR = 'Controls/nwa_CrmAssurance.LicenceBanner';

let outDir: string;
const options = (overrides: Partial<BuildSolutionOptions> = {}): BuildSolutionOptions => ({
  version: '1.4.0.0',
  line: '9.2',
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
    expect(path.basename(unmanagedResult.zipPath)).toBe('NorthwindDocGen_1_4_0_0_9_2.zip');
    expect(unmanagedResult.size).toBe(readFileSync(unmanagedResult.zipPath).length);
    expect(unmanagedResult.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('holds every entry SolutionPackager lays out, and nothing else', () => {
    const expected = [
      '[Content_Types].xml',
      'solution.xml',
      'customizations.xml',
      `${CONTROL_DIR}/ControlManifest.xml`,
      `${CONTROL_DIR}/bundle.js`,
      `${CONTROL_DIR}/css/LicenceBanner.css`,
      `WebResources/${WR}/config.html`,
      `WebResources/${WR}/config.js`,
      `WebResources/${WR}/vendor.json`,
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
      expect(value(publisher, 'UniqueName')).toBe('NorthwindAddons');
      expect(first(first(publisher, 'LocalizedNames'), 'LocalizedName').$?.description).toBe('Northwind Add-ons');
      expect(value(publisher, 'CustomizationPrefix')).toBe('nwa');
      const optionPrefix = Number(value(publisher, 'CustomizationOptionValuePrefix'));
      expect(optionPrefix).toBeGreaterThanOrEqual(10000);
      expect(optionPrefix).toBeLessThanOrEqual(99999);
      expect(value(manifest, 'ConfigurationPage')).toBe(`${WR}/config.html`);
    }
  });

  it('lists the state table (1), the web resources (61) and the control (66) as root components', async () => {
    const manifest = first(first(await unmanaged.xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest');
    const roots = all(first(manifest, 'RootComponents'), 'RootComponent').map((r) => `${r.$?.type} ${r.$?.schemaName}`);
    expect(roots.sort()).toEqual(
      [
        '1 nwa_northwinddocgenstate',
        `61 ${WR}/config.html`,
        `61 ${WR}/config.js`,
        `61 ${WR}/vendor.json`,
        '66 nwa_CrmAssurance.LicenceBanner',
      ].sort(),
    );
  });
});

describe('customizations.xml and the component files', () => {
  it('registers the control and points at its manifest in the zip', async () => {
    const root = first(await unmanaged.xml('customizations.xml'), 'ImportExportXml');
    const control = first(first(root, 'CustomControls'), 'CustomControl');
    expect(value(control, 'Name')).toBe('nwa_CrmAssurance.LicenceBanner');
    expect(unmanaged.names).toContain(value(control, 'FileName').replace(/^\//, ''));
  });

  it('registers each web resource with its type and a file that exists in the zip', async () => {
    const root = first(await unmanaged.xml('customizations.xml'), 'ImportExportXml');
    const resources = all(first(root, 'WebResources'), 'WebResource');
    expect(resources.map((r) => value(r, 'Name')).sort()).toEqual([`${WR}/config.html`, `${WR}/config.js`, `${WR}/vendor.json`]);
    for (const resource of resources) {
      expect(value(resource, 'WebResourceId')).toMatch(/^\{[0-9a-f-]{36}\}$/);
      expect(unmanaged.names).toContain(value(resource, 'FileName').replace(/^\//, ''));
      const spec = WEB_RESOURCES.find((r) => value(resource, 'Name').endsWith(`/${r.sourceFile}`));
      expect(value(resource, 'WebResourceType')).toBe(String(spec?.type));
    }
    expect(value(resources.find((r) => value(r, 'Name') === `${WR}/config.html`), 'WebResourceType')).toBe('1');
  });

  it('ships the built control with a version that follows the solution version', async () => {
    const manifest = first(await unmanaged.xml(`${CONTROL_DIR}/ControlManifest.xml`), 'manifest');
    const control = first(manifest, 'control');
    expect(control.$).toMatchObject({ namespace: 'CrmAssurance', constructor: 'LicenceBanner', version: '1.4.0' });
    const bundle = await unmanaged.text(`${CONTROL_DIR}/bundle.js`);
    expect(bundle).toContain("registerControl('CrmAssurance.LicenceBanner'");
  });

  it('writes vendor.json with the pinned root and the page files unchanged', async () => {
    expect(JSON.parse(await unmanaged.text(`WebResources/${WR}/vendor.json`))).toEqual({
      serverUrl: VENDOR.serverUrl,
      addonId: VENDOR.addonId,
      solutionUniqueName: 'NorthwindDocGen',
      solutionFriendlyName: 'Northwind DocGen',
      rootCertPem: ROOT_PEM,
      publisher: { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa' },
      line: '9.2',
      webApiVersion: '9.2',
      stateTable: { logicalName: 'nwa_northwinddocgenstate', entitySetName: 'nwa_northwinddocgenstates', primaryId: 'nwa_northwinddocgenstateid', nameColumn: 'nwa_name', valueColumn: 'nwa_value' },
    });
    expect(await unmanaged.text(`WebResources/${WR}/config.html`)).toBe(readFileSync(path.join(FIXTURES, 'web', 'config.html'), 'utf8'));
    expect(await unmanaged.text(`WebResources/${WR}/config.js`)).toBe(readFileSync(path.join(FIXTURES, 'web', 'config.js'), 'utf8'));
  });

  it('defines the state table: organisation-owned, a 100-character name and a 1,048,576-character value (D38)', async () => {
    const root = first(await unmanaged.xml('customizations.xml'), 'ImportExportXml');
    const entity = first(first(root, 'Entities'), 'Entity');
    expect(first(entity, 'Name')._).toBe('nwa_NorthwinddocgenState');
    const info = first(first(entity, 'EntityInfo'), 'entity');
    expect(value(info, 'EntitySetName')).toBe('nwa_northwinddocgenstates');
    expect(value(info, 'OwnershipTypeMask')).toBe('OrgOwned');
    const columns = Object.fromEntries(all(first(info, 'attributes'), 'attribute').map((a) => [value(a, 'LogicalName'), { type: value(a, 'Type'), max: value(a, 'MaxLength') }]));
    expect(columns).toEqual({
      nwa_northwinddocgenstateid: { type: 'primarykey', max: '' },
      nwa_name: { type: 'nvarchar', max: '100' },
      nwa_value: { type: 'ntext', max: '1048576' },
    });
    expect(unmanaged.names.some((n) => n.startsWith('environmentvariabledefinitions/'))).toBe(false);
  });
});

/**
 * Facts of real exports and CustomizationsSolution.xsd ("Customization solutions file schema",
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/customization-solutions-file-schema), checked on
 * the built files: the order of SolutionManifest's children and of customizations.xml's top-level elements.
 */
describe('element order as Dataverse writes it', () => {
  const order = (xml: string, parent: string) => {
    const body = new RegExp(`<${parent}\\b[^>]*>([\\s\\S]*)</${parent}>`).exec(xml)![1];
    const names: string[] = [];
    let depth = 0;
    for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.]*)[^>]*?(\/?)>/g)) {
      if (m[1]) depth--;
      else {
        if (depth === 0) names.push(m[2]);
        if (!m[3]) depth++;
      }
    }
    return names;
  };
  it('solution.xml: ConfigurationPage directly after Managed, stamped with the line', async () => {
    const xml = await unmanaged.text('solution.xml');
    expect(order(xml, 'SolutionManifest')).toEqual(['UniqueName', 'LocalizedNames', 'Descriptions', 'Version', 'Managed', 'ConfigurationPage', 'Publisher', 'RootComponents', 'MissingDependencies']);
    expect(xml).toMatch(/<ImportExportXml version="9\.2\.0\.0" SolutionPackageVersion="9\.2"/);
  });
  it('customizations.xml: Entities first, WebResources before CustomControls, Languages last', async () => {
    const names = order(await unmanaged.text('customizations.xml'), 'ImportExportXml');
    expect(names).toEqual(['Entities', 'Roles', 'Workflows', 'FieldSecurityProfiles', 'Templates', 'EntityMaps', 'EntityRelationships', 'OrganizationSettings', 'optionsets', 'WebResources', 'CustomControls', 'EntityDataProviders', 'Languages']);
  });
});

describe('per-line builds', () => {
  it('a 9.0 build has no PCF control, the 9.0 stamp and the v9.0 Web API', async () => {
    const built = await open((await buildSolution(options({ line: '9.0', managed: true, outDir: path.join(outDir, 'l90') }))).zipPath);
    expect(built.names.some((n) => n.startsWith('Controls/'))).toBe(false);
    expect(await built.text('solution.xml')).toMatch(/SolutionPackageVersion="9\.0"/);
    expect(await built.text('solution.xml')).not.toContain('type="66"');
    expect(await built.text('customizations.xml')).toContain('<CustomControls />');
    expect(JSON.parse(await built.text(`WebResources/${WR}/vendor.json`))).toMatchObject({ line: '9.0', webApiVersion: '9.0' });
  });
  it('refuses a line it does not know, naming the field', async () => {
    await expect(buildSolution(options({ line: '9.3' }))).rejects.toMatchObject({ field: 'line' });
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
    expect(path.basename(other.zipPath)).toBe('NorthwindDocGen_1_4_1_0_9_2.zip');
    const manifest = first(first(await (await open(other.zipPath)).xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest');
    expect(value(manifest, 'Version')).toBe('1.4.1.0');
  });

  it('use the vendor-configured solution name', async () => {
    const result = await buildSolution(options({ vendor: { ...VENDOR, solutionUniqueName: 'ContosoSync' }, outDir: path.join(outDir, 'named') }));
    expect(path.basename(result.zipPath)).toBe('ContosoSync_1_4_0_0_9_2.zip');
    const built = await open(result.zipPath);
    expect(value(first(first(await built.xml('solution.xml'), 'ImportExportXml'), 'SolutionManifest'), 'UniqueName')).toBe('ContosoSync');
    expect(JSON.parse(await built.text(`WebResources/${WR}/vendor.json`)).solutionUniqueName).toBe('ContosoSync');
  });
});

describe('input errors', () => {
  it.each(['1.4', '1.4.0', '1.4.0.0.0', 'v1.4.0.0', '1.04.0.0', '1.4.0.x', ''])('rejects version %p naming the field', async (bad) => {
    const error = await buildSolution(options({ version: bad })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SolutionInputError);
    expect(error).toMatchObject({ field: 'version', code: 'ERR_INVALID_INPUT' });
    expect((error as Error).message).toMatch(/^version must be a 4-part solution version/);
  });

  it.each([
    [{ ...PUBLISHER, prefix: 'NW' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, prefix: 'mscrmx' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, optionValuePrefix: 9999 }, 'vendor.publisher.optionValuePrefix'],
    [{ ...PUBLISHER, uniqueName: '1abc' }, 'vendor.publisher.uniqueName'],
    [undefined, 'vendor.publisher'],
  ])('validates the vendor publisher %p', async (publisher, field) => {
    await expect(buildSolution(options({ vendor: { ...VENDOR, publisher: publisher as typeof PUBLISHER } }))).rejects.toMatchObject({ field });
  });

  it('reads rootCertPem from a PEM file named relative to vendor.json', async () => {
    const vendorDir = mkdtempSync(path.join(os.tmpdir(), 'cra-vendor-'));
    writeFileSync(path.join(vendorDir, 'root.pem'), ROOT_PEM);
    const { validateVendor } = await import('../src/vendor-json');
    expect(validateVendor({ ...VENDOR, rootCertPem: 'root.pem' }, vendorDir).rootCertPem).toBe(ROOT_PEM);
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
      const common = ['--line', '9.2', '--vendor', vendorFile, '--web-resources', path.join(FIXTURES, 'web'), '--out', path.join(outDir, 'cli')];
      expect(await cli(['--version', '1.4', ...common])).toBe(2);
      expect(errors.join('\n')).toContain('--version must be a 4-part solution version');
      expect(await cli(common)).toBe(2);
      expect(errors.join('\n')).toContain('--version is required');
      expect(await cli(['--version', '1.5.0.0', ...common])).toBe(0);
      expect(logs.join('\n')).toContain('NorthwindDocGen_1_5_0_0_9_2.zip');
      expect(logs.join('\n')).toContain('NorthwindDocGen_1_5_0_0_9_2_managed.zip');
    } finally {
      spyError.mockRestore();
      spyLog.mockRestore();
    }
  });
});
