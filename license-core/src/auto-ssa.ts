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
import { addDays, addMonths, daysInclusive, daysInYear, parseCalendarDate, yearOf } from './calendar-date';
import { InvalidInputError } from './errors';
import { parseRate, sumListPrices } from './invoice';
import { divideRounded, parseMoney } from './money';
import type { CalendarDate, InvoiceLine, InvoiceQuote, Money, Period } from './types';

export type SsaPlan = 'ssa-annual' | 'ssa-quarterly' | 'ssa-monthly' | 'ssa-flex';

export interface SsaTerms {
  billingMonths: 12 | 3 | 1;
  /** Applied to the assurance fee: −200 bp = −2 %. */
  priceAdjustmentBp: number;
  minimumTermMonths: number;
  renewalMonths: number;
  noticeMonths: number;
}

const TERMS: Record<SsaPlan, SsaTerms> = {
  'ssa-annual': { billingMonths: 12, priceAdjustmentBp: -200, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-quarterly': { billingMonths: 3, priceAdjustmentBp: -100, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-monthly': { billingMonths: 1, priceAdjustmentBp: 0, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-flex': { billingMonths: 1, priceAdjustmentBp: 300, minimumTermMonths: 1, renewalMonths: 1, noticeMonths: 1 },
};

export function ssaTerms(plan: unknown, field = 'plan'): SsaTerms {
  const terms = TERMS[plan as SsaPlan];
  if (!terms) throw new InvalidInputError(field, `${field}: expected one of ${Object.keys(TERMS).join(', ')}, got ${JSON.stringify(plan)}`);
  return terms;
}

/** The last day of a span of `months` whole months starting on `start`. */
const spanEnd = (start: CalendarDate, months: number): CalendarDate => addDays(addMonths(start, months), -1);

/** The last day notice may arrive for an agreement ending on `end` (notice months before the day after it). */
function noticeDeadline(end: CalendarDate, noticeMonths: number): CalendarDate {
  return addDays(addMonths(addDays(end, 1), -noticeMonths), -1);
}

/**
 * The invoice for one billing interval starting on `periodStart`:
 * round(sum × rateBp × months × (10000 + adjustmentBp) / (10000 × 12 × 10000)), once (SPEC §1).
 * Example: list prices 1,000,000, 18 %, quarterly: 180,000 × 3/12 × 0.99 = 44,550.
 */
export function ssaIntervalInvoice(input: { plan: SsaPlan; periodStart: CalendarDate; licences: { listPrice: Money }[]; rateBp?: number }): InvoiceQuote {
  const terms = ssaTerms(input?.plan);
  const start = parseCalendarDate(input.periodStart, 'periodStart');
  const rate = parseRate(input.rateBp);
  const { sum, currency } = sumListPrices(input.licences);
  const end = spanEnd(start, terms.billingMonths);
  const amount = divideRounded(
    sum * BigInt(rate) * BigInt(terms.billingMonths) * BigInt(10_000 + terms.priceAdjustmentBp),
    10_000n * 12n * 10_000n,
    'licences',
  );
  const line: InvoiceLine = { from: start, to: end, amount, description: `Auto SSA (${input.plan}) ${start}..${end}` };
  return { periodStart: start, periodEnd: end, currency, lines: [line], total: { amount, currency } };
}

/** The term of an agreement started on `start` that contains `date`: the minimum term, then renewals. */
export function ssaTermContaining(input: { plan: SsaPlan; start: CalendarDate; date: CalendarDate }): Period {
  const terms = ssaTerms(input?.plan);
  const start = parseCalendarDate(input.start, 'start');
  const date = parseCalendarDate(input.date, 'date');
  if (date < start) throw new InvalidInputError('date', `date: ${date} is before the agreement's start ${start}`);
  let months = terms.minimumTermMonths;
  let termStart = start;
  while (spanEnd(start, months) < date) {
    termStart = addMonths(start, months);
    months += terms.renewalMonths;
  }
  return { start: termStart, end: spanEnd(start, months) };
}

export interface SsaCancellation {
  /** The last day the notice could arrive for `effectiveEnd`. */
  deadline: CalendarDate;
  effectiveEnd: CalendarDate;
  /** Without a fixed date: whether the notice reached the current term's end. */
  onTime: boolean;
}

/**
 * Cancelling an Auto SSA (SPEC §5). Without a fixed date, it ends with the current term if the notice arrived by its
 * deadline, else with the next term. A fixed cancellation date is honoured when it is not before the end of the
 * minimum term and the notice arrived by its deadline; otherwise it is refused, naming the earliest deadline.
 */
export function ssaCancellation(input: { plan: SsaPlan; start: CalendarDate; receivedOn: CalendarDate; cancellationDate?: CalendarDate }): SsaCancellation {
  const terms = ssaTerms(input?.plan);
  const start = parseCalendarDate(input.start, 'start');
  const receivedOn = parseCalendarDate(input.receivedOn, 'receivedOn');
  if (receivedOn < start) throw new InvalidInputError('receivedOn', `receivedOn: ${receivedOn} is before the agreement's start ${start}`);
  if (input.cancellationDate !== undefined) {
    const date = parseCalendarDate(input.cancellationDate, 'cancellationDate');
    const minimumEnd = spanEnd(start, terms.minimumTermMonths);
    if (date < minimumEnd) {
      throw new InvalidInputError('cancellationDate', `cancellationDate: the minimum term runs to ${minimumEnd}; ${date} is earlier`);
    }
    const deadline = noticeDeadline(date, terms.noticeMonths);
    if (receivedOn > deadline) {
      throw new InvalidInputError('cancellationDate', `cancellationDate: notice for ${date} had to arrive by ${deadline} (${terms.noticeMonths} month(s) before)`);
    }
    return { deadline, effectiveEnd: date, onTime: true };
  }
  const current = ssaTermContaining({ plan: input.plan, start, date: receivedOn });
  const deadline = noticeDeadline(current.end, terms.noticeMonths);
  if (receivedOn <= deadline) return { deadline, effectiveEnd: current.end, onTime: true };
  const next = ssaTermContaining({ plan: input.plan, start, date: addDays(current.end, 1) });
  return { deadline: noticeDeadline(next.end, terms.noticeMonths), effectiveEnd: next.end, onTime: false };
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
  const terms = ssaTerms(input?.plan);
  const expiredOn = parseCalendarDate(input.expiredOn, 'expiredOn');
  const concludedOn = parseCalendarDate(input.concludedOn, 'concludedOn');
  if (concludedOn <= expiredOn) throw new InvalidInputError('concludedOn', `concludedOn: ${concludedOn} is not after the expiry ${expiredOn}`);
  const rate = parseRate(input.rateBp);
  const { sum, currency } = sumListPrices(input.licences);
  const daysSinceExpiry = daysInclusive(expiredOn, concludedOn) - 1;
  if (daysSinceExpiry === 1) return { daysSinceExpiry, multiplier: 0 };
  const multiplier = daysSinceExpiry <= 30 ? 1 : 2;
  const gap = { start: addDays(expiredOn, 1), end: addDays(concludedOn, -1) };
  const lines: InvoiceLine[] = [];
  for (let from = gap.start; from <= gap.end; ) {
    const year = yearOf(from);
    const yearEnd = `${year}-12-31`;
    const to = yearEnd < gap.end ? yearEnd : gap.end;
    const days = daysInclusive(from, to);
    const amount = divideRounded(
      sum * BigInt(rate) * BigInt(10_000 + terms.priceAdjustmentBp) * BigInt(multiplier) * BigInt(days),
      10_000n * 10_000n * BigInt(daysInYear(year)),
      'licences',
    );
    lines.push({ from, to, amount, description: `Auto SSA back-fill ${from}..${to}${multiplier === 2 ? ' (charged twice: more than 30 days)' : ''}` });
    from = addDays(to, 1);
  }
  const total = lines.reduce((acc, l) => acc + l.amount, 0);
  return { daysSinceExpiry, multiplier, gap, quote: { periodStart: gap.start, periodEnd: gap.end, currency, lines, total: { amount: total, currency } } };
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
