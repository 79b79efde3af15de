/** `POST /v1/entitlement` `{ licenceKey, orgId, platformVersion, addon? }` → a fresh signed entitlement. */
import { calendarDateOf, parsePlatformVersion } from '@crm-assurance/license-core';
import type { EntitlementToSign } from '@crm-assurance/license-core/node';
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { entitlementClaims, loadAccount } from '../customer-account';
import { expiryOf } from '../signed-documents';
import { boundOrg, licenceHolder } from '../licence-holder';
import { entitlementAddon } from './activation';
import { licenceKey, orgId, platformVersion, slug } from './schemas';

export const entitlementBody = z.object({ licenceKey, orgId, platformVersion, addon: slug.optional() });

export function entitlementRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/entitlement',
    route(async (req, res) => {
      const body = validate(entitlementBody, req.body);
      const { customer } = await licenceHolder(ctx, body.licenceKey);
      const org = await boundOrg(ctx, customer, body.orgId);
      const version = parsePlatformVersion(body.platformVersion, org.platform, 'platformVersion');
      const settings = await ctx.settings();
      const now = ctx.asOf();
      if (org.platformVersion !== body.platformVersion) await ctx.store.touchOrg(org.orgId, body.platformVersion, version.line, now);
      // Decision U77: the claims are kept by what they depend on (signed-documents.ts); the serial is read first.
      const nowMs = Date.parse(now);
      const serial = await ctx.store.manifestSerial();
      const answerKey = ['entitlement', serial, calendarDateOf(now, settings.timeZone), org.orgId, org.platform, body.platformVersion, body.addon ?? '', JSON.stringify(customer)].join('|');
      let claims = ctx.documents.answers.get<EntitlementToSign>(answerKey, nowMs);
      if (!claims) {
        const account = await loadAccount(ctx.store, customer);
        const addonId = entitlementAddon([...new Set(account.licences.map((l) => l.addon))], body.addon);
        const addonLines = addonId ? await ctx.store.listAddonLines(addonId) : [];
        claims = entitlementClaims(account, settings, now, { orgId: org.orgId, platform: org.platform, platformVersion: body.platformVersion, addonLines, platformLines: await ctx.store.listPlatformLines(org.platform) });
        // Within the day the claims change only when a payment dated later than now starts its coverage.
        const later = account.payments.map((p) => Date.parse(p.paidAt)).filter((ms) => ms > nowMs);
        ctx.documents.answers.set(answerKey, claims, nowMs, Math.min(Infinity, ...later));
      }
      const entitlement = ctx.documents.entitlement(claims, settings.entitlementGraceDays * 86_400);
      res.json({ entitlement, status: claims.status, expiresAt: expiryOf(entitlement) });
    }),
  );

  return router;
}
