/**
 * Money ceilings and a billing run that is truly per customer (issue #12, item 1; decisions U33, U34).
 * Every amount and every sum (credit balance per currency, paid total of an invoice, invoice total) stays at or
 * below MONEY_CEILING = 999,999,999,999,999 minor units, so it is always exact in a double. A single amount past it
 * is a 400 naming the field; a deposit, payment or order that would take a sum past it is a 409
 * `money_limit_exceeded` naming the field, and nothing is stored. One customer's failure in a billing run lists
 * that customer under `skipped` and invoices the others all the same.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { seedCatalogue, startHarness, type Harness } from './harness';

const CEILING = 999_999_999_999_999;
const UNSAFE_STEP = Number.MAX_SAFE_INTEGER; // 2^53 − 1, the largest amount today's schemas accept

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2027-01-15T10:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });
// An admin's order at a given price: a recorded override of the price list (decision U36).
const docgen = (amount = 1_000_000) => [{ addon: 'docgen', quantity: 1, listPrice: eur(amount), priceReason: 'contract price' }];

async function customer(body: Record<string, unknown> = {}): Promise<string> {
  const c = await h.call('POST', '/v1/customers', { name: `Money customer ${Math.random().toString(36).slice(2, 7)}`, ...body });
  expect(c.status).toBe(201);
  return c.body.id;
}

/** A second connection to the server's database, to seed what an older server could have written. */
function sql<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(h.dataDir, 'assurance.sqlite'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('prepaid credit (SPEC §5) stays within the ceiling', () => {
  test('a single deposit past the ceiling is a 400 naming amount.amount; nothing is stored', async () => {
    const id = await customer();
    for (const amount of [UNSAFE_STEP, CEILING + 1]) {
      const r = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(amount), reference: `big-${amount}` });
      expect([r.status, r.body.error.code, r.body.error.field]).toEqual([400, 'invalid_input', 'amount.amount']);
    }
    expect((await h.call('GET', `/v1/customers/${id}/credits`)).body).toMatchObject({ balance: [], entries: [] });
  });

  test('the attack of the issue: deposits that add up past the ceiling are refused with 409 money_limit_exceeded, the balance stays exact', async () => {
    const id = await customer();
    const first = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(CEILING - 10), reference: 'dep-a' });
    expect([first.status, first.body.balance]).toEqual([201, [eur(CEILING - 10)]]);
    const exact = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(10), reference: 'dep-b' });
    expect([exact.status, exact.body.balance]).toEqual([201, [eur(CEILING)]]);
    const over = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(1), reference: 'dep-c' });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'money_limit_exceeded', field: 'amount.amount' });
    expect(over.body.error.message).toContain('999999999999999');
    // Nothing stored: the balance and the entries are as before, and the reference is still free.
    const account = await h.call('GET', `/v1/customers/${id}/credits`);
    expect(account.body.balance).toEqual([eur(CEILING)]);
    expect(account.body.entries.map((e: any) => e.reference)).toEqual(['dep-a', 'dep-b']);
    // Another currency has its own ceiling.
    const sek = await h.call('POST', `/v1/customers/${id}/credits`, { amount: { amount: CEILING, currency: 'SEK' }, reference: 'dep-sek' });
    expect(sek.status).toBe(201);
    // The customer keeps working: an order uses the credit (first invoice 44,550 of an Auto SSA quarter).
    expect((await h.call('PUT', `/v1/customers/${id}/plan`, { plan: 'ssa-quarterly' })).status).toBe(200);
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', currency: 'EUR', licences: docgen() });
    expect(order.status).toBe(201);
    expect(order.body.invoice).toMatchObject({ total: eur(44_550), status: 'paid', creditApplied: 44_550 });
    expect((await h.call('GET', `/v1/customers/${id}/credits`)).body.balance).toEqual([eur(CEILING - 44_550), { amount: CEILING, currency: 'SEK' }]);
  });
});

describe('payments (SPEC §1, §2) stay within the ceiling', () => {
  test('a single payment past the ceiling is a 400 naming the field; an overpayment past it is 409; nothing is stored', async () => {
    const id = await customer();
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', currency: 'EUR', licences: docgen() });
    expect(order.status).toBe(201);
    const invoiceId: string = order.body.invoice.id;
    const paidAt = '2027-01-15T09:00:00Z';

    const bare = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: UNSAFE_STEP, paidAt, reference: 'p-unsafe' });
    expect([bare.status, bare.body.error.code, bare.body.error.field]).toEqual([400, 'invalid_input', 'amount']);
    const asMoney = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: eur(CEILING + 1), paidAt, reference: 'p-over' });
    expect([asMoney.status, asMoney.body.error.code, asMoney.body.error.field]).toEqual([400, 'invalid_input', 'amount.amount']);

    // Overpaying up to the ceiling is kept as paid (SPEC §1: an overpayment is not refused) ...
    const big = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: CEILING - 5, paidAt, reference: 'p-1' });
    expect([big.status, big.body.invoice.paid]).toEqual([201, CEILING - 5]);
    // ... but a payment that takes the paid total past it is refused, and not stored.
    const over = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: eur(6), paidAt, reference: 'p-2' });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'money_limit_exceeded', field: 'amount.amount' });
    const fits = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: 5, paidAt, reference: 'p-3' });
    expect([fits.status, fits.body.invoice.paid]).toEqual([201, CEILING]);
    const invoice = await h.call('GET', `/v1/invoices/${invoiceId}`);
    expect(invoice.body.payments.map((p: any) => p.reference)).toEqual(['p-1', 'p-3']);
    expect(invoice.body).toMatchObject({ paid: CEILING, outstanding: 0, status: 'paid' });
    // The same payment posted again is still a duplicate (nothing added, so nothing to refuse).
    const again = await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: 5, paidAt, reference: 'p-3' });
    expect([again.status, again.body.duplicate]).toEqual([200, true]);
  });
});

describe('invoice totals stay within the ceiling', () => {
  test('an order whose first invoice would pass the ceiling is 409 money_limit_exceeded naming licences; nothing is stored', async () => {
    const id = await customer();
    // Ten licences at the ceiling: fee 18 % of 10^16 = 1.8 × 10^15 a year, past the ceiling (but exact today).
    const licences = Array.from({ length: 10 }, () => ({ addon: 'docgen', quantity: 1, listPrice: eur(CEILING), priceReason: 'contract price' }));
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', currency: 'EUR', licences });
    expect(order.status).toBe(409);
    expect(order.body.error).toMatchObject({ code: 'money_limit_exceeded', field: 'licences' });
    expect((await h.call('GET', `/v1/customers/${id}/orders`)).body.orders).toEqual([]);
    expect((await h.call('GET', `/v1/customers/${id}/invoices`)).body.invoices).toHaveLength(0);
    expect((await h.call('GET', `/v1/customers/${id}/contract`)).body.status).toBe('none');
  });
});

describe('the billing run is per customer (issue #12)', () => {
  /** `n` calendar-year customers ordered on 2025-06-01: each has a renewal due on 2027-01-01. */
  async function renewalCustomers(n: number): Promise<string[]> {
    h.clock.set('2027-01-15T10:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = await customer();
      const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2025-06-01', currency: 'EUR', licences: docgen() });
      expect(order.status).toBe(201);
      ids.push(id);
    }
    return ids;
  }

  /** What an older server accepted: three deposits of 2^53 − 1, whose sum is not exact in a double. */
  function seedOldDeposits(customerId: string): void {
    sql((db) => {
      const insert = db.prepare(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, 'deposit', ?, 'EUR', NULL, ?, '{}', ?)`);
      for (let i = 0; i < 3; i++) insert.run(`cre_old_${customerId}_${i}`, customerId, UNSAFE_STEP, `old-${customerId}-${i}`, '2026-12-01T00:00:00.000Z');
    });
  }

  const countRows = (table: 'invoices' | 'credit_entries' | 'payments', customerId: string): unknown =>
    sql((db) => db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE customer_id = ?`).get(customerId));

  test('the attack of the issue: a credit balance past the ceiling skips that customer (money_limit_exceeded), not the run', async () => {
    const [good1, overCredit, good2] = (await renewalCustomers(3)) as [string, string, string];
    seedOldDeposits(overCredit);
    const run = await h.call('POST', '/v1/billing/run', { date: '2027-01-01' });
    expect(run.status).toBe(200);
    const issuedFor = run.body.issued.map((i: any) => i.customerId);
    expect(issuedFor).toEqual(expect.arrayContaining([good1, good2]));
    expect(issuedFor).not.toContain(overCredit);
    expect(run.body.skipped.find((s: any) => s.customerId === overCredit)).toMatchObject({ code: 'money_limit_exceeded', field: 'credit.EUR' });
    // Nothing was written for it: no renewal, no credit used, no payment.
    const invoices = await h.call('GET', `/v1/customers/${overCredit}/invoices`);
    expect(invoices.body.invoices.map((i: any) => i.kind)).toEqual(['first']);
    expect(countRows('credit_entries', overCredit)).toEqual({ n: 3 });
    expect(countRows('payments', overCredit)).toEqual({ n: 0 });
    // The run stays idempotent for the others.
    const again = await h.call('POST', '/v1/billing/run', { date: '2027-01-01' });
    expect(again.body.issued.filter((i: any) => i.customerId === good1 || i.customerId === good2)).toEqual([]);
  });

  test('a row the store cannot read skips that customer (internal_error); every other customer is invoiced', async () => {
    const [good1, brokenRow, good2] = (await renewalCustomers(3)) as [string, string, string];
    sql((db) => db.prepare(`UPDATE invoices SET data = '{not json' WHERE customer_id = ?`).run(brokenRow));
    const run = await h.call('POST', '/v1/billing/run', { date: '2027-01-01' });
    expect(run.status).toBe(200);
    const issuedFor = run.body.issued.map((i: any) => i.customerId);
    expect(issuedFor).toEqual(expect.arrayContaining([good1, good2]));
    expect(run.body.skipped.find((s: any) => s.customerId === brokenRow)).toMatchObject({ code: 'internal_error' });
    // Nothing was written for it.
    expect(countRows('invoices', brokenRow)).toEqual({ n: 1 });
  });

  test('a stored credit balance past the ceiling does not break reads of the account', async () => {
    const id = await customer();
    sql((db) => {
      const insert = db.prepare(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, 'deposit', ?, 'EUR', NULL, ?, '{}', ?)`);
      for (let i = 0; i < 3; i++) insert.run(`cre_read_${id}_${i}`, id, UNSAFE_STEP, `read-${id}-${i}`, '2026-12-01T00:00:00.000Z');
    });
    // The balance cannot be shown exactly, so it is named instead of shown (decision U34); every entry is listed.
    const account = await h.call('GET', `/v1/customers/${id}/credits`);
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ balance: [], balanceOverLimit: ['EUR'] });
    expect(account.body.entries).toHaveLength(3);
    // Nothing more can be deposited in EUR; other currencies are unaffected.
    const more = await h.call('POST', `/v1/customers/${id}/credits`, { amount: eur(1), reference: `read-more-${id}` });
    expect([more.status, more.body.error.code, more.body.error.field]).toEqual([409, 'money_limit_exceeded', 'credit.EUR']);
    const sek = await h.call('POST', `/v1/customers/${id}/credits`, { amount: { amount: 1, currency: 'SEK' }, reference: `read-sek-${id}` });
    expect([sek.status, sek.body.balance, sek.body.balanceOverLimit]).toEqual([201, [{ amount: 1, currency: 'SEK' }], ['EUR']]);
    const order = await h.call('POST', `/v1/customers/${id}/orders`, { orderedOn: '2027-01-15', currency: 'EUR', licences: docgen() });
    expect(order.status).toBe(409);
    expect(order.body.error).toMatchObject({ code: 'money_limit_exceeded', field: 'credit.EUR' });
    expect((await h.call('GET', `/v1/customers/${id}/orders`)).body.orders).toEqual([]);
  });
});
