/**
 * Ordinary cancellation: `POST /v1/customers/{id}/cancellation` `{ receivedOn, cancellationDate? }`.
 * license-core decides when the contract ends: cancellationEffect for the calendar-year plan (SPEC §2: three months
 * before 31 December), termCancellation for the term plans (SPEC §5: 3 months / flex 1 month before the end of the
 * term, or a fixed cancellation date set in advance; SPEC §7 maintenance: decision D25).
 */
import { cancellationRequest } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { planOf } from '../customer-account';
import type { CancellationRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate } from './schemas';

export const cancellationBody = z.object({ receivedOn: calendarDate, cancellationDate: calendarDate.optional() });

export function cancellationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/cancellation',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(cancellationBody, req.body);
      const plan = planOf(customer);
      // license-core reads the notice by plan (SPEC §2 / §5 / §7), or says why it is refused.
      const verdict = cancellationRequest({
        plan,
        ...(customer.contractStart !== undefined ? { contractStart: customer.contractStart } : {}),
        terminated: customer.terminatedAt !== undefined,
        ...(customer.cancellation ? { cancelled: customer.cancellation } : {}),
        receivedOn: body.receivedOn,
        ...(body.cancellationDate !== undefined ? { cancellationDate: body.cancellationDate } : {}),
        invoices: customer.contractStart !== undefined ? await ctx.store.listInvoices(customer.id) : [],
      });
      if (verdict.kind === 'refused') throw refused(verdict);
      const { kind: _kind, fixedDate, ...effect } = verdict;
      const record: CancellationRecord = {
        receivedOn: body.receivedOn,
        ...effect,
        ...(fixedDate ? { fixedDate: true } : {}),
        recordedAt: ctx.asOf(),
      };
      await ctx.store.recordCancellation(customer.id, record);
      res.status(201).json({ customerId: customer.id, plan, ...record });
    }),
  );

  return router;
}
