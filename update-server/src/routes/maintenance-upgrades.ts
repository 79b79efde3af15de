/**
 * Platform-version upgrades under a maintenance agreement (SPEC §7): `POST /v1/customers/{id}/upgrades`
 * `{ requestedOn, fromLine?, toLine?, note? }` records the included upgrade of its 12-month period and invoices the
 * one-off upgrade fee (license-core's maintenanceUpgrade). A second upgrade in the same period is not included:
 * refused with 409 `upgrade_not_included`, naming the day the next included upgrade becomes available.
 * `GET /v1/customers/{id}/upgrades` lists them.
 */
import { maintenanceUpgradeRequest, upgradeFeeQuote } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { creditPolicy, newInvoice } from '../contract-billing';
import { maintenanceFacts } from '../customer-account';
import { invoiceView } from '../invoice-view';
import type { MaintenanceUpgradeRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate, lineName } from './schemas';

export const upgradeBody = z.object({
  requestedOn: calendarDate,
  fromLine: lineName.optional(),
  toLine: lineName.optional(),
  note: z.string().trim().max(500).optional(),
});

export function maintenanceUpgradeRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/upgrades',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(upgradeBody, req.body);
      const settings = await ctx.settings();
      // license-core: the agreement in force that day (the same test as the support discount's, termination
      // included) and whether this is the period's included upgrade (SPEC §7).
      const previous = await ctx.store.listMaintenanceUpgrades(customer.id);
      const verdict = maintenanceUpgradeRequest({ ...maintenanceFacts(customer, settings.timeZone), previousUpgrades: previous.map((u) => u.requestedOn) }, body.requestedOn);
      if (verdict.kind === 'refused') throw refused(verdict);
      const now = ctx.clock.now();
      const quote = upgradeFeeQuote({ requestedOn: body.requestedOn, fee: verdict.fee, ...(body.toLine ? { toLine: body.toLine } : {}) });
      const invoice = newInvoice(quote, { customerId: customer.id, kind: 'upgrade-fee', issuedOn: body.requestedOn, plan: 'maintenance', paymentTermDays: settings.paymentTermDays, now });
      const upgrade: MaintenanceUpgradeRecord = {
        id: newId('upg'),
        customerId: customer.id,
        requestedOn: body.requestedOn,
        ...(body.fromLine ? { fromLine: body.fromLine } : {}),
        ...(body.toLine ? { toLine: body.toLine } : {}),
        period: verdict.period,
        invoiceId: invoice.id,
        ...(body.note ? { note: body.note } : {}),
        createdAt: now.toISOString(),
      };
      await ctx.store.insertMaintenanceUpgrade(upgrade, invoice, creditPolicy);
      res.status(201).json({ upgrade, invoice: invoiceView(invoice, await ctx.store.listPayments(customer.id)) });
    }),
  );

  router.get(
    '/v1/customers/:id/upgrades',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      res.json({ customerId: customer.id, upgrades: await ctx.store.listMaintenanceUpgrades(customer.id) });
    }),
  );

  return router;
}
