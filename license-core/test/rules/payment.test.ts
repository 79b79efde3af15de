import { paymentVerdict } from '../../src';

describe('paymentVerdict (SPEC §1, §2)', () => {
  const invoiceTotal = { amount: 17_640, currency: 'EUR' };
  const asOf = '2026-03-15T10:00:00Z';

  it('accepts a bare number as minor units in the invoice currency', () => {
    expect(paymentVerdict({ invoiceTotal, amount: 5_000, paidAt: '2026-03-15T09:59:59Z', asOf })).toEqual({ kind: 'accepted', amount: { amount: 5_000, currency: 'EUR' } });
  });

  it('accepts money in the invoice currency, and an overpayment (kept as paid)', () => {
    expect(paymentVerdict({ invoiceTotal, amount: { amount: 20_000, currency: 'EUR' }, paidAt: asOf, asOf })).toEqual({ kind: 'accepted', amount: { amount: 20_000, currency: 'EUR' } });
  });

  it('refuses another currency, naming amount.currency', () => {
    expect(paymentVerdict({ invoiceTotal, amount: { amount: 100, currency: 'USD' }, paidAt: asOf, asOf })).toEqual({
      kind: 'refused',
      code: 'invalid_input',
      field: 'amount.currency',
      message: 'amount.currency: the invoice is in EUR',
    });
  });

  it.each([0, -1, 1.5])('refuses the amount %p', (amount) => {
    expect(paymentVerdict({ invoiceTotal, amount, paidAt: asOf, asOf })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'amount.amount' });
  });

  it('refuses a payment received after now, even by one second', () => {
    expect(paymentVerdict({ invoiceTotal, amount: 1, paidAt: '2026-03-15T10:00:01Z', asOf })).toMatchObject({ kind: 'refused', field: 'paidAt' });
  });
});
