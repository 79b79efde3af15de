/** Store aggregate: invoices, payments, credit, renewal runs and maintenance upgrades (store/sqlite/ and store/postgres/: billing.ts), on both stores (a real SQLite file, a PostgreSQL database). */
import { MoneyLimitError } from '@crm-assurance/license-core';
import { StoreConflictError, StoreReferenceError, type MaintenanceUpgradeRecord, type PaymentRecord } from '../src/store/store';
import { AT, allCredit, invoice, noCredit, order, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  const payment = (id: string, reference: string, invoiceId = 'inv_1', amount = 400): PaymentRecord => ({
    id,
    invoiceId,
    amount: { amount, currency: 'EUR' },
    paidAt: '2026-03-20T00:00:00.000Z',
    reference,
    createdAt: AT,
  });

  const renewal = (id: string, periodStart: string) =>
    invoice(id, 'cus_1', { kind: 'renewal', issuedOn: periodStart, periodStart, periodEnd: `${periodStart.slice(0, 4)}-12-31` });

  const upgrade = (id: string, invoiceId: string): MaintenanceUpgradeRecord => ({
    id,
    customerId: 'cus_1',
    requestedOn: '2026-06-01',
    fromLine: '9.1',
    toLine: '9.2',
    period: { start: '2026-03-15', end: '2027-03-14' },
    invoiceId,
    createdAt: AT,
  });

  beforeEach(async () => {
    const store = t.store();
    await store.insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
    await store.insertOrder(order(1, 'hash-a'), noCredit);
  });

  test('round trip: payments (idempotent by reference), credit used by a renewal, upgrades survive a reopen', async () => {
    const store = t.store();
    expect(await store.recordPayment(payment('pay_1', 'bank-1'))).toMatchObject({ kind: 'created' });
    expect(await store.recordPayment({ ...payment('pay_2', 'bank-1'), createdAt: '2026-03-21T00:00:00.000Z' })).toEqual({ kind: 'duplicate', payment: payment('pay_1', 'bank-1') });
    expect(await store.recordPayment(payment('pay_3', 'bank-1', 'inv_1', 1))).toMatchObject({ kind: 'conflict' });
    expect(await store.addCredit({ id: 'cre_1', customerId: 'cus_1', kind: 'deposit', amount: { amount: 300, currency: 'EUR' }, reference: 'dep-1', note: 'prepaid', createdAt: AT })).toMatchObject({ kind: 'created' });
    const issued = await store.insertRenewalInvoices([renewal('inv_r27', '2027-01-01')], allCredit);
    expect(issued.map((i) => i.id)).toEqual(['inv_r27']);
    // The run again issues nothing (one renewal per customer and period start).
    expect(await store.insertRenewalInvoices([renewal('inv_r27b', '2027-01-01')], allCredit)).toEqual([]);
    await store.insertMaintenanceUpgrade(upgrade('upg_1', 'inv_u1'), invoice('inv_u1', 'cus_1', { kind: 'upgrade-fee' }), noCredit);
    await store.close();
    const again = await t.reopen();
    expect((await again.listInvoices('cus_1')).map((i) => i.id)).toEqual(['inv_1', 'inv_u1', 'inv_r27']);
    expect(await again.getInvoice('inv_r27')).toEqual(renewal('inv_r27', '2027-01-01'));
    expect((await again.listPayments('cus_1')).map((p) => [p.reference, p.amount.amount])).toEqual([
      ['credit:inv_r27', 300],
      ['bank-1', 400],
    ]);
    expect((await again.listCreditEntries('cus_1')).map((c) => [c.kind, c.amount.amount])).toEqual([
      ['deposit', 300],
      ['applied', -300],
    ]);
    expect(await again.listMaintenanceUpgrades('cus_1')).toEqual([upgrade('upg_1', 'inv_u1')]);
  });

  test('constraints: an invoice id twice, an upgrade of a used period, credit of an unknown customer', async () => {
    const store = t.store();
    const sameInvoice = store.insertMaintenanceUpgrade(upgrade('upg_1', 'inv_1'), invoice('inv_1'), noCredit);
    await expect(sameInvoice).rejects.toBeInstanceOf(StoreConflictError);
    await expect(sameInvoice).rejects.toMatchObject({ constraint: 'invoice_exists', code: 'invoice_exists' });
    await store.insertMaintenanceUpgrade(upgrade('upg_1', 'inv_u1'), invoice('inv_u1'), noCredit);
    await expect(store.insertMaintenanceUpgrade(upgrade('upg_2', 'inv_u2'), invoice('inv_u2'), noCredit)).rejects.toMatchObject({ constraint: 'upgrade_period', code: 'upgrade_already_used' });
    const orphan = store.addCredit({ id: 'cre_9', customerId: 'cus_9', kind: 'deposit', amount: { amount: 1, currency: 'EUR' }, reference: 'dep-9', createdAt: AT });
    await expect(orphan).rejects.toBeInstanceOf(StoreReferenceError);
    await expect(orphan).rejects.toMatchObject({ constraint: 'foreign_key' });
    expect(await store.listCreditEntries('cus_9')).toEqual([]);
  });

  test('a renewal run refused half-way leaves nothing behind: no invoice, no credit used, no serial', async () => {
    const store = t.store();
    // Enough for inv_r27 (1000) and part of inv_r28.
    await store.addCredit({ id: 'cre_1', customerId: 'cus_1', kind: 'deposit', amount: { amount: 1300, currency: 'EUR' }, reference: 'dep-1', createdAt: AT });
    // A bank payment that happens to carry the reference the credit use of inv_r28 will take.
    await store.recordPayment(payment('pay_1', 'credit:inv_r28'));
    const serial = await store.manifestSerial();
    const run = store.insertRenewalInvoices([renewal('inv_r27', '2027-01-01'), renewal('inv_r28', '2028-01-01')], allCredit);
    await expect(run).rejects.toBeInstanceOf(StoreConflictError);
    await expect(run).rejects.toMatchObject({ constraint: 'payment_reference', code: 'payment_reference_conflict' });
    expect((await store.listInvoices('cus_1')).map((i) => i.id)).toEqual(['inv_1']);
    expect((await store.listCreditEntries('cus_1')).map((c) => c.id)).toEqual(['cre_1']);
    expect((await store.listPayments('cus_1')).map((p) => p.id)).toEqual(['pay_1']);
    expect(await store.manifestSerial()).toBe(serial);
  });

  describe('the money ceiling inside the store transaction (decision U33)', () => {
    const CEILING = 999_999_999_999_999;
    const deposit = (id: string, amount: number, currency = 'EUR') => ({ id, customerId: 'cus_1', kind: 'deposit' as const, amount: { amount, currency }, reference: `ref-${id}`, createdAt: AT });

    test('a deposit that takes the balance past the ceiling is refused with MoneyLimitError; nothing is written', async () => {
      const store = t.store();
      await store.addCredit(deposit('cre_1', CEILING - 1));
      const over = store.addCredit(deposit('cre_2', 2));
      await expect(over).rejects.toBeInstanceOf(MoneyLimitError);
      await expect(over).rejects.toMatchObject({ field: 'amount.amount' });
      expect(await store.addCredit(deposit('cre_3', 1))).toMatchObject({ kind: 'created' });
      expect(await store.addCredit(deposit('cre_4', CEILING, 'SEK'))).toMatchObject({ kind: 'created' });
      expect((await store.listCreditEntries('cus_1')).map((c) => c.id)).toEqual(['cre_1', 'cre_3', 'cre_4']);
    });

    test('a payment that takes the paid total past the ceiling is refused; a duplicate is still a duplicate', async () => {
      const store = t.store();
      await store.recordPayment(payment('pay_1', 'bank-1', 'inv_1', CEILING));
      const over = store.recordPayment(payment('pay_2', 'bank-2', 'inv_1', 1));
      await expect(over).rejects.toBeInstanceOf(MoneyLimitError);
      await expect(over).rejects.toMatchObject({ field: 'amount.amount' });
      expect(await store.recordPayment(payment('pay_3', 'bank-1', 'inv_1', CEILING))).toMatchObject({ kind: 'duplicate' });
      expect((await store.listPayments('cus_1')).map((p) => p.id)).toEqual(['pay_1']);
    });

    test('credit is not used from a stored balance past the ceiling (an older server): the invoices are refused, nothing is written', async () => {
      const store = t.store();
      // Three deposits, then raised to 2^53 − 1 each with raw SQL, as a server without the ceiling could store them.
      for (let i = 0; i < 3; i++) await store.addCredit(deposit(`cre_${i}`, 1));
      const serial = await store.manifestSerial();
      await t.raw(`UPDATE credit_entries SET amount = ? WHERE customer_id = 'cus_1'`, [Number.MAX_SAFE_INTEGER]);
      const run = store.insertRenewalInvoices([renewal('inv_r27', '2027-01-01')], allCredit);
      await expect(run).rejects.toBeInstanceOf(MoneyLimitError);
      await expect(run).rejects.toMatchObject({ field: 'credit.EUR' });
      expect((await store.listInvoices('cus_1')).map((i) => i.id)).toEqual(['inv_1']);
      expect((await store.listCreditEntries('cus_1')).map((c) => c.kind)).toEqual(['deposit', 'deposit', 'deposit']);
      expect(await store.listPayments('cus_1')).toEqual([]);
      expect(await store.manifestSerial()).toBe(serial);
      // An invoice in another currency does not touch the EUR ledger.
      expect(await store.insertRenewalInvoices([renewal('inv_r28', '2028-01-01')].map((i) => ({ ...i, total: { amount: 5, currency: 'SEK' } })), allCredit)).toHaveLength(1);
    });
  });
});
