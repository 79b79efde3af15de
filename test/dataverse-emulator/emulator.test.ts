/** The Dataverse Web API emulator behaves as documented for the subset the add-on uses (real HTTP, real zips). */
import JSZip from 'jszip';
import { startDataverseEmulator, type DataverseEmulator } from './emulator';

async function solutionZip(version: string, managed = true): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('solution.xml', `<ImportExportXml><SolutionManifest><UniqueName>TestSolution</UniqueName><LocalizedNames><LocalizedName description="Test Solution" languagecode="1033" /></LocalizedNames><Version>${version}</Version><Managed>${managed ? 1 : 0}</Managed></SolutionManifest></ImportExportXml>`);
  zip.file('customizations.xml', `<ImportExportXml><WebResources><WebResource><Name>cra_/addon/config.html</Name><WebResourceType>1</WebResourceType><FileName>/WebResources/cra_/addon/config.html</FileName></WebResource></WebResources></ImportExportXml>`);
  zip.file('WebResources/cra_/addon/config.html', `<p>page ${version}</p>`);
  zip.file('environmentvariabledefinitions/cra_Licence/environmentvariabledefinition.xml', `<environmentvariabledefinition schemaname="cra_Licence"><type>100000000</type></environmentvariabledefinition>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

let emulator: DataverseEmulator;
const api = (path: string, init?: RequestInit) =>
  fetch(`${emulator.url}/api/data/v9.2/${path}`, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json', ...(init?.headers ?? {}) } });

beforeEach(async () => {
  emulator = await startDataverseEmulator({ orgId: 'a1b2c3d4-0000-4000-8000-000000000001', orgUniqueName: 'contoso', importStepMs: 20 });
});
afterEach(() => emulator.close());

test('ImportSolution really unzips the package: version, web resources and env vars become visible', async () => {
  const jobId = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const res = await api('ImportSolution', { method: 'POST', body: JSON.stringify({ CustomizationFile: (await solutionZip('1.2.0.0')).toString('base64'), ImportJobId: jobId, OverwriteUnmanagedCustomizations: true, PublishWorkflows: true }) });
  expect(res.status).toBe(204);
  const solutions = await (await api("solutions?$filter=uniquename eq 'TestSolution'&$select=version")).json();
  expect(solutions.value).toEqual([expect.objectContaining({ uniquename: 'TestSolution', version: '1.2.0.0', ismanaged: true })]);
  const job = await (await api(`importjobs(${jobId})?$select=progress,completedon`)).json();
  expect(job.progress).toBe(100);
  expect(job.completedon).not.toBeNull();
  expect(await (await fetch(`${emulator.url}/WebResources/cra_/addon/config.html`)).text()).toBe('<p>page 1.2.0.0</p>');
});

test('a bad package or a managed downgrade fails the import and leaves the installed version', async () => {
  await emulator.install(await solutionZip('1.2.0.0'));
  const bad = await api('ImportSolution', { method: 'POST', body: JSON.stringify({ CustomizationFile: Buffer.from('not a zip').toString('base64'), ImportJobId: '11111111-1111-4111-8111-111111111111' }) });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.message).toMatch(/not a zip/);
  const older = await api('ImportSolution', { method: 'POST', body: JSON.stringify({ CustomizationFile: (await solutionZip('1.1.0.0')).toString('base64'), ImportJobId: '22222222-2222-4222-8222-222222222222' }) });
  expect(older.status).toBe(400);
  expect((await older.json()).error.message).toMatch(/cannot be downgraded/);
  expect(emulator.installedSolution('TestSolution')?.version).toBe('1.2.0.0');
  expect(emulator.importJobs.get('22222222-2222-4222-8222-222222222222')?.data).toMatch(/failure/);
});

test('environment variable values round-trip through definitions, create and update', async () => {
  await emulator.install(await solutionZip('1.0.0.0'));
  const query = "environmentvariabledefinitions?$filter=schemaname eq 'cra_Licence'&$select=schemaname,defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value,environmentvariablevalueid)";
  const def = (await (await api(query)).json()).value[0];
  expect(def.environmentvariabledefinition_environmentvariablevalue).toEqual([]);
  const created = await api('environmentvariablevalues', { method: 'POST', body: JSON.stringify({ value: 'token-1', 'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${def.environmentvariabledefinitionid})` }) });
  expect(created.status).toBe(204);
  const valueId = (await (await api(query)).json()).value[0].environmentvariabledefinition_environmentvariablevalue[0].environmentvariablevalueid;
  expect((await api(`environmentvariablevalues(${valueId})`, { method: 'PATCH', body: JSON.stringify({ value: 'token-2' }) })).status).toBe(204);
  expect(emulator.environmentVariable('cra_Licence')).toBe('token-2');
  const unbound = await api('environmentvariablevalues', { method: 'POST', body: JSON.stringify({ value: 'x', 'EnvironmentVariableDefinitionId@odata.bind': '/environmentvariabledefinitions(00000000-0000-4000-8000-000000000000)' }) });
  expect(unbound.status).toBe(400);
});

test('the global context script and RetrieveVersion describe the org', async () => {
  const script = await (await fetch(`${emulator.url}/WebResources/ClientGlobalContext.js.aspx`)).text();
  expect(script).toContain('a1b2c3d4-0000-4000-8000-000000000001');
  expect(script).toContain('getGlobalContext');
  expect((await (await api('RetrieveVersion()')).json()).Version).toBe('9.2.24012.196');
});
