/**
 * Issue #15 item 6, the console's Support area in headless Chromium against the demo vendor (SPEC §6): the queue
 * newest first, a request's environment, classification, an approval before the notice refused in plain words,
 * notice, approval, time log, the charge and the month statement, each checked against the API's own answer; a
 * partner sees only its customers' requests; a publisher is told its role may not; axe at 1366×768, the tablet width.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { date, money } from '../../update-server/console/src/format';
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;
const shots = process.env.CONSOLE_SHOTS;

beforeAll(async () => {
  world = await startConsoleWorld();
}, 240_000);
afterAll(() => world?.close());

interface Detail {
  id: string;
  number: number;
  summary: string;
  customerName: string;
  classification?: string;
  notifiedAt?: string;
  approvedAt?: string;
  environment: { addonVersion: string; platformVersion: string; customisationsPresent: boolean };
  timeEntries: Array<{ minutes: number; note?: string }>;
  charge: { loggedMinutes: number; billableSeconds: number; amount: { amount: number; currency: string }; note: string };
}

const detail = async (id: string, key?: string): Promise<Detail> => (await world.call('GET', `/v1/support-requests/${id}`, undefined, key)).body;
const minutes = (seconds: number) => String(Math.round((seconds / 60) * 10) / 10);

async function pick(page: Page, dropdown: string, option: string): Promise<void> {
  await page.click(`[data-testid="${dropdown}"]`);
  await page.click(`[data-testid="${option}"]`);
}

test('the queue newest first; a request classified, an approval before the notice refused in plain words, notice, approval and time recorded, the charge and the month statement as the API has them', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/support');
  await page.waitForSelector('[data-testid="request-row"]');
  const all = (await world.call('GET', '/v1/support-requests')).body.requests as Array<{ id: string; number: number; summary: string; status: string }>;
  const shown = await page.$$eval('[data-testid="request-row"]', (rows) => rows.map((r) => r.getAttribute('data-request')));
  expect(shown).toEqual([...all].sort((a, b) => b.number - a.number).map((r) => r.id));
  if (shots) await page.screenshot({ path: path.join(shots, 'support-queue-1366.png'), fullPage: true });

  // The status filter is the route's (GET /v1/support-requests?status=open) and lives in the address.
  await pick(page, 'filter-status', 'filter-status-open');
  await page.waitForURL(/status=open/);
  const open = (await world.call('GET', '/v1/support-requests?status=open')).body.requests as Array<{ id: string }>;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="request-row"]').length === n, open.length);
  // And the customer filter (GET /v1/support-requests?customerId=), both in the address.
  const wingtip = world.customer('legacy line (9.1)');
  await pick(page, 'filter-customer', `filter-customer-${wingtip.id}`);
  await page.waitForURL(/customer=/);
  const wingtips = (await world.call('GET', `/v1/support-requests?status=open&customerId=${wingtip.id}`)).body.requests as Array<{ id: string }>;
  expect(wingtips.length).toBeGreaterThan(0);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="request-row"]').length === n, wingtips.length);
  expect(await page.$$eval('[data-testid="request-customer"]', (cells) => [...new Set(cells.map((c) => c.textContent))])).toEqual([wingtip.name]);
  await pick(page, 'filter-customer', 'filter-customer-all');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="request-row"]').length === n, open.length);

  // The demo's request left open for the vendor: "Appointments appear twice" (Fourth Coffee, unclassified).
  const target = all.find((r) => r.summary === 'Appointments appear twice')!;
  await page.click(`[data-testid="request-link-${target.number}"]`);
  await page.waitForSelector('[data-testid="detail-status"]');
  let api = await detail(target.id);
  expect(await page.textContent('h1')).toBe(`Request ${api.number}: ${api.summary}`);
  expect(await page.textContent('[data-testid="detail-customer"]')).toBe(api.customerName);
  expect(await page.textContent('[data-testid="env-addon-version"]')).toBe(api.environment.addonVersion);
  expect(await page.textContent('[data-testid="env-platform"]')).toBe(`Dynamics 365 ${api.environment.platformVersion}`);
  expect(await page.textContent('[data-testid="env-customisations"]')).toBe(api.environment.customisationsPresent ? 'Yes' : 'No');
  expect(await page.textContent('[data-testid="charge-note"]')).toContain('Not classified yet');

  // Approval before the notice: the server refuses (notice_missing) and says so in plain words; nothing recorded.
  await page.click('[data-testid="record-approval"]');
  const refusal = await page.waitForSelector('[data-testid="error"]');
  expect(await refusal.textContent()).toContain('Record when the customer was told the work is chargeable first.');
  expect((await detail(target.id)).approvedAt).toBeUndefined();

  // Classify: chargeable, caused by the customer's customisations.
  await pick(page, 'classification', 'class-customization_bug');
  await page.fill('[data-testid="classification-note"]', 'Their own routing plug-in again.');
  await page.click('[data-testid="classify"]');
  await page.waitForSelector('text=Classified: Caused by the customer’s customisations (chargeable).');
  api = await detail(target.id);
  expect(api.classification).toBe('customization_bug');
  expect(await page.textContent('[data-testid="detail-classification"]')).toBe('Caused by the customer’s customisations (chargeable)');

  // Notice ten minutes ago, approval five minutes ago (typed in UTC).
  const utc = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().slice(0, 16);
  await page.fill('[data-testid="notice-at"]', utc(10));
  await page.click('[data-testid="record-notice"]');
  await page.waitForSelector('text=Recorded: the customer was told');
  await page.fill('[data-testid="approval-at"]', utc(5));
  await page.click('[data-testid="record-approval"]');
  await page.waitForSelector('text=Recorded: the customer approved');
  api = await detail(target.id);
  expect(api.notifiedAt).toBe(`${utc(10)}:00.000Z`);
  expect(api.approvedAt).toBe(`${utc(5)}:00.000Z`);
  expect(await page.textContent('[data-testid="detail-notice"]')).toBe(date(api.notifiedAt));
  // A notice after the approval is refused (approval_before_notice) in plain words; the notice stays as it was.
  await page.fill('[data-testid="notice-at"]', utc(2));
  await page.click('[data-testid="record-notice"]');
  expect(await (await page.waitForSelector('[data-testid="error"]')).textContent()).toContain('The customer’s approval is recorded before this notice');
  expect((await detail(target.id)).notifiedAt).toBe(api.notifiedAt);

  // Time: a typed "ninety" is refused at the field and nothing is logged; 95 minutes are.
  await page.fill('[data-testid="time-minutes-input"]', 'ninety');
  await page.click('[data-testid="log-time"]');
  await page.waitForSelector('text=Type whole minutes, from 1 to 1440.');
  expect((await detail(target.id)).timeEntries).toHaveLength(0);
  await page.fill('[data-testid="time-minutes-input"]', '95');
  await page.fill('[data-testid="time-note"]', 'Traced the duplicates to the routing plug-in');
  await page.click('[data-testid="log-time"]');
  await page.waitForSelector('text=Logged 95 minutes.');
  api = await detail(target.id);
  expect(api.timeEntries.map((t) => [t.minutes, t.note])).toEqual([[95, 'Traced the duplicates to the routing plug-in']]);
  expect(await page.$$eval('[data-testid="time-minutes"]', (cells) => cells.map((c) => c.textContent))).toEqual(['95']);
  expect(await page.textContent('[data-testid="charge-logged"]')).toBe(`${api.charge.loggedMinutes} minutes`);
  expect(await page.textContent('[data-testid="charge-billable"]')).toBe(`${minutes(api.charge.billableSeconds)} minutes`);
  expect(await page.textContent('[data-testid="charge-amount"]')).toBe(money(api.charge.amount));
  expect(api.charge.amount.amount).toBeGreaterThan(0);
  expect(await axeViolations(page)).toEqual([]);

  // Close, confirmed in a dialog; the API has it closed.
  await page.click('[data-testid="close-request"]');
  await page.click('[data-testid="confirm-close"]');
  await page.waitForSelector(`text=Request ${api.number} is closed.`);
  expect((await detail(target.id) as unknown as { status: string }).status).toBe('closed');
  expect(await page.textContent('[data-testid="detail-status"]')).toMatch(/^Closed on /);
  if (shots) await page.screenshot({ path: path.join(shots, 'support-request-1366.png'), fullPage: true });

  // The month statement includes it, as the API has it.
  await page.click('[data-testid="back-to-queue"]');
  await page.click('[data-testid="statement-link"]');
  await page.waitForSelector('[data-testid="statement-request-row"]');
  const month = new Date().toISOString().slice(0, 7);
  const statement = (await world.call('GET', `/v1/support/statement?month=${month}`)).body as {
    requests: Array<{ id: string; loggedMinutes: number; billableSeconds: number; amount: { amount: number; currency: string } }>;
    customers: Array<{ customerId: string; loggedMinutes: number; billableSeconds: number; amount: { amount: number; currency: string } }>;
    totals: Array<{ amount: number; currency: string }>;
  };
  expect(statement.requests.map((r) => r.id)).toContain(target.id);
  const rows = await page.$$eval('[data-testid="statement-request-row"]', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-request'), ...['st-logged', 'st-billable', 'st-amount'].map((t) => tr.querySelector(`[data-testid="${t}"]`)?.textContent)]),
  );
  expect(rows).toEqual(statement.requests.map((r) => [r.id, String(r.loggedMinutes), minutes(r.billableSeconds), money(r.amount)]));
  const customers = await page.$$eval('[data-testid="statement-customer-row"]', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-customer'), ...['sc-logged', 'sc-billable', 'sc-amount'].map((t) => tr.querySelector(`[data-testid="${t}"]`)?.textContent)]),
  );
  expect(customers).toEqual(statement.customers.map((c) => [c.customerId, String(c.loggedMinutes), minutes(c.billableSeconds), money(c.amount)]));
  expect(await page.textContent('[data-testid="statement-totals"]')).toBe(`Total: ${statement.totals.map(money).join(' + ')}`);
  if (shots) await page.screenshot({ path: path.join(shots, 'support-statement-1366.png'), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);

  // A month typed wrong is named at the field; nothing is asked of the server.
  await page.fill('[data-testid="statement-month"]', '2026-13');
  await page.click('[data-testid="show-statement"]');
  await page.waitForSelector('text=Type a month as YYYY-MM');
}, 90_000);

test('a partner sees only its own customers’ requests; another customer’s request reads as not found; a publisher is told its role may not', async () => {
  // File a request for the partner's customer through the add-on route, as the configuration page does.
  const relecloud = world.customer('paid (partner)');
  const activated = await world.call('POST', '/v1/activate', { licenceKey: relecloud.licenceKey, orgId: 'e2e-relecloud-prod', orgUrl: 'https://relecloud.crm.dynamics.com', platform: 'dynamics365', platformVersion: relecloud.platformVersion });
  expect(activated.status).toBeLessThan(300);
  const filed = await world.call('POST', '/v1/support-requests', {
    licenceKey: relecloud.licenceKey,
    orgId: 'e2e-relecloud-prod',
    addon: 'docgen',
    summary: 'Templates list is empty',
    description: 'After the update the template list shows nothing.',
    environment: { addonVersion: '3.0.1.0', platformVersion: relecloud.platformVersion, customisationsPresent: false },
  });
  expect(filed.status).toBe(201);
  const partnerKey = world.demo.summary.partnerApiKeys['alpine-partners'];
  const theirs = (await world.call('GET', '/v1/support-requests', undefined, partnerKey)).body.requests as Array<{ id: string }>;
  expect(theirs.map((r) => r.id)).toEqual([filed.body.id]);

  const { page } = await world.newPage({ width: 768, height: 1024 });
  await signIn(page, world.url, partnerKey, '/console/support');
  await page.waitForSelector('[data-testid="request-row"]');
  expect(await page.$$eval('[data-testid="request-row"]', (rows) => rows.map((r) => r.getAttribute('data-request')))).toEqual([filed.body.id]);
  expect(await page.textContent('[data-testid="request-customer"]')).toBe(relecloud.name);
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await page.click(`[data-testid="request-link-${filed.body.number}"]`);
  await page.waitForSelector('[data-testid="detail-status"]');
  expect(await fitsWidth(page)).toBe(true);
  if (shots) await page.screenshot({ path: path.join(shots, 'support-request-768.png'), fullPage: true });

  // Fourth Coffee's request, by its address: the partner is told there is none it may see.
  const other = ((await world.call('GET', '/v1/support-requests')).body.requests as Array<{ id: string; customerId: string }>).find((r) => r.customerId === world.customer('maintenance agreement').id)!;
  await page.goto(`${world.url}/console/support/${other.id}`);
  const error = await page.waitForSelector('[data-testid="error"]');
  expect(await error.textContent()).toContain('No such support request (or not one your key may see).');
  expect(await page.textContent('main')).not.toContain('Fourth Coffee');

  const publisher = await world.call('POST', '/v1/api-keys', { name: 'Release manager (support test)', role: 'publisher' });
  const asPublisher = (await world.newPage()).page;
  await signIn(asPublisher, world.url, publisher.body.apiKey, '/console/support');
  expect(await asPublisher.textContent('[data-testid="area-not-allowed"]')).toContain('Support is not open to publisher keys');
  expect(await axeViolations(asPublisher)).toEqual([]);
}, 60_000);
