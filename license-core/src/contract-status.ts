/**
 * The status of a tenant's assurance contract (SPEC §2): active, unpaid (current invoice open, within the
 * payment term), lapsed (open past the term, or nothing invoiced for today), cancelled (after the effective end
 * of an ordinary cancellation), terminated (extraordinary termination).
 */
import { addDays, calendarDateOf, dayNumber, instantMillis, parseCalendarDate, parseInstant } from './calendar-date';
import { cancellationDeadline } from './cancellation';
import { parseInvoice, parsePayment } from './coverage';
import { balancesUntil, coverageIntervals, parseEndedAgreements, paymentsByInvoice, terminationAsOf } from './coverage-pass';
import { InvalidInputError } from './errors';
import { nextPeriod, periodContaining } from './period';
import { isTermPlan, parsePlan, type ContractPlan } from './plan';
import { billingIntervalContaining, nextTermDeadline, termContaining } from './term-plan';
import type { CalendarDate, ContractStatus, CoverageInterval, Instant, Invoice, Payment } from './types';

export const DEFAULT_PAYMENT_TERM_DAYS = 30;

export interface ContractStatusInput {
  contractStart: CalendarDate;
  invoices: Invoice[];
  payments: Payment[];
  asOf: Instant;
  /** Vendor time zone for "today" (default 'UTC'). */
  timeZone?: string;
  /** Days after issuedOn an invoice may stay open before the contract lapses (default 30; the due day counts). */
  paymentTermDays?: number;
  cancellation?: { receivedOn: CalendarDate; effectiveEnd: CalendarDate };
  terminatedAt?: Instant;
  /** The contract's plan (default `calendar-year`, SPEC §2); term plans follow term-plan.ts (SPEC §5, §7). */
  plan?: ContractPlan;
  /** Agreements that ended before a re-conclusion (see coverage()). */
  endedAgreements?: { start: CalendarDate; end: CalendarDate }[];
}

/**
 * End of the contiguous block of coverage containing `day`, or else of the latest block that started before it.
 * Intervals come sorted by `from` (coverage()); dates as day numbers, one pass (issue #14).
 */
function paidThroughOf(intervals: readonly CoverageInterval[], day: CalendarDate): CalendarDate | undefined {
  if (intervals.length === 0) return undefined;
  const today = dayNumber(day);
  let blockFrom = dayNumber(intervals[0].from);
  let blockTo = intervals[0].to;
  let blockToDay = dayNumber(blockTo);
  let latestStarted: CalendarDate | undefined;
  let firstBlockTo: CalendarDate | undefined;
  for (let i = 1; i <= intervals.length; i++) {
    const next = intervals[i];
    const nextFrom = next === undefined ? undefined : dayNumber(next.from);
    if (nextFrom !== undefined && nextFrom <= blockToDay + 1) {
      const nextTo = dayNumber(next.to);
      if (nextTo > blockToDay) {
        blockTo = next.to;
        blockToDay = nextTo;
      }
      continue;
    }
    // The block ends here.
    firstBlockTo ??= blockTo;
    if (blockFrom <= today) latestStarted = blockTo;
    if (next !== undefined && nextFrom !== undefined) {
      blockFrom = nextFrom;
      blockTo = next.to;
      blockToDay = dayNumber(next.to);
    }
  }
  return latestStarted ?? firstBlockTo;
}

/** The status of a contract as of `asOf` (SPEC §2). */
export function contractStatus(input: ContractStatusInput): ContractStatus {
  return contractStanding(input).status;
}

/**
 * The status of a contract and its paid coverage as of `asOf`, from one pass over its invoices and payments (issue
 * #14). `coverage` is what coverage() answers for the same invoices, payments, asOf, time zone, termination,
 * cancellation (its effective end) and ended agreements: a caller that needs both (the update check, the fleet
 * report) calls this once instead of contractStatus and coverage.
 */
export function contractStanding(input: ContractStatusInput): { status: ContractStatus; coverage: CoverageInterval[] } {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const contractStart = parseCalendarDate(input.contractStart, 'contractStart');
  if (!Array.isArray(input.invoices)) throw new InvalidInputError('invoices', 'invoices: expected a list');
  if (!Array.isArray(input.payments)) throw new InvalidInputError('payments', 'payments: expected a list');
  const invoices = input.invoices.map((inv, i) => parseInvoice(inv, `invoices[${i}]`));
  const payments = input.payments.map((p, i) => parsePayment(p, `payments[${i}]`));
  const asOf = parseInstant(input.asOf, 'asOf');
  const asOfMs = instantMillis(asOf);
  const timeZone = input.timeZone ?? 'UTC';
  const today = calendarDateOf(asOf, timeZone);
  const term = input.paymentTermDays ?? DEFAULT_PAYMENT_TERM_DAYS;
  if (!Number.isInteger(term) || term < 0) {
    throw new InvalidInputError('paymentTermDays', `paymentTermDays: expected a non-negative integer, got ${JSON.stringify(term)}`);
  }
  let cancellation: { receivedOn: CalendarDate; effectiveEnd: CalendarDate } | undefined;
  if (input.cancellation !== undefined) {
    if (typeof input.cancellation !== 'object' || input.cancellation === null) {
      throw new InvalidInputError('cancellation', 'cancellation: expected { receivedOn, effectiveEnd }');
    }
    cancellation = {
      receivedOn: parseCalendarDate(input.cancellation.receivedOn, 'cancellation.receivedOn'),
      effectiveEnd: parseCalendarDate(input.cancellation.effectiveEnd, 'cancellation.effectiveEnd'),
    };
  }
  const terminatedAt = input.terminatedAt === undefined ? undefined : parseInstant(input.terminatedAt, 'terminatedAt');
  const plan = input.plan === undefined ? 'calendar-year' : parsePlan(input.plan, 'plan');

  // Issue #14: one pass. Payments grouped by invoice once; every balance as of asOf once, shared by the open invoices
  // and the coverage (before, balancesAsOf and coverage() each validated and re-filtered all payments per invoice).
  const balances = balancesUntil(invoices, paymentsByInvoice(payments), asOfMs);
  // An invoice is open unless the LAST invoice of its id in the list is fully paid (the map of balances by id, as before).
  const paidById = new Map<string, boolean>();
  invoices.forEach((inv, i) => paidById.set(inv.id, balances[i].fullyPaidAt !== undefined));
  const openInvoices = invoices
    .filter((inv) => paidById.get(inv.id) !== true)
    .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.periodStart < b.periodStart ? -1 : 1));
  const ended = parseEndedAgreements(input.endedAgreements);
  const intervals = coverageIntervals(invoices, balances, {
    asOfMs,
    effectiveEnd: cancellation?.effectiveEnd,
    termination: terminationAsOf(terminatedAt, asOfMs, timeZone),
    ended,
  });
  const paidThrough = paidThroughOf(intervals, today);
  const base = {
    openInvoices,
    ...(paidThrough !== undefined ? { paidThrough } : {}),
    ...(cancellation !== undefined ? { cancelledEffectiveEnd: cancellation.effectiveEnd } : {}),
  };

  if (terminatedAt !== undefined && instantMillis(terminatedAt) <= asOfMs) {
    return { status: { status: 'terminated', terminatedAt, ...base }, coverage: intervals };
  }
  if (cancellation !== undefined && today > cancellation.effectiveEnd) {
    return { status: { status: 'cancelled', ...base }, coverage: intervals };
  }

  // Before the contract starts (an order dated ahead), judge the first period.
  const day = today < contractStart ? contractStart : today;
  // The current period is a calendar-year period (SPEC §2) or the running term of a term plan (SPEC §5, §7).
  const currentPeriod = isTermPlan(plan) ? termContaining({ plan, start: contractStart, date: day }) : periodContaining(contractStart, day)!;
  let status: ContractStatus['status'];
  if (intervals.some((c) => c.from <= day && day <= c.to)) {
    status = 'active';
  } else {
    const covering = openInvoices.filter((inv) => inv.periodStart <= day && day <= inv.periodEnd);
    status = covering.some((inv) => today <= addDays(inv.issuedOn, term)) ? 'unpaid' : 'lapsed';
  }

  // Term plans invoice each billing interval in advance; the calendar-year plan invoices each period.
  const invoicedUntil = isTermPlan(plan) ? billingIntervalContaining({ plan, start: contractStart, date: day }).end : currentPeriod.end;
  const endsBeforeNextInvoice = cancellation !== undefined && cancellation.effectiveEnd <= invoicedUntil;
  const nextInvoiceOn = endsBeforeNextInvoice ? undefined : addDays(invoicedUntil, 1);
  let deadline: CalendarDate | undefined;
  if (cancellation === undefined) {
    if (isTermPlan(plan)) {
      deadline = nextTermDeadline({ plan, start: contractStart, today });
    } else {
      deadline = cancellationDeadline(currentPeriod.end);
      if (today > deadline) deadline = cancellationDeadline(nextPeriod(currentPeriod).end);
    }
  }
  return {
    status: {
      status,
      currentPeriod,
      ...base,
      ...(nextInvoiceOn !== undefined ? { nextInvoiceOn } : {}),
      ...(deadline !== undefined ? { cancellationDeadline: deadline } : {}),
    },
    coverage: intervals,
  };
}

/**
 * The contract state a signed entitlement reports (SPEC §2): the contract's own state, or `lapsed` for a customer
 * with no contract yet (licences without assurance: no coverage, nothing to download).
 */
export function entitlementState(status: Pick<ContractStatus, 'status'> | undefined): ContractStatus['status'] {
  return status?.status ?? 'lapsed';
}
