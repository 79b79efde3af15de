/**
 * Ordinary cancellation (SPEC §2): notice must arrive no later than three months before the period end
 * (for a 31 Dec end: by 30 Sep, inclusive); later notice takes effect at the end of the next period.
 */
import { addDays, addMonths, addYears, parseCalendarDate } from './calendar-date';
import { InvalidInputError } from './errors';
import type { CalendarDate } from './types';

/**
 * The last day a notice may arrive to end the contract at `periodEnd`:
 * three months before the day after the period end, minus one day (31 Dec → 30 Sep, 30 Jun → 31 Mar).
 */
export function cancellationDeadline(periodEnd: CalendarDate): CalendarDate {
  const end = parseCalendarDate(periodEnd, 'periodEnd');
  return addDays(addMonths(addDays(end, 1), -3), -1);
}

export interface CancellationEffect {
  /** True when the notice arrived on or before the deadline. */
  onTime: boolean;
  deadline: CalendarDate;
  /** The last day of assurance: the period end when on time, else the end of the next period. */
  effectiveEnd: CalendarDate;
}

/** When a notice received on `receivedOn` ends the contract whose current period ends on `periodEnd` (SPEC §2). */
export function cancellationEffect(input: { receivedOn: CalendarDate; periodEnd: CalendarDate }): CancellationEffect {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('input', 'input: expected { receivedOn, periodEnd }');
  }
  const receivedOn = parseCalendarDate(input.receivedOn, 'receivedOn');
  const periodEnd = parseCalendarDate(input.periodEnd, 'periodEnd');
  if (receivedOn > periodEnd) {
    throw new InvalidInputError('receivedOn', `receivedOn: ${receivedOn} is after the period end ${periodEnd}; use the period that contains it`);
  }
  const deadline = cancellationDeadline(periodEnd);
  const onTime = receivedOn <= deadline;
  // Calendar-year plan: the next period is the following calendar year, so its end is one year later.
  return { onTime, deadline, effectiveEnd: onTime ? periodEnd : addYears(periodEnd, 1) };
}
