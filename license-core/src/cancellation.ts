/**
 * Ordinary cancellation (SPEC §2): notice must arrive no later than three months before the period end
 * (for a 31 Dec end: by 30 Sep, inclusive); later notice takes effect at the end of the next period.
 * The term plans cancel by term-plan.ts's termCancellation (SPEC §5, §7); cancellationRequest picks the rule by plan.
 */
import { addDays, addMonths, addYears, parseCalendarDate } from './calendar-date';
import { coversAssurance } from './coverage';
import { InvalidInputError } from './errors';
import { periodContaining } from './period';
import { isTermPlan, type ContractPlan } from './plan';
import { refusal, type Refusal } from './refusal';
import { termCancellation } from './term-plan';
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

/**
 * The end of what the agreement started on `contractStart` has invoiced in advance: the latest period end of its
 * coverage invoices (decision D37: a fixed cancellation date cannot take that back). Undefined when nothing is.
 */
export function invoicedUntil(input: { contractStart: CalendarDate; invoices: { kind: string; periodStart: CalendarDate; periodEnd: CalendarDate }[] }): CalendarDate | undefined {
  return input.invoices
    .filter((i) => coversAssurance(i.kind) && i.periodStart >= input.contractStart)
    .reduce<CalendarDate | undefined>((max, i) => (max === undefined || i.periodEnd > max ? i.periodEnd : max), undefined);
}

export type CancellationRequest =
  | { kind: 'cancels'; deadline: CalendarDate; effectiveEnd: CalendarDate; onTime: boolean; fixedDate: boolean }
  | Refusal<'no_contract' | 'customer_terminated' | 'already_cancelled' | 'invalid_input'>;

/**
 * What a cancellation notice received on `receivedOn` means for the contract: when it ends (SPEC §2 calendar-year:
 * by the period's deadline; SPEC §5/§7 term plans: by the term's notice, or on a fixed `cancellationDate` agreed in
 * advance, decisions D20, D25, D37), or why it is refused: no contract, terminated, cancelled already, or a fixed
 * date the plan does not allow. `invoices` are the customer's (for the end of what is invoiced in advance).
 */
export function cancellationRequest(input: {
  plan: ContractPlan;
  contractStart?: CalendarDate;
  terminated: boolean;
  cancelled?: { receivedOn: CalendarDate; effectiveEnd: CalendarDate };
  receivedOn: CalendarDate;
  cancellationDate?: CalendarDate;
  invoices: { kind: string; periodStart: CalendarDate; periodEnd: CalendarDate }[];
}): CancellationRequest {
  const start = input.contractStart;
  if (start === undefined) return refusal('no_contract', 'the customer has no contract to cancel');
  if (input.terminated) return refusal('customer_terminated', 'the contract was terminated already');
  if (input.cancelled) return refusal('already_cancelled', `cancelled already (received ${input.cancelled.receivedOn}, ends ${input.cancelled.effectiveEnd})`);
  const fixedDate = input.cancellationDate !== undefined;
  try {
    if (isTermPlan(input.plan)) {
      const until = invoicedUntil({ contractStart: start, invoices: input.invoices });
      const effect = termCancellation({
        plan: input.plan,
        start,
        receivedOn: input.receivedOn,
        ...(until !== undefined ? { invoicedUntil: until } : {}),
        ...(input.cancellationDate !== undefined ? { cancellationDate: input.cancellationDate } : {}),
      });
      return { kind: 'cancels', ...effect, fixedDate };
    }
    if (fixedDate) {
      return refusal('invalid_input', 'cancellationDate: the calendar-year plan ends on 31 December; a fixed cancellation date is an Auto SSA term', 'cancellationDate');
    }
    const period = periodContaining(start, input.receivedOn);
    if (!period) return refusal('invalid_input', `receivedOn: before the contract start ${start}`, 'receivedOn');
    return { kind: 'cancels', ...cancellationEffect({ receivedOn: input.receivedOn, periodEnd: period.end }), fixedDate };
  } catch (error) {
    if (error instanceof InvalidInputError) return refusal('invalid_input', error.message, error.field);
    throw error;
  }
}
