/** Issue #12, U35: which price an order line has (price-list.ts). */
import { InvalidInputError, MONEY_CEILING, listedUnitPrice, orderPricing, samePricedProduct, type Money, type PriceListEntry } from '../../src';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const sek = (amount: number): Money => ({ amount, currency: 'SEK' });
const entries: PriceListEntry[] = [
  { addon: 'docgen', listPrice: eur(400_000) },
  { addon: 'docgen', listPrice: sek(4_500_000) },
  { addon: 'docgen', edition: 'enterprise', listPrice: eur(900_000) },
  { addon: 'docgen', feature: 'esign', listPrice: eur(100_000) },
];

describe('the price list prices one licence of a product, matched exactly', () => {
  it('add-on, edition and feature must all be equal; unset matches only unset', () => {
    expect(samePricedProduct({ addon: 'docgen' }, { addon: 'docgen', edition: undefined })).toBe(true);
    expect(samePricedProduct({ addon: 'docgen' }, { addon: 'docgen', edition: 'enterprise' })).toBe(false);
    expect(samePricedProduct({ addon: 'docgen', feature: 'esign' }, { addon: 'docgen', edition: 'esign' })).toBe(false);
    expect(listedUnitPrice(entries, { addon: 'docgen', edition: 'enterprise' }, 'EUR')).toEqual(eur(900_000));
    expect(listedUnitPrice(entries, { addon: 'docgen', edition: 'enterprise' }, 'SEK')).toBeUndefined();
    expect(listedUnitPrice(entries, { addon: 'mailsync' }, 'EUR')).toBeUndefined();
  });
  it('a line costs the listed price times its quantity, in the order currency', () => {
    expect(orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 3 }, { addon: 'docgen', feature: 'esign', quantity: 2 }] })).toEqual({
      kind: 'priced',
      lines: [
        { listPrice: eur(1_200_000), listed: eur(1_200_000) },
        { listPrice: eur(200_000), listed: eur(200_000) },
      ],
    });
    expect(orderPricing({ currency: 'SEK', entries, lines: [{ addon: 'docgen', quantity: 1 }] })).toEqual({ kind: 'priced', lines: [{ listPrice: sek(4_500_000), listed: sek(4_500_000) }] });
  });
  it('a product without a price in the currency is refused, naming the line; an edition is not priced by the plain entry', () => {
    expect(orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', edition: 'team', quantity: 1 }] })).toEqual({
      kind: 'refused',
      code: 'price_not_listed',
      field: 'licences.1',
      message: 'licences.1: the price list has no price for docgen (edition team) in EUR',
    });
    expect(orderPricing({ currency: 'USD', entries, lines: [{ addon: 'docgen', quantity: 1 }] })).toMatchObject({ kind: 'refused', code: 'price_not_listed', field: 'licences.0' });
    expect(orderPricing({ currency: 'EUR', entries: [], lines: [{ addon: 'docgen', quantity: 1 }] })).toMatchObject({ kind: 'refused', code: 'price_not_listed' });
  });
  it('a line whose price passes the money ceiling (decision U33) is refused naming its quantity', () => {
    const dear = [{ addon: 'docgen', listPrice: eur(MONEY_CEILING) }];
    expect(orderPricing({ currency: 'EUR', entries: dear, lines: [{ addon: 'docgen', quantity: 1 }] })).toMatchObject({ kind: 'priced' });
    expect(orderPricing({ currency: 'EUR', entries: dear, lines: [{ addon: 'docgen', quantity: 2 }] })).toMatchObject({ kind: 'refused', code: 'money_limit_exceeded', field: 'licences.0.quantity' });
  });
  it('a quantity that is not a whole number of licences is invalid input', () => {
    expect(() => orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 0 }] })).toThrow(InvalidInputError);
    expect(() => orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 1.5 }] })).toThrow(expect.objectContaining({ field: 'licences.0.quantity' }));
  });
});

describe('an override price replaces the listed one', () => {
  it('is kept as sent (whole line), with the listed price beside it when the product is listed', () => {
    expect(orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 2, override: eur(0) }] })).toEqual({
      kind: 'priced',
      lines: [{ listPrice: eur(0), listed: eur(800_000) }],
    });
  });
  it('prices an unlisted product', () => {
    expect(orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'mailsync', quantity: 1, override: eur(5) }] })).toEqual({ kind: 'priced', lines: [{ listPrice: eur(5) }] });
  });
  it('must be in the order currency', () => {
    expect(orderPricing({ currency: 'EUR', entries, lines: [{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', quantity: 1, override: sek(5) }] })).toEqual({
      kind: 'refused',
      code: 'invalid_input',
      field: 'licences.1.listPrice.currency',
      message: 'licences.1.listPrice.currency: the order is in EUR',
    });
  });
});
