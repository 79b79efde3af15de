import { creditAppliedTo, creditBalances, creditDepositVerdict, creditLedger, creditReference, MONEY_CEILING } from '../../src';

describe('credit ledger (SPEC §5 prepaid credit)', () => {
  it('sums deposits and uses per currency, exactly, currencies in alphabetical order', () => {
    const entries = [
      { amount: { amount: 10_000, currency: 'SEK' } },
      { amount: { amount: 50_000, currency: 'EUR' } },
      { amount: { amount: -12_345, currency: 'EUR' } },
      { amount: { amount: 1, currency: 'CHF' } },
      { amount: { amount: -10_000, currency: 'SEK' } },
    ];
    expect(creditBalances(entries)).toEqual([
      { amount: 1, currency: 'CHF' },
      { amount: 37_655, currency: 'EUR' },
      { amount: 0, currency: 'SEK' },
    ]);
  });

  it('has no balance for an empty ledger', () => {
    expect(creditBalances([])).toEqual([]);
  });

  it('keeps large balances exact (integer minor units, no floating drift)', () => {
    const entries = Array.from({ length: 10 }, () => ({ amount: { amount: 10, currency: 'EUR' } }));
    entries.push({ amount: { amount: 900_000_000_000_007, currency: 'EUR' } });
    expect(creditBalances(entries)).toEqual([{ amount: 900_000_000_000_107, currency: 'EUR' }]);
  });
});

describe('credit used on an invoice (SPEC §5)', () => {
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  it('counts only the credit payment of that invoice', () => {
    const payments = [
      { invoiceId: 'inv_1', reference: creditReference('inv_1'), amount: eur(3_000) },
      { invoiceId: 'inv_1', reference: 'bank-77', amount: eur(7_000) },
      { invoiceId: 'inv_2', reference: creditReference('inv_2'), amount: eur(500) },
      // A bank reference that merely looks like another invoice's credit does not count for inv_1.
      { invoiceId: 'inv_1', reference: creditReference('inv_2'), amount: eur(1) },
    ];
    expect(creditAppliedTo('inv_1', payments)).toBe(3_000);
    expect(creditAppliedTo('inv_2', payments)).toBe(500);
    expect(creditAppliedTo('inv_3', payments)).toBe(0);
  });
});

describe('the credit ledger and the money ceiling (decisions U33, U34)', () => {
  const eur = (amount: number) => ({ amount, currency: 'EUR' });

  it('names a currency whose balance lies past the ceiling instead of showing it inexactly', () => {
    // Three deposits of 2^53 − 1, as an older server accepted them: the sum is not exact in a double.
    const entries = [1, 2, 3].map(() => ({ amount: eur(Number.MAX_SAFE_INTEGER) }));
    entries.push({ amount: { amount: 500, currency: 'SEK' } });
    expect(creditLedger(entries)).toEqual({ balances: [{ amount: 500, currency: 'SEK' }], overLimit: ['EUR'] });
    expect(creditBalances(entries)).toEqual([{ amount: 500, currency: 'SEK' }]);
  });

  it('adds exactly even when the entries pass 2^53 on the way and come back', () => {
    const entries = [eur(Number.MAX_SAFE_INTEGER), eur(Number.MAX_SAFE_INTEGER), eur(-Number.MAX_SAFE_INTEGER), eur(-Number.MAX_SAFE_INTEGER + 7)].map((amount) => ({ amount }));
    expect(creditLedger(entries)).toEqual({ balances: [eur(7)], overLimit: [] });
  });

  it('accepts a deposit up to the ceiling and refuses one past it, naming amount.amount', () => {
    expect(creditDepositVerdict({ balance: eur(MONEY_CEILING - 1), deposit: eur(1) })).toEqual({ kind: 'accepted', sum: eur(MONEY_CEILING) });
    expect(creditDepositVerdict({ balance: eur(MONEY_CEILING), deposit: eur(1) })).toMatchObject({
      kind: 'refused',
      code: 'money_limit_exceeded',
      field: 'amount.amount',
      message: expect.stringContaining('the EUR credit balance would be 1000000000000000 EUR'),
    });
  });

  it('refuses any deposit on a stored balance past the ceiling, naming credit.<currency>', () => {
    expect(creditDepositVerdict({ balance: eur(3 * Number.MAX_SAFE_INTEGER), deposit: eur(1) })).toMatchObject({ kind: 'refused', code: 'money_limit_exceeded', field: 'credit.EUR' });
  });
});
