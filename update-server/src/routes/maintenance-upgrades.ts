/**
 * Platform-version upgrades under a maintenance agreement (SPEC §7): `POST /v1/customers/{id}/upgrades`
 * `{ requestedOn, fromLine?, toLine?, note? }` records the included upgrade of its 12-month period and invoices the
 * one-off upgrade fee (license-core's maintenanceUpgrade). A second upgrade in the same period is not included:
 * refused with 409 `upgrade_not_included`, naming the day the next included upgrade becomes available.
 * `GET /v1/customers/{id}/upgrades` lists them.
 */
import { addDays, maintenanceInForce, maintenanceUpgrade } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { creditPolicy, newInvoice } from '../contract-billing';
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
      if (customer.plan !== 'maintenance' || !customer.maintenance || customer.contractStart === undefined) {
        throw conflict('no_maintenance_agreement', 'platform-version upgrades are part of a maintenance agreement; this customer has none');
      }
      const inForce = maintenanceInForce({
        start: customer.contractStart,
        on: body.requestedOn,
        ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
      });
      if (!inForce || customer.terminatedAt !== undefined) {
        throw conflict('no_maintenance_agreement', `requestedOn: the maintenance agreement is not in force on ${body.requestedOn}`, 'requestedOn');
      }
      const previous = await ctx.store.listMaintenanceUpgrades(customer.id);
      const verdict = maintenanceUpgrade({
        start: customer.contractStart,
        previousUpgrades: previous.map((u) => u.requestedOn),
        requestedOn: body.requestedOn,
        upgradeFee: customer.maintenance.upgradeFee,
      });
      if (!verdict.included) {
        throw conflict(
          'upgrade_not_included',
          `the included upgrade of ${verdict.period.start}..${verdict.period.end} was used; the next one is included from ${addDays(verdict.period.end, 1)}`,
          'requestedOn',
        );
      }
      const settings = await ctx.settings();
      const now = ctx.clock.now();
      const quote = {
        periodStart: body.requestedOn,
        periodEnd: body.requestedOn,
        currency: verdict.fee.currency,
        lines: [{ from: body.requestedOn, to: body.requestedOn, amount: verdict.fee.amount, description: `One-off upgrade fee${body.toLine ? ` (to ${body.toLine})` : ''}` }],
        total: verdict.fee,
      };
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
