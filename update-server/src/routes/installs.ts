/**
 * `POST /v1/installs` `{ licenceKey, orgId, addon, fromVersion, toVersion, outcome, error? }` records how an
 * install went (outcome: succeeded | failed | rolled_back), so the vendor sees which customer runs what.
 */
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { boundOrg, licenceHolder } from '../licence-holder';
import type { InstallRecord } from '../store/store';
import { addonVersion, licenceKey, orgId, slug } from './schemas';

const installBody = z.object({
  licenceKey,
  orgId,
  addon: slug,
  fromVersion: addonVersion,
  toVersion: addonVersion,
  outcome: z.enum(['succeeded', 'failed', 'rolled_back']),
  error: z.string().max(4000).optional(),
});

export function installRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/installs',
    route(async (req, res) => {
      const body = validate(installBody, req.body);
      const { customer } = await licenceHolder(ctx, body.licenceKey);
      const org = await boundOrg(ctx, customer, body.orgId);
      const install: InstallRecord = {
        id: newId('ins'),
        customerId: customer.id,
        orgId: org.orgId,
        addon: body.addon,
        fromVersion: body.fromVersion,
        toVersion: body.toVersion,
        outcome: body.outcome,
        ...(body.error !== undefined ? { error: body.error } : {}),
        recordedAt: ctx.asOf(),
      };
      await ctx.store.insertInstall(install);
      ctx.log.info({ customer: customer.id, org: org.orgId, addon: body.addon, to: body.toVersion, outcome: body.outcome }, 'install recorded');
      res.status(201).json({ id: install.id, recordedAt: install.recordedAt });
    }),
  );

  return router;
}
