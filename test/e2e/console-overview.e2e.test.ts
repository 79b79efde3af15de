/**
 * Issue #15 item 2, the console's Overview in headless Chromium on the demo vendor's data: the numbers are the API's
 * (GET /v1/overview), each card opens its list with the API's rows, the customer links lead to the Customers area,
 * axe-core finds nothing at 1366×768, the page fits a tablet, and a partner sees its own customer's numbers only.
 * Screenshots for a person to look at: OVERVIEW_SHOTS=/some/dir.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { money } from '../../update-server/console/src/format';
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld();
}, 240_000);
afterAll(() => world?.close());

const LISTS = {
  arr: { key: 'arr', id: (i: any) => i.customerId },
  renewals: { key: 'renewals', id: (i: any) => i.customerId },
  open: { key: 'openInvoices', id: (i: any) => i.invoiceId },
  overdue: { key: 'overdueInvoices', id: (i: any) => i.invoiceId },
  lapsed: { key: 'lapsed', id: (i: any) => i.customerId },
  cancelled: { key: 'cancelled', id: (i: any) => i.customerId },
  deadlines: { key: 'cancellationDeadlines', id: (i: any) => i.customerId },
} as const;

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.OVERVIEW_SHOTS;
  if (!dir) return;
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  await page.screenshot({ path: path.join(dir, `${name}-viewport.png`) });
}

const text = async (page: Page, testid: string) => ((await page.textContent(`[data-testid="${testid}"]`)) ?? '').trim();
const totalsText = (totals: Array<{ amount: number; currency: string }>) => totals.map((t) => money(t)).join('');

/** The dashboard's figures equal the API's answer for the same key. */
async function expectNumbers(page: Page, o: any): Promise<void> {
  await page.waitForSelector('[data-testid="cards"]');
  expect(await text(page, 'as-of')).toContain(new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${o.asOf}T00:00:00Z`)));
  expect(await text(page, 'arr-totals')).toBe(o.arr.totals.length > 0 ? totalsText(o.arr.totals) : 'No revenue yet');
  expect(await text(page, 'figure-renewals')).toBe(String(o.renewals.count));
  expect(await text(page, 'figure-open')).toBe(String(o.openInvoices.count));
  expect(await text(page, 'figure-overdue')).toBe(String(o.overdueInvoices.count));
  expect(await text(page, 'figure-lapsed')).toBe(String(o.lapsed.count));
  expect(await text(page, 'figure-cancelled')).toBe(String(o.cancelled.count));
  expect(await text(page, 'figure-deadlines')).toBe(String(o.cancellationDeadlines.count));
  if (o.overdueInvoices.count > 0) expect(await text(page, 'detail-overdue')).toBe(totalsText(o.overdueInvoices.totals));
}

/** Each card's link opens its list with the API's rows, in its order; back returns to the cards. */
async function expectLists(page: Page, o: any): Promise<void> {
  for (const [list, { key, id }] of Object.entries(LISTS)) {
    await page.click(`[data-testid="link-${list}"]`);
    await page.waitForURL(`**/console/overview/${list}`);
    const items = o[key].items as any[];
    if (items.length === 0) {
      await page.waitForSelector('[data-testid="empty"]');
    } else {
      await page.waitForSelector('[data-testid="list-table"]');
      const rows = await page.$$eval('[data-testid="list-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-testid')));
      expect(rows).toEqual(items.map((i) => `row-${id(i)}`));
      const links = await page.$$eval('[data-testid="customer-link"]', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
      expect(links).toEqual(items.map((i) => [`/console/customers/${i.customerId}`, i.customerName]));
    }
    expect(await text(page, 'list-count')).toBe(`${items.length} item${items.length === 1 ? '' : 's'}`);
    if (o[key].totals?.length > 0) expect(await text(page, 'list-totals')).toBe(totalsText(o[key].totals));
    await page.click('[data-testid="back"]');
    await page.waitForSelector('[data-testid="cards"]');
  }
}

test('as admin: the numbers are the API’s, every card opens its list with the right rows', async () => {
  const o = (await world.call('GET', '/v1/overview')).body;
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/overview');
  await expectNumbers(page, o);
  await shot(page, 'overview-1366');
  expect(await axeViolations(page)).toEqual([]);
  await expectLists(page, o);

  // The demo's "unpaid renewal" (Fabrikam): its renewal invoice of this year is open, and overdue once past its due
  // date (31 January): in "overdue" then, else in "open" only.
  const fabrikam = world.customer('unpaid renewal');
  const open = o.openInvoices.items.filter((i: any) => i.customerId === fabrikam.id);
  expect(open.map((i: any) => i.kind)).toEqual(['renewal']);
  const list = open[0].daysOverdue > 0 ? 'overdue' : 'open';
  expect(o.overdueInvoices.items.some((i: any) => i.invoiceId === open[0].invoiceId)).toBe(list === 'overdue');
  await page.click(`[data-testid="link-${list}"]`);
  const row = page.locator(`[data-testid="row-${open[0].invoiceId}"]`);
  expect(await row.locator('[data-testid="customer-link"]').textContent()).toBe(fabrikam.name);
  expect(await row.locator('[data-testid="outstanding"]').textContent()).toBe(money(open[0].outstanding));
  expect(await row.locator('[data-testid="days-overdue"]').textContent()).toBe(
    open[0].daysOverdue > 0 ? `${open[0].daysOverdue} day${open[0].daysOverdue === 1 ? '' : 's'} overdue` : 'Not yet due',
  );
  await shot(page, 'overview-overdue-1366');
  expect(await axeViolations(page)).toEqual([]);
  // The lapsed and cancelled demo customers are in their lists; the terminated one is in neither ARR nor the lapsed.
  expect(o.lapsed.items.map((i: any) => i.customerId)).toContain(world.customer('lapsed').id);
  expect(o.cancelled.items.map((i: any) => i.customerId)).toContain(world.customer('cancelled').id);
  expect(o.arr.items.map((i: any) => i.customerId)).not.toContain(world.customer('terminated').id);

  // A list's address opens it directly (a reload keeps the view), and a customer link leads to the Customers area.
  await page.goto(`${world.url}/console/overview/lapsed`);
  await page.waitForSelector('[data-testid="list-table"]');
  await page.click('[data-testid="customer-link"]');
  await page.waitForURL(`**/console/customers/${o.lapsed.items[0].customerId}`);
});

test('on a tablet (768×1024) the overview and its widest list fit without sideways scrolling', async () => {
  const { page } = await world.newPage({ width: 768, height: 1024 });
  await signIn(page, world.url, world.demo.adminApiKey, '/console/overview');
  await page.waitForSelector('[data-testid="cards"]');
  expect(await fitsWidth(page)).toBe(true);
  await shot(page, 'overview-tablet');
  await page.click('[data-testid="link-open"]');
  await page.waitForSelector('[data-testid="list-table"], [data-testid="empty"]');
  expect(await fitsWidth(page)).toBe(true);
  await shot(page, 'overview-open-tablet');
  expect(await axeViolations(page)).toEqual([]);
});

test('as the demo partner: only Relecloud’s numbers; an unknown list says so in words', async () => {
  const key = world.demo.summary.partnerApiKeys['alpine-partners'];
  const o = (await world.call('GET', '/v1/overview', undefined, key)).body;
  const relecloud = world.customer('paid (partner)');
  const everyone = new Set(Object.values(LISTS).flatMap(({ key: k }) => o[k].items.map((i: any) => i.customerId)));
  expect([...everyone]).toEqual([relecloud.id]);
  expect(o.arr.items.map((i: any) => i.customerName)).toEqual([relecloud.name]);

  const { page } = await world.newPage();
  await signIn(page, world.url, key, '/console/overview');
  await expectNumbers(page, o);
  expect(await text(page, 'as-of')).toMatch(/^Your customers, as of /);
  await shot(page, 'overview-partner');
  await page.click('[data-testid="link-arr"]');
  await page.waitForSelector('[data-testid="list-table"]');
  expect(await page.$$eval('[data-testid="customer-link"]', (as) => as.map((a) => a.textContent))).toEqual([relecloud.name]);
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`${world.url}/console/overview/nothing-here`);
  expect(await text(page, 'error')).toMatch(/There is no list called “nothing-here”/);
});

test('a publisher key is told in words what it may see; a bad date in the address gets plain words naming it', async () => {
  const publisher = (await world.call('POST', '/v1/api-keys', { name: 'Release manager (test)', role: 'publisher' })).body.apiKey as string;
  const { page } = await world.newPage();
  await signIn(page, world.url, publisher, '/console/overview');
  // The frame keeps each area to its roles (app.tsx AREAS).
  expect(await text(page, 'area-not-allowed')).toMatch(/Overview is not open to publisher keys\. Your key may use: Fleet, Releases\./);
  expect(await page.$('[data-testid="cards"]')).toBeNull();
  expect(await axeViolations(page)).toEqual([]);

  const admin = await world.newPage();
  await signIn(admin.page, world.url, world.demo.adminApiKey, '/console/overview?asOf=2026-02-30');
  await admin.page.waitForSelector('[data-testid="error"]');
  expect(await text(admin.page, 'error')).toMatch(/Date of the overview: expected a calendar date/);
  expect(await admin.page.$('[data-testid="cards"]')).toBeNull();
});

test('the overview of another day: the date is checked in the form, then the numbers are the API’s for that day', async () => {
  const { page } = await world.newPage();
  page.setDefaultTimeout(8000);
  await signIn(page, world.url, world.demo.adminApiKey, '/console/overview');
  await page.waitForSelector('[data-testid="cards"]');
  // Nothing chosen: the form names the field and nothing is asked of the server.
  await page.fill('[data-testid="as-of-input"]', '');
  await page.click('[data-testid="as-of-show"]');
  await page.waitForSelector('text=Date of the overview: choose a day');
  expect(page.url()).toBe(`${world.url}/console/overview`);
  expect(await axeViolations(page)).toEqual([]);

  const day = new Date(Date.parse(`${world.demo.summary.today}T00:00:00Z`) + 35 * 86_400_000).toISOString().slice(0, 10);
  const o = (await world.call('GET', `/v1/overview?asOf=${day}`)).body;
  await page.fill('[data-testid="as-of-input"]', day);
  await page.click('[data-testid="as-of-show"]');
  await page.waitForURL(`**/console/overview?asOf=${day}`);
  await page.waitForFunction((d) => document.querySelector('[data-testid="as-of"]')?.textContent?.includes(d), new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)));
  await expectNumbers(page, o);
  // The list keeps the day.
  await page.click('[data-testid="link-renewals"]');
  await page.waitForURL(`**/console/overview/renewals?asOf=${day}`);
  expect(await text(page, 'list-count')).toBe(`${o.renewals.count} item${o.renewals.count === 1 ? '' : 's'}`);
  await page.click('[data-testid="as-of-today"]');
  await page.waitForURL('**/console/overview/renewals');
});
