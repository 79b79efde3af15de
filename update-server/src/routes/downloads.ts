/**
 * `GET /v1/downloads/{token}` (and HEAD): streams the artifact with Content-Length, ETag (the sha256) and
 * single-range `Range` support. The token is verified (HMAC, expiry) and then everything is re-checked at
 * download time: the org still bound to the customer, no termination, and license-core's evaluateRelease()
 * still says eligible. So a termination cuts a live link at once.
 */
import { describeReason, evaluateRelease, type ApiErrorCode } from '@crm-assurance/license-core';
import { Router, type Request, type Response } from 'express';
import { ApiError, errorBody, route } from '../api-error';
import type { AppContext } from '../app-context';
import { loadAccount, tenantContext } from '../customer-account';
import { DownloadTokenError } from '../download-token';

function refuse(ctx: AppContext, code: ApiErrorCode, message: string): ApiError {
  ctx.metrics.downloads.inc({ outcome: code });
  return new ApiError(403, code, message);
}

export function downloadRoutes(ctx: AppContext): Router {
  const router = Router();

  async function serve(req: Request, res: Response): Promise<void> {
    const now = ctx.clock.now();
    let grant;
    try {
      grant = ctx.tokens.verify(String(req.params.token), now);
    } catch (error) {
      if (error instanceof DownloadTokenError && error.problem === 'expired') {
        throw refuse(ctx, 'download_token_expired', 'the download link has expired; check for updates again');
      }
      throw refuse(ctx, 'download_token_invalid', 'the download link is not valid');
    }
    const [release, customer, org] = await Promise.all([
      ctx.store.getRelease(grant.releaseId),
      ctx.store.getCustomer(grant.customerId),
      ctx.store.getOrg(grant.orgId),
    ]);
    if (!release || !customer || !org || org.customerId !== customer.id) {
      throw refuse(ctx, 'download_token_invalid', 'the download link is not valid');
    }
    const settings = await ctx.settings();
    const asOf = now.toISOString();
    const account = await loadAccount(ctx.store, customer);
    const tenant = tenantContext(account, settings, asOf, {
      platform: org.platform,
      platformVersion: org.platformVersion,
      ...(grant.region !== undefined ? { region: grant.region } : {}),
      ...(grant.language !== undefined ? { language: grant.language } : {}),
    });
    const verdict = evaluateRelease({ release, tenant, lines: await ctx.store.listPlatformLines(), asOf, timeZone: settings.timeZone });
    if (!verdict.eligible) {
      const error = refuse(ctx, verdict.reason, describeReason(verdict.reason, release));
      throw error;
    }

    const size = release.size;
    const etag = `"${release.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-transform, max-age=0');
    res.setHeader('Content-Type', release.fileName.endsWith('.zip') ? 'application/zip' : 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="${release.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    res.setHeader('X-Content-SHA256', release.sha256);

    const ifNoneMatch = req.get('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      ctx.metrics.downloads.inc({ outcome: 'not_modified' });
      res.status(304).end();
      return;
    }

    // Decision U68: behind nginx, the bytes are nginx's to send (sendfile, ranges, HEAD). This server has
    // authorised the download above; the header names the file in nginx's internal location, never a client's path.
    if (ctx.config.accelRedirect) {
      ctx.metrics.downloads.inc({ outcome: req.get('range') ? 'partial' : 'full' });
      res.removeHeader('Accept-Ranges');
      res.setHeader('X-Accel-Redirect', `${ctx.config.accelRedirect}${ctx.artifacts.relativePath(release.sha256)}`);
      res.status(200).end();
      return;
    }

    let start = 0;
    let end = size - 1;
    let status = 200;
    const rangeHeader = req.get('range');
    const ifRange = req.get('if-range');
    if (rangeHeader && (!ifRange || ifRange.trim() === etag)) {
      const ranges = req.range(size, { combine: true });
      if (ranges === -1) {
        res.setHeader('Content-Range', `bytes */${size}`);
        res.status(416).json(errorBody('range_not_satisfiable', `the file has ${size} bytes`));
        return;
      }
      if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
        start = ranges[0].start;
        end = ranges[0].end;
        status = 206;
        res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
      }
      // A malformed or multi-part Range is ignored: the whole file is sent.
    }
    res.status(status);
    res.setHeader('Content-Length', String(end - start + 1));
    ctx.metrics.downloads.inc({ outcome: status === 206 ? 'partial' : 'full' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = ctx.artifacts.open(release.sha256, { start, end });
    await new Promise<void>((resolve) => {
      stream.on('error', (error) => {
        ctx.log.error({ err: error, release: release.id }, 'artifact read failed');
        res.destroy(error);
        resolve();
      });
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }

  router.get('/v1/downloads/:token', route(serve));
  router.head('/v1/downloads/:token', route(serve));
  return router;
}
