/** The `assurance` CLI as real processes against a live server (few: each tsx start costs ~1 s). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliRunner } from './cli-runner';
import { seedCatalogue, solutionZip, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());
const cli = (...args: string[]) => cliRunner(h)(...args);

test('publish, add a customer, order, pay, explain', async () => {
  const file = path.join(h.dataDir, 'docgen_2_0_0_0.zip');
  const zip = await solutionZip({ version: '2.0.0.0', packageLine: '9.2' });
  writeFileSync(file, zip);
  const [published, customer] = await Promise.all([
    cli('publish', file, '--addon', 'docgen', '--version', '2.0.0.0', '--kind', 'feature', '--line', '9.2', '--published-at', '2026-03-01T10:00:00Z', '--notes', 'CLI build'),
    cli('customer', 'add', '--name', 'CLI Customer', '--region', 'EU'),
  ]);
  expect(published.code).toBe(0);
  expect(published.json).toMatchObject({ addon: 'docgen', version: '2.0.0.0', kind: 'feature', lines: ['9.2'], size: zip.length, notes: 'CLI build', solution: { packageLine: '9.2', version: '2.0.0.0', managed: true } });
  expect(customer.json).toMatchObject({ name: 'CLI Customer', region: 'EU' });

  const price = await cli('price-list', 'set', '--addon', 'docgen', '--price', '500000:EUR');
  expect(price.json).toMatchObject({ addon: 'docgen', listPrice: { amount: 500_000, currency: 'EUR' } });
  const order = await cli('order', '--customer', customer.json.id, '--ordered-on', '2026-03-10', '--currency', 'EUR', '--licence', 'docgen:2');
  expect(order.code).toBe(0);
  expect(order.json.licenceKey).toMatch(/^CRMA-/);
  expect(order.json.invoice.total).toEqual({ amount: 326_466, currency: 'EUR' });

  const [payment, explain] = await Promise.all([
    cli('payment', '--invoice', order.json.invoice.id, '--amount', '100', '--paid-at', '2026-03-12T10:00:00Z', '--reference', 'CLI-1'),
    cli('explain', '--customer', customer.json.id, '--release', published.json.id),
  ]);
  expect(payment.json).toMatchObject({ duplicate: false, invoice: { status: 'open', paid: 100 } });
  expect(explain.json).toMatchObject({ eligible: true, version: '2.0.0.0', line: '9.2', assumedPlatformVersion: true }); // published before the order: part of the purchase

  const refused = await cli('explain', '--customer', 'cus_nobody', '--release', published.json.id, '--platform-version', '9.2.1.1');
  expect(refused.code).toBe(1);
  expect(refused.json.error).toMatchObject({ status: 404, code: 'customer_not_found' });

  // Issue #12 (U40): a leaked licence key is re-issued; the old one stops working.
  const keyId = order.json.licenceKeyId as string;
  const reissued = await cli('customer', 'reissue-key', '--customer', customer.json.id, '--key', keyId, '--reason', 'sent to the wrong address');
  expect(reissued.code).toBe(0);
  expect(reissued.json).toMatchObject({ customerId: customer.json.id, licenceKeyId: keyId, reason: 'sent to the wrong address', orgs: [] });
  expect(reissued.json.licenceKey).not.toBe(order.json.licenceKey);
  const activation = (licenceKey: string) =>
    h.call('POST', '/v1/activate', { licenceKey, orgId: 'ab000000-0000-4000-8000-000000000001', orgUrl: 'https://cli.crm4.dynamics.com', platform: 'dynamics365', platformVersion: '9.2.24012.196' }, null);
  expect((await activation(order.json.licenceKey)).status).toBe(403);
  expect((await activation(reissued.json.licenceKey)).status).toBe(201);
}, 60_000);

test('publish prints why a solution zip does not fit (issue #9)', async () => {
  const file = path.join(h.dataDir, 'docgen_3_0_0_1.zip');
  writeFileSync(file, await solutionZip({ version: '3.0.0.1', packageLine: '9.2' }));
  const [human, json] = await Promise.all([
    cli('--human', 'publish', file, '--addon', 'docgen', '--version', '3.0.0.0', '--kind', 'feature', '--line', '9.2'),
    cli('publish', file, '--addon', 'docgen', '--version', '3.0.0.0', '--kind', 'feature', '--line', '9.2'),
  ]);
  expect(human.code).toBe(1);
  expect(human.stderr).toContain("error 400 package_version_mismatch: the solution's Version is 3.0.0.1 (SolutionManifest/Version) but metadata.version is 3.0.0.0");
  expect(human.stderr).toContain('(field metadata.version)');
  expect(human.stderr).toContain('--version must be the Version in the zip’s solution.xml');
  expect(json.json.error).toMatchObject({ status: 400, code: 'package_version_mismatch', field: 'metadata.version' });
}, 60_000);

test('price-list set, list, remove; an order overrides a price only with a reason (issue #12, U35, U36)', async () => {
  const [set, customer] = await Promise.all([
    cli('price-list', 'set', '--addon', 'docgen', '--edition', 'enterprise', '--price', '900000:SEK'),
    cli('customer', 'add', '--name', 'CLI Price Customer'),
  ]);
  expect(set.json).toMatchObject({ addon: 'docgen', edition: 'enterprise', listPrice: { amount: 900_000, currency: 'SEK' } });
  const [human, noReason, oldForm] = await Promise.all([
    cli('--human', 'price-list', 'list', '--addon', 'docgen'),
    cli('order', '--customer', customer.json.id, '--ordered-on', '2026-03-10', '--currency', 'SEK', '--licence', 'docgen:1:enterprise=0'),
    cli('order', '--customer', customer.json.id, '--ordered-on', '2026-03-10', '--licence', 'docgen:1:100:EUR', '--currency', 'EUR'),
  ]);
  expect(human.stdout).toMatch(/docgen \(edition enterprise\)\s+9000\.00 SEK/);
  expect([noReason.code, noReason.json.error.message]).toEqual([1, '--licence docgen:1:enterprise=0: an overridden price needs --price-reason']);
  expect(oldForm.json.error.message).toContain('prices come from the price list now');
  const order = await cli('--human', 'order', '--customer', customer.json.id, '--ordered-on', '2026-03-10', '--currency', 'SEK', '--licence', 'docgen:2:enterprise=100000', '--price-reason', 'pilot customer');
  expect(order.code).toBe(0);
  expect(order.stdout).toContain('docgen (edition enterprise) x2: 1000.00 SEK (price overridden: pilot customer; price list 18000.00 SEK)');
  const removed = await cli('price-list', 'remove', '--addon', 'docgen', '--edition', 'enterprise', '--currency', 'SEK');
  expect(removed.json).toEqual({ addon: 'docgen', edition: 'enterprise', currency: 'SEK', removed: true });
  const again = await cli('price-list', 'remove', '--addon', 'docgen', '--edition', 'enterprise', '--currency', 'SEK');
  expect([again.code, again.json.error.code]).toEqual([1, 'price_not_found']);
}, 60_000);
