/** `GET /v1/settings`, `PATCH /v1/settings` (admin): the vendor's settings kept in the store. */
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { money, shortText } from './schemas';

export const corsOrigin = z
  .string()
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'expected an origin such as https://contoso.crm4.dynamics.com (no path)');

export const settingsPatch = z.object({
  vendorName: shortText.optional(),
  timeZone: z.string().min(1).max(64).optional(),
  assuranceRateBp: z.number().int().min(0).max(10_000).optional(),
  sandboxOrgsAllowed: z.number().int().min(0).max(100).optional(),
  entitlementGraceDays: z.number().int().min(1).max(365).optional(),
  manifestTtlSeconds: z.number().int().min(60).max(30 * 86_400).optional(),
  downloadTokenTtlSeconds: z.number().int().min(10).max(86_400).optional(),
  paymentTermDays: z.number().int().min(0).max(365).optional(),
  supportHourlyRate: money.optional(),
  corsOrigins: z.array(corsOrigin).max(100).optional(),
});

export function vendorSettingsRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(
    '/v1/settings',
    requireRole('admin'),
    route(async (_req, res) => {
      res.json(await ctx.settings());
    }),
  );

  router.patch(
    '/v1/settings',
    requireRole('admin'),
    route(async (req, res) => {
      const patch = validate(settingsPatch, req.body);
      if (patch.timeZone !== undefined) {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: patch.timeZone });
        } catch {
          validate(z.never(), patch.timeZone, 'timeZone');
        }
      }
      const current = await ctx.settings();
      const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      await ctx.store.saveSettings(next);
      ctx.settingsChanged();
      res.json(next);
    }),
  );

  return router;
}
