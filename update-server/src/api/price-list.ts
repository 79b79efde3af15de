/** Answers of the price-list routes (issue #12, U35): the price of one licence per add-on, edition, feature, currency. */
import { z } from 'zod';
import { instant, money } from './values';

export const price = z.object({
  addon: z.string(),
  edition: z.string().optional().describe('unset: the add-on without an edition'),
  feature: z.string().optional().describe('unset: the add-on itself, not a separately licensed feature'),
  listPrice: money.describe('the price of ONE licence; an order line costs it times its quantity'),
  updatedAt: instant,
  updatedBy: z.string().describe('id of the API key that set it'),
});
export const priceList = z.object({ prices: z.array(price) });

export type Price = z.output<typeof price>;
export type PriceList = z.output<typeof priceList>;
