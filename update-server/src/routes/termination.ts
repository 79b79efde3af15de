/**
 * Extraordinary termination (SPEC §2, vendor only): `POST /v1/customers/{id}/termination` `{ reason }`.
 * Immediate: from this instant nothing more is downloadable, including links already handed out (the download
 * route re-checks), and the manifest serial moves on so older manifests are superseded.
 */
import { terminationRequest } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { visibleCustomer } from './customers';

export const terminationBody = z.object({ reason: z.string().trim().min(1, 'must not be empty').max(2000) });

export function terminationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/termination',
    requireRole('admin'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(terminationBody, req.body);
      const verdict = terminationRequest({ ...(customer.terminatedAt !== undefined ? { terminatedAt: customer.terminatedAt } : {}), at: ctx.asOf() });
      if (verdict.kind === 'refused') throw refused(verdict);
      const terminatedAt = verdict.at;
      const serial = await ctx.store.recordTermination(customer.id, terminatedAt, body.reason);
      ctx.log.info({ customer: customer.id, reason: body.reason }, 'assurance terminated');
      res.status(201).json({ customerId: customer.id, terminatedAt, reason: body.reason, serial });
    }),
  );

  return router;
}
