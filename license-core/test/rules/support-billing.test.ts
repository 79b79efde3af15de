/** SPEC §6 (seeds 001/003): free diagnosis, free classes, billing only from notice and approval. */
import { checkTimeEntry, supportCharge, supportDiscountDay, type Money, type SupportChargeInput } from '../../src';
import { fieldOf } from './support';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const RATE = eur(12_000); // 120.00 EUR per hour = 200 minor units per minute
const preApproved = { notifiedAt: '2027-03-01T09:00:00Z', approvedAt: '2027-03-01T09:00:00Z' };
const charge = (over: Partial<SupportChargeInput>) =>
  supportCharge({ classification: 'change_request', entries: [], hourlyRate: RATE, ...preApproved, ...over });
const work = (from: string, minutes: number) => ({ from: `2027-03-01T${from}:00Z`, minutes });

describe('the free initial diagnosis (first 30 minutes)', () => {
  it('29 minutes: nothing billable', () => {
    expect(charge({ entries: [work('10:00', 29)] })).toMatchObject({ diagnosisMinutes: 29, billableSeconds: 0, amount: eur(0), note: 'within_free_diagnosis' });
  });
  it('30 minutes: still nothing billable', () => {
    expect(charge({ entries: [work('10:00', 30)] })).toMatchObject({ diagnosisMinutes: 30, billableSeconds: 0, amount: eur(0) });
  });
  it('45 minutes: 15 billable = 3,000', () => {
    expect(charge({ entries: [work('10:00', 45)] })).toMatchObject({ diagnosisMinutes: 30, billableSeconds: 900, amount: eur(3_000), note: 'billed' });
  });
  it('spans several entries in time order, whatever order they are logged in', () => {
    // 10:00–10:20 and 11:00–11:20: diagnosis = 20 + 10 minutes; billable 11:10–11:20 = 10 min = 2,000.
    expect(charge({ entries: [work('11:00', 20), work('10:00', 20)] }).amount).toEqual(eur(2_000));
  });
});

describe('billing starts when the customer was told and approved, never earlier', () => {
  it('billing start = the notice instant when approval came first', () => {
    // 10:00–11:30 logged; approved 10:45, told 10:50 → billable 10:50–11:30 = 40 min = 8,000.
    const c = charge({ classification: 'customization_bug', entries: [work('10:00', 90)], approvedAt: '2027-03-01T10:45:00Z', notifiedAt: '2027-03-01T10:50:00Z' });
    expect(c.billingStartsAt).toBe('2027-03-01T10:50:00.000Z');
    expect(c.amount).toEqual(eur(8_000));
  });
  it('or the approval instant when it came after the notice', () => {
    // told 10:50, approved 10:55 → billable 10:55–11:30 = 35 min = 7,000.
    expect(charge({ classification: 'external_cause', entries: [work('10:00', 90)], notifiedAt: '2027-03-01T10:50:00Z', approvedAt: '2027-03-01T10:55:00Z' }).amount).toEqual(eur(7_000));
  });
  it('a cause found within the diagnosis: the 30 free minutes still apply', () => {
    // told and approved 10:20 → billable from 10:30 (end of diagnosis) to 11:30 = 60 min = 12,000.
    expect(charge({ classification: 'customization_bug', entries: [work('10:00', 90)], notifiedAt: '2027-03-01T10:20:00Z', approvedAt: '2027-03-01T10:20:00Z' }).amount).toEqual(eur(12_000));
  });
  it('without approval nothing is billable', () => {
    expect(charge({ entries: [work('10:00', 90)], approvedAt: undefined })).toMatchObject({ amount: eur(0), note: 'awaiting_approval' });
  });
});

describe('free classes and discounts', () => {
  it('base bugs and incidents stay free however long they take', () => {
    expect(charge({ classification: 'base_bug', entries: [work('10:00', 120)] })).toMatchObject({ amount: eur(0), note: 'free_class' });
    expect(charge({ classification: 'incident', entries: [work('10:00', 120)] }).amount).toEqual(eur(0));
  });
  it('a maintenance-agreement discount on the hourly rate: 3,000 × 0.85 = 2,550', () => {
    expect(charge({ entries: [work('10:00', 45)], discountBp: 1500 }).amount).toEqual(eur(2_550));
  });
  it('rounds once, half away from zero: 10 minor units/hour × 15 min = 2.5 → 3', () => {
    expect(charge({ entries: [work('10:00', 45)], hourlyRate: eur(10) }).amount).toEqual(eur(3));
  });
});

it('bad input names the field', () => {
  expect(fieldOf(() => charge({ classification: 'bug' as never }))).toBe('classification');
  expect(fieldOf(() => charge({ entries: [work('10:00', 0)] }))).toBe('entries[0].minutes');
  expect(fieldOf(() => charge({ entries: [{ from: 'tomorrow', minutes: 5 }] }))).toBe('entries[0].from');
  expect(fieldOf(() => charge({ discountBp: 12_000 }))).toBe('discountBp');
});

describe('before the vendor classifies a request (decision D34)', () => {
  it('nothing is billable, whatever was logged and approved', () => {
    expect(supportCharge({ entries: [work('10:00', 90)], hourlyRate: RATE, ...preApproved })).toMatchObject({ loggedMinutes: 90, billableSeconds: 0, amount: eur(0), note: 'unclassified' });
  });
});

describe('supportDiscountDay (SPEC §7, decision D33)', () => {
  it('the day billing starts, in the vendor’s time zone; before notice and approval, the filing day', () => {
    const createdAt = '2026-11-30T20:00:00Z';
    expect(supportDiscountDay({ createdAt, timeZone: 'Europe/Berlin' })).toBe('2026-11-30');
    expect(supportDiscountDay({ createdAt, notifiedAt: '2026-12-01T08:00:00Z', timeZone: 'Europe/Berlin' })).toBe('2026-11-30');
    // told 30 Nov 23:30 Berlin, approved 1 Dec 00:30 Berlin (30 Nov 23:30Z): billing starts on 1 December
    expect(supportDiscountDay({ createdAt, notifiedAt: '2026-11-30T22:30:00Z', approvedAt: '2026-11-30T23:30:00Z', timeZone: 'Europe/Berlin' })).toBe('2026-12-01');
    expect(fieldOf(() => supportDiscountDay({ createdAt: 'now' }))).toBe('createdAt');
  });
});

describe('checkTimeEntry (D45)', () => {
  const createdAt = '2026-11-20T09:00:00Z';
  const asOf = '2026-11-21T12:00:00Z';
  test.each([
    ['2026-11-19T09:00:00Z', { allowed: true }], // exactly a day before filing
    ['2026-11-19T08:59:59Z', { allowed: false, reason: 'before_filing', field: 'from', earliest: '2026-11-19T09:00:00.000Z' }],
    ['2026-11-21T12:00:00Z', { allowed: true }], // now
    ['2026-11-21T12:00:01Z', { allowed: false, reason: 'in_future', field: 'from', earliest: '2026-11-19T09:00:00.000Z' }],
  ])('work from %s', (from, verdict) => {
    expect(checkTimeEntry({ from, createdAt, asOf })).toEqual(verdict);
  });
  test('a bad instant names its field', () => {
    expect(() => checkTimeEntry({ from: 'yesterday', createdAt, asOf })).toThrow(expect.objectContaining({ field: 'from' }));
  });
});
