/**
 * The Odoo add-on updates itself, end to end (issue #10, item 5): a real update server on loopback, real module zips
 * made by the module builder (`npm run odoo-module`'s code), the Odoo emulator (test/odoo-emulator) serving its web
 * client with the module imported through base_import_module, and headless Debian Chromium driving the OWL
 * configuration page as an Odoo administrator would.
 *
 * 1. An admin signs in to Odoo, opens the page, activates a licence, sees the offered and the withheld releases
 *    with their reasons (the same license-core reasons as on Dynamics), installs the newest; Odoo now reports it.
 * 2. An artifact is tampered with on the server: the install is refused on the sha256 check, nothing changes.
 * 3. A customer whose renewal is unpaid sees the new release withheld; the vendor records the payment, the admin
 *    reopens the page and the update installs itself.
 * 4. A user outside the Settings group is told whom to ask, and cannot install.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page, Browser } from 'playwright-core';
import { calendarDateOf } from '@crm-assurance/license-core';
import { buildOdooConfigAction } from '../../addon/src/odoo/page/build';
import { odooModuleZip, parseModuleVersion } from '../../solution/src/odoo/module-build';
import type { OdooVendor } from '../../solution/src/odoo/odoo-vendor';
import { customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from '../../update-server/test/harness';
import { startOdooEmulator, type OdooEmulator } from '../odoo-emulator/emulator';
import { launchChromium } from '../support/browser';
import { OUT, waitFor } from './world';

const MODULE = 'northwind_docgen';
const DB = 'contoso';
const ADMIN = { login: 'admin', password: 'admin-pw', name: 'Mitchell Admin', groups: ['base.group_system'] };
const SALES = { login: 'sales', password: 'sales-pw', name: 'Marc Demo', groups: ['base.group_user'] };

let server: Harness;
let browser: Browser;
let pageJs: string;
let vendor: OdooVendor;
const emulators: OdooEmulator[] = [];
const contexts: BrowserContext[] = [];
const zips = new Map<string, Buffer>();

async function moduleZip(version: string): Promise<Buffer> {
  const existing = zips.get(version);
  if (existing) return existing;
  const bytes = await odooModuleZip(vendor, parseModuleVersion(version), pageJs);
  zips.set(version, bytes);
  return bytes;
}

/**
 * Publishes `18.0.x.y.z` as DocGen x.y.z for Odoo 18.0, the newest line registered here (17.0's legacy window closed
 * two years after 18.0's release, SPEC §4, so new feature releases go to 18.0).
 */
async function publishModule(version: string, notes: string): Promise<{ id: string; sha256: string }> {
  const moduleVersion = version.split('.').slice(2).join('.');
  const res = await publish(server, 'docgen', { version: moduleVersion, kind: 'feature', platform: 'odoo', lines: ['18.0'], notes }, await moduleZip(version));
  if (res.status !== 201) throw new Error(`publish ${version}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An Odoo 18.0 database with the add-on's module at `installed`, whose origin the update server accepts. */
async function odoo(uuid: string, installed: string): Promise<OdooEmulator> {
  const emulator = await startOdooEmulator({ version: '18.0', databases: [{ name: DB, uuid, users: [ADMIN, SALES] }] });
  emulators.push(emulator);
  await emulator.db(DB).importModule(await moduleZip(installed));
  const res = await server.call('PATCH', '/v1/settings', { corsOrigins: emulators.map((e) => e.url) });
  if (res.status !== 200) throw new Error(`settings: ${JSON.stringify(res.body)}`);
  return emulator;
}

/** Signs in through Odoo's login form and opens the add-on's client action. */
async function openConfigPage(emulator: OdooEmulator, user = ADMIN): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  // Loopback only: the page may reach the emulator and the update server, nothing else.
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Odoo 18.0's URL of a client action (addons/web/controllers/home.py: /odoo/action-<tag>).
  await page.goto(`${emulator.url}/web/login?redirect=${encodeURIComponent(`/odoo/action-${MODULE}.config`)}`);
  await page.fill('#login', user.login);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(/\/odoo\/action-/), page.click('button[type="submit"]')]);
  await page.waitForSelector('.o_crma_config', { timeout: 30_000 }).catch((error: Error) => {
    throw new Error(`${error.message}; page errors: ${errors.join(' | ') || 'none'}`);
  });
  return page;
}

const state = (page: Page, s: string) => page.waitForSelector(`.o_crma_config[data-state="${s}"]`, { timeout: 30_000 });
const text = async (page: Page, testid: string) => (await page.textContent(`[data-testid="${testid}"]`))?.trim() ?? '';
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUT, `odoo-${name}.png`), fullPage: true });
/** A setting as the add-on keeps it: the system parameter `<module>.<snake_case name>` (decision O13). */
const param = (emulator: OdooEmulator, setting: string) => emulator.db(DB).params()[`${MODULE}.${setting.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`];
const installedVersion = (emulator: OdooEmulator) => emulator.db(DB).module(MODULE)?.latest_version;
/** The install reports the server stored for a customer (read from its SQLite store, as world.ts does). */
function installs(customerId: string): Array<Record<string, unknown>> {
  const db = new Database(path.join(server.dataDir, 'assurance.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT data FROM installs WHERE customer_id = ? ORDER BY recorded_at').all(customerId) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  // The server signs with the real clock, so the browser (real time) accepts what it signs.
  server = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(server);
  // Odoo's major lines (odoo/release.py serie) with their release dates.
  for (const [line, releasedOn] of [
    ['16.0', '2022-10-12'],
    ['17.0', '2023-11-08'],
    ['18.0', '2024-10-02'],
  ]) {
    const r = await server.call('POST', '/v1/platforms/odoo/lines', { line, releasedOn });
    if (r.status !== 201) throw new Error(`line ${line}: ${JSON.stringify(r.body)}`);
  }
  vendor = {
    serverUrl: server.url,
    addonId: 'docgen',
    rootCertPem: readFileSync(path.join(server.dataDir, 'root.pem'), 'utf8'),
    moduleName: MODULE,
    title: 'Northwind DocGen',
    summary: 'Documents from CRM records, with licence and updates by Northwind Add-ons.',
    author: 'Northwind Add-ons',
  };
  pageJs = await buildOdooConfigAction(MODULE);
  browser = await launchChromium();
  await publishModule('18.0.1.1.0', 'Templates for quotes.');
  await publishModule('18.0.1.2.0', 'PDF export in the background.');
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  for (const emulator of emulators) await emulator.close();
  await server?.close();
});

test('an Odoo admin activates the licence, installs the newest update, and a tampered artifact is refused', async () => {
  const contoso = await odoo('0f6b1a2c-1111-4111-8111-0d0000000001', '18.0.1.0.0');
  const today = calendarDateOf(server.clock.now().toISOString(), 'Europe/Berlin');
  const { customerId, licenceKey, invoice } = await customerWithOrder(server, today);
  expect((await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: server.clock.now().toISOString(), reference: 'ODOO-A-1' })).status).toBe(201);

  const page = await openConfigPage(contoso);
  await state(page, 'needs-licence');
  expect(await text(page, 'installed-version')).toBe('1.0.0');
  await page.uncheck('[data-testid="auto-update-toggle"]');
  await waitFor(() => param(contoso, 'autoUpdate') === 'no', 'the auto-update setting to be stored');

  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
  await state(page, 'ready');
  expect(await text(page, 'licence-status')).toContain('Licensed to');
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toBe('active');
  expect(await text(page, 'platform-status')).toContain('18.0');
  const offered = await page.$$eval('[data-testid="update-item"]', (items) => items.map((i) => i.getAttribute('data-version')));
  expect(offered).toEqual(['1.2.0', '1.1.0']);
  // The licence is bound to the database's uuid, and the signed documents are kept as system parameters.
  expect(await text(page, 'org-id')).toContain('0f6b1a2c-1111-4111-8111-0d0000000001');
  expect(param(contoso, 'licenceKey')).toBe(licenceKey);
  expect(param(contoso, 'licence')).toMatch(/^ey/);
  expect(param(contoso, 'entitlement')).toMatch(/^ey/);
  await shot(page, '1-update-available');

  // Install 1.2.0: download, sha256 check, base.import.module, report, reload.
  await page.click('[data-testid="update-item"][data-version="1.2.0"] [data-testid="install-button"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.2.0', undefined, { timeout: 60_000 });
  await state(page, 'ready');
  expect(installedVersion(contoso)).toBe('18.0.1.2.0');
  expect(await page.$$('[data-testid="update-item"]')).toHaveLength(0);
  await shot(page, '2-installed');
  expect(installs(customerId)).toEqual([expect.objectContaining({ fromVersion: '1.0.0', toVersion: '1.2.0', outcome: 'succeeded' })]);

  // Someone swaps bytes of 1.3.0 on the server (same length): the signed sha256 no longer matches.
  const v13 = await publishModule('18.0.1.3.0', 'Tampered on the server in this test.');
  const artifactPath = path.join(server.dataDir, 'artifacts', 'sha256', v13.sha256.slice(0, 2), v13.sha256);
  const bytes = readFileSync(artifactPath);
  bytes[bytes.length - 30] ^= 0xff;
  writeFileSync(artifactPath, bytes);
  await page.reload();
  await state(page, 'ready');
  await page.click('[data-testid="update-item"][data-version="1.3.0"] [data-testid="install-button"]');
  await page.waitForSelector('[data-testid="message"][data-kind="error"]', { timeout: 30_000 });
  expect(await page.getAttribute('[data-testid="message"]', 'data-code')).toBe('artifact_hash_mismatch');
  expect(await text(page, 'message')).toContain('Nothing was installed');
  expect(installedVersion(contoso)).toBe('18.0.1.2.0');
  await shot(page, '3-tampered-refused');
}, 180_000);

test('an unpaid renewal withholds the new release with its reason; once paid, the next open installs it', async () => {
  const fabrikam = await odoo('0f6b1a2c-2222-4222-8222-0d0000000002', '18.0.1.0.0');
  const now = server.clock.now().toISOString();
  const year = Number(calendarDateOf(now, 'Europe/Berlin').slice(0, 4));
  const { licenceKey, invoice, customerId } = await customerWithOrder(server, `${year - 2}-03-15`);
  expect((await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: `${year - 2}-03-20T10:00:00Z`, reference: 'ODOO-B-1' })).status).toBe(201);
  expect((await server.call('POST', '/v1/billing/run', { date: calendarDateOf(now, 'Europe/Berlin') })).status).toBe(200);
  const renewal = (await server.call('GET', `/v1/customers/${customerId}/invoices`)).body.invoices.find((i: { kind: string }) => i.kind === 'renewal');
  expect(renewal).toMatchObject({ periodStart: `${year}-01-01`, status: 'open' });
  await publishModule('18.0.1.4.0', 'Released this year, during the unpaid renewal.');

  const page = await openConfigPage(fabrikam);
  await state(page, 'needs-licence');
  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
  await state(page, 'ready');
  // Paid through last year: what was published then is offered, this year's release is withheld until paid.
  const withheld = page.locator('[data-testid="withheld-item"][data-version="1.4.0"]');
  expect(await withheld.getAttribute('data-reason')).toBe('not_paid');
  expect(await withheld.textContent()).toMatch(/renewal.*Pay the open invoice/);
  expect(await page.$$eval('[data-testid="update-item"]', (items) => items.map((i) => i.getAttribute('data-version')))).not.toContain('1.4.0');
  await shot(page, '4-renewal-unpaid');

  const payment = await server.call('POST', `/v1/invoices/${renewal.id}/payments`, { amount: renewal.total.amount, paidAt: server.clock.now().toISOString(), reference: 'ODOO-B-2' });
  expect(payment.status).toBe(201);
  await page.reload();
  // Auto-update is on by default: the newest eligible release installs itself (SPEC §2).
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.4.0', undefined, { timeout: 60_000 });
  await state(page, 'ready');
  expect(installedVersion(fabrikam)).toBe('18.0.1.4.0');
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toBe('active');
  await shot(page, '5-paid-auto-installed');
}, 180_000);

test('a user outside the Settings group is told whom to ask and installs nothing', async () => {
  const litware = await odoo('0f6b1a2c-3333-4333-8333-0d0000000003', '18.0.1.0.0');
  const page = await openConfigPage(litware, SALES);
  await page.waitForSelector('[data-testid="message"]', { timeout: 30_000 });
  expect(await text(page, 'message')).toContain(ADMIN.name);
  expect(await page.$$('[data-testid="install-button"]')).toHaveLength(0);
  expect(installedVersion(litware)).toBe('18.0.1.0.0');
}, 120_000);
