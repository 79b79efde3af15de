/** Invoices: `GET /v1/customers/{id}/invoices`, `GET /v1/invoices/{id}`; each with its balance. */
import { Router } from 'express';
import { notFound, route } from '../api-error';
import type { AppContext } from '../app-context';
import { isCustomerVisible, requireRole } from '../auth/vendor-auth';
import { invoiceView } from '../invoice-view';
import { visibleCustomer } from './customers';

export function invoiceRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(
    '/v1/customers/:id/invoices',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const [invoices, payments] = await Promise.all([ctx.store.listInvoices(customer.id), ctx.store.listPayments(customer.id)]);
      res.json({ customerId: customer.id, invoices: invoices.map((i) => invoiceView(i, payments)) });
    }),
  );

  router.get(
    '/v1/invoices/:id',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const invoice = await ctx.store.getInvoice(String(req.params.id));
      if (!invoice) throw notFound('invoice');
      const customer = await ctx.store.getCustomer(invoice.customerId);
      if (!isCustomerVisible(req, customer)) throw notFound('invoice');
      res.json(invoiceView(invoice, await ctx.store.listPayments(invoice.customerId)));
    }),
  );

  return router;
}
