/**
 * Add-ons and their status per platform line (SPEC §4): `POST /v1/addons`, `GET /v1/addons`,
 * `PUT /v1/addons/{addon}/lines/{platform}/{line}`, `GET /v1/addons/{addon}/support-matrix`.
 */
import { DISCONTINUED_REASONS } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { conflict, notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { supportMatrix } from '../customer-account';
import type { AddonLineRecord } from '../store/store';
import { lineName, platform, shortText, slug } from './schemas';

export const addonBody = z.object({ id: slug, name: shortText });
export const lineStatusBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('supported') }),
  z.object({
    status: z.literal('discontinued'),
    reason: z.enum(DISCONTINUED_REASONS),
  }),
]);

export function addonRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/addons',
    requireRole('publisher'),
    route(async (req, res) => {
      const body = validate(addonBody, req.body);
      if (await ctx.store.getAddon(body.id)) throw conflict('addon_exists', `add-on ${body.id} exists already`, 'id');
      const addon = { id: body.id, name: body.name, createdAt: ctx.asOf() };
      await ctx.store.insertAddon(addon);
      res.status(201).json(addon);
    }),
  );

  router.get(
    '/v1/addons',
    requireRole('publisher', 'billing', 'partner'),
    route(async (_req, res) => {
      res.json({ addons: await ctx.store.listAddons() });
    }),
  );

  router.put(
    '/v1/addons/:addon/lines/:platform/:line',
    requireRole('publisher'),
    route(async (req, res) => {
      const addon = await ctx.store.getAddon(String(req.params.addon));
      if (!addon) throw notFound('addon', 'addon');
      const p = validate(platform, req.params.platform, 'platform');
      const line = validate(lineName, req.params.line, 'line');
      const status = validate(lineStatusBody, req.body);
      const lines = await ctx.store.listPlatformLines(p);
      if (!lines.some((l) => l.line === line)) throw notFound('platform_line', 'line');
      const record: AddonLineRecord = { addon: addon.id, platform: p, line, status, updatedAt: ctx.asOf() };
      await ctx.store.upsertAddonLine(record);
      res.json({ addon: addon.id, platform: p, line, ...status });
    }),
  );

  router.get(
    '/v1/addons/:addon/support-matrix',
    requireRole('publisher', 'billing', 'partner'),
    route(async (req, res) => {
      const addon = await ctx.store.getAddon(String(req.params.addon));
      if (!addon) throw notFound('addon', 'addon');
      const [lines, addonLines] = await Promise.all([ctx.store.listPlatformLines(), ctx.store.listAddonLines(addon.id)]);
      res.json({ addon: addon.id, name: addon.name, lines: supportMatrix(lines, addonLines) });
    }),
  );

  return router;
}
