/**
 * Orders: `POST /v1/customers/{id}/orders` `{ orderedOn, licences: [...] }` → the licence key (shown once) and
 * the invoice license-core computed: the first invoice (SPEC §2) or, for a later order, the co-termed one.
 * `orderedOn` may lie in the past, for onboarding existing customers. `GET /v1/customers/{id}/orders`.
 */
import { addDays, coTermInvoice, periodContaining, quoteFirstInvoice, type InvoiceQuote } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { ApiError, badRequest, conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { coreLicence } from '../customer-account';
import { invoiceView } from '../invoice-view';
import { hashLicenceKey, licenceKeyHint, newLicenceKey } from '../licence-key';
import type { InvoiceRecord, LicenceRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate, money, slug, tag } from './schemas';

const orderBody = z.object({
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
      let quote: InvoiceQuote;
      let kind: InvoiceRecord['kind'];
      if (customer.contractStart === undefined) {
        quote = quoteFirstInvoice({ orderDate: body.orderedOn, licences: licences.map(coreLicence), rateBp: settings.assuranceRateBp });
        kind = 'first';
      } else {
        if (body.orderedOn < customer.contractStart) {
          throw badRequest('invalid_input', `orderedOn: before the contract start ${customer.contractStart}`, 'orderedOn');
        }
        if (customer.cancellation && body.orderedOn > customer.cancellation.effectiveEnd) {
          throw new ApiError(409, 'contract_ended', `the contract ended on ${customer.cancellation.effectiveEnd}; a new contract is not supported yet`);
        }
        const period = periodContaining(customer.contractStart, body.orderedOn)!;
        quote = coTermInvoice({
          orderDate: body.orderedOn,
          periodEnd: period.end,
          licences: licences.map(coreLicence),
          rateBp: settings.assuranceRateBp,
        });
        kind = 'co-term';
      }
      const invoice: InvoiceRecord = {
        id: newId('inv'),
        customerId: customer.id,
        orderId,
        kind,
        issuedOn: body.orderedOn,
        periodStart: quote.periodStart,
        periodEnd: quote.periodEnd,
        total: quote.total,
        lines: quote.lines,
        dueOn: addDays(body.orderedOn, settings.paymentTermDays),
        createdAt: now.toISOString(),
      };
      const key = newLicenceKey();
      const keyRecord = {
        id: newId('key'),
        customerId: customer.id,
        orderId,
        keyHash: hashLicenceKey(key)!,
        hint: licenceKeyHint(key),
        createdAt: now.toISOString(),
      };
      await ctx.store.insertOrder({
        order: { id: orderId, customerId: customer.id, orderedOn: body.orderedOn, licenceKeyId: keyRecord.id, invoiceId: invoice.id, createdAt: now.toISOString() },
        licences,
        licenceKey: keyRecord,
        invoice,
        ...(customer.contractStart === undefined ? { contractStart: body.orderedOn } : {}),
      });
      res.status(201).json({
        orderId,
        customerId: customer.id,
        orderedOn: body.orderedOn,
        licenceKey: key,
        licenceKeyId: keyRecord.id,
        licenceKeys: [key],
        licences: licences.map(({ customerId: _c, ...l }) => l),
        invoice: invoiceView(invoice, []),
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
