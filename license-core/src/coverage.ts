/**
 * Paid coverage (SPEC §2 "activation follows payment", §3.3).
 *
 * A period counts only once its invoice is fully paid. Before that instant nothing of it counts; from that
 * instant on the WHOLE period counts, including releases published between the period start and the payment
 * (decision D10). Cancellation clips coverage to its effective end; extraordinary termination ends everything
 * at once (SPEC §2).
 */
import { calendarDateOf, instantMillis, parseCalendarDate, parseInstant } from './calendar-date';
import {
  balanceOf,
  coverageIntervals,
  parseEndedAgreements,
  parseList,
  paymentsByInvoice,
  publicBalance,
  terminationAsOf,
  type InvoiceBalance,
} from './coverage-pass';
import { describeValue, InvalidInputError } from './errors';
import { parseMoney } from './money';
import { parsePlan } from './plan';
import type { CalendarDate, CoverageInterval, Instant, Invoice, Payment } from './types';
import { COVERAGE_INVOICE_KINDS, INVOICE_KINDS } from './vocabulary';

/** The kinds that pay for assurance (vocabulary.ts); an `upgrade-fee` invoice pays for none (SPEC §7). */
export const coversAssurance = (kind: string): boolean => (COVERAGE_INVOICE_KINDS as readonly string[]).includes(kind);

/** Validates an invoice record. */
export function parseInvoice(value: unknown, field = 'invoice'): Invoice {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, `${field}: expected an invoice object, got ${describeValue(value)}`);
  }
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id === '') throw new InvalidInputError(`${field}.id`, `${field}.id: expected a non-empty string, got ${describeValue(v.id)}`);
  if (typeof v.kind !== 'string' || !(INVOICE_KINDS as readonly string[]).includes(v.kind)) {
    throw new InvalidInputError(`${field}.kind`, `${field}.kind: expected one of ${INVOICE_KINDS.join(', ')}, got ${describeValue(v.kind)}`);
  }
  const issuedOn = parseCalendarDate(v.issuedOn, `${field}.issuedOn`);
  const periodStart = parseCalendarDate(v.periodStart, `${field}.periodStart`);
  const periodEnd = parseCalendarDate(v.periodEnd, `${field}.periodEnd`);
  if (periodEnd < periodStart) {
    throw new InvalidInputError(`${field}.periodEnd`, `${field}.periodEnd: ${periodEnd} is before ${field}.periodStart ${periodStart}`);
  }
  const total = parseMoney(v.total, `${field}.total`);
  if (total.amount < 0) throw new InvalidInputError(`${field}.total.amount`, `${field}.total.amount: cannot be negative, got ${total.amount}`);
  if (v.plan !== undefined) parsePlan(v.plan, `${field}.plan`);
  return { ...(value as Invoice), issuedOn, periodStart, periodEnd, total };
}

/** Validates a payment record. */
export function parsePayment(value: unknown, field = 'payment'): Payment {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, `${field}: expected a payment object, got ${describeValue(value)}`);
  }
  const v = value as Record<string, unknown>;
  if (typeof v.invoiceId !== 'string' || v.invoiceId === '') {
    throw new InvalidInputError(`${field}.invoiceId`, `${field}.invoiceId: expected a non-empty string, got ${describeValue(v.invoiceId)}`);
  }
  const amount = parseMoney(v.amount, `${field}.amount`);
  const paidAt = parseInstant(v.paidAt, `${field}.paidAt`);
  if (typeof v.reference !== 'string') {
    throw new InvalidInputError(`${field}.reference`, `${field}.reference: expected a string, got ${describeValue(v.reference)}`);
  }
  return { ...(value as Payment), amount, paidAt };
}

/**
 * How much of an invoice is paid, from the payments for it (others in the list are ignored), taken in paidAt
 * order. A payment in another currency than the invoice is an error naming it. An invoice with a total of 0 is
 * paid from the start of its issue day (UTC).
 */
export function invoiceBalance(invoice: Invoice, payments: Payment[]): InvoiceBalance {
  const inv = parseInvoice(invoice, 'invoice');
  return publicBalance(balanceOf(inv, paymentsByInvoice(parseList(payments, 'payments', parsePayment))));
}

export type { InvoiceBalance };

/** The balance of each invoice as of an instant (validated input); used by contractStatus. */
export function balancesAsOf(invoices: Invoice[], payments: Payment[], asOf: Instant): Map<string, InvoiceBalance> {
  const untilMs = instantMillis(asOf, 'asOf');
  const invs = parseList(invoices, 'invoices', parseInvoice);
  const byInvoice = paymentsByInvoice(parseList(payments, 'payments', parsePayment));
  return new Map(invs.map((inv) => [inv.id, publicBalance(balanceOf(inv, byInvoice, untilMs))]));
}

export interface CoverageInput {
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
export function coverage(input: CoverageInput): CoverageInterval[] {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const invoices = parseList(input.invoices, 'invoices', parseInvoice);
  const payments = parseList(input.payments, 'payments', parsePayment);
  const asOf = parseInstant(input.asOf, 'asOf');
  const asOfMs = instantMillis(asOf);
  const timeZone = input.timeZone ?? 'UTC';
  const effectiveEnd = input.effectiveEnd === undefined ? undefined : parseCalendarDate(input.effectiveEnd, 'effectiveEnd');
  const terminatedAt = input.terminatedAt === undefined ? undefined : parseInstant(input.terminatedAt, 'terminatedAt');
  const termination = terminationAsOf(terminatedAt, asOfMs, timeZone);
  if (termination === undefined) calendarDateOf(asOf, timeZone); // validates timeZone in every case
  const ended = parseEndedAgreements(input.endedAgreements);
  const byInvoice = paymentsByInvoice(payments);
  const balances = invoices.map((inv) => (coversAssurance(inv.kind) ? balanceOf(inv, byInvoice, asOfMs) : undefined));
  return coverageIntervals(invoices, balances, { asOfMs, effectiveEnd, termination, ended });
}

