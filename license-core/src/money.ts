/**
 * Money (SPEC §1): integer minor units with an ISO 4217 currency, never floats. Products and quotients are
 * exact (BigInt); the one rounding, half away from zero to the minor unit, happens once per invoice line.
 *
 * The money ceiling (issue #12, decision U33): every amount the API accepts and every sum the rule book keeps
 * (a credit balance per currency, the paid total of an invoice, an invoice line and total) is at most
 * MONEY_CEILING minor units, per currency. Below 10^15, the sum of two such values is still below 2^53, so adding
 * one more amount to a sum is exact in a double and can be checked before it is kept.
 */
import { InvalidInputError, MoneyLimitError } from './errors';
import { refusal, type Refusal } from './refusal';
import type { Money } from './types';

/** The largest amount or sum of money, in minor units of any one currency (decision U33): 10^15 − 1. */
export const MONEY_CEILING = 999_999_999_999_999;

/** Whether `amount` is an integer of minor units within ±MONEY_CEILING. */
export function withinMoneyCeiling(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && Math.abs(amount) <= MONEY_CEILING;
}

/**
 * `amount` (a number, or an exact BigInt) as a number, when it lies within ±MONEY_CEILING; else throws
 * MoneyLimitError naming `field`, with `what` saying which sum it is ("the invoice total").
 */
export function requireWithinMoneyCeiling(amount: number | bigint, field: string, what: string): number {
  const exact = typeof amount === 'bigint' ? amount : Number.isSafeInteger(amount) ? BigInt(amount) : undefined;
  const ceiling = BigInt(MONEY_CEILING);
  if (exact === undefined || exact > ceiling || exact < -ceiling) {
    throw new MoneyLimitError(field, `${field}: ${what} would be ${String(amount)} minor units, past the ceiling of ${MONEY_CEILING} (decision U33)`);
  }
  const n = Number(exact);
  return n === 0 ? 0 : n;
}

export type MoneySumVerdict = { kind: 'accepted'; sum: Money } | Refusal<'money_limit_exceeded'>;

/**
 * Adding `add` to a kept sum `sum` of one currency (a credit balance, a paid total): accepted with the new sum when
 * it stays within MONEY_CEILING, else refused `money_limit_exceeded` naming `field` (decision U33). A `sum` that is
 * already past the ceiling (written before the ceiling existed) is refused the same way, naming `sumField`: nothing
 * may be added to it.
 */
export function moneySumVerdict(input: { sum: Money; add: Money; field: string; what: string; sumField?: string }): MoneySumVerdict {
  const { sum, add, field, what } = input;
  if (sum.currency !== add.currency) throw new InvalidInputError(`${field}`, `${field}: ${add.currency} cannot be added to a sum in ${sum.currency}`);
  if (!withinMoneyCeiling(sum.amount)) {
    const at = input.sumField ?? field;
    return refusal('money_limit_exceeded', `${at}: ${what} is ${sum.amount} ${sum.currency}, already past the ceiling of ${MONEY_CEILING} minor units (decision U33)`, at);
  }
  if (!withinMoneyCeiling(add.amount)) {
    return refusal('money_limit_exceeded', `${field}: ${add.amount} is past the ceiling of ${MONEY_CEILING} minor units (decision U33)`, field);
  }
  const total = sum.amount + add.amount; // exact: both are below 10^15
  if (Math.abs(total) > MONEY_CEILING) {
    return refusal(
      'money_limit_exceeded',
      `${field}: ${what} would be ${total} ${sum.currency}, past the ceiling of ${MONEY_CEILING} minor units (decision U33); it is ${sum.amount} now`,
      field,
    );
  }
  return { kind: 'accepted', sum: { amount: total === 0 ? 0 : total, currency: sum.currency } };
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Validates and builds a Money value. `amount` is a safe integer of minor units (cents, öre). */
export function money(amount: unknown, currency: unknown, field = 'money'): Money {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new InvalidInputError(
      `${field}.amount`,
      `${field}.amount: expected an integer number of minor units, got ${JSON.stringify(amount) ?? String(amount)}`,
    );
  }
  if (typeof currency !== 'string' || !CURRENCY_PATTERN.test(currency)) {
    throw new InvalidInputError(
      `${field}.currency`,
      `${field}.currency: expected an ISO 4217 code of three upper-case letters, got ${JSON.stringify(currency) ?? String(currency)}`,
    );
  }
  return { amount: amount === 0 ? 0 : amount, currency };
}

/** Validates a value that claims to be Money (e.g. read from JSON). */
export function parseMoney(value: unknown, field = 'money'): Money {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, `${field}: expected { amount, currency }, got ${JSON.stringify(value) ?? String(value)}`);
  }
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return money(amount, currency, field);
}

/**
 * numerator / denominator rounded half away from zero to an integer, exactly (SPEC §1).
 * Throws MoneyLimitError when the result lies past MONEY_CEILING (decision U33).
 */
export function divideRounded(numerator: bigint, denominator: bigint, field = 'amount'): number {
  if (denominator === 0n) throw new InvalidInputError(field, `${field}: division by zero`);
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return requireWithinMoneyCeiling(negative ? -q : q, field, 'an invoice line');
}

/**
 * The assurance amount for `days` of a year with `yearDays` days (SPEC §1, §2):
 * round(base × rateBp × days / (10000 × yearDays)), rounded once. A whole year (days = yearDays) is
 * exactly round(base × rateBp / 10000).
 */
export function proRataAmount(base: bigint, rateBp: number, days: number, yearDays: number, field = 'amount'): number {
  return divideRounded(base * BigInt(rateBp) * BigInt(days), 10_000n * BigInt(yearDays), field);
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let nf = formatters.get(key);
  if (!nf) {
    try {
      nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      throw new InvalidInputError('locale', `locale: cannot format ${currency} for locale ${JSON.stringify(locale)}`);
    }
    formatters.set(key, nf);
  }
  return nf;
}

/**
 * Minor units as a plain decimal in the currency's own number of fraction digits (EUR 2, JPY 0, ...), without
 * grouping or symbol: { amount: 176400, currency: 'EUR' } → "1764.00"; { amount: 500, currency: 'JPY' } → "500".
 */
export function moneyToDecimal(m: Money): string {
  const { amount, currency } = parseMoney(m, 'm');
  const digits = currencyFormat(currency, 'en-US').resolvedOptions().maximumFractionDigits ?? 2;
  const negative = amount < 0;
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  return (negative ? '-' : '') + (digits === 0 ? units : `${units.slice(0, units.length - digits)}.${units.slice(-digits)}`);
}

/**
 * Display only: formats minor units in the currency's own number of fraction digits (JPY 0, EUR 2, ...)
 * through Intl, e.g. formatMoney({ amount: 324000, currency: 'EUR' }, 'en-US') = "€3,240.00".
 */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const { currency } = parseMoney(m, 'm');
  const nf = currencyFormat(currency, locale);
  // Intl formats decimal strings exactly (no float rounding of large amounts).
  return (nf.format as unknown as (value: string) => string)(moneyToDecimal(m));
}
