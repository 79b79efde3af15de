/**
 * Ordinary cancellation: `POST /v1/customers/{id}/cancellation` `{ receivedOn, cancellationDate? }`.
 * license-core decides when the contract ends: cancellationEffect for the calendar-year plan (SPEC §2: three months
 * before 31 December), termCancellation for the term plans (SPEC §5: 3 months / flex 1 month before the end of the
 * term, or a fixed cancellation date set in advance; SPEC §7 maintenance: decision D25).
 */
import { cancellationEffect, COVERAGE_INVOICE_KINDS, isTermPlan, periodContaining, termCancellation } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, conflict, route, validate } from '../api-error';
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
      if (customer.contractStart === undefined) throw conflict('no_contract', 'the customer has no contract to cancel');
      if (customer.terminatedAt !== undefined) throw conflict('customer_terminated', 'the contract was terminated already');
      if (customer.cancellation) throw conflict('already_cancelled', `cancelled already (received ${customer.cancellation.receivedOn}, ends ${customer.cancellation.effectiveEnd})`);
      const plan = planOf(customer);
      let effect: Omit<CancellationRecord, 'receivedOn' | 'recordedAt'>;
      if (isTermPlan(plan)) {
        // The end of what this agreement has invoiced in advance (D37: a fixed date cannot take it back).
        const invoicedUntil = (await ctx.store.listInvoices(customer.id))
          .filter((i) => COVERAGE_INVOICE_KINDS.includes(i.kind) && i.periodStart >= customer.contractStart!)
          .reduce<string | undefined>((max, i) => (max === undefined || i.periodEnd > max ? i.periodEnd : max), undefined);
        effect = termCancellation({
          plan,
          start: customer.contractStart,
          receivedOn: body.receivedOn,
          ...(invoicedUntil !== undefined ? { invoicedUntil } : {}),
          ...(body.cancellationDate !== undefined ? { cancellationDate: body.cancellationDate } : {}),
        });
      } else {
        if (body.cancellationDate !== undefined) {
          throw badRequest('invalid_input', 'cancellationDate: the calendar-year plan ends on 31 December; a fixed cancellation date is an Auto SSA term', 'cancellationDate');
        }
        const period = periodContaining(customer.contractStart, body.receivedOn);
        if (!period) throw badRequest('invalid_input', `receivedOn: before the contract start ${customer.contractStart}`, 'receivedOn');
        effect = cancellationEffect({ receivedOn: body.receivedOn, periodEnd: period.end });
      }
      const record: CancellationRecord = {
        receivedOn: body.receivedOn,
        ...effect,
        ...(body.cancellationDate !== undefined ? { fixedDate: true } : {}),
        recordedAt: ctx.asOf(),
      };
      await ctx.store.recordCancellation(customer.id, record);
      res.status(201).json({ customerId: customer.id, plan, ...record });
    }),
  );

  return router;
}
