/**
 * What each plan invoices, in one place, so the server never chooses a pricing rule itself:
 * - the first invoice of a contract (SPEC §2 first period; SPEC §5 first billing interval; SPEC §7 first month),
 * - the invoice for licences added to a running contract (co-terming, SPEC §2 and §5; nothing for §7, whose price
 *   does not depend on licences),
 * - the periodic invoices due on a billing run (SPEC §2 renewals; SPEC §5 intervals; SPEC §7 months),
 * - re-concluding after a contract ended (SPEC §5 back-fill; decision D24 for the other plans).
 */
import { addDays, addMonths, daysInclusive, parseCalendarDate } from './calendar-date';
import { InvalidInputError, MoneyLimitError } from './errors';
import { coTermInvoice, quoteFirstInvoice } from './invoice';
import { maintenanceMonthlyInvoice } from './maintenance-agreement';
import { periodContaining } from './period';
import { isSsaPlan, parsePlan, planTerms, type ContractPlan } from './plan';
import { parseBillingRun, renewalsDue, type RenewalDue, type RenewalsDueInput } from './renewal';
import { ssaCoTermInvoice, ssaIntervalInvoice, ssaReconclusion } from './auto-ssa';
import { billingIntervalContaining, spanEnd } from './term-plan';
import type { CalendarDate, InvoiceQuote, Money } from './types';
import type { BillingSkipCode } from './vocabulary';

/** A maintenance agreement's monthly prices (SPEC §7). */
export interface MaintenancePrices {
  base: Money;
  ratePerLine: Money;
}

interface PlanPricing {
  plan: ContractPlan;
  rateBp?: number;
  maintenance?: MaintenancePrices;
  /** Lines of customer-specific code reported for this invoice run (SPEC §7). */
  linesOfCode?: number;
}

function maintenanceQuote(input: PlanPricing, periodStart: CalendarDate, periodEnd?: CalendarDate): InvoiceQuote {
  if (typeof input.maintenance !== 'object' || input.maintenance === null) {
    throw new InvalidInputError('maintenance', 'maintenance: a maintenance agreement needs its base and ratePerLine');
  }
  if (input.linesOfCode === undefined) {
    throw new InvalidInputError('linesOfCode', `linesOfCode: the maintenance invoice from ${periodStart} needs the lines of customer-specific code counted for this run`);
  }
  return maintenanceMonthlyInvoice({ periodStart, ...(periodEnd ? { periodEnd } : {}), base: input.maintenance.base, ratePerLine: input.maintenance.ratePerLine, linesOfCode: input.linesOfCode });
}

/** The first invoice of a contract started on `orderDate` under `plan`. */
export function firstPlanInvoice(input: PlanPricing & { orderDate: CalendarDate; licences: { listPrice: Money }[] }): InvoiceQuote {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const plan = parsePlan(input.plan);
  const orderDate = parseCalendarDate(input.orderDate, 'orderDate');
  if (plan === 'calendar-year') return quoteFirstInvoice({ orderDate, licences: input.licences, rateBp: input.rateBp });
  if (isSsaPlan(plan)) return ssaIntervalInvoice({ plan, periodStart: orderDate, licences: input.licences, rateBp: input.rateBp });
  return maintenanceQuote(input, orderDate);
}

/**
 * Licences added on `orderDate` to a contract started on `contractStart` (co-terming): the calendar-year plan
 * invoices them to the period end (SPEC §2), an Auto SSA to the end of the billing interval already invoiced (SPEC §5).
 * A maintenance agreement's price does not depend on licences: undefined, nothing to invoice.
 */
export function addedLicencesInvoice(input: {
  plan: ContractPlan;
  contractStart: CalendarDate;
  orderDate: CalendarDate;
  licences: { listPrice: Money }[];
  rateBp?: number;
}): InvoiceQuote | undefined {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const plan = parsePlan(input.plan);
  const start = parseCalendarDate(input.contractStart, 'contractStart');
  const orderDate = parseCalendarDate(input.orderDate, 'orderDate');
  if (orderDate < start) throw new InvalidInputError('orderDate', `orderDate: ${orderDate} is before the contract start ${start}`);
  if (plan === 'calendar-year') {
    const period = periodContaining(start, orderDate)!;
    return coTermInvoice({ orderDate, periodEnd: period.end, licences: input.licences, rateBp: input.rateBp });
  }
  if (isSsaPlan(plan)) {
    const interval = billingIntervalContaining({ plan, start, date: orderDate });
    return ssaCoTermInvoice({ plan, orderDate, intervalEnd: interval.end, licences: input.licences, rateBp: input.rateBp });
  }
  return undefined;
}

/** A billing run's input (renewal.ts) plus the plan and its prices. */
export interface PlanInvoicesDueInput extends PlanPricing, RenewalsDueInput {}

/**
 * The periodic invoices due by `date` (in advance, catching up after an outage). Calendar-year: renewalsDue.
 * Term plans: every billing interval after the first whose start is on or before `date`, not after the effective
 * end and before a termination; an Auto SSA interval prices the licences held before it starts, one cut short by
 * a fixed cancellation date is priced pro rata to that date. A maintenance month needs `linesOfCode`.
 */
export function planInvoicesDue(input: PlanInvoicesDueInput): RenewalDue[] {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const plan = parsePlan(input.plan);
  if (plan === 'calendar-year') return renewalsDue(input);
  const terms = planTerms(plan);
  const { contractStart: start, date, effectiveEnd, terminatedOn, licences, invoiced } = parseBillingRun(input);

  const due: RenewalDue[] = [];
  for (let k = 1; ; k++) {
    const from = addMonths(start, k * terms.billingMonths);
    if (from > date) break;
    if (effectiveEnd !== undefined && from > effectiveEnd) break;
    if (terminatedOn !== undefined && from >= terminatedOn) break;
    if (invoiced.has(from)) continue;
    const naturalEnd = spanEnd(start, (k + 1) * terms.billingMonths);
    const to = effectiveEnd !== undefined && effectiveEnd < naturalEnd ? effectiveEnd : naturalEnd;
    if (isSsaPlan(plan)) {
      const held = licences.filter((l) => l.orderedOn < from);
      if (held.length === 0) continue;
      const quote =
        to === naturalEnd
          ? ssaIntervalInvoice({ plan, periodStart: from, periodEnd: to, licences: held, rateBp: input.rateBp })
          : ssaCoTermInvoice({ plan, orderDate: from, intervalEnd: to, licences: held, rateBp: input.rateBp });
      due.push({ period: { start: from, end: to }, quote });
    } else {
      due.push({ period: { start: from, end: to }, quote: maintenanceQuote(input, from, to) });
    }
  }
  return due;
}

/** One customer's part of a billing run: its invoices, or why it is skipped this time (the run goes on). */
export type BillingRunVerdict =
  | { billed: true; due: RenewalDue[] }
  | { billed: false; code: Exclude<BillingSkipCode, 'internal_error'>; field: string; message: string };

/**
 * planInvoicesDue as a verdict for one customer of a billing run (issue #11): a maintenance month without counted
 * lines of code (SPEC §7) is `lines_of_code_missing`, an invoice past the money ceiling `money_limit_exceeded`
 * (decision U33), any other bad stored value `invalid_data` naming its field, so
 * one customer never stops the run for the others.
 */
export function billingRunVerdict(input: PlanInvoicesDueInput): BillingRunVerdict {
  try {
    return { billed: true, due: planInvoicesDue(input) };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // A maintenance month with too many lines to invoice is past the ceiling, not missing its count (decision U33).
    if (error instanceof MoneyLimitError) return { billed: false, code: 'money_limit_exceeded', field: error.field, message: error.message };
    return { billed: false, code: error.field === 'linesOfCode' ? 'lines_of_code_missing' : 'invalid_data', field: error.field, message: error.message };
  }
}

export interface PlanReconclusion {
  /** Days from the old agreement's last day to the new start. */
  daysSinceExpiry: number;
  /** SPEC §5: 1 = gap back-filled at the normal rate (≤ 30 days), 2 = charged twice (> 30 days); 0 = no back-fill. */
  multiplier: 0 | 1 | 2;
  /** The gap invoice (Auto SSA only), whose period is the gap: paid, coverage is continuous. */
  backFill?: InvoiceQuote;
  /** The first invoice of the new agreement. */
  first: InvoiceQuote;
}

/**
 * Re-concluding after a contract ended on `expiredOn` (its last day), with a new agreement from `concludedOn`
 * under `plan`, for all licences held. An Auto SSA back-fills the gap (SPEC §5) at the new plan's price; the
 * calendar-year and maintenance plans start afresh without back-fill, so releases of the gap stay uncovered
 * (decision D24: SPEC §5's back-fill is an Auto SSA term).
 */
export function planReconclusion(input: PlanPricing & { expiredOn: CalendarDate; concludedOn: CalendarDate; licences: { listPrice: Money }[] }): PlanReconclusion {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const plan = parsePlan(input.plan);
  const expiredOn = parseCalendarDate(input.expiredOn, 'expiredOn');
  const concludedOn = parseCalendarDate(input.concludedOn, 'concludedOn');
  if (concludedOn <= expiredOn) throw new InvalidInputError('concludedOn', `concludedOn: ${concludedOn} is not after the end ${expiredOn} of the previous agreement`);
  const first = firstPlanInvoice({ ...input, plan, orderDate: concludedOn });
  if (isSsaPlan(plan)) {
    const r = ssaReconclusion({ plan, expiredOn, concludedOn, licences: input.licences, rateBp: input.rateBp });
    return { daysSinceExpiry: r.daysSinceExpiry, multiplier: r.multiplier, ...(r.quote ? { backFill: r.quote } : {}), first };
  }
  return { daysSinceExpiry: daysInclusive(expiredOn, addDays(concludedOn, -1)), multiplier: 0, first };
}
