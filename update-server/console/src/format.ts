/** How the console writes money (integer minor units, as the API sends them) and dates (calendar dates, UTC instants). */
import { moneyToDecimal } from '@crm-assurance/license-core/src/money';

export interface Money {
  amount: number;
  currency: string;
}

const minorDigits = (currency: string): number => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** 123456 EUR → "EUR 1,234.56": the amount is minor units of its currency, formatted exactly from license-core's decimal. */
export function money(m: Money | undefined): string {
  if (!m) return '—';
  const nf = new Intl.NumberFormat('en', { style: 'currency', currency: m.currency, currencyDisplay: 'code' });
  // Intl formats a decimal string exactly (no float division of large amounts), as license-core's formatMoney does.
  return (nf.format as unknown as (value: string) => string)(moneyToDecimal(m));
}

/** A typed amount ("1,234.50") in minor units of `currency`, or undefined when it is not an amount. */
export function parseAmount(text: string, currency: string): number | undefined {
  const clean = text.replace(/[\s,']/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** A calendar date (YYYY-MM-DD) as "12 Mar 2026"; an instant as its UTC date and time. */
export function date(value: string | undefined): string {
  if (!value) return '—';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const text = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
  if (day) return text;
  return `${text} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Today's calendar date in UTC (the console's default for "paid on"). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
