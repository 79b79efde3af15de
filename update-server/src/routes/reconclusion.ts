/**
 * Re-concluding after the contract ended (SPEC §5): `POST /v1/customers/{id}/reconclusion`
 * `{ concludedOn, plan?, maintenance?, linesOfCode? }` starts a new agreement for all licences held. license-core's
 * planReconclusion prices it: an Auto SSA back-fills the gap (≤ 30 days at the normal rate, more than 30 days
 * charged twice) so coverage is continuous once paid; the other plans start afresh (decision D24).
 * An order dated after the end re-concludes the same way (routes/orders.ts).
 */
import { reconclusionVerdict } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { assertMayAgreeMaintenancePrices, requireRole } from '../auth/vendor-auth';
import { creditPolicy, reconclusionWrite } from '../contract-billing';
import { contractFacts } from '../customer-account';
import { invoiceView } from '../invoice-view';
import { visibleCustomer } from './customers';
import { calendarDate, contractPlan, linesOfCode, maintenanceTerms } from './schemas';

export const reconclusionBody = z.object({
  concludedOn: calendarDate,
  plan: contractPlan.optional(),
  maintenance: maintenanceTerms.optional(),
  linesOfCode: linesOfCode.optional(),
});

export function reconclusionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/reconclusion',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(reconclusionBody, req.body);
      assertMayAgreeMaintenancePrices(req, body.maintenance);
      // license-core: whether the contract has ended so a new agreement may start (SPEC §5), and which one it follows.
      const verdict = reconclusionVerdict({
        ...contractFacts(customer),
        concludedOn: body.concludedOn,
        ...(customer.plan !== undefined ? { currentPlan: customer.plan } : {}),
        ...(customer.maintenance ? { currentMaintenance: customer.maintenance } : {}),
        ...(body.plan !== undefined ? { plan: body.plan } : {}),
        ...(body.maintenance ? { maintenance: body.maintenance } : {}),
      });
      if (verdict.kind === 'refused') throw refused(verdict);
      const { plan, maintenance } = verdict;
      const settings = await ctx.settings();
      const licences = await ctx.store.listLicences(customer.id);
      const write = reconclusionWrite({
        customer,
        licences,
        expiredOn: verdict.expiredOn,
        concludedOn: body.concludedOn,
        plan,
        settings,
        now: ctx.clock.now(),
        ...(maintenance ? { maintenance } : {}),
        ...(body.linesOfCode !== undefined ? { linesOfCode: body.linesOfCode } : {}),
      });
      await ctx.store.reconclude(customer.id, write.change, write.invoices, creditPolicy);
      const payments = await ctx.store.listPayments(customer.id);
      res.status(201).json({
        customerId: customer.id,
        plan,
        contractStart: body.concludedOn,
        previousAgreement: write.change.previousAgreement,
        daysSinceExpiry: write.daysSinceExpiry,
        backFillMultiplier: write.multiplier,
        invoices: write.invoices.map((i) => invoiceView(i, payments)),
      });
    }),
  );

  return router;
}
