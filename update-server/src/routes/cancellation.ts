/**
 * Ordinary cancellation (SPEC §2): `POST /v1/customers/{id}/cancellation` `{ receivedOn }`. license-core's
 * cancellationEffect() says whether the notice was on time and when assurance ends.
 */
import { cancellationEffect, periodContaining } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import type { CancellationRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { calendarDate } from './schemas';

const cancellationBody = z.object({ receivedOn: calendarDate });

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
      const period = periodContaining(customer.contractStart, body.receivedOn);
      if (!period) throw badRequest('invalid_input', `receivedOn: before the contract start ${customer.contractStart}`, 'receivedOn');
      const effect = cancellationEffect({ receivedOn: body.receivedOn, periodEnd: period.end });
      const record: CancellationRecord = { receivedOn: body.receivedOn, ...effect, recordedAt: ctx.asOf() };
      await ctx.store.recordCancellation(customer.id, record);
      res.status(201).json({ customerId: customer.id, ...record });
    }),
  );

  return router;
}
