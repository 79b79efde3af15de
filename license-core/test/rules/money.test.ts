// SPEC §1: money in integer minor units, exact arithmetic, rounding half away from zero.
import { divideRounded, formatMoney, money, moneyToDecimal, parseMoney } from '../../src';
import { fieldOf } from './support';

describe('money', () => {
  it('builds Money from integer minor units and an ISO 4217 code', () => {
    expect(money(324000, 'EUR')).toEqual({ amount: 324000, currency: 'EUR' });
    expect(money(0, 'SEK')).toEqual({ amount: 0, currency: 'SEK' });
  });

  it.each([[1.5], [Number.NaN], ['100'], [2 ** 53], [null]])('rejects the amount %p', (amount) => {
    expect(fieldOf(() => money(amount, 'EUR', 'listPrice'))).toBe('listPrice.amount');
  });

  it.each([['eur'], ['EURO'], ['E1R'], [''], [978]])('rejects the currency %p', (currency) => {
    expect(fieldOf(() => money(100, currency, 'listPrice'))).toBe('listPrice.currency');
  });

  it('parseMoney validates an object read from JSON', () => {
    expect(parseMoney({ amount: 5, currency: 'JPY' })).toEqual({ amount: 5, currency: 'JPY' });
    expect(fieldOf(() => parseMoney(5, 'total'))).toBe('total');
    expect(fieldOf(() => parseMoney({ amount: 5 }, 'total'))).toBe('total.currency');
  });
});

describe('divideRounded (half away from zero, exact)', () => {
  it('rounds x.5 away from zero and everything else to the nearest', () => {
    expect(divideRounded(5n, 2n)).toBe(3); // 2.5 → 3
    expect(divideRounded(-5n, 2n)).toBe(-3); // -2.5 → -3
    expect(divideRounded(7n, 3n)).toBe(2); // 2.33 → 2
    expect(divideRounded(8n, 3n)).toBe(3); // 2.67 → 3
    expect(divideRounded(1n, 3n)).toBe(0);
    expect(divideRounded(-1n, 3n)).toBe(0);
  });

  it('is exact far beyond float precision', () => {
    // (2^53 - 1) * 3 / 3 would lose precision in floating point products
    expect(divideRounded(BigInt(Number.MAX_SAFE_INTEGER) * 3n, 3n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(fieldOf(() => divideRounded(BigInt(Number.MAX_SAFE_INTEGER) * 3n, 2n))).toBe('amount');
    expect(fieldOf(() => divideRounded(1n, 0n))).toBe('amount');
  });
});

describe('formatMoney (display only)', () => {
  it('uses the currency minor unit digits', () => {
    expect(formatMoney({ amount: 324000, currency: 'EUR' }, 'en-US')).toBe('€3,240.00');
    expect(formatMoney({ amount: 324000, currency: 'EUR' }, 'de-DE')).toBe('3.240,00\u00a0€');
    expect(formatMoney({ amount: 1234, currency: 'JPY' }, 'en-US')).toBe('¥1,234');
    expect(formatMoney({ amount: 5, currency: 'EUR' }, 'en-US')).toBe('€0.05');
    expect(formatMoney({ amount: -150, currency: 'USD' }, 'en-US')).toBe('-$1.50');
  });

  it('does not round large amounts through floating point', () => {
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' }, 'en-US')).toBe('€90,071,992,547,409.91');
  });

  it('rejects a bad Money value', () => {
    expect(fieldOf(() => formatMoney({ amount: 1.5, currency: 'EUR' }))).toBe('m.amount');
  });
});

describe('moneyToDecimal (CLI display: the currency’s own fraction digits, no grouping)', () => {
  test.each([
    [{ amount: 176_400, currency: 'EUR' }, '1764.00'],
    [{ amount: 5, currency: 'EUR' }, '0.05'],
    [{ amount: -990_000, currency: 'SEK' }, '-9900.00'],
    [{ amount: 500, currency: 'JPY' }, '500'], // no minor unit: not "5.00"
    [{ amount: 1234, currency: 'KWD' }, '1.234'], // three decimals
  ])('%o → %s', (m, text) => {
    expect(moneyToDecimal(m)).toBe(text);
  });
});
