/**
 * Issue #9 in Chromium: the add-on on every line it is sold for, installing as a real Dataverse org would let it.
 *
 * - A 9.0 org refuses the 9.2 build, runs the page from the 9.0 build, and upgrades to the 9.0 build of the update.
 * - An upgrade removes what the new version dropped (holding solution + DeleteAndPromote, not a plain update).
 * - A reload in the middle of an install finds the import running in the org, follows it and finishes it; the
 *   vendor hears of the install exactly once.
 * - A second tab sees the running install and cannot start another.
 * - An org that installed the unmanaged zip is told what to do instead of failing an import.
 * - A user without the import privileges sees the updates but no Install button, and whom to ask.
 */
import JSZip from 'jszip';
import { SOLUTION, activate, setting, startWorld, state, text, waitFor, type World } from './world';

let world: World;

beforeAll(async () => {
  world = await startWorld();
  // 1.0.0.0 is what the orgs run; 1.1.0.0 is published for 9.2 (and, below, as a 9.0 build).
  await world.publishVersion('1.1.0.0', 'Templates for quotes.', '9.2');
}, 240_000);

afterAll(() => world?.close());

/** Version 1.0.0.0 as if it had shipped one more web resource, which 1.1.0.0 no longer has. */
async function withLegacyPage(zip: Buffer): Promise<Buffer> {
  const z = await JSZip.loadAsync(zip);
  const name = 'nwa_/docgen/legacy.html';
  const customizations = (await z.file('customizations.xml')!.async('string')).replace(
    '</WebResources>',
    `<WebResource><WebResourceId>{6d2f0c8e-1b7a-4c55-9a10-3c2b9f0e7a11}</WebResourceId><Name>${name}</Name><DisplayName>Legacy</DisplayName><WebResourceType>1</WebResourceType><FileName>/WebResources/${name}</FileName></WebResource></WebResources>`,
  );
  const solution = (await z.file('solution.xml')!.async('string')).replace('</RootComponents>', `<RootComponent type="61" schemaName="${name}" behavior="0" /></RootComponents>`);
  z.file('customizations.xml', customizations);
  z.file('solution.xml', solution);
  z.file(`WebResources/${name}`, '<p>legacy</p>');
  return z.generateAsync({ type: 'nodebuffer' });
}

test('a 9.0 org: the 9.2 build is refused; the 9.0 build runs the page and upgrades to the 9.0 build of the update', async () => {
  const org = await world.org({ orgId: 'd0d0d0d0-4444-4444-8444-000000000004', orgUniqueName: 'northwind90', orgVersion: '9.0.2.3034' });
  await expect(org.install(await world.zip('1.0.0.0', '9.2'))).rejects.toThrow(/newer version \(9.2\) than this organization \(9.0\)/);
  await org.install(await world.zip('1.0.0.0', '9.0'));
  const { customerId, licenceKey } = await world.paidCustomer('E2E-90');
  // 9.0's legacy window closed long ago (SPEC §4), so the vendor ships its 9.0 build as a custom build for this customer.
  await world.publishVersion('1.1.0.0', 'Templates for quotes (9.0 build).', '9.0', { customFor: [customerId] });
  const page = await world.openConfigPage(org);
  await activate(page, org, licenceKey); // auto-update on: the 9.0 build of 1.1.0.0 installs itself
  await state(page, 'installed');
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.1.0.0', undefined, { timeout: 30_000 });
  expect(org.installedSolution(SOLUTION)).toMatchObject({ version: '1.1.0.0', ismanaged: true });
  expect(org.installedSolution(`${SOLUTION}_Upgrade`)).toBeUndefined();
  expect(await text(page, 'platform-status')).toContain('9.0');
  // The licence survived the upgrade in the add-on's table, and still verifies after the reload.
  expect(await text(page, 'licence-status')).toContain('Licensed to');
  await page.context().close();
}, 120_000);

test('a reload mid-install finds the import in the org, finishes it, removes what 1.1 dropped, and reports once', async () => {
  const org = await world.org({ orgId: 'e0e0e0e0-5555-4555-8555-000000000005', orgUniqueName: 'reloaded', importStepMs: 700 });
  await org.install(await withLegacyPage(await world.zip('1.0.0.0')));
  expect(org.webResource('nwa_/docgen/legacy.html')).toBeDefined();
  const { customerId, licenceKey } = await world.paidCustomer('E2E-RELOAD');
  const page = await world.openConfigPage(org);
  await activate(page, org, licenceKey, { autoUpdate: false });
  await state(page, 'ready');
  await page.click('[data-testid="update-item"][data-version="1.1.0.0"] [data-testid="install-button"]');
  // The import is running in the org: reload the page now.
  await waitFor(() => [...org.importJobs.values()].some((j) => j.progress > 0 && j.completedon === null), 'the import to be under way');
  await page.reload();
  await page.waitForSelector('[data-testid="message"][data-code="install_in_progress"]');
  expect(await page.isVisible('[data-testid="install-in-progress"][data-version="1.1.0.0"]')).toBe(true);
  await state(page, 'installed');
  await page.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.1.0.0', undefined, { timeout: 30_000 });
  await state(page, 'ready');
  expect(org.installedSolution(SOLUTION)?.version).toBe('1.1.0.0');
  expect(org.webResource('nwa_/docgen/legacy.html')).toBeUndefined(); // an upgrade, not an update
  expect(org.importJobs.size).toBe(1);
  const reports = world.installs(customerId);
  expect(reports).toEqual([expect.objectContaining({ fromVersion: '1.0.0.0', toVersion: '1.1.0.0', outcome: 'succeeded', installId: expect.any(String) })]);
  expect(JSON.parse(setting(org, 'install')!)).toMatchObject({ phase: 'done', toVersion: '1.1.0.0', id: reports[0].installId });
  await page.context().close();
}, 120_000);

test('two tabs: the second sees the running install and cannot start another; one import, one report', async () => {
  const org = await world.org({ orgId: 'f0f0f0f0-6666-4666-8666-000000000006', orgUniqueName: 'twotabs', importStepMs: 700 });
  await org.install(await world.zip('1.0.0.0'));
  const { customerId, licenceKey } = await world.paidCustomer('E2E-TABS');
  const first = await world.openConfigPage(org);
  await activate(first, org, licenceKey, { autoUpdate: false });
  await state(first, 'ready');
  await first.click('[data-testid="update-item"][data-version="1.1.0.0"] [data-testid="install-button"]');
  await waitFor(() => [...org.importJobs.values()].some((j) => j.progress > 0), 'the import to be under way');

  const second = await world.openConfigPage(org);
  await second.waitForSelector('[data-testid="install-in-progress"][data-version="1.1.0.0"]');
  expect(await second.isEnabled('[data-testid="install-button"]')).toBe(false);
  await Promise.all([state(first, 'installed'), state(second, 'installed')]);
  await second.waitForFunction(() => document.querySelector('[data-testid="installed-version"]')?.textContent === '1.1.0.0', undefined, { timeout: 30_000 });
  expect(org.installedSolution(SOLUTION)?.version).toBe('1.1.0.0');
  expect(org.importJobs.size).toBe(1);
  expect(org.publishCount()).toBe(1);
  expect(world.installs(customerId)).toHaveLength(1);
  await Promise.all([first.context().close(), second.context().close()]);
}, 120_000);

test('an org that installed the unmanaged zip is told what to do; nothing is imported', async () => {
  const org = await world.org({ orgId: 'a1a1a1a1-7777-4777-8777-000000000007', orgUniqueName: 'unmanaged' });
  await org.install(await world.zip('1.0.0.0', '9.2', false));
  const { licenceKey } = await world.paidCustomer('E2E-UNMANAGED');
  const page = await world.openConfigPage(org);
  await activate(page, org, licenceKey); // auto-update is on, and must not try
  await state(page, 'ready');
  expect(await text(page, 'unmanaged-note')).toMatch(/installed as an unmanaged solution.*import the managed solution from the vendor/);
  expect(await page.$$('[data-testid="install-button"]')).toHaveLength(0);
  expect(await page.$$('[data-testid="update-item"][data-version="1.1.0.0"]')).toHaveLength(1);
  expect(org.importJobs.size).toBe(0);
  expect(org.installedSolution(SOLUTION)).toMatchObject({ version: '1.0.0.0', ismanaged: false });
  await page.context().close();
}, 120_000);

test('a user without the import privileges sees the updates, no Install button, and whom to ask', async () => {
  const table = ['Read', 'Create', 'Write'].map((p) => `prv${p}nwa_DocgenState`);
  const org = await world.org({
    orgId: 'b1b1b1b1-8888-4888-8888-000000000008',
    orgUniqueName: 'salesonly',
    users: [{ name: 'Admin', privileges: 'all' }, { name: 'Sales Rep', privileges: table }],
  });
  await org.install(await world.zip('1.0.0.0'));
  const { licenceKey } = await world.paidCustomer('E2E-SALES');
  const page = await world.openConfigPage(org, { user: 'Sales Rep' });
  await activate(page, org, licenceKey);
  await state(page, 'ready');
  expect(await text(page, 'install-permission-note')).toMatch(/System Administrator or System Customizer role \(missing privileges: prvCreateCustomization, .* and \d+ more\).*Ask your Dynamics 365 administrator/);
  expect(await page.$$('[data-testid="install-button"]')).toHaveLength(0);
  expect(org.importJobs.size).toBe(0);
  expect(org.installedSolution(SOLUTION)?.version).toBe('1.0.0.0');
  await page.context().close();
}, 120_000);
