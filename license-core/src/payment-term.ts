/**
 * The payment term: an invoice is due `paymentTermDays` days after it is issued (a vendor setting, default 30; the
 * contract status counts the due day as still in time, contract-status.ts).
 */
import { addDays, parseCalendarDate } from './calendar-date';
import { InvalidInputError } from './errors';
import type { CalendarDate } from './types';

/** The day an invoice issued on `issuedOn` is due. */
export function invoiceDueOn(issuedOn: CalendarDate, paymentTermDays: number): CalendarDate {
  if (!Number.isInteger(paymentTermDays) || paymentTermDays < 0) {
    throw new InvalidInputError('paymentTermDays', `paymentTermDays: expected a non-negative integer, got ${JSON.stringify(paymentTermDays)}`);
  }
  return addDays(parseCalendarDate(issuedOn, 'issuedOn'), paymentTermDays);
}
