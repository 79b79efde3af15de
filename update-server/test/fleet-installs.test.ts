/**
 * `GET /v1/fleet/installs` (issue #15 item 3, decisions U90–U92): the install reports the add-ons sent through
 * `POST /v1/installs`, counted per UTC day and outcome, every day of the range present; scoped to a partner's own
 * customers; bad dates refused naming the field. Every answer is checked against the OpenAPI document (harness).
 */
import { activate, customerWithOrder, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
const keys: Record<string, string> = {};
const ids: Record<string, { customerId: string; licenceKey: string }> = {};

async function ok<T = any>(r: Promise<{ status: number; body: any }>, status = 200): Promise<T> {
  const answer = await r;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** An install report as the add-on sends it, at `at` (the server's clock). */
async function install(who: string, orgId: string, at: string, outcome: string, addon = 'docgen'): Promise<void> {
  h.clock.set(at);
  await ok(h.call('POST', '/v1/installs', { licenceKey: ids[who]!.licenceKey, orgId, addon, fromVersion: '1.0.0.0', toVersion: '1.1.0.0', outcome, ...(outcome === 'succeeded' ? {} : { error: 'import failed' }) }, null), 201);
}

const installs = (query: string, key?: string) => h.call('GET', `/v1/fleet/installs${query}`, undefined, key);

beforeAll(async () => {
  h = await startHarness({ now: '2026-03-01T10:00:00Z' });
  h.clock.freeze();
  await seedCatalogue(h);
  for (const [name, partnerId] of [['alpha', 'alpha'], ['beta', 'beta']] as const) {
    keys[name] = (await ok(h.call('POST', '/v1/api-keys', { name, role: 'partner', partnerId }), 201)).apiKey;
  }
  keys.publisher = (await ok(h.call('POST', '/v1/api-keys', { name: 'releases', role: 'publisher' }), 201)).apiKey;
  ids.own = await customerWithOrder(h, '2026-03-01', 1_000_000, undefined, { name: 'Own GmbH' });
  ids.alpha = await customerWithOrder(h, '2026-03-01', 1_000_000, keys.alpha, { name: 'Alpha AG' });
  ids.beta = await customerWithOrder(h, '2026-03-01', 1_000_000, keys.beta, { name: 'Beta SA' });
  for (const who of ['own', 'alpha', 'beta']) await ok(activate(h, ids[who]!.licenceKey, `org-${who}`), 201);

  // 2026-03-02: two successes and a failure (one at 23:30 UTC: still the 2nd in UTC, the 3rd in Berlin).
  await install('own', 'org-own', '2026-03-02T08:00:00Z', 'succeeded');
  await install('alpha', 'org-alpha', '2026-03-02T09:00:00Z', 'failed');
  await install('own', 'org-own', '2026-03-02T23:30:00Z', 'succeeded');
  // 2026-03-03 00:30 UTC: the next UTC day.
  await install('beta', 'org-beta', '2026-03-03T00:30:00Z', 'rolled_back');
  // 2026-03-05: another add-on's report, and alpha's success.
  await install('alpha', 'org-alpha', '2026-03-05T12:00:00Z', 'succeeded');
  await install('own', 'org-own', '2026-03-05T12:00:00Z', 'succeeded', 'mailsync');
  h.clock.set('2026-03-06T10:00:00Z');
}, 120_000);
afterAll(async () => h?.close());

test('counts per UTC day and outcome, every day of the range, zeros on a day without a report', async () => {
  const body = await ok(installs('?from=2026-03-01&to=2026-03-05'));
  expect(body).toEqual({
    from: '2026-03-01',
    to: '2026-03-05',
    timeZone: 'UTC',
    outcomes: ['succeeded', 'failed', 'rolled_back'],
    totals: { succeeded: 4, failed: 1, rolled_back: 1 },
    days: [
      { date: '2026-03-01', succeeded: 0, failed: 0, rolled_back: 0 },
      { date: '2026-03-02', succeeded: 2, failed: 1, rolled_back: 0 },
      { date: '2026-03-03', succeeded: 0, failed: 0, rolled_back: 1 },
      { date: '2026-03-04', succeeded: 0, failed: 0, rolled_back: 0 },
      { date: '2026-03-05', succeeded: 2, failed: 0, rolled_back: 0 },
    ],
  });
});

test('one add-on; the range bounds are whole UTC days; the default is the 30 days up to today (UTC)', async () => {
  const docgen = await ok(installs('?from=2026-03-05&to=2026-03-05&addon=docgen'));
  expect(docgen).toMatchObject({ addon: 'docgen', totals: { succeeded: 1, failed: 0, rolled_back: 0 }, days: [{ date: '2026-03-05', succeeded: 1 }] });
  const mailsync = await ok(installs('?addon=mailsync'));
  expect(mailsync.from).toBe('2026-02-05');
  expect(mailsync.to).toBe('2026-03-06');
  expect(mailsync.days).toHaveLength(30);
  expect(mailsync.totals).toEqual({ succeeded: 1, failed: 0, rolled_back: 0 });
  // The 3rd alone: the 00:30 report, not the 2nd's 23:30 one.
  expect((await ok(installs('?from=2026-03-03&to=2026-03-03'))).totals).toEqual({ succeeded: 0, failed: 0, rolled_back: 1 });
  // The orgs' platform: all of them are on Dynamics 365 here.
  expect((await ok(installs('?from=2026-03-01&to=2026-03-06&platform=odoo'))).totals).toEqual({ succeeded: 0, failed: 0, rolled_back: 0 });
  expect((await ok(installs('?from=2026-03-01&to=2026-03-06&platform=dynamics365'))).totals).toEqual({ succeeded: 4, failed: 1, rolled_back: 1 });
  // A customer's own.
  expect((await ok(installs(`?from=2026-03-01&to=2026-03-06&customer=${ids.own!.customerId}`))).totals).toEqual({ succeeded: 3, failed: 0, rolled_back: 0 });
});

test('a partner counts its own customers’ installs only; a publisher sees all; no key is refused', async () => {
  const alpha = await ok(installs('?from=2026-03-01&to=2026-03-06', keys.alpha));
  expect(alpha.totals).toEqual({ succeeded: 1, failed: 1, rolled_back: 0 });
  expect(alpha.days.find((d: any) => d.date === '2026-03-02')).toEqual({ date: '2026-03-02', succeeded: 0, failed: 1, rolled_back: 0 });
  const beta = await ok(installs('?from=2026-03-01&to=2026-03-06', keys.beta));
  expect(beta.totals).toEqual({ succeeded: 0, failed: 0, rolled_back: 1 });
  // Another partner's customer named: nothing of it.
  expect((await ok(installs(`?from=2026-03-01&to=2026-03-06&customer=${ids.beta!.customerId}`, keys.alpha))).totals).toEqual({ succeeded: 0, failed: 0, rolled_back: 0 });
  expect((await ok(installs('?from=2026-03-01&to=2026-03-06', keys.publisher))).totals).toEqual({ succeeded: 4, failed: 1, rolled_back: 1 });
  expect((await installs('?from=2026-03-01&to=2026-03-06', null as unknown as string)).status).toBe(401);
});

test.each([
  ['?from=2026-02-30&to=2026-03-05', 'from', /calendar date/],
  ['?from=2026-03-01&to=yesterday', 'to', /calendar date/],
  ['?from=2026-03-06&to=2026-03-05', 'from', /after to/],
  ['?from=2025-01-01&to=2026-03-05', 'from', /at most 366/],
  ['?from=2026-03-01&until=2026-03-05', 'until', /until/],
  ['?from=2026-03-01&platform=sap', 'platform', /./],
])('bad dates are refused naming the field: %s', async (query, field, message) => {
  const r = await installs(query);
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect(r.body.error.field).toBe(field);
  expect(r.body.error.message).toMatch(message);
});
