/**
 * Maintenance agreements (SPEC §7, seed 004): the third plan family.
 * - Billed monthly, for at least 12 months; the price is a base plus a rate per line of customer-specific code,
 *   as counted for each invoice run (one line each on the invoice, so the customer sees both).
 * - One platform-version upgrade per 12-month period (counted from the agreement's start) is included; each upgrade
 *   carries a one-off fee (e.g. SEK 9,900) added when it starts. A second upgrade in the same period is not included.
 */
import { addDays, addMonths, parseCalendarDate } from './calendar-date';
import { InvalidInputError } from './errors';
import { parseMoney, requireWithinMoneyCeiling } from './money';
import type { ContractPlan } from './plan';
import { refusal, type Refusal } from './refusal';
import type { CalendarDate, InvoiceQuote, Money, Period } from './types';

export const MAINTENANCE_MINIMUM_MONTHS = 12;

/** What a maintenance agreement prices with (SPEC §7), kept with the customer's contract. */
export interface MaintenanceTerms {
  /** The monthly base price. */
  base: Money;
  /** The monthly price per line of customer-specific code. */
  ratePerLine: Money;
  /** The one-off fee added when a platform-version upgrade starts (seed 004: SEK 9,900). */
  upgradeFee: Money;
  /** The discount on the support hourly rate for agreement customers (SPEC §7), in basis points. */
  supportDiscountBp: number;
}

/**
 * One month of a maintenance agreement. `periodEnd` defaults to the day before the same day next month; a billing
 * run passes the month as counted from the agreement's start (term-plan.ts), so a 31 January start keeps month ends.
 */
export function maintenanceMonthlyInvoice(input: { periodStart: CalendarDate; periodEnd?: CalendarDate; base: Money; ratePerLine: Money; linesOfCode: number }): InvoiceQuote {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const start = parseCalendarDate(input.periodStart, 'periodStart');
  const base = parseMoney(input.base, 'base');
  const rate = parseMoney(input.ratePerLine, 'ratePerLine');
  if (rate.currency !== base.currency) throw new InvalidInputError('ratePerLine.currency', `ratePerLine.currency: expected ${base.currency}, got ${rate.currency}`);
  if (base.amount < 0 || rate.amount < 0) throw new InvalidInputError('base', 'base and ratePerLine cannot be negative');
  if (!Number.isSafeInteger(input.linesOfCode) || input.linesOfCode < 0) {
    throw new InvalidInputError('linesOfCode', `linesOfCode: expected a whole number ≥ 0, got ${JSON.stringify(input.linesOfCode)}`);
  }
  const end = input.periodEnd === undefined ? addDays(addMonths(start, 1), -1) : parseCalendarDate(input.periodEnd, 'periodEnd');
  if (end < start) throw new InvalidInputError('periodEnd', `periodEnd: ${end} is before periodStart ${start}`);
  // Exact in BigInt, then within the ceiling (decision U33): the line and the total.
  const code = requireWithinMoneyCeiling(BigInt(rate.amount) * BigInt(input.linesOfCode), 'linesOfCode', 'the customer-specific code line');
  const total = requireWithinMoneyCeiling(BigInt(base.amount) + BigInt(code), 'linesOfCode', 'the invoice total');
  return {
    periodStart: start,
    periodEnd: end,
    currency: base.currency,
    lines: [
      { from: start, to: end, amount: base.amount, description: 'Maintenance and support agreement (base)' },
      { from: start, to: end, amount: code, description: `Customer-specific code: ${input.linesOfCode} lines` },
    ],
    total: { amount: total, currency: base.currency },
  };
}

/** The last day of the 12-month minimum term. */
export function maintenanceMinimumEnd(start: CalendarDate): CalendarDate {
  return addDays(addMonths(parseCalendarDate(start, 'start'), MAINTENANCE_MINIMUM_MONTHS), -1);
}

/** Whether an upgrade requested on `requestedOn` is the included one of its 12-month period, and its one-off fee. */
export function maintenanceUpgrade(input: { start: CalendarDate; previousUpgrades: CalendarDate[]; requestedOn: CalendarDate; upgradeFee: Money }): {
  period: Period;
  included: boolean;
  fee: Money;
} {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const start = parseCalendarDate(input.start, 'start');
  const requestedOn = parseCalendarDate(input.requestedOn, 'requestedOn');
  if (requestedOn < start) throw new InvalidInputError('requestedOn', `requestedOn: ${requestedOn} is before the agreement's start ${start}`);
  const fee = parseMoney(input.upgradeFee, 'upgradeFee');
  if (!Array.isArray(input.previousUpgrades)) throw new InvalidInputError('previousUpgrades', 'previousUpgrades: expected a list of dates');
  const previous = input.previousUpgrades.map((d, i) => parseCalendarDate(d, `previousUpgrades[${i}]`));
  let k = 0;
  while (addMonths(start, 12 * (k + 1)) <= requestedOn) k++;
  const period = { start: addMonths(start, 12 * k), end: addDays(addMonths(start, 12 * (k + 1)), -1) };
  const included = !previous.some((d) => d >= period.start && d <= period.end);
  return { period, included, fee };
}

/**
 * Whether a maintenance agreement is in force on a day (SPEC §7 "a valid agreement"): from its start through its
 * last day after a cancellation, and never on or after an extraordinary termination.
 */
export function maintenanceInForce(input: { start: CalendarDate; on: CalendarDate; effectiveEnd?: CalendarDate; terminatedOn?: CalendarDate }): boolean {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const start = parseCalendarDate(input.start, 'start');
  const on = parseCalendarDate(input.on, 'on');
  if (on < start) return false;
  if (input.effectiveEnd !== undefined && on > parseCalendarDate(input.effectiveEnd, 'effectiveEnd')) return false;
  if (input.terminatedOn !== undefined && on >= parseCalendarDate(input.terminatedOn, 'terminatedOn')) return false;
  return true;
}

/** A customer's maintenance agreement as stored with its contract (SPEC §7). */
export interface MaintenanceAgreementFacts {
  plan: ContractPlan;
  maintenance?: MaintenanceTerms;
  contractStart?: CalendarDate;
  /** The last day after an ordinary cancellation. */
  effectiveEnd?: CalendarDate;
  /** The day of an extraordinary termination (SPEC §2), as a calendar date. */
  terminatedOn?: CalendarDate;
}

export type MaintenanceAgreementOn =
  | { kind: 'in-force'; start: CalendarDate; terms: MaintenanceTerms }
  | { kind: 'none' }
  | { kind: 'not-in-force' };

/**
 * The customer's maintenance agreement on a day (SPEC §7 "a valid agreement"), the one test every caller uses: the
 * support discount and the included upgrade alike. `none` when the customer has no maintenance agreement at all;
 * `not-in-force` before its start, after its last day, or on or after an extraordinary termination.
 */
export function maintenanceAgreementOn(agreement: MaintenanceAgreementFacts, on: CalendarDate): MaintenanceAgreementOn {
  const { plan, maintenance, contractStart } = agreement;
  if (plan !== 'maintenance' || !maintenance || contractStart === undefined) return { kind: 'none' };
  const inForce = maintenanceInForce({
    start: contractStart,
    on,
    ...(agreement.effectiveEnd !== undefined ? { effectiveEnd: agreement.effectiveEnd } : {}),
    ...(agreement.terminatedOn !== undefined ? { terminatedOn: agreement.terminatedOn } : {}),
  });
  return inForce ? { kind: 'in-force', start: contractStart, terms: maintenance } : { kind: 'not-in-force' };
}

/** The discount on the support hourly rate for work on `on` (SPEC §7): the agreement's while it is in force, else 0. */
export function maintenanceSupportDiscountBp(agreement: MaintenanceAgreementFacts, on: CalendarDate): number {
  const a = maintenanceAgreementOn(agreement, on);
  return a.kind === 'in-force' ? a.terms.supportDiscountBp : 0;
}

export type MaintenanceUpgradeRequest =
  | { kind: 'included'; period: Period; fee: Money }
  | Refusal<'no_maintenance_agreement' | 'upgrade_not_included'>;

/**
 * A platform-version upgrade requested on `requestedOn` (SPEC §7): the included upgrade of its 12-month period, with
 * its one-off fee, or refused: no maintenance agreement, the agreement not in force that day (maintenanceAgreementOn,
 * which honours an extraordinary termination), or the period's included upgrade used already (naming the day the
 * next one is included). A terminated agreement takes no new upgrade whatever the day asked for, as a terminated
 * customer takes no new order (SPEC §2: termination ends the relationship at once).
 */
export function maintenanceUpgradeRequest(agreement: MaintenanceAgreementFacts & { previousUpgrades: CalendarDate[] }, requestedOn: CalendarDate): MaintenanceUpgradeRequest {
  const a = maintenanceAgreementOn(agreement, requestedOn);
  if (a.kind === 'none') return refusal('no_maintenance_agreement', 'platform-version upgrades are part of a maintenance agreement; this customer has none');
  if (a.kind === 'not-in-force' || agreement.terminatedOn !== undefined) {
    return refusal('no_maintenance_agreement', `requestedOn: the maintenance agreement is not in force on ${requestedOn}`, 'requestedOn');
  }
  const verdict = maintenanceUpgrade({ start: a.start, previousUpgrades: agreement.previousUpgrades, requestedOn, upgradeFee: a.terms.upgradeFee });
  if (!verdict.included) {
    return refusal(
      'upgrade_not_included',
      `the included upgrade of ${verdict.period.start}..${verdict.period.end} was used; the next one is included from ${addDays(verdict.period.end, 1)}`,
      'requestedOn',
    );
  }
  return { kind: 'included', period: verdict.period, fee: verdict.fee };
}

/** The invoice of an upgrade's one-off fee (SPEC §7), for the day it starts. */
export function upgradeFeeQuote(input: { requestedOn: CalendarDate; fee: Money; toLine?: string }): InvoiceQuote {
  const day = parseCalendarDate(input.requestedOn, 'requestedOn');
  const fee = parseMoney(input.fee, 'fee');
  requireWithinMoneyCeiling(fee.amount, 'fee', 'the upgrade fee');
  return {
    periodStart: day,
    periodEnd: day,
    currency: fee.currency,
    lines: [{ from: day, to: day, amount: fee.amount, description: `One-off upgrade fee${input.toLine ? ` (to ${input.toLine})` : ''}` }],
    total: fee,
  };
}
