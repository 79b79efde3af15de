/**
 * Issue #15, the vendor console in headless Chromium against the demo vendor's server: sign-in and sign-out, nothing
 * secret in the page's storage, the frame at 1366×768 and on a tablet, axe-core with zero violations.
 */
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld();
}, 240_000);
afterAll(() => world?.close());

test('a wrong key gets plain words at the field; the right one signs in, and nothing secret is kept by the page', async () => {
  const { page, context } = await world.newPage();
  await page.goto(`${world.url}/console`);
  await page.fill('[data-testid="api-key"]', 'cra_admin_not-a-real-key');
  await page.click('[data-testid="sign-in"]');
  await page.waitForSelector('text=This API key is not valid');
  expect(await axeViolations(page)).toEqual([]);

  await signIn(page, world.url, world.demo.adminApiKey);
  expect(await page.textContent('[data-testid="signed-in-as"]')).toMatch(/admin/);
  const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  expect(stored).not.toContain(world.demo.adminApiKey);
  expect(stored).toBe(JSON.stringify({ local: {}, session: {}, cookie: '' }));
  const cookies = await context.cookies();
  expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['cra_console', true, 'Strict']]);

  // A reload keeps the session (the cookie); sign-out ends it.
  await page.reload();
  await page.waitForSelector('[data-testid="signed-in-as"]');
  await page.click('[data-testid="sign-out"]');
  await page.waitForSelector('[data-testid="api-key"]');
  expect(await page.textContent('[data-testid="sign-in-notice"]')).toMatch(/signed out/);
  await page.reload();
  await page.waitForSelector('[data-testid="api-key"]');
});

test('the frame fits 1366×768 and a tablet, with no accessibility violation', async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 768, height: 1024 }]) {
    const { page } = await world.newPage(viewport);
    await signIn(page, world.url, world.demo.adminApiKey);
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  }
});

test("axe's one set-aside (Fluent's focus guards) hides no real aria-hidden-focus violation", async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey);
  await page.evaluate(() => {
    const hidden = document.createElement('div');
    hidden.setAttribute('aria-hidden', 'true');
    hidden.innerHTML = '<button type="button">hidden but focusable</button>';
    document.querySelector('main')?.append(hidden);
  });
  const violations = await axeViolations(page);
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatch(/^aria-hidden-focus: /);
});

test("each role sees its own areas; another area's address says what the role may not do", async () => {
  const publisher = await world.call('POST', '/v1/api-keys', { name: 'Release desk', role: 'publisher' });
  expect(publisher.status).toBe(201);
  const { page } = await world.newPage();
  await signIn(page, world.url, publisher.body.apiKey);
  const tabs = async () => page.$$eval('nav [role="tab"]', (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
  expect(await tabs()).toEqual(['Fleet', 'Releases']);
  await page.goto(`${world.url}/console/customers`);
  await page.waitForSelector('[data-testid="area-not-allowed"]');
  expect(await page.textContent('[data-testid="area-not-allowed"]')).toMatch(/Customers is not open to publisher keys\. Your key may use: Fleet, Releases\./);
  expect(await axeViolations(page)).toEqual([]);

  const admin = await world.newPage();
  await signIn(admin.page, world.url, world.demo.adminApiKey);
  const adminTabs = await admin.page.$$eval('nav [role="tab"]', (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
  expect(adminTabs).toEqual(['Overview', 'Fleet', 'Customers', 'Releases', 'Support']);
});
