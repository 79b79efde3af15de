/**
 * The solution zip: every entry SolutionPackager would have, well-formed XML, version / managed flag / publisher /
 * root components, deterministic bytes, fast rebuilds from the cached control, and clear input errors.
 * The control is the real one (pcf-scripts production build, cached by source hash); the configuration page is a
 * fixture (the page build belongs to the add-on engineer and has its own tests).
 */
import { spawnSync } from 'node:child_process';
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

  it('defines the state table: organisation-owned, a 100-character name and a 1,048,576-character value (S15)', async () => {
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
    const attributes = Object.fromEntries(all(first(info, 'attributes'), 'attribute').map((a) => [a.$?.PhysicalName, a]));
    expect(Object.keys(attributes)).toEqual(['nwa_NorthwinddocgenStateId', 'nwa_Name', 'nwa_Value']);
    expect(value(attributes.nwa_Name, 'DisplayMask')).toContain('PrimaryName');
    expect(value(attributes.nwa_Value, 'DisplayMask')).not.toContain('PrimaryName');
    expect(value(attributes.nwa_NorthwinddocgenStateId, 'RequiredLevel')).toBe('systemrequired');
    expect([value(attributes.nwa_Name, 'Format'), value(attributes.nwa_Value, 'Format')]).toEqual(['text', 'text']);
    expect(first(entity, 'Name').$).toEqual({ LocalizedName: 'Add-on state', OriginalName: 'Add-on state' });
    expect(info.$?.Name).toBe('nwa_NorthwinddocgenState');
    expect(first(first(info, 'LocalizedNames'), 'LocalizedName').$).toEqual({ description: 'Add-on state', languagecode: '1033' });
    expect(first(first(info, 'LocalizedCollectionNames'), 'LocalizedCollectionName').$?.description).toBe('Add-on state');
    expect(value(info, 'IsCustomizable')).toBe('1');
    expect(value(info, 'IntroducedVersion')).toBe('1.0.0.0');
    expect(unmanaged.names.some((n) => n.startsWith('environmentvariabledefinitions/'))).toBe(false);
  });
});

/**
 * Facts of CustomizationsSolution.xsd, the schema of customizations.xml ("Customization solutions file schema",
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/customization-solutions-file-schema; the xsd
 * ships with the SDK's Schemas folder). Element names and their order only, written down by hand from the xsd.
 */
const XSD = {
  /** xs:sequence of the ImportExportXml root: children may be left out, never reordered. */
  importExportXmlSequence: [
    'Entities', 'Roles', 'Workflows', 'FieldSecurityProfiles', 'Templates', 'RibbonDiffXml', 'IsvConfig', 'RelationshipRoles',
    'ConnectionRoles', 'SiteMap', 'EntityMaps', 'EntityRelationships', 'OrganizationSettings', 'optionsets', 'Reports', 'RoutingRules',
    'ChannelPropertyGroups', 'ConvertRules', 'MobileOfflineProfiles', 'Slas', 'ChannelAccessProfiles', 'ChannelAccessProfileRules',
    'Dashboards', 'InteractionCentricDashboards', 'Dialogs', 'WebResources', 'CustomControls', 'SolutionPluginAssemblies',
    'SdkMessageProcessingSteps', 'ServiceEndpoints', 'AppModuleSiteMaps', 'AppModules', 'EntityDataProviders', 'EntityDataSources',
    'Languages', 'GlobalSearchConfigurations', 'StoredProcedures',
  ],
  /** Entity: xs:all (any order), Name required. */
  entityChildren: ['Name', 'ObjectTypeCode', 'EntityInfo', 'FormXml', 'SavedQueries', 'Visualizations', 'RibbonDiffXml', 'Icons', 'Strings', 'HierarchyRules', 'CustomControlDefaultConfigs', 'indexes'],
  /** EntityInfo/entity: xs:all (any order); `attributes` is required. The Name attribute is required. */
  entityInfoChildren: [
    'EntitySetName', 'ExternalName', 'ExternalCollectionName', 'HasRelatedNotes', 'HasRelatedFeedback', 'HasRelatedActivities', 'IsConnectionsEnabled',
    'IsDocumentManagementEnabled', 'IsCollaboration', 'AutoRouteToOwnerQueue', 'AutoCreateAccessTeams', 'OwnershipTypeMask', 'IsAuditEnabled', 'IsActivity',
    'ActivityTypeMask', 'DaysSinceRecordLastModified', 'IsActivityParty', 'IsReplicated', 'IsReplicationUserFiltered', 'IsRequiredOffline',
    'IsDuplicateCheckSupported', 'IsBusinessProcessEnabled', 'IsInteractionCentricEnabled', 'IsMailMergeEnabled', 'IsVisibleInMobile', 'MobileClientType',
    'IsVisibleInMobileClient', 'IsReadOnlyInMobileClient', 'IsOfflineInMobileClient', 'IsReadingPaneEnabled', 'IsMapiGridEnabled', 'IsCustomizable',
    'IsRenameable', 'IsMappable', 'CanModifyConnectionSettings', 'CanModifyAuditSettings', 'CanModifyMobileVisibility', 'CanModifyMobileClientVisibility',
    'CanModifyMobileClientReadOnly', 'CanModifyMobileClientOffline', 'CanModifyDuplicateDetectionSettings', 'CanModifyMailMergeSettings',
    'CanModifyQueueSettings', 'CanCreateAttributes', 'CanBeRelatedEntityInRelationship', 'CanBePrimaryEntityInRelationship', 'CanBeInManyToMany',
    'CanCreateForms', 'CanCreateCharts', 'CanCreateViews', 'CanModifyAdditionalSettings', 'LocalizedNames', 'LocalizedCollectionNames', 'Descriptions',
    'EntityMask', 'EntityHelpUrlEnabled', 'EntityHelpUrl', 'IconLargeName', 'IconMediumName', 'IconSmallName', 'IconVectorName', 'IsQuickCreateEnabled',
    'IntroducedVersion', 'EnforceStateTransitions', 'CanChangeHierarchicalRelationship', 'IsKnowledgeManagementEnabled', 'EntityColor',
    'ChangeTrackingEnabled', 'CanChangeTrackingBeEnabled', 'IsOneNoteIntegrationEnabled', 'IsDocumentRecommendationsEnabled', 'IsBPFEntity',
    'DataProviderId', 'DataSourceId', 'SyncToExternalSearchIndex', 'CanEnableSyncToExternalSearchIndex', 'IsEnabledForExternalChannels', 'IsSLAEnabled',
    'MobileOfflineFilters', 'EntityKeys', 'attributes',
  ],
  /** attributes/attribute: xs:all (any order); PhysicalName attribute required. */
  attributeChildren: [
    'Type', 'Name', 'LogicalName', 'ExternalName', 'IsCustomField', 'ValidForCreateApi', 'ValidForReadApi', 'ValidForUpdateApi', 'DisplayMask', 'Length',
    'IsLogical', 'AttributeOf', 'YomiOf', 'CalculationOf', 'AggregateOf', 'IsAuditEnabled', 'XmlAbbreviation', 'ImeMode', 'RequiredLevel', 'LinkedAttribute',
    'Format', 'MaxLength', 'MinValue', 'MaxValue', 'Accuracy', 'Descriptions', 'displaynames', 'OptionSetName', 'optionset', 'AppDefaultValue',
    'AccuracySource', 'ReferencedEntityObjectTypeCode', 'LookupBrowse', 'LookupStyle', 'LookupTypes', 'IsSecured', 'IsCustomizable', 'IsRenameable',
    'CanModifySearchSettings', 'CanModifyRequirementLevelSettings', 'CanModifyFieldLevelSecuritySettings', 'CanModifyAdditionalSettings',
    'IntroducedVersion', 'SourceType', 'FormulaDefinitionFileName', 'Behavior', 'CanChangeDateTimeBehavior', 'IsGlobalFilterEnabled', 'IsSortableEnabled',
    'CanModifyGlobalFilterSettings', 'CanModifyIsSortableSettings', 'IsActive', 'IsDataSourceSecret',
  ],
};

/**
 * Facts of real exported solution.xml files (the PowerApps-Samples solutions and current exports, also described on
 * https://learn.microsoft.com/power-platform/alm/solution-concepts-alm): SolutionManifest's children in this order,
 * ConfigurationPage (when the solution has one) directly after Managed; the Publisher's children in this order.
 */
const SOLUTION_MANIFEST_ORDER = ['UniqueName', 'LocalizedNames', 'Descriptions', 'Version', 'Managed', 'ConfigurationPage', 'Publisher', 'RootComponents', 'MissingDependencies'];
const PUBLISHER_ORDER = ['UniqueName', 'LocalizedNames', 'Descriptions', 'EMailAddress', 'SupportingWebsiteUrl', 'CustomizationPrefix', 'CustomizationOptionValuePrefix', 'Addresses'];

/** The names of the direct children of the first <parent> element (a small scanner, no XML library involved). */
function childOrder(xml: string, parent: string): string[] {
  const body = new RegExp(`<${parent}\\b[^>]*>([\\s\\S]*?)</${parent}>`).exec(xml)![1];
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
}

/** True when `names` keeps the order of `sequence` (a subsequence of it) and has no name outside it. */
function followsSequence(names: string[], sequence: string[]): boolean {
  let at = 0;
  for (const name of names) {
    const found = sequence.indexOf(name, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

describe('element order as Dataverse writes and reads it', () => {
  it('the order checks can fail', () => {
    expect(followsSequence(['Entities', 'CustomControls', 'WebResources'], XSD.importExportXmlSequence)).toBe(false);
    expect(followsSequence(['Entities', 'EnvironmentVariables'], XSD.importExportXmlSequence)).toBe(false);
    expect(childOrder('<a><b/><c><d/></c><e>x</e></a>', 'a')).toEqual(['b', 'c', 'e']);
  });

  it('solution.xml: the manifest and publisher in export order, ConfigurationPage directly after Managed, stamped with the line', async () => {
    const xml = await unmanaged.text('solution.xml');
    expect(childOrder(xml, 'SolutionManifest')).toEqual(SOLUTION_MANIFEST_ORDER);
    expect(childOrder(xml, 'Publisher')).toEqual(PUBLISHER_ORDER);
    expect(xml).toMatch(/<ImportExportXml version="9\.2\.0\.0" SolutionPackageVersion="9\.2" languagecode="1033" generatedBy="CrmLive" OrganizationSchemaType="Standard" xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance">/);
    expect(xml).not.toContain('ConfigurationPageWebResourceName');
  });

  it.each(['8.2', '9.0', '9.1', '9.2'])('customizations.xml (%s): top-level elements follow the xsd sequence, Entities first, WebResources before CustomControls', async (line) => {
    const built = await open((await buildSolution(options({ line, outDir: path.join(outDir, `order-${line}`) }))).zipPath);
    const names = childOrder(await built.text('customizations.xml'), 'ImportExportXml');
    expect(followsSequence(names, XSD.importExportXmlSequence)).toBe(true);
    expect(names[0]).toBe('Entities');
    expect(names.indexOf('WebResources')).toBeLessThan(names.indexOf('CustomControls'));
  });

  it('customizations.xml: the state table entity uses only elements the xsd allows there', async () => {
    const xml = await unmanaged.text('customizations.xml');
    const entity = /<Entity>[\s\S]*?<\/Entity>/.exec(xml)![0];
    const within = (names: string[], allowed: string[]) => names.filter((name) => !allowed.includes(name));
    expect(within(childOrder(entity, 'Entity'), XSD.entityChildren)).toEqual([]);
    const info = childOrder(entity, 'entity');
    expect(within(info, XSD.entityInfoChildren)).toEqual([]);
    expect(new Set(info).size).toBe(info.length); // xs:all: each at most once
    expect(info).toContain('attributes');
    for (const attribute of entity.match(/<attribute PhysicalName="[^"]+">[\s\S]*?<\/attribute>/g)!) {
      const children = childOrder(attribute, 'attribute');
      expect(within(children, XSD.attributeChildren)).toEqual([]);
      expect(new Set(children).size).toBe(children.length);
    }
  });
});

describe('well-formed XML (xmllint --noout)', () => {
  const xmllint = (file: string) => spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });

  it('xmllint is there and rejects a broken file (the check can fail)', () => {
    const broken = path.join(outDir, 'broken.xml');
    writeFileSync(broken, '<?xml version="1.0" encoding="utf-8"?><a><b></a>');
    const result = xmllint(broken);
    expect(result.error).toBeUndefined(); // xmllint missing: apt-get install -y libxml2-utils (.ci/run does)
    expect(result.status).not.toBe(0);
  });

  it.each(['8.2', '9.2'])('every XML entry of the %s zip passes', async (line) => {
    const built = await open((await buildSolution(options({ line, managed: true, outDir: path.join(outDir, `lint-${line}`) }))).zipPath);
    const xmlEntries = built.names.filter((name) => name.endsWith('.xml'));
    expect(xmlEntries.length).toBeGreaterThanOrEqual(line === '9.2' ? 4 : 3);
    const dir = mkdtempSync(path.join(outDir, 'lint-'));
    for (const [index, name] of xmlEntries.entries()) {
      const file = path.join(dir, `${index}.xml`);
      writeFileSync(file, await built.text(name));
      const result = xmllint(file);
      expect({ name, status: result.status, stderr: result.stderr }).toEqual({ name, status: 0, stderr: '' });
    }
  });
});

describe('per-line builds', () => {
  it.each([
    ['8.2', false],
    ['9.0', false],
    ['9.1', false], // on-premises: no PCF
    ['9.2', true],
  ] as const)('%s: PCF control only where the line has PCF, the line stamp and its Web API version', async (line, pcf) => {
    const result = await buildSolution(options({ line, managed: true, outDir: path.join(outDir, `line-${line}`) }));
    expect(path.basename(result.zipPath)).toBe(`NorthwindDocGen_1_4_0_0_${line.replace('.', '_')}_managed.zip`);
    const built = await open(result.zipPath);
    const solution = await built.text('solution.xml');
    const customizations = await built.text('customizations.xml');
    expect(built.names.some((n) => n.startsWith('Controls/'))).toBe(pcf);
    expect(solution.includes('<RootComponent type="66"')).toBe(pcf);
    expect(customizations.includes('<CustomControl>')).toBe(pcf);
    expect(solution).toContain(`<ImportExportXml version="${line}.0.0" SolutionPackageVersion="${line}"`);
    expect(customizations).toContain(`OrganizationVersion="${line}.0.0"`);
    // No environment variables on any line: the state table holds the settings (decision S15).
    expect(built.names.some((n) => /environmentvariable/i.test(n))).toBe(false);
    expect(solution).not.toContain('type="380"');
    expect(customizations).not.toMatch(/environmentvariable/i);
    expect(solution).toContain('<RootComponent type="1" schemaName="nwa_northwinddocgenstate" behavior="0" />');
    expect(JSON.parse(await built.text(`WebResources/${WR}/vendor.json`))).toMatchObject({ line, webApiVersion: line === '9.1' ? '9.0' : line }); // 9.1 on-premises: v9.0 (docs/dataverse-lines.md)
  });

  it('9.0 has no Controls/ entries and no CustomControl; 9.2 has both', async () => {
    const l90 = await open((await buildSolution(options({ line: '9.0', outDir: path.join(outDir, 'l90') }))).zipPath);
    expect(l90.names.filter((n) => n.startsWith('Controls/'))).toEqual([]);
    expect(await l90.text('customizations.xml')).not.toContain('<CustomControl>');
    expect(unmanaged.names.filter((n) => n.startsWith('Controls/')).length).toBe(3);
    expect(await unmanaged.text('customizations.xml')).toContain('<CustomControl>');
  });

  it('points the packaged control at this vendor.json through the settingsWebResource default', async () => {
    const manifest = await unmanaged.text(`${CONTROL_DIR}/ControlManifest.xml`);
    expect(manifest).toMatch(new RegExp(`<property name="settingsWebResource"[^>]*default-value="${WR}/vendor.json"`));
    const other = await open(
      (await buildSolution(options({ vendor: { ...VENDOR, publisher: { ...PUBLISHER, prefix: 'fab' } }, outDir: path.join(outDir, 'fab') }))).zipPath,
    );
    expect(await other.text('Controls/fab_CrmAssurance.LicenceBanner/ControlManifest.xml')).toMatch(
      /<property name="settingsWebResource"[^>]*default-value="fab_\/northwind-docgen\/vendor\.json"/,
    );
  });

  it('web resource ids are name-based: stable across builds, different for another prefix', async () => {
    const ids = async (built: Built) => all(first(first(await built.xml('customizations.xml'), 'ImportExportXml'), 'WebResources'), 'WebResource').map((r) => value(r, 'WebResourceId'));
    const again = await open((await buildSolution(options({ version: '1.5.0.0', line: '9.1', outDir: path.join(outDir, 'ids') }))).zipPath);
    const other = await open((await buildSolution(options({ vendor: { ...VENDOR, publisher: { ...PUBLISHER, prefix: 'zz' } }, outDir: path.join(outDir, 'ids-zz') }))).zipPath);
    expect(await ids(again)).toEqual(await ids(unmanaged));
    for (const id of await ids(other)) expect(await ids(unmanaged)).not.toContain(id);
  });

  it('refuses a line it does not know, or none, naming the field', async () => {
    await expect(buildSolution(options({ line: '9.3' }))).rejects.toMatchObject({ field: 'line' });
    await expect(buildSolution(options({ line: 'toString' }))).rejects.toMatchObject({ field: 'line' });
    await expect(buildSolution(options({ line: undefined as unknown as string }))).rejects.toMatchObject({ field: 'line', message: expect.stringMatching(/^line must be/) });
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
    [{ ...PUBLISHER, prefix: 'n' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, prefix: 'abcdefghi' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, prefix: '1nw' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, prefix: 'nw_a' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, prefix: 'mscrmx' }, 'vendor.publisher.prefix'],
    [{ ...PUBLISHER, optionValuePrefix: 9999 }, 'vendor.publisher.optionValuePrefix'],
    [{ ...PUBLISHER, optionValuePrefix: 100000 }, 'vendor.publisher.optionValuePrefix'],
    [{ ...PUBLISHER, optionValuePrefix: 72310.5 }, 'vendor.publisher.optionValuePrefix'],
    [{ ...PUBLISHER, optionValuePrefix: '72310' }, 'vendor.publisher.optionValuePrefix'],
    [{ ...PUBLISHER, uniqueName: '1abc' }, 'vendor.publisher.uniqueName'],
    [{ ...PUBLISHER, uniqueName: 'Northwind Add-ons' }, 'vendor.publisher.uniqueName'],
    [{ ...PUBLISHER, uniqueName: `N${'x'.repeat(64)}` }, 'vendor.publisher.uniqueName'],
    [{ ...PUBLISHER, friendlyName: ' ' }, 'vendor.publisher.friendlyName'],
    [{ ...PUBLISHER, friendlyName: undefined }, 'vendor.publisher.friendlyName'],
    [{ ...PUBLISHER, description: 7 }, 'vendor.publisher.description'],
    [undefined, 'vendor.publisher'],
    ['nwa', 'vendor.publisher'],
  ])('validates the vendor publisher %p, naming %s', async (publisher, field) => {
    const error = await buildSolution(options({ vendor: { ...VENDOR, publisher: publisher as typeof PUBLISHER } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SolutionInputError);
    expect(error).toMatchObject({ field, code: 'ERR_INVALID_INPUT' });
    expect((error as Error).message.startsWith(`${field} `)).toBe(true);
  });

  it('accepts the boundaries of the publisher rules', async () => {
    for (const publisher of [
      { ...PUBLISHER, prefix: 'ab', optionValuePrefix: 10000 },
      { ...PUBLISHER, prefix: 'abcdefg8', optionValuePrefix: 99999, uniqueName: `_${'x'.repeat(63)}`, description: 'Our publisher' },
    ]) {
      await expect(buildSolution(options({ vendor: { ...VENDOR, publisher }, outDir: path.join(outDir, 'bounds') }))).resolves.toMatchObject({ size: expect.any(Number) });
    }
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

  it('the CLI names --line when it is bad or missing, and --vendor for publisher errors', async () => {
    const errors: string[] = [];
    const spyError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    try {
      const vendorFile = path.join(outDir, 'vendor-line.json');
      writeFileSync(vendorFile, JSON.stringify(VENDOR));
      const common = ['--version', '1.4.0.0', '--web-resources', path.join(FIXTURES, 'web'), '--out', path.join(outDir, 'cli-line')];
      expect(await cli([...common, '--vendor', vendorFile])).toBe(2);
      expect(errors.pop()).toMatch(/^error: --line must be the Dynamics 365 line the build is for: 8\.2, 9\.0, 9\.1, 9\.2 \(got undefined\)/);
      expect(await cli([...common, '--vendor', vendorFile, '--line', '9'])).toBe(2);
      expect(errors.pop()).toMatch(/^error: --line must be .* \(got "9"\)/);
      writeFileSync(vendorFile, JSON.stringify({ ...VENDOR, publisher: { ...PUBLISHER, prefix: 'mscrm' } }));
      expect(await cli([...common, '--vendor', vendorFile, '--line', '9.0'])).toBe(2);
      expect(errors.pop()).toMatch(/^error: --vendor: vendor\.publisher\.prefix must be/);
    } finally {
      spyError.mockRestore();
    }
  });

  it('the CLI reads rootCertPem from a PEM file next to vendor.json, wherever the command is typed', async () => {
    const logs: string[] = [];
    const spyLog = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
    try {
      const vendorDir = mkdtempSync(path.join(outDir, 'vendor-dir-'));
      writeFileSync(path.join(vendorDir, 'root.pem'), ROOT_PEM);
      writeFileSync(path.join(vendorDir, 'vendor.json'), JSON.stringify({ ...VENDOR, rootCertPem: 'root.pem' }));
      const out = path.join(outDir, 'cli-pem');
      expect(await cli(['--line', '9.0', '--version', '1.4.0.0', '--vendor', path.join(vendorDir, 'vendor.json'), '--web-resources', path.join(FIXTURES, 'web'), '--out', out])).toBe(0);
      const built = await open(path.join(out, 'NorthwindDocGen_1_4_0_0_9_0_managed.zip'));
      expect(JSON.parse(await built.text(`WebResources/${WR}/vendor.json`)).rootCertPem).toBe(ROOT_PEM);
      expect(logs.join('\n')).toContain('NorthwindDocGen_1_4_0_0_9_0.zip');
    } finally {
      spyLog.mockRestore();
    }
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
