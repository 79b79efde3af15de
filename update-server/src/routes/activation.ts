/**
 * `POST /v1/activate` `{ licenceKey, orgId, orgUrl, platform, platformVersion, environment?, addon? }`:
 * binds the customer's licence to the org (one production org plus `sandboxOrgsAllowed` sandboxes; the first
 * bind is production unless the caller says `environment: 'sandbox'`) and returns the signed licence and
 * entitlement. An org beyond the limit is 409 `org_limit_reached`; an org bound to another customer is 409
 * `org_bound_elsewhere`. Activating the same org again refreshes it.
 */
import { ORG_ENVIRONMENTS, orgBindingRefusal, parsePlatformVersion } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { entitlementClaims, licenceClaims, loadAccount } from '../customer-account';
import { licenceHolder } from '../licence-holder';
import type { OrgRecord } from '../store/store';
import { licenceKey, orgId, orgUrl, platform, platformVersion, slug } from './schemas';

export const activateBody = z.object({
  licenceKey,
  orgId,
  orgUrl,
  platform,
  platformVersion,
  environment: z.enum(ORG_ENVIRONMENTS).optional(),
  addon: slug.optional(),
});

/** The add-on whose line status an entitlement carries: the one asked for, else the first licensed. */
export function entitlementAddon(licensedAddons: string[], asked: string | undefined): string | undefined {
  if (asked !== undefined && licensedAddons.includes(asked)) return asked;
  return [...licensedAddons].sort()[0];
}

export function activationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/activate',
    route(async (req, res) => {
      const body = validate(activateBody, req.body);
      const version = parsePlatformVersion(body.platformVersion, body.platform, 'platformVersion');
      const { key, customer } = await licenceHolder(ctx, body.licenceKey);
      const settings = await ctx.settings();
      const now = ctx.asOf();
      const candidate: OrgRecord = {
        orgId: body.orgId,
        customerId: customer.id,
        orgUrl: body.orgUrl,
        environment: body.environment ?? 'production',
        platform: body.platform,
        platformVersion: body.platformVersion,
        line: version.line,
        licenceKeyId: key.id,
        activatedAt: now,
        lastSeenAt: now,
      };
      // license-core's orgBinding decides (SPEC §2: one production org and its sandboxes); the store applies it atomically.
      const outcome = await ctx.store.bindOrg(candidate, settings.sandboxOrgsAllowed);
      if (outcome.kind === 'other_customer' || outcome.kind === 'limit') throw refused(orgBindingRefusal(outcome));
      const org = outcome.org;
      const account = await loadAccount(ctx.store, customer);
      const addonId = entitlementAddon([...new Set(account.licences.map((l) => l.addon))], body.addon);
      const addonLines = addonId ? await ctx.store.listAddonLines(addonId) : [];
      const licence = ctx.documents.licence(licenceClaims(account, org, key.id));
      const entitlement = ctx.documents.entitlement(
        entitlementClaims(account, settings, now, { orgId: org.orgId, platform: org.platform, platformVersion: body.platformVersion, addonLines, platformLines: await ctx.store.listPlatformLines(org.platform) }),
        settings.entitlementGraceDays * 86_400,
      );
      ctx.log.info({ customer: customer.id, org: org.orgId, environment: org.environment, outcome: outcome.kind }, 'org activated');
      res.status(outcome.kind === 'bound' ? 201 : 200).json({
        licence,
        entitlement,
        customer: { id: customer.id, name: customer.name },
        org: { id: org.orgId, url: org.orgUrl, environment: org.environment, platform: org.platform, line: version.line },
      });
    }),
  );

  return router;
}
