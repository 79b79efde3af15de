/**
 * Paid coverage and the contract status as they were before issue #14 (commit 957f693, license-core/src/coverage.ts
 * and contract-status.ts), kept verbatim as the oracle of the property tests: the single-pass versions must answer
 * exactly as these do, errors included. Not exported from the package; tests only.
 */
import {
  addDays,
  billingIntervalContaining,
  calendarDateOf,
  cancellationDeadline,
  coversAssurance,
  DEFAULT_PAYMENT_TERM_DAYS,
  InvalidInputError,
  describeValue,
  instantMillis,
  isTermPlan,
  nextPeriod,
  nextTermDeadline,
  parseCalendarDate,
  parseInstant,
  parseInvoice,
  parsePayment,
  parsePlan,
  periodContaining,
  termContaining,
  type CalendarDate,
  type ContractPlan,
  type ContractStatus,
  type CoverageInterval,
  type Instant,
  type Invoice,
  type InvoiceBalance,
  type Payment,
} from '../../../src';

function parseList<T>(value: unknown, field: string, parse: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, `${field}: expected a list, got ${describeValue(value)}`);
  return value.map((item, i) => parse(item, `${field}[${i}]`));
}
/** invoiceBalance over validated input, counting only payments made at or before `untilMs`. */
function balanceOf(inv: Invoice, payments: Payment[], untilMs = Infinity): InvoiceBalance {
  const own = payments
    .map((payment, index) => ({ payment, index, at: instantMillis(payment.paidAt) }))
    .filter(({ payment, at }) => payment.invoiceId === inv.id && at <= untilMs);
  for (const { payment, index } of own) {
    if (payment.amount.currency !== inv.total.currency) {
      throw new InvalidInputError(
        `payments[${index}].amount.currency`,
        `payments[${index}].amount.currency: invoice ${inv.id} is in ${inv.total.currency}, the payment in ${payment.amount.currency}`,
      );
    }
  }
  own.sort((a, b) => a.at - b.at || a.index - b.index);
  let paid = 0;
  let fullyPaidAt: Instant | undefined = inv.total.amount === 0 ? `${inv.issuedOn}T00:00:00.000Z` : undefined;
  for (const { payment } of own) {
    paid += payment.amount.amount;
    if (fullyPaidAt === undefined && paid >= inv.total.amount) fullyPaidAt = payment.paidAt;
  }
  const outstanding = Math.max(0, inv.total.amount - paid);
  return fullyPaidAt === undefined ? { paid, outstanding } : { paid, outstanding, fullyPaidAt };
}
/** The balance of each invoice as of an instant (validated input); used by contractStatus. */
function balancesAsOf(invoices: Invoice[], payments: Payment[], asOf: Instant): Map<string, InvoiceBalance> {
  const untilMs = instantMillis(asOf, 'asOf');
  const invs = parseList(invoices, 'invoices', parseInvoice);
  const pays = parseList(payments, 'payments', parsePayment);
  return new Map(invs.map((inv) => [inv.id, balanceOf(inv, pays, untilMs)]));
}
interface CoverageInput {
  invoices: Invoice[];
  payments: Payment[];
  asOf: Instant;
  /** Extraordinary termination (SPEC §2): nothing is active from this instant on. */
  terminatedAt?: Instant;
  /** Last day of assurance after an ordinary cancellation (see cancellationEffect). */
  effectiveEnd?: CalendarDate;
  /** Vendor time zone, to turn the termination instant into a contract date. Default 'UTC'. */
  timeZone?: string;
  /**
   * Agreements that ended before a re-conclusion (SPEC §5): an invoice of such an agreement (its period starts inside
   * it) still counts only up to that agreement's end, even though its cancellation is no longer the current one.
   */
  endedAgreements?: { start: CalendarDate; end: CalendarDate }[];
}

/**
 * The paid coverage as of `asOf`: one interval per invoice fully paid at or before `asOf`, its whole
 * [periodStart, periodEnd], active from the instant it was fully paid. Clipped to `effectiveEnd`; a termination
 * at or before `asOf` clips every interval to the termination date and drops invoices paid from then on.
 * Sorted by `from` (then activeFrom, then invoice id).
 */
export function referenceCoverage(input: CoverageInput): CoverageInterval[] {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const invoices = parseList(input.invoices, 'invoices', parseInvoice);
  const payments = parseList(input.payments, 'payments', parsePayment);
  const asOf = parseInstant(input.asOf, 'asOf');
  const asOfMs = instantMillis(asOf);
  const timeZone = input.timeZone ?? 'UTC';
  const effectiveEnd = input.effectiveEnd === undefined ? undefined : parseCalendarDate(input.effectiveEnd, 'effectiveEnd');
  const terminatedAt = input.terminatedAt === undefined ? undefined : parseInstant(input.terminatedAt, 'terminatedAt');
  const termination =
    terminatedAt !== undefined && instantMillis(terminatedAt) <= asOfMs
      ? { ms: instantMillis(terminatedAt), date: calendarDateOf(terminatedAt, timeZone) }
      : undefined;
  if (termination === undefined) calendarDateOf(asOf, timeZone); // validates timeZone in every case
  const ended = parseList(input.endedAgreements ?? [], 'endedAgreements', (v, f) => {
    const a = v as { start?: unknown; end?: unknown };
    return { start: parseCalendarDate(a?.start, `${f}.start`), end: parseCalendarDate(a?.end, `${f}.end`) };
  });

  const intervals: CoverageInterval[] = [];
  for (const invoice of invoices) {
    if (!coversAssurance(invoice.kind)) continue;
    const { fullyPaidAt } = balanceOf(invoice, payments, asOfMs);
    if (fullyPaidAt === undefined || instantMillis(fullyPaidAt) > asOfMs) continue;
    let to = invoice.periodEnd;
    if (effectiveEnd !== undefined && effectiveEnd < to) to = effectiveEnd;
    const own = ended.find((a) => a.start <= invoice.periodStart && invoice.periodStart <= a.end);
    if (own !== undefined && own.end < to) to = own.end;
    if (termination !== undefined) {
      if (instantMillis(fullyPaidAt) >= termination.ms) continue;
      if (termination.date < to) to = termination.date;
    }
    if (to < invoice.periodStart) continue;
    intervals.push({ from: invoice.periodStart, to, activeFrom: fullyPaidAt, invoiceId: invoice.id, ...(invoice.plan ? { plan: invoice.plan } : {}) });
  }
  return intervals.sort(
    (a, b) =>
      (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) ||
      instantMillis(a.activeFrom) - instantMillis(b.activeFrom) ||
      (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0),
  );
}

interface ContractStatusInput {
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

/** End of the contiguous block of coverage containing `day`, or else of the latest block that started before it. */
function paidThroughOf(intervals: CoverageInterval[], day: CalendarDate): CalendarDate | undefined {
  const blocks: { from: CalendarDate; to: CalendarDate }[] = [];
  for (const interval of intervals) {
    const last = blocks[blocks.length - 1];
    if (last && interval.from <= addDays(last.to, 1)) {
      if (interval.to > last.to) last.to = interval.to;
    } else {
      blocks.push({ from: interval.from, to: interval.to });
    }
  }
  const started = blocks.filter((b) => b.from <= day);
  if (started.length > 0) return started[started.length - 1].to;
  return blocks[0]?.to;
}

export function referenceContractStatus(input: ContractStatusInput): ContractStatus {
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

  const balances = balancesAsOf(invoices, payments, asOf);
  const openInvoices = invoices
    .filter((inv) => balances.get(inv.id)?.fullyPaidAt === undefined)
    .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.periodStart < b.periodStart ? -1 : 1));
  const intervals = referenceCoverage({
    invoices,
    payments,
    asOf,
    timeZone,
    ...(terminatedAt !== undefined ? { terminatedAt } : {}),
    ...(cancellation !== undefined ? { effectiveEnd: cancellation.effectiveEnd } : {}),
    ...(input.endedAgreements !== undefined ? { endedAgreements: input.endedAgreements } : {}),
  });
  const paidThrough = paidThroughOf(intervals, today);
  const base = {
    openInvoices,
    ...(paidThrough !== undefined ? { paidThrough } : {}),
    ...(cancellation !== undefined ? { cancelledEffectiveEnd: cancellation.effectiveEnd } : {}),
  };

  if (terminatedAt !== undefined && instantMillis(terminatedAt) <= asOfMs) {
    return { status: 'terminated', terminatedAt, ...base };
  }
  if (cancellation !== undefined && today > cancellation.effectiveEnd) {
    return { status: 'cancelled', ...base };
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
    status,
    currentPeriod,
    ...base,
    ...(nextInvoiceOn !== undefined ? { nextInvoiceOn } : {}),
    ...(deadline !== undefined ? { cancellationDeadline: deadline } : {}),
  };
}

