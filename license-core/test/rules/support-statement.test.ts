/** SPEC §6 by month: a request's work split into monthly statements that add up to its whole charge. */
import { monthBounds, supportCharge, supportChargeInMonth, type Money, type SupportChargeInput } from '../../src';
import { fieldOf } from './support';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const RATE = eur(12_000); // 120.00 EUR per hour = 200 minor units per minute
const BERLIN = 'Europe/Berlin';
const request = (over: Partial<SupportChargeInput>): SupportChargeInput => ({
  classification: 'customization_bug',
  entries: [],
  hourlyRate: RATE,
  notifiedAt: '2026-11-20T09:00:00Z',
  approvedAt: '2026-11-20T09:00:00Z',
  ...over,
});
const month = (input: SupportChargeInput, m: string) => supportChargeInMonth({ ...input, month: m, timeZone: BERLIN });

describe('supportChargeInMonth', () => {
  it('45 minutes in November, 60 in December: 15 + 60 billable minutes, adding up to the whole request', () => {
    const r = request({ entries: [{ from: '2026-11-20T09:00:00Z', minutes: 45 }, { from: '2026-12-03T10:00:00Z', minutes: 60 }] });
    const nov = month(r, '2026-11');
    const dec = month(r, '2026-12');
    // November: 45 logged, 30 free, 15 billable = 3,000. December: 60 billable = 12,000.
    expect([nov.loggedMinutes, nov.billableSeconds, nov.amount]).toEqual([45, 900, eur(3_000)]);
    expect([dec.loggedMinutes, dec.billableSeconds, dec.amount]).toEqual([60, 3_600, eur(12_000)]);
    expect(nov.amount.amount + dec.amount.amount).toBe(supportCharge(r).amount.amount);
    expect(month(r, '2027-01')).toMatchObject({ loggedMinutes: 0, billableSeconds: 0, amount: eur(0) });
  });

  it('the free diagnosis runs on across the month boundary, in the vendor’s time zone', () => {
    // 2026-11-30 22:40Z is 23:40 in Berlin (November): 20 minutes, all free. 2026-11-30 23:30Z is already
    // 1 December in Berlin: 40 minutes, 10 more free, 30 billable = 6,000.
    const r = request({ notifiedAt: '2026-11-30T22:00:00Z', approvedAt: '2026-11-30T22:00:00Z', entries: [{ from: '2026-11-30T22:40:00Z', minutes: 20 }, { from: '2026-11-30T23:30:00Z', minutes: 40 }] });
    expect(month(r, '2026-11')).toMatchObject({ loggedMinutes: 20, billableSeconds: 0, amount: eur(0) });
    expect(month(r, '2026-12')).toMatchObject({ loggedMinutes: 40, billableSeconds: 1_800, amount: eur(6_000) });
    expect(monthBounds('2026-12', BERLIN)).toEqual({ from: '2026-11-30T23:00:00.000Z', until: '2026-12-31T23:00:00.000Z' });
  });

  it('billing starts at the December notice: the November hour is not billed', () => {
    const r = request({ notifiedAt: '2026-12-02T10:00:00Z', approvedAt: '2026-12-02T10:00:00Z', entries: [{ from: '2026-11-20T09:00:00Z', minutes: 60 }, { from: '2026-12-02T10:00:00Z', minutes: 30 }] });
    expect(month(r, '2026-11')).toMatchObject({ loggedMinutes: 60, billableSeconds: 0, amount: eur(0) });
    expect(month(r, '2026-12')).toMatchObject({ loggedMinutes: 30, billableSeconds: 1_800, amount: eur(6_000) });
  });

  it('a free class stays free in every month; a maintenance discount applies to the month’s amount', () => {
    const free = request({ classification: 'base_bug', entries: [{ from: '2026-11-20T09:00:00Z', minutes: 120 }] });
    expect(month(free, '2026-11')).toMatchObject({ loggedMinutes: 120, amount: eur(0), toDate: { note: 'free_class' } });
    // 15 billable minutes = 30.00 EUR, less 15 % = 25.50 EUR
    const discounted = request({ discountBp: 1_500, entries: [{ from: '2026-11-20T09:00:00Z', minutes: 45 }] });
    expect(month(discounted, '2026-11').amount).toEqual(eur(2_550));
  });

  it('names a bad month or entry', () => {
    expect(fieldOf(() => month(request({}), '2026-13'))).toBe('month');
    expect(fieldOf(() => month(request({}), '2026-1'))).toBe('month');
    expect(fieldOf(() => month(request({ entries: [{ from: 'yesterday', minutes: 5 }] }), '2026-11'))).toBe('entries[0].from');
  });
});
