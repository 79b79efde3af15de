/**
 * The single pass over a contract's invoices and payments that coverage() and contractStatus() share (issue #14):
 * payments grouped by invoice once, each invoice's balance one pass over its own payments, coverage intervals from
 * those balances. Internal: not re-exported from the package (index.ts); coverage.ts and contract-status.ts are its
 * public face, and their worked examples and the property tests (test/rules/fast-paths.test.ts) pin its answers.
 */
import { calendarDateOf, dayNumber, instantMillis, parseCalendarDate } from './calendar-date';
import { describeValue, InvalidInputError } from './errors';
import type { CalendarDate, CoverageInterval, Instant, Invoice, Payment } from './types';
import { COVERAGE_INVOICE_KINDS } from './vocabulary';

export function parseList<T>(value: unknown, field: string, parse: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, `${field}: expected a list, got ${describeValue(value)}`);
  return value.map((item, i) => parse(item, `${field}[${i}]`));
}

export interface InvoiceBalance {
  paid: number;
  outstanding: number;
  /** The instant the cumulative payments reached the total; absent while the invoice is open. */
  fullyPaidAt?: Instant;
}

/** A payment of one invoice, with its place in the caller's list (for error fields) and its instant in ms. */
interface OwnPayment {
  payment: Payment;
  index: number;
  at: number;
}

/**
 * The validated payments grouped by invoice, each group in paidAt order (then list order): built once per call,
 * so the balance of every invoice is one pass over its own payments (issue #14: linear, no re-filtering and
 * re-sorting of all payments per invoice).
 */
export type PaymentsByInvoice = ReadonlyMap<string, readonly OwnPayment[]>;

export function paymentsByInvoice(payments: readonly Payment[]): PaymentsByInvoice {
  const groups = new Map<string, OwnPayment[]>();
  payments.forEach((payment, index) => {
    const own = { payment, index, at: instantMillis(payment.paidAt) };
    const group = groups.get(payment.invoiceId);
    if (group === undefined) groups.set(payment.invoiceId, [own]);
    else group.push(own);
  });
  // Array.prototype.sort is stable: equal instants keep list order.
  for (const group of groups.values()) group.sort((x, y) => x.at - y.at);
  return groups;
}

/** An invoice's balance, with the instant it was fully paid in ms (internal to coverage and contractStatus). */
export interface TimedBalance extends InvoiceBalance {
  fullyPaidAtMs?: number;
}

/**
 * invoiceBalance over validated input, counting only payments made at or before `untilMs`. A payment in another
 * currency is an error naming the first such payment in list order, as before issue #14.
 */
export function balanceOf(inv: Invoice, byInvoice: PaymentsByInvoice, untilMs = Infinity): TimedBalance {
  const own = byInvoice.get(inv.id) ?? [];
  let wrong: OwnPayment | undefined;
  for (const p of own) {
    if (p.at <= untilMs && p.payment.amount.currency !== inv.total.currency && (wrong === undefined || p.index < wrong.index)) wrong = p;
  }
  if (wrong !== undefined) {
    throw new InvalidInputError(
      `payments[${wrong.index}].amount.currency`,
      `payments[${wrong.index}].amount.currency: invoice ${inv.id} is in ${inv.total.currency}, the payment in ${wrong.payment.amount.currency}`,
    );
  }
  let paid = 0;
  let fullyPaidAt: Instant | undefined;
  let fullyPaidAtMs: number | undefined;
  if (inv.total.amount === 0) {
    fullyPaidAt = `${inv.issuedOn}T00:00:00.000Z`;
    fullyPaidAtMs = dayNumber(inv.issuedOn) * 86_400_000;
  }
  for (const { payment, at } of own) {
    if (at > untilMs) break;
    paid += payment.amount.amount;
    if (fullyPaidAt === undefined && paid >= inv.total.amount) {
      fullyPaidAt = payment.paidAt;
      fullyPaidAtMs = at;
    }
  }
  const outstanding = Math.max(0, inv.total.amount - paid);
  return fullyPaidAt === undefined ? { paid, outstanding } : { paid, outstanding, fullyPaidAt, fullyPaidAtMs };
}

/** The balance of every invoice (validated input) as of `untilMs`, in the order of `invoices`. */
export function balancesUntil(invoices: readonly Invoice[], byInvoice: PaymentsByInvoice, untilMs: number): TimedBalance[] {
  return invoices.map((inv) => balanceOf(inv, byInvoice, untilMs));
}

/** The public shape of a balance (without the internal ms). */
export function publicBalance(b: TimedBalance): InvoiceBalance {
  return b.fullyPaidAt === undefined ? { paid: b.paid, outstanding: b.outstanding } : { paid: b.paid, outstanding: b.outstanding, fullyPaidAt: b.fullyPaidAt };
}

/** A termination at or before asOf: its instant in ms and its date in the vendor's zone (SPEC §2). */
export function terminationAsOf(terminatedAt: Instant | undefined, asOfMs: number, timeZone: string): { ms: number; date: CalendarDate } | undefined {
  if (terminatedAt === undefined) return undefined;
  const ms = instantMillis(terminatedAt);
  return ms <= asOfMs ? { ms, date: calendarDateOf(terminatedAt, timeZone) } : undefined;
}

/** Validates `endedAgreements` (coverage and contractStatus). */
export function parseEndedAgreements(value: unknown): { start: CalendarDate; end: CalendarDate }[] {
  return parseList(value ?? [], 'endedAgreements', (v, f) => {
    const a = v as { start?: unknown; end?: unknown };
    return { start: parseCalendarDate(a?.start, `${f}.start`), end: parseCalendarDate(a?.end, `${f}.end`) };
  });
}

/**
 * The coverage intervals of validated invoices from their balances (undefined: not a coverage invoice), in one
 * pass; shared by coverage() and contractStatus() so a status computes the balances once (issue #14).
 */
export function coverageIntervals(
  invoices: readonly Invoice[],
  balances: readonly (TimedBalance | undefined)[],
  clip: {
    asOfMs: number;
    effectiveEnd: CalendarDate | undefined;
    termination: { ms: number; date: CalendarDate } | undefined;
    ended: readonly { start: CalendarDate; end: CalendarDate }[];
  },
): CoverageInterval[] {
  const { asOfMs, effectiveEnd, termination, ended } = clip;
  const found: { interval: CoverageInterval; activeMs: number }[] = [];
  invoices.forEach((invoice, i) => {
    const balance = balances[i];
    if (balance === undefined || !(COVERAGE_INVOICE_KINDS as readonly string[]).includes(invoice.kind)) return;
    const { fullyPaidAt, fullyPaidAtMs } = balance;
    if (fullyPaidAt === undefined || fullyPaidAtMs === undefined || fullyPaidAtMs > asOfMs) return;
    let to = invoice.periodEnd;
    if (effectiveEnd !== undefined && effectiveEnd < to) to = effectiveEnd;
    const own = ended.find((a) => a.start <= invoice.periodStart && invoice.periodStart <= a.end);
    if (own !== undefined && own.end < to) to = own.end;
    if (termination !== undefined) {
      if (fullyPaidAtMs >= termination.ms) return;
      if (termination.date < to) to = termination.date;
    }
    if (to < invoice.periodStart) return;
    found.push({
      interval: { from: invoice.periodStart, to, activeFrom: fullyPaidAt, invoiceId: invoice.id, ...(invoice.plan ? { plan: invoice.plan } : {}) },
      activeMs: fullyPaidAtMs,
    });
  });
  return found
    .sort(
      (a, b) =>
        (a.interval.from < b.interval.from ? -1 : a.interval.from > b.interval.from ? 1 : 0) ||
        a.activeMs - b.activeMs ||
        (a.interval.invoiceId < b.interval.invoiceId ? -1 : a.interval.invoiceId > b.interval.invoiceId ? 1 : 0),
    )
    .map((f) => f.interval);
}
