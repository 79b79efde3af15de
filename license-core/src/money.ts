/**
 * Money (SPEC §1): integer minor units with an ISO 4217 currency, never floats. Products and quotients are
 * exact (BigInt); the one rounding, half away from zero to the minor unit, happens once per invoice line.
 */
import { InvalidInputError } from './errors';
import type { Money } from './types';

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
 * Throws when the result is not a safe integer.
 */
export function divideRounded(numerator: bigint, denominator: bigint, field = 'amount'): number {
  if (denominator === 0n) throw new InvalidInputError(field, `${field}: division by zero`);
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  const result = negative ? -q : q;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidInputError(field, `${field}: the amount is too large to be represented exactly`);
  }
  const asNumber = Number(result);
  return asNumber === 0 ? 0 : asNumber;
}

/**
 * The assurance amount for `days` of a year with `yearDays` days (SPEC §1, §2):
 * round(base × rateBp × days / (10000 × yearDays)), rounded once. A whole year (days = yearDays) is
 * exactly round(base × rateBp / 10000).
 */
export function proRataAmount(base: bigint, rateBp: number, days: number, yearDays: number): number {
  return divideRounded(base * BigInt(rateBp) * BigInt(days), 10_000n * BigInt(yearDays));
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
