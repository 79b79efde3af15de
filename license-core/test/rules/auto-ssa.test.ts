/** SPEC §5 (seed 002): Auto SSA plans. Worked examples computed by hand in the comments. */
import { applyCredit, ssaCancellation, ssaIntervalInvoice, ssaReconclusion, ssaTermContaining, ssaTerms, type Money } from '../../src';
import { fieldOf } from './support';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
// List prices 1,000,000 at 18 % → assurance fee 180,000 a year.
const licences = [{ listPrice: eur(1_000_000) }];

describe('plans', () => {
  it('price, minimum term, renewal and notice per plan', () => {
    expect(ssaTerms('ssa-annual')).toEqual({ billingMonths: 12, priceAdjustmentBp: -200, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 });
    expect(ssaTerms('ssa-quarterly')).toMatchObject({ billingMonths: 3, priceAdjustmentBp: -100, minimumTermMonths: 12 });
    expect(ssaTerms('ssa-monthly')).toMatchObject({ billingMonths: 1, priceAdjustmentBp: 0, minimumTermMonths: 12 });
    expect(ssaTerms('ssa-flex')).toEqual({ billingMonths: 1, priceAdjustmentBp: 300, minimumTermMonths: 1, renewalMonths: 1, noticeMonths: 1 });
    expect(fieldOf(() => ssaTerms('ssa-weekly'))).toBe('plan');
  });

  it('annual billing: 180,000 × 0.98 = 176,400 for twelve months', () => {
    const q = ssaIntervalInvoice({ plan: 'ssa-annual', periodStart: '2027-01-15', licences });
    expect(q).toMatchObject({ periodStart: '2027-01-15', periodEnd: '2028-01-14', total: eur(176_400) });
  });

  it('quarterly billing: 180,000 × 3/12 × 0.99 = 44,550', () => {
    expect(ssaIntervalInvoice({ plan: 'ssa-quarterly', periodStart: '2027-01-15', licences })).toMatchObject({ periodEnd: '2027-04-14', total: eur(44_550) });
  });

  it('monthly billing at list price: 15,000; full flex +3 %: 15,450', () => {
    expect(ssaIntervalInvoice({ plan: 'ssa-monthly', periodStart: '2027-03-10', licences })).toMatchObject({ periodEnd: '2027-04-09', total: eur(15_000) });
    expect(ssaIntervalInvoice({ plan: 'ssa-flex', periodStart: '2027-03-10', licences }).total).toEqual(eur(15_450));
  });

  it('rounds once, half away from zero: 333,333 quarterly = 14,849.985… → 14,850', () => {
    // 333,333 × 1800 × 3 × 9900 / (10000 × 12 × 10000) = 14,849.98515
    expect(ssaIntervalInvoice({ plan: 'ssa-quarterly', periodStart: '2027-01-01', licences: [{ listPrice: eur(333_333) }] }).total).toEqual(eur(14_850));
  });
});

describe('terms', () => {
  it('the minimum term first, then renewals of 12 months', () => {
    expect(ssaTermContaining({ plan: 'ssa-annual', start: '2027-01-15', date: '2027-06-01' })).toEqual({ start: '2027-01-15', end: '2028-01-14' });
    expect(ssaTermContaining({ plan: 'ssa-monthly', start: '2027-01-15', date: '2028-01-15' })).toEqual({ start: '2028-01-15', end: '2029-01-14' });
  });

  it('flex terms are one month, contiguous even from a 31st', () => {
    const t1 = ssaTermContaining({ plan: 'ssa-flex', start: '2027-01-31', date: '2027-01-31' });
    const t2 = ssaTermContaining({ plan: 'ssa-flex', start: '2027-01-31', date: '2027-03-01' });
    const t3 = ssaTermContaining({ plan: 'ssa-flex', start: '2027-01-31', date: '2027-03-31' });
    expect([t1, t2, t3]).toEqual([
      { start: '2027-01-31', end: '2027-02-27' },
      { start: '2027-02-28', end: '2027-03-30' },
      { start: '2027-03-31', end: '2027-04-29' },
    ]);
    expect(fieldOf(() => ssaTermContaining({ plan: 'ssa-flex', start: '2027-01-31', date: '2027-01-30' }))).toBe('date');
  });
});

describe('cancellation', () => {
  // Annual from 2027-01-15: the minimum term ends 2028-01-14; notice 3 months before 2028-01-15 → by 2027-10-14.
  it('notice on the deadline day ends the agreement with the current term', () => {
    expect(ssaCancellation({ plan: 'ssa-annual', start: '2027-01-15', receivedOn: '2027-10-14' })).toEqual({ deadline: '2027-10-14', effectiveEnd: '2028-01-14', onTime: true });
  });

  it('one day later it runs one more 12-month term', () => {
    expect(ssaCancellation({ plan: 'ssa-annual', start: '2027-01-15', receivedOn: '2027-10-15' })).toEqual({ deadline: '2028-10-14', effectiveEnd: '2029-01-14', onTime: false });
  });

  it('flex: one month of notice, so a notice ends the agreement with the following monthly term', () => {
    // Flex from 2027-01-10: term 1 = 01-10..02-09 (its deadline 01-09 is before it starts), term 2 = 02-10..03-09
    // (deadline 02-09). A notice on 01-20 or on 02-09 ends the agreement on 03-09; one on 02-10 on 04-09.
    expect(ssaCancellation({ plan: 'ssa-flex', start: '2027-01-10', receivedOn: '2027-01-20' })).toEqual({ deadline: '2027-02-09', effectiveEnd: '2027-03-09', onTime: false });
    expect(ssaCancellation({ plan: 'ssa-flex', start: '2027-01-10', receivedOn: '2027-02-09' })).toMatchObject({ effectiveEnd: '2027-03-09' });
    expect(ssaCancellation({ plan: 'ssa-flex', start: '2027-01-10', receivedOn: '2027-02-10' })).toMatchObject({ effectiveEnd: '2027-04-09' });
  });

  it('a fixed cancellation date set in advance, within the notice and after the minimum term', () => {
    // Fixed 2028-03-31: notice 3 months before 2028-04-01 → by 2027-12-31.
    expect(ssaCancellation({ plan: 'ssa-annual', start: '2027-01-15', receivedOn: '2027-12-31', cancellationDate: '2028-03-31' })).toEqual({ deadline: '2027-12-31', effectiveEnd: '2028-03-31', onTime: true });
    expect(fieldOf(() => ssaCancellation({ plan: 'ssa-annual', start: '2027-01-15', receivedOn: '2028-01-01', cancellationDate: '2028-03-31' }))).toBe('cancellationDate');
    expect(fieldOf(() => ssaCancellation({ plan: 'ssa-annual', start: '2027-01-15', receivedOn: '2027-02-01', cancellationDate: '2027-06-30' }))).toBe('cancellationDate');
  });
});

describe('re-concluding after expiry', () => {
  // Expired (last covered day) 2027-01-31.
  it('day 30: the gap is back-filled at the normal rate', () => {
    const r = ssaReconclusion({ plan: 'ssa-monthly', expiredOn: '2027-01-31', concludedOn: '2027-03-02', licences });
    // gap 2027-02-01..2027-03-01 = 29 days: 180,000 × 29/365 = 14,301.37 → 14,301
    expect(r).toMatchObject({ daysSinceExpiry: 30, multiplier: 1, gap: { start: '2027-02-01', end: '2027-03-01' } });
    expect(r.quote?.total).toEqual(eur(14_301));
  });

  it('day 31: the gap is charged twice', () => {
    const r = ssaReconclusion({ plan: 'ssa-monthly', expiredOn: '2027-01-31', concludedOn: '2027-03-03', licences });
    // gap 30 days: 180,000 × 30/365 × 2 = 29,589.04 → 29,589
    expect(r).toMatchObject({ daysSinceExpiry: 31, multiplier: 2 });
    expect(r.quote?.total).toEqual(eur(29_589));
  });

  it('no gap when concluded the day after expiry', () => {
    expect(ssaReconclusion({ plan: 'ssa-monthly', expiredOn: '2027-01-31', concludedOn: '2027-02-01', licences })).toEqual({ daysSinceExpiry: 1, multiplier: 0 });
  });

  it('a gap across New Year is one line per calendar year, at the plan price', () => {
    // Annual (−2 %): fee 176,400. Gap 2026-12-21..2027-01-09: 11/365 → 5,316.16 → 5,316; 9/365 → 4,349.59 → 4,350.
    const r = ssaReconclusion({ plan: 'ssa-annual', expiredOn: '2026-12-20', concludedOn: '2027-01-10', licences });
    expect(r.quote?.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2026-12-21', '2026-12-31', 5_316],
      ['2027-01-01', '2027-01-09', 4_350],
    ]);
    expect(r.quote?.total).toEqual(eur(9_666));
  });

  it('refuses a conclusion that is not after the expiry', () => {
    expect(fieldOf(() => ssaReconclusion({ plan: 'ssa-annual', expiredOn: '2027-01-31', concludedOn: '2027-01-31', licences }))).toBe('concludedOn');
  });
});

describe('prepaid credit', () => {
  it('is used up before anything is invoiced', () => {
    expect(applyCredit({ balance: eur(50_000), due: eur(44_550) })).toEqual({ creditUsed: eur(44_550), amountDue: eur(0), balanceAfter: eur(5_450) });
    expect(applyCredit({ balance: eur(10_000), due: eur(44_550) })).toEqual({ creditUsed: eur(10_000), amountDue: eur(34_550), balanceAfter: eur(0) });
  });

  it('only in the invoice currency', () => {
    expect(fieldOf(() => applyCredit({ balance: { amount: 1, currency: 'SEK' }, due: eur(1) }))).toBe('balance.currency');
  });
});
