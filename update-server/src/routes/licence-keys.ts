/**
 * `POST /v1/customers/{id}/licence-keys/{keyId}/reissue` `{ reason }` (billing, partner for its customers): a new
 * secret for a licence key that leaked or was lost (issue #12, decision U40). The key keeps its id, so the orgs
 * activated with it stay bound and keep their licence; the old secret is refused from this moment on
 * (`licence_key_invalid`). The new key is answered once, like an order's.
 */
import { Router } from 'express';
import { z } from 'zod';
import { notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { hashLicenceKey, licenceKeyHint, newLicenceKey } from '../licence-key';
import { visibleCustomer } from './customers';
import { shortText } from './schemas';

export const reissueBody = z.object({ reason: shortText.describe('why the key is replaced, e.g. "posted in a public forum"') });

export function licenceKeyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/licence-keys/:keyId/reissue',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(reissueBody, req.body);
      const key = newLicenceKey();
      const reissued = await ctx.store.reissueLicenceKey(customer.id, String(req.params.keyId), {
        keyHash: hashLicenceKey(key)!,
        hint: licenceKeyHint(key),
        reissuedAt: ctx.asOf(),
        reason: body.reason,
      });
      if (!reissued) throw notFound('licence_key', 'keyId');
      const orgs = (await ctx.store.listOrgs(customer.id)).filter((o) => o.licenceKeyId === reissued.id);
      ctx.log.info({ customer: customer.id, licenceKey: reissued.id, key: req.apiKey?.id }, 'licence key re-issued');
      res.json({
        customerId: customer.id,
        licenceKeyId: reissued.id,
        licenceKey: key,
        hint: reissued.hint,
        reissuedAt: reissued.reissuedAt!,
        reason: body.reason,
        orgs: orgs.map((o) => ({ orgId: o.orgId, environment: o.environment })),
      });
    }),
  );

  return router;
}
