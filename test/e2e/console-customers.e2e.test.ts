/**
 * Issue #15 item 4, the console's Customers and contracts area, in headless Chromium on the demo vendor's data: the
 * search, a customer's contract, invoices and payments, and the actions (record a payment, a cancellation notice,
 * termination with the typed name, re-issue of a licence key). The key test: a payment recorded in the
 * console releases the DocGen update the add-on's own update check withheld as not_paid. A partner sees its own
 * customers only. axe-core finds nothing on the list, the detail and an open dialog; the pages fit a tablet.
 */
import type { Page } from 'playwright-core';
import { amountText, statusWords } from '../../update-server/console/src/areas/customers-logic';
import { money } from '../../update-server/console/src/format';
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld();
}, 240_000);
afterAll(() => world?.close());

const V92 = '9.2.24012.196';

/** The newest DocGen release for 9.2 that is not a custom build (DocGen 3.0.x in the demo). */
function newestDocGen() {
  const candidates = world.demo.summary.releases.filter((r) => r.addon === 'docgen' && r.lines.includes('9.2') && !r.customFor && r.version.startsWith('3.'));
  candidates.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  expect(candidates.length).toBeGreaterThan(0);
  return candidates[0];
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testId}"]`)) ?? '').trim();
}

test('admin: search finds Fabrikam, its open renewal is paid in the console, and the withheld DocGen is offered', async () => {
  const fabrikam = world.customer('unpaid renewal');
  const release = newestDocGen();
  const invoices = (await world.call('GET', `/v1/customers/${fabrikam.id}/invoices`)).body.invoices as Array<{ id: string; status: string; outstanding: number; total: { currency: string } }>;
  const open = invoices.filter((i) => i.status === 'open');
  expect(open).toHaveLength(1);
  const invoice = open[0];

  // The add-on activates Fabrikam's org with its licence key and checks for updates: DocGen 3 is withheld, not paid.
  const orgId = 'e2e-fabrikam-prod';
  expect((await world.call('POST', '/v1/activate', { licenceKey: fabrikam.licenceKey, orgId, orgUrl: 'https://fabrikam.crm4.dynamics.com', platform: 'dynamics365', platformVersion: V92 })).status).toBe(201);
  const check = () => world.call('POST', '/v1/updates/check', { licenceKey: fabrikam.licenceKey, orgId, addon: 'docgen', installedVersion: '2.2.1.0', platformVersion: V92 });
  const before = await check();
  expect(before.status).toBe(200);
  expect(before.body.withheld.find((w: { id: string }) => w.id === release.id)).toMatchObject({ version: release.version, reason: 'not_paid' });
  expect(before.body.updates.map((u: { id: string }) => u.id)).not.toContain(release.id);

  // Search as a person types; the query goes into the address; only Fabrikam is left, with its status in words.
  const { page } = await world.newPage();
  const contractCalls: string[] = [];
  page.on('request', (r) => {
    if (/\/v1\/customers\/[^/]+\/contract$/.test(new URL(r.url()).pathname)) contractCalls.push(r.url());
  });
  await signIn(page, world.url, world.demo.adminApiKey, '/console/customers');
  await page.waitForSelector(`[data-testid="customer-row-${fabrikam.id}"]`);
  const all = (await world.call('GET', '/v1/customers')).body.customers.length;
  expect(await page.locator('[data-testid^="customer-row-"]').count()).toBe(all);
  // Decision C31: one contract call per row shown, each once.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="customer-status-"]').length === n, all);
  await page.waitForTimeout(300);
  expect(contractCalls).toHaveLength(all);
  expect(new Set(contractCalls).size).toBe(all);
  await page.click('[data-testid="customer-search"]');
  await page.keyboard.type('fabri', { delay: 30 });
  await page.waitForURL(/\/console\/customers\?q=fabri$/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="customer-row-"]').length === 1);
  const contract = (await world.call('GET', `/v1/customers/${fabrikam.id}/contract`)).body;
  // Its renewal is past due: the contract says lapsed (or unpaid while within the payment term).
  expect(['unpaid', 'lapsed']).toContain(contract.status);
  await page.waitForSelector(`[data-testid="customer-status-${fabrikam.id}"]:has-text("${statusWords(contract.status)}")`);
  expect(await text(page, `customer-next-${fabrikam.id}`)).not.toBe('');
  expect(await axeViolations(page)).toEqual([]);
  // The address keeps the search on reload.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="customer-row-"]').length === 1);
  expect(await page.inputValue('[data-testid="customer-search"]')).toBe('fabri');

  // The detail: the contract in words, the open renewal with its balance.
  await page.click(`[data-testid="customer-link-${fabrikam.id}"]`);
  await page.waitForURL(new RegExp(`/console/customers/${fabrikam.id}$`));
  await page.waitForSelector(`[data-testid="invoice-row-${invoice.id}"]`);
  expect(await text(page, 'contract-status')).toBe(statusWords(contract.status));
  expect(await text(page, `invoice-status-${invoice.id}`)).toBe('Open');
  expect(await text(page, `invoice-outstanding-${invoice.id}`)).toBe(money({ amount: invoice.outstanding, currency: invoice.total.currency }));
  expect(await axeViolations(page)).toEqual([]);

  // The payment dialog: the open balance prefilled; a bad amount is refused at its field and nothing is recorded.
  await page.click(`[data-testid="record-payment-${invoice.id}"]`);
  await page.waitForSelector('[data-testid="payment-dialog"]');
  expect(await page.inputValue('[data-testid="payment-amount"]')).toBe(amountText(invoice.outstanding, invoice.total.currency));
  expect(await page.inputValue('[data-testid="payment-date"]')).toBe(new Date().toISOString().slice(0, 10));
  expect(await axeViolations(page)).toEqual([]);
  await page.fill('[data-testid="payment-amount"]', '12,34.5x');
  await page.fill('[data-testid="payment-reference"]', 'E2E-BAD-AMOUNT');
  await page.click('[data-testid="payment-submit"]');
  await page.waitForSelector('[data-testid="payment-dialog"] >> text=“12,34.5x” is not an amount in EUR');
  expect(await page.getAttribute('[data-testid="payment-amount"]', 'aria-invalid')).toBe('true');
  const untouched = (await world.call('GET', `/v1/invoices/${invoice.id}`)).body;
  expect(untouched).toMatchObject({ status: 'open', outstanding: invoice.outstanding });
  expect(untouched.payments.map((p: { reference: string }) => p.reference)).not.toContain('E2E-BAD-AMOUNT');

  // The server's refusal reaches the person in plain words at its field: a bank reference already used (the demo's
  // first payment) for a different payment; still nothing recorded.
  await page.fill('[data-testid="payment-amount"]', '1.00');
  await page.fill('[data-testid="payment-reference"]', 'DEMO-0001');
  await page.click('[data-testid="payment-submit"]');
  await page.waitForSelector('[data-testid="payment-dialog"] >> text=This payment reference is already used for a different payment');
  expect(await page.getAttribute('[data-testid="payment-reference"]', 'aria-invalid')).toBe('true');
  expect((await world.call('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({ status: 'open', outstanding: invoice.outstanding, payments: untouched.payments });

  // The open balance, typed as a person writes it, is recorded; the dialog closes and the invoice shows paid.
  await page.fill('[data-testid="payment-amount"]', money({ amount: invoice.outstanding, currency: 'EUR' }).replace(/^EUR\s*/, ''));
  await page.fill('[data-testid="payment-reference"]', 'E2E-FABRIKAM-0001');
  await page.click('[data-testid="payment-submit"]');
  await page.waitForSelector('[data-testid="payment-dialog"]', { state: 'detached' });
  await page.waitForSelector(`[data-testid="invoice-status-${invoice.id}"]:has-text("Paid")`);
  expect(await text(page, 'done')).toMatch(/Payment recorded/);
  const paid = (await world.call('GET', `/v1/invoices/${invoice.id}`)).body;
  expect(paid).toMatchObject({ status: 'paid', outstanding: 0 });
  expect(paid.payments.filter((p: { reference: string }) => p.reference === 'E2E-FABRIKAM-0001').map((p: { amount: unknown }) => p.amount)).toEqual([{ amount: invoice.outstanding, currency: 'EUR' }]);
  expect(await page.locator(`[data-testid="payment-row-${paid.payments.at(-1).id}"]`).count()).toBe(1);
  // The view was loaded again: the contract is active now, as the server says.
  expect((await world.call('GET', `/v1/customers/${fabrikam.id}/contract`)).body.status).toBe('active');
  await page.waitForSelector('[data-testid="contract-status"]:has-text("Active")');

  // The add-on's same update check now offers DocGen 3.
  const after = await check();
  expect(after.body.updates.map((u: { id: string }) => u.id)).toContain(release.id);
  expect(after.body.withheld.map((w: { id: string }) => w.id)).not.toContain(release.id);
}, 60_000);

test('admin: terminate needs the reason and the name typed; cancelling the dialog changes nothing; then Litware is terminated', async () => {
  const litware = world.customer('lapsed');
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, `/console/customers/${litware.id}`);
  await page.waitForSelector('[data-testid="terminate"]');
  await page.click('[data-testid="terminate"]');
  await page.waitForSelector('[data-testid="terminate-dialog"]');
  expect(await page.textContent('[data-testid="terminate-dialog"]')).toMatch(/immediate.*download links.*stop working/is);
  expect(await page.isDisabled('[data-testid="terminate-submit"]')).toBe(true);
  await page.fill('[data-testid="terminate-reason"]', 'E2E: licence terms breached');
  await page.fill('[data-testid="terminate-name"]', 'Litware');
  expect(await page.isDisabled('[data-testid="terminate-submit"]')).toBe(true);
  await page.fill('[data-testid="terminate-name"]', 'litware inc.');
  expect(await page.isDisabled('[data-testid="terminate-submit"]')).toBe(true);
  await page.click('[data-testid="terminate-cancel"]');
  await page.waitForSelector('[data-testid="terminate-dialog"]', { state: 'detached' });
  expect((await world.call('GET', `/v1/customers/${litware.id}`)).body.terminatedAt).toBeUndefined();
  expect((await world.call('GET', `/v1/customers/${litware.id}/contract`)).body.status).not.toBe('terminated');

  await page.click('[data-testid="terminate"]');
  await page.waitForSelector('[data-testid="terminate-dialog"]');
  expect(await page.inputValue('[data-testid="terminate-name"]')).toBe('');
  await page.fill('[data-testid="terminate-reason"]', 'E2E: licence terms breached');
  await page.fill('[data-testid="terminate-name"]', litware.name);
  expect(await page.isDisabled('[data-testid="terminate-submit"]')).toBe(false);
  await page.click('[data-testid="terminate-submit"]');
  await page.waitForSelector('[data-testid="terminate-dialog"]', { state: 'detached' });
  await page.waitForSelector('[data-testid="contract-status"]:has-text("Terminated")');
  const after = (await world.call('GET', `/v1/customers/${litware.id}`)).body;
  expect(after).toMatchObject({ terminationReason: 'E2E: licence terms breached' });
  expect(after.terminatedAt).toEqual(expect.any(String));
  expect(await page.locator('[data-testid="terminate"]').count()).toBe(0);
}, 45_000);

test('a cancellation notice and a licence key re-issue, each from its dialog; the old key stops working', async () => {
  const contoso = world.customer('paid');
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, `/console/customers/${contoso.id}`);

  // Cancellation notice received today (late for this year: the server says when assurance ends).
  await page.click('[data-testid="cancel-contract"]');
  await page.waitForSelector('[data-testid="cancel-dialog"]');
  await page.fill('[data-testid="cancel-received"]', '');
  await page.click('[data-testid="cancel-submit"]');
  await page.waitForSelector('[data-testid="cancel-dialog"] >> text=Choose the date the cancellation notice was received');
  expect((await world.call('GET', `/v1/customers/${contoso.id}`)).body.cancellation).toBeUndefined();
  await page.fill('[data-testid="cancel-received"]', world.demo.summary.today);
  await page.click('[data-testid="cancel-submit"]');
  await page.waitForSelector('[data-testid="cancel-dialog"]', { state: 'detached' });
  const cancellation = (await world.call('GET', `/v1/customers/${contoso.id}`)).body.cancellation;
  expect(cancellation).toMatchObject({ receivedOn: world.demo.summary.today });
  await page.waitForSelector(`[data-testid="cancellation-end"]`);
  expect(await text(page, 'done')).toContain('Cancellation notice recorded');

  // Re-issue the key: shown once with a copy button; the old key is refused from now on, the new one works.
  const keys = (await world.call('GET', `/v1/customers/${contoso.id}`)).body.licenceKeys as Array<{ id: string }>;
  await page.click(`[data-testid="reissue-${keys[0].id}"]`);
  await page.waitForSelector('[data-testid="reissue-dialog"]');
  await page.click('[data-testid="reissue-submit"]');
  await page.waitForSelector('[data-testid="reissue-dialog"] >> text=Type the reason');
  await page.fill('[data-testid="reissue-reason"]', 'E2E: posted in a public forum');
  await page.click('[data-testid="reissue-submit"]');
  await page.waitForSelector('[data-testid="new-licence-key"]');
  const newKey = await page.inputValue('[data-testid="new-licence-key"]');
  expect(newKey).toMatch(/^CRMA-/);
  expect(await page.textContent('[data-testid="reissue-dialog"]')).toMatch(/old key ending in \w+ stops working/);
  expect(await page.isVisible('[data-testid="copy-key"]')).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  const activate = (licenceKey: string) => world.call('POST', '/v1/activate', { licenceKey, orgId: 'e2e-contoso-prod', orgUrl: 'https://contoso.crm4.dynamics.com', platform: 'dynamics365', platformVersion: V92 });
  expect((await activate(contoso.licenceKey)).body.error.code).toBe('licence_key_invalid');
  expect([200, 201]).toContain((await activate(newKey)).status);
  await page.click('[data-testid="reissue-close"]');
  await page.waitForSelector('[data-testid="reissue-dialog"]', { state: 'detached' });
  expect(await page.locator(`text=${newKey}`).count()).toBe(0);
}, 45_000);

test('a partner sees its own customers only, and no action its role may not take', async () => {
  const relecloud = world.customer('paid (partner)');
  const woodgrove = world.customer('paid (second partner)');
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.summary.partnerApiKeys['alpine-partners'], '/console/customers');
  await page.waitForSelector(`[data-testid="customer-row-${relecloud.id}"]`);
  expect(await page.locator(`[data-testid="customer-row-${woodgrove.id}"]`).count()).toBe(0);
  expect(await page.locator('[data-testid^="customer-row-"]').count()).toBe(1);
  expect(await page.textContent('main')).not.toContain('Woodgrove');

  await page.click(`[data-testid="customer-link-${relecloud.id}"]`);
  await page.waitForSelector('[data-testid="contract-status"]');
  expect(await page.locator('[data-testid^="record-payment-"]').count()).toBe(0);
  expect(await page.locator('[data-testid="terminate"]').count()).toBe(0);
  expect(await page.locator('[data-testid="cancel-contract"]').count()).toBe(1);

  await page.goto(`${world.url}/console/customers/${woodgrove.id}`);
  await page.waitForSelector('[data-testid="error"]');
  expect(await text(page, 'error')).toMatch(/No such customer/);
  expect(await page.textContent('main')).not.toContain('Woodgrove');
  expect(await axeViolations(page)).toEqual([]);
}, 30_000);

test('billing may record payments but not terminate; a publisher is told its role may not see customers; the Customers tab clears the search', async () => {
  const billing = (await world.call('POST', '/v1/api-keys', { name: 'E2E billing', role: 'billing' })).body.apiKey as string;
  const publisher = (await world.call('POST', '/v1/api-keys', { name: 'E2E publisher', role: 'publisher' })).body.apiKey as string;
  const adatum = world.customer('new order, unpaid');
  const { page } = await world.newPage();
  await signIn(page, world.url, billing, `/console/customers?q=${encodeURIComponent('adatum corp')}`);
  await page.waitForSelector(`[data-testid="customer-row-${adatum.id}"]`);
  expect(await page.locator('[data-testid^="customer-row-"]').count()).toBe(1);
  expect(await page.inputValue('[data-testid="customer-search"]')).toBe('adatum corp');
  await page.click('[data-testid="nav-customers"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="customer-row-"]').length === n, world.demo.summary.customers.length);
  expect(await page.inputValue('[data-testid="customer-search"]')).toBe('');
  await page.waitForTimeout(400);
  expect(new URL(page.url()).search).toBe('');

  await page.click(`[data-testid="customer-link-${adatum.id}"]`);
  await page.waitForSelector('[data-testid^="record-payment-"]');
  expect(await page.locator('[data-testid="terminate"]').count()).toBe(0);
  expect(await page.locator('[data-testid="cancel-contract"]').count()).toBe(1);

  const other = await world.newPage();
  await signIn(other.page, world.url, publisher, '/console/customers');
  // The frame keeps each area to its roles (app.tsx AREAS): the address of Customers says what the role may use.
  await other.page.waitForSelector('[data-testid="area-not-allowed"]');
  expect(await text(other.page, 'area-not-allowed')).toMatch(/Customers is not open to publisher keys/);
  expect(await other.page.locator('[data-testid="error"]').count()).toBe(0);
}, 30_000);

test('the list, the detail and a dialog fit a tablet (768×1024); a refused fixed cancellation date is shown at its field', async () => {
  const { page } = await world.newPage({ width: 768, height: 1024 });
  await signIn(page, world.url, world.demo.adminApiKey, '/console/customers');
  await page.waitForSelector('[data-testid^="customer-row-"]');
  expect(await fitsWidth(page)).toBe(true);
  await page.goto(`${world.url}/console/customers/${world.customer('Auto SSA (quarterly)').id}`);
  await page.waitForSelector('[data-testid^="invoice-row-"]');
  expect(await fitsWidth(page)).toBe(true);
  expect(await page.textContent('[data-testid="credit-balance"]')).toMatch(/EUR/);

  // Auto SSA: a fixed cancellation date the plan does not allow (before the minimum term, or inside what is invoiced)
  // is the server's refusal, shown at that field in words; nothing is recorded.
  const tailspin = world.customer('Auto SSA (quarterly)');
  await page.click('[data-testid="cancel-contract"]');
  await page.waitForSelector('[data-testid="cancel-date"]');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.fill('[data-testid="cancel-date"]', tomorrow);
  await page.click('[data-testid="cancel-submit"]');
  await page.waitForSelector('[data-testid="cancel-dialog"] >> text=/Cancellation date: /');
  expect(await page.getAttribute('[data-testid="cancel-date"]', 'aria-invalid')).toBe('true');
  expect(await page.textContent('[data-testid="cancel-dialog"]')).not.toMatch(/cancellationDate|SPEC|decision/);
  expect((await world.call('GET', `/v1/customers/${tailspin.id}`)).body.cancellation).toBeUndefined();
  expect(await fitsWidth(page)).toBe(true);
}, 30_000);
