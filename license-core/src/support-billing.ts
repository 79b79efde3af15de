/**
 * Support requests and what they cost (SPEC §6, seeds 001/003).
 *
 * - Free classes: `base_bug` (reproducible without customer customisations) and `incident` (in the vendor's
 *   responsibility). Chargeable: `customization_bug`, `change_request`, `service_request`, `external_cause`.
 * - Every request gets a free initial diagnosis: the first 30 minutes of logged work, whatever the class.
 * - Chargeable work is billed only once the customer was told (`notifiedAt`) and approved (`approvedAt`), from the
 *   later of the two and never earlier; without approval nothing is billable.
 * - Amount = round(hourly rate × (10000 − discountBp) / 10000 × billable time), rounded once (SPEC §1). Customers
 *   with a maintenance agreement get their discount (SPEC §7) through `discountBp`; supportDiscountDay says on which
 *   day that agreement must be in force.
 * - A request the vendor has not classified yet bills nothing (decision D34).
 */
import { calendarDateOf, instantMillis, parseInstant } from './calendar-date';
import { InvalidInputError } from './errors';
import { divideRounded, parseMoney } from './money';
import type { Instant, Money } from './types';

import { FREE_SUPPORT_CLASSES, SUPPORT_CLASSES, type SupportClass } from './vocabulary';

export type { SupportClass };
export { FREE_SUPPORT_CLASSES };

const ALL_CLASSES: readonly SupportClass[] = SUPPORT_CLASSES;
export const FREE_DIAGNOSIS_MINUTES = 30;

export interface TimeEntry {
  /** When the work started. */
  from: Instant;
  minutes: number;
}

export interface SupportChargeInput {
  /** Absent while the vendor has not classified the request: nothing is billable yet. */
  classification?: SupportClass;
  entries: TimeEntry[];
  notifiedAt?: Instant;
  approvedAt?: Instant;
  hourlyRate: Money;
  discountBp?: number;
}

export interface SupportCharge {
  loggedMinutes: number;
  /** Minutes of the free initial diagnosis actually used (at most 30). */
  diagnosisMinutes: number;
  /** Billable time, in seconds (billing can start within a logged minute). */
  billableSeconds: number;
  billingStartsAt?: Instant;
  amount: Money;
  /** Why nothing or only part is billable, for the statement. */
  note: 'unclassified' | 'free_class' | 'awaiting_approval' | 'within_free_diagnosis' | 'billed';
}

const MS_PER_MINUTE = 60_000;

export function supportCharge(input: SupportChargeInput): SupportCharge {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  if (input.classification !== undefined && !ALL_CLASSES.includes(input.classification)) {
    throw new InvalidInputError('classification', `classification: expected one of ${ALL_CLASSES.join(', ')}, got ${JSON.stringify(input.classification)}`);
  }
  const rate = parseMoney(input.hourlyRate, 'hourlyRate');
  const discountBp = input.discountBp ?? 0;
  if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > 10_000) throw new InvalidInputError('discountBp', 'discountBp: expected 0..10000');
  if (!Array.isArray(input.entries)) throw new InvalidInputError('entries', 'entries: expected a list of time entries');
  const entries = input.entries
    .map((e, i) => {
      if (!Number.isInteger(e?.minutes) || e.minutes <= 0) throw new InvalidInputError(`entries[${i}].minutes`, `entries[${i}].minutes: expected a positive whole number`);
      const from = instantMillis(parseInstant(e.from, `entries[${i}].from`));
      return { from, to: from + e.minutes * MS_PER_MINUTE };
    })
    .sort((a, b) => a.from - b.from);
  const loggedMinutes = entries.reduce((acc, e) => acc + (e.to - e.from) / MS_PER_MINUTE, 0);
  const diagnosisMinutes = Math.min(loggedMinutes, FREE_DIAGNOSIS_MINUTES);
  const zero = { amount: 0, currency: rate.currency };
  const base = { loggedMinutes, diagnosisMinutes, billableSeconds: 0, amount: zero };

  if (input.classification === undefined) return { ...base, note: 'unclassified' };
  if ((FREE_SUPPORT_CLASSES as readonly SupportClass[]).includes(input.classification)) return { ...base, note: 'free_class' };
  if (input.notifiedAt === undefined || input.approvedAt === undefined) return { ...base, note: 'awaiting_approval' };
  const notified = instantMillis(parseInstant(input.notifiedAt, 'notifiedAt'));
  const approved = instantMillis(parseInstant(input.approvedAt, 'approvedAt'));
  const billingStart = Math.max(notified, approved);

  // Walk the work in time order: the first 30 minutes are the free diagnosis; after that, what lies after the
  // billing start is billable.
  let freeLeftMs = FREE_DIAGNOSIS_MINUTES * MS_PER_MINUTE;
  let billableMs = 0;
  for (const e of entries) {
    const diagnosisEnd = e.from + Math.min(freeLeftMs, e.to - e.from);
    freeLeftMs -= diagnosisEnd - e.from;
    const from = Math.max(diagnosisEnd, billingStart);
    if (e.to > from) billableMs += e.to - from;
  }
  const amount = divideRounded(BigInt(rate.amount) * BigInt(10_000 - discountBp) * BigInt(billableMs), 10_000n * 3_600_000n, 'hourlyRate');
  return {
    loggedMinutes,
    diagnosisMinutes,
    billableSeconds: billableMs / 1000,
    billingStartsAt: new Date(billingStart).toISOString(),
    amount: { amount, currency: rate.currency },
    note: billableMs > 0 ? 'billed' : 'within_free_diagnosis',
  };
}

/**
 * The day on which a maintenance agreement must be in force for its support discount (SPEC §7, decision D33): the day
 * billing starts (the later of notice and approval), or, before both are known, the day the request was filed.
 * Days are read in the vendor's time zone.
 */
export function supportDiscountDay(input: { createdAt: Instant; notifiedAt?: Instant; approvedAt?: Instant; timeZone?: string }): string {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const created = parseInstant(input.createdAt, 'createdAt');
  const notified = input.notifiedAt === undefined ? undefined : parseInstant(input.notifiedAt, 'notifiedAt');
  const approved = input.approvedAt === undefined ? undefined : parseInstant(input.approvedAt, 'approvedAt');
  const at = notified !== undefined && approved !== undefined ? (instantMillis(notified) >= instantMillis(approved) ? notified : approved) : created;
  return calendarDateOf(at, input.timeZone ?? 'UTC');
}

/** Work may be logged from at most this long before the request was filed (decision D45: the call that led to it). */
export const TIME_BEFORE_FILING_MS = 24 * 60 * 60 * 1000;

/** The earliest instant work on (or a notice about) a request filed at `filedAt` may carry (D45). */
export function earliestWorkInstant(filedAt: Instant): Instant {
  return new Date(instantMillis(parseInstant(filedAt, 'filedAt')) - TIME_BEFORE_FILING_MS).toISOString();
}

export type TimeEntryCheck = { allowed: true } | { allowed: false; reason: 'in_future' | 'before_filing'; field: 'from'; /** the earliest allowed start */ earliest: Instant };

/**
 * May the vendor log work starting at `from` on a request filed at `createdAt` (SPEC §6: billable time is what was
 * logged)? Not in the future, and not more than a day before the request was filed (D45).
 */
export function checkTimeEntry(input: { from: Instant; createdAt: Instant; asOf: Instant }): TimeEntryCheck {
  const from = instantMillis(parseInstant(input.from, 'from'));
  const createdAt = parseInstant(input.createdAt, 'createdAt');
  const asOf = instantMillis(parseInstant(input.asOf, 'asOf'));
  const earliest = earliestWorkInstant(createdAt);
  if (from > asOf) return { allowed: false, reason: 'in_future', field: 'from', earliest };
  if (from < instantMillis(earliest)) return { allowed: false, reason: 'before_filing', field: 'from', earliest };
  return { allowed: true };
}
