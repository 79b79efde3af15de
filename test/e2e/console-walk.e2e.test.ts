/**
 * Issue #15's "Done means", across the console: on the demo data (with the demo's fleet and a support request from
 * each partner's customer), an admin and a partner walk every area through the navigation, as a person would; each
 * area loads without an error and passes axe-core; the partner meets nothing of the other partner's customer in any
 * area, nor at its address. (Each area's own suite goes deeper; console-customers.e2e.test.ts records the payment
 * that releases a withheld update and checks it through the add-on's update check.)
 */
import type { Page } from 'playwright-core';
import { seedDemoFleet } from '../../update-server/src/demo/demo-fleet';
import { axeViolations, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld();
  await seedDemoFleet(world.url, world.demo.summary);
  // A request from each partner's customer, filed as the configuration page files it.
  for (const [state, orgId] of [['paid (partner)', 'demo-relecloud-prod'], ['paid (second partner)', 'demo-woodgrove-prod']] as const) {
    const c = world.customer(state);
    const filed = await world.call('POST', '/v1/support-requests', {
      licenceKey: c.licenceKey,
      orgId,
      addon: 'docgen',
      summary: `Export fails for ${c.name}`,
      description: 'The PDF export stops at the second page.',
      environment: { addonVersion: '3.0.0.0', platformVersion: c.platformVersion, customisationsPresent: false },
    });
    expect(filed.status).toBe(201);
  }
}, 240_000);
afterAll(() => world?.close());

/** Opens an area through the navigation and waits until it has loaded: its heading, no spinner. */
async function openArea(page: Page, label: string): Promise<string> {
  await page.click(`nav [role="tab"]:has-text("${label}")`);
  await page.waitForSelector(`main h1:has-text("${label}")`);
  await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null, undefined, { timeout: 30_000 });
  return (await page.textContent('main')) ?? '';
}

test('an admin walks every area: each loads with the demo data, without an error, and passes axe', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey);
  const seen: Record<string, string> = {};
  for (const label of ['Overview', 'Fleet', 'Customers', 'Releases', 'Support']) {
    seen[label] = await openArea(page, label);
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  }
  // The demo's data is there: both partners' customers for the vendor's own admin.
  expect(seen.Customers).toContain('Relecloud (via Alpine Partners)');
  expect(seen.Customers).toContain('Woodgrove Bank (via Bergland IT)');
  expect(seen.Support).toContain('Export fails for Woodgrove Bank (via Bergland IT)');
  expect(seen.Releases).toMatch(/3\.0\.1\.0/);
  expect(seen.Fleet).toMatch(/9\.2/);
});

test("a partner walks every area and meets nothing of another partner's customer, not even at its address", async () => {
  const own = world.customer('paid (partner)');
  const other = world.customer('paid (second partner)');
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.summary.partnerApiKeys['alpine-partners']!);
  for (const label of ['Overview', 'Fleet', 'Customers', 'Releases', 'Support']) {
    const text = await openArea(page, label);
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(text).not.toContain('Woodgrove');
    expect(text).not.toContain(other.id);
    if (label === 'Customers' || label === 'Support') expect(text).toContain(own.name);
  }
  // Every list the overview links to.
  await openArea(page, 'Overview');
  const lists = await page.$$eval('[data-testid^="link-"]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(lists.length).toBeGreaterThan(3);
  for (const list of lists) {
    await page.goto(`${world.url}${list}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null && document.querySelector('main h1') !== null, undefined, { timeout: 30_000 });
    expect(await page.textContent('main')).not.toContain('Woodgrove');
  }
  // The other partner's customer and org by their addresses: not found, in plain words, and nothing of them shown.
  await page.goto(`${world.url}/console/customers/${other.id}`);
  await page.waitForSelector('[data-testid="error"]');
  expect(await page.textContent('[data-testid="error"]')).toContain('No such customer');
  await page.goto(`${world.url}/console/fleet/${other.id}:demo-woodgrove-prod`);
  await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null, undefined, { timeout: 30_000 });
  expect(await page.textContent('main')).not.toContain('Woodgrove');
  expect(await page.textContent('main')).toMatch(/No such org/);
});
