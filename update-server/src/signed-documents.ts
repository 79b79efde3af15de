/**
 * Signs the three documents with license-core's signer and caches them: an identical claim set asked for
 * again within a short window gets the same token (signing costs about 0.7 ms; add-ons poll). The cache key is
 * the claims themselves, so any change (payment, termination, new release → new serial) signs afresh.
 * Every manifest lists the revoked signing certificates (decision S18). `useKeys` switches to rotated keys
 * (signing-keys.ts) and empties the cache, so nothing signed by the old key is handed out after the switch.
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
}

interface Cached {
  token: string;
  signedAtMs: number;
}

const MAX_ENTRIES = 5000;
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
    if (cache.size >= MAX_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.delete(key);
    cache.set(key, { token, signedAtMs: Math.floor(now.getTime() / 1000) * 1000 });
    return token;
  }

  return {
    signer: () => signer,
    revokedCerts: () => revoked,
    useKeys(next, serials) {
      signer = next;
      setRevoked(serials);
      cache.clear();
    },
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
