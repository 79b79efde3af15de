/** SPEC §2: renewals on 1 January, in advance, at the then current licence sum. */
import { renewalsDue, type Money } from '../../src';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
// Ordered 2026-03-15: first period to 2027-12-31; the first renewal is 2028-01-01.
const base = {
  contractStart: '2026-03-15',
  licences: [{ listPrice: eur(1_000_000), orderedOn: '2026-03-15' }],
  invoicedPeriodStarts: [] as string[],
};

test('nothing is due inside the first period', () => {
  expect(renewalsDue({ ...base, date: '2027-12-31' })).toEqual([]);
});

test('on 1 January after the first period the whole year is due at 18 %', () => {
  const due = renewalsDue({ ...base, date: '2028-01-01' });
  expect(due).toHaveLength(1);
  expect(due[0].period).toEqual({ start: '2028-01-01', end: '2028-12-31' });
  // 1,000,000 × 1800 / 10000 = 180,000 minor units.
  expect(due[0].quote.total).toEqual(eur(180_000));
});

test('a late run catches up every missed year, and skips years already invoiced', () => {
  const due = renewalsDue({ ...base, date: '2030-02-01', invoicedPeriodStarts: ['2029-01-01'] });
  expect(due.map((d) => d.period.start)).toEqual(['2028-01-01', '2030-01-01']);
});

test('a licence co-termed during a period joins from the next renewal on, at the then current sum', () => {
  const licences = [...base.licences, { listPrice: eur(500_000), orderedOn: '2028-06-01' }, { listPrice: eur(200_000), orderedOn: '2029-01-01' }];
  const due = renewalsDue({ ...base, licences, date: '2029-01-01', invoicedPeriodStarts: ['2028-01-01'] });
  // 2029 renewal: 1,000,000 + 500,000 (ordered 2028-06-01); the 1 Jan 2029 order bills its own year.
  expect(due).toHaveLength(1);
  expect(due[0].quote.total).toEqual(eur(270_000));
});

test('no renewal starts after a cancellation takes effect', () => {
  // Notice effective 2028-12-31: the 2028 renewal is due, 2029 is not.
  const due = renewalsDue({ ...base, date: '2029-06-01', effectiveEnd: '2028-12-31' });
  expect(due.map((d) => d.period.start)).toEqual(['2028-01-01']);
});

test('no renewal starts on or after an extraordinary termination', () => {
  expect(renewalsDue({ ...base, date: '2029-06-01', terminatedOn: '2028-01-01' })).toEqual([]);
  expect(renewalsDue({ ...base, date: '2029-06-01', terminatedOn: '2028-05-01' }).map((d) => d.period.start)).toEqual(['2028-01-01']);
});

test('bad input names the field', () => {
  expect(() => renewalsDue({ ...base, date: '2028-13-01' })).toThrow(expect.objectContaining({ field: 'date' }));
  expect(() => renewalsDue({ ...base, date: '2028-01-01', licences: [{ listPrice: eur(1), orderedOn: 'x' }] })).toThrow(
    expect.objectContaining({ field: 'licences[0].orderedOn' }),
  );
});
