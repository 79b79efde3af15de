/**
 * Which renewal invoices are due (SPEC §2): without cancellation the contract renews for the next calendar year,
 * invoiced in advance on 1 January at the then current licence sum.
 *
 * - A renewal is due for every period after the first whose start (1 January) is on or before `date` and that
 *   was not invoiced yet: a run after an outage catches up.
 * - It prices the licences held when the period starts. A licence ordered inside a period was co-termed with
 *   that period (its own invoice), so it joins from the next renewal on; one ordered on 1 January itself is
 *   invoiced by its own order for that year.
 * - No renewal starts after a cancellation's effective end, or on or after an extraordinary termination.
 */
import { parseCalendarDate } from './calendar-date';
import { InvalidInputError } from './errors';
import { renewalInvoice } from './invoice';
import { firstPeriod, nextPeriod } from './period';
import type { CalendarDate, InvoiceQuote, Licence, Period } from './types';

export interface RenewalsDueInput {
  contractStart: CalendarDate;
  licences: Pick<Licence, 'listPrice' | 'orderedOn'>[];
  /** Period starts that already have a renewal invoice. */
  invoicedPeriodStarts: CalendarDate[];
  /** The billing run's date, in the vendor's time zone. */
  date: CalendarDate;
  /** Last day of a cancelled contract (cancellationEffect().effectiveEnd). */
  effectiveEnd?: CalendarDate;
  /** The calendar date of an extraordinary termination, in the vendor's time zone. */
  terminatedOn?: CalendarDate;
  rateBp?: number;
}

export interface RenewalDue {
  period: Period;
  quote: InvoiceQuote;
}

/** Validates the input of a billing run (shared by renewalsDue and planInvoicesDue). */
export function parseBillingRun(input: RenewalsDueInput) {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const contractStart = parseCalendarDate(input.contractStart, 'contractStart');
  const date = parseCalendarDate(input.date, 'date');
  const effectiveEnd = input.effectiveEnd === undefined ? undefined : parseCalendarDate(input.effectiveEnd, 'effectiveEnd');
  const terminatedOn = input.terminatedOn === undefined ? undefined : parseCalendarDate(input.terminatedOn, 'terminatedOn');
  if (!Array.isArray(input.licences)) throw new InvalidInputError('licences', 'licences: expected a list');
  const licences = input.licences.map((l, i) => ({ ...l, orderedOn: parseCalendarDate(l?.orderedOn, `licences[${i}].orderedOn`) }));
  if (!Array.isArray(input.invoicedPeriodStarts)) throw new InvalidInputError('invoicedPeriodStarts', 'invoicedPeriodStarts: expected a list');
  const invoiced = new Set(input.invoicedPeriodStarts.map((d, i) => parseCalendarDate(d, `invoicedPeriodStarts[${i}]`)));
  return { contractStart, date, effectiveEnd, terminatedOn, licences, invoiced };
}

export function renewalsDue(input: RenewalsDueInput): RenewalDue[] {
  const { contractStart, date, effectiveEnd, terminatedOn, licences, invoiced } = parseBillingRun(input);

  const due: RenewalDue[] = [];
  for (let period = nextPeriod(firstPeriod(contractStart)); period.start <= date; period = nextPeriod(period)) {
    if (effectiveEnd !== undefined && period.start > effectiveEnd) break;
    if (terminatedOn !== undefined && period.start >= terminatedOn) break;
    if (invoiced.has(period.start)) continue;
    const held = licences.filter((l) => l.orderedOn < period.start);
    if (held.length === 0) continue;
    due.push({ period, quote: renewalInvoice({ periodStart: period.start, licences: held, rateBp: input.rateBp }) });
  }
  return due;
}
