/**
 * Assurance invoices of the calendar-year plan (SPEC §1, §2).
 *
 * Annual fee = rate (default 1800 bp = 18 %) of the sum of the list prices of the licences. Every invoice line
 * covers one part of one calendar year Y and is round(sum × rateBp × days / (10000 × daysInYear(Y))), rounded
 * half away from zero once per line (SPEC §1); a whole year is exactly round(sum × rateBp / 10000).
 */
import { addDays, daysInclusive, daysInYear, parseCalendarDate, yearOf } from './calendar-date';
import { InvalidInputError } from './errors';
import { divideRounded, parseMoney, proRataAmount, requireWithinMoneyCeiling } from './money';
import { firstPeriod } from './period';
import type { BasisPoints, CalendarDate, CurrencyCode, InvoiceLine, InvoiceQuote, Money } from './types';

/** The default assurance rate: 18 % per year (SPEC §2). */
export const DEFAULT_RATE_BP: BasisPoints = 1800;

export function parseRate(rateBp: unknown): number {
  if (rateBp === undefined) return DEFAULT_RATE_BP;
  if (typeof rateBp !== 'number' || !Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) {
    throw new InvalidInputError('rateBp', `rateBp: expected an integer number of basis points 0..10000, got ${JSON.stringify(rateBp) ?? String(rateBp)}`);
  }
  return rateBp;
}

/** Sum of the list prices, all in one currency (else the first deviating licence's currency is named). */
export function sumListPrices(licences: unknown): { sum: bigint; currency: CurrencyCode } {
  if (!Array.isArray(licences) || licences.length === 0) {
    throw new InvalidInputError('licences', 'licences: expected a non-empty list of licences with a listPrice');
  }
  let sum = 0n;
  let currency: CurrencyCode | undefined;
  licences.forEach((licence: unknown, i) => {
    if (typeof licence !== 'object' || licence === null) {
      throw new InvalidInputError(`licences[${i}]`, `licences[${i}]: expected an object with a listPrice`);
    }
    const price = parseMoney((licence as { listPrice?: unknown }).listPrice, `licences[${i}].listPrice`);
    if (price.amount < 0) {
      throw new InvalidInputError(`licences[${i}].listPrice.amount`, `licences[${i}].listPrice.amount: a list price cannot be negative, got ${price.amount}`);
    }
    if (currency === undefined) currency = price.currency;
    else if (price.currency !== currency) {
      throw new InvalidInputError(
        `licences[${i}].listPrice.currency`,
        `licences[${i}].listPrice.currency: all licences of an invoice must share one currency; expected ${currency}, got ${price.currency}`,
      );
    }
    sum += BigInt(price.amount);
  });
  return { sum, currency: currency as CurrencyCode };
}

/** The annual assurance fee: round(sum of list prices × rateBp / 10000) (SPEC §2). */
export function assuranceFee(licences: { listPrice: Money }[], rateBp?: number): Money {
  const rate = parseRate(rateBp);
  const { sum, currency } = sumListPrices(licences);
  return { amount: divideRounded(sum * BigInt(rate), 10_000n, 'licences'), currency };
}

/** One line per calendar year between from and to (inclusive), each rounded on its own (SPEC §1). */
function yearLines(from: CalendarDate, to: CalendarDate, sum: bigint, rate: number): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  let start = from;
  while (start <= to) {
    const year = yearOf(start);
    const endOfYear = `${String(year).padStart(4, '0')}-12-31`;
    const end = endOfYear < to ? endOfYear : to;
    const days = daysInclusive(start, end);
    const yearDays = daysInYear(year);
    lines.push({
      from: start,
      to: end,
      amount: proRataAmount(sum, rate, days, yearDays, 'licences'),
      description:
        days === yearDays
          ? `Software Assurance ${year} (full year)`
          : `Software Assurance ${start}..${end} (${days}/${yearDays} days of ${year})`,
    });
    start = addDays(end, 1);
  }
  return lines;
}

function quote(from: CalendarDate, to: CalendarDate, licences: unknown, rateBp: unknown): InvoiceQuote {
  const rate = parseRate(rateBp);
  const { sum, currency } = sumListPrices(licences);
  const lines = yearLines(from, to, sum, rate);
  // Each line is within the ceiling, so the sum is exact; the total must be too (decision U33).
  const total = requireWithinMoneyCeiling(
    lines.reduce((acc, line) => acc + line.amount, 0),
    'licences',
    'the invoice total',
  );
  return { periodStart: from, periodEnd: to, currency, lines, total: { amount: total, currency } };
}

/**
 * The first invoice of a contract ordered on `orderDate` (SPEC §2): pro rata orderDate..31 Dec of its year,
 * plus the whole following year. Example: 1,000,000 EUR minor units ordered 2026-03-15 → 144,000 + 180,000.
 */
export function quoteFirstInvoice(input: {
  orderDate: CalendarDate;
  licences: { listPrice: Money }[];
  rateBp?: number;
}): InvoiceQuote {
  const { orderDate, licences, rateBp } = requireObject(input);
  const period = firstPeriod(parseCalendarDate(orderDate, 'orderDate'));
  return quote(period.start, period.end, licences, rateBp);
}

/** A renewal invoice (SPEC §2): one calendar year from `periodStart` (which must be 1 January), in advance. */
export function renewalInvoice(input: { periodStart: CalendarDate; licences: { listPrice: Money }[]; rateBp?: number }): InvoiceQuote {
  const { periodStart, licences, rateBp } = requireObject(input);
  const start = parseCalendarDate(periodStart, 'periodStart');
  if (!start.endsWith('-01-01')) {
    throw new InvalidInputError('periodStart', `periodStart: a renewal period starts on 1 January, got ${start}`);
  }
  return quote(start, `${start.slice(0, 4)}-12-31`, licences, rateBp);
}

/**
 * A licence added during a running period (SPEC §2 co-terming, seed 002): the added licences' fee pro rata from
 * their order date to the current period end, one line per calendar year.
 */
export function coTermInvoice(input: {
  orderDate: CalendarDate;
  periodEnd: CalendarDate;
  licences: { listPrice: Money }[];
  rateBp?: number;
}): InvoiceQuote {
  const { orderDate, periodEnd, licences, rateBp } = requireObject(input);
  const from = parseCalendarDate(orderDate, 'orderDate');
  const to = parseCalendarDate(periodEnd, 'periodEnd');
  if (to < from) throw new InvalidInputError('periodEnd', `periodEnd: ${to} is before orderDate ${from}`);
  return quote(from, to, licences, rateBp);
}

function requireObject<T>(input: T): T {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('input', `input: expected an object, got ${JSON.stringify(input) ?? String(input)}`);
  }
  return input;
}
