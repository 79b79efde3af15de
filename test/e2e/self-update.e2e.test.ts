/**
 * The add-on updates itself, end to end (issue #4): a real update server on loopback, real solution zips built by
 * the solution builder, the Dataverse Web API emulator serving the configuration page from the installed
 * solution, and headless Debian Chromium driving the page as an admin would.
 *
 * 1. An admin activates a licence, sees the updates, installs the newest; the org now reports it.
 * 2. An artifact is tampered with on the server: the install is refused on the sha256 check, nothing changes.
 * 3. A customer whose renewal is unpaid sees the newer releases withheld ("renewal ... Pay the open invoice");
 *    the vendor records the payment, the admin reopens the page, and the update installs automatically (SPEC §2).
 * 4. An Auto SSA customer sees its plan, and an admin reports a problem with the environment attached; the vendor
 *    sees it, classifies it, logs time, and the charge follows SPEC §6 (issue #5).
 * 5. The update server goes away: the page shows the stored, signed status within its offline grace, and says so.
 */
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { calendarDateOf } from '@crm-assurance/license-core';
import { customerWithOrder, type Harness } from '../../update-server/test/harness';
import type { DataverseEmulator } from '../dataverse-emulator/emulator';
import { OUT, SOLUTION, setting, startWorld, state, text, waitFor, type World } from './world';

let world: World;
let server: Harness;
let orgA: DataverseEmulator;
let orgB: DataverseEmulator;
const zip = (version: string) => world.zip(version);
const publishVersion = (version: string, notes: string) => world.publishVersion(version, notes);
const openConfigPage = (org: DataverseEmulator) => world.openConfigPage(org);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

beforeAll(async () => {
  world = await startWorld();
  server = world.server;
  orgA = await world.org({ orgId: 'a0a0a0a0-1111-4111-8111-000000000001', orgUniqueName: 'contoso' });
  orgB = await world.org({ orgId: 'b0b0b0b0-2222-4222-8222-000000000002', orgUniqueName: 'fabrikam' });
  // Both orgs run version 1.0.0.0 of the add-on; 1.1.0.0 and 1.2.0.0 are published.
  await orgA.install(await zip('1.0.0.0'));
  await orgB.install(await zip('1.0.0.0'));
  await publishVersion('1.1.0.0', 'Templates for quotes.');
  await publishVersion('1.2.0.0', 'PDF export in the background; faster merge fields.');
}, 240_000);

afterAll(() => world?.close());

test('an admin activates the licence, installs the newest update, and a tampered artifact is refused', async () => {
  const today = calendarDateOf(server.clock.now().toISOString(), 'Europe/Berlin');
  const { customerId, licenceKey, invoice } = await customerWithOrder(server, today);
  const paid = await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: server.clock.now().toISOString(), reference: 'E2E-A-1' });
  expect(paid.status).toBe(201);

  // Opened for the first time: no licence yet.
  const page = await openConfigPage(orgA);
  await state(page, 'needs-licence');
  expect(await text(page, 'installed-version')).toBe('1.0.0.0');
  // This admin installs by hand: auto-update off (stored in the org).
  await page.uncheck('[data-testid="auto-update-toggle"]');
  await waitFor(() => setting(orgA, 'autoUpdate') === 'no', 'the auto-update setting to be stored');

  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
  await state(page, 'ready');
  expect(await text(page, 'licence-status')).toContain('Licensed to');
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toBe('active');
  expect(await text(page, 'platform-status')).toContain('9.2');
  const offered = await page.$$eval('[data-testid="update-item"]', (items) => items.map((i) => i.getAttribute('data-version')));
  expect(offered).toEqual(['1.2.0.0', '1.1.0.0']);
  // The signed licence and entitlement are now kept in the org.
  // The signed licence and entitlement (each longer than the 2,000 characters an environment variable holds) are
  // kept in the add-on's state table.
  expect(setting(orgA, 'licenceKey')).toBe(licenceKey);
  expect(setting(orgA, 'licence')).toMatch(/^ey/);
  expect(setting(orgA, 'licence')!.length).toBeGreaterThan(2000);
  expect(setting(orgA, 'entitlement')!.length).toBeGreaterThan(2000);
  await shot(page, '1-update-available');

  // Install 1.2.0.0: download, sha256 check, ImportSolution, PublishAllXml, report, reload.
  await page.click('[data-testid="update-item"][data-version="1.2.0.0"] [data-testid="install-button"]');
  await state(page, 'installed');
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.2.0.0', undefined, { timeout: 30_000 });
  await state(page, 'ready');
  expect(orgA.installedSolution(SOLUTION)?.version).toBe('1.2.0.0');
  expect(orgA.publishCount()).toBe(1);
  expect(await page.$$('[data-testid="update-item"]')).toHaveLength(0);
  await shot(page, '2-installed');
  expect(world.installs(customerId)).toEqual([expect.objectContaining({ fromVersion: '1.0.0.0', toVersion: '1.2.0.0', outcome: 'succeeded' })]);

  // Someone swaps the bytes of 1.3.0.0 on the server (same length): the signed sha256 no longer matches.
  const v13 = await publishVersion('1.3.0.0', 'Tampered on the server in this test.');
  const artifactPath = path.join(server.dataDir, 'artifacts', 'sha256', v13.sha256.slice(0, 2), v13.sha256);
  const bytes = readFileSync(artifactPath);
  bytes[bytes.length - 30] ^= 0xff;
  writeFileSync(artifactPath, bytes);

  await page.reload();
  await state(page, 'ready');
  await page.click('[data-testid="update-item"][data-version="1.3.0.0"] [data-testid="install-button"]');
  await page.waitForSelector('[data-testid="message"][data-kind="error"]');
  expect(await page.getAttribute('[data-testid="message"]', 'data-code')).toBe('artifact_hash_mismatch');
  expect(await text(page, 'message')).toContain('Nothing was installed');
  expect(orgA.installedSolution(SOLUTION)?.version).toBe('1.2.0.0');
  await shot(page, '3-tampered-refused');
  await page.context().close();
}, 120_000);

test('an unpaid renewal withholds the new release; once paid, the next open installs it automatically', async () => {
  // Ordered two years ago: the first period ended last 31 December; this year's renewal is invoiced and open.
  const now = server.clock.now().toISOString();
  const year = Number(calendarDateOf(now, 'Europe/Berlin').slice(0, 4));
  const { customerId, licenceKey, invoice } = await customerWithOrder(server, `${year - 2}-03-15`);
  expect((await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: `${year - 2}-03-20T10:00:00Z`, reference: 'E2E-B-1' })).status).toBe(201);
  expect((await server.call('POST', '/v1/billing/run', { date: calendarDateOf(now, 'Europe/Berlin') })).status).toBe(200);
  const renewal = (await server.call('GET', `/v1/customers/${customerId}/invoices`)).body.invoices.find((i: { kind: string }) => i.kind === 'renewal');
  expect(renewal).toMatchObject({ periodStart: `${year}-01-01`, status: 'open' });
  await publishVersion('1.4.0.0', 'Released this year, during the unpaid renewal.');

  const page = await openConfigPage(orgB);
  await state(page, 'needs-licence');
  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
  await state(page, 'ready');
  expect(await page.$$('[data-testid="update-item"]')).toHaveLength(0);
  const withheld = page.locator('[data-testid="withheld-item"][data-version="1.4.0.0"]');
  expect(await withheld.getAttribute('data-reason')).toBe('not_paid');
  expect(await withheld.textContent()).toMatch(/renewal.*Pay the open invoice/);
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toMatch(/unpaid|lapsed/);
  // Issue #13: the page names the invoice to pay, its amount and its due date, and does not call it anything else.
  const open = page.locator(`[data-testid="open-invoice"][data-invoice="${renewal.id}"]`);
  const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(renewal.total.amount / 100);
  expect(await open.textContent()).toMatch(new RegExp(`^Renewal invoice ${renewal.id} for 1 Jan ${year} – 31 Dec ${year}: ${amount.replace(/[.$]/g, '\\$&')}, (due|overdue since) \\d{1,2} [A-Z][a-z]{2} ${year}$`));
  await shot(page, '4-renewal-unpaid');

  // The vendor's finance team records the payment; the admin opens the page again.
  const payment = await server.call('POST', `/v1/invoices/${renewal.id}/payments`, { amount: renewal.total.amount, paidAt: server.clock.now().toISOString(), reference: 'E2E-B-2' });
  expect(payment.status).toBe(201);
  await page.reload();
  await state(page, 'installed'); // auto-update is on by default: the newest eligible release installs itself
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.4.0.0', undefined, { timeout: 30_000 });
  await state(page, 'ready');
  expect(orgB.installedSolution(SOLUTION)?.version).toBe('1.4.0.0');
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toBe('active');
  await shot(page, '5-paid-auto-installed');
  expect(readdirSync(OUT).length).toBeGreaterThanOrEqual(5);
  await page.context().close();
}, 120_000);

test('the page shows the plan, and an admin reports a problem that the vendor classifies and bills (SPEC §5, §6)', async () => {
  // A third org, on an Auto SSA quarterly plan, already at 1.2.0.0, installing by hand.
  const orgC = await world.org({ orgId: 'c0c0c0c0-3333-4333-8333-000000000003', orgUniqueName: 'litware' });
  await orgC.install(await zip('1.2.0.0'));

  const today = calendarDateOf(server.clock.now().toISOString(), 'Europe/Berlin');
  const { customerId, licenceKey, invoice } = await customerWithOrder(server, today, 1_000_000, undefined, { plan: 'ssa-quarterly' });
  expect(invoice).toMatchObject({ plan: 'ssa-quarterly', total: { amount: 44_550 } });
  expect((await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: server.clock.now().toISOString(), reference: 'E2E-C-1' })).status).toBe(201);

  const page = await openConfigPage(orgC);
  await state(page, 'needs-licence');
  await page.uncheck('[data-testid="auto-update-toggle"]');
  await waitFor(() => setting(orgC, 'autoUpdate') === 'no', 'the auto-update setting to be stored');
  expect(await text(page, 'support-card')).toContain('Activate the licence first');
  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
  await state(page, 'ready');
  expect(await text(page, 'plan')).toBe('Auto SSA, billed quarterly (1 % discount)');
  // Term plans invoice per billing interval: "Next invoice", three months after the order.
  expect(await page.textContent('section[aria-labelledby="assurance-h"]')).toMatch(/Next invoice/);
  expect(await text(page, 'support-environment')).toContain('add-on version 1.2.0.0');

  // An empty summary is caught on the page; nothing is sent.
  await page.click('[data-testid="support-submit"]');
  // At the summary field itself, tied to it for screen readers (issue #13).
  await page.waitForSelector('#support-summary-error');
  expect(await page.getAttribute('#support-summary', 'aria-describedby')).toBe('support-summary-error');
  expect(await text(page, 'support-summary-error')).toBe('Describe the problem in a short summary.');
  expect((await server.call('GET', `/v1/support-requests?customerId=${customerId}`)).body.requests).toEqual([]);

  await page.fill('[data-testid="support-summary"]', 'Quote PDFs come out blank');
  await page.fill('[data-testid="support-description"]', 'Since this morning every quote PDF is an empty page. Our own quote form adds two fields.');
  await page.check('[data-testid="support-customisations"]');
  await page.fill('[data-testid="support-contact-name"]', 'Dana Admin');
  await page.fill('[data-testid="support-contact-email"]', 'dana@litware.example');
  await page.click('[data-testid="support-submit"]');
  await page.waitForSelector('[data-testid="message"][data-kind="success"]');
  expect(await text(page, 'message')).toMatch(/Your request #\d+ was sent to the vendor/);
  const item = page.locator('[data-testid="support-item"]');
  expect(await item.count()).toBe(1);
  expect(await item.getAttribute('data-status')).toBe('open');
  await shot(page, '6-report-a-problem');

  // The vendor sees the request with the environment the page attached.
  const list = await server.call('GET', `/v1/support-requests?customerId=${customerId}`);
  expect(list.body.requests).toHaveLength(1);
  const request = list.body.requests[0];
  expect(request).toMatchObject({
    summary: 'Quote PDFs come out blank',
    contact: { name: 'Dana Admin', email: 'dana@litware.example' },
    environment: { addonVersion: '1.2.0.0', platform: 'dynamics365', customisationsPresent: true, orgUrl: orgC.url },
    status: 'open',
  });
  expect(request.environment.platformVersion).toMatch(/^9\.2\./);
  expect(await item.getAttribute('data-number')).toBe(String(request.number));

  // Classified as a customisation bug: the customer is told and approves, then 45 minutes of work → 15 billable.
  const at = (minutesAgo: number) => new Date(server.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  expect((await server.call('POST', `/v1/support-requests/${request.id}/classification`, { classification: 'customization_bug' })).status).toBe(200);
  expect((await server.call('POST', `/v1/support-requests/${request.id}/notice`, { notifiedAt: at(60) })).status).toBe(200);
  expect((await server.call('POST', `/v1/support-requests/${request.id}/approval`, { approvedAt: at(60) })).status).toBe(200);
  expect((await server.call('POST', `/v1/support-requests/${request.id}/time`, { from: at(45), minutes: 45 })).status).toBe(201);
  const shown = await server.call('GET', `/v1/support-requests/${request.id}`);
  // 15 minutes at 120.00 EUR an hour = 30.00 EUR
  expect(shown.body.charge).toMatchObject({ loggedMinutes: 45, diagnosisMinutes: 30, billableSeconds: 900, amount: { amount: 3_000, currency: 'EUR' } });

  // Reopened, the page lists it with what the vendor made of it and that the admin approved (issue #13).
  await page.reload();
  await state(page, 'ready');
  expect(await page.locator('[data-testid="support-item"]').count()).toBe(1);
  expect(await text(page, 'support-item-status')).toMatch(/^Open; the vendor classified it as caused by this organisation’s customisations \(chargeable\); you approved the chargeable work on \d{1,2} [A-Z][a-z]{2} \d{4}\.$/);
  await page.context().close();
}, 120_000);

test('with the update server unreachable, the page shows the stored signed status and says it is offline', async () => {
  const page = await openConfigPage(orgA); // activated in the first test
  await state(page, 'ready');
  await server.server.close(); // the vendor's server goes away
  await page.reload();
  await state(page, 'ready');
  expect(await text(page, 'offline-note')).toMatch(/^Offline: .* valid until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\. Check that this computer can reach the internet .* then press Refresh/);
  expect(await page.getAttribute('[data-testid="assurance-status"]', 'data-status')).toBe('active');
  expect(await text(page, 'licence-status')).toContain('Licensed to');
  expect(await text(page, 'updates-list')).toContain('cannot be checked while offline');
  await shot(page, '7-offline');
  await page.context().close();
}, 60_000);
