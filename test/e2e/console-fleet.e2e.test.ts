/**
 * Issue #15 item 3, the console's Fleet area in headless Chromium on the demo vendor's data, with more of the demo's
 * orgs activated, checked and installed through the add-on routes (demo-fleet.ts): the chart's table equals the
 * counts of `GET /v1/fleet`, the install table equals `GET /v1/fleet/installs`, the legacy lines, an org's reasons
 * equal what its own update check says (Wingtip on 9.1: platform_incompatible; Fabrikam's renewal unpaid: not_paid),
 * a partner sees its own orgs only, axe-core finds nothing at 1366×768, and the page fits a tablet.
 */
import type { Page } from 'playwright-core';
import { DEMO_FLEET, seedDemoFleet } from '../../update-server/src/demo/demo-fleet';
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld();
  await seedDemoFleet(world.url, world.demo.summary);
}, 240_000);
afterAll(() => world?.close());

const SHOTS = process.env.CONSOLE_SHOTS;

async function ok(r: Promise<{ status: number; body: any }>): Promise<any> {
  const answer = await r;
  if (answer.status !== 200) throw new Error(`${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The cells of a table's body rows, as text. */
async function tableRows(page: Page, testid: string): Promise<string[][]> {
  return page.$$eval(`[data-testid="${testid}"] tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim())));
}

test('orgs by version and line: the chart’s table is the fleet report’s count; install outcomes equal the API’s; axe finds nothing', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/fleet?addon=docgen');
  await page.waitForSelector('[data-testid="versions-table"]');

  // What the API says: docgen rows on Dynamics 365 with a reported version, per line and version.
  const report = await ok(world.call('GET', '/v1/fleet?platform=dynamics365&addon=docgen'));
  const expected = new Map<string, number>();
  for (const r of report.rows) if (r.installedVersion) expected.set(`${r.line}|${r.installedVersion}`, (expected.get(`${r.line}|${r.installedVersion}`) ?? 0) + 1);
  expect(expected.size).toBeGreaterThan(3);
  const header = await page.$$eval('[data-testid="versions-table"] thead th', (cells) => cells.map((c) => (c.textContent ?? '').trim()));
  const lines = header.slice(1, -1);
  expect(lines).toEqual(['9.1', '9.2']);
  const shown = new Map<string, number>();
  for (const row of await tableRows(page, 'versions-table')) {
    if (row[0] === 'All versions') {
      expect(Number(row[row.length - 1])).toBe([...expected.values()].reduce((a, b) => a + b, 0));
      continue;
    }
    lines.forEach((line, i) => {
      if (Number(row[i + 1]) > 0) shown.set(`${line}|${row[0]}`, Number(row[i + 1]));
    });
  }
  expect(shown).toEqual(expected);
  // The chart is drawn, with a name that says its numbers.
  expect(await page.textContent('[data-testid="versions-figure"] figcaption')).toMatch(/10 orgs: 9\.1: 2 orgs, 9\.2: 8 orgs/);
  expect(await page.locator('[data-testid="versions-figure"] svg rect').count()).toBeGreaterThan(3);

  // Install outcomes: the table's whole-period row is the API's total.
  await page.waitForSelector('[data-testid="installs-table"]');
  const installs = await ok(world.call('GET', '/v1/fleet/installs?addon=docgen&platform=dynamics365'));
  const total = (await tableRows(page, 'installs-table')).find((r) => r[0] === 'Whole period');
  expect(total).toEqual(['Whole period', String(installs.totals.succeeded), String(installs.totals.failed), String(installs.totals.rolled_back)]);
  expect(installs.totals).toEqual({ succeeded: DEMO_FLEET.filter((o) => o.install?.outcome === 'succeeded').length, failed: 1, rolled_back: 1 });

  // Legacy: 9.1's window closed on 2022-10-01 and orgs are still on it (Wingtip, Tailspin's sandbox).
  const legacy = await tableRows(page, 'legacy-table');
  expect(legacy).toHaveLength(1);
  expect(legacy[0]![0]).toBe('Dynamics 365 9.1');
  expect(legacy[0]![1]).toBe('1 Oct 2022');
  expect(legacy[0]![2]).toMatch(/^Closed \d+ days ago$/);
  expect(legacy[0]![4]).toBe('2');
  expect(legacy[0]![5]).toMatch(/Wingtip Toys \(demo-wingtip-prod\)/);
  expect(legacy[0]![5]).toMatch(/Tailspin Toys \(demo-tailspin-test\)/);

  await page.mouse.move(0, 0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/fleet-1366.png`, fullPage: true });
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
}, 60_000);

test('an org’s reasons are its update check’s, in the admin’s words (Wingtip on 9.1, Fabrikam unpaid)', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/fleet?addon=docgen');
  // Filter by a reason, then open the org as a person would.
  await page.fill('[data-testid="fleet-search"]', 'wingtip');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="org-row"]').length === 1);
  expect(page.url()).toContain('q=wingtip');
  await page.click('[data-testid="org-link"]');
  await page.waitForSelector('[data-testid="withheld-row"]');
  expect(page.url()).toMatch(/\/console\/fleet\/[^/]+%3Ademo-wingtip-prod$/);

  const wingtip = world.customer('legacy line (9.1)');
  const check = await ok(world.call('POST', '/v1/updates/check', { licenceKey: wingtip.licenceKey, orgId: 'demo-wingtip-prod', addon: 'docgen', installedVersion: '2.0.2.0', platformVersion: '9.1.0.28216' }));
  const fromCheck = check.withheld.map((w: any) => [w.version, w.reason, w.message]);
  const shown = await page.$$eval('[data-testid="withheld-row"]', (rows) => rows.map((r) => [r.getAttribute('data-version'), r.getAttribute('data-reason'), (r.querySelector('[data-testid="withheld-words"]')?.textContent ?? '').trim()]));
  expect(shown.sort()).toEqual(fromCheck.sort());
  expect(shown.some(([, reason]) => reason === 'platform_incompatible')).toBe(true);
  expect(await page.textContent('[data-testid="org-installed"]')).toBe('2.0.2.0');
  expect(await page.getAttribute('[data-testid="org-customer"] a', 'href')).toBe(`/console/customers/${wingtip.id}`);
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/fleet-org-1366.png`, fullPage: true });

  // Fabrikam: its renewal is unpaid, so this year's releases are withheld as not_paid; the same words as its check.
  const fabrikam = world.customer('unpaid renewal');
  const fabCheck = await ok(world.call('POST', '/v1/updates/check', { licenceKey: fabrikam.licenceKey, orgId: 'demo-fabrikam-prod', addon: 'docgen', installedVersion: '2.2.1.0', platformVersion: '9.2.24012.196' }));
  await page.goto(`${world.url}/console/fleet/${encodeURIComponent(`${fabrikam.id}:demo-fabrikam-prod`)}`);
  await page.waitForSelector('[data-testid="withheld-row"]');
  const fabShown = await page.$$eval('[data-testid="withheld-row"]', (rows) => rows.map((r) => [r.getAttribute('data-version'), r.getAttribute('data-reason'), (r.querySelector('[data-testid="withheld-words"]')?.textContent ?? '').trim()]));
  expect(fabShown.sort()).toEqual(fabCheck.withheld.map((w: any) => [w.version, w.reason, w.message]).sort());
  expect(fabShown.filter(([, reason]) => reason === 'not_paid').map(([v]) => v).sort()).toEqual(['3.0.0.0', '3.0.1.0']);
  expect(await page.textContent('[data-testid="org-last-install"]')).toMatch(/Succeeded.*2\.2\.0\.0 → 2\.2\.1\.0/);

  // An address that names no org it may see: plain words, no broken view.
  await page.goto(`${world.url}/console/fleet/${encodeURIComponent(`${fabrikam.id}:no-such-org`)}`);
  await page.waitForSelector('[data-testid="org-not-found"]');
}, 60_000);

test('a partner sees only its own customers’ orgs, and not another partner’s org by its address', async () => {
  const { page } = await world.newPage();
  const alpine = world.demo.summary.partnerApiKeys['alpine-partners']!;
  await signIn(page, world.url, alpine, '/console/fleet?addon=docgen');
  await page.waitForSelector('[data-testid="org-row"]');
  const apiRows = (await ok(world.call('GET', '/v1/fleet?platform=dynamics365', undefined, alpine))).rows.filter((r: any) => r.addon === 'docgen' || r.addon === undefined);
  const orgs = await page.$$eval('[data-testid="org-row"]', (rows) => rows.map((r) => r.getAttribute('data-org')));
  expect(orgs).toEqual(apiRows.map((r: any) => r.orgId));
  expect(orgs).toEqual(['demo-relecloud-prod']);
  expect(await page.textContent('[data-testid="fleet-partner-note"]')).toMatch(/your own customers/);
  const woodgrove = world.customer('paid (second partner)');
  await page.goto(`${world.url}/console/fleet/${encodeURIComponent(`${woodgrove.id}:demo-woodgrove-prod`)}`);
  await page.waitForSelector('[data-testid="org-not-found"], [data-testid="error"]');
  expect(await page.locator('[data-testid="org-addon"]').count()).toBe(0);
  expect(await page.textContent('main')).not.toContain('Woodgrove');
}, 60_000);

test('the area fits a tablet (768×1024) without sideways scrolling', async () => {
  const { page } = await world.newPage({ width: 768, height: 1024 });
  await signIn(page, world.url, world.demo.adminApiKey, '/console/fleet?addon=docgen');
  await page.waitForSelector('[data-testid="orgs-table"]');
  await page.waitForSelector('[data-testid="installs-table"]');
  expect(await fitsWidth(page)).toBe(true);
  await page.mouse.move(0, 0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/fleet-768.png`, fullPage: true });
  const wingtip = world.customer('legacy line (9.1)');
  await page.goto(`${world.url}/console/fleet/${encodeURIComponent(`${wingtip.id}:demo-wingtip-prod`)}`);
  await page.waitForSelector('[data-testid="withheld-row"]');
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
}, 60_000);

test('the install chart per week (chosen in the Period list, kept by the address, the API’s totals), Odoo’s fleet, a bad org address', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/fleet?addon=docgen');
  await page.waitForSelector('[data-testid="installs-table"]');
  await page.click('[data-testid="installs-period"]');
  await page.click('[role="option"]:has-text("Last 26 weeks")');
  await page.waitForFunction(() => document.querySelector('[data-testid="installs-table"] thead th')?.textContent?.trim() === 'Week');
  expect(page.url()).toContain('period=182');
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 181 * 86_400_000).toISOString().slice(0, 10);
  const installs = await ok(world.call('GET', `/v1/fleet/installs?addon=docgen&platform=dynamics365&from=${from}&to=${today}`));
  const rows = await tableRows(page, 'installs-table');
  expect(rows[rows.length - 1]).toEqual(['Whole period', String(installs.totals.succeeded), String(installs.totals.failed), String(installs.totals.rolled_back)]);
  expect(rows[0]![0]).toMatch(/ – /);
  await page.reload();
  await page.waitForSelector('[data-testid="installs-table"]');
  expect(await page.textContent('[data-testid="installs-table"] thead th')).toBe('Week');

  // Odoo: the platform list reloads the report for that platform; what the page lists is the API's.
  await page.click('[data-testid="fleet-platform"]');
  await page.click('[role="option"]:has-text("Odoo")');
  await page.waitForFunction(() => location.search.includes('platform=odoo') && !document.querySelector('[data-testid="loading"]'));
  const odoo = (await ok(world.call('GET', '/v1/fleet?platform=odoo'))).rows.filter((r: any) => r.addon === 'docgen' || r.addon === undefined);
  const odooOrgs = await page.$$eval('[data-testid="org-row"]', (rows) => rows.map((r) => r.getAttribute('data-org')));
  expect(odooOrgs).toEqual(odoo.map((r: any) => r.orgId));
  if (!odoo.some((r: any) => r.installedVersion)) expect(await page.textContent('[data-testid="versions-empty"]')).toMatch(/No org on Odoo has reported a version/);
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`${world.url}/console/fleet/not-an-org-address`);
  await page.waitForSelector('[data-testid="org-not-found"]');
  expect(await page.textContent('[data-testid="org-not-found"]')).toBe('This address does not name an org.');
}, 60_000);
