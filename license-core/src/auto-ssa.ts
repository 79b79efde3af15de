/**
 * Auto SSA plans (SPEC §5, seed 002): the second plan family, besides the calendar-year plan of SPEC §2.
 *
 * - Billing interval: annual (−2 %), quarterly (−1 %), monthly (list price), or the full flex plan: a monthly term
 *   at +3 %. The adjustment applies to the assurance fee (rate × sum of list prices).
 * - Minimum term 12 months (flex: 1), renewing for 12 months (flex: 1). Notice 3 months (flex: 1) before the
 *   cancellation date; or a fixed cancellation date set in advance.
 * - Re-concluding after expiry: a gap of at most 30 days since expiry is back-filled at the normal rate; a longer
 *   one is charged twice. Coverage is continuous afterwards (the gap invoice covers the gap).
 * - Prepaid credit on the customer's balance is used up before anything is invoiced.
 * Terms are counted in whole months from the agreement's start (so a start on 31 January keeps month ends).
 */
import { addDays, daysInclusive, daysInYear, parseCalendarDate, yearOf } from './calendar-date';
import { InvalidInputError } from './errors';
import { parseRate, sumListPrices } from './invoice';
import { divideRounded, parseMoney, requireWithinMoneyCeiling } from './money';
import { spanEnd, termCancellation, termContaining, type TermCancellation } from './term-plan';
import { isSsaPlan, planTerms, SSA_PLANS, type PlanTerms, type SsaPlan } from './plan';
import type { CalendarDate, InvoiceLine, InvoiceQuote, Money, Period } from './types';

export type { SsaPlan } from './plan';

/** The terms of an Auto SSA plan (SPEC §5); `maintenance` is refused here (its price is not an assurance fee). */
export type SsaTerms = PlanTerms;

export function ssaTerms(plan: unknown, field = 'plan'): SsaTerms {
  if (!isSsaPlan(plan)) throw new InvalidInputError(field, `${field}: expected one of ${SSA_PLANS.join(', ')}, got ${JSON.stringify(plan)}`);
  return planTerms(plan, field);
}

/**
 * The invoice for one billing interval starting on `periodStart`:
 * round(sum × rateBp × months × (10000 + adjustmentBp) / (10000 × 12 × 10000)), once (SPEC §1).
 * Example: list prices 1,000,000, 18 %, quarterly: 180,000 × 3/12 × 0.99 = 44,550.
 */
export function ssaIntervalInvoice(input: { plan: SsaPlan; periodStart: CalendarDate; periodEnd?: CalendarDate; licences: { listPrice: Money }[]; rateBp?: number }): InvoiceQuote {
  const terms = ssaTerms(input?.plan);
  const start = parseCalendarDate(input.periodStart, 'periodStart');
  const rate = parseRate(input.rateBp);
  const { sum, currency } = sumListPrices(input.licences);
  // A billing run passes the interval as counted from the agreement's start (term-plan.ts, decision D18).
  const end = input.periodEnd === undefined ? spanEnd(start, terms.billingMonths) : parseCalendarDate(input.periodEnd, 'periodEnd');
  if (end < start) throw new InvalidInputError('periodEnd', `periodEnd: ${end} is before periodStart ${start}`);
  const amount = divideRounded(
    sum * BigInt(rate) * BigInt(terms.billingMonths) * BigInt(10_000 + terms.priceAdjustmentBp),
    10_000n * 12n * 10_000n,
    'licences',
  );
  const line: InvoiceLine = { from: start, to: end, amount, description: `Auto SSA (${input.plan}) ${start}..${end}` };
  return { periodStart: start, periodEnd: end, currency, lines: [line], total: { amount, currency } };
}

/**
 * Days of an Auto SSA priced pro rata (SPEC §1: by calendar days, one line per calendar year, each rounded once) at
 * the plan's adjusted fee, times `multiplier`.
 */
function proRataQuote(
  plan: SsaPlan,
  period: Period,
  licences: { listPrice: Money }[],
  rateBp: number | undefined,
  multiplier: number,
  describe: (from: CalendarDate, to: CalendarDate) => string,
): InvoiceQuote {
  const terms = ssaTerms(plan);
  const rate = parseRate(rateBp);
  const { sum, currency } = sumListPrices(licences);
  const lines: InvoiceLine[] = [];
  for (let from = period.start; from <= period.end; ) {
    const year = yearOf(from);
    const yearEnd = `${year}-12-31`;
    const to = yearEnd < period.end ? yearEnd : period.end;
    const days = daysInclusive(from, to);
    const amount = divideRounded(
      sum * BigInt(rate) * BigInt(10_000 + terms.priceAdjustmentBp) * BigInt(multiplier) * BigInt(days),
      10_000n * 10_000n * BigInt(daysInYear(year)),
      'licences',
    );
    lines.push({ from, to, amount, description: describe(from, to) });
    from = addDays(to, 1);
  }
  // Each line is within the ceiling, so the sum is exact; the total must be too (decision U33).
  const total = requireWithinMoneyCeiling(
    lines.reduce((acc, l) => acc + l.amount, 0),
    'licences',
    'the invoice total',
  );
  return { periodStart: period.start, periodEnd: period.end, currency, lines, total: { amount: total, currency } };
}

/**
 * Licences added to a running Auto SSA (SPEC §5 "co-termed to its expiry"): invoiced pro rata from the order date
 * to the end of the billing interval already invoiced, at the plan's price; from the next interval on they are part
 * of the regular interval invoice. Also prices a last interval cut short by a fixed cancellation date.
 */
export function ssaCoTermInvoice(input: { plan: SsaPlan; orderDate: CalendarDate; intervalEnd: CalendarDate; licences: { listPrice: Money }[]; rateBp?: number }): InvoiceQuote {
  ssaTerms(input?.plan);
  const from = parseCalendarDate(input.orderDate, 'orderDate');
  const to = parseCalendarDate(input.intervalEnd, 'intervalEnd');
  if (to < from) throw new InvalidInputError('intervalEnd', `intervalEnd: ${to} is before orderDate ${from}`);
  return proRataQuote(input.plan, { start: from, end: to }, input.licences, input.rateBp, 1, (a, b) => `Auto SSA (${input.plan}) pro rata ${a}..${b}`);
}

/** The term of an Auto SSA started on `start` that contains `date` (SPEC §5; see term-plan.ts). */
export function ssaTermContaining(input: { plan: SsaPlan; start: CalendarDate; date: CalendarDate }): Period {
  ssaTerms(input?.plan);
  return termContaining(input);
}

export type SsaCancellation = TermCancellation;

/** Cancelling an Auto SSA (SPEC §5): notice to the term's end, or a fixed cancellation date (see term-plan.ts). */
export function ssaCancellation(input: { plan: SsaPlan; start: CalendarDate; receivedOn: CalendarDate; cancellationDate?: CalendarDate }): SsaCancellation {
  ssaTerms(input?.plan);
  return termCancellation(input);
}

export interface SsaReconclusion {
  /** Days from the last covered day to the conclusion date. */
  daysSinceExpiry: number;
  /** 1: back-filled at the normal rate (≤ 30 days); 2: charged twice (> 30 days); 0: no gap. */
  multiplier: 0 | 1 | 2;
  /** The uncovered days between expiry and conclusion, invoiced so that coverage is continuous. */
  gap?: Period;
  quote?: InvoiceQuote;
}

/**
 * Re-concluding an Auto SSA after it expired (SPEC §5). `expiredOn` is the last covered day, `concludedOn` the new
 * agreement's first day. The gap is priced pro rata by calendar days, one line per calendar year (SPEC §1), at the
 * plan's adjusted fee, times the multiplier. Example: 30 days after expiry → ×1; 31 days → ×2.
 */
export function ssaReconclusion(input: {
  plan: SsaPlan;
  expiredOn: CalendarDate;
  concludedOn: CalendarDate;
  licences: { listPrice: Money }[];
  rateBp?: number;
}): SsaReconclusion {
  ssaTerms(input?.plan);
  const expiredOn = parseCalendarDate(input.expiredOn, 'expiredOn');
  const concludedOn = parseCalendarDate(input.concludedOn, 'concludedOn');
  if (concludedOn <= expiredOn) throw new InvalidInputError('concludedOn', `concludedOn: ${concludedOn} is not after the expiry ${expiredOn}`);
  parseRate(input.rateBp);
  sumListPrices(input.licences);
  const daysSinceExpiry = daysInclusive(expiredOn, concludedOn) - 1;
  if (daysSinceExpiry === 1) return { daysSinceExpiry, multiplier: 0 };
  const multiplier = daysSinceExpiry <= 30 ? 1 : 2;
  const gap = { start: addDays(expiredOn, 1), end: addDays(concludedOn, -1) };
  const quote = proRataQuote(input.plan, gap, input.licences, input.rateBp, multiplier, (from, to) =>
    `Auto SSA back-fill ${from}..${to}${multiplier === 2 ? ' (charged twice: more than 30 days)' : ''}`,
  );
  return { daysSinceExpiry, multiplier, gap, quote };
}

/** Prepaid credit is used up first (SPEC §5): what is still due, and the balance left. */
export function applyCredit(input: { balance: Money; due: Money }): { creditUsed: Money; amountDue: Money; balanceAfter: Money } {
  const balance = parseMoney(input?.balance, 'balance');
  const due = parseMoney(input.due, 'due');
  if (balance.currency !== due.currency) throw new InvalidInputError('balance.currency', `balance.currency: ${balance.currency} cannot pay an invoice in ${due.currency}`);
  if (balance.amount < 0) throw new InvalidInputError('balance.amount', 'balance.amount: a credit balance cannot be negative');
  if (due.amount < 0) throw new InvalidInputError('due.amount', 'due.amount: cannot be negative');
  const used = Math.min(balance.amount, due.amount);
  const c = due.currency;
  return { creditUsed: { amount: used, currency: c }, amountDue: { amount: due.amount - used, currency: c }, balanceAfter: { amount: balance.amount - used, currency: c } };
}
