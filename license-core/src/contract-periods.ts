/**
 * The calendar of a contract as the vendor sees it: its periods so far and the billing interval of today.
 * Calendar-year periods (SPEC §2: the first to 31 December of the following year, then calendar years) or the terms
 * of a term plan (SPEC §5 Auto SSA, SPEC §7 maintenance; term-plan.ts).
 */
import { addDays } from './calendar-date';
import { firstPeriod, nextPeriod } from './period';
import { isTermPlan, type ContractPlan } from './plan';
import { billingIntervalContaining, termContaining } from './term-plan';
import type { CalendarDate, Period } from './types';

/** At most this many periods are listed (a guard against a far-future day; 200 years of calendar-year periods). */
export const CONTRACT_PERIODS_CAP = 200;

/** The contract's periods from the first through the one containing `through` (at most CONTRACT_PERIODS_CAP). */
export function contractPeriods(input: { plan: ContractPlan; start: CalendarDate; through: CalendarDate }): Period[] {
  const { plan, start } = input;
  const following = (p: Period): Period => (isTermPlan(plan) ? termContaining({ plan, start, date: addDays(p.end, 1) }) : nextPeriod(p));
  const periods: Period[] = [];
  for (let p = isTermPlan(plan) ? termContaining({ plan, start, date: start }) : firstPeriod(start); periods.length < CONTRACT_PERIODS_CAP; p = following(p)) {
    periods.push(p);
    if (p.end >= input.through) break;
  }
  return periods;
}

export interface ContractCalendar {
  /** The periods so far: through the current one, or the last before the contract ended. */
  periods: Period[];
  /** A term plan's billing interval of today (of the start before it), unless the contract has ended. */
  billingInterval?: Period;
}

/**
 * The contract calendar as of `today`. It ends at the earliest of today, the last day after a cancellation
 * (`effectiveEnd`) and the day of an extraordinary termination (`terminatedOn`).
 */
export function contractCalendar(input: { plan: ContractPlan; start: CalendarDate; today: CalendarDate; effectiveEnd?: CalendarDate; terminatedOn?: CalendarDate }): ContractCalendar {
  const { plan, start, today } = input;
  const through = [today, input.effectiveEnd, input.terminatedOn].filter((d): d is CalendarDate => d !== undefined).sort()[0]!;
  const periods = contractPeriods({ plan, start, through });
  const day = today < start ? start : today;
  const ended = input.effectiveEnd !== undefined && day > input.effectiveEnd;
  return { periods, ...(isTermPlan(plan) && !ended ? { billingInterval: billingIntervalContaining({ plan, start, date: day }) } : {}) };
}
