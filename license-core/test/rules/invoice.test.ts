// SPEC §1 (rounding once per line, pro rata by calendar days) and SPEC §2 (fee, first invoice, renewal, co-terming).
import { assuranceFee, coTermInvoice, money, MONEY_CEILING, MoneyLimitError, quoteFirstInvoice, renewalInvoice, ssaCoTermInvoice } from '../../src';
import { fieldOf } from './support';

const eur = (amount: number) => ({ listPrice: money(amount, 'EUR') });

describe('assuranceFee', () => {
  it('is 18 % of the sum of the list prices by default', () => {
    // (500,000 + 300,000 + 200,000) × 1800 / 10000 = 180,000
    expect(assuranceFee([eur(500_000), eur(300_000), eur(200_000)])).toEqual({ amount: 180_000, currency: 'EUR' });
  });

  it('rounds the sum once, not each licence', () => {
    // 25 × 18 % = 4.5 each (would be 5 + 5 = 10), but (25 + 25) × 18 % = 9 exactly
    expect(assuranceFee([eur(25), eur(25)]).amount).toBe(9);
    expect(assuranceFee([eur(25)]).amount).toBe(5); // 4.5 → 5
    expect(assuranceFee([eur(24)]).amount).toBe(4); // 4.32 → 4
  });

  it('takes a vendor-configured rate', () => {
    expect(assuranceFee([eur(1_000_000)], 2000).amount).toBe(200_000);
    expect(assuranceFee([eur(1_000_000)], 0).amount).toBe(0);
  });

  it.each([[-1], [10_001], [18.5], ['1800'], [Number.NaN]])('rejects the rate %p', (rate) => {
    expect(fieldOf(() => assuranceFee([eur(100)], rate as number))).toBe('rateBp');
  });

  it('rejects an empty list, a negative price and mixed currencies, naming the field', () => {
    expect(fieldOf(() => assuranceFee([]))).toBe('licences');
    expect(fieldOf(() => assuranceFee([eur(100), eur(-1)]))).toBe('licences[1].listPrice.amount');
    expect(fieldOf(() => assuranceFee([eur(100), { listPrice: { amount: 1.5, currency: 'EUR' } }]))).toBe('licences[1].listPrice.amount');
    const mixed = () => assuranceFee([eur(100), eur(200), { listPrice: money(300, 'SEK') }]);
    expect(fieldOf(mixed)).toBe('licences[2].listPrice.currency');
    expect(mixed).toThrow('licences[2].listPrice.currency: all licences of an invoice must share one currency; expected EUR, got SEK');
  });
});

describe('quoteFirstInvoice', () => {
  it('matches the SPEC example: 10,000.00 EUR ordered 2026-03-15', () => {
    // fee 180,000; 2026-03-15..2026-12-31 = 292 days; 180,000 × 292 / 365 = 144,000 exactly; 2027 full = 180,000
    expect(quoteFirstInvoice({ orderDate: '2026-03-15', licences: [eur(1_000_000)] })).toEqual({
      periodStart: '2026-03-15',
      periodEnd: '2027-12-31',
      currency: 'EUR',
      lines: [
        { from: '2026-03-15', to: '2026-12-31', amount: 144_000, description: 'Software Assurance 2026-03-15..2026-12-31 (292/365 days of 2026)' },
        { from: '2027-01-01', to: '2027-12-31', amount: 180_000, description: 'Software Assurance 2027 (full year)' },
      ],
      total: { amount: 324_000, currency: 'EUR' },
    });
  });

  it('uses 366 days in a leap year (ordered 2028-02-29: 307/366)', () => {
    // 1,000,000 × 1800 × 307 / (10000 × 366) = 55,260,000 / 366 = 150,983.61 → 150,984; 2029 full = 180,000
    const q = quoteFirstInvoice({ orderDate: '2028-02-29', licences: [eur(1_000_000)] });
    expect(q.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2028-02-29', '2028-12-31', 150_984],
      ['2029-01-01', '2029-12-31', 180_000],
    ]);
    expect(q.total.amount).toBe(330_984);
    expect(q.periodEnd).toBe('2029-12-31');
  });

  it('an order on 31 Dec pays 1/365 of the year, plus the whole next year', () => {
    // 180,000 × 1 / 365 = 493.15 → 493
    const q = quoteFirstInvoice({ orderDate: '2026-12-31', licences: [eur(1_000_000)] });
    expect(q.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2026-12-31', '2026-12-31', 493],
      ['2027-01-01', '2027-12-31', 180_000],
    ]);
    expect(q.total.amount).toBe(180_493);
  });

  it('an order on 1 Jan pays 365/365 = the full fee for the first year', () => {
    const q = quoteFirstInvoice({ orderDate: '2026-01-01', licences: [eur(1_000_000)] });
    expect(q.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2026-01-01', '2026-12-31', 180_000],
      ['2027-01-01', '2027-12-31', 180_000],
    ]);
    expect(q.lines[0].description).toBe('Software Assurance 2026 (full year)');
    expect(q.total.amount).toBe(360_000);
  });

  it('rounds an exact half minor unit up, on every line', () => {
    // 2026-10-20..2026-12-31 = 12 + 30 + 31 = 73 days.
    // 125 × 1800 × 73 / (10000 × 365) = 16,425,000 / 3,650,000 = 4.5 → 5; 2027: 125 × 18 % = 22.5 → 23
    const q = quoteFirstInvoice({ orderDate: '2026-10-20', licences: [eur(125)] });
    expect(q.lines.map((l) => l.amount)).toEqual([5, 23]);
    expect(q.total.amount).toBe(28);
    // 124: 16,293,600 / 3,650,000 = 4.46 → 4; 124 × 18 % = 22.32 → 22
    expect(quoteFirstInvoice({ orderDate: '2026-10-20', licences: [eur(124)] }).lines.map((l) => l.amount)).toEqual([4, 22]);
  });

  it('rounds once per line, never the annual fee first', () => {
    // 2026-03-27..2026-12-31 = 280 days. Exact: 25 × 1800 × 280 / 3,650,000 = 3.45 → 3.
    // Rounding the fee first (4.5 → 5) would give 5 × 280 / 365 = 3.84 → 4.
    expect(quoteFirstInvoice({ orderDate: '2026-03-27', licences: [eur(25)] }).lines[0].amount).toBe(3);
  });

  it('sums several licences before computing each line', () => {
    // 400,000 + 350,000 + 250,000 = 1,000,000 → same lines as the SPEC example
    const q = quoteFirstInvoice({ orderDate: '2026-03-15', licences: [eur(400_000), eur(350_000), eur(250_000)], rateBp: 1800 });
    expect(q.lines.map((l) => l.amount)).toEqual([144_000, 180_000]);
    expect(q.total).toEqual({ amount: 324_000, currency: 'EUR' });
  });

  it('rejects a bad order date and mixed currencies', () => {
    expect(fieldOf(() => quoteFirstInvoice({ orderDate: '2026-02-30', licences: [eur(1)] }))).toBe('orderDate');
    expect(() => quoteFirstInvoice({ orderDate: '2026-02-30', licences: [eur(1)] })).toThrow(
      'orderDate: expected a calendar date YYYY-MM-DD, got "2026-02-30"',
    );
    expect(fieldOf(() => quoteFirstInvoice({ orderDate: '2026-03-15', licences: [eur(1), { listPrice: money(1, 'USD') }] }))).toBe(
      'licences[1].listPrice.currency',
    );
    expect(fieldOf(() => quoteFirstInvoice({ orderDate: '2026-03-15', licences: [eur(1)], rateBp: 20_000 }))).toBe('rateBp');
  });
});

describe('renewalInvoice', () => {
  it('invoices one whole calendar year in advance', () => {
    expect(renewalInvoice({ periodStart: '2028-01-01', licences: [eur(1_000_000), eur(200_000)] })).toEqual({
      periodStart: '2028-01-01',
      periodEnd: '2028-12-31',
      currency: 'EUR',
      lines: [{ from: '2028-01-01', to: '2028-12-31', amount: 216_000, description: 'Software Assurance 2028 (full year)' }],
      total: { amount: 216_000, currency: 'EUR' },
    });
  });

  it('must start on 1 January', () => {
    expect(fieldOf(() => renewalInvoice({ periodStart: '2028-02-01', licences: [eur(1)] }))).toBe('periodStart');
  });
});

describe('coTermInvoice', () => {
  it('invoices an added licence pro rata to the current period end, one line per year', () => {
    // fee 200,000 × 18 % = 36,000; 2026-11-01..2026-12-31 = 61 days: 36,000 × 61 / 365 = 6,016.44 → 6,016; 2027 full 36,000
    const q = coTermInvoice({ orderDate: '2026-11-01', periodEnd: '2027-12-31', licences: [eur(200_000)] });
    expect(q.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2026-11-01', '2026-12-31', 6_016],
      ['2027-01-01', '2027-12-31', 36_000],
    ]);
    expect(q).toMatchObject({ periodStart: '2026-11-01', periodEnd: '2027-12-31', total: { amount: 42_016, currency: 'EUR' } });
  });

  it('within a leap renewal year counts /366', () => {
    // 2028-07-01..2028-12-31 = 184 days: 36,000 × 184 / 366 = 18,098.36 → 18,098
    const q = coTermInvoice({ orderDate: '2028-07-01', periodEnd: '2028-12-31', licences: [eur(200_000)] });
    expect(q.lines).toHaveLength(1);
    expect(q.total.amount).toBe(18_098);
  });

  it('rejects a period end before the order date', () => {
    expect(fieldOf(() => coTermInvoice({ orderDate: '2027-01-02', periodEnd: '2027-01-01', licences: [eur(1)] }))).toBe('periodEnd');
    expect(fieldOf(() => coTermInvoice({ orderDate: '2027-01-02', periodEnd: '31.12.2027', licences: [eur(1)] }))).toBe('periodEnd');
  });
});

describe('invoice totals and the money ceiling (decision U33)', () => {
  it('refuses a first invoice whose total passes the ceiling although every line is within it, naming licences', () => {
    // 100 % of 600,000,000,000,000: two whole-year lines of 6 × 10^14 each, 1.2 × 10^15 in all.
    const input = { orderDate: '2026-01-01', licences: [eur(600_000_000_000_000)], rateBp: 10_000 };
    expect(() => quoteFirstInvoice(input)).toThrow(MoneyLimitError);
    expect(fieldOf(() => quoteFirstInvoice(input))).toBe('licences');
    // Half of it fits: two lines of 3 × 10^14 each.
    expect(quoteFirstInvoice({ ...input, licences: [eur(300_000_000_000_000)] }).total.amount).toBe(600_000_000_000_000);
  });

  it('refuses a line past the ceiling, naming licences', () => {
    expect(fieldOf(() => renewalInvoice({ periodStart: '2027-01-01', licences: [eur(MONEY_CEILING), eur(1)], rateBp: 10_000 }))).toBe('licences');
    expect(renewalInvoice({ periodStart: '2027-01-01', licences: [eur(MONEY_CEILING)], rateBp: 10_000 }).total.amount).toBe(MONEY_CEILING);
  });

  it('refuses an Auto SSA co-term invoice whose total passes the ceiling', () => {
    // ssa-flex (+3 %) at 100 % over 2026-12-01..2027-11-30: two lines each within the ceiling (about 8.7 × 10^13
    // and 9.4 × 10^14) adding up to about 1.03 × 10^15, past it.
    const input = { plan: 'ssa-flex' as const, orderDate: '2026-12-01', intervalEnd: '2027-11-30', licences: [eur(MONEY_CEILING)], rateBp: 10_000 };
    expect(fieldOf(() => ssaCoTermInvoice(input))).toBe('licences');
  });
});
