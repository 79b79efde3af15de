/** Platform lines (SPEC §4): `POST /v1/platforms/{platform}/lines`, `GET /v1/platforms/{platform}/lines`. */
import { legacyWindow, parsePlatformLine } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import { calendarDate, lineName, platform } from './schemas';

export const lineBody = z.object({ line: lineName, releasedOn: calendarDate, mainstreamEndsOn: calendarDate.optional() });

export function platformLineRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/platforms/:platform/lines',
    requireRole('publisher'),
    route(async (req, res) => {
      const p = validate(platform, req.params.platform, 'platform');
      const body = validate(lineBody, req.body);
      const line = { platform: p, line: body.line, releasedOn: body.releasedOn, ...(body.mainstreamEndsOn ? { mainstreamEndsOn: body.mainstreamEndsOn } : {}) };
      parsePlatformLine(line); // license-core's own check of the line (SPEC §4), naming the body's fields
      const { created } = await ctx.store.upsertPlatformLine(line);
      const lines = await ctx.store.listPlatformLines(p);
      const window = legacyWindow(lines, line.line, p);
      res.status(created ? 201 : 200).json({
        ...line,
        mainstreamEndsOn: window.mainstreamEndsOn,
        ...(window.successor ? { successor: window.successor.line } : {}),
        ...(window.patchesUntil ? { patchesUntil: window.patchesUntil } : {}),
      });
    }),
  );

  router.get(
    '/v1/platforms/:platform/lines',
    requireRole('publisher', 'billing', 'partner'),
    route(async (req, res) => {
      const p = validate(platform, req.params.platform, 'platform');
      res.json({ platform: p, lines: await ctx.store.listPlatformLines(p) });
    }),
  );

  return router;
}
