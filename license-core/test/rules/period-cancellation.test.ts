// SPEC §2: contract periods of the calendar-year plan and ordinary cancellation.
import { cancellationDeadline, cancellationEffect, firstPeriod, nextPeriod, periodContaining } from '../../src';
import { fieldOf } from './support';

describe('periods', () => {
  it('the first period runs to 31 Dec of the following year', () => {
    expect(firstPeriod('2026-03-15')).toEqual({ start: '2026-03-15', end: '2027-12-31' });
    expect(firstPeriod('2026-12-31')).toEqual({ start: '2026-12-31', end: '2027-12-31' });
    expect(fieldOf(() => firstPeriod('15.03.2026'))).toBe('orderDate');
  });

  it('then one calendar year at a time', () => {
    expect(nextPeriod({ start: '2026-03-15', end: '2027-12-31' })).toEqual({ start: '2028-01-01', end: '2028-12-31' });
    expect(nextPeriod({ start: '2028-01-01', end: '2028-12-31' })).toEqual({ start: '2029-01-01', end: '2029-12-31' });
    expect(fieldOf(() => nextPeriod({ start: '2027-01-01', end: '2026-12-31' }))).toBe('p.end');
  });

  it('periodContaining finds the period of a date', () => {
    expect(periodContaining('2026-03-15', '2026-03-14')).toBeUndefined();
    expect(periodContaining('2026-03-15', '2026-03-15')).toEqual({ start: '2026-03-15', end: '2027-12-31' });
    expect(periodContaining('2026-03-15', '2027-12-31')).toEqual({ start: '2026-03-15', end: '2027-12-31' });
    expect(periodContaining('2026-03-15', '2028-01-01')).toEqual({ start: '2028-01-01', end: '2028-12-31' });
    expect(periodContaining('2026-03-15', '2031-07-04')).toEqual({ start: '2031-01-01', end: '2031-12-31' });
    expect(fieldOf(() => periodContaining('2026-03-15', 'today'))).toBe('date');
    expect(fieldOf(() => periodContaining('x', '2026-03-15'))).toBe('contractStart');
  });
});

describe('cancellation', () => {
  it('notice for a 31 Dec period end must arrive by 30 Sep', () => {
    expect(cancellationDeadline('2026-12-31')).toBe('2026-09-30');
    expect(cancellationDeadline('2027-12-31')).toBe('2027-09-30');
  });

  it('three months before the day after the end, for other ends too', () => {
    expect(cancellationDeadline('2027-06-30')).toBe('2027-03-31');
    expect(cancellationDeadline('2027-03-31')).toBe('2026-12-31');
    expect(cancellationDeadline('2028-05-31')).toBe('2028-02-29');
  });

  it('a notice ON the deadline day ends the contract at the period end', () => {
    expect(cancellationEffect({ receivedOn: '2027-09-30', periodEnd: '2027-12-31' })).toEqual({
      onTime: true,
      deadline: '2027-09-30',
      effectiveEnd: '2027-12-31',
    });
  });

  it('a notice ONE DAY after the deadline ends it at the end of the next period', () => {
    expect(cancellationEffect({ receivedOn: '2027-10-01', periodEnd: '2027-12-31' })).toEqual({
      onTime: false,
      deadline: '2027-09-30',
      effectiveEnd: '2028-12-31',
    });
    expect(cancellationEffect({ receivedOn: '2027-12-31', periodEnd: '2027-12-31' }).effectiveEnd).toBe('2028-12-31');
  });

  it('a notice early in the long first period is on time', () => {
    expect(cancellationEffect({ receivedOn: '2026-04-01', periodEnd: '2027-12-31' })).toEqual({
      onTime: true,
      deadline: '2027-09-30',
      effectiveEnd: '2027-12-31',
    });
  });

  it('rejects a notice after the period end, or bad dates', () => {
    expect(fieldOf(() => cancellationEffect({ receivedOn: '2028-01-01', periodEnd: '2027-12-31' }))).toBe('receivedOn');
    expect(fieldOf(() => cancellationEffect({ receivedOn: '2027-02-29', periodEnd: '2027-12-31' }))).toBe('receivedOn');
    expect(fieldOf(() => cancellationEffect({ receivedOn: '2027-01-01', periodEnd: '' }))).toBe('periodEnd');
    expect(fieldOf(() => cancellationDeadline('2027-13-31'))).toBe('periodEnd');
  });
});
