// GET /v1/overview (issue #15 item 2, decisions U87–U89): the console's numbers, computed by license-core's portfolio()
// (L43, L44) over the stored accounts; values hand-computed from SPEC §2; a partner counts its own customers only.
import { customerWithOrder, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
const keys: Record<string, string> = {};
const ids: Record<string, { customerId: string; invoice: any }> = {};

async function ok<T = any>(r: Promise<{ status: number; body: any }>, status = 200): Promise<T> {
  const answer = await r;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

async function pay(invoice: { id: string; total: { amount: number } }, paidAt: string, reference: string): Promise<void> {
  await ok(h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt, reference }), 201);
}

const names = (list: { items: Array<{ customerName: string }> }) => list.items.map((i) => i.customerName);

beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  h.clock.freeze();
  await seedCatalogue(h);
  keys.alpha = (await ok(h.call('POST', '/v1/api-keys', { name: 'alpha', role: 'partner', partnerId: 'alpha' }), 201)).apiKey;
  keys.beta = (await ok(h.call('POST', '/v1/api-keys', { name: 'beta', role: 'partner', partnerId: 'beta' }), 201)).apiKey;
  keys.billing = (await ok(h.call('POST', '/v1/api-keys', { name: 'finance', role: 'billing' }), 201)).apiKey;
  keys.publisher = (await ok(h.call('POST', '/v1/api-keys', { name: 'releases', role: 'publisher' }), 201)).apiKey;

  // SPEC §2's example: 10,000.00 EUR of licences ordered 2026-03-15: fee 1,800.00, first invoice 3,240.00.
  ids.paid = await customerWithOrder(h, '2026-03-15', 1_000_000, undefined, { name: 'Paid GmbH' });
  await pay(ids.paid.invoice, '2026-03-15T09:00:00Z', 'P-1');
  ids.unpaid = await customerWithOrder(h, '2026-03-15', 1_000_000, undefined, { name: 'Unpaid AG' });
  ids.terminated = await customerWithOrder(h, '2026-03-15', 1_000_000, undefined, { name: 'Terminated Ltd' });
  await pay(ids.terminated.invoice, '2026-03-15T09:00:00Z', 'T-1');
  ids.cancelled = await customerWithOrder(h, '2026-03-15', 1_000_000, undefined, { name: 'Cancelled SA' });
  await pay(ids.cancelled.invoice, '2026-03-15T09:00:00Z', 'C-1');

  // Partner alpha's customer: 2,000.00 EUR ordered 2026-06-01: fee 360.00; 214/365 of it = 211.07; invoice 571.07.
  h.clock.set('2026-06-01T10:00:00Z');
  ids.alpha = await customerWithOrder(h, '2026-06-01', 200_000, keys.alpha, { name: 'Alpine Partner Kunde' });
  await pay(ids.alpha.invoice, '2026-06-01T09:00:00Z', 'A-1');

  h.clock.set('2026-07-01T10:00:00Z');
  await ok(h.call('POST', `/v1/customers/${ids.terminated.customerId}/termination`, { reason: 'unauthorised use of program code' }), 201);
  h.clock.set('2026-08-01T10:00:00Z');
  await ok(h.call('POST', `/v1/customers/${ids.cancelled.customerId}/cancellation`, { receivedOn: '2026-08-01' }), 201);
  h.clock.set('2026-09-10T10:00:00Z');
}, 60_000);

afterAll(() => h?.close());

describe('GET /v1/overview', () => {
  it('as of 10 Sep 2026: ARR of the running contracts, the lapsed one with its overdue invoice, the cancelled one running', async () => {
    expect(ids.alpha.invoice.total).toEqual({ amount: 57_107, currency: 'EUR' });
    const o = await ok(h.call('GET', '/v1/overview?asOf=2026-09-10'));
    expect(o).toMatchObject({ asOf: '2026-09-10', renewalWithinDays: 90, deadlineWithinDays: 60 });
    // 1,800.00 (Paid) + 1,800.00 (Cancelled, running to 31 Dec 2027) + 360.00 (alpha); not Unpaid (lapsed), not Terminated.
    expect(o.arr.totals).toEqual([{ amount: 396_000, currency: 'EUR', count: 3 }]);
    expect(names(o.arr)).toEqual(['Alpine Partner Kunde', 'Cancelled SA', 'Paid GmbH']);
    expect(o.arr.items.find((i: any) => i.customerName === 'Alpine Partner Kunde')).toEqual({
      customerId: ids.alpha.customerId,
      customerName: 'Alpine Partner Kunde',
      plan: 'calendar-year',
      status: 'active',
      amount: { amount: 36_000, currency: 'EUR' },
    });
    // Unpaid AG's first invoice, due 14 Apr 2026 (issued + 30 days): 149 days overdue on 10 Sep.
    expect(o.openInvoices.totals).toEqual([{ amount: 324_000, currency: 'EUR', count: 1 }]);
    expect(o.overdueInvoices.items).toEqual([
      {
        customerId: ids.unpaid.customerId,
        customerName: 'Unpaid AG',
        invoiceId: ids.unpaid.invoice.id,
        kind: 'first',
        issuedOn: '2026-03-15',
        dueOn: '2026-04-14',
        total: { amount: 324_000, currency: 'EUR' },
        outstanding: { amount: 324_000, currency: 'EUR' },
        daysOverdue: 149,
      },
    ]);
    expect(o.lapsed.items).toEqual([{ customerId: ids.unpaid.customerId, customerName: 'Unpaid AG', plan: 'calendar-year', openInvoices: 1 }]);
    expect(o.cancelled.items).toEqual([
      { customerId: ids.cancelled.customerId, customerName: 'Cancelled SA', plan: 'calendar-year', receivedOn: '2026-08-01', effectiveEnd: '2027-12-31', state: 'running' },
    ]);
    expect(o.renewals).toEqual({ count: 0, totals: [], items: [] });
    expect(o.cancellationDeadlines).toEqual({ count: 0, items: [] });
  });

  it('`within` widens the cancellation deadlines: 30 Sep 2027 is 385 days away', async () => {
    expect((await ok(h.call('GET', '/v1/overview?asOf=2026-09-10&within=384'))).cancellationDeadlines.count).toBe(0);
    const o = await ok(h.call('GET', '/v1/overview?asOf=2026-09-10&within=385'));
    expect(o.deadlineWithinDays).toBe(385);
    // The cancelled and the terminated contracts have no deadline; the lapsed one still has.
    expect(names(o.cancellationDeadlines)).toEqual(['Alpine Partner Kunde', 'Paid GmbH', 'Unpaid AG']);
    expect(o.cancellationDeadlines.items[0]).toMatchObject({ deadline: '2027-09-30', daysLeft: 385 });
  });

  it('renewals within 90 days of 15 Oct 2027: the running contracts renewing on 1 Jan 2028, not the cancelled one', async () => {
    const o = await ok(h.call('GET', '/v1/overview?asOf=2027-10-15'));
    expect(o.renewals.totals).toEqual([{ amount: 216_000, currency: 'EUR', count: 2 }]);
    expect(o.renewals.items.map((i: any) => [i.customerName, i.renewsOn, i.expected.amount])).toEqual([
      ['Alpine Partner Kunde', '2028-01-01', 36_000],
      ['Paid GmbH', '2028-01-01', 180_000],
    ]);
  });

  it('a partner key counts its own customers only; another partner sees nothing', async () => {
    const alpha = await ok(h.call('GET', '/v1/overview?asOf=2026-09-10&within=400', undefined, keys.alpha));
    expect(alpha.arr.totals).toEqual([{ amount: 36_000, currency: 'EUR', count: 1 }]);
    for (const list of ['arr', 'cancellationDeadlines'] as const) expect(names(alpha[list])).toEqual(['Alpine Partner Kunde']);
    for (const list of ['openInvoices', 'overdueInvoices', 'lapsed', 'cancelled', 'renewals'] as const) expect(alpha[list].count).toBe(0);
    const beta = await ok(h.call('GET', '/v1/overview?asOf=2026-09-10&within=400', undefined, keys.beta));
    expect(beta.arr).toEqual({ count: 0, totals: [], items: [] });
    expect(beta.cancellationDeadlines.count).toBe(0);
  });

  it('billing may read it; publisher may not (403); without a key 401', async () => {
    expect((await ok(h.call('GET', '/v1/overview?asOf=2026-09-10', undefined, keys.billing))).arr.count).toBe(3);
    const publisher = await h.call('GET', '/v1/overview', undefined, keys.publisher);
    expect(publisher.status).toBe(403);
    expect(publisher.body.error.code).toBe('forbidden');
    expect((await h.call('GET', '/v1/overview', undefined, null)).status).toBe(401);
  });

  it('without asOf it is as of now (10 Sep 2026 in Berlin)', async () => {
    const o = await ok(h.call('GET', '/v1/overview'));
    expect(o.asOf).toBe('2026-09-10');
    expect(o.arr.totals[0].amount).toBe(396_000);
  });

  it.each([
    ['asOf=2026-02-30', 'asOf'],
    ['asOf=10.09.2026', 'asOf'],
    ['within=abc', 'within'],
    ['within=401', 'within'],
    ['within=-1', 'within'],
    ['asof=2026-09-10', undefined],
  ])('?%s is refused (400 invalid_input) naming %s', async (query, field) => {
    const r = await h.call('GET', `/v1/overview?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_input');
    if (field !== undefined) expect(r.body.error.field).toBe(field);
    else expect(r.body.error.message).toMatch(/asof/);
  });
});
