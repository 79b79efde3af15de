/**
 * A month of support work, as a statement shows it (SPEC §6). The free 30-minute diagnosis and the billing start
 * (notice and approval) apply to a request as a whole, so a month's figures are the request's charge for the work
 * started before the month's end minus its charge for the work started before the month's start. The months of a
 * request therefore add up exactly to its total. Months are read in the vendor's time zone (SPEC §1).
 */
import { addMonths, instantMillis, startOfDayInstant } from './calendar-date';
import { InvalidInputError } from './errors';
import { supportCharge, type SupportCharge, type SupportChargeInput } from './support-billing';
import type { Instant, Money } from './types';

export interface SupportMonth {
  month: string;
  /** The month's bounds: [from, until). */
  from: Instant;
  until: Instant;
  /** Minutes logged on work that started in the month. */
  loggedMinutes: number;
  billableSeconds: number;
  amount: Money;
  /** The whole request up to the month's end, for the note (free class, awaiting approval, ...). */
  toDate: SupportCharge;
}

/** The bounds of a month `YYYY-MM` in a time zone. */
export function monthBounds(month: unknown, timeZone = 'UTC', field = 'month'): { from: Instant; until: Instant } {
  if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new InvalidInputError(field, `${field}: expected a month such as 2026-11, got ${JSON.stringify(month)}`);
  }
  const first = `${month}-01`;
  return { from: startOfDayInstant(first, timeZone), until: startOfDayInstant(addMonths(first, 1), timeZone) };
}

export function supportChargeInMonth(input: SupportChargeInput & { month: string; timeZone?: string }): SupportMonth {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const { from, until } = monthBounds(input.month, input.timeZone ?? 'UTC');
  // Validates every entry (and the rest) once, on the whole request.
  supportCharge(input);
  const startedBefore = (limit: Instant) => input.entries.filter((e) => instantMillis(e.from) < instantMillis(limit));
  const toEnd = supportCharge({ ...input, entries: startedBefore(until) });
  const toStart = supportCharge({ ...input, entries: startedBefore(from) });
  const inMonth = input.entries.filter((e) => instantMillis(e.from) >= instantMillis(from) && instantMillis(e.from) < instantMillis(until));
  return {
    month: input.month,
    from,
    until,
    loggedMinutes: inMonth.reduce((sum, e) => sum + e.minutes, 0),
    billableSeconds: toEnd.billableSeconds - toStart.billableSeconds,
    amount: { amount: toEnd.amount.amount - toStart.amount.amount, currency: toEnd.amount.currency },
    toDate: toEnd,
  };
}

/** One request's line on a monthly statement. */
export interface StatementLine {
  customerId: string;
  loggedMinutes: number;
  billableSeconds: number;
  amount: Money;
}

/**
 * A monthly statement's sums (SPEC §6): per customer and currency (in the order the lines first name them) and per
 * currency, amounts added exactly in minor units; billable time also in minutes (seconds / 60, fractional).
 */
export function supportStatementTotals<L extends StatementLine>(
  lines: readonly L[],
): { lines: (L & { billableMinutes: number })[]; customers: (StatementLine & { billableMinutes: number })[]; totals: Money[] } {
  const perCustomer = new Map<string, StatementLine>();
  const totals = new Map<string, number>();
  for (const line of lines) {
    const key = `${line.customerId}|${line.amount.currency}`;
    const sum = perCustomer.get(key) ?? { customerId: line.customerId, loggedMinutes: 0, billableSeconds: 0, amount: { amount: 0, currency: line.amount.currency } };
    perCustomer.set(key, {
      customerId: line.customerId,
      loggedMinutes: sum.loggedMinutes + line.loggedMinutes,
      billableSeconds: sum.billableSeconds + line.billableSeconds,
      amount: { amount: sum.amount.amount + line.amount.amount, currency: line.amount.currency },
    });
    totals.set(line.amount.currency, (totals.get(line.amount.currency) ?? 0) + line.amount.amount);
  }
  const withMinutes = <T extends { billableSeconds: number }>(t: T): T & { billableMinutes: number } => ({ ...t, billableMinutes: t.billableSeconds / 60 });
  return {
    lines: lines.map(withMinutes),
    customers: [...perCustomer.values()].map(withMinutes),
    totals: [...totals.entries()].map(([currency, amount]) => ({ amount, currency })),
  };
}
