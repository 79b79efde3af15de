/**
 * The vendor console's session (issue #15, decision U84): an API key is exchanged for a cookie (HttpOnly,
 * SameSite=Strict, Secure outside loopback); the vendor routes accept it; writes need the session's CSRF token; the
 * session ends on sign-out, after the idle timeout, and when its key is revoked. Each check is fed a forgery too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from './harness';

let h: Harness;
let consoleDir: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  consoleDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-console-'));
  h = await startHarness({ config: { consoleDir, consoleIdleMs: 30 * 60_000, trustProxy: true } });
  for (const [name, role, partnerId] of [
    ['alpha', 'partner', 'alpha'],
    ['beta', 'partner', 'beta'],
    ['books', 'billing', undefined],
  ] as const) {
    const r = await h.call('POST', '/v1/api-keys', { name, role, ...(partnerId ? { partnerId } : {}) });
    keys[name] = r.body.apiKey;
  }
  expect((await h.call('POST', '/v1/customers', { name: 'Alpha Customer' }, keys.alpha)).status).toBe(201);
  expect((await h.call('POST', '/v1/customers', { name: 'Beta Customer' }, keys.beta)).status).toBe(201);
});
afterAll(async () => {
  await h.close();
  rmSync(consoleDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: any;
  setCookie: string[];
}

/** A raw request (Host and cookies as given), so the test sees exactly what a browser would send and get. */
function raw(method: string, urlPath: string, o: { body?: unknown; cookie?: string; csrf?: string; host?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(h.url);
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: urlPath,
        headers: {
          ...(o.host ? { host: o.host } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...(o.csrf ? { 'x-csrf-token': o.csrf } : {}),
          ...o.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* text */
          }
          resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function signIn(apiKey: string): Promise<{ cookie: string; csrf: string; answer: Answer }> {
  const answer = await raw('POST', '/console/session', { body: { apiKey } });
  expect(answer.status).toBe(201);
  const cookie = answer.setCookie[0]!.split(';')[0]!;
  return { cookie, csrf: answer.body.csrfToken, answer };
}

describe('sign-in', () => {
  test('an API key opens a session: an HttpOnly, SameSite=Strict cookie, not Secure on loopback; the key is not echoed', async () => {
    const { answer, cookie } = await signIn(h.adminKey);
    const set = answer.setCookie[0]!;
    expect(set).toMatch(/^cra_console=[A-Za-z0-9_-]{43};/);
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; SameSite=Strict/i);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/; Secure/i);
    expect(answer.body).toMatchObject({ role: 'admin', idleTimeoutSeconds: 1800 });
    expect(JSON.stringify(answer.body)).not.toContain(h.adminKey);
    expect(cookie).not.toContain(h.adminKey);
    const me = await raw('GET', '/console/session', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(answer.body.csrfToken);
  });

  test('a wrong, malformed or revoked key is refused naming the field, and no cookie is set', async () => {
    for (const apiKey of ['cra_admin_' + 'A'.repeat(43), 'not a key', h.adminKey.slice(0, -1) + (h.adminKey.endsWith('A') ? 'B' : 'A')]) {
      const r = await raw('POST', '/console/session', { body: { apiKey } });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'unauthenticated', field: 'apiKey' });
      expect(r.setCookie).toEqual([]);
    }
    const missing = await raw('POST', '/console/session', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('apiKey');
  });

  test("another site's page cannot sign this browser in (login CSRF); the console's own origin can", async () => {
    const foreign = await raw('POST', '/console/session', { body: { apiKey: h.adminKey }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.setCookie).toEqual([]);
    const own = await raw('POST', '/console/session', { body: { apiKey: h.adminKey }, headers: { origin: h.url } });
    expect(own.status).toBe(201);
  });

  test('over plain HTTP from another machine the sign-in is refused; behind a TLS proxy the cookie is Secure', async () => {
    const plain = await raw('POST', '/console/session', { body: { apiKey: h.adminKey }, host: 'console.northwind.example' });
    expect(plain.status).toBe(403);
    expect(plain.body.error.code).toBe('insecure_transport');
    expect(plain.setCookie).toEqual([]);
    const tls = await raw('POST', '/console/session', { body: { apiKey: h.adminKey }, host: 'console.northwind.example', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.status).toBe(201);
    expect(tls.setCookie[0]).toMatch(/; Secure/i);
  });
});

describe('the session on the vendor routes', () => {
  test('reads work with the cookie alone; a forged cookie is refused', async () => {
    const { cookie } = await signIn(h.adminKey);
    const list = await raw('GET', '/v1/customers', { cookie });
    expect(list.status).toBe(200);
    expect(list.body.customers.map((c: { name: string }) => c.name).sort()).toEqual(['Alpha Customer', 'Beta Customer']);
    const forged = await raw('GET', '/v1/customers', { cookie: `cra_console=${'x'.repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('session_expired');
    const junk = await raw('GET', '/v1/customers', { cookie: 'cra_console=../../etc' });
    expect(junk.status).toBe(401);
  });

  test('a write without the CSRF token, or with a forged one, is refused and changes nothing', async () => {
    const { cookie, csrf } = await signIn(h.adminKey);
    const before = (await raw('GET', '/v1/customers', { cookie })).body.customers.length;
    const none = await raw('POST', '/v1/customers', { cookie, body: { name: 'Forged Ltd' } });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('csrf_token_invalid');
    const forged = await raw('POST', '/v1/customers', { cookie, csrf: csrf.slice(0, -1) + (csrf.endsWith('A') ? 'B' : 'A'), body: { name: 'Forged Ltd' } });
    expect(forged.status).toBe(403);
    // Another session's token does not fit this one.
    const other = await signIn(h.adminKey);
    expect((await raw('POST', '/v1/customers', { cookie, csrf: other.csrf, body: { name: 'Forged Ltd' } })).status).toBe(403);
    expect((await raw('GET', '/v1/customers', { cookie })).body.customers.length).toBe(before);
    const ok = await raw('POST', '/v1/customers', { cookie, csrf, body: { name: 'Console Customer' } });
    expect(ok.status).toBe(201);
    expect((await raw('GET', '/v1/customers', { cookie })).body.customers.length).toBe(before + 1);
  });

  test('a Bearer key still works beside the console, and takes precedence over a cookie', async () => {
    const { cookie } = await signIn(keys.alpha!);
    const withKey = await raw('GET', '/v1/customers', { cookie, headers: { authorization: `Bearer ${h.adminKey}` } });
    expect(withKey.status).toBe(200);
    expect(withKey.body.customers.length).toBeGreaterThan(1);
  });

  test("a partner's session sees only its own customers, as its key does", async () => {
    const { cookie } = await signIn(keys.alpha!);
    const list = await raw('GET', '/v1/customers', { cookie });
    expect(list.body.customers.map((c: { name: string }) => c.name)).toEqual(['Alpha Customer']);
    const beta = (await h.call('GET', '/v1/customers', undefined, keys.beta)).body.customers[0].id as string;
    expect((await raw('GET', `/v1/customers/${beta}`, { cookie })).status).toBe(404);
  });

  test('the role of the key holds: a billing session may not create API keys', async () => {
    const { cookie, csrf } = await signIn(keys.books!);
    const r = await raw('POST', '/v1/api-keys', { cookie, csrf, body: { name: 'x', role: 'admin' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
  });
});

describe('the end of a session', () => {
  test('sign-out needs the token, then the cookie no longer works and is cleared', async () => {
    const { cookie, csrf } = await signIn(h.adminKey);
    expect((await raw('DELETE', '/console/session', { cookie })).status).toBe(403);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(200);
    const out = await raw('DELETE', '/console/session', { cookie, csrf });
    expect(out.status).toBe(204);
    expect(out.setCookie[0]).toMatch(/^cra_console=;.*Expires=Thu, 01 Jan 1970/);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(401);
    expect((await raw('GET', '/console/session', { cookie })).status).toBe(401);
  });

  test('after the idle timeout the session is over; activity keeps it alive', async () => {
    const { cookie } = await signIn(h.adminKey);
    h.clock.advance(20 * 60_000);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(200);
    h.clock.advance(20 * 60_000);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(200);
    h.clock.advance(31 * 60_000);
    const late = await raw('GET', '/v1/customers', { cookie });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('session_expired');
  });

  test('revoking the key ends its sessions at once', async () => {
    const created = await h.call('POST', '/v1/api-keys', { name: 'temp', role: 'billing' });
    const { cookie } = await signIn(created.body.apiKey);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(200);
    expect((await h.call('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await raw('GET', '/v1/customers', { cookie })).status).toBe(401);
    expect((await raw('GET', '/console/session', { cookie })).status).toBe(401);
  });
});

describe('the page', () => {
  test('/console answers 503 with the way out until the console is built, then the page for any console path', async () => {
    const missing = await raw('GET', '/console');
    expect(missing.status).toBe(503);
    expect(missing.body).toMatch(/npm run build/);
    mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(consoleDir, 'assets', 'console-abc.js'), 'void 0;');
    for (const p of ['/console', '/console/', '/console/customers/cus_1?q=x']) {
      const page = await raw('GET', p);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>console</title>');
    }
    const script = await raw('GET', '/console/assets/console-abc.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe('void 0;');
  });
});
