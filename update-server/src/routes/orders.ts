/**
 * Orders: `POST /v1/customers/{id}/orders` `{ orderedOn, licences: [...] }` → the licence key (shown once) and
 * the invoice license-core computed: the first invoice (SPEC §2) or, for a later order, the co-termed one.
 * `orderedOn` may lie in the past, for onboarding existing customers. `GET /v1/customers/{id}/orders`.
 */
import { addedLicencesInvoice, firstPlanInvoice } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { contractEndedBefore, creditPolicy, newInvoice, reconclusionWrite, requireMaintenancePrices } from '../contract-billing';
import { coreLicence, planOf } from '../customer-account';
import { invoiceView } from '../invoice-view';
import { hashLicenceKey, licenceKeyHint, newLicenceKey } from '../licence-key';
import type { ContractChange, InvoiceRecord, LicenceRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate, contractPlan, linesOfCode, maintenanceTerms, money, slug, tag } from './schemas';

export const orderBody = z.object({
  orderedOn: calendarDate,
  licences: z
    .array(
      z.object({
        addon: slug,
        feature: tag.optional(),
        edition: tag.optional(),
        quantity: z.number().int().min(1).max(1_000_000),
        listPrice: money,
      }),
    )
    .min(1, 'order at least one licence')
    .max(100),
  /** The plan of a contract this order starts (first order, or after the last contract ended). */
  plan: contractPlan.optional(),
  maintenance: maintenanceTerms.optional(),
  /** Lines of customer-specific code, for the first month of a maintenance agreement (SPEC §7). */
  linesOfCode: linesOfCode.optional(),
});

export function orderRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/orders',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(orderBody, req.body);
      for (const [i, l] of body.licences.entries()) {
        if (!(await ctx.store.getAddon(l.addon))) throw badRequest('unknown_addon', `licences.${i}.addon: no add-on ${l.addon}`, `licences.${i}.addon`);
      }
      if (customer.terminatedAt !== undefined) throw conflict('customer_terminated', 'the customer’s assurance was terminated; no new orders');
      const settings = await ctx.settings();
      const now = ctx.clock.now();
      const orderId = newId('ord');
      const licences: LicenceRecord[] = body.licences.map((l) => ({
        id: newId('lic'),
        orderId,
        customerId: customer.id,
        addon: l.addon,
        quantity: l.quantity,
        listPrice: l.listPrice,
        orderedOn: body.orderedOn,
        ...(l.feature !== undefined ? { feature: l.feature } : {}),
        ...(l.edition !== undefined ? { edition: l.edition } : {}),
      }));
      // One agreement per customer (SPEC §5), so one currency: its fee is a share of all licence prices.
      const held = customer.contractStart === undefined ? [] : await ctx.store.listLicences(customer.id);
      const currency = held[0]?.listPrice.currency ?? body.licences[0].listPrice.currency;
      for (const [i, l] of body.licences.entries()) {
        if (l.listPrice.currency !== currency) {
          throw badRequest('invalid_input', `licences.${i}.listPrice.currency: the customer's licences are priced in ${currency}`, `licences.${i}.listPrice.currency`);
        }
      }
      const ordered = licences.map(coreLicence);
      const invoiceFields = { customerId: customer.id, orderId, issuedOn: body.orderedOn, paymentTermDays: settings.paymentTermDays, now };
      let invoices: InvoiceRecord[];
      let contract: ContractChange | undefined;
      if (customer.contractStart === undefined || contractEndedBefore(customer, body.orderedOn)) {
        // The order starts a contract: the first one, or a new one after the last ended (SPEC §5 re-conclusion).
        const plan = body.plan ?? planOf(customer);
        const maintenance = body.maintenance ?? customer.maintenance;
        requireMaintenancePrices(plan, maintenance);
        const pricing = { rateBp: settings.assuranceRateBp, ...(maintenance ? { maintenance } : {}), ...(body.linesOfCode !== undefined ? { linesOfCode: body.linesOfCode } : {}) };
        if (customer.contractStart === undefined) {
          const quote = firstPlanInvoice({ plan, orderDate: body.orderedOn, licences: ordered, ...pricing });
          invoices = [newInvoice(quote, { ...invoiceFields, kind: 'first', plan })];
          contract = { contractStart: body.orderedOn, plan, ...(maintenance ? { maintenance } : {}) };
        } else {
          const write = reconclusionWrite({ customer, licences: [...held, ...licences], concludedOn: body.orderedOn, plan, settings, orderId, now, ...(maintenance ? { maintenance } : {}), ...(body.linesOfCode !== undefined ? { linesOfCode: body.linesOfCode } : {}) });
          invoices = write.invoices;
          contract = write.change;
        }
      } else {
        if (body.orderedOn < customer.contractStart) {
          throw badRequest('invalid_input', `orderedOn: before the contract start ${customer.contractStart}`, 'orderedOn');
        }
        const plan = planOf(customer);
        if (body.plan !== undefined && body.plan !== plan) {
          throw conflict('plan_locked', `plan: the running contract is on ${plan}; a plan is chosen when a contract starts or is re-concluded`, 'plan');
        }
        // Co-terming (SPEC §2, §5): the added licences to the current period or billing interval; nothing for §7.
        const quote = addedLicencesInvoice({ plan, contractStart: customer.contractStart, orderDate: body.orderedOn, licences: ordered, rateBp: settings.assuranceRateBp });
        invoices = quote ? [newInvoice(quote, { ...invoiceFields, kind: 'co-term', plan })] : [];
      }
      const invoice = invoices[invoices.length - 1];
      const key = newLicenceKey();
      const keyRecord = {
        id: newId('key'),
        customerId: customer.id,
        orderId,
        keyHash: hashLicenceKey(key)!,
        hint: licenceKeyHint(key),
        createdAt: now.toISOString(),
      };
      await ctx.store.insertOrder(
        {
          order: { id: orderId, customerId: customer.id, orderedOn: body.orderedOn, licenceKeyId: keyRecord.id, ...(invoice ? { invoiceId: invoice.id } : {}), createdAt: now.toISOString() },
          licences,
          licenceKey: keyRecord,
          invoices,
          ...(contract ? { contract } : {}),
        },
        creditPolicy,
      );
      const payments = await ctx.store.listPayments(customer.id);
      res.status(201).json({
        orderId,
        customerId: customer.id,
        orderedOn: body.orderedOn,
        licenceKey: key,
        licenceKeyId: keyRecord.id,
        licenceKeys: [key],
        licences: licences.map(({ customerId: _c, ...l }) => l),
        plan: contract?.plan ?? planOf(customer),
        ...(contract?.previousAgreement ? { reconcluded: { previousAgreement: contract.previousAgreement } } : {}),
        invoice: invoice ? invoiceView(invoice, payments) : null,
        invoices: invoices.map((i) => invoiceView(i, payments)),
      });
    }),
  );

  router.get(
    '/v1/customers/:id/orders',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      res.json({ orders: await ctx.store.listOrders(customer.id) });
    }),
  );

  return router;
}
