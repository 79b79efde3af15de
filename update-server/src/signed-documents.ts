/**
 * Signs the three documents with license-core's signer and caches them: an identical claim set asked for
 * again within a short window gets the same token (signing costs about 0.7 ms; add-ons poll). The cache key is
 * the claims themselves, so any change (payment, termination, new release → new serial) signs afresh.
 * Every manifest lists the revoked signing certificates (decision S18). `useKeys` switches to rotated keys
 * (signing-keys.ts) and empties the cache, so nothing signed by the old key is handed out after the switch.
 *
 * `answers` (decision U77) keeps what an update check or an entitlement computed from the store (the judgement of the
 * releases, the entitlement's claims) under a key naming everything it depends on: the manifest serial (every payment,
 * order, invoice, cancellation, termination, re-conclusion, release, line and settings change bumps it), the customer
 * record, the org, the request, and the vendor's calendar date. The signature is still asked of the cache above, so
 * a key rotation (which empties both) signs afresh.
 */
import { MAX_REVOKED_CERTS } from '@crm-assurance/license-core';
import type { EntitlementToSign, LicenceToSign, ManifestToSign, Signer } from '@crm-assurance/license-core/node';
import type { Clock } from './clock';
import type { Metrics } from './metrics';

export interface SignedDocuments {
  /** The signer in use (its certificate is what /healthz reports). */
  signer(): Signer;
  /** Serials of the revoked signing certificates, as manifests list them. */
  revokedCerts(): readonly string[];
  useKeys(signer: Signer, revokedCerts: readonly string[]): void;
  licence(claims: LicenceToSign): string;
  entitlement(claims: EntitlementToSign, ttlSeconds: number): string;
  manifest(claims: ManifestToSign, ttlSeconds: number): string;
  /** Answers computed from the store, by what they depend on (decision U77). */
  readonly answers: AnswerCache;
}

/** What a route computed from the store, kept under a key that names everything it depends on (decision U77). */
export interface AnswerCache {
  /** The value kept under `key`, if it is still valid at `nowMs`. */
  get<T>(key: string, nowMs: number): T | undefined;
  /** Keeps `value` under `key` from `nowMs` until `untilMs` at the latest (and at most MAX_ANSWER_MS). */
  set<T>(key: string, value: T, nowMs: number, untilMs?: number): void;
  clear(): void;
  readonly size: number;
}

/** An answer is reused for at most this long, whatever its key says (a bound on anything a key could miss). */
export const MAX_ANSWER_MS = 60_000;
/** One answer per org and request kind of a large vendor (10,000 orgs); the oldest entries go first. */
const MAX_ANSWERS = 20_000;

export function createAnswerCache(metrics?: Metrics): AnswerCache {
  const entries = new Map<string, { value: unknown; fromMs: number; untilMs: number }>();
  return {
    get<T>(key: string, nowMs: number): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // A clock set back (tests, --as-of) or a passed deadline: computed afresh.
      if (nowMs < entry.fromMs || nowMs >= entry.untilMs) {
        entries.delete(key);
        return undefined;
      }
      metrics?.documentsCached.inc({ doc: `answer:${key.slice(0, key.indexOf('|'))}` });
      return entry.value as T;
    },
    set<T>(key: string, value: T, nowMs: number, untilMs = Infinity): void {
      if (entries.size >= MAX_ANSWERS) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.delete(key);
      entries.set(key, { value, fromMs: nowMs, untilMs: Math.min(untilMs, nowMs + MAX_ANSWER_MS) });
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}

interface Cached {
  token: string;
  signedAtMs: number;
}

const MAX_ENTRIES = 5000;
/**
 * Decision U77: and at most this many bytes of tokens. A manifest carries its certificate chain and every offered
 * release (~20 KB for 60 releases), so 5,000 of them were ~100 MB of a server's RSS (bench:http, issue #14).
 */
const MAX_BYTES = 16 * 1024 * 1024;
/** A cached token is reused for at most this long (and at most a tenth of its lifetime). */
const MAX_REUSE_MS = 60_000;

export function createSignedDocuments(initialSigner: Signer, clock: Clock, metrics?: Metrics, initialRevoked: readonly string[] = []): SignedDocuments {
  const cache = new Map<string, Cached>();
  let signer = initialSigner;
  // The newest revocations first; a manifest lists at most MAX_REVOKED_CERTS (license-core's claim shape).
  let revoked: readonly string[] = [];
  const setRevoked = (serials: readonly string[]): void => {
    revoked = [...new Set(serials)].reverse().slice(0, MAX_REVOKED_CERTS);
  };
  setRevoked(initialRevoked);
  const answers = createAnswerCache(metrics);

  /** The characters the cache holds (keys and tokens), kept under MAX_BYTES. */
  let bytes = 0;
  const forget = (key: string): void => {
    const entry = cache.get(key);
    if (!entry) return;
    bytes -= key.length + entry.token.length;
    cache.delete(key);
  };

  function cached(doc: 'licence' | 'entitlement' | 'manifest', claims: object, ttlSeconds: number | undefined, sign: (now: Date) => string): string {
    const now = clock.now();
    const key = `${doc}|${ttlSeconds ?? ''}|${JSON.stringify(claims)}`;
    const hit = cache.get(key);
    const reuseMs = Math.min(MAX_REUSE_MS, ttlSeconds === undefined ? MAX_REUSE_MS : (ttlSeconds * 1000) / 10);
    if (hit && hit.signedAtMs <= now.getTime() && now.getTime() - hit.signedAtMs < reuseMs) {
      metrics?.documentsCached.inc({ doc });
      return hit.token;
    }
    const token = sign(now);
    metrics?.documentsSigned.inc({ doc });
    forget(key);
    while (cache.size > 0 && (cache.size >= MAX_ENTRIES || bytes + key.length + token.length > MAX_BYTES)) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      forget(oldest);
    }
    cache.set(key, { token, signedAtMs: Math.floor(now.getTime() / 1000) * 1000 });
    bytes += key.length + token.length;
    return token;
  }

  return {
    signer: () => signer,
    revokedCerts: () => revoked,
    useKeys(next, serials) {
      signer = next;
      setRevoked(serials);
      cache.clear();
      bytes = 0;
      answers.clear();
    },
    answers,
    licence: (claims) => cached('licence', claims, undefined, (now) => signer.signLicence(claims, { now })),
    entitlement: (claims, ttlSeconds) =>
      cached('entitlement', claims, ttlSeconds, (now) => signer.signEntitlement(claims, { now, ttlSeconds })),
    manifest: (claims, ttlSeconds) => {
      const listed: ManifestToSign = revoked.length > 0 ? { ...claims, revokedCerts: [...revoked] } : claims;
      return cached('manifest', listed, ttlSeconds, (now) => signer.signManifest(listed, { now, ttlSeconds }));
    },
  };
}

/** The `exp` of a JWT this server signed, as an ISO instant (display only; the add-on verifies the token). */
export function expiryOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}
