/**
 * Contract periods of the calendar-year plan (SPEC §2, seed 000): the first period runs from the order date
 * to 31 December of the following year; each renewal is one calendar year.
 */
import { addDays, compareDates, parseCalendarDate, yearOf } from './calendar-date';
import { InvalidInputError } from './errors';
import type { CalendarDate, Period } from './types';

function endOfYear(year: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-12-31`;
}

/** The first period: orderDate .. 31 Dec of year(orderDate) + 1 (SPEC §2). */
export function firstPeriod(orderDate: CalendarDate): Period {
  const start = parseCalendarDate(orderDate, 'orderDate');
  return { start, end: endOfYear(yearOf(start) + 1) };
}

/** The period after `p`: from the day after its end to 31 December of that year (SPEC §2 renewal). */
export function nextPeriod(p: Period): Period {
  const period = parsePeriod(p, 'p');
  const start = addDays(period.end, 1);
  return { start, end: endOfYear(yearOf(start)) };
}

/** The period of a contract started on `contractStart` that contains `date`; undefined before the start. */
export function periodContaining(contractStart: CalendarDate, date: CalendarDate): Period | undefined {
  const first = firstPeriod(parseCalendarDate(contractStart, 'contractStart'));
  const day = parseCalendarDate(date, 'date');
  if (day < first.start) return undefined;
  if (day <= first.end) return first;
  const year = yearOf(day);
  return { start: `${String(year).padStart(4, '0')}-01-01`, end: endOfYear(year) };
}

/** Validates a period: two calendar dates, start not after end. */
export function parsePeriod(value: unknown, field = 'period'): Period {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, `${field}: expected { start, end }, got ${JSON.stringify(value) ?? String(value)}`);
  }
  const { start, end } = value as { start?: unknown; end?: unknown };
  const s = parseCalendarDate(start, `${field}.start`);
  const e = parseCalendarDate(end, `${field}.end`);
  if (compareDates(s, e) > 0) throw new InvalidInputError(`${field}.end`, `${field}.end: ${e} is before ${field}.start ${s}`);
  return { start: s, end: e };
}
