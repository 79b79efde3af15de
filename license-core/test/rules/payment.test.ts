import { MONEY_CEILING, paidTotalVerdict, paymentVerdict } from '../../src';

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

describe('paidTotalVerdict and the money ceiling (decision U33)', () => {
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  const asOf = '2026-03-15T10:00:00Z';

  it('refuses a single payment past the ceiling as invalid input', () => {
    expect(paymentVerdict({ invoiceTotal: eur(100), amount: MONEY_CEILING + 1, paidAt: asOf, asOf })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'amount.amount' });
    expect(paymentVerdict({ invoiceTotal: eur(100), amount: MONEY_CEILING, paidAt: asOf, asOf })).toEqual({ kind: 'accepted', amount: eur(MONEY_CEILING) });
  });

  it('keeps an overpayment up to the ceiling and refuses one that takes the paid total past it', () => {
    expect(paidTotalVerdict({ paid: eur(MONEY_CEILING - 5), payment: eur(5) })).toEqual({ kind: 'accepted', sum: eur(MONEY_CEILING) });
    expect(paidTotalVerdict({ paid: eur(MONEY_CEILING - 5), payment: eur(6) })).toMatchObject({
      kind: 'refused',
      code: 'money_limit_exceeded',
      field: 'amount.amount',
      message: expect.stringContaining('the paid total of the invoice would be 1000000000000000 EUR'),
    });
  });

  it('refuses anything more on a paid total an older server let pass the ceiling', () => {
    expect(paidTotalVerdict({ paid: eur(2 * Number.MAX_SAFE_INTEGER), payment: eur(1) })).toMatchObject({ kind: 'refused', code: 'money_limit_exceeded' });
  });
});
