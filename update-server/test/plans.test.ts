/**
 * Plans through a real server (issue #5): Auto SSA (SPEC §5), maintenance agreements (SPEC §7), prepaid credit,
 * re-conclusion after a lapse, and hot-fixes. Amounts are worked out by hand in the comments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyEntitlement } from '@crm-assurance/license-core';
import { activate, checkUpdates, publish, reasonOf, seedCatalogue, setPrice, startHarness, versions, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2027-01-15T10:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const sek = (amount: number) => ({ amount, currency: 'SEK' });
/** One docgen licence at `amount` EUR: the price list's price (U35), set first; spread into an order body. */
const docgen = async (amount = 1_000_000) => {
  await setPrice(h, 'docgen', amount);
  return { currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] };
};
const maintenanceTerms = { base: sek(500_000), ratePerLine: sek(25), upgradeFee: sek(990_000), supportDiscountBp: 1500 };

async function customer(body: Record<string, unknown>): Promise<string> {
  const c = await h.call('POST', '/v1/customers', { name: `Plan customer ${Math.random().toString(36).slice(2, 7)}`, ...body });
  expect(c.status).toBe(201);
  return c.body.id;
}

/** Pays an invoice in full now (the harness clock). */
async function pay(invoice: { id: string; outstanding: number }, reference: string) {
  const p = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.outstanding, paidAt: h.clock.now().toISOString(), reference });
  expect(p.status).toBe(201);
  return p.body.invoice;
}

describe('Auto SSA (SPEC §5)', () => {
  test('quarterly: first interval at −1 %, contract view, billing runs in advance, co-terming, idempotent', async () => {
    h.clock.set('2027-01-15T10:00:00Z');
    const id = await customer({ plan: 'ssa-quarterly' });
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', ...(await docgen()) });
    expect(order.status).toBe(201);
    // 180,000 × 3/12 × 0.99 = 44,550
    expect(order.body.plan).toBe('ssa-quarterly');
    expect(order.body.invoice).toMatchObject({ kind: 'first', plan: 'ssa-quarterly', periodStart: '2027-01-15', periodEnd: '2027-04-14', total: eur(44_550) });

    const contract = await h.call('GET', `/v1/customers/${id}/contract`);
    expect(contract.body).toMatchObject({
      plan: 'ssa-quarterly',
      status: 'unpaid',
      currentPeriod: { start: '2027-01-15', end: '2028-01-14' },
      billingInterval: { start: '2027-01-15', end: '2027-04-14' },
      nextInvoiceOn: '2027-04-15',
      cancellationDeadline: '2027-10-14',
      creditBalance: [],
    });

    // A licence added on 2027-05-01 is co-termed to the invoiced interval 04-15..07-14:
    // 75 days × 90,000 × 0.99 / 365 = 18,308.2 → 18,308
    h.clock.set('2027-05-01T10:00:00Z');
    const run1 = await h.call('POST', '/v1/billing/run', { date: '2027-04-15' });
    expect(run1.body.issued.filter((i: any) => i.customerId === id).map((i: any) => [i.periodStart, i.total.amount])).toEqual([['2027-04-15', 44_550]]);
    const added = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-05-01', ...(await docgen(500_000)) });
    expect(added.body.invoice).toMatchObject({ kind: 'co-term', periodStart: '2027-05-01', periodEnd: '2027-07-14', total: eur(18_308) });

    // The next interval prices both licences: 270,000 × 3/12 × 0.99 = 66,825; a second run issues nothing new.
    h.clock.set('2027-07-15T10:00:00Z');
    const run2 = await h.call('POST', '/v1/billing/run', { date: '2027-07-15' });
    expect(run2.body.issued.filter((i: any) => i.customerId === id).map((i: any) => [i.periodStart, i.periodEnd, i.total.amount])).toEqual([['2027-07-15', '2027-10-14', 66_825]]);
    const run3 = await h.call('POST', '/v1/billing/run', { date: '2027-07-15' });
    expect(run3.body.issued.filter((i: any) => i.customerId === id)).toEqual([]);

    // The plan is fixed while the contract runs.
    const change = await h.call('PUT', `/v1/customers/${id}/plan`, { plan: 'ssa-annual' });
    expect(change.status).toBe(409);
    expect(change.body.error).toMatchObject({ code: 'plan_locked', field: 'plan' });
    const otherPlan = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-07-15', ...(await docgen()), plan: 'ssa-flex' });
    expect(otherPlan.body.error).toMatchObject({ code: 'plan_locked', field: 'plan' });
  });

  test('prepaid credit is used before an invoice is raised; deposits are idempotent by reference', async () => {
    h.clock.set('2027-01-15T10:00:00Z');
    const id = await customer({});
    expect((await h.call('PUT', `/v1/customers/${id}/plan`, { plan: 'ssa-quarterly' })).body.plan).toBe('ssa-quarterly');
    const deposit = { amount: eur(50_000), reference: 'SSC-2027-001', note: 'Software service credits' };
    const d1 = await h.call('POST', `/v1/customers/${id}/credits`, deposit);
    expect(d1.status).toBe(201);
    expect(d1.body.balance).toEqual([eur(50_000)]);
    const again = await h.call('POST', `/v1/customers/${id}/credits`, deposit);
    expect([again.status, again.body.duplicate, again.body.balance]).toEqual([200, true, [eur(50_000)]]);
    const clash = await h.call('POST', `/v1/customers/${id}/credits`, { ...deposit, amount: eur(1) });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'credit_reference_conflict']);
    // Credit in another currency is not used, and an order in another currency is refused.
    const sekCredit = await h.call('POST', `/v1/customers/${id}/credits`, { amount: sek(1_000_000), reference: 'SEK-1' });
    expect(sekCredit.body.balance).toEqual([eur(50_000), sek(1_000_000)]);
    const negative = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(0), reference: 'x' });
    expect([negative.status, negative.body.error.field]).toEqual([400, 'amount.amount']);

    // First invoice 44,550: paid in full by credit at once, so coverage is active; 5,450 left.
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', ...(await docgen()) });
    expect(order.body.invoice).toMatchObject({ total: eur(44_550), status: 'paid', creditApplied: 44_550, outstanding: 0 });
    expect((await h.call('GET', `/v1/customers/${id}/contract`)).body).toMatchObject({ status: 'active', creditBalance: [eur(5_450), sek(1_000_000)] });
    await setPrice(h, 'docgen', 100_000, 'SEK');
    const inSek = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-02-01', currency: 'SEK', licences: [{ addon: 'docgen', quantity: 1 }] });
    expect([inSek.status, inSek.body.error.field]).toEqual([400, 'currency']);

    // The next interval uses the rest: 44,550 − 5,450 = 39,100 outstanding.
    h.clock.set('2027-04-15T10:00:00Z');
    const run = await h.call('POST', '/v1/billing/run', { date: '2027-04-15' });
    const mine = run.body.issued.find((i: any) => i.customerId === id);
    expect(mine).toMatchObject({ status: 'open', creditApplied: 5_450, outstanding: 39_100 });
    const credits = await h.call('GET', `/v1/customers/${id}/credits`);
    expect(credits.body.balance).toEqual([eur(0), sek(1_000_000)]);
    expect(credits.body.entries.map((e: any) => [e.kind, e.amount.amount])).toEqual([['deposit', 50_000], ['deposit', 1_000_000], ['applied', -44_550], ['applied', -5_450]]);
  });

  test('cancellation: three months before the term end, or a fixed date not before the minimum term', async () => {
    h.clock.set('2027-01-15T10:00:00Z');
    const early = await customer({ plan: 'ssa-annual' });
    await h.call('POST', `/v1/customers/${early}/orders`, { orderedOn: '2027-01-15', ...(await docgen()) });
    const tooEarly = await h.call('POST', `/v1/customers/${early}/cancellation`, { receivedOn: '2027-01-20', cancellationDate: '2027-06-30' });
    expect([tooEarly.status, tooEarly.body.error.field]).toEqual([400, 'cancellationDate']);
    expect(tooEarly.body.error.message).toContain('2028-01-14');
    // A second year already invoiced (through 2028-01-14) cannot be taken back by a fixed date inside it (D37).
    const second = await customer({ plan: 'ssa-annual' });
    await h.call('POST', `/v1/customers/${second}/orders`, { orderedOn: '2026-01-15', ...(await docgen()) });
    await h.call('POST', '/v1/billing/run', { date: '2027-01-15' });
    const inside = await h.call('POST', `/v1/customers/${second}/cancellation`, { receivedOn: '2027-01-20', cancellationDate: '2027-12-31' });
    expect([inside.status, inside.body.error.field]).toEqual([400, 'cancellationDate']);
    expect(inside.body.error.message).toContain('invoiced through 2028-01-14');
    const fixed = await h.call('POST', `/v1/customers/${early}/cancellation`, { receivedOn: '2027-01-20', cancellationDate: '2028-03-31' });
    expect(fixed.body).toMatchObject({ plan: 'ssa-annual', effectiveEnd: '2028-03-31', deadline: '2027-12-31', fixedDate: true });

    const late = await customer({ plan: 'ssa-annual' });
    await h.call('POST', `/v1/customers/${late}/orders`, { orderedOn: '2027-01-15', ...(await docgen()) });
    // deadline for the term ending 2028-01-14 is 2027-10-14: a notice on 10-15 ends it a term later
    const c = await h.call('POST', `/v1/customers/${late}/cancellation`, { receivedOn: '2027-10-15' });
    expect(c.body).toMatchObject({ deadline: '2028-10-14', effectiveEnd: '2029-01-14', onTime: false });
    const calendar = await customer({});
    await h.call('POST', `/v1/customers/${calendar}/orders`, { orderedOn: '2027-01-15', ...(await docgen()) });
    const noFixed = await h.call('POST', `/v1/customers/${calendar}/cancellation`, { receivedOn: '2027-02-01', cancellationDate: '2028-12-31' });
    expect([noFixed.status, noFixed.body.error.field]).toEqual([400, 'cancellationDate']);
  });

  test('re-concluding: 30 days back-filled once, 31 days charged twice; the gap release becomes downloadable', async () => {
    h.clock.set('2026-01-01T10:00:00Z');
    const made: Record<string, { id: string; key: string }> = {};
    for (const name of ['day30', 'day31']) {
      const id = await customer({ plan: 'ssa-annual' });
      const o = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2026-01-01', ...(await docgen()) });
      await pay(o.body.invoice, `${name}-first`);
      // notice on 2026-06-01 ends the annual agreement with its minimum term, 2026-12-31
      const c = await h.call('POST', `/v1/customers/${id}/cancellation`, { receivedOn: '2026-06-01' });
      expect(c.body.effectiveEnd).toBe('2026-12-31');
      made[name] = { id, key: o.body.licenceKey };
    }
    h.clock.set('2027-01-05T10:00:00Z');
    const running = await h.call('POST', `/v1/customers/${made.day30.id}/reconclusion`, { concludedOn: '2026-12-31' });
    expect([running.status, running.body.error.code]).toEqual([409, 'contract_running']);

    // A release published in the gap.
    h.clock.set('2027-01-10T10:00:00Z');
    expect((await publish(h, 'docgen', { version: '7.1.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2027-01-10T08:00:00Z' })).status).toBe(201);

    h.clock.set('2027-02-01T10:00:00Z');
    // Day 30: gap 2027-01-01..01-29 (29 days): 176,400 × 29/365 = 14,015.34 → 14,015
    const r30 = await h.call('POST', `/v1/customers/${made.day30.id}/reconclusion`, { concludedOn: '2027-01-30' });
    expect(r30.status).toBe(201);
    expect(r30.body).toMatchObject({ daysSinceExpiry: 30, backFillMultiplier: 1, previousAgreement: { plan: 'ssa-annual', start: '2026-01-01', end: '2026-12-31' } });
    expect(r30.body.invoices.map((i: any) => [i.kind, i.periodStart, i.periodEnd, i.total.amount])).toEqual([
      ['back-fill', '2027-01-01', '2027-01-29', 14_015],
      ['first', '2027-01-30', '2028-01-29', 176_400],
    ]);

    // Day 31, by an order dated after the end (no longer refused): 30 days × 2: 176,400 × 2 × 30/365 = 28,997.26 → 28,997
    const o31 = await h.call('POST', `/v1/customers/${made.day31.id}/orders`, { orderedOn: '2027-01-31', ...(await docgen(200_000)) });
    expect(o31.status).toBe(201);
    expect(o31.body.reconcluded.previousAgreement.end).toBe('2026-12-31');
    // all licences held: 1,200,000 → 216,000 × 0.98 = 211,680; back-fill 211,680 × 2 × 30/365 = 34,796.71 → 34,797
    expect(o31.body.invoices.map((i: any) => [i.kind, i.periodStart, i.periodEnd, i.total.amount])).toEqual([
      ['back-fill', '2027-01-01', '2027-01-30', 34_797],
      ['first', '2027-01-31', '2028-01-30', 211_680],
    ]);

    // The gap release: withheld until the back-fill is paid, then offered (coverage is continuous).
    expect((await activate(h, made.day30.key, 'org-day30')).status).toBe(201);
    const before = await checkUpdates(h, made.day30.key, 'org-day30', '7.0.0.0');
    expect(reasonOf(before, '7.1.0.0')).toBe('not_paid');
    for (const inv of r30.body.invoices) await pay(inv, `day30-again-${inv.kind}`);
    const after = await checkUpdates(h, made.day30.key, 'org-day30', '7.0.0.0');
    expect(versions(after.body.updates)).toContain('7.1.0.0');
    const contract = await h.call('GET', `/v1/customers/${made.day30.id}/contract`);
    expect(contract.body).toMatchObject({ status: 'active', contractStart: '2027-01-30', previousAgreements: [{ end: '2026-12-31' }] });
    expect(contract.body.cancellation).toBeUndefined();
  });
});

describe('maintenance agreement (SPEC §7)', () => {
  test('monthly invoices from counted lines, the included upgrade with its fee, and hot-fixes', async () => {
    h.clock.set('2027-01-31T10:00:00Z');
    const missingTerms = await h.call('POST', '/v1/customers', { name: 'No terms', plan: 'maintenance' });
    expect([missingTerms.status, missingTerms.body.error.field]).toEqual([400, 'maintenance']);
    const badCurrency = await h.call('POST', '/v1/customers', { name: 'Mixed', plan: 'maintenance', maintenance: { ...maintenanceTerms, ratePerLine: eur(25) } });
    expect([badCurrency.status, badCurrency.body.error.field]).toEqual([400, 'maintenance.ratePerLine.currency']);
    const id = await customer({ plan: 'maintenance', maintenance: maintenanceTerms });

    const noLines = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-31', ...(await docgen()) });
    expect([noLines.status, noLines.body.error.field]).toEqual([400, 'linesOfCode']);
    // 500,000 + 25 × 12,000 = 800,000 öre for 2027-01-31..02-27
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-31', ...(await docgen()), linesOfCode: 12_000 });
    expect(order.body.invoice).toMatchObject({ kind: 'first', plan: 'maintenance', periodStart: '2027-01-31', periodEnd: '2027-02-27', total: sek(800_000) });
    expect(order.body.invoice.lines.map((l: any) => l.amount)).toEqual([500_000, 300_000]);
    await pay(order.body.invoice, 'mnt-1');
    // More licences later cost nothing extra under this plan.
    const more = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-02-10', ...(await docgen(300_000)) });
    expect([more.status, more.body.invoice, more.body.invoices]).toEqual([201, null, []]);

    // The run needs the counted lines: without them the customer is listed as skipped, then invoiced when given.
    h.clock.set('2027-02-28T10:00:00Z');
    const skipped = await h.call('POST', '/v1/billing/run', { date: '2027-02-28' });
    expect(skipped.body.skipped).toEqual([expect.objectContaining({ customerId: id, code: 'lines_of_code_missing' })]);
    const unknown = await h.call('POST', '/v1/billing/run', { date: '2027-02-28', linesOfCode: { cus_nobody: 1 } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, 'linesOfCode.cus_nobody']);
    const run = await h.call('POST', '/v1/billing/run', { date: '2027-02-28', linesOfCode: { [id]: 14_000 } });
    const month2 = run.body.issued.find((i: any) => i.customerId === id);
    // 500,000 + 25 × 14,000 = 850,000 for 2027-02-28..03-30 (month ends kept from a 31 January start)
    expect(month2).toMatchObject({ kind: 'renewal', periodStart: '2027-02-28', periodEnd: '2027-03-30', total: sek(850_000) });
    await pay(month2, 'mnt-2');

    // Upgrade: the included one of 2027-01-31..2028-01-30 carries the one-off fee; a second is refused.
    const up = await h.call('POST', `/v1/customers/${id}/upgrades`, { requestedOn: '2027-02-28', fromLine: '9.1', toLine: '9.2' });
    expect(up.status).toBe(201);
    expect(up.body.upgrade.period).toEqual({ start: '2027-01-31', end: '2028-01-30' });
    expect(up.body.invoice).toMatchObject({ kind: 'upgrade-fee', total: sek(990_000), status: 'open' });
    const second = await h.call('POST', `/v1/customers/${id}/upgrades`, { requestedOn: '2027-02-28' });
    expect([second.status, second.body.error.code]).toEqual([409, 'upgrade_not_included']);
    expect(second.body.error.message).toContain('2028-01-31');
    // An open upgrade fee does not make the agreement unpaid: it pays for no coverage.
    expect((await h.call('GET', `/v1/customers/${id}/contract`)).body).toMatchObject({ plan: 'maintenance', status: 'active', billingInterval: { start: '2027-02-28', end: '2027-03-30' } });

    // Hot-fixes: for the maintenance customer, not for an Auto SSA customer with paid assurance.
    const bad = await publish(h, 'docgen', { version: '7.2.0.0', kind: 'feature', hotfix: true, platform: 'dynamics365', lines: ['9.2'], publishedAt: '2027-02-28T08:00:00Z' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'metadata.hotfix']);
    expect((await publish(h, 'docgen', { version: '7.2.0.1', kind: 'patch', hotfix: true, platform: 'dynamics365', lines: ['9.2'], publishedAt: '2027-02-28T08:00:00Z' })).status).toBe(201);
    expect((await activate(h, order.body.licenceKey, 'org-odoo-like')).status).toBe(201);
    const mine = await checkUpdates(h, order.body.licenceKey, 'org-odoo-like', '7.2.0.0');
    expect(versions(mine.body.updates)).toContain('7.2.0.1');
    const ent = verifyEntitlement((await activate(h, order.body.licenceKey, 'org-odoo-like')).body.entitlement, {
      rootCertPem: readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8'),
      orgId: 'org-odoo-like',
      now: h.clock.now(),
    });
    expect(ent.plan).toBe('maintenance');

    const ssa = await customer({ plan: 'ssa-monthly' });
    const ssaOrder = await h.call('POST', `/v1/customers/${ssa}/orders`, { orderedOn: '2027-02-01', ...(await docgen()) });
    await pay(ssaOrder.body.invoice, 'ssa-monthly-1');
    expect((await activate(h, ssaOrder.body.licenceKey, 'org-ssa')).status).toBe(201);
    const theirs = await checkUpdates(h, ssaOrder.body.licenceKey, 'org-ssa', '7.2.0.0');
    expect(reasonOf(theirs, '7.2.0.1')).toBe('hotfix_requires_agreement');
    expect(theirs.body.withheld.find((w: any) => w.version === '7.2.0.1').message).toContain('maintenance agreement');
  });
});
