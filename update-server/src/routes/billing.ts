/**
 * `POST /v1/billing/run` `{ date, linesOfCode?: { [customerId]: lines } }`: issues the periodic invoices due on (or,
 * catching up, before) that date for every plan; maintenance customers need their counted lines (SPEC §7).
 */
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { invoiceView } from '../invoice-view';
import { runRenewalBilling } from '../renewal-billing';
import { calendarDate, linesOfCode } from './schemas';

export const runBody = z.object({ date: calendarDate, linesOfCode: z.record(z.string().min(1).max(100), linesOfCode).optional() });

export function billingRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/billing/run',
    requireRole('billing'),
    route(async (req, res) => {
      const body = validate(runBody, req.body);
      const settings = await ctx.settings();
      for (const id of Object.keys(body.linesOfCode ?? {})) {
        if (!(await ctx.store.getCustomer(id))) throw badRequest('invalid_input', `linesOfCode.${id}: no such customer`, `linesOfCode.${id}`);
      }
      const result = await runRenewalBilling(ctx.store, settings, body.date, ctx.clock.now(), body.linesOfCode ?? {}, ctx.log);
      const payments = new Map<string, Awaited<ReturnType<typeof ctx.store.listPayments>>>();
      for (const id of new Set(result.issued.map((i) => i.customerId))) payments.set(id, await ctx.store.listPayments(id));
      res.json({ date: result.date, issued: result.issued.map((i) => invoiceView(i, payments.get(i.customerId) ?? [])), skipped: result.skipped });
    }),
  );

  return router;
}
