/**
 * Orders: `POST /v1/customers/{id}/orders` `{ orderedOn, currency, licences: [...] }` → the licence key (shown once)
 * and the invoice license-core computed: the first invoice (SPEC §2) or, for a later order, the co-termed one.
 * `orderedOn` may lie in the past, for onboarding existing customers. `GET /v1/customers/{id}/orders` (each order
 * with its licences).
 * An order names products; each line's price comes from the vendor's price list (U35). A line's `listPrice` is an
 * override: admin keys only, with a `priceReason`, recorded on the licence with the key that sent it (U36).
 */
import { addedLicencesInvoice, firstPlanInvoice, orderPricing, orderVerdict } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, forbidden, refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { assertMayAgreeMaintenancePrices, requireRole } from '../auth/vendor-auth';
import { creditPolicy, newInvoice, reconclusionWrite } from '../contract-billing';
import { contractFacts, coreLicence, planOf } from '../customer-account';
import { invoiceView } from '../invoice-view';
import { hashLicenceKey, licenceKeyHint, newLicenceKey } from '../licence-key';
import type { ContractChange, InvoiceRecord, LicenceRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate, contractPlan, currencyCode, linesOfCode, maintenanceTerms, money, shortText, slug, tag } from './schemas';

export const orderBody = z.object({
  orderedOn: calendarDate,
  /** The currency the lines are priced in from the price list (U35); a customer's later orders keep its currency. */
  currency: currencyCode,
  licences: z
    .array(
      z.object({
        addon: slug,
        feature: tag.optional(),
        edition: tag.optional(),
        quantity: z.number().int().min(1).max(1_000_000),
        /** An override of the line's price, for its whole quantity: admin keys only, with `priceReason` (U36). */
        listPrice: money.optional(),
        /** Why the price was overridden; recorded on the licence. */
        priceReason: shortText.optional(),
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
      assertMayAgreeMaintenancePrices(req, body.maintenance);
      const apiKey = req.apiKey!;
      // U36: only an admin may override a price from the price list, and only with a reason (issue #12: a billing or
      // partner key ordering at 0.00 got a paid invoice, an active contract and every update).
      for (const [i, l] of body.licences.entries()) {
        if (l.listPrice !== undefined && apiKey.role !== 'admin') {
          throw forbidden('forbidden', `licences.${i}.listPrice: prices come from the price list; only an admin key may override one`, `licences.${i}.listPrice`);
        }
        if (l.listPrice !== undefined && l.priceReason === undefined) {
          throw badRequest('invalid_input', `licences.${i}.priceReason: an overridden price needs the reason`, `licences.${i}.priceReason`);
        }
        if (l.listPrice === undefined && l.priceReason !== undefined) {
          throw badRequest('invalid_input', `licences.${i}.priceReason: only with an overriding listPrice`, `licences.${i}.priceReason`);
        }
      }
      for (const [i, l] of body.licences.entries()) {
        if (!(await ctx.store.getAddon(l.addon))) throw badRequest('unknown_addon', `licences.${i}.addon: no add-on ${l.addon}`, `licences.${i}.addon`);
      }
      // U35: license-core prices each line from the price list (or keeps the admin's override).
      const pricing = orderPricing({
        currency: body.currency,
        entries: await ctx.store.listPrices(),
        lines: body.licences.map((l) => ({
          addon: l.addon,
          quantity: l.quantity,
          ...(l.feature !== undefined ? { feature: l.feature } : {}),
          ...(l.edition !== undefined ? { edition: l.edition } : {}),
          ...(l.listPrice !== undefined ? { override: l.listPrice } : {}),
        })),
      });
      if (pricing.kind === 'refused') throw refused(pricing);
      const settings = await ctx.settings();
      const now = ctx.clock.now();
      const orderId = newId('ord');
      const licences: LicenceRecord[] = body.licences.map((l, i) => {
        const price = pricing.lines[i]!;
        return {
          id: newId('lic'),
          orderId,
          customerId: customer.id,
          addon: l.addon,
          quantity: l.quantity,
          listPrice: price.listPrice,
          orderedOn: body.orderedOn,
          ...(l.feature !== undefined ? { feature: l.feature } : {}),
          ...(l.edition !== undefined ? { edition: l.edition } : {}),
          ...(l.priceReason !== undefined
            ? { priceOverride: { reason: l.priceReason, apiKeyId: apiKey.id, apiKeyName: apiKey.name, ...(price.listed ? { listed: price.listed } : {}) } }
            : {}),
        };
      });
      const held = await ctx.store.listLicences(customer.id);
      // license-core decides what the order does: start, re-conclude or co-term a contract, or why it is refused.
      const verdict = orderVerdict({
        ...contractFacts(customer),
        orderedOn: body.orderedOn,
        currency: body.currency,
        held,
        ordered: licences,
        ...(customer.plan !== undefined ? { currentPlan: customer.plan } : {}),
        ...(customer.maintenance ? { currentMaintenance: customer.maintenance } : {}),
        ...(body.plan !== undefined ? { plan: body.plan } : {}),
        ...(body.maintenance ? { maintenance: body.maintenance } : {}),
      });
      if (verdict.kind === 'refused') throw refused(verdict);
      const ordered = licences.map(coreLicence);
      const invoiceFields = { customerId: customer.id, orderId, issuedOn: body.orderedOn, paymentTermDays: settings.paymentTermDays, now };
      const linesOfCode = body.linesOfCode !== undefined ? { linesOfCode: body.linesOfCode } : {};
      let invoices: InvoiceRecord[];
      let contract: ContractChange | undefined;
      if (verdict.kind === 'starts-contract') {
        const { plan, maintenance } = verdict;
        const quote = firstPlanInvoice({ plan, orderDate: body.orderedOn, licences: ordered, rateBp: settings.assuranceRateBp, ...(maintenance ? { maintenance } : {}), ...linesOfCode });
        invoices = [newInvoice(quote, { ...invoiceFields, kind: 'first', plan })];
        contract = { contractStart: body.orderedOn, plan, ...(maintenance ? { maintenance } : {}) };
      } else if (verdict.kind === 'reconcludes') {
        // SPEC §5 re-conclusion: a new agreement for every licence held, this order's included.
        const { plan, maintenance } = verdict;
        const write = reconclusionWrite({ customer, licences: [...held, ...licences], expiredOn: verdict.expiredOn, concludedOn: body.orderedOn, plan, settings, orderId, now, ...(maintenance ? { maintenance } : {}), ...linesOfCode });
        invoices = write.invoices;
        contract = write.change;
      } else {
        // Co-terming (SPEC §2, §5): the added licences to the current period or billing interval; nothing for §7.
        const quote = addedLicencesInvoice({ plan: verdict.plan, contractStart: verdict.contractStart, orderDate: body.orderedOn, licences: ordered, rateBp: settings.assuranceRateBp });
        invoices = quote ? [newInvoice(quote, { ...invoiceFields, kind: 'co-term', plan: verdict.plan })] : [];
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
      const [orders, licences] = await Promise.all([ctx.store.listOrders(customer.id), ctx.store.listLicences(customer.id)]);
      // Each order with its licences: their prices, and who overrode one and why (U36).
      res.json({ orders: orders.map((o) => ({ ...o, licences: licences.filter((l) => l.orderId === o.id).map(({ customerId: _c, ...l }) => l) })) });
    }),
  );

  return router;
}
