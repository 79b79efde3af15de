/** `POST /v1/api-keys` `{ name, role, partnerId? }` (admin; the key is shown once), `GET /v1/api-keys`, `DELETE /v1/api-keys/{id}`. */
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, notFound, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { newApiKey } from '../auth/api-keys';
import { requireRole } from '../auth/vendor-auth';
import { API_KEY_ROLES } from '../store/store';
import { shortText, tag } from './schemas';

export const keyBody = z.object({
  name: shortText,
  role: z.enum(API_KEY_ROLES),
  partnerId: tag.optional(),
});

export function apiKeyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/api-keys',
    requireRole('admin'),
    route(async (req, res) => {
      const body = validate(keyBody, req.body);
      if (body.role === 'partner' && body.partnerId === undefined) throw badRequest('invalid_input', 'partnerId: a partner key needs the partner id', 'partnerId');
      if (body.role !== 'partner' && body.partnerId !== undefined) throw badRequest('invalid_input', 'partnerId: only partner keys carry a partner id', 'partnerId');
      const { secret, record } = newApiKey({
        id: newId('akey'),
        name: body.name,
        role: body.role,
        now: ctx.clock.now(),
        ...(body.partnerId !== undefined ? { partnerId: body.partnerId } : {}),
      });
      await ctx.store.insertApiKey(record);
      const { keyHash: _h, ...view } = record;
      res.status(201).json({ ...view, apiKey: secret });
    }),
  );

  router.get(
    '/v1/api-keys',
    requireRole('admin'),
    route(async (_req, res) => {
      const keys = await ctx.store.listApiKeys();
      res.json({ apiKeys: keys.map(({ keyHash: _h, ...k }) => k) });
    }),
  );

  router.delete(
    '/v1/api-keys/:id',
    requireRole('admin'),
    route(async (req, res) => {
      if (!(await ctx.store.revokeApiKey(String(req.params.id), ctx.asOf()))) throw notFound('api_key');
      res.status(204).end();
    }),
  );

  return router;
}
