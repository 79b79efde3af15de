/** SPEC §2, §5, §7: a contract's periods so far and today's billing interval (contract-periods.ts). */
import { CONTRACT_PERIODS_CAP, contractCalendar, contractPeriods } from '../../src';

it('calendar-year periods: the first to 31 December of the following year, then calendar years (SPEC §2)', () => {
  expect(contractPeriods({ plan: 'calendar-year', start: '2026-03-15', through: '2028-06-01' })).toEqual([
    { start: '2026-03-15', end: '2027-12-31' },
    { start: '2028-01-01', end: '2028-12-31' },
  ]);
});

it('term plans list their terms (SPEC §5: a 12-month minimum term, then 12-month renewals)', () => {
  expect(contractPeriods({ plan: 'ssa-annual', start: '2026-01-31', through: '2027-02-01' })).toEqual([
    { start: '2026-01-31', end: '2027-01-30' },
    { start: '2027-01-31', end: '2028-01-30' },
  ]);
});

it('at most CONTRACT_PERIODS_CAP periods', () => {
  expect(contractPeriods({ plan: 'ssa-flex', start: '2026-01-01', through: '2099-12-31' })).toHaveLength(CONTRACT_PERIODS_CAP);
});

describe('the calendar as of today', () => {
  it('ends at the earliest of today, the last day after a cancellation and a termination', () => {
    const byToday = contractCalendar({ plan: 'calendar-year', start: '2026-03-15', today: '2029-05-01' });
    expect(byToday.periods.map((p) => p.end)).toEqual(['2027-12-31', '2028-12-31', '2029-12-31']);
    const cancelled = contractCalendar({ plan: 'calendar-year', start: '2026-03-15', today: '2029-05-01', effectiveEnd: '2027-12-31' });
    expect(cancelled.periods.map((p) => p.end)).toEqual(['2027-12-31']);
    const terminated = contractCalendar({ plan: 'calendar-year', start: '2026-03-15', today: '2029-05-01', terminatedOn: '2028-02-01' });
    expect(terminated.periods.map((p) => p.end)).toEqual(['2027-12-31', '2028-12-31']);
    expect(byToday.billingInterval).toBeUndefined();
  });
  it("a term plan shows today's billing interval (the first before the start) until the contract ended", () => {
    expect(contractCalendar({ plan: 'ssa-quarterly', start: '2026-01-31', today: '2026-05-10' }).billingInterval).toEqual({ start: '2026-04-30', end: '2026-07-30' });
    expect(contractCalendar({ plan: 'ssa-quarterly', start: '2026-01-31', today: '2025-12-01' }).billingInterval).toEqual({ start: '2026-01-31', end: '2026-04-29' });
    expect(contractCalendar({ plan: 'ssa-quarterly', start: '2026-01-31', today: '2027-03-01', effectiveEnd: '2027-01-30' }).billingInterval).toBeUndefined();
  });
});
