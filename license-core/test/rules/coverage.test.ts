// SPEC §2 "activation follows payment", cancellation and termination; decision D10 (whole period counts once paid).
import { coverage, invoiceBalance, type Payment } from '../../src';
import { fieldOf, inv1, inv2 } from './support';

const pay = (invoiceId: string, amount: number, paidAt: string, currency = 'EUR'): Payment => ({
  invoiceId,
  amount: { amount, currency },
  paidAt,
  reference: `${invoiceId}@${paidAt}`,
});

describe('invoiceBalance', () => {
  it('a part payment leaves the invoice open', () => {
    expect(invoiceBalance(inv1, [pay('inv-1', 100_000, '2026-03-20T10:00:00Z')])).toEqual({ paid: 100_000, outstanding: 224_000 });
  });

  it('is fully paid at the instant the cumulative payments reach the total', () => {
    const payments = [pay('inv-1', 100_000, '2026-03-20T10:00:00Z'), pay('inv-1', 224_000, '2026-04-10T08:00:00+00:00')];
    expect(invoiceBalance(inv1, payments)).toEqual({ paid: 324_000, outstanding: 0, fullyPaidAt: '2026-04-10T08:00:00.000Z' });
  });

  it('takes payments in paidAt order, not list order', () => {
    // In time order: 100,000 (20 Mar), 150,000 (25 Mar), 374,000 (10 Apr) → paid on 10 Apr.
    // In list order the total would be reached by the second entry (20 Mar), which is wrong.
    const payments = [
      pay('inv-1', 224_000, '2026-04-10T08:00:00Z'),
      pay('inv-1', 100_000, '2026-03-20T10:00:00Z'),
      pay('inv-1', 50_000, '2026-03-25T10:00:00Z'),
    ];
    expect(invoiceBalance(inv1, payments)).toEqual({ paid: 374_000, outstanding: 0, fullyPaidAt: '2026-04-10T08:00:00.000Z' });
  });

  it('ignores payments of other invoices and rejects a payment in another currency', () => {
    expect(invoiceBalance(inv1, [pay('inv-2', 324_000, '2026-03-20T10:00:00Z')])).toEqual({ paid: 0, outstanding: 324_000 });
    const mixed = [pay('inv-1', 100_000, '2026-03-20T10:00:00Z'), pay('inv-1', 224_000, '2026-04-10T08:00:00Z', 'SEK')];
    expect(fieldOf(() => invoiceBalance(inv1, mixed))).toBe('payments[1].amount.currency');
  });

  it('rejects malformed invoices and payments', () => {
    expect(fieldOf(() => invoiceBalance({ ...inv1, periodEnd: '2026-03-14' }, []))).toBe('invoice.periodEnd');
    expect(fieldOf(() => invoiceBalance({ ...inv1, kind: 'annual' as never }, []))).toBe('invoice.kind');
    expect(fieldOf(() => invoiceBalance(inv1, [pay('inv-1', 1, '2026-03-20')]))).toBe('payments[0].paidAt');
  });
});

describe('coverage', () => {
  const paidInFull = [pay('inv-1', 100_000, '2026-03-20T10:00:00Z'), pay('inv-1', 224_000, '2026-04-10T08:00:00Z')];
  const interval1 = { from: '2026-03-15', to: '2027-12-31', activeFrom: '2026-04-10T08:00:00.000Z', invoiceId: 'inv-1' };

  it('nothing counts while the invoice is only partly paid', () => {
    expect(coverage({ invoices: [inv1], payments: paidInFull, asOf: '2026-04-10T07:59:59Z' })).toEqual([]);
  });

  it('the whole period counts from the instant of full payment', () => {
    expect(coverage({ invoices: [inv1], payments: paidInFull, asOf: '2026-04-10T08:00:00Z' })).toEqual([interval1]);
  });

  it('a renewal paid late covers its whole year, sorted by from', () => {
    const payments = [...paidInFull, pay('inv-2', 180_000, '2028-02-10T09:00:00Z')];
    expect(coverage({ invoices: [inv2, inv1], payments, asOf: '2028-02-09T00:00:00Z' })).toEqual([interval1]);
    expect(coverage({ invoices: [inv2, inv1], payments, asOf: '2028-03-01T00:00:00Z' })).toEqual([
      interval1,
      { from: '2028-01-01', to: '2028-12-31', activeFrom: '2028-02-10T09:00:00.000Z', invoiceId: 'inv-2' },
    ]);
  });

  it('is clipped to the effective end of a cancellation', () => {
    const payments = [...paidInFull, pay('inv-2', 180_000, '2028-01-05T09:00:00Z')];
    expect(coverage({ invoices: [inv1, inv2], payments, asOf: '2028-03-01T00:00:00Z', effectiveEnd: '2027-12-31' })).toEqual([interval1]);
    expect(coverage({ invoices: [inv1, inv2], payments, asOf: '2028-03-01T00:00:00Z', effectiveEnd: '2028-06-30' })[1]).toEqual({
      from: '2028-01-01',
      to: '2028-06-30',
      activeFrom: '2028-01-05T09:00:00.000Z',
      invoiceId: 'inv-2',
    });
  });

  it('termination clips everything to the termination date and nothing paid afterwards counts', () => {
    const payments = [...paidInFull, pay('inv-2', 180_000, '2028-01-05T09:00:00Z')];
    expect(coverage({ invoices: [inv1, inv2], payments, asOf: '2028-06-01T00:00:00Z', terminatedAt: '2028-05-05T12:00:00Z' })).toEqual([
      interval1,
      { from: '2028-01-01', to: '2028-05-05', activeFrom: '2028-01-05T09:00:00.000Z', invoiceId: 'inv-2' },
    ]);
    // Terminated during 2027: the 2028 renewal paid after it does not count; 2027 ends on the termination date.
    expect(coverage({ invoices: [inv1, inv2], payments, asOf: '2028-06-01T00:00:00Z', terminatedAt: '2027-05-05T12:00:00Z' })).toEqual([
      { ...interval1, to: '2027-05-05' },
    ]);
    // In the vendor's zone a termination at 23:30 UTC on 5 May is already 6 May.
    expect(
      coverage({ invoices: [inv1], payments, asOf: '2028-06-01T00:00:00Z', terminatedAt: '2027-05-05T23:30:00Z', timeZone: 'Europe/Berlin' }),
    ).toEqual([{ ...interval1, to: '2027-05-06' }]);
  });

  it('a termination after asOf is not yet known', () => {
    expect(coverage({ invoices: [inv1], payments: paidInFull, asOf: '2027-01-01T00:00:00Z', terminatedAt: '2027-05-05T12:00:00Z' })).toEqual([
      interval1,
    ]);
  });

  it('rejects bad input naming the field', () => {
    expect(fieldOf(() => coverage({ invoices: [inv1], payments: [], asOf: 'now' }))).toBe('asOf');
    expect(fieldOf(() => coverage({ invoices: [{ ...inv1, issuedOn: '2026-3-15' }], payments: [], asOf: '2027-01-01T00:00:00Z' }))).toBe(
      'invoices[0].issuedOn',
    );
    expect(fieldOf(() => coverage({ invoices: [inv1], payments: [], asOf: '2027-01-01T00:00:00Z', effectiveEnd: '2027-31-12' }))).toBe(
      'effectiveEnd',
    );
    expect(fieldOf(() => coverage({ invoices: [inv1], payments: [], asOf: '2027-01-01T00:00:00Z', timeZone: 'Nowhere/City' }))).toBe(
      'timeZone',
    );
    expect(fieldOf(() => coverage({ invoices: inv1 as never, payments: [], asOf: '2027-01-01T00:00:00Z' }))).toBe('invoices');
  });
});
