/**
 * Download tokens: short-lived, opaque to the client, never a file path. A token is
 * `base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload))` with the server's own secret (a file in
 * the data dir), binding { customer, release, org, expiry }. Verification is constant-time; the download route
 * then re-checks termination and eligibility, so a live link dies with the contract.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DownloadGrant {
  customerId: string;
  releaseId: string;
  orgId: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
  /** Region and language the update check was judged with (re-used when the download is re-judged). */
  region?: string;
  language?: string;
}

interface Payload {
  v: 1;
  c: string;
  r: string;
  o: string;
  e: number;
  n: string;
  g?: string;
  l?: string;
}

export type DownloadTokenProblem = 'malformed' | 'signature' | 'expired';

export class DownloadTokenError extends Error {
  constructor(readonly problem: DownloadTokenProblem) {
    super(`download token ${problem}`);
    this.name = 'DownloadTokenError';
  }
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{10,2048}\.[A-Za-z0-9_-]{43}$/;

export interface DownloadTokens {
  issue(grant: DownloadGrant): string;
  /** Returns the grant, or throws DownloadTokenError. */
  verify(token: string, now: Date): DownloadGrant;
}

export function newDownloadSecret(): Buffer {
  return randomBytes(32);
}

export function createDownloadTokens(secret: Buffer): DownloadTokens {
  if (secret.length < 32) throw new Error('download token secret must be at least 32 bytes');
  const mac = (data: string): Buffer => createHmac('sha256', secret).update(`crm-assurance/download/v1.${data}`).digest();
  return {
    issue(grant) {
      const payload: Payload = {
        v: 1,
        c: grant.customerId,
        r: grant.releaseId,
        o: grant.orgId,
        e: Math.floor(grant.expiresAt / 1000),
        n: randomBytes(6).toString('base64url'),
        ...(grant.region !== undefined ? { g: grant.region } : {}),
        ...(grant.language !== undefined ? { l: grant.language } : {}),
      };
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, now) {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new DownloadTokenError('malformed');
      const [body, signature] = token.split('.');
      const given = Buffer.from(signature, 'base64url');
      // One spelling per token: base64url's last character can carry spare bits that decode to the same bytes, so a
      // re-encoding that differs means a respelled (not issued) token (issue #12).
      if (given.toString('base64url') !== signature || Buffer.from(body, 'base64url').toString('base64url') !== body) {
        throw new DownloadTokenError('malformed');
      }
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DownloadTokenError('signature');
      let payload: Payload;
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
      } catch {
        throw new DownloadTokenError('malformed');
      }
      if (
        payload?.v !== 1 ||
        typeof payload.c !== 'string' ||
        typeof payload.r !== 'string' ||
        typeof payload.o !== 'string' ||
        !Number.isSafeInteger(payload.e) ||
        (payload.g !== undefined && typeof payload.g !== 'string') ||
        (payload.l !== undefined && typeof payload.l !== 'string')
      ) {
        throw new DownloadTokenError('malformed');
      }
      if (payload.e * 1000 <= now.getTime()) throw new DownloadTokenError('expired');
      return {
        customerId: payload.c,
        releaseId: payload.r,
        orgId: payload.o,
        expiresAt: payload.e * 1000,
        ...(payload.g !== undefined ? { region: payload.g } : {}),
        ...(payload.l !== undefined ? { language: payload.l } : {}),
      };
    },
  };
}
