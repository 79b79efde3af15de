/** `POST /v1/billing/run` `{ date }`: issues the renewal invoices due on (or, catching up, before) that date. */
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { invoiceView } from '../invoice-view';
import { runRenewalBilling } from '../renewal-billing';
import { calendarDate } from './schemas';

const runBody = z.object({ date: calendarDate });

export function billingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/billing/run',
    requireRole('billing'),
    route(async (req, res) => {
      const body = validate(runBody, req.body);
      const result = await runRenewalBilling(ctx.store, await ctx.settings(), body.date, ctx.clock.now());
      res.json({ date: result.date, issued: result.issued.map((i) => invoiceView(i, [])) });
    }),
  );

  return router;
}
