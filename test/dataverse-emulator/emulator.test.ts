/**
 * The Dataverse Web API emulator enforces the documented limits and refusals (each test names its doc page), and
 * a real third-party client (npm dynamics-web-api) can drive it. The packages here are written by hand in the shape
 * of real exports, independent of the project's solution builder.
 */
import JSZip from 'jszip';
import { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseEmulator, type DataverseEmulator, type EmulatorOptions } from './emulator';

interface PackageSpec {
  version: string;
  managed?: boolean;
  line?: string;
  pages?: string[];
  control?: boolean;
  table?: boolean;
  variable?: boolean;
  configurationPage?: string;
  /** Raw override of the SolutionManifest element order / names. */
  manifestTail?: string;
  customizationsOrder?: 'real' | 'controls-first';
}

const TABLE = 'tst_addonstate';

function tableXml(): string {
  const attr = (name: string, type: string, extra: string) =>
    `<attribute PhysicalName="${name}"><Type>${type}</Type><Name>${name.toLowerCase()}</Name><LogicalName>${name.toLowerCase()}</LogicalName><RequiredLevel>none</RequiredLevel>${extra}</attribute>`;
  return (
    `<Entity><Name LocalizedName="Add-on state" OriginalName="Add-on state">tst_AddonState</Name><EntityInfo><entity Name="tst_AddonState">` +
    `<LocalizedNames><LocalizedName description="Add-on state" languagecode="1033" /></LocalizedNames><attributes>` +
    attr('tst_AddonStateId', 'primarykey', '') +
    attr('tst_Name', 'nvarchar', '<DisplayMask>PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm</DisplayMask><MaxLength>100</MaxLength>') +
    attr('tst_Value', 'ntext', '<DisplayMask>ValidForAdvancedFind|ValidForForm|ValidForGrid</DisplayMask><MaxLength>1048576</MaxLength>') +
    `</attributes><EntitySetName>tst_addonstates</EntitySetName><OwnershipTypeMask>OrgOwned</OwnershipTypeMask></entity></EntityInfo></Entity>`
  );
}

async function solutionZip(spec: PackageSpec): Promise<Buffer> {
  const pages = spec.pages ?? ['tst_/addon/config.html'];
  const line = spec.line ?? '9.0';
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>');
  const roots = [
    ...pages.map((p) => `<RootComponent type="61" schemaName="${p}" behavior="0" />`),
    ...(spec.control ? ['<RootComponent type="66" schemaName="tst_Test.Banner" behavior="0" />'] : []),
    ...(spec.table !== false ? [`<RootComponent type="1" schemaName="${TABLE}" behavior="0" />`] : []),
    ...(spec.variable ? ['<RootComponent type="380" schemaName="tst_Licence" behavior="0" />'] : []),
  ].join('');
  const tail =
    spec.manifestTail ??
    `${spec.configurationPage ? `<ConfigurationPage>${spec.configurationPage}</ConfigurationPage>` : ''}` +
      `<Publisher><UniqueName>TestPublisher</UniqueName><LocalizedNames><LocalizedName description="Test" languagecode="1033" /></LocalizedNames><CustomizationPrefix>tst</CustomizationPrefix><CustomizationOptionValuePrefix>12345</CustomizationOptionValuePrefix></Publisher>` +
      `<RootComponents>${roots}</RootComponents><MissingDependencies />`;
  zip.file(
    'solution.xml',
    `<ImportExportXml version="${line}.0.0" SolutionPackageVersion="${line}" languagecode="1033" generatedBy="CrmLive"><SolutionManifest><UniqueName>TestSolution</UniqueName>` +
      `<LocalizedNames><LocalizedName description="Test Solution" languagecode="1033" /></LocalizedNames><Descriptions /><Version>${spec.version}</Version><Managed>${spec.managed === false ? 0 : 1}</Managed>${tail}</SolutionManifest></ImportExportXml>`,
  );
  const webResources = `<WebResources>${pages.map((p, i) => `<WebResource><WebResourceId>{0000000${i}-0000-4000-8000-000000000000}</WebResourceId><Name>${p}</Name><WebResourceType>1</WebResourceType><FileName>/WebResources/${p}</FileName></WebResource>`).join('')}</WebResources>`;
  const controls = spec.control ? '<CustomControls><CustomControl><Name>tst_Test.Banner</Name><FileName>/Controls/tst_Test.Banner/ControlManifest.xml</FileName></CustomControl></CustomControls>' : '<CustomControls />';
  const middle = spec.customizationsOrder === 'controls-first' ? controls + webResources : webResources + controls;
  zip.file(
    'customizations.xml',
    `<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Entities>${spec.table !== false ? tableXml() : ''}</Entities><Roles /><Workflows /><FieldSecurityProfiles /><Templates /><EntityMaps /><EntityRelationships /><OrganizationSettings /><optionsets />${middle}<EntityDataProviders /><Languages><Language>1033</Language></Languages></ImportExportXml>`,
  );
  for (const p of pages) zip.file(`WebResources/${p}`, `<p>${p} ${spec.version}</p>`);
  if (spec.control) zip.file('Controls/tst_Test.Banner/ControlManifest.xml', '<manifest />');
  if (spec.variable) zip.file('environmentvariabledefinitions/tst_Licence/environmentvariabledefinition.xml', '<environmentvariabledefinition schemaname="tst_Licence"><type>100000000</type></environmentvariabledefinition>');
  return zip.generateAsync({ type: 'nodebuffer' });
}

let emulator: DataverseEmulator;
let jobs = 0;
const newJobId = () => `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`;
const api = (path: string, init?: RequestInit & { version?: string }) =>
  fetch(`${emulator.url}/api/data/v${init?.version ?? emulator.line}/${path}`, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json', ...(init?.headers ?? {}) } });
const importZip = async (zip: Buffer, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const ImportJobId = newJobId();
  const res = await api('ImportSolution', { method: 'POST', headers, body: JSON.stringify({ CustomizationFile: zip.toString('base64'), ImportJobId, OverwriteUnmanagedCustomizations: false, PublishWorkflows: true, ...extra }) });
  return { res, body: res.status === 204 ? undefined : ((await res.json()) as { error: { code: string; message: string } }), job: emulator.importJobs.get(ImportJobId) };
};
async function start(options: Partial<EmulatorOptions> = {}): Promise<void> {
  emulator = await startDataverseEmulator({ orgId: 'a1b2c3d4-0000-4000-8000-000000000001', orgUniqueName: 'contoso', importStepMs: 5, ...options });
}

afterEach(() => emulator?.close());

describe('imports (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/importsolution)', () => {
  beforeEach(() => start());

  test('ImportSolution really unzips the package: version, web resources, the custom table, the import log', async () => {
    const { res, job } = await importZip(await solutionZip({ version: '1.2.0.0', configurationPage: 'tst_/addon/config.html' }));
    expect(res.status).toBe(204);
    const solutions = await (await api("solutions?$filter=uniquename eq 'TestSolution'&$select=version,ismanaged")).json();
    expect(solutions.value).toEqual([expect.objectContaining({ version: '1.2.0.0', ismanaged: true })]);
    expect(await (await fetch(`${emulator.url}/WebResources/tst_/addon/config.html`)).text()).toBe('<p>tst_/addon/config.html 1.2.0.0</p>');
    expect(emulator.tables()).toEqual([TABLE]);
    // importjob.data: a result ELEMENT with result/errorcode, as real import logs have it.
    expect(job?.progress).toBe(100);
    expect(job?.data).toMatch(/<importexportxml [^>]*processed="true"><solutionManifests><solutionManifest [^>]*id="TestSolution"[^>]*>.*<result result="success" errorcode="0"/);
  });

  test('required parameters and job ids are checked', async () => {
    const zip = (await solutionZip({ version: '1.0.0.0' })).toString('base64');
    const missing = await api('ImportSolution', { method: 'POST', body: JSON.stringify({ CustomizationFile: zip, ImportJobId: newJobId() }) });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/OverwriteUnmanagedCustomizations is a required/);
    const badId = await api('ImportSolution', { method: 'POST', body: JSON.stringify({ CustomizationFile: zip, ImportJobId: 'job-1', OverwriteUnmanagedCustomizations: false, PublishWorkflows: true }) });
    expect((await badId.json()).error.message).toMatch(/ImportJobId must be a Guid/);
  });

  test('schema validation: wrong SolutionManifest elements and customizations.xml order are refused (0x8004801a)', async () => {
    const wrongName = await importZip(
      await solutionZip({
        version: '1.0.0.0',
        manifestTail: '<Publisher><UniqueName>P</UniqueName><CustomizationPrefix>tst</CustomizationPrefix></Publisher><ConfigurationPageWebResourceName>tst_/addon/config.html</ConfigurationPageWebResourceName><RootComponents /><MissingDependencies />',
      }),
    );
    expect(wrongName.body?.error).toMatchObject({ code: '0x8004801a', message: expect.stringMatching(/ConfigurationPageWebResourceName/) });
    expect(wrongName.job?.data).toMatch(/<result result="failure" errorcode="0x8004801a"/);
    const controlsFirst = await importZip(await solutionZip({ version: '1.0.0.0', line: '9.2', control: true, customizationsOrder: 'controls-first' }));
    expect(controlsFirst.body?.error.code).toBe('0x8004801a');
    expect(emulator.installedSolution('TestSolution')).toBeUndefined();
  });

  test('a configuration page must be one of the package’s web resources; every root component must be in the package', async () => {
    const page = await importZip(await solutionZip({ version: '1.0.0.0', configurationPage: 'tst_/other.html' }));
    expect(page.body?.error.message).toMatch(/configuration page tst_\/other.html/);
  });

  test('managed over unmanaged, and unmanaged over managed, are refused; nothing changes (solution concepts)', async () => {
    await emulator.install(await solutionZip({ version: '1.0.0.0', managed: false }));
    const managed = await importZip(await solutionZip({ version: '1.1.0.0' }));
    expect(managed.body?.error).toMatchObject({ code: '0x80048033', message: expect.stringMatching(/installed on this system as an unmanaged solution/) });
    expect(emulator.installedSolution('TestSolution')).toMatchObject({ version: '1.0.0.0', ismanaged: false });
    await emulator.close();
    await start();
    await emulator.install(await solutionZip({ version: '1.0.0.0' }));
    const unmanaged = await importZip(await solutionZip({ version: '1.1.0.0', managed: false }));
    expect(unmanaged.body?.error.code).toBe('0x80048033');
  });

  test('a managed solution cannot be downgraded', async () => {
    await emulator.install(await solutionZip({ version: '1.2.0.0' }));
    const older = await importZip(await solutionZip({ version: '1.1.0.0' }));
    expect(older.body?.error.message).toMatch(/cannot be downgraded/);
    expect(emulator.installedSolution('TestSolution')?.version).toBe('1.2.0.0');
  });

  test('update is not upgrade: a plain import keeps what the new version dropped; holding + DeleteAndPromote removes it (https://learn.microsoft.com/power-apps/maker/data-platform/update-solutions)', async () => {
    await emulator.install(await solutionZip({ version: '1.0.0.0', pages: ['tst_/addon/config.html', 'tst_/addon/old.html'] }));
    expect((await importZip(await solutionZip({ version: '1.1.0.0' }))).res.status).toBe(204);
    expect(emulator.webResource('tst_/addon/old.html')).toBeDefined(); // update: still there

    const holding = await importZip(await solutionZip({ version: '1.2.0.0' }), { HoldingSolution: true });
    expect(holding.res.status).toBe(204);
    expect(emulator.installedSolution('TestSolution_Upgrade')?.version).toBe('1.2.0.0');
    expect(emulator.installedSolution('TestSolution')?.version).toBe('1.1.0.0');
    const again = await importZip(await solutionZip({ version: '1.3.0.0' }), { HoldingSolution: true });
    expect(again.body?.error.message).toMatch(/pending already/);

    const promote = await api('DeleteAndPromote', { method: 'POST', body: JSON.stringify({ UniqueName: 'TestSolution' }) });
    expect(promote.status).toBe(200);
    expect(emulator.installedSolution('TestSolution')?.version).toBe('1.2.0.0');
    expect(emulator.installedSolution('TestSolution_Upgrade')).toBeUndefined();
    expect(emulator.webResource('tst_/addon/old.html')).toBeUndefined(); // upgrade: gone
    expect(emulator.webResource('tst_/addon/config.html')).toBeDefined();
    const nothingPending = await api('DeleteAndPromote', { method: 'POST', body: JSON.stringify({ UniqueName: 'TestSolution' }) });
    expect(nothingPending.status).toBe(400);
  });

  test('a holding solution needs a managed base of an older version', async () => {
    const noBase = await importZip(await solutionZip({ version: '1.0.0.0' }), { HoldingSolution: true });
    expect(noBase.body?.error.message).toMatch(/needs the base solution/);
  });

  test('a dropped table is deleted with its rows on upgrade', async () => {
    await emulator.install(await solutionZip({ version: '1.0.0.0' }));
    expect(emulator.tables()).toEqual([TABLE]);
    await importZip(await solutionZip({ version: '2.0.0.0', table: false }), { HoldingSolution: true });
    expect(emulator.tables()).toEqual([TABLE]);
    await api('DeleteAndPromote', { method: 'POST', body: JSON.stringify({ UniqueName: 'TestSolution' }) });
    expect(emulator.tables()).toEqual([]);
  });
});

describe('lines (docs/dataverse-lines.md)', () => {
  test('a 9.0 org refuses a package built for 9.2, PCF controls and environment variables, and serves no v9.2 Web API', async () => {
    await start({ orgVersion: '9.0.2.3034' });
    const newer = await importZip(await solutionZip({ version: '1.0.0.0', line: '9.2' }));
    expect(newer.body?.error.message).toMatch(/created for a newer version \(9.2\) than this organization \(9.0\)/);
    const control = await importZip(await solutionZip({ version: '1.0.0.0', control: true }));
    expect(control.body?.error.message).toMatch(/CustomControls/);
    const variable = await importZip(await solutionZip({ version: '1.0.0.0', variable: true }));
    expect(variable.body?.error.message).toMatch(/environment variable definitions, which do not exist in version 9.0/);
    expect((await api('RetrieveVersion()', { version: '9.2' })).status).toBe(404);
    expect((await (await api('RetrieveVersion()', { version: '9.0' })).json()).Version).toBe('9.0.2.3034');
    expect((await importZip(await solutionZip({ version: '1.0.0.0' }))).res.status).toBe(204);
  });

  test('StageAndUpgrade exists on 9.2 only, where it imports and promotes in one call', async () => {
    await start({ orgVersion: '9.1.0.23' });
    expect((await api('StageAndUpgrade', { method: 'POST', body: '{}' })).status).toBe(404);
    await emulator.close();
    await start({ orgVersion: '9.2.24012.196' });
    await emulator.install(await solutionZip({ version: '1.0.0.0', pages: ['tst_/addon/config.html', 'tst_/addon/old.html'] }));
    const staged = await api('StageAndUpgrade', {
      method: 'POST',
      body: JSON.stringify({ CustomizationFile: (await solutionZip({ version: '1.1.0.0' })).toString('base64'), ImportJobId: newJobId(), OverwriteUnmanagedCustomizations: false, PublishWorkflows: true }),
    });
    expect(staged.status).toBe(200);
    expect(emulator.installedSolution('TestSolution')?.version).toBe('1.1.0.0');
    expect(emulator.installedSolution('TestSolution_Upgrade')).toBeUndefined();
    expect(emulator.webResource('tst_/addon/old.html')).toBeUndefined();
  });

  test('ClientGlobalContext.js.aspx gives GetGlobalContext, never Xrm (https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/getglobalcontext-clientglobalcontext.js.aspx)', async () => {
    await start({ orgVersion: '8.2.2.112' });
    const script = await (await fetch(`${emulator.url}/WebResources/ClientGlobalContext.js.aspx`)).text();
    const window: Record<string, unknown> = {};
    new Function('window', script)(window);
    expect(window.Xrm).toBeUndefined();
    const ctx = (window.GetGlobalContext as () => Record<string, unknown>)();
    expect((ctx.getVersion as () => string)()).toBe('8.2.2.112');
    expect(ctx.organizationSettings).toBeUndefined(); // 8.2 has none
  });

  test('functions need their parentheses (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-web-api-functions)', async () => {
    await start();
    expect((await api('RetrieveVersion')).status).toBe(404);
    expect((await api('RetrieveVersion()')).status).toBe(200);
    expect((await (await api('WhoAmI()')).json()).OrganizationId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
  });
});

describe('limits and privileges', () => {
  test('environment variable values hold at most 2,000 characters (environmentvariablevalue.value, MaxLength 2000)', async () => {
    await start();
    await emulator.install(await solutionZip({ version: '1.0.0.0', line: '9.2', variable: true }));
    const def = (await (await api("environmentvariabledefinitions?$filter=schemaname eq 'tst_Licence'")).json()).value[0];
    const bind = `/environmentvariabledefinitions(${def.environmentvariabledefinitionid})`;
    const tooLong = await api('environmentvariablevalues', { method: 'POST', body: JSON.stringify({ value: 'x'.repeat(2001), 'EnvironmentVariableDefinitionId@odata.bind': bind }) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.message).toMatch(/exceeded the maximum allowed length of '2000'/);
    expect((await api('environmentvariablevalues', { method: 'POST', body: JSON.stringify({ value: 'x'.repeat(2000), 'EnvironmentVariableDefinitionId@odata.bind': bind }) })).status).toBe(204);
  });

  test('custom table columns keep their MaxLength; conditional writes follow ETags (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api)', async () => {
    await start();
    await emulator.install(await solutionZip({ version: '1.0.0.0' }));
    const id = '11111111-2222-4333-8444-555555555555';
    const longName = await api(`tst_addonstates(${id})`, { method: 'PATCH', body: JSON.stringify({ tst_name: 'n'.repeat(101) }) });
    expect((await longName.json()).error.message).toMatch(/maximum allowed length of '100'/);
    const token = 'e'.repeat(2_700); // a real-size signed licence with its x5c chain
    const created = await api(`tst_addonstates(${id})`, { method: 'PATCH', headers: { 'If-None-Match': '*', Prefer: 'return=representation' }, body: JSON.stringify({ tst_name: 'licence', tst_value: token }) });
    expect(created.status).toBe(200);
    const etag = (await created.json())['@odata.etag'];
    expect((await api(`tst_addonstates(${id})`, { method: 'PATCH', headers: { 'If-None-Match': '*' }, body: JSON.stringify({ tst_value: 'again' }) })).status).toBe(412);
    expect((await api(`tst_addonstates(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, body: JSON.stringify({ tst_value: 'v2' }) })).status).toBe(204);
    const stale = await api(`tst_addonstates(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, body: JSON.stringify({ tst_value: 'v3' }) });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe('0x80060882');
    expect((await api('tst_addonstates(22222222-2222-4333-8444-555555555555)', { method: 'PATCH', headers: { 'If-Match': '*' }, body: JSON.stringify({ tst_value: 'x' }) })).status).toBe(404);
    const unknown = await api(`tst_addonstates(${id})`, { method: 'PATCH', body: JSON.stringify({ tst_other: 'x' }) });
    expect((await unknown.json()).error.message).toMatch(/Could not find a property named 'tst_other'/);
    expect(emulator.tableRow(TABLE, 'licence')?.tst_value).toBe('v2');
  });

  test('importing, publishing and the table need the documented privileges; RetrieveUserPrivileges tells the page which the user holds', async () => {
    // A customizer who has every ImportSolution privilege but one (prvWriteOrganization) still cannot import.
    const almost = ['prvCreateCustomization', 'prvReadArticleTemplate', 'prvReadBusinessUnit', 'prvReadConnectionRole', 'prvReadContractTemplate', 'prvReadCustomization', 'prvReadEmailTemplate', 'prvReadEntityMap', 'prvReadFieldSecurityProfile', 'prvReadMailMergeTemplate', 'prvReadPluginAssembly', 'prvReadQuery', 'prvReadReport', 'prvReadRole', 'prvReadSdkMessageProcessingStep', 'prvReadSolution', 'prvReadSystemForm', 'prvReadWebResource', 'prvWriteArticleTemplate', 'prvWriteConnectionRole', 'prvWriteContractTemplate', 'prvWriteCustomization', 'prvWriteQuery', 'prvWriteSolution', 'prvWriteSystemForm'];
    await start({ users: [{ name: 'Admin', privileges: 'all' }, { name: 'Sales', privileges: ['prvReadtst_AddonState'] }, { name: 'Almost', privileges: almost }] });
    await emulator.install(await solutionZip({ version: '1.0.0.0' }));
    const asSales = { cookie: 'emulator_user=Sales' };
    const denied = await importZip(await solutionZip({ version: '1.1.0.0' }), {}, asSales);
    expect(denied.res.status).toBe(403);
    expect(denied.body?.error).toMatchObject({ code: '0x80040220', message: expect.stringMatching(/missing prvCreateCustomization privilege/) });
    expect((await api('PublishAllXml', { method: 'POST', headers: asSales })).status).toBe(403);
    const almostDenied = await importZip(await solutionZip({ version: '1.1.0.0' }), {}, { cookie: 'emulator_user=Almost' });
    expect(almostDenied.body?.error.message).toMatch(/missing prvWriteOrganization privilege/);
    expect((await api('DeleteAndPromote', { method: 'POST', headers: { cookie: 'emulator_user=Almost' }, body: JSON.stringify({ UniqueName: 'TestSolution' }) })).status).toBe(403);
    expect((await api('tst_addonstates(11111111-2222-4333-8444-555555555555)', { method: 'PATCH', headers: asSales, body: JSON.stringify({ tst_value: 'x' }) })).status).toBe(403);
    const me = await (await api('WhoAmI()', { headers: asSales })).json();
    const privileges = await (await api(`systemusers(${me.UserId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, { headers: asSales })).json();
    const ids = (await (await api("privileges?$filter=name eq 'prvCreateCustomization'")).json()).value.map((p: { privilegeid: string }) => p.privilegeid);
    expect(privileges.RolePrivileges.some((p: { PrivilegeId: string }) => ids.includes(p.PrivilegeId))).toBe(false);
  });
});

test('a real client (npm dynamics-web-api) drives the emulator: WhoAmI, upsert with a condition, retrieve, ImportSolution', async () => {
  await start();
  await emulator.install(await solutionZip({ version: '1.0.0.0' }));
  const client = new DynamicsWebApi({ serverUrl: emulator.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => 'no-token-needed' });
  const me = await client.callFunction<{ OrganizationId: string }>({ name: 'WhoAmI' });
  expect(me.OrganizationId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
  const id = '33333333-2222-4333-8444-555555555555';
  await client.upsert({ collection: 'tst_addonstates', key: id, data: { tst_name: 'autoUpdate', tst_value: 'no' }, ifnonematch: '*' });
  const row = await client.retrieve<{ tst_value: string; '@odata.etag': string }>({ collection: 'tst_addonstates', key: id, select: ['tst_value'] });
  expect(row.tst_value).toBe('no');
  await expect(client.upsert({ collection: 'tst_addonstates', key: id, data: { tst_value: 'yes' }, ifnonematch: '*' })).resolves.toBeNull();
  expect(emulator.tableRow(TABLE, 'autoUpdate')?.tst_value).toBe('no');
  await client.callAction({
    actionName: 'ImportSolution',
    action: { CustomizationFile: (await solutionZip({ version: '1.1.0.0' })).toString('base64'), ImportJobId: newJobId(), OverwriteUnmanagedCustomizations: false, PublishWorkflows: true },
  });
  expect(emulator.installedSolution('TestSolution')?.version).toBe('1.1.0.0');
});
