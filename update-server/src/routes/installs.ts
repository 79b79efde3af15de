/**
 * `POST /v1/installs` `{ installId?, licenceKey, orgId, addon, fromVersion, toVersion, outcome, error? }` records
 * how an install went (outcome: succeeded | failed | rolled_back), so the vendor sees which customer runs what.
 *
 * Issue #9: an install is reported exactly once. The add-on chooses `installId` (a uuid) and may resend the report
 * (a lost answer, a retry): the same id with the same content answers 200 with the first record and stores
 * nothing; the same id with other content is 409 `install_conflict`. Without `installId` every report is stored.
 */
import { INSTALL_OUTCOMES } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { boundOrg, licenceHolder } from '../licence-holder';
import type { InstallRecord } from '../store/store';
import { addonVersion, licenceKey, orgId, slug } from './schemas';

export const installBody = z.object({
  installId: z.uuid().optional(),
  licenceKey,
  orgId,
  addon: slug,
  fromVersion: addonVersion,
  toVersion: addonVersion,
  outcome: z.enum(INSTALL_OUTCOMES),
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
        ...(body.installId !== undefined ? { installId: body.installId.toLowerCase() } : {}),
        customerId: customer.id,
        orgId: org.orgId,
        addon: body.addon,
        fromVersion: body.fromVersion,
        toVersion: body.toVersion,
        outcome: body.outcome,
        ...(body.error !== undefined ? { error: body.error } : {}),
        recordedAt: ctx.asOf(),
      };
      const outcome = await ctx.store.recordInstall(install);
      if (outcome.kind === 'conflict') {
        throw conflict('install_conflict', `installId ${install.installId} was reported already with other content (${outcome.install.id}); a new report needs a new installId`, 'installId');
      }
      const stored = outcome.install;
      const view = { id: stored.id, ...(stored.installId !== undefined ? { installId: stored.installId } : {}), recordedAt: stored.recordedAt };
      if (outcome.kind === 'duplicate') {
        res.status(200).json({ ...view, duplicate: true });
        return;
      }
      ctx.log.info({ customer: customer.id, org: org.orgId, addon: body.addon, to: body.toVersion, outcome: body.outcome }, 'install recorded');
      res.status(201).json(view);
    }),
  );

  return router;
}
