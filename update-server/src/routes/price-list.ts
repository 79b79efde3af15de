/**
 * The vendor's price list (issue #12, U35): the price of ONE licence per add-on, edition, feature and currency, which
 * orders take their line prices from. `GET /v1/price-list` (billing, partner), `PUT /v1/price-list/{addon}`
 * `{ edition?, feature?, listPrice }` and `DELETE /v1/price-list/{addon}?currency=&edition=&feature=` (admin only).
 */
import { Router } from 'express';
import { z } from 'zod';
import { notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import type { PriceListRecord } from '../store/store';
import { currencyCode, money, slug, tag } from './schemas';

/** Strict: a misspelt `edition` or `feature` must not silently price (or remove) the plain product. */
export const priceBody = z.strictObject({
  edition: tag.optional(),
  feature: tag.optional(),
  /** The price of one licence. */
  listPrice: money,
});
export const priceKeyQuery = z.strictObject({ currency: currencyCode, edition: tag.optional(), feature: tag.optional() });
export const priceListQuery = z.strictObject({ addon: slug.optional() });

export function priceListRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(
    '/v1/price-list',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const query = validate(priceListQuery, req.query);
      res.json({ prices: await ctx.store.listPrices(query.addon) });
    }),
  );

  router.put(
    '/v1/price-list/:addon',
    requireRole('admin'),
    route(async (req, res) => {
      const addon = await ctx.store.getAddon(String(req.params.addon));
      if (!addon) throw notFound('addon', 'addon');
      const body = validate(priceBody, req.body);
      const entry: PriceListRecord = {
        addon: addon.id,
        ...(body.edition !== undefined ? { edition: body.edition } : {}),
        ...(body.feature !== undefined ? { feature: body.feature } : {}),
        listPrice: body.listPrice,
        updatedAt: ctx.asOf(),
        updatedBy: req.apiKey!.id,
      };
      const { created } = await ctx.store.setPrice(entry);
      res.status(created ? 201 : 200).json(entry);
    }),
  );

  router.delete(
    '/v1/price-list/:addon',
    requireRole('admin'),
    route(async (req, res) => {
      const query = validate(priceKeyQuery, req.query);
      const removed = await ctx.store.removePrice({ addon: String(req.params.addon), ...query });
      if (!removed) throw notFound('price');
      res.status(204).end();
    }),
  );

  return router;
}
