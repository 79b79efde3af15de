/** The plan commands of the `assurance` CLI (issue #5) as real processes against a live server. */
import { cliRunner } from './cli-runner';
import { seedCatalogue, setPrice, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2027-03-01T10:00:00Z' });
  await seedCatalogue(h);
  // The price list (U35): one docgen licence at 6,000.00 SEK or 10,000.00 EUR.
  await setPrice(h, 'docgen', 600_000, 'SEK');
  await setPrice(h, 'docgen', 1_000_000, 'EUR');
});
afterAll(async () => h.close());
const cli = (...args: string[]) => cliRunner(h)(...args);

test('maintenance: customer with prices, order with lines, a billing run with counted lines, the included upgrade', async () => {
  const partial = await cli('customer', 'add', '--name', 'Half priced', '--plan', 'maintenance', '--base', '500000:SEK');
  expect(partial.code).toBe(1);
  expect(partial.json.error.message).toContain('--rate-per-line');
  const customer = await cli('customer', 'add', '--name', 'Fourth Coffee AB', '--plan', 'maintenance', '--base', '500000:SEK', '--rate-per-line', '25:SEK', '--upgrade-fee', '990000:SEK', '--support-discount-bp', '1500');
  expect(customer.json).toMatchObject({ plan: 'maintenance', maintenance: { base: { amount: 500_000, currency: 'SEK' }, supportDiscountBp: 1500 } });
  const id = customer.json.id;

  const order = await cli('order', '--customer', id, '--ordered-on', '2027-01-31', '--currency', 'SEK', '--licence', 'docgen:1', '--lines', '12000');
  expect(order.code).toBe(0);
  expect(order.json.invoice).toMatchObject({ kind: 'first', total: { amount: 800_000, currency: 'SEK' } });

  const skipped = await cli('--human', 'billing', '--date', '2027-02-28');
  expect(skipped.stdout).toContain(`skipped Fourth Coffee AB (${id})`); // the name people read, and the id (issue #13)
  const run1 = await cli('billing', '--date', '2027-02-28', '--lines', `${id}=14000`);
  expect(run1.json.issued.map((i: any) => [i.periodStart, i.periodEnd, i.total.amount])).toEqual([['2027-02-28', '2027-03-30', 850_000]]);
  const badLines = await cli('billing', '--date', '2027-02-28', '--lines', `${id}:14000`);
  expect([badLines.code, badLines.json.error.code]).toEqual([1, 'cli_error']);

  const upgrade = await cli('upgrade', 'add', '--customer', id, '--requested-on', '2027-02-15', '--from-line', '9.1', '--to-line', '9.2');
  expect(upgrade.json.invoice).toMatchObject({ kind: 'upgrade-fee', total: { amount: 990_000, currency: 'SEK' } });
  const second = await cli('upgrade', 'add', '--customer', id, '--requested-on', '2027-02-20');
  expect([second.code, second.json.error.code]).toEqual([1, 'upgrade_not_included']);
  const list = await cli('--human', 'upgrade', 'list', '--customer', id);
  expect(list.stdout).toContain('2027-02-15  9.1 → 9.2');
}, 60_000);

test('Auto SSA: plan set, prepaid credit, a fixed cancellation date, re-conclusion', async () => {
  const customer = await cli('customer', 'add', '--name', 'Litware');
  const id = customer.json.id;
  expect((await cli('plan', 'set', '--customer', id, '--plan', 'ssa-annual')).json.plan).toBe('ssa-annual');
  const credit = await cli('credit', 'add', '--customer', id, '--amount', '100000:EUR', '--reference', 'SSC-CLI-1');
  expect(credit.json.balance).toEqual([{ amount: 100_000, currency: 'EUR' }]);
  const bad = await cli('credit', 'add', '--customer', id, '--amount', '100000', '--reference', 'SSC-CLI-2');
  expect(bad.json.error.message).toContain('minorUnits:CURRENCY');

  // 180,000 × 0.98 = 176,400; 100,000 of it from credit
  const order = await cli('--human', 'order', '--customer', id, '--ordered-on', '2026-01-01', '--currency', 'EUR', '--licence', 'docgen:1');
  expect(order.stdout).toMatch(/invoice inv_\w+ \(first\) 2026-01-01\.\.2026-12-31: 1764\.00 EUR open, 1000\.00 EUR from prepaid credit/);
  expect((await cli('--human', 'credit', 'list', '--customer', id)).stdout).toContain('balance 0.00 EUR');

  const cancel = await cli('cancel', '--customer', id, '--received-on', '2026-02-01', '--cancellation-date', '2026-12-31');
  expect(cancel.json).toMatchObject({ effectiveEnd: '2026-12-31', fixedDate: true });
  const again = await cli('--human', 'reconclude', '--customer', id, '--concluded-on', '2027-02-01');
  // 31 days after the end: the gap 2027-01-01..01-31 charged twice: 176,400 × 2 × 31/365 = 29,963.5 → 29,964
  expect(again.stdout).toContain('charged twice');
  expect(again.stdout).toMatch(/\(back-fill\) 2027-01-01\.\.2027-01-31: 299\.64 EUR/);
  const contract = await cli('--human', 'contract', '--customer', id);
  expect(contract.stdout).toContain('plan ssa-annual, billing interval 2027-02-01..2028-01-31');
}, 60_000);
