/**
 * Vendor API keys: random secrets shown once, stored only as sha256 hashes, each with a role
 * (admin, publisher, billing, partner; a partner key also carries its partner id, seed 002).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyRole } from '../store/store';

const KEY_PATTERN = /^cra_[a-z]+_[A-Za-z0-9_-]{43}$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests (or any two strings). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function newApiKey(input: { name: string; role: ApiKeyRole; partnerId?: string; now: Date; id: string }): {
  secret: string;
  record: ApiKeyRecord;
} {
  const secret = `cra_${input.role}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id: input.id,
    name: input.name,
    role: input.role,
    keyHash: hashSecret(secret),
    createdAt: input.now.toISOString(),
    ...(input.partnerId !== undefined ? { partnerId: input.partnerId } : {}),
  };
  return { secret, record };
}
