/**
 * The Odoo host adapter (addon/src/odoo, decisions O10–O16) against the Odoo emulator (test/odoo-emulator), per
 * Odoo version: who and where, settings as system parameters with conditional writes, the installed module, who may
 * install and whom to ask, an update through the Import Module wizard, Odoo's refusals as AddonErrors. Each
 * refusal also proves that nothing was stored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AddonError } from '../src/client/client-error';
import type { HostAdapter } from '../src/client/host-adapter';
import { odooHost } from '../src/odoo/odoo-host';
import { odooModuleZip, parseModuleVersion } from '../../solution/src/odoo/module-build';
import { validateOdooVendor } from '../../solution/src/odoo/odoo-vendor';
import { startOdooEmulator, type OdooEmulator, type OdooVersion } from '../../test/odoo-emulator/emulator';

const UUID = '2F6B1B7E-2C1A-4A8E-9A53-1F0E8A2B9C01';
const USERS = [
  { login: 'admin', password: 'admin', name: 'Mitchell Admin', groups: ['base.group_system'] },
  { login: 'ada', password: 'ada', name: 'Ada Lovelace', groups: ['base.group_system'] },
  { login: 'sales', password: 'sales', name: 'Sally Sales', groups: ['base.group_user'] },
];
const VENDOR = validateOdooVendor({
  serverUrl: 'https://updates.example.test',
  addonId: 'northwind-docgen',
  rootCertPem: readFileSync(path.join(__dirname, '../../solution/test/fixtures/test-root.pem'), 'utf8'),
});
/** A stand-in page bundle: these tests are about the adapter, not the page (solution/test/odoo-module.test.ts is). */
const PAGE = '/** @odoo-module **/\nimport { registry } from "@web/core/registry";\n';
const zip = (version: string) => odooModuleZip(VENDOR, parseModuleVersion(version), PAGE);

/** fetch with the session cookie of a user who signed in through /web/session/authenticate. */
async function signedIn(url: string, login: string): Promise<typeof fetch> {
  let cookie = '';
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return response;
  };
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { db: 'odoo', login, password: login } });
  await fetchImpl(`${url}/web/session/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return fetchImpl;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AddonError ? error.code : String(error)),
  );

describe.each(['16.0', '17.0', '18.0'] as OdooVersion[])('Odoo %s', (version) => {
  let emulator: OdooEmulator;
  let admin: HostAdapter;
  let sales: HostAdapter;
  const host = async (login: string) => odooHost({ moduleName: 'northwind_docgen', baseUrl: emulator.url, fetchImpl: await signedIn(emulator.url, login), origin: emulator.url });

  beforeEach(async () => {
    emulator = await startOdooEmulator({ version, databases: [{ name: 'odoo', users: USERS, uuid: UUID }] });
    await emulator.db('odoo').importModule(await zip(`${version}.1.0.0`));
    admin = await host('admin');
    sales = await host('sales');
  });
  afterEach(() => emulator.close());

  test('context: the database uuid (lower case) as the org id, the server version, the user', async () => {
    expect(await admin.context()).toEqual({ orgId: UUID.toLowerCase(), orgUrl: emulator.url, platform: 'odoo', platformVersion: version, userId: '2', userName: 'Mitchell Admin' });
  });

  test('the installed module: the module part of its version', async () => {
    expect(await admin.installedSolution()).toEqual({ version: '1.0.0', managed: true });
  });

  test('settings are system parameters <module>.<setting>; conditional writes refuse a stale tag and an existing key', async () => {
    expect(await admin.readSetting('licenceKey')).toBeUndefined();
    const first = await admin.writeSetting('install', '{"id":"a"}', { ifNoneMatch: '*' });
    expect(emulator.db('odoo').params()['northwind_docgen.install']).toBe('{"id":"a"}');
    expect(await codeOf(admin.writeSetting('install', '{"id":"b"}', { ifNoneMatch: '*' }))).toBe('setting_conflict');
    expect(emulator.db('odoo').params()['northwind_docgen.install']).toBe('{"id":"a"}');
    const second = await admin.writeSetting('install', '{"id":"c"}', { ifMatch: first });
    expect(await codeOf(admin.writeSetting('install', '{"id":"d"}', { ifMatch: first }))).toBe('setting_conflict');
    expect(emulator.db('odoo').params()['northwind_docgen.install']).toBe('{"id":"c"}');
    expect(await admin.readVersionedSetting('install')).toEqual({ value: '{"id":"c"}', etag: second });
    await admin.writeSetting('licenceKey', 'CRMA-7K2QF-M9XDR-4HV8T-PW3NC');
    expect(emulator.db('odoo').params()['northwind_docgen.licence_key']).toBe('CRMA-7K2QF-M9XDR-4HV8T-PW3NC');
  });

  test('a user without Settings may not read the settings, may not install, and is told whom to ask', async () => {
    expect(await codeOf(sales.readSetting('licence'))).toBe('state_access_denied');
    expect(await sales.installPermission()).toEqual({ allowed: false, missing: ['base.group_system', 'base.group_erp_manager'], askWhom: ['Ada Lovelace', 'Mitchell Admin'] });
    expect(await admin.installPermission()).toEqual({ allowed: true, missing: [] });
    const opening = sales.context().catch((error: unknown) => error as AddonError);
    expect(await opening).toMatchObject({ code: 'state_access_denied', message: expect.stringContaining('Ask Ada Lovelace, Mitchell Admin to open it') });
  });

  test('an update is one import through the wizard, recorded under its job id', async () => {
    await admin.importUpgrade(await zip(`${version}.1.1.0`), 'job-1');
    expect(await admin.importJob('job-1')).toEqual({ progress: 100, completed: true });
    expect(await admin.importJob('job-2')).toBeUndefined();
    expect(await admin.installedSolution()).toEqual({ version: '1.1.0', managed: true });
    await admin.applyUpgrade();
    await admin.publishAll();
    expect(await admin.installedSolution()).toEqual({ version: '1.1.0', managed: true });
  });

  test('a refused import fails with Odoo’s words and is recorded as failed', async () => {
    const broken = await odooModuleZip({ ...VENDOR }, parseModuleVersion(`${version}.1.2.0`), PAGE).then(async (bytes) => {
      const JSZip = (await import('jszip')).default;
      const z = await JSZip.loadAsync(bytes);
      z.file('northwind_docgen/data/config_action.xml', '<odoo><record id="a" model="ir.actions.client"></odoo>');
      return z.generateAsync({ type: 'uint8array' });
    });
    const failure = await admin.importUpgrade(broken, 'job-3').catch((error: unknown) => error as AddonError);
    expect(failure).toMatchObject({ code: 'import_failed', message: expect.stringContaining("Error while importing module 'northwind_docgen'") });
    expect(await admin.importJob('job-3')).toMatchObject({ completed: true, failure: { text: expect.stringContaining('Error while importing module') } });
    // 17.0 and later raise, so the import is rolled back. 16.0's import_zipfile catches the error without a
    // savepoint: the module record keeps the new version it was given before its data failed (O15).
    expect(await admin.installedSolution()).toEqual({ version: version === '16.0' ? '1.2.0' : '1.0.0', managed: true });
  });

  test('an expired session asks to sign in again', async () => {
    emulator.expireSessions();
    expect(await codeOf(admin.installedSolution())).toBe('session_expired');
  });
});
