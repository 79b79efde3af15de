/**
 * The configuration page's shared state machine (controller.ts) and view model (view-model.ts), without a DOM:
 * against a real update server on loopback and the in-memory org of fake-host.ts. Both pages (Dynamics DOM, Odoo
 * OWL) draw exactly this, so what is asserted here holds for both (decision O17).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { axiosUpdateServer } from '../src/client/fetcher';
import type { InstallPermission } from '../src/client/host-adapter';
import { notPermittedError, UpdateClient, type AddonStatus, type VendorConfig } from '../src/client/update-client';
import { PageController, type PageView } from '../src/page/controller';
import { explain, licenceView, platformView, supportView, updatesView } from '../src/page/view-model';
import { FakeHost, ORG } from './fake-host';
import { customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from '../../update-server/test/harness';

let h: Harness;
let vendor: VendorConfig;
let licenceKey: string;

beforeAll(async () => {
  h = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(h);
  expect((await publish(h, 'docgen', { version: '1.1.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] })).status).toBe(201);
  const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
  licenceKey = order.licenceKey;
  await h.call('POST', `/v1/invoices/${order.invoice.id}/payments`, { amount: order.invoice.total.amount, paidAt: h.clock.now().toISOString(), reference: 'U-1' });
  vendor = { serverUrl: h.url, addonId: 'docgen', solutionUniqueName: 'NorthwindDocGen', rootCertPem: readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8') };
}, 60_000);
afterAll(() => h.close());

class ReloadingHost extends FakeHost {
  reloads = 0;
  override reload(): void {
    this.reloads++;
  }
}

function page(host: FakeHost) {
  const views: PageView[] = [];
  const controller = new PageController(async () => ({ client: new UpdateClient(host, axiosUpdateServer(h.url), vendor, undefined, 20), host, platform: 'dynamics365' }));
  controller.subscribe((view) => views.push(view));
  return { controller, views };
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test('opens without a licence, shows a malformed key at the key field, activates, and installs with progress and a reload', async () => {
  const host = new ReloadingHost('1.0.0.0');
  host.settings.set('autoUpdate', 'no');
  const { controller, views } = page(host);
  await controller.start();
  expect(controller.current.state).toBe('needs-licence');

  await controller.activate('CRMA-nonsense');
  expect(controller.current.fieldError).toEqual({ field: 'licenceKey', code: 'licence_key_malformed', text: expect.stringMatching(/^A licence key looks like/) });
  expect(controller.current.message).toBeUndefined();
  expect(controller.current.state).toBe('needs-licence');

  await controller.activate(licenceKey);
  expect(controller.current.fieldError).toBeUndefined();
  expect(controller.current.state).toBe('ready');
  expect(controller.current.message).toEqual({ kind: 'success', text: 'Licence activated.' });
  const status = controller.current.status!;
  expect(status.licence?.org.id).toBe(ORG);
  expect(updatesView(status).updates.map((u) => u.version)).toEqual(['1.1.0.0']);

  const rendered = controller.current.renderCount;
  await controller.install(status.updates[0]);
  expect(controller.current.state).toBe('installed');
  expect(host.version).toBe('1.1.0.0');
  // Progress and buttons change the view, not the cards: a renderer keeps what the admin typed.
  expect(controller.current.renderCount).toBe(rendered);
  expect(views.some((v) => v.disabled === 'all' && v.state === 'installing')).toBe(true);
  expect(views.map((v) => v.progress?.text).filter(Boolean)).toContain('Importing into Dynamics 365 … 100%');
  await waitFor(() => host.reloads === 1);
});

test('auto-update installs the newest offered release when the page opens', async () => {
  const host = new ReloadingHost('1.0.0.0');
  host.settings.set('licenceKey', licenceKey);
  const { controller } = page(host);
  await controller.start();
  expect(host.version).toBe('1.1.0.0');
  expect(controller.current.state).toBe('installed');
});

test('a support request without a summary, or with a bad e-mail, is refused at that field', async () => {
  const host = new ReloadingHost('1.1.0.0');
  host.settings.set('licenceKey', licenceKey);
  const { controller } = page(host);
  await controller.start();
  expect(controller.current.state).toBe('ready');
  await controller.report({ summary: ' ', description: 'x', customisationsPresent: false, contact: { name: '', email: '' } });
  expect(controller.current.fieldError?.field).toBe('summary');
  expect(controller.current.supportBusy).toBe(false);
  await controller.report({ summary: 'Quotes fail', description: 'Since 1.1', customisationsPresent: false, contact: { name: '', email: 'not-an-address' } });
  expect(controller.current.fieldError).toMatchObject({ field: 'contact.email', code: 'contact_email_invalid' });
  await controller.report({ summary: 'Quotes fail', description: 'Since 1.1', customisationsPresent: false, contact: { name: '', email: '' } });
  expect(controller.current.fieldError).toBeUndefined();
  expect(controller.current.message?.code).toMatch(/^support_request_\d+$/);
  expect(supportView(controller.current.status!, controller.current.requests)).toMatchObject({ mode: 'form', requests: [{ summary: 'Quotes fail' }] });
});

test('a page that cannot start says why and stays in error', async () => {
  const controller = new PageController(async () => {
    throw Object.assign(new Error('vendor.json lacks webApiVersion or stateTable.'), { code: 'vendor_config_invalid' });
  });
  await controller.start();
  expect(controller.current.state).toBe('error');
  expect(controller.current.message).toMatchObject({ kind: 'error', code: 'vendor_config_invalid', text: expect.stringContaining('Dynamics 365 version') });
});

describe('the words per CRM', () => {
  const base = (platform: 'dynamics365' | 'odoo', permission: InstallPermission): AddonStatus => ({
    context: { orgId: ORG, orgUrl: 'https://crm.example', platform, platformVersion: platform === 'odoo' ? '17.0+e' : '9.2.24012.196' },
    installedVersion: '1.0.0',
    needsLicence: true,
    offline: false,
    updates: [{ release: { id: 'r1', version: '1.1.0', kind: 'feature', platform, lines: ['17.0'], publishedAt: '2026-01-02T00:00:00Z', size: 1, sha256: 'x' }, downloadUrl: 'u' }] as AddonStatus['updates'],
    withheld: [],
    autoUpdate: true,
    unmanaged: false,
    permission,
  });

  test('Odoo: a database, the Settings access, and whom to ask by name', () => {
    const status = base('odoo', { allowed: false, missing: ['base.group_system'], askWhom: ['Mitchell Admin', 'Ada Lovelace'] });
    expect(licenceView(status)).toMatchObject({ licensed: false, note: 'This database has no licence yet. Type the licence key from your order confirmation.' });
    expect(platformView(status)).toMatchObject({ heading: 'Odoo version', orgIdLabel: 'Database id', line: 'Version 17.0+e' });
    const updates = updatesView(status);
    expect(updates.offerInstall).toBe(false);
    expect(updates.blocked).toEqual({
      testid: 'install-permission-note',
      text: 'You can see the updates, but installing them needs the Settings access rights in Odoo (Administration: Settings). Ask Mitchell Admin and Ada Lovelace to open this page and install the update.',
    });
    expect(updatesView(base('odoo', { allowed: false, missing: ['base.group_system'] })).blocked?.text).toMatch(/Ask your Odoo administrator/);
    expect(explain({ code: 'org_bound_elsewhere' }, 'odoo').text).toMatch(/^This Odoo database is already activated/);
    expect(explain({ code: 'session_expired', message: 'x' }, 'odoo').text).toMatch(/Sign in to Odoo again/);
    // The update client's own refusal (an Install forced past the page) names them too.
    expect(notPermittedError({ allowed: false, missing: ['base.group_system'], askWhom: ['Mitchell Admin'] }, 'odoo').message).toBe(
      'Installing updates needs the Settings access rights in Odoo (Administration: Settings). Ask Mitchell Admin to open this page and install the update.',
    );
    expect(notPermittedError({ allowed: false, missing: ['prvImportSolution'] }).message).toMatch(/^Installing updates needs the System Administrator or System Customizer role/);
  });

  test('Dynamics 365: the words the page had before (e2e and screenshots rely on them)', () => {
    const status = base('dynamics365', { allowed: false, missing: ['prvImportSolution'] });
    expect(licenceView(status)).toMatchObject({ note: 'This organisation has no licence yet. Type the licence key from your order confirmation.' });
    expect(platformView(status)).toMatchObject({ heading: 'Dynamics 365 version', orgIdLabel: 'Organisation id' });
    expect(updatesView(status).blocked?.text).toBe(
      'You can see the updates, but installing them needs the System Administrator or System Customizer role (missing privileges: prvImportSolution). Ask your Dynamics 365 administrator to open this page and install the update.',
    );
    expect(explain({ code: 'org_bound_elsewhere' }).text).toBe(
      'This Dynamics 365 organisation is already activated with another customer’s licence, so this key cannot be used here. Type that customer’s key, or ask the vendor to release the organisation (quote its id, shown under Dynamics 365 version).',
    );
    expect(explain({ code: 'ERR_MANIFEST_ROLLBACK' }).text).toBe('The update server sent an older list of releases than this org has already seen. It was refused.');
  });
});
