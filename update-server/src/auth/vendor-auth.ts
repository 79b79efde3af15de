/**
 * Authentication of the vendor side: `Authorization: Bearer <api key>`, or the vendor console's session cookie
 * (issue #15, decision U84: the key the session was opened with, looked up again on every request; writes need the
 * session's CSRF token). No key → 401; a key whose role may not use the route → 403. A partner key only ever sees its
 * own customers (routes call `assertCustomerVisible`).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError, notFound } from '../api-error';
import type { ApiKeyRecord, ApiKeyRole, CustomerRecord, Store } from '../store/store';
import { hashSecret, looksLikeApiKey, sameSecret } from './api-keys';
import type { Clock } from '../clock';
import { cookieValue, CSRF_HEADER, csrfMatches, SESSION_COOKIE, type ConsoleSessions } from '../console/console-session';

/** Methods that change nothing: the only ones a console session may use without its CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      apiKey?: ApiKeyRecord;
    }
  }
}

export function authenticate(store: Store, console?: { sessions: ConsoleSessions; clock: Clock }): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const cookie = console && header === undefined ? cookieValue(req.get('cookie'), SESSION_COOKIE) : undefined;
    let hash: string;
    if (cookie !== undefined && console) {
      // Decision U84: a console session stands for the key it was opened with.
      const session = console.sessions.use(cookie, console.clock.now().getTime());
      if (!session) {
        next(new ApiError(401, 'session_expired', 'the console session has ended (signed out, timed out, or the server restarted): sign in again'));
        return;
      }
      if (!SAFE_METHODS.has(req.method) && !csrfMatches(session, req.get(CSRF_HEADER))) {
        next(new ApiError(403, 'csrf_token_invalid', `a change from the console needs the session's token in ${CSRF_HEADER}: reload the page`));
        return;
      }
      hash = session.keyHash;
    } else {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!match) {
        next(new ApiError(401, 'unauthenticated', 'an API key is required: Authorization: Bearer <api key>'));
        return;
      }
      const secret = match[1];
      if (!looksLikeApiKey(secret)) {
        next(new ApiError(401, 'unauthenticated', 'the API key is not valid'));
        return;
      }
      hash = hashSecret(secret);
    }
    store
      .findApiKeyByHash(hash)
      .then((record) => {
        if (!record || !sameSecret(record.keyHash, hash) || record.revokedAt !== undefined) {
          throw new ApiError(401, 'unauthenticated', 'the API key is not valid');
        }
        req.apiKey = record;
        next();
      })
      .catch(next);
  };
}

/** Allows the listed roles (admin is always allowed). */
export function requireRole(...roles: ApiKeyRole[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.apiKey?.role;
    if (role === undefined) {
      next(new ApiError(401, 'unauthenticated', 'an API key is required'));
      return;
    }
    if (role !== 'admin' && !roles.includes(role)) {
      next(new ApiError(403, 'forbidden', `an API key with role ${role} may not do this`));
      return;
    }
    next();
  };
}

/** The partner id a request is limited to, or undefined for the vendor's own keys. */
export function partnerScope(req: Request): string | undefined {
  return req.apiKey?.role === 'partner' ? (req.apiKey.partnerId ?? '\u0000none') : undefined;
}

/** 404 (not 403, so ids cannot be probed) when a partner key asks for another partner's customer. */
export function assertCustomerVisible(req: Request, customer: CustomerRecord | undefined): CustomerRecord {
  if (!isCustomerVisible(req, customer)) throw notFound('customer');
  return customer;
}

/**
 * May the caller see this customer (a partner key: only its own)? Routes that look a record up by its own id
 * (an invoice, a support request) answer that record's 404 when its customer is not visible, so a partner cannot
 * tell another partner's record from one that does not exist.
 */
export function isCustomerVisible(req: Request, customer: CustomerRecord | undefined): customer is CustomerRecord {
  const scope = partnerScope(req);
  return customer !== undefined && (scope === undefined || customer.partnerId === scope);
}

/**
 * Decision U41 (issue #12, beside U36): the prices of a maintenance agreement (SPEC §7: base fee, rate per line, upgrade
 * fee, support discount) are the vendor's to agree, like a price override: only an admin key sends them. A billing
 * or partner key that does gets 403 naming `maintenance`, before anything is read or written; it may still start or
 * renew a maintenance agreement on the terms an admin stored for the customer.
 */
export function assertMayAgreeMaintenancePrices(req: Request, maintenance: unknown): void {
  if (maintenance !== undefined && req.apiKey?.role !== 'admin') {
    throw new ApiError(403, 'forbidden', 'maintenance: the prices of a maintenance agreement are set by an admin key; ask the vendor to store them for this customer (PUT /v1/customers/{id}/plan)', 'maintenance');
  }
}
