/**
 * `POST /v1/updates/check` `{ licenceKey, orgId, platformVersion, addon, installedVersion, region?, language? }`
 * → the signed manifest (aud = orgId, monotonic serial) listing the offered releases, the offered `updates`
 * (newest first, each with a short-lived download URL) and the `withheld` newer releases with their reason
 * code and plain words (license-core's eligibleUpdates and describeReason decide everything, through
 * update-judgement.ts, which the fleet report shares). The installed version it was told is stored (decision U71).
 */
import { describeReason, parsePlatformVersion } from '@crm-assurance/license-core';
import type { ManifestToSign } from '@crm-assurance/license-core/node';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { loadAccount } from '../customer-account';
import { boundOrg, licenceHolder } from '../licence-holder';
import type { ReleaseRecord } from '../store/store';
import { addonReleases, judgeUpdates } from '../update-judgement';
import { addonVersion, licenceKey, orgId, platformVersion, slug, tag } from './schemas';

export const checkBody = z.object({
  licenceKey,
  orgId,
  platformVersion,
  addon: slug,
  installedVersion: addonVersion,
  region: tag.optional(),
  language: tag.optional(),
});

export function publicBaseUrl(ctx: AppContext, req: Request): string {
  return (ctx.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}

function manifestRelease(r: ReleaseRecord): ManifestToSign['releases'][number] {
  return {
    id: r.id,
    version: r.version,
    kind: r.kind,
    platform: r.platform,
    lines: r.lines,
    publishedAt: r.publishedAt,
    size: r.size,
    sha256: r.sha256,
    ...(r.notes !== undefined ? { notes: r.notes } : {}),
  };
}

export function updateRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/updates/check',
    route(async (req, res) => {
      const body = validate(checkBody, req.body);
      const { customer } = await licenceHolder(ctx, body.licenceKey);
      const org = await boundOrg(ctx, customer, body.orgId);
      const version = parsePlatformVersion(body.platformVersion, org.platform, 'platformVersion');
      const addon = await ctx.store.getAddon(body.addon);
      if (!addon) throw notFound('addon', 'addon');
      const settings = await ctx.settings();
      const now = ctx.clock.now();
      const asOf = now.toISOString();
      if (org.platformVersion !== body.platformVersion) await ctx.store.touchOrg(org.orgId, body.platformVersion, version.line, asOf);
      const [account, releases, lines, serial] = await Promise.all([
        loadAccount(ctx.store, customer),
        ctx.store.listReleases(addon.id),
        ctx.store.listPlatformLines(),
        ctx.store.manifestSerial(),
        // Decision U71: what this check was told, for the fleet report (written at most once a minute unless it changed).
        ctx.store.recordUpdateCheck({
          orgId: org.orgId,
          customerId: customer.id,
          addon: addon.id,
          installedVersion: body.installedVersion,
          platformVersion: body.platformVersion,
          line: version.line,
          ...(body.region !== undefined ? { region: body.region } : {}),
          ...(body.language !== undefined ? { language: body.language } : {}),
          checkedAt: asOf,
        }),
      ]);
      // Decision U73: the judgement the fleet report makes too (update-judgement.ts), from license-core alone.
      const { offered: offeredRecords, withheld } = judgeUpdates({
        account,
        settings,
        asOf,
        platform: org.platform,
        platformVersion: body.platformVersion,
        ...(body.region !== undefined ? { region: body.region } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
        installedVersion: body.installedVersion,
        releases: addonReleases(addon.id, releases, serial),
        lines,
      });
      const manifest = ctx.documents.manifest(
        { aud: org.orgId, addon: addon.id, serial, releases: offeredRecords.map(manifestRelease) },
        settings.manifestTtlSeconds,
      );
      const expiresAt = now.getTime() + settings.downloadTokenTtlSeconds * 1000;
      const base = publicBaseUrl(ctx, req);
      res.json({
        addon: addon.id,
        installedVersion: body.installedVersion,
        platformVersion: body.platformVersion,
        line: version.line,
        serial,
        manifest,
        updates: offeredRecords.map((r) => {
          const token = ctx.tokens.issue({
            customerId: customer.id,
            releaseId: r.id,
            orgId: org.orgId,
            expiresAt,
            ...(body.region !== undefined ? { region: body.region } : {}),
            ...(body.language !== undefined ? { language: body.language } : {}),
          });
          return {
            ...manifestRelease(r),
            fileName: r.fileName,
            downloadUrl: `${base}/v1/downloads/${token}`,
            downloadExpiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
          };
        }),
        withheld: withheld.map(({ release, reason }) => ({
          id: release.id,
          version: release.version,
          kind: release.kind,
          platform: release.platform,
          lines: release.lines,
          publishedAt: release.publishedAt,
          ...(release.notes !== undefined ? { notes: release.notes } : {}),
          reason,
          message: describeReason(reason, release),
        })),
        checkedAt: asOf,
      });
    }),
  );

  return router;
}
