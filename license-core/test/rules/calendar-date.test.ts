// SPEC §1: calendar dates, instants, date arithmetic, vendor time zone.
import {
  addDays,
  addMonths,
  addYears,
  calendarDateOf,
  compareDates,
  daysInclusive,
  daysInYear,
  InvalidInputError,
  parseCalendarDate,
  parseInstant,
  startOfDayInstant,
} from '../../src';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).code).toBe('ERR_INVALID_INPUT');
    return (e as InvalidInputError).field;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseCalendarDate', () => {
  it('accepts real days, including 29 Feb of a leap year', () => {
    expect(parseCalendarDate('2026-03-15')).toBe('2026-03-15');
    expect(parseCalendarDate('2028-02-29')).toBe('2028-02-29');
    expect(parseCalendarDate('2000-02-29')).toBe('2000-02-29');
  });

  it('names the field and the value in the message', () => {
    expect(() => parseCalendarDate('2026-02-30', 'orderDate')).toThrow(
      'orderDate: expected a calendar date YYYY-MM-DD, got "2026-02-30"',
    );
  });

  it.each([['2026-02-30'], ['2027-02-29'], ['2100-02-29'], ['2026-2-3'], ['2026-13-01'], ['2026-00-10'], ['2026-03-15T00:00:00Z'], [''], [20260315], [null], [undefined]])(
    'rejects %p',
    (value) => {
      expect(fieldOf(() => parseCalendarDate(value, 'orderDate'))).toBe('orderDate');
    },
  );
});

describe('parseInstant', () => {
  it('normalises offsets to UTC in toISOString form', () => {
    expect(parseInstant('2026-03-15T10:30:00+01:00')).toBe('2026-03-15T09:30:00.000Z');
    expect(parseInstant('2026-03-15T10:30:00+0100')).toBe('2026-03-15T09:30:00.000Z');
    expect(parseInstant('2026-03-15T23:30:00-05:30')).toBe('2026-03-16T05:00:00.000Z');
    expect(parseInstant('2026-03-15T09:30Z')).toBe('2026-03-15T09:30:00.000Z');
    expect(parseInstant('2026-03-15T09:30:00.123456Z')).toBe('2026-03-15T09:30:00.123Z');
    expect(parseInstant('2026-03-15T09:30:00.5Z')).toBe('2026-03-15T09:30:00.500Z');
  });

  it.each([['2026-03-15'], ['2026-03-15T10:00:00'], ['2026-03-15T24:00:00Z'], ['2026-02-30T10:00:00Z'], ['2026-03-15T10:60:00Z'], ['yesterday'], [1773567000000], [{}]])(
    'rejects %p naming the field',
    (value) => {
      expect(fieldOf(() => parseInstant(value, 'paidAt'))).toBe('paidAt');
    },
  );
});

describe('date arithmetic', () => {
  it('addDays crosses months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-01-01', -3)).toBe('2026-10-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
  });

  it('29 Feb + 2 years lands on 28 Feb; + 4 years stays on 29 Feb (SPEC §1)', () => {
    expect(addYears('2028-02-29', 2)).toBe('2030-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2028-02-29', -1)).toBe('2027-02-28');
    expect(addYears('2026-03-15', 5)).toBe('2031-03-15');
  });

  it('daysInYear is 365 or 366 by the Gregorian rule', () => {
    expect(daysInYear(2026)).toBe(365);
    expect(daysInYear(2028)).toBe(366);
    expect(daysInYear(2100)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
    expect(fieldOf(() => daysInYear(2026.5))).toBe('year');
  });

  it('daysInclusive counts both ends', () => {
    // 15..31 Mar = 17, Apr 30, May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, Dec 31 = 292
    expect(daysInclusive('2026-03-15', '2026-12-31')).toBe(292);
    // 29 Feb (1) + Mar..Dec (306) = 307
    expect(daysInclusive('2028-02-29', '2028-12-31')).toBe(307);
    expect(daysInclusive('2026-12-31', '2026-12-31')).toBe(1);
    expect(daysInclusive('2026-01-01', '2026-12-31')).toBe(365);
    expect(fieldOf(() => daysInclusive('2026-12-31', '2026-12-30'))).toBe('to');
  });

  it('compareDates orders dates', () => {
    expect(compareDates('2026-03-15', '2026-03-16')).toBe(-1);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(compareDates('2026-03-15', '2026-03-15')).toBe(0);
    expect(fieldOf(() => compareDates('2026-3-15', '2026-03-15'))).toBe('a');
    expect(fieldOf(() => addDays('2026-03-15', 1.5))).toBe('n');
    expect(fieldOf(() => addMonths('x', 1))).toBe('date');
  });
});

describe('vendor time zone', () => {
  it('calendarDateOf turns an instant into the vendor date (default UTC)', () => {
    expect(calendarDateOf('2026-12-31T23:30:00Z')).toBe('2026-12-31');
    expect(calendarDateOf('2026-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2027-01-01'); // CET, +1
    expect(calendarDateOf('2026-06-30T22:00:00Z', 'Europe/Berlin')).toBe('2026-07-01'); // CEST, +2
    expect(calendarDateOf('2026-06-30T21:59:59Z', 'Europe/Berlin')).toBe('2026-06-30');
    expect(calendarDateOf('2026-03-15T03:00:00Z', 'America/New_York')).toBe('2026-03-14');
  });

  it('rejects an unknown time zone and a bad instant', () => {
    expect(fieldOf(() => calendarDateOf('2026-03-15T03:00:00Z', 'Mars/Olympus'))).toBe('timeZone');
    expect(fieldOf(() => calendarDateOf('2026-03-15'))).toBe('instant');
  });

  it('startOfDayInstant is local midnight, or the first instant after a DST gap', () => {
    expect(startOfDayInstant('2026-01-01', 'Europe/Berlin')).toBe('2025-12-31T23:00:00.000Z');
    expect(startOfDayInstant('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDayInstant('2026-07-01')).toBe('2026-07-01T00:00:00.000Z');
    // Brazil started DST at 00:00 on 4 Nov 2018: the day began at 01:00 -02:00.
    expect(startOfDayInstant('2018-11-04', 'America/Sao_Paulo')).toBe('2018-11-04T03:00:00.000Z');
  });
});
