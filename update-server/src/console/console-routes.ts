/**
 * The vendor console (issue #15): the page at `/console` and its session.
 * - `POST /console/session` `{ apiKey }` opens a session (decision U84) and sets the cookie: HttpOnly, SameSite=Strict,
 *   Path=/, Secure unless the console is reached on this machine (loopback). Over plain HTTP from elsewhere the sign-in
 *   is refused: a Secure cookie would not come back and the key would have crossed the network in clear.
 * - `GET /console/session`: who is signed in, the CSRF token and the idle timeout (the page keeps them in memory only).
 * - `DELETE /console/session`: sign-out (needs the CSRF token, like every write).
 * - `GET /console/*`: the page built by `update-server/console/build.mjs` (npm run build), bundled with its UI and chart
 *   libraries (no CDN). Paths without a file answer the page itself, so a reload keeps the view.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ApiError, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { hashSecret, looksLikeApiKey, sameSecret } from '../auth/api-keys';
import type { ApiKeyRecord } from '../store/store';
import { cookieValue, CSRF_HEADER, csrfMatches, SESSION_COOKIE, type ConsoleSessions, type SessionLimits } from './console-session';

/** Where `npm run build` puts the page (update-server/dist/console). */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'dist', 'console');

export const signInBody = z.object({ apiKey: z.string().min(1).max(200) });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
function onThisMachine(req: Request): boolean {
  return LOOPBACK_HOSTS.has(req.hostname) || req.hostname.endsWith('.localhost');
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

function sessionView(key: ApiKeyRecord, csrfToken: string, limits: SessionLimits): Record<string, unknown> {
  return {
    name: key.name,
    role: key.role,
    ...(key.partnerId !== undefined ? { partnerId: key.partnerId } : {}),
    csrfToken,
    idleTimeoutSeconds: Math.round(limits.idleMs / 1000),
  };
}

export function consoleRoutes(ctx: AppContext, sessions: ConsoleSessions, limits: SessionLimits, consoleDir: string): Router {
  const router = Router();
  const now = () => ctx.clock.now().getTime();

  /** The live session of this request and its key, or a 401. */
  async function current(req: Request): Promise<{ id: string; key: ApiKeyRecord; csrfToken: string; session: NonNullable<ReturnType<ConsoleSessions['use']>> }> {
    const id = cookieValue(req.get('cookie'), SESSION_COOKIE);
    const session = id === undefined ? undefined : sessions.use(id, now());
    if (id === undefined || !session) throw new ApiError(401, 'session_expired', 'not signed in, or the session has ended: sign in again');
    const key = await ctx.store.findApiKeyByHash(session.keyHash);
    if (!key || key.revokedAt !== undefined) {
      sessions.close(id);
      throw new ApiError(401, 'unauthenticated', 'the API key of this session has been revoked: sign in with another key');
    }
    return { id, key, csrfToken: session.csrfToken, session };
  }

  router.post(
    '/console/session',
    route(async (req: Request, res: Response) => {
      if (!onThisMachine(req) && !req.secure) {
        throw new ApiError(403, 'insecure_transport', 'the console signs in over HTTPS only (or on this machine): open it with https://');
      }
      // Login CSRF: another site's page may not sign this browser in (with the attacker's key). Browsers send Origin
      // on every cross-origin POST; a sign-in whose Origin is not this server's own is refused.
      // Compared by host name: behind the proxy (trust proxy) req.hostname is the public one (X-Forwarded-Host).
      const origin = req.get('origin');
      if (origin !== undefined && originHost(origin) !== req.hostname) {
        throw new ApiError(403, 'forbidden', 'the console signs in from its own page only');
      }
      const { apiKey } = validate(signInBody, req.body);
      const secret = apiKey.trim();
      const invalid = new ApiError(401, 'unauthenticated', 'apiKey: this API key is not valid (it may have been revoked); ask an admin for a key', 'apiKey');
      if (!looksLikeApiKey(secret)) throw invalid;
      const hash = hashSecret(secret);
      const key = await ctx.store.findApiKeyByHash(hash);
      if (!key || !sameSecret(key.keyHash, hash) || key.revokedAt !== undefined) throw invalid;
      // A new session on each sign-in (no fixation: a cookie sent along is dropped).
      const old = cookieValue(req.get('cookie'), SESSION_COOKIE);
      if (old !== undefined) sessions.close(old);
      const { id, session } = sessions.open(hash, now());
      res.cookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'strict',
        secure: !onThisMachine(req),
        path: '/',
        maxAge: limits.lifetimeMs,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(sessionView(key, session.csrfToken, limits));
    }),
  );

  router.get(
    '/console/session',
    route(async (req, res) => {
      const { key, csrfToken } = await current(req);
      res.setHeader('Cache-Control', 'no-store');
      res.json(sessionView(key, csrfToken, limits));
    }),
  );

  router.delete(
    '/console/session',
    route(async (req, res) => {
      const { id, session } = await current(req);
      if (!csrfMatches(session, req.get(CSRF_HEADER))) throw new ApiError(403, 'csrf_token_invalid', `signing out needs the session's token in ${CSRF_HEADER}: reload the page`);
      sessions.close(id);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: !onThisMachine(req), path: '/' });
      res.status(204).end();
    }),
  );

  // The page: hashed asset names are cached for long, index.html never.
  const assets = express.static(consoleDir, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders(res, file) {
      res.setHeader('Cache-Control', file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable');
    },
  });
  router.use('/console', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    assets(req, res, () => {
      const index = path.join(consoleDir, 'index.html');
      if (!existsSync(index)) {
        res.status(503).type('text/plain').send('The console is not built on this server: run `npm run build`, then reload.\n');
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(index);
    });
  });
  return router;
}
