// SPEC §2: contract status (active, unpaid, lapsed, cancelled, terminated), paid-through, next invoice, deadline.
import { contractStatus, entitlementState, type Payment } from '../../src';
import { fieldOf, inv1, inv2 } from './support';

const pay = (invoiceId: string, amount: number, paidAt: string): Payment => ({
  invoiceId,
  amount: { amount, currency: 'EUR' },
  paidAt,
  reference: 'ref',
});
const paid1 = pay('inv-1', 324_000, '2026-04-10T08:00:00Z');
const firstPeriod = { start: '2026-03-15', end: '2027-12-31' };
const base = { contractStart: '2026-03-15' };

describe('contractStatus', () => {
  it('active: the current period is paid', () => {
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2026-05-01T00:00:00Z' })).toEqual({
      status: 'active',
      currentPeriod: firstPeriod,
      paidThrough: '2027-12-31',
      nextInvoiceOn: '2028-01-01',
      cancellationDeadline: '2027-09-30',
      openInvoices: [],
    });
  });

  it('unpaid: the current invoice is open within the 30-day term (the due day counts)', () => {
    const s = contractStatus({ ...base, invoices: [inv1], payments: [], asOf: '2026-03-20T12:00:00Z' });
    expect(s).toEqual({
      status: 'unpaid',
      currentPeriod: firstPeriod,
      nextInvoiceOn: '2028-01-01',
      cancellationDeadline: '2027-09-30',
      openInvoices: [inv1],
    });
    // issued 15 Mar + 30 days = 14 Apr is the last day of the term
    expect(contractStatus({ ...base, invoices: [inv1], payments: [], asOf: '2026-04-14T23:59:59Z' }).status).toBe('unpaid');
    expect(contractStatus({ ...base, invoices: [inv1], payments: [], asOf: '2026-04-15T00:00:00Z' }).status).toBe('lapsed');
    expect(contractStatus({ ...base, invoices: [inv1], payments: [], asOf: '2026-04-15T00:00:00Z', paymentTermDays: 45 }).status).toBe(
      'unpaid',
    );
  });

  it('lapsed: the renewal is open past the payment term; paid through the last paid period', () => {
    expect(contractStatus({ ...base, invoices: [inv1, inv2], payments: [paid1], asOf: '2028-02-15T00:00:00Z' })).toEqual({
      status: 'lapsed',
      currentPeriod: { start: '2028-01-01', end: '2028-12-31' },
      paidThrough: '2027-12-31',
      nextInvoiceOn: '2029-01-01',
      cancellationDeadline: '2028-09-30',
      openInvoices: [inv2],
    });
  });

  it('lapsed: no invoice covers today', () => {
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2028-01-05T00:00:00Z' }).status).toBe('lapsed');
  });

  it('a late-paid renewal makes the contract active and paid through its end', () => {
    const payments = [paid1, pay('inv-2', 180_000, '2028-02-20T10:00:00Z')];
    const s = contractStatus({ ...base, invoices: [inv1, inv2], payments, asOf: '2028-03-01T00:00:00Z' });
    expect(s).toMatchObject({ status: 'active', paidThrough: '2028-12-31', openInvoices: [] });
  });

  it('after the deadline has passed, the next deadline is shown', () => {
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2027-09-30T12:00:00Z' }).cancellationDeadline).toBe(
      '2027-09-30',
    );
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2027-10-01T00:00:00Z' }).cancellationDeadline).toBe(
      '2028-09-30',
    );
  });

  it('cancelled on time: active until the effective end, without next invoice; cancelled after it', () => {
    const cancellation = { receivedOn: '2027-09-01', effectiveEnd: '2027-12-31' };
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2027-11-01T00:00:00Z', cancellation })).toEqual({
      status: 'active',
      currentPeriod: firstPeriod,
      paidThrough: '2027-12-31',
      cancelledEffectiveEnd: '2027-12-31',
      openInvoices: [],
    });
    expect(contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2028-01-02T00:00:00Z', cancellation })).toEqual({
      status: 'cancelled',
      paidThrough: '2027-12-31',
      cancelledEffectiveEnd: '2027-12-31',
      openInvoices: [],
    });
  });

  it('a late cancellation still renews once', () => {
    const cancellation = { receivedOn: '2027-10-15', effectiveEnd: '2028-12-31' };
    const s = contractStatus({ ...base, invoices: [inv1], payments: [paid1], asOf: '2027-11-01T00:00:00Z', cancellation });
    expect(s.nextInvoiceOn).toBe('2028-01-01');
    expect(s.cancellationDeadline).toBeUndefined();
  });

  it('terminated: from the termination instant on', () => {
    const input = { ...base, invoices: [inv1], payments: [paid1], terminatedAt: '2027-05-05T12:00:00Z' };
    expect(contractStatus({ ...input, asOf: '2027-05-05T11:59:59Z' }).status).toBe('active');
    expect(contractStatus({ ...input, asOf: '2027-06-01T00:00:00Z' })).toEqual({
      status: 'terminated',
      terminatedAt: '2027-05-05T12:00:00.000Z',
      paidThrough: '2027-05-05',
      openInvoices: [],
    });
  });

  it('judges today in the vendor time zone', () => {
    const input = { ...base, invoices: [inv1], payments: [paid1], asOf: '2027-12-31T23:30:00Z' };
    expect(contractStatus(input).status).toBe('active');
    expect(contractStatus({ ...input, timeZone: 'Europe/Berlin' }).status).toBe('lapsed'); // already 1 Jan 2028 there
  });

  it('rejects bad input naming the field', () => {
    const input = { ...base, invoices: [inv1], payments: [paid1], asOf: '2027-01-01T00:00:00Z' };
    expect(fieldOf(() => contractStatus({ ...input, paymentTermDays: -1 }))).toBe('paymentTermDays');
    expect(fieldOf(() => contractStatus({ ...input, contractStart: '2026-15-03' }))).toBe('contractStart');
    expect(fieldOf(() => contractStatus({ ...input, cancellation: { receivedOn: '2027-01-01', effectiveEnd: 'soon' } }))).toBe(
      'cancellation.effectiveEnd',
    );
    expect(fieldOf(() => contractStatus({ ...input, payments: [{ ...paid1, amount: { amount: 1, currency: 'eur' } }] }))).toBe(
      'payments[0].amount.currency',
    );
  });
});

describe('entitlementState (SPEC §2)', () => {
  it('is the contract state when there is a contract, lapsed when there is none', () => {
    expect(entitlementState({ status: 'unpaid' })).toBe('unpaid');
    expect(entitlementState({ status: 'terminated' })).toBe('terminated');
    expect(entitlementState(undefined)).toBe('lapsed');
  });
});
