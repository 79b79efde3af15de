/** Shared fixtures for the signing tests (design.md: signed documents). */
import { createHmac } from 'node:crypto';
import type { LicenceToSign, EntitlementToSign, ManifestToSign } from '../../src/node';
import { VerificationError, type VerificationErrorCode } from '../../src/errors';

export const ORG_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
export const OTHER_ORG_ID = '6b1d2c9a-0000-4000-8000-000000000001';
export const VENDOR_ID = 'contoso-addons';

/** A fixed instant: the tests never depend on the machine clock. */
export const NOW = new Date('2026-11-22T10:00:00.000Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);

export const licenceClaims: LicenceToSign = {
  aud: ORG_ID,
  sub: 'lic-0001',
  customer: { id: 'cust-42', name: 'Fabrikam GmbH' },
  org: { id: ORG_ID, url: 'https://fabrikam.crm4.dynamics.com' },
  addons: [
    { addon: 'sales-booster', quantity: 25, edition: 'professional' },
    { addon: 'sales-booster', feature: 'ai-scoring', quantity: 25 },
  ],
};

export const entitlementClaims: EntitlementToSign = {
  aud: ORG_ID,
  sub: 'cust-42',
  status: 'active',
  plan: 'calendar-year',
  coverage: [{ from: '2026-03-15', to: '2027-12-31' }],
  paidThrough: '2027-12-31',
  periodEnd: '2027-12-31',
  nextInvoiceOn: '2028-01-01',
  cancellationDeadline: '2027-09-30',
  platform: 'dynamics365',
  line: '9.2',
  lineStatus: { status: 'supported' },
};

export const manifestClaims: ManifestToSign = {
  aud: ORG_ID,
  addon: 'sales-booster',
  serial: 7,
  releases: [
    {
      id: 'rel-1',
      version: '1.4.0.0',
      kind: 'feature',
      platform: 'dynamics365',
      lines: ['9.1', '9.2'],
      publishedAt: '2026-10-01T08:00:00.000Z',
      size: 482133,
      sha256: 'a'.repeat(64),
      notes: 'Pipeline view',
    },
  ],
};

export function b64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export function partsOf(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string } {
  const [h, p, s] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
    signature: s,
  };
}

/** Re-assembles a token from a (possibly altered) header and payload, keeping the given signature. */
export function reassemble(header: object, payload: object, signature: string): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

/** The classic key-confusion forgery: HS256 with the public key (here the certificate PEM) as HMAC secret. */
export function hs256WithSecret(header: object, payload: object, secret: string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Runs `verify` and returns the code of the VerificationError it threw (fails if it returned or threw else). */
export function codeOf(verify: () => unknown): VerificationErrorCode {
  try {
    verify();
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    throw e;
  }
  throw new Error('verification accepted the token');
}
