/** The `assurance` CLI as real processes against a live server (few: each tsx start costs ~1 s). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliRunner } from './cli-runner';
import { seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());
const cli = (...args: string[]) => cliRunner(h)(...args);

test('publish, add a customer, order, pay, explain', async () => {
  const file = path.join(h.dataDir, 'docgen_2_0_0_0.zip');
  writeFileSync(file, Buffer.alloc(3000, 1));
  const [published, customer] = await Promise.all([
    cli('publish', file, '--addon', 'docgen', '--version', '2.0.0.0', '--kind', 'feature', '--line', '9.2', '--published-at', '2026-03-01T10:00:00Z', '--notes', 'CLI build'),
    cli('customer', 'add', '--name', 'CLI Customer', '--region', 'EU'),
  ]);
  expect(published.code).toBe(0);
  expect(published.json).toMatchObject({ addon: 'docgen', version: '2.0.0.0', kind: 'feature', lines: ['9.2'], size: 3000, notes: 'CLI build' });
  expect(customer.json).toMatchObject({ name: 'CLI Customer', region: 'EU' });

  const order = await cli('order', '--customer', customer.json.id, '--ordered-on', '2026-03-10', '--licence', 'docgen:2:1000000:EUR');
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
}, 60_000);
