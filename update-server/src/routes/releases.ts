/**
 * Publishing releases: `POST /v1/addons/{addon}/releases` (multipart: `artifact` file + `metadata` JSON) and
 * `GET /v1/addons/{addon}/releases`. The artifact is made durable in the content-addressed folder BEFORE the
 * release row is committed; any refusal removes the upload's temporary file. The file name the client sent is
 * never used as a path (multer writes to a random name in the artifact store's scratch folder).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { checkPublication, parseRelease } from '@crm-assurance/license-core';
import { Router, type Request } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { ApiError, badRequest, conflict, notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import type { ReleaseRecord } from '../store/store';
import { addonVersion, instant, lineName, platform, releaseKind, tag } from './schemas';

const metadataSchema = z.object({
  version: addonVersion,
  kind: releaseKind,
  platform,
  lines: z.array(lineName).min(1, 'name at least one platform line').max(50),
  publishedAt: instant.optional(),
  featuresOnLegacy: z.boolean().optional(),
  /** A hot-fix: only for customers with a valid maintenance agreement (SPEC §7); kind patch or security. */
  hotfix: z.boolean().optional(),
  requiresFeature: tag.optional(),
  regions: z.array(tag).max(100).optional(),
  languages: z.array(tag).max(100).optional(),
  editions: z.array(tag).max(100).optional(),
  channel: tag.optional(),
  rolloutPercent: z.number().min(0).max(100).optional(),
  customFor: z.array(z.string().min(1).max(100)).max(100).optional(),
  notes: z.string().max(10_000).optional(),
});

export type ReleaseMetadata = z.input<typeof metadataSchema>;

/** The public view of a release (what the vendor API returns). */
export function releaseView(r: ReleaseRecord): Record<string, unknown> {
  const { createdAt: _createdAt, ...rest } = r;
  return rest;
}

function downloadName(addon: string, version: string, original: string | undefined): string {
  const ext = /\.(zip|cab|msi|tgz|tar\.gz|json)$/i.exec(original ?? '')?.[0]?.toLowerCase() ?? '.zip';
  return `${addon}-${version}${ext}`;
}

export function releaseRoutes(ctx: AppContext): Router {
  const router = Router();
  const upload = multer({
    storage: multer.diskStorage({
      destination: ctx.artifacts.tmpDir,
      filename: (_req, _file, cb) => cb(null, `upload-${randomBytes(16).toString('hex')}`),
    }),
    limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: 4, fieldSize: 256 * 1024, parts: 6 },
  });

  async function dropUpload(req: Request): Promise<void> {
    if (req.file?.path) await fs.rm(req.file.path, { force: true });
  }

  router.post(
    '/v1/addons/:addon/releases',
    requireRole('publisher'),
    route(async (req, _res, next) => {
      // Refuse before the upload is read when the add-on does not exist.
      if (!(await ctx.store.getAddon(String(req.params.addon)))) throw notFound('addon', 'addon');
      next();
    }),
    upload.single('artifact'),
    route(async (req, res) => {
      try {
        const addon = String(req.params.addon);
        if (!req.file) throw badRequest('invalid_input', 'artifact: a release file is required (multipart field "artifact")', 'artifact');
        if (req.file.size === 0) throw badRequest('invalid_input', 'artifact: the file is empty', 'artifact');
        const rawMetadata = (req.body as Record<string, unknown> | undefined)?.metadata;
        if (typeof rawMetadata !== 'string') throw badRequest('invalid_input', 'metadata: a JSON field "metadata" is required', 'metadata');
        let parsed: unknown;
        try {
          parsed = JSON.parse(rawMetadata);
        } catch {
          throw badRequest('invalid_input', 'metadata: not valid JSON', 'metadata');
        }
        const meta = validate(metadataSchema, parsed, 'metadata');
        const now = ctx.clock.now();
        const publishedAt = meta.publishedAt ?? now.toISOString();
        if (await ctx.store.findRelease(addon, meta.platform, meta.version)) {
          throw conflict('release_exists', `${addon} ${meta.version} for ${meta.platform} is published already`, 'metadata.version');
        }
        const platformLines = await ctx.store.listPlatformLines(meta.platform);
        meta.lines.forEach((line, i) => {
          if (!platformLines.some((l) => l.line === line)) {
            throw badRequest('unknown_line', `metadata.lines.${i}: ${meta.platform} line ${line} is not registered`, `metadata.lines.${i}`);
          }
        });
        if (meta.customFor) {
          for (const [i, id] of meta.customFor.entries()) {
            if (!(await ctx.store.getCustomer(id))) throw badRequest('unknown_customer', `metadata.customFor.${i}: no customer ${id}`, `metadata.customFor.${i}`);
          }
        }
        const settings = await ctx.settings();
        // SPEC §4 and issue #3: license-core decides whether this publication is allowed.
        const verdict = checkPublication({
          platform: meta.platform,
          releaseLines: meta.lines,
          publishedAt,
          ...(meta.customFor ? { customFor: meta.customFor } : {}),
          kind: meta.kind,
          ...(meta.hotfix !== undefined ? { hotfix: meta.hotfix } : {}),
          lines: platformLines,
          asOf: now.toISOString(),
          timeZone: settings.timeZone,
        });
        if (!verdict.allowed && verdict.reason === 'published_in_future') {
          throw badRequest('invalid_input', 'metadata.publishedAt: may only lie in the past (it is for importing history)', 'metadata.publishedAt');
        }
        if (!verdict.allowed && verdict.reason === 'hotfix_kind') {
          throw badRequest('invalid_input', `metadata.hotfix: a hot-fix is a patch or security release, not ${meta.kind}`, 'metadata.hotfix');
        }
        if (!verdict.allowed && verdict.reason === 'legacy_window_closed') {
          throw new ApiError(
            409,
            'legacy_window_closed',
            `the legacy window of ${meta.platform} ${verdict.line} closed after ${verdict.patchesUntil}; publish to it only as a custom build for named customers (customFor)`,
            'metadata.lines',
          );
        }
        const id = newId('rel');
        const candidate = {
          id,
          addon,
          version: meta.version,
          kind: meta.kind,
          platform: meta.platform,
          lines: meta.lines,
          publishedAt,
          ...(meta.featuresOnLegacy !== undefined ? { featuresOnLegacy: meta.featuresOnLegacy } : {}),
          ...(meta.hotfix ? { hotfix: true } : {}),
          ...(meta.requiresFeature !== undefined ? { requiresFeature: meta.requiresFeature } : {}),
          ...(meta.regions?.length ? { regions: meta.regions } : {}),
          ...(meta.languages?.length ? { languages: meta.languages } : {}),
          ...(meta.editions?.length ? { editions: meta.editions } : {}),
          ...(meta.channel !== undefined ? { channel: meta.channel } : {}),
          ...(meta.rolloutPercent !== undefined ? { rolloutPercent: meta.rolloutPercent } : {}),
          ...(meta.customFor?.length ? { customFor: meta.customFor } : {}),
          ...(meta.notes !== undefined ? { notes: meta.notes } : {}),
        };
        parseRelease(candidate, 'metadata'); // license-core's own check
        // Durable artifact first, then the row (crash safety).
        const stored = await ctx.artifacts.putFile(req.file.path);
        const release: ReleaseRecord = {
          ...candidate,
          size: stored.size,
          sha256: stored.sha256,
          fileName: downloadName(addon, meta.version, req.file.originalname),
          createdAt: now.toISOString(),
        };
        let serial: number;
        try {
          serial = await ctx.store.insertRelease(release);
        } catch (error) {
          if (/UNIQUE/.test(String((error as Error).message))) {
            throw conflict('release_exists', `${addon} ${meta.version} for ${meta.platform} is published already`, 'metadata.version');
          }
          throw error;
        }
        ctx.log.info({ release: id, addon, version: meta.version, sha256: stored.sha256, size: stored.size }, 'release published');
        res.status(201).json({ ...releaseView(release), serial });
      } finally {
        await dropUpload(req);
      }
    }),
  );

  router.get(
    '/v1/addons/:addon/releases',
    requireRole('publisher', 'billing', 'partner'),
    route(async (req, res) => {
      const addon = await ctx.store.getAddon(String(req.params.addon));
      if (!addon) throw notFound('addon', 'addon');
      const releases = await ctx.store.listReleases(addon.id);
      res.json({ addon: addon.id, releases: releases.map(releaseView) });
    }),
  );

  return router;
}
