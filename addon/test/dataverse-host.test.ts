/**
 * The Dataverse host adapter against the Dataverse Web API emulator over real HTTP, with the org's global context
 * from xrm-mock (a third-party implementation of the Xrm object model: what `parent.Xrm.Utility.getGlobalContext()`
 * gives a page hosted in a form). The solution is the real 9.2 build of the add-on.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClientContextMock, ContextMock, OrganizationSettingsMock, UserSettingsMock, XrmMockGenerator } from 'xrm-mock';
import { buildSolution } from '../../solution/src/build-solution';
import { startDataverseEmulator, type DataverseEmulator } from '../../test/dataverse-emulator/emulator';
import { dataverseHost } from '../src/dataverse/dataverse-host';
import type { HostAdapter } from '../src/client/host-adapter';
import { AddonError } from '../src/client/client-error';

const ORG_ID = '7a1e0c55-2f3b-4d8e-9c11-0123456789ab';
const FIXTURES = path.resolve(__dirname, '../../solution/test/fixtures');
const vendor = {
  serverUrl: 'https://updates.example.test',
  addonId: 'docgen',
  solutionUniqueName: 'NorthwindDocGen',
  rootCertPem: readFileSync(path.join(FIXTURES, 'test-root.pem'), 'utf8'),
  publisher: { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa', optionValuePrefix: 72310 },
};
const STATE_TABLE = { logicalName: 'nwa_docgenstate', entitySetName: 'nwa_docgenstates', primaryId: 'nwa_docgenstateid', nameColumn: 'nwa_name', valueColumn: 'nwa_value' };

let outDir: string;
const zips = new Map<string, Buffer>();
async function zip(version: string): Promise<Buffer> {
  if (!zips.has(version)) {
    const built = await buildSolution({ version, line: '9.2', managed: true, vendor, outDir, webResourcesDir: path.join(FIXTURES, 'web') });
    zips.set(version, readFileSync(built.zipPath));
  }
  return zips.get(version)!;
}

/** The org's global context as xrm-mock models it, pointing at the emulator. */
function xrmContext(org: DataverseEmulator, userName = 'Admin') {
  const xrm = XrmMockGenerator.initialise({
    context: new ContextMock({
      clientContext: new ClientContextMock('Web', 'Online'),
      clientUrl: org.url,
      version: org.orgVersion,
      organizationSettings: new OrganizationSettingsMock({ organizationId: `{${ORG_ID.toUpperCase()}}`, uniqueName: 'contoso' }),
      // xrm-mock's UserSettingsMock predates getSecurityRolePrivilegesInfo (@types/xrm has it); the page never calls it.
      userSettings: Object.assign(
        new UserSettingsMock({ userId: '{00000000-0000-0000-0000-000000000001}', userName, isGuidedHelpEnabled: false, isHighContrastEnabled: false, isRTL: false, securityRolePrivileges: [], securityRoles: [], transactionCurrencyId: '', languageId: 1033 } as never),
        { getSecurityRolePrivilegesInfo: () => Promise.reject(new Error('not modelled by xrm-mock')) },
      ),
    }),
  });
  return xrm.Utility.getGlobalContext();
}

let org: DataverseEmulator;
let host: HostAdapter;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'cra-host-test-'));
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

beforeEach(async () => {
  org = await startDataverseEmulator({ orgId: ORG_ID, orgUniqueName: 'contoso', importStepMs: 5 });
  await org.install(await zip('1.0.0.0'));
  host = dataverseHost(xrmContext(org), { solutionUniqueName: 'NorthwindDocGen', webApiVersion: '9.2', stateTable: STATE_TABLE });
}, 300_000);
afterEach(() => org.close());

test('who and where: the org id from WhoAmI, the version and user from the global context', async () => {
  const context = await host.context();
  expect(context).toMatchObject({ orgId: ORG_ID, orgUrl: org.url, platform: 'dynamics365', platformVersion: org.orgVersion, userName: 'Admin' });
});

test('real-size signed documents are stored in the state table and read back unchanged', async () => {
  // A signed licence with its x5c chain: about 2,600 characters, more than an environment variable value holds.
  const licence = `eyJhbGciOiJSUzI1NiIsIng1YyI6WyJNSUlD${'A'.repeat(2_650)}.sig`;
  await host.writeSetting('licence', licence);
  expect(await host.readSetting('licence')).toBe(licence);
  expect(org.tableRow('nwa_docgenstate', 'licence')?.nwa_value).toBe(licence);
  // A fresh adapter (a reloaded page) reads the same row.
  const reloaded = dataverseHost(xrmContext(org), { solutionUniqueName: 'NorthwindDocGen', webApiVersion: '9.2', stateTable: STATE_TABLE });
  expect(await reloaded.readSetting('licence')).toBe(licence);
  expect(await reloaded.readSetting('entitlement')).toBeUndefined();
});

test('conditional writes: a stale version or an existing row is a setting_conflict, and nothing changes', async () => {
  const first = await host.writeSetting('install', '{"phase":"download"}', { ifNoneMatch: '*' });
  const conflict = await host.writeSetting('install', '{"phase":"other"}', { ifNoneMatch: '*' }).catch((e: unknown) => e);
  expect(conflict).toBeInstanceOf(AddonError);
  expect((conflict as AddonError).code).toBe('setting_conflict');
  const second = await host.writeSetting('install', '{"phase":"import"}', { ifMatch: first });
  expect(second).not.toBe(first);
  await expect(host.writeSetting('install', '{"phase":"late"}', { ifMatch: first })).rejects.toMatchObject({ code: 'setting_conflict' });
  expect((await host.readVersionedSetting('install'))).toEqual({ value: '{"phase":"import"}', etag: second });
});

test('an upgrade: holding import followed through its job, then DeleteAndPromote', async () => {
  expect(await host.installedSolution()).toEqual({ version: '1.0.0.0', managed: true });
  const jobId = '5e3c1f2a-8b7d-4c6e-9a10-000000000001';
  await host.importUpgrade(await zip('1.1.0.0'), jobId);
  expect(await host.importJob(jobId)).toEqual({ progress: 100, completed: true });
  expect(await host.installedSolution()).toEqual({ version: '1.0.0.0', managed: true, upgradePending: { version: '1.1.0.0' } });
  await host.applyUpgrade();
  await host.publishAll();
  expect(await host.installedSolution()).toEqual({ version: '1.1.0.0', managed: true });
  expect(org.publishCount()).toBe(1);
  expect(await host.importJob('5e3c1f2a-8b7d-4c6e-9a10-00000000ffff')).toBeUndefined();
});

test('a refused import fails with the platform message, and its job carries the failure from the import log', async () => {
  const jobId = '5e3c1f2a-8b7d-4c6e-9a10-000000000002';
  await expect(host.importUpgrade(await zip('1.0.0.0'), jobId)).rejects.toMatchObject({ code: 'import_failed', message: expect.stringMatching(/must be newer than the installed 1\.0\.0\.0/) });
  const job = await host.importJob(jobId);
  expect(job).toMatchObject({ completed: true, failure: { code: expect.stringMatching(/^0x/), text: expect.stringMatching(/must be newer/) } });
  expect(await host.installedSolution()).toEqual({ version: '1.0.0.0', managed: true });
});

test('install permission: an administrator may; a user with only the state table may not, and hears what is missing', async () => {
  expect(await host.installPermission()).toEqual({ allowed: true, missing: [] });
  await org.close();
  org = await startDataverseEmulator({ orgId: ORG_ID, orgUniqueName: 'contoso', users: [{ name: 'Sales Rep', privileges: ['prvReadnwa_DocgenState'] }] });
  await org.install(await zip('1.0.0.0'));
  const sales = dataverseHost(xrmContext(org, 'Sales Rep'), { solutionUniqueName: 'NorthwindDocGen', webApiVersion: '9.2', stateTable: STATE_TABLE });
  const permission = await sales.installPermission();
  expect(permission.allowed).toBe(false);
  expect(permission.missing).toEqual(expect.arrayContaining(['prvCreateCustomization', 'prvWriteOrganization', 'prvDeleteSolution']));
  // Reading works with the table's read privilege; writing is refused in words the admin can act on.
  expect(await sales.readSetting('licence')).toBeUndefined();
  await expect(sales.writeSetting('autoUpdate', 'no')).rejects.toMatchObject({ code: 'state_access_denied' });
});
