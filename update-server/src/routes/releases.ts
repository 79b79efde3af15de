/**
 * Publishing releases: `POST /v1/addons/{addon}/releases` (multipart: `artifact` file + `metadata` JSON) and
 * `GET /v1/addons/{addon}/releases`. The artifact is made durable in the content-addressed folder BEFORE the
 * release row is committed; any refusal removes the upload's temporary file. The file name the client sent is
 * never used as a path (multer writes to a random name in the artifact store's scratch folder).
 *
 * Issue #9: a version may be published once per CRM line (a 9.0 build and a 9.2 build of 1.5.0.0), as long as the
 * line sets do not overlap (license-core's checkPublication, given the builds already published). A Dynamics 365
 * artifact must be a managed solution built for the oldest line it targets, of the release's version (solution.xml
 * read here, judged by license-core's checkSolutionPackage).
 *
 * Issue #10: an Odoo artifact must be a module zip (one module folder, a literal `__manifest__.py`; read by
 * artifacts/odoo-module.ts) whose manifest version is `<line>.<release version>` for the one line it targets, and
 * whose technical name is the add-on's Odoo module name: the name of its Odoo releases so far (decision U81),
 * judged by license-core's checkOdooModule.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { checkOdooModule, checkPublication, checkSolutionPackage, compareAddonVersions, parseRelease } from '@crm-assurance/license-core';
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { ApiError, badRequest, conflict, notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { OdooModuleError, readOdooModuleFile } from '../artifacts/odoo-module';
import { readSolutionPackageFile, SolutionPackageError } from '../artifacts/solution-package';
import { ReleaseLineTakenError, StoreConflictError, type OdooModuleInfo, type ReleaseRecord, type SolutionPackageInfo } from '../store/store';
import { addonVersion, instant, lineName, platform, releaseKind, tag } from './schemas';

export const metadataSchema = z.object({
  version: addonVersion,
  kind: releaseKind,
  platform,
  lines: z
    .array(lineName)
    .min(1, 'name at least one platform line')
    .max(50)
    .refine((lines) => new Set(lines).size === lines.length, 'a line is named twice'),
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

/** 409 `release_exists`: a build of this version already targets `line` (issue #9). */
function lineTaken(addon: string, version: string, platform: string, line: string, releaseId: string): ApiError {
  return conflict(
    'release_exists',
    `${addon} ${version} for ${platform} ${line} is published already (${releaseId}); another build of this version may only target other lines`,
    'metadata.lines',
  );
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

  /**
   * Reads the multipart body. multer's own limits (size, parts) keep their codes; any other failure to parse it (no
   * boundary, a truncated body, a malformed part header such as a file name with CR/LF or NUL) is the client's: a 400
   * `invalid_upload`, not a 500. multer has already removed what it wrote of the file (issue #12).
   */
  const receiveArtifact: RequestHandler = (req, res, next) => {
    upload.single('artifact')(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      const e = err as { code?: unknown; message?: unknown };
      if (typeof e.code === 'string' && e.code.startsWith('LIMIT_')) return next(err);
      const detail = typeof e.message === 'string' ? e.message.slice(0, 200) : 'unreadable';
      next(badRequest('invalid_upload', `artifact: the upload is not a well-formed multipart/form-data body (${detail})`, 'artifact'));
    });
  };

  async function dropUpload(req: Request): Promise<void> {
    if (req.file?.path) await fs.rm(req.file.path, { force: true });
  }

  router.post(
    '/v1/addons/:addon/releases',
    requireRole('publisher'),
    route(async (req, _res, next) => {
      // Refuse before the upload is read when the add-on does not exist.
      const addon = String(req.params.addon);
      if (!(await ctx.store.getAddon(addon))) {
        // Issue #13: say how to get past it.
        throw new ApiError(404, 'addon_not_found', `no add-on ${addon.slice(0, 40)}: create it first (POST /v1/addons; \`assurance addon add --id ${addon.slice(0, 40)} --name "…"\`)`, 'addon');
      }
      next();
    }),
    receiveArtifact,
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
        // Issue #9: the builds of this version already published for the platform (versions compare numerically).
        const published = await ctx.store.listReleases(addon);
        const builds = published.filter(
          (r) => r.platform === meta.platform && compareAddonVersions(r.version, meta.version) === 0,
        );
        const platformLines = await ctx.store.listPlatformLines(meta.platform);
        meta.lines.forEach((line, i) => {
          if (!platformLines.some((l) => l.line === line)) {
            throw badRequest(
              'unknown_line',
              `metadata.lines.${i}: ${meta.platform} line ${line} is not registered; register it first (POST /v1/platforms/${meta.platform}/lines; \`assurance line add --platform ${meta.platform} --line ${line} --released-on YYYY-MM-DD\`)`,
              `metadata.lines.${i}`,
            );
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
          publishedBuilds: builds.map((b) => ({ id: b.id, lines: b.lines })),
          asOf: now.toISOString(),
          timeZone: settings.timeZone,
        });
        if (!verdict.allowed && verdict.reason === 'release_exists') throw lineTaken(addon, meta.version, meta.platform, verdict.line, verdict.releaseId);
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
        // Issue #9: a Dynamics 365 solution must fit the lines and the version it is published for.
        let solution: SolutionPackageInfo | undefined;
        if (meta.platform === 'dynamics365') {
          try {
            solution = await readSolutionPackageFile(req.file.path);
          } catch (error) {
            if (error instanceof SolutionPackageError) throw badRequest('package_invalid', `artifact: ${error.message}`, 'artifact');
            throw error;
          }
          const fit = checkSolutionPackage(
            { packageLine: solution.packageLine, packageVersion: solution.version, managed: solution.managed },
            { releaseLines: meta.lines, version: meta.version },
          );
          if (!fit.allowed && fit.reason === 'package_line_too_new') {
            throw badRequest(
              'package_line_too_new',
              `the solution was built for Dynamics 365 ${fit.packageLine} (SolutionPackageVersion) but the release targets ${fit.oldestLine}; build it with \`npm run solution -- --line ${fit.oldestLine}\` and publish that build for ${fit.oldestLine}`,
              'metadata.lines',
            );
          }
          if (!fit.allowed && fit.reason === 'package_version_mismatch') {
            throw badRequest(
              'package_version_mismatch',
              `the solution's Version is ${fit.packageVersion} (SolutionManifest/Version) but metadata.version is ${fit.version}; publish the build of ${fit.version}, or publish this one as ${fit.packageVersion}`,
              'metadata.version',
            );
          }
          if (!fit.allowed && fit.reason === 'package_unmanaged') {
            throw badRequest(
              'package_unmanaged',
              `the solution ${solution.uniqueName} is unmanaged (SolutionManifest/Managed 0); customers get managed solutions only: publish the managed export (…_managed.zip)`,
              'artifact',
            );
          }
        }
        // Issue #10: an Odoo module must be built for the line it is published for, of the release's version,
        // under the add-on's module name (decisions U80, U81; license-core's checkOdooModule).
        let odooModule: OdooModuleInfo | undefined;
        if (meta.platform === 'odoo') {
          const read = await readOdooModuleFile(req.file.path).catch((error: unknown) => {
            if (error instanceof OdooModuleError) throw badRequest('package_invalid', `artifact: ${error.message}`, 'artifact');
            throw error;
          });
          const moduleName = published.find((r) => r.odooModule !== undefined)?.odooModule?.name;
          const fit = checkOdooModule(
            { name: read.name, version: read.version, installable: read.installable },
            { releaseLines: meta.lines, version: meta.version, ...(moduleName !== undefined ? { moduleName } : {}) },
          );
          if (!fit.allowed && fit.reason === 'package_series_mismatch') {
            throw badRequest(
              'package_series_mismatch',
              fit.series === undefined
                ? `the module's version ${read.version} (__manifest__.py) names no series, but the release targets Odoo ${fit.line}; write it as ${fit.line}.${meta.version}`
                : `the module was built for Odoo ${fit.series} (__manifest__.py version ${read.version}) but the release targets ${fit.line}; Odoo installs a module only on its own series: publish one build per line, each for its own line`,
              'metadata.lines',
            );
          }
          if (!fit.allowed && fit.reason === 'package_version_mismatch') {
            throw badRequest(
              'package_version_mismatch',
              `the module's version is ${fit.packageVersion} (__manifest__.py version ${read.version}) but metadata.version is ${fit.version}; publish the build of ${fit.version}, or publish this one as ${fit.packageVersion}`,
              'metadata.version',
            );
          }
          if (!fit.allowed && fit.reason === 'package_name_mismatch') {
            throw badRequest(
              'package_name_mismatch',
              `the zip holds the module ${fit.name}, but ${addon}'s Odoo module is ${fit.moduleName} (its earlier Odoo releases); another name would install beside the customer's module instead of updating it`,
              'artifact',
            );
          }
          if (!fit.allowed && fit.reason === 'package_not_installable') {
            throw badRequest('package_not_installable', `the module ${read.name} says installable: False in __manifest__.py; Odoo would not install it`, 'artifact');
          }
          if (fit.allowed) odooModule = { name: read.name, version: read.version, series: fit.series };
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
          ...(solution ? { solution } : {}),
          ...(odooModule ? { odooModule } : {}),
          createdAt: now.toISOString(),
        };
        let serial: number;
        try {
          serial = await ctx.store.insertRelease(release);
        } catch (error) {
          // Lost a race with another build of this version for one of these lines.
          if (error instanceof ReleaseLineTakenError) throw lineTaken(addon, meta.version, meta.platform, error.line, error.releaseId);
          if (error instanceof StoreConflictError && error.constraint === 'release_exists') {
            throw conflict('release_exists', `${addon} ${meta.version} for ${meta.platform} is published already`, 'metadata.lines');
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
