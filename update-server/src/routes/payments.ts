/**
 * Payments: `POST /v1/invoices/{id}/payments` `{ amount, paidAt?, reference }`. Idempotent by reference: the
 * same payment posted twice is stored once (the second answer says `duplicate: true`), also when it names no
 * `paidAt` (it then means the first recording's); a reference reused for a different payment is 409. A part payment leaves the invoice open (license-core's invoiceBalance).
 */
import { paymentVerdict } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { conflict, notFound, refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { invoiceView } from '../invoice-view';
import type { PaymentRecord } from '../store/store';
import { instant, money, moneyAmount } from './schemas';

export const paymentBody = z.object({
  amount: z.union([moneyAmount.positive(), money]),
  /** When it was paid; default: when it is recorded (a rerun without it is the same payment, issue #13). */
  paidAt: instant.optional(),
  reference: z.string().trim().min(1, 'must not be empty').max(200),
});

export function paymentRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/invoices/:id/payments',
    requireRole('billing'),
    route(async (req, res) => {
      const invoice = await ctx.store.getInvoice(String(req.params.id));
      if (!invoice) throw notFound('invoice');
      const body = validate(paymentBody, req.body);
      const now = ctx.clock.now();
      // Issue #13: without paidAt, a payment of the same amount under the same reference on this invoice is the one
      // recorded before (a rerun of the same command), not a new one at another instant.
      const earlier = body.paidAt === undefined
        ? (await ctx.store.listPayments(invoice.customerId)).find((p) => p.invoiceId === invoice.id && p.reference === body.reference)
        : undefined;
      const paidAt = body.paidAt ?? earlier?.paidAt ?? now.toISOString();
      // SPEC §1, §2: the invoice's currency, a positive amount, not in the future (license-core's paymentVerdict).
      const verdict = paymentVerdict({ invoiceTotal: invoice.total, amount: body.amount, paidAt, asOf: now.toISOString() });
      if (verdict.kind === 'refused') throw refused(verdict);
      const { amount } = verdict;
      const payment: PaymentRecord = {
        id: newId('pay'),
        invoiceId: invoice.id,
        amount,
        paidAt,
        reference: body.reference,
        createdAt: now.toISOString(),
      };
      const outcome = await ctx.store.recordPayment(payment);
      if (outcome.kind === 'conflict') {
        throw conflict('payment_reference_conflict', `reference ${body.reference} was used for a different payment (${outcome.payment.id})`, 'reference');
      }
      const view = invoiceView(invoice, await ctx.store.listPayments(invoice.customerId));
      const { createdAt: _c, ...stored } = outcome.payment;
      res.status(outcome.kind === 'created' ? 201 : 200).json({ payment: stored, duplicate: outcome.kind === 'duplicate', invoice: view });
    }),
  );

  return router;
}
