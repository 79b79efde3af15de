import { supportStatementTotals } from '../../src';

describe('supportStatementTotals (SPEC §6)', () => {
  it('sums per customer and currency and per currency, exactly, with minutes from seconds', () => {
    const lines = [
      { id: 'a', customerId: 'c1', loggedMinutes: 45, billableSeconds: 900, amount: { amount: 2_501, currency: 'EUR' } },
      { id: 'b', customerId: 'c2', loggedMinutes: 10, billableSeconds: 0, amount: { amount: 0, currency: 'EUR' } },
      { id: 'c', customerId: 'c1', loggedMinutes: 30, billableSeconds: 90, amount: { amount: 250, currency: 'EUR' } },
      { id: 'd', customerId: 'c1', loggedMinutes: 60, billableSeconds: 3_600, amount: { amount: 12_000, currency: 'SEK' } },
    ];
    const s = supportStatementTotals(lines);
    expect(s.lines.map((l) => [l.id, l.billableMinutes])).toEqual([['a', 15], ['b', 0], ['c', 1.5], ['d', 60]]);
    expect(s.customers).toEqual([
      { customerId: 'c1', loggedMinutes: 75, billableSeconds: 990, billableMinutes: 16.5, amount: { amount: 2_751, currency: 'EUR' } },
      { customerId: 'c2', loggedMinutes: 10, billableSeconds: 0, billableMinutes: 0, amount: { amount: 0, currency: 'EUR' } },
      { customerId: 'c1', loggedMinutes: 60, billableSeconds: 3_600, billableMinutes: 60, amount: { amount: 12_000, currency: 'SEK' } },
    ]);
    expect(s.totals).toEqual([
      { amount: 2_751, currency: 'EUR' },
      { amount: 12_000, currency: 'SEK' },
    ]);
  });

  it('is empty for a month without work', () => {
    expect(supportStatementTotals([])).toEqual({ lines: [], customers: [], totals: [] });
  });
});
