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
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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

/** The value of `width` ASCII digits of `s` from `at`, or -1 (issue #14: no regex per date in the hot path). */
function digits(s: string, at: number, width: number): number {
  let n = 0;
  for (let i = at; i < at + width; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function failDate(value: unknown, field: string): never {
  throw new InvalidInputError(field, `${field}: expected a calendar date YYYY-MM-DD, got ${describeValue(value)}`);
}

function toYmd(value: unknown, field: string): Ymd {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
    return failDate(value, field);
  }
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return { y, m, d };
  return failDate(value, field);
}

/**
 * UTC day number (days since 1970-01-01) of a proleptic Gregorian date, by integer arithmetic: years counted from
 * 1 March, so the leap day is the last day of a year, in eras of 400 years (146,097 days).
 */
function ymdDayNumber(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const monthFromMarch = (m + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of ymdDayNumber. */
function ymdOfDayNumber(day: number): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const m = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { y: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Day numbers of 0001-01-01 and 9999-12-31: the calendar's range (SPEC §1). */
const FIRST_DAY = ymdDayNumber(1, 1, 1);
const LAST_DAY = ymdDayNumber(9999, 12, 31);

function fromDayNumber(day: number, field: string): CalendarDate {
  if (!Number.isSafeInteger(day) || day < FIRST_DAY || day > LAST_DAY) {
    throw new InvalidInputError(field, `${field}: the resulting date is outside the years 0001..9999`);
  }
  return formatYmd(ymdOfDayNumber(day));
}

/**
 * The day number of a calendar date: days since 1970-01-01 (negative before). Comparing and subtracting day numbers
 * is comparing and counting dates (issue #14: integers inside the hot path).
 */
export function dayNumber(date: CalendarDate, field = 'date'): number {
  const { y, m, d } = toYmd(date, field);
  return ymdDayNumber(y, m, d);
}

/** The calendar date of a day number (the inverse of dayNumber); outside the years 0001..9999 is an error. */
export function dateOfDayNumber(day: number, field = 'day'): CalendarDate {
  return fromDayNumber(day, field);
}

/** Validates a calendar date `YYYY-MM-DD` (a real day of the Gregorian calendar) and returns it. */
export function parseCalendarDate(value: unknown, field = 'date'): CalendarDate {
  toYmd(value, field);
  return value as CalendarDate; // exactly YYYY-MM-DD once valid: already its own canonical form
}

interface ParsedInstant {
  iso: Instant;
  ms: number;
}

function failInstant(value: unknown, field: string): never {
  throw new InvalidInputError(field, `${field}: expected an ISO 8601 instant such as 2026-03-15T09:30:00Z, got ${describeValue(value)}`);
}

function readInstantText(value: unknown, field: string): ParsedInstant {
  const match = typeof value === 'string' ? INSTANT_PATTERN.exec(value) : null;
  if (!match) return failInstant(value, field);
  const [, ys, ms, ds, hs, mins, ss, frac, zone] = match as unknown as string[];
  const y = Number(ys);
  const m = Number(ms);
  const d = Number(ds);
  const h = Number(hs);
  const min = Number(mins);
  const s = ss === undefined ? 0 : Number(ss);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || h > 23 || min > 59 || s > 59) return failInstant(value, field);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const offset = zone.replace(':', '');
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(3, 5));
    if (oh > 23 || om > 59) return failInstant(value, field);
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const epoch = ymdDayNumber(y, m, d) * MS_PER_DAY + ((h * 60 + min - offsetMinutes) * 60 + s) * 1000 + millis;
  const date = new Date(epoch);
  if (!Number.isFinite(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return failInstant(value, field);
  return { iso: date.toISOString(), ms: epoch };
}

/**
 * Instants in another form than the canonical one, already read, by their text (issue #14: read once, not once per
 * comparison). A pure memo: the answer depends on the text only; bounded, emptied when full. Invalid text is never kept.
 */
const INSTANT_MEMO_LIMIT = 100_000;
const instantMemo = new Map<string, ParsedInstant>();

/**
 * The canonical form `YYYY-MM-DDTHH:MM:SS.sssZ` (what parseInstant returns and the stores keep), read without a
 * regex or a memo: its own normalised text. Anything else (offsets, no seconds, other fractions): undefined.
 */
function readCanonicalInstant(value: string): ParsedInstant | undefined {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  ) {
    return undefined;
  }
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  const h = digits(value, 11, 2);
  const min = digits(value, 14, 2);
  const sec = digits(value, 17, 2);
  const millis = digits(value, 20, 3);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || h < 0 || h > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 || millis < 0) {
    return undefined;
  }
  return { iso: value, ms: ymdDayNumber(y, m, d) * MS_PER_DAY + ((h * 60 + min) * 60 + sec) * 1000 + millis };
}

function readInstant(value: unknown, field: string): ParsedInstant {
  if (typeof value === 'string') {
    const canonical = readCanonicalInstant(value);
    if (canonical !== undefined) return canonical;
    const known = instantMemo.get(value);
    if (known !== undefined) return known;
  }
  const parsed = readInstantText(value, field);
  if (instantMemo.size >= INSTANT_MEMO_LIMIT) instantMemo.clear();
  instantMemo.set(value as string, parsed);
  return parsed;
}

/**
 * Validates an ISO 8601 instant with `Z` or a numeric offset (`+01:00`, `+0100`) and returns it normalised to
 * UTC in `toISOString()` form, e.g. `2026-03-15T09:30:00.000Z`. Fractions beyond milliseconds are truncated.
 */
export function parseInstant(value: unknown, field = 'instant'): Instant {
  return readInstant(value, field).iso;
}

/** Milliseconds since the epoch of a validated instant. */
export function instantMillis(value: unknown, field = 'instant'): number {
  return readInstant(value, field).ms;
}

/** The date `n` days after `date` (negative `n`: before). */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  const ymd = toYmd(date, 'date');
  if (!Number.isSafeInteger(n)) throw new InvalidInputError('n', `n: expected an integer number of days, got ${describeValue(n)}`);
  return fromDayNumber(ymdDayNumber(ymd.y, ymd.m, ymd.d) + n, 'date');
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
  const a = dayNumber(from, 'from');
  const b = dayNumber(to, 'to');
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

interface WallClock {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

/** Wall-clock fields of an epoch millisecond value in a time zone. */
function wallClock(epoch: number, timeZone: string, field: string): WallClock {
  const w: WallClock = { y: 0, m: 0, d: 0, h: 0, min: 0, s: 0 };
  for (const part of formatterFor(timeZone, field).formatToParts(new Date(epoch))) {
    if (part.type === 'year') w.y = Number(part.value);
    else if (part.type === 'month') w.m = Number(part.value);
    else if (part.type === 'day') w.d = Number(part.value);
    else if (part.type === 'hour') w.h = Number(part.value);
    else if (part.type === 'minute') w.min = Number(part.value);
    else if (part.type === 'second') w.s = Number(part.value);
  }
  return w;
}

/**
 * The dates of instants already asked for, per time zone (issue #14: `Intl.formatToParts` once per instant and zone,
 * not once per release per tenant). A pure memo (the zone rules of the runtime are fixed while it runs); bounded.
 */
const ZONE_MEMO_LIMIT = 100_000;
const zoneMemo = new Map<string, Map<number, CalendarDate>>();

/** The calendar date an instant falls on in a time zone (default UTC): e.g. a release's publication date (SPEC §1). */
export function calendarDateOf(instant: Instant, timeZone = 'UTC'): CalendarDate {
  const epoch = instantMillis(instant, 'instant');
  if (timeZone === 'UTC') return formatYmd(ymdOfDayNumber(Math.floor(epoch / MS_PER_DAY)));
  let dates = zoneMemo.get(timeZone);
  const known = dates?.get(epoch);
  if (known !== undefined) return known;
  const { y, m, d } = wallClock(epoch, timeZone, 'timeZone');
  const date = formatYmd({ y, m, d });
  if (dates === undefined) {
    dates = new Map();
    zoneMemo.set(timeZone, dates);
  }
  if (dates.size >= ZONE_MEMO_LIMIT) dates.clear();
  dates.set(epoch, date);
  return date;
}

/** The first instant of a calendar date in a time zone (00:00 local, or the first existing time after a DST gap). */
export function startOfDayInstant(date: CalendarDate, timeZone = 'UTC'): Instant {
  const midnightUtc = dayNumber(date, 'date') * MS_PER_DAY;
  if (timeZone === 'UTC') return new Date(midnightUtc).toISOString();
  formatterFor(timeZone, 'timeZone');
  const offsetAt = (epoch: number): number => {
    const w = wallClock(epoch, timeZone, 'timeZone');
    const wallAsUtc = ymdDayNumber(w.y, w.m, w.d) * MS_PER_DAY + ((w.h * 60 + w.min) * 60 + w.s) * 1000;
    return wallAsUtc - (epoch - (epoch % 1000));
  };
  let candidate = midnightUtc - offsetAt(midnightUtc);
  candidate = midnightUtc - offsetAt(candidate);
  // In a DST gap at midnight the computed instant may fall on the previous day; step forward to the date.
  while (calendarDateOf(new Date(candidate).toISOString(), timeZone) < date) candidate += 15 * 60 * 1000;
  return new Date(candidate).toISOString();
}
