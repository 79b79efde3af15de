// SPEC §1: money in integer minor units, exact arithmetic, rounding half away from zero.
import { divideRounded, formatMoney, money, MONEY_CEILING, moneySumVerdict, moneyToDecimal, MoneyLimitError, parseMoney, requireWithinMoneyCeiling, withinMoneyCeiling } from '../../src';
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

  it('is exact far beyond float precision, up to the money ceiling (decision U33)', () => {
    // (10^15 - 1) * 3^20 / 3^20 would lose precision in floating point products
    expect(divideRounded(BigInt(MONEY_CEILING) * 3n ** 20n, 3n ** 20n)).toBe(MONEY_CEILING);
    expect(divideRounded(-BigInt(MONEY_CEILING) * 7n, 7n)).toBe(-MONEY_CEILING);
    expect(fieldOf(() => divideRounded(1n, 0n))).toBe('amount');
  });

  it('refuses a result past the ceiling with a MoneyLimitError naming the field, even when it is a safe integer', () => {
    expect(() => divideRounded(BigInt(MONEY_CEILING) + 1n, 1n, 'licences')).toThrow(MoneyLimitError);
    expect(fieldOf(() => divideRounded(BigInt(MONEY_CEILING) * 2n + 2n, 2n, 'licences'))).toBe('licences');
    expect(fieldOf(() => divideRounded(BigInt(Number.MAX_SAFE_INTEGER) * 3n, 2n))).toBe('amount');
  });
});

describe('the money ceiling (decision U33)', () => {
  it('is below 10^15, so the sum of two amounts within it is exact in a double', () => {
    expect(MONEY_CEILING).toBe(10 ** 15 - 1);
    expect(Number.isSafeInteger(MONEY_CEILING * 2)).toBe(true);
  });

  it.each([
    [0, true],
    [MONEY_CEILING, true],
    [-MONEY_CEILING, true],
    [MONEY_CEILING + 1, false],
    [Number.MAX_SAFE_INTEGER, false],
    [1.5, false],
    ['1', false],
  ])('withinMoneyCeiling(%p) is %p', (amount, within) => {
    expect(withinMoneyCeiling(amount)).toBe(within);
  });

  it('requireWithinMoneyCeiling gives numbers and exact BigInts back, and names the field past the ceiling', () => {
    expect(requireWithinMoneyCeiling(5n, 'x', 'the total')).toBe(5);
    expect(requireWithinMoneyCeiling(BigInt(MONEY_CEILING), 'x', 'the total')).toBe(MONEY_CEILING);
    expect(Object.is(requireWithinMoneyCeiling(-0, 'x', 'the total'), 0)).toBe(true);
    const error = (() => {
      try {
        requireWithinMoneyCeiling(BigInt(MONEY_CEILING) + 1n, 'licences', 'the invoice total');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MoneyLimitError);
    expect(error).toMatchObject({ field: 'licences', code: 'ERR_INVALID_INPUT', message: expect.stringContaining('the invoice total would be 1000000000000000 minor units') });
    expect(fieldOf(() => requireWithinMoneyCeiling(Number.MAX_SAFE_INTEGER + 2, 'paid', 'the paid total'))).toBe('paid');
  });

  it('moneySumVerdict adds exactly up to the ceiling and refuses past it, naming the field', () => {
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect(moneySumVerdict({ sum: eur(MONEY_CEILING - 3), add: eur(3), field: 'amount.amount', what: 'the balance' })).toEqual({ kind: 'accepted', sum: eur(MONEY_CEILING) });
    expect(moneySumVerdict({ sum: eur(MONEY_CEILING - 3), add: eur(4), field: 'amount.amount', what: 'the balance' })).toEqual({
      kind: 'refused',
      code: 'money_limit_exceeded',
      field: 'amount.amount',
      message: 'amount.amount: the balance would be 1000000000000000 EUR, past the ceiling of 999999999999999 minor units (decision U33); it is 999999999999996 now',
    });
    // A use of credit is negative: a sum may go down, but not past −ceiling.
    expect(moneySumVerdict({ sum: eur(10), add: eur(-10), field: 'f', what: 'w' })).toEqual({ kind: 'accepted', sum: eur(0) });
    expect(moneySumVerdict({ sum: eur(0), add: eur(MONEY_CEILING + 1), field: 'f', what: 'w' })).toMatchObject({ kind: 'refused', field: 'f' });
    // A stored sum already past the ceiling (an older server) takes nothing more, named by its own field.
    expect(moneySumVerdict({ sum: eur(3 * Number.MAX_SAFE_INTEGER), add: eur(1), field: 'f', what: 'the balance', sumField: 'credit.EUR' })).toMatchObject({
      kind: 'refused',
      code: 'money_limit_exceeded',
      field: 'credit.EUR',
    });
    expect(fieldOf(() => moneySumVerdict({ sum: eur(1), add: { amount: 1, currency: 'SEK' }, field: 'f', what: 'w' }))).toBe('f');
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
