/**
 * Authentication, roles, partner isolation, CORS, rate limits, and every download-token forgery.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDownloadTokens } from '../src/download-token';
import { activate, checkUpdates, customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
let keys: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z', settings: { corsOrigins: ['https://contoso.crm4.dynamics.com'] } });
  await seedCatalogue(h);
  keys = {};
  for (const [name, role, partnerId] of [
    ['publisher', 'publisher'],
    ['billing', 'billing'],
    ['alpha', 'partner', 'alpha'],
    ['beta', 'partner', 'beta'],
  ] as const) {
    const r = await h.call('POST', '/v1/api-keys', { name, role, ...(partnerId ? { partnerId } : {}) });
    expect(r.status).toBe(201);
    keys[name] = r.body.apiKey;
  }
});
afterAll(async () => h.close());

describe('vendor API keys', () => {
  test('no key → 401, unknown key → 401, wrong role → 403', async () => {
    expect((await h.call('GET', '/v1/customers', undefined, null)).status).toBe(401);
    const bad = await h.call('GET', '/v1/customers', undefined, `cra_admin_${'x'.repeat(43)}`);
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthenticated');
    const publisherOrder = await h.call('POST', '/v1/customers', { name: 'X' }, keys.publisher);
    expect(publisherOrder.status).toBe(403);
    expect(publisherOrder.body.error.code).toBe('forbidden');
    const billingPublish = await publish(h, 'docgen', { version: '9.9.9.9', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] }, 'x', keys.billing);
    expect(billingPublish.status).toBe(403);
    const billingTerminate = await h.call('POST', '/v1/customers/cus_x/termination', { reason: 'x' }, keys.billing);
    expect(billingTerminate.status).toBe(403);
    expect((await h.call('POST', '/v1/addons', { id: 'viapublisher', name: 'ok' }, keys.publisher)).status).toBe(201);
  });

  test('API keys are stored hashed', async () => {
    const db = readFileSync(path.join(h.dataDir, 'assurance.sqlite'));
    expect(db.includes(Buffer.from(keys.billing))).toBe(false);
    expect(db.includes(Buffer.from(h.adminKey))).toBe(false);
  });

  test('a revoked key stops working', async () => {
    const r = await h.call('POST', '/v1/api-keys', { name: 'temp', role: 'billing' });
    expect((await h.call('GET', '/v1/customers', undefined, r.body.apiKey)).status).toBe(200);
    expect((await h.call('DELETE', `/v1/api-keys/${r.body.id}`)).status).toBe(204);
    expect((await h.call('GET', '/v1/customers', undefined, r.body.apiKey)).status).toBe(401);
  });
});

describe('partner keys (seed 002)', () => {
  test("a partner key is kept out of another partner's customer", async () => {
    const alphaCustomer = await customerWithOrder(h, '2026-03-01', 100_000, keys.alpha);
    const betaCustomer = await customerWithOrder(h, '2026-03-01', 100_000, keys.beta);
    const shown = await h.call('GET', `/v1/customers/${alphaCustomer.customerId}`, undefined, keys.alpha);
    expect(shown.status).toBe(200);
    expect(shown.body.partnerId).toBe('alpha');
    for (const [method, p, body] of [
      ['GET', `/v1/customers/${betaCustomer.customerId}`, undefined],
      ['GET', `/v1/customers/${betaCustomer.customerId}/contract`, undefined],
      ['GET', `/v1/customers/${betaCustomer.customerId}/invoices`, undefined],
      ['GET', `/v1/invoices/${betaCustomer.invoice.id}`, undefined],
      ['POST', `/v1/customers/${betaCustomer.customerId}/orders`, { orderedOn: '2026-03-10', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] }],
      ['POST', `/v1/customers/${betaCustomer.customerId}/cancellation`, { receivedOn: '2026-03-10' }],
    ] as const) {
      const r = await h.call(method, p, body, keys.alpha);
      expect([method, p, r.status]).toEqual([method, p, 404]);
    }
    const list = await h.call('GET', '/v1/customers', undefined, keys.alpha);
    expect(list.body.customers.map((c: any) => c.id)).toEqual([alphaCustomer.customerId]);
    expect((await h.call('POST', '/v1/customers', { name: 'sneaky', partnerId: 'beta' }, keys.alpha)).status).toBe(400);
    // Nothing was ordered for beta's customer.
    expect((await h.call('GET', `/v1/customers/${betaCustomer.customerId}/orders`)).body.orders).toHaveLength(1);
    // A partner may not post payments (billing does).
    expect((await h.call('POST', `/v1/invoices/${alphaCustomer.invoice.id}/payments`, { amount: 1, paidAt: '2026-03-02T00:00:00Z', reference: 'p' }, keys.alpha)).status).toBe(403);
  });
});

describe('partner keys and support requests (issue #12)', () => {
  test("another partner's support request answers exactly like a missing one", async () => {
    const beta = await customerWithOrder(h, '2026-03-01', 100_000, keys.beta);
    expect((await activate(h, beta.licenceKey, 'org-beta-support')).status).toBe(201);
    const filed = await h.call('POST', '/v1/support-requests', { licenceKey: beta.licenceKey, orgId: 'org-beta-support', addon: 'docgen', summary: 'Crash', description: 'It crashes.', environment: { addonVersion: '3.0.1.0', platformVersion: '9.2.24012.196', customisationsPresent: false } }, null);
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await h.call('GET', `/v1/support-requests/${id}`, undefined, keys.beta)).status).toBe(200);
    const probed = await h.call('GET', `/v1/support-requests/${id}`, undefined, keys.alpha);
    const missing = await h.call('GET', '/v1/support-requests/sup_does_not_exist', undefined, keys.alpha);
    expect(probed.status).toBe(404);
    expect(probed.body).toEqual(missing.body);
    expect(probed.body.error.code).toBe('support_request_not_found');
    // Writes are refused the same way, and change nothing.
    const closed = await h.call('POST', `/v1/support-requests/${id}/close`, {}, keys.alpha);
    expect(closed.status).toBe(404);
    expect(closed.body.error.code).toBe('support_request_not_found');
    expect((await h.call('GET', `/v1/support-requests/${id}`, undefined, keys.beta)).body.status).toBe('open');
  });
});

describe('download tokens', () => {
  let licenceKey: string;
  let customerId: string;
  let link: string;
  let release: any;
  const secret = (): Buffer => Buffer.from(readFileSync(path.join(h.dataDir, 'keys', 'download-secret'), 'utf8').trim(), 'base64');

  beforeAll(async () => {
    release = (await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-02-01T00:00:00Z' })).body;
    const c = await customerWithOrder(h, '2026-03-10');
    licenceKey = c.licenceKey;
    customerId = c.customerId;
    expect((await activate(h, licenceKey, 'org-tokens')).status).toBe(201);
    const check = await checkUpdates(h, licenceKey, 'org-tokens', '0.1.0.0');
    link = check.body.updates[0].downloadUrl;
    expect((await fetch(link)).status).toBe(200);
  });

  const tokenOf = (url: string): string => url.split('/v1/downloads/')[1];
  const get = async (token: string) => {
    const res = await fetch(`${h.url}/v1/downloads/${token}`);
    return { status: res.status, code: res.status === 200 ? undefined : ((await res.json()) as any).error.code };
  };

  test('a tampered token is refused', async () => {
    const [body, mac] = tokenOf(link).split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, e: payload.e + 3600 })).toString('base64url');
    expect(await get(`${forged}.${mac}`)).toEqual({ status: 403, code: 'download_token_invalid' });
    const flipped = mac.slice(0, -2) + (mac.endsWith('AA') ? 'BB' : 'AA');
    expect(await get(`${body}.${flipped}`)).toEqual({ status: 403, code: 'download_token_invalid' });
    expect(await get('not-a-token')).toEqual({ status: 403, code: 'download_token_invalid' });
    expect(await get('..%2F..%2Fkeys%2Fsigning-key.pem')).toEqual({ status: 403, code: 'download_token_invalid' });
  });

  test('only the canonical spelling of a token is accepted (issue #12)', async () => {
    // A 32-byte MAC is 43 base64url characters with 2 spare bits in the last one: flipping a spare bit decodes to
    // the same bytes. Node's decoder accepts every such spelling; the token check must not.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respell = (s: string): string => s.slice(0, -1) + alphabet[alphabet.indexOf(s.slice(-1)) ^ 1];
    const [body, mac] = tokenOf(link).split('.');
    expect(Buffer.from(respell(mac), 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true);
    expect(await get(`${body}.${respell(mac)}`)).toEqual({ status: 403, code: 'download_token_invalid' });
    if (body.length % 4 !== 0 && Buffer.from(respell(body), 'base64url').equals(Buffer.from(body, 'base64url'))) {
      expect(await get(`${respell(body)}.${mac}`)).toEqual({ status: 403, code: 'download_token_invalid' });
    }
    expect((await fetch(link)).status).toBe(200);
  });

  test('a token from a foreign tenant (another server secret) is refused', async () => {
    const foreign = createDownloadTokens(randomBytes(32)).issue({ customerId, releaseId: release.id, orgId: 'org-tokens', expiresAt: h.clock.now().getTime() + 60_000 });
    expect(await get(foreign)).toEqual({ status: 403, code: 'download_token_invalid' });
  });

  test('a token bound to another customer gains nothing', async () => {
    // Validly signed (server secret) for customer B, release only A may have (custom build for A).
    const custom = (await publish(h, 'docgen', { version: '1.0.0.7', kind: 'patch', platform: 'dynamics365', lines: ['9.2'], customFor: [customerId] })).body;
    const other = await customerWithOrder(h, '2026-03-10');
    await h.call('POST', `/v1/invoices/${other.invoice.id}/payments`, { amount: other.invoice.total.amount, paidAt: '2026-03-10T10:00:00Z', reference: 'other-1' });
    await activate(h, other.licenceKey, 'org-other');
    const tokens = createDownloadTokens(secret());
    const exp = h.clock.now().getTime() + 60_000;
    expect(await get(tokens.issue({ customerId: other.customerId, releaseId: custom.id, orgId: 'org-other', expiresAt: exp }))).toEqual({ status: 403, code: 'not_targeted' });
    // Customer B's token naming customer A's org: the org is not B's.
    expect(await get(tokens.issue({ customerId: other.customerId, releaseId: release.id, orgId: 'org-tokens', expiresAt: exp }))).toEqual({ status: 403, code: 'download_token_invalid' });
    // Even customer A's own, validly signed link is re-judged at download time: A has not paid yet.
    expect(await get(tokens.issue({ customerId, releaseId: custom.id, orgId: 'org-tokens', expiresAt: exp }))).toEqual({ status: 403, code: 'not_paid' });
    // The MAC covers every field: HMAC over a changed payload with a guessed key fails.
    const guess = createHmac('sha256', 'guess').update('x').digest('base64url');
    expect(await get(`${Buffer.from('{}').toString('base64url')}aaaaaaaa.${guess}`)).toEqual({ status: 403, code: 'download_token_invalid' });
  });

  test('an expired token is refused', async () => {
    const check = await checkUpdates(h, licenceKey, 'org-tokens', '0.1.0.0');
    const fresh = tokenOf(check.body.updates[0].downloadUrl);
    h.clock.advance(6 * 60 * 1000);
    try {
      expect(await get(fresh)).toEqual({ status: 403, code: 'download_token_expired' });
    } finally {
      h.clock.advance(-6 * 60 * 1000);
    }
  });

  test('a token stops working after termination', async () => {
    const c = await customerWithOrder(h, '2026-03-12');
    await activate(h, c.licenceKey, 'org-doomed');
    const check = await checkUpdates(h, c.licenceKey, 'org-doomed', '0.1.0.0');
    const token = tokenOf(check.body.updates[0].downloadUrl);
    expect((await get(token)).status).toBe(200);
    await h.call('POST', `/v1/customers/${c.customerId}/termination`, { reason: 'unauthorised use' });
    expect(await get(token)).toEqual({ status: 403, code: 'assurance_terminated' });
  });

  test('licence keys: unknown key 403, unactivated org 403, org of another customer 409, org limits 409', async () => {
    const unknown = await checkUpdates(h, 'CRMA-AAAAA-AAAAA-AAAAA-AAAAA', 'org-tokens', '0.1.0.0');
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toMatchObject({ code: 'licence_key_invalid', field: 'licenceKey' });
    const notBound = await checkUpdates(h, licenceKey, 'org-never-activated', '0.1.0.0');
    expect(notBound.body.error.code).toBe('org_not_activated');
    const c = await customerWithOrder(h, '2026-03-12');
    const stolen = await activate(h, c.licenceKey, 'org-tokens');
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.code).toBe('org_bound_elsewhere');
    expect((await activate(h, c.licenceKey, 'org-c-prod')).status).toBe(201);
    expect((await activate(h, c.licenceKey, 'org-c-prod')).status).toBe(200);
    expect((await activate(h, c.licenceKey, 'org-c-prod-2')).body.error.code).toBe('org_limit_reached');
    expect((await activate(h, c.licenceKey, 'org-c-sb1', undefined, { environment: 'sandbox' })).status).toBe(201);
    expect((await activate(h, c.licenceKey, 'org-c-sb2', undefined, { environment: 'sandbox' })).status).toBe(201);
    const third = await activate(h, c.licenceKey, 'org-c-sb3', undefined, { environment: 'sandbox' });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('org_limit_reached');
  });
});

describe('CORS and rate limits', () => {
  test('only configured origins get CORS headers, with the download headers exposed', async () => {
    const pre = await fetch(`${h.url}/v1/updates/check`, {
      method: 'OPTIONS',
      headers: { origin: 'https://contoso.crm4.dynamics.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://contoso.crm4.dynamics.com');
    const res = await fetch(`${h.url}/v1/entitlement`, { method: 'POST', headers: { origin: 'https://contoso.crm4.dynamics.com', 'content-type': 'application/json' }, body: '{}' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://contoso.crm4.dynamics.com');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
    const evil = await fetch(`${h.url}/v1/updates/check`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const vendor = await fetch(`${h.url}/v1/customers`, { headers: { origin: 'https://contoso.crm4.dynamics.com', authorization: `Bearer ${h.adminKey}` } });
    expect(vendor.headers.get('access-control-allow-origin')).toBeNull();
    expect(vendor.headers.get('x-content-type-options')).toBe('nosniff'); // helmet
  });

  test('the add-on side is rate limited', async () => {
    const limited = await startHarness({ config: { addonRateLimit: { windowMs: 60_000, max: 3 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call('POST', '/v1/entitlement', {}, null)).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      expect((await limited.call('GET', '/v1/customers')).status).toBe(200); // vendor side is not
    } finally {
      await limited.close();
    }
  });
});

describe('org URL signed into a licence (issue #12)', () => {
  test('only https (http on loopback) is accepted; a refused activation binds nothing', async () => {
    const { customerId, licenceKey } = await customerWithOrder(h, '2026-03-15');
    for (const orgUrl of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'http://contoso.crm4.dynamics.com',
      'ftp://contoso.crm4.dynamics.com',
      'https://admin:secret@contoso.crm4.dynamics.com',
    ]) {
      const res = await activate(h, licenceKey, 'org-url-check', undefined, { orgUrl });
      expect({ orgUrl, status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ orgUrl, status: 400, code: 'invalid_input', field: 'orgUrl' });
    }
    const detail = await h.call('GET', `/v1/customers/${customerId}`);
    expect(detail.body.orgs).toEqual([]);
    // The one production org the licence allows is still free.
    const loopback = await activate(h, licenceKey, 'org-url-check', undefined, { orgUrl: 'http://127.0.0.1:5555' });
    expect(loopback.status).toBe(201);
    const https = await activate(h, licenceKey, 'org-url-check', undefined, { orgUrl: 'https://contoso.crm4.dynamics.com' });
    expect(https.status).toBe(200);
  });
});
