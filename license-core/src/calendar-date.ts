/**
 * Calendar dates and instants (SPEC §1).
 *
 * Contract dates are calendar dates `YYYY-MM-DD` in the vendor's time zone, both ends inclusive; events are
 * instants (ISO 8601, normalised to UTC `...Z`). Date arithmetic here works on year/month/day numbers and UTC
 * day numbers only: no local-time `Date` method is ever used, so the result does not depend on the machine.
 * Conversions between instants and dates in the vendor's zone go through `Intl.DateTimeFormat` with `timeZone`.
 */
import { describeValue, InvalidInputError } from './errors';
import type { CalendarDate, Instant } from './types';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 365 or 366: the denominator of pro rata for a part of `year` (SPEC §1). */
export function daysInYear(year: number): number {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new InvalidInputError('year', `year: expected an integer year 1..9999, got ${describeValue(year)}`);
  }
  return isLeapYear(year) ? 366 : 365;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatYmd({ y, m, d }: Ymd): CalendarDate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function toYmd(value: unknown, field: string): Ymd {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return { y, m, d };
  }
  throw new InvalidInputError(field, `${field}: expected a calendar date YYYY-MM-DD, got ${describeValue(value)}`);
}

/** UTC day number (days since 1970-01-01) of a date; pure arithmetic through Date.UTC. */
function dayNumber({ y, m, d }: Ymd): number {
  const date = new Date(0); // setUTCFullYear, unlike Date.UTC, does not remap years 0..99
  date.setUTCFullYear(y, m - 1, d);
  return Math.floor(date.getTime() / MS_PER_DAY);
}

function fromDayNumber(day: number, field: string): CalendarDate {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || y < 1 || y > 9999) {
    throw new InvalidInputError(field, `${field}: the resulting date is outside the years 0001..9999`);
  }
  return formatYmd({ y, m: date.getUTCMonth() + 1, d: date.getUTCDate() });
}

/** Validates a calendar date `YYYY-MM-DD` (a real day of the Gregorian calendar) and returns it. */
export function parseCalendarDate(value: unknown, field = 'date'): CalendarDate {
  return formatYmd(toYmd(value, field));
}

/**
 * Validates an ISO 8601 instant with `Z` or a numeric offset (`+01:00`, `+0100`) and returns it normalised to
 * UTC in `toISOString()` form, e.g. `2026-03-15T09:30:00.000Z`. Fractions beyond milliseconds are truncated.
 */
export function parseInstant(value: unknown, field = 'instant'): Instant {
  const fail = (): never => {
    throw new InvalidInputError(
      field,
      `${field}: expected an ISO 8601 instant such as 2026-03-15T09:30:00Z, got ${describeValue(value)}`,
    );
  };
  const match = typeof value === 'string' ? INSTANT_PATTERN.exec(value) : null;
  if (!match) return fail();
  const [, ys, ms, ds, hs, mins, ss, frac, zone] = match as unknown as string[];
  const y = Number(ys);
  const m = Number(ms);
  const d = Number(ds);
  const h = Number(hs);
  const min = Number(mins);
  const s = ss === undefined ? 0 : Number(ss);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || h > 23 || min > 59 || s > 59) return fail();
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return fail();
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const epoch =
    dayNumber({ y, m, d }) * MS_PER_DAY + ((h * 60 + min - offsetMinutes) * 60 + s) * 1000 + millis;
  const date = new Date(epoch);
  if (!Number.isFinite(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return fail();
  return date.toISOString();
}

/** Milliseconds since the epoch of a validated instant. */
export function instantMillis(value: unknown, field = 'instant'): number {
  return new Date(parseInstant(value, field)).getTime();
}

/** The date `n` days after `date` (negative `n`: before). */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  const ymd = toYmd(date, 'date');
  if (!Number.isSafeInteger(n)) throw new InvalidInputError('n', `n: expected an integer number of days, got ${describeValue(n)}`);
  return fromDayNumber(dayNumber(ymd) + n, 'date');
}

/** The same day `n` months later; a day that does not exist there is clamped to the month's end (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const { y, m, d } = toYmd(date, 'date');
  if (!Number.isSafeInteger(n)) throw new InvalidInputError('n', `n: expected an integer number of months, got ${describeValue(n)}`);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  if (ny < 1 || ny > 9999) throw new InvalidInputError('date', 'date: the resulting date is outside the years 0001..9999');
  return formatYmd({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** The same day `n` years later; 29 February lands on 28 February in a common year (SPEC §1). */
export function addYears(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new InvalidInputError('n', `n: expected an integer number of years, got ${describeValue(n)}`);
  return addMonths(date, n * 12);
}

/** Number of days from `from` to `to`, both ends inclusive (SPEC §1). `to` before `from` is an error. */
export function daysInclusive(from: CalendarDate, to: CalendarDate): number {
  const a = dayNumber(toYmd(from, 'from'));
  const b = dayNumber(toYmd(to, 'to'));
  if (b < a) throw new InvalidInputError('to', `to: ${to} is before from ${from}`);
  return b - a + 1;
}

/** Orders two calendar dates. */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = parseCalendarDate(a, 'a');
  const y = parseCalendarDate(b, 'b');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The year of a calendar date. */
export function yearOf(date: CalendarDate, field = 'date'): number {
  return toYmd(date, field).y;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: unknown, field: string): Intl.DateTimeFormat {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new InvalidInputError(field, `${field}: expected an IANA time zone such as Europe/Berlin, got ${describeValue(timeZone)}`);
  }
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      throw new InvalidInputError(field, `${field}: unknown time zone ${describeValue(timeZone)}`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an epoch millisecond value in a time zone. */
function wallClock(epoch: number, timeZone: string, field: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts = formatterFor(timeZone, field).formatToParts(new Date(epoch));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second') };
}

/** The calendar date an instant falls on in a time zone (default UTC): e.g. a release's publication date (SPEC §1). */
export function calendarDateOf(instant: Instant, timeZone = 'UTC'): CalendarDate {
  const epoch = instantMillis(instant, 'instant');
  if (timeZone === 'UTC') return new Date(epoch).toISOString().slice(0, 10);
  const { y, m, d } = wallClock(epoch, timeZone, 'timeZone');
  return formatYmd({ y, m, d });
}

/** The first instant of a calendar date in a time zone (00:00 local, or the first existing time after a DST gap). */
export function startOfDayInstant(date: CalendarDate, timeZone = 'UTC'): Instant {
  const midnightUtc = dayNumber(toYmd(date, 'date')) * MS_PER_DAY;
  if (timeZone === 'UTC') return new Date(midnightUtc).toISOString();
  formatterFor(timeZone, 'timeZone');
  const offsetAt = (epoch: number): number => {
    const w = wallClock(epoch, timeZone, 'timeZone');
    const wallAsUtc = dayNumber({ y: w.y, m: w.m, d: w.d }) * MS_PER_DAY + ((w.h * 60 + w.min) * 60 + w.s) * 1000;
    return wallAsUtc - (epoch - (epoch % 1000));
  };
  let candidate = midnightUtc - offsetAt(midnightUtc);
  candidate = midnightUtc - offsetAt(candidate);
  // In a DST gap at midnight the computed instant may fall on the previous day; step forward to the date.
  while (calendarDateOf(new Date(candidate).toISOString(), timeZone) < date) candidate += 15 * 60 * 1000;
  return new Date(candidate).toISOString();
}
