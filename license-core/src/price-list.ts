/**
 * Which price an order line has (issue #12, decision U35): the vendor's price list prices one licence of a product
 * (an add-on, optionally an edition and a separately licensed feature) in a currency; a line costs that price times
 * its quantity (a Licence's `listPrice` is for its whole quantity). The product must match exactly: an entry without
 * an edition does not price an edition, so a missing price is a refusal, never a guess. A line may instead carry an
 * override price (who may send one, and with which reason, is the server's business); it must be in the order's
 * currency (SPEC §5: one agreement, one currency).
 */
import { InvalidInputError } from './errors';
import { MONEY_CEILING } from './money';
import { refusal, type Refusal } from './refusal';
import type { Money } from './types';

/** What the price list keys a price by. Unset edition/feature means "the product without one". */
export interface PricedProduct {
  addon: string;
  edition?: string;
  feature?: string;
}

export interface PriceListEntry extends PricedProduct {
  /** The price of ONE licence. */
  listPrice: Money;
}

/** An order line to price: the product, its quantity, and the override price (whole line) when one was sent. */
export interface LineToPrice extends PricedProduct {
  quantity: number;
  override?: Money;
}

export interface LinePrice {
  /** The line's price for its whole quantity: the override, else the listed price times the quantity. */
  listPrice: Money;
  /** The price list's price for the whole quantity, when the product is listed in the currency (also when overridden). */
  listed?: Money;
}

export type OrderPricing = { kind: 'priced'; lines: LinePrice[] } | Refusal<'price_not_listed' | 'invalid_input' | 'money_limit_exceeded'>;

/** The same product of the price list: add-on, edition and feature all equal (unset only matches unset). */
export function samePricedProduct(a: PricedProduct, b: PricedProduct): boolean {
  return a.addon === b.addon && (a.edition ?? '') === (b.edition ?? '') && (a.feature ?? '') === (b.feature ?? '');
}

/** The listed price of one licence of `product` in `currency`, or undefined when the price list has none. */
export function listedUnitPrice(entries: readonly PriceListEntry[], product: PricedProduct, currency: string): Money | undefined {
  return entries.find((e) => e.listPrice.currency === currency && samePricedProduct(e, product))?.listPrice;
}

/** How a product is named in messages: `docgen (edition enterprise, feature esign)`. */
export function describePricedProduct(p: PricedProduct): string {
  const parts = [p.edition !== undefined ? `edition ${p.edition}` : undefined, p.feature !== undefined ? `feature ${p.feature}` : undefined].filter(Boolean);
  return parts.length > 0 ? `${p.addon} (${parts.join(', ')})` : p.addon;
}

/**
 * The price of every line of an order in `currency`. A line with an override keeps it (it must be in `currency`);
 * any other line takes the listed price times its quantity, and is refused `price_not_listed` (naming `licences.{i}`)
 * when the product has no price in that currency. A line whose price would not fit in a safe integer is refused
 * naming its quantity.
 */
export function orderPricing(input: { currency: string; entries: readonly PriceListEntry[]; lines: readonly LineToPrice[] }): OrderPricing {
  const lines: LinePrice[] = [];
  for (const [i, line] of input.lines.entries()) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new InvalidInputError(`licences.${i}.quantity`, `licences.${i}.quantity: expected a whole number of licences, at least 1`);
    }
    const unit = listedUnitPrice(input.entries, line, input.currency);
    let listed: Money | undefined;
    if (unit !== undefined) {
      const amount = BigInt(unit.amount) * BigInt(line.quantity);
      if (amount > BigInt(MONEY_CEILING)) {
        // Decision U33: no amount past the money ceiling.
        return refusal('money_limit_exceeded', `licences.${i}.quantity: ${line.quantity} licences at ${unit.amount} minor units pass the money ceiling of ${MONEY_CEILING}`, `licences.${i}.quantity`);
      }
      listed = { amount: Number(amount), currency: input.currency };
    }
    if (line.override !== undefined) {
      if (line.override.currency !== input.currency) {
        const field = `licences.${i}.listPrice.currency`;
        return refusal('invalid_input', `${field}: the order is in ${input.currency}`, field);
      }
      lines.push({ listPrice: line.override, ...(listed ? { listed } : {}) });
      continue;
    }
    if (listed === undefined) {
      return refusal('price_not_listed', `licences.${i}: the price list has no price for ${describePricedProduct(line)} in ${input.currency}`, `licences.${i}`);
    }
    lines.push({ listPrice: listed, listed });
  }
  return { kind: 'priced', lines };
}
