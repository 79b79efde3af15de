/**
 * The calendar of the term plans (SPEC §5 Auto SSA, SPEC §7 maintenance): terms, billing intervals and notice, all
 * counted in whole months from the agreement's start (decision D18), so a start on 31 January keeps month ends.
 * - The first term is the minimum term; each renewal adds `renewalMonths` (SPEC §5: 12 / flex 1; SPEC §7: 1).
 * - Billing intervals of `billingMonths` run back to back from the start and are invoiced in advance.
 * - Notice must arrive by the day before (cancellation date + 1 day − notice months) (decision D19).
 */
import { addDays, addMonths, parseCalendarDate, yearOf } from './calendar-date';
import { InvalidInputError } from './errors';
import { planTerms, type TermPlan } from './plan';
import type { CalendarDate, Period } from './types';

/** The last day of a span of `months` whole months starting on `start`. */
export const spanEnd = (start: CalendarDate, months: number): CalendarDate => addDays(addMonths(start, months), -1);

/** The last day notice may arrive for an agreement ending on `end`. */
export function noticeDeadline(end: CalendarDate, noticeMonths: number): CalendarDate {
  return addDays(addMonths(addDays(end, 1), -noticeMonths), -1);
}

/**
 * The smallest k ≥ 0 whose span of `base + k·step` months from `start` reaches `date` (its last day is not before
 * it). No span ending in an earlier month than `date` can reach it, so the count starts a step below the whole
 * months between the two and walks up (issue #14: constant time, where it walked every term since the start).
 */
function firstSpanReaching(start: CalendarDate, base: number, step: number, date: CalendarDate): number {
  const months = (yearOf(date) - yearOf(start)) * 12 + (monthOf(date) - monthOf(start));
  let k = Math.max(0, Math.ceil((months - base) / step) - 1);
  while (spanEnd(start, base + k * step) < date) k++;
  return k;
}

const monthOf = (date: CalendarDate): number => Number(date.slice(5, 7));

/** The term of an agreement started on `start` that contains `date`: the minimum term, then renewals. */
export function termContaining(input: { plan: TermPlan; start: CalendarDate; date: CalendarDate }): Period {
  const terms = planTerms(input?.plan);
  const start = parseCalendarDate(input.start, 'start');
  const date = parseCalendarDate(input.date, 'date');
  if (date < start) throw new InvalidInputError('date', `date: ${date} is before the agreement's start ${start}`);
  const k = firstSpanReaching(start, terms.minimumTermMonths, terms.renewalMonths, date);
  const months = terms.minimumTermMonths + k * terms.renewalMonths;
  return { start: k === 0 ? start : addMonths(start, months - terms.renewalMonths), end: spanEnd(start, months) };
}

/** The billing interval (invoiced in advance) that contains `date`. */
export function billingIntervalContaining(input: { plan: TermPlan; start: CalendarDate; date: CalendarDate }): Period {
  const terms = planTerms(input?.plan);
  const start = parseCalendarDate(input.start, 'start');
  const date = parseCalendarDate(input.date, 'date');
  if (date < start) throw new InvalidInputError('date', `date: ${date} is before the agreement's start ${start}`);
  const k = firstSpanReaching(start, terms.billingMonths, terms.billingMonths, date);
  return { start: addMonths(start, k * terms.billingMonths), end: spanEnd(start, (k + 1) * terms.billingMonths) };
}

export interface TermCancellation {
  /** The last day the notice could arrive for `effectiveEnd`. */
  deadline: CalendarDate;
  effectiveEnd: CalendarDate;
  /** Without a fixed date: whether the notice reached the current term's end. */
  onTime: boolean;
}

/**
 * Cancelling a term plan. Without a fixed date, it ends with the current term if the notice arrived by its deadline,
 * else with the next term. A fixed cancellation date (SPEC §5) is honoured when it is not before the end of the
 * minimum term and the notice arrived by its deadline; otherwise it is refused, naming the date (decision D20).
 * A maintenance agreement is billed by whole months, so its fixed date must be the last day of one (decision D25).
 * Nor may a fixed date fall before `invoicedUntil`, the end of the billing intervals already invoiced: what is
 * invoiced in advance is not taken back (decision D37).
 */
export function termCancellation(input: {
  plan: TermPlan;
  start: CalendarDate;
  receivedOn: CalendarDate;
  cancellationDate?: CalendarDate;
  invoicedUntil?: CalendarDate;
}): TermCancellation {
  const terms = planTerms(input?.plan);
  const start = parseCalendarDate(input.start, 'start');
  const receivedOn = parseCalendarDate(input.receivedOn, 'receivedOn');
  if (receivedOn < start) throw new InvalidInputError('receivedOn', `receivedOn: ${receivedOn} is before the agreement's start ${start}`);
  if (input.cancellationDate !== undefined) {
    const date = parseCalendarDate(input.cancellationDate, 'cancellationDate');
    const minimumEnd = spanEnd(start, terms.minimumTermMonths);
    if (date < minimumEnd) {
      throw new InvalidInputError('cancellationDate', `cancellationDate: the minimum term runs to ${minimumEnd}; ${date} is earlier`);
    }
    if (input.invoicedUntil !== undefined) {
      const invoicedUntil = parseCalendarDate(input.invoicedUntil, 'invoicedUntil');
      if (date < invoicedUntil) {
        throw new InvalidInputError('cancellationDate', `cancellationDate: the agreement is invoiced through ${invoicedUntil}; choose that day or a later one`);
      }
    }
    if (input.plan === 'maintenance') {
      const interval = billingIntervalContaining({ plan: input.plan, start, date });
      if (interval.end !== date) {
        throw new InvalidInputError('cancellationDate', `cancellationDate: a maintenance agreement ends with a monthly period; ${date} is inside ${interval.start}..${interval.end}`);
      }
    }
    const deadline = noticeDeadline(date, terms.noticeMonths);
    if (receivedOn > deadline) {
      throw new InvalidInputError('cancellationDate', `cancellationDate: notice for ${date} had to arrive by ${deadline} (${terms.noticeMonths} month(s) before)`);
    }
    return { deadline, effectiveEnd: date, onTime: true };
  }
  const current = termContaining({ plan: input.plan, start, date: receivedOn });
  const deadline = noticeDeadline(current.end, terms.noticeMonths);
  if (receivedOn <= deadline) return { deadline, effectiveEnd: current.end, onTime: true };
  const next = termContaining({ plan: input.plan, start, date: addDays(current.end, 1) });
  return { deadline: noticeDeadline(next.end, terms.noticeMonths), effectiveEnd: next.end, onTime: false };
}

/** The next cancellation deadline on or after `today` (for the contract status). */
export function nextTermDeadline(input: { plan: TermPlan; start: CalendarDate; today: CalendarDate }): CalendarDate {
  const terms = planTerms(input.plan);
  const day = input.today < input.start ? input.start : input.today;
  let term = termContaining({ plan: input.plan, start: input.start, date: day });
  while (noticeDeadline(term.end, terms.noticeMonths) < input.today) {
    term = termContaining({ plan: input.plan, start: input.start, date: addDays(term.end, 1) });
  }
  return noticeDeadline(term.end, terms.noticeMonths);
}
