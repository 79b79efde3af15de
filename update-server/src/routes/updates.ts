/**
 * `POST /v1/updates/check` `{ licenceKey, orgId, platformVersion, addon, installedVersion, region?, language? }`
 * → the signed manifest (aud = orgId, monotonic serial) listing the offered releases, the offered `updates`
 * (newest first, each with a short-lived download URL) and the `withheld` newer releases with their reason
 * code and plain words (license-core's eligibleUpdates and describeReason decide everything, through
 * update-judgement.ts, which the fleet report shares). The installed version it was told is stored (decision U71).
 */
import { calendarDateOf, describeReason, parsePlatformVersion } from '@crm-assurance/license-core';
import type { ManifestToSign } from '@crm-assurance/license-core/node';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { loadAccount } from '../customer-account';
import { boundOrg, licenceHolder } from '../licence-holder';
import type { CustomerRecord, ReleaseRecord } from '../store/store';
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

/** What an update check computed from the store (decision U77): the offered release records and the withheld ones. */
interface Judgement {
  offered: ReleaseRecord[];
  withheld: Array<Record<string, unknown>>;
}

/**
 * The key of an update check's judgement (decision U77): the manifest serial (payments, orders, invoices,
 * cancellation, termination, releases, lines, settings all bump it), the vendor's calendar date (every date rule
 * turns at midnight), the customer record as stored (its plan, terms and contract), the org, and the request.
 */
function checkAnswerKey(serial: number, today: string, customer: CustomerRecord, orgId: string, platform: string, addon: string, body: z.infer<typeof checkBody>): string {
  return ['check', serial, today, orgId, platform, addon, body.platformVersion, body.installedVersion, body.region ?? '', body.language ?? '', JSON.stringify(customer)].join('|');
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
      // Decision U77: the judgement is kept by what it depends on (the serial first: data read after it is as new).
      // Decision U71: what this check was told is stored for the fleet report whether or not the answer is kept
      // (written at most once a minute unless it changed).
      const [serial] = await Promise.all([
        ctx.store.manifestSerial(),
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
      const answerKey = checkAnswerKey(serial, calendarDateOf(asOf, settings.timeZone), customer, org.orgId, org.platform, addon.id, body);
      const judged = ctx.documents.answers.get<Judgement>(answerKey, now.getTime()) ?? (await judge());
      async function judge(): Promise<Judgement> {
        const [account, releases, lines] = await Promise.all([loadAccount(ctx.store, customer), ctx.store.listReleases(addon!.id), ctx.store.listPlatformLines()]);
        // Decision U73: the judgement the fleet report makes too (update-judgement.ts), from license-core alone.
        const { offered, withheld, tenant } = judgeUpdates({
          account,
          settings,
          asOf,
          platform: org.platform,
          platformVersion: body.platformVersion,
          ...(body.region !== undefined ? { region: body.region } : {}),
          ...(body.language !== undefined ? { language: body.language } : {}),
          installedVersion: body.installedVersion,
          releases: addonReleases(addon!.id, releases, serial),
          lines,
        });
        const result: Judgement = {
          offered,
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
        };
        // Within a day the judgement changes only at an instant the data names: a release published, or coverage
        // starting, later than now (U77).
        const later = [...releases.map((r) => r.publishedAt), ...tenant.coverage.map((c) => c.activeFrom), tenant.terminatedAt]
          .map((at) => (at === undefined ? NaN : Date.parse(at)))
          .filter((ms) => ms > now.getTime());
        ctx.documents.answers.set(answerKey, result, now.getTime(), Math.min(Infinity, ...later));
        return result;
      }
      const offeredRecords = judged.offered;
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
        withheld: judged.withheld,
        checkedAt: asOf,
      });
    }),
  );

  return router;
}
