import { creditAppliedTo, creditBalances, creditReference } from '../../src';

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
