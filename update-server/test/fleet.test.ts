/**
 * The fleet report, `GET /v1/fleet` (issue #14 item 4, decisions U71–U74), on data seeded through the API: every
 * activated org and add-on with the version its last update check reported, the last install, and the newer releases
 * offered or withheld with the reason the org's own update check gives; filters, CSV, partner scoping, bad filters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cliRunner } from './cli-runner';
import { activate, customerWithOrder, publish, seedCatalogue, startHarness, V91, V92, type Harness } from './harness';

let h: Harness;
const keys: Record<string, string> = {};
const ids: Record<string, { customerId: string; licenceKey: string }> = {};
const releases: Record<string, string> = {};

async function pay(invoice: { id: string; total: { amount: number } }, paidAt: string, reference: string): Promise<void> {
  const r = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt, reference });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}

async function ok<T = any>(r: Promise<{ status: number; body: any }>, status = 200): Promise<T> {
  const answer = await r;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

const check = (who: string, orgId: string, installedVersion: string, platformVersion = V92, extra: Record<string, unknown> = {}) =>
  h.call('POST', '/v1/updates/check', { licenceKey: ids[who]!.licenceKey, orgId, platformVersion, addon: 'docgen', installedVersion, ...extra }, null);

/** The fleet report's rows, by org id (one add-on here). */
async function fleet(query = '', key?: string): Promise<Record<string, any>> {
  const body = await ok(h.call('GET', `/v1/fleet${query}`, undefined, key));
  return Object.fromEntries(body.rows.map((r: any) => [r.orgId, r]));
}

/** A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('the CSV does not end with CRLF');
  return records;
}

beforeAll(async () => {
  h = await startHarness({ now: '2023-01-16T10:00:00Z' });
  h.clock.freeze();
  await seedCatalogue(h);
  for (const [name, partnerId] of [['alpha', 'alpha'], ['beta', 'beta']] as const) {
    keys[name] = (await ok(h.call('POST', '/v1/api-keys', { name, role: 'partner', partnerId }), 201)).apiKey;
  }
  keys.publisher = (await ok(h.call('POST', '/v1/api-keys', { name: 'releases', role: 'publisher' }), 201)).apiKey;
  releases.base = (await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.1', '9.2'], publishedAt: '2020-06-01T08:00:00Z' })).body.id;

  // 2023: a customer who paid its first period and whose contract then lapsed (nothing invoiced since: no billing run).
  const lapsed = await customerWithOrder(h, '2023-01-16', 1_000_000, undefined, { name: 'Lapsed GmbH' });
  await pay(lapsed.invoice, '2023-01-16T09:00:00Z', 'L-1');
  ids.lapsed = lapsed;
  await ok(activate(h, lapsed.licenceKey, 'org-lapsed'), 201);

  // 2026: paid, unpaid (within the payment term), a paid 9.1 org (legacy line), and two partners' customers.
  h.clock.set('2026-02-15T10:00:00Z');
  const paid = await customerWithOrder(h, '2026-02-15', 1_000_000, undefined, { name: 'Paid "Best", Ltd' });
  await pay(paid.invoice, '2026-02-15T09:00:00Z', 'P-1');
  ids.paid = paid;
  await ok(activate(h, paid.licenceKey, 'org-paid'), 201);
  await ok(activate(h, paid.licenceKey, 'org-paid-sandbox', V92, { environment: 'sandbox' }), 201);
  const unpaid = await customerWithOrder(h, '2026-02-15', 1_000_000, undefined, { name: 'Unpaid AG' });
  ids.unpaid = unpaid;
  await ok(activate(h, unpaid.licenceKey, 'org-unpaid'), 201);
  const legacy = await customerWithOrder(h, '2026-02-15', 1_000_000, undefined, { name: 'Legacy Oy' });
  await pay(legacy.invoice, '2026-02-15T09:00:00Z', 'G-1');
  ids.legacy = legacy;
  await ok(activate(h, legacy.licenceKey, 'org-legacy', V91), 201);
  const alpha = await customerWithOrder(h, '2026-02-15', 1_000_000, keys.alpha, { name: '=SUM(1,2) Alpha' });
  await pay(alpha.invoice, '2026-02-15T09:00:00Z', 'A-1');
  ids.alpha = alpha;
  await ok(activate(h, alpha.licenceKey, 'org-alpha'), 201);
  const beta = await customerWithOrder(h, '2026-02-15', 1_000_000, keys.beta, { name: 'Beta SA' });
  await pay(beta.invoice, '2026-02-15T09:00:00Z', 'B-1');
  ids.beta = beta;
  await ok(activate(h, beta.licenceKey, 'org-beta'), 201);

  // 2026-03-01: a patch for 9.2 only (platform_incompatible on 9.1), and a 9.1 build for the paid customer only
  // (after 9.1's legacy window closed on 2022-10-01: legacy_window_closed for anyone else on 9.1).
  h.clock.set('2026-03-01T10:00:00Z');
  releases.patch = (await publish(h, 'docgen', { version: '1.1.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] })).body.id;
  releases.custom = (await publish(h, 'docgen', { version: '1.1.0.1', kind: 'patch', platform: 'dynamics365', lines: ['9.1'], customFor: [paid.customerId] })).body.id;
  h.clock.set('2026-03-15T10:00:00Z');
}, 120_000);
afterAll(async () => h?.close());

test('every activated org once per add-on it checked for, with the installed version, its CRM version and line, and its last check', async () => {
  await ok(check('paid', 'org-paid', '1.0.0.0', V92, { region: 'DE', language: 'de-DE' }));
  for (const [who, orgId, version] of [['unpaid', 'org-unpaid', V92], ['lapsed', 'org-lapsed', V92], ['legacy', 'org-legacy', V91], ['alpha', 'org-alpha', V92], ['beta', 'org-beta', V92]] as const) {
    await ok(check(who, orgId, '1.0.0.0', version));
  }
  const rows = await fleet();
  expect(Object.keys(rows).sort()).toEqual(['org-alpha', 'org-beta', 'org-lapsed', 'org-legacy', 'org-paid', 'org-paid-sandbox', 'org-unpaid']);
  expect(rows['org-paid']).toMatchObject({
    customerId: ids.paid!.customerId,
    customerName: 'Paid "Best", Ltd',
    orgUrl: 'https://org-paid.crm4.dynamics.com',
    environment: 'production',
    platform: 'dynamics365',
    platformVersion: V92,
    line: '9.2',
    addon: 'docgen',
    installedVersion: '1.0.0.0',
    checkedAt: '2026-03-15T10:00:00.000Z',
  });
  expect(rows['org-legacy']).toMatchObject({ platformVersion: V91, line: '9.1', installedVersion: '1.0.0.0' });
  // An org that never checked: there, without an add-on or a judgement.
  expect(rows['org-paid-sandbox']).toMatchObject({ environment: 'sandbox', orgId: 'org-paid-sandbox' });
  for (const field of ['addon', 'installedVersion', 'checkedAt', 'offered', 'withheld', 'lastInstall']) expect(rows['org-paid-sandbox']).not.toHaveProperty(field);
});

test('paid: offered; unpaid invoice: not_paid; lapsed: not_covered; 9.1: platform_incompatible and legacy_window_closed', async () => {
  const rows = await fleet();
  const reasons = (orgId: string) => Object.fromEntries((rows[orgId].withheld as any[]).map((g) => [g.reason, g.versions]));
  expect(rows['org-paid'].offered).toEqual(['1.1.0.0']);
  expect(reasons('org-paid')).toEqual({ platform_incompatible: ['1.1.0.1'] });
  expect(rows['org-unpaid'].offered).toEqual([]);
  expect(reasons('org-unpaid')).toEqual({ not_paid: ['1.1.0.1', '1.1.0.0'] });
  expect(rows['org-lapsed'].offered).toEqual([]);
  expect(reasons('org-lapsed')).toEqual({ not_covered: ['1.1.0.1', '1.1.0.0'] });
  expect(rows['org-legacy'].offered).toEqual([]);
  expect(reasons('org-legacy')).toEqual({ legacy_window_closed: ['1.1.0.1'], platform_incompatible: ['1.1.0.0'] });
  // The plain words are license-core's, of the group.
  expect(rows['org-unpaid'].withheld[0].message).toBe('This update was released while your Software Assurance renewal is unpaid. Pay the open invoice to get it.');
});

test("each org's row says exactly what its own update check says", async () => {
  const rows = await fleet();
  for (const [who, orgId, version, extra] of [
    ['paid', 'org-paid', V92, { region: 'DE', language: 'de-DE' }],
    ['unpaid', 'org-unpaid', V92, {}],
    ['lapsed', 'org-lapsed', V92, {}],
    ['legacy', 'org-legacy', V91, {}],
    ['alpha', 'org-alpha', V92, {}],
  ] as const) {
    const own = await ok(check(who, orgId, '1.0.0.0', version, extra));
    const row = rows[orgId];
    expect(row.offered).toEqual(own.updates.map((u: any) => u.version));
    const flat = (row.withheld as any[]).flatMap((g) => g.versions.map((version: string) => ({ version, reason: g.reason, message: g.message })));
    const sorted = <T extends { version: string }>(list: T[]) => [...list].sort((a, b) => a.version.localeCompare(b.version));
    expect(sorted(flat)).toEqual(
      sorted(own.withheld.map((w: any) => ({ version: w.version, reason: w.reason, message: w.message.replace(`Version ${w.version}`, 'This update') }))),
    );
  }
});

test('the judgement reads the region and language the last check reported: a release for other regions is not_targeted', async () => {
  h.clock.set('2026-03-15T11:00:00Z');
  const regional = (await publish(h, 'docgen', { version: '1.2.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'], regions: ['FR'] })).body.id;
  h.clock.set('2026-03-15T11:05:00Z');
  const fr = await ok(check('paid', 'org-paid', '1.0.0.0', V92, { region: 'FR' }));
  expect(fr.updates.map((u: any) => u.version)).toEqual(['1.2.0.0', '1.1.0.0']);
  expect((await fleet())['org-paid'].offered).toEqual(['1.2.0.0', '1.1.0.0']);
  h.clock.set('2026-03-15T11:06:00Z');
  const de = await ok(check('paid', 'org-paid', '1.0.0.0', V92, { region: 'DE', language: 'de-DE' }));
  expect(de.withheld.find((w: any) => w.id === regional).reason).toBe('not_targeted');
  const row = (await fleet())['org-paid'];
  expect(row.offered).toEqual(['1.1.0.0']);
  expect(row.withheld.find((g: any) => g.reason === 'not_targeted').versions).toEqual(['1.2.0.0']);
  expect(row.checkedAt).toBe('2026-03-15T11:06:00.000Z');
});

test('filters: add-on, platform, line, reason, customer, and as of a date', async () => {
  const orgs = async (query: string) => Object.keys(await fleet(query)).sort();
  expect(await orgs('?line=9.1')).toEqual(['org-legacy']);
  expect(await orgs('?reason=not_paid')).toEqual(['org-unpaid']);
  expect(await orgs('?reason=not_covered')).toEqual(['org-lapsed']);
  expect(await orgs('?reason=legacy_window_closed')).toEqual(['org-legacy']);
  expect(await orgs('?reason=offered')).toEqual(['org-alpha', 'org-beta', 'org-paid']);
  expect(await orgs(`?customer=${ids.paid!.customerId}`)).toEqual(['org-paid', 'org-paid-sandbox']);
  expect(await orgs(`?customer=${ids.paid!.customerId}&addon=docgen`)).toEqual(['org-paid']);
  expect(await orgs('?addon=other')).toEqual([]);
  expect(await orgs('?platform=odoo')).toEqual([]);
  expect((await orgs('?platform=dynamics365&line=9.2')).length).toBe(6);
  // As of a date: the end of that day in the vendor's zone (Europe/Berlin, UTC+1 in February).
  const before = await ok(h.call('GET', '/v1/fleet?asOf=2026-02-20&customer=' + ids.unpaid!.customerId));
  expect(before.asOf).toBe('2026-02-20T22:59:59.999Z');
  expect((await ok(h.call('GET', '/v1/fleet'))).asOf).toBe(h.clock.now().toISOString());
});

test('CSV: a header, one row per org and add-on, RFC 4180 quoting, versions grouped by reason in columns', async () => {
  const res = await fetch(`${h.url}/v1/fleet`, { headers: { authorization: `Bearer ${h.adminKey}`, accept: 'text/csv' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  // fetch's text() drops a BOM: read the bytes.
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  await h.checkAnswer('GET', '/v1/fleet', res, text);
  expect(text.startsWith('\uFEFFas_of,customer_id,customer_name,')).toBe(true);
  // The quoted name, as RFC 4180 writes it, and a formula-like name made inert.
  expect(text).toContain(',"Paid ""Best"", Ltd",');
  expect(text).toContain(`,"'=SUM(1,2) Alpha",`);
  const [header, ...records] = parseCsv(text.slice(1));
  expect(header).toContain('withheld_not_paid');
  expect(records).toHaveLength(7);
  expect(records.every((r) => r.length === header!.length)).toBe(true);
  const byOrg = Object.fromEntries(records.map((r) => [r[header!.indexOf('org_id')], Object.fromEntries(header!.map((name, i) => [name, r[i]]))]));
  expect(byOrg['org-paid']).toMatchObject({ customer_name: 'Paid "Best", Ltd', addon: 'docgen', installed_version: '1.0.0.0', offered_count: '1', newest_offered: '1.1.0.0', offered_versions: '1.1.0.0' });
  expect(byOrg['org-unpaid']).toMatchObject({ offered_count: '0', withheld_count: '3', withheld_not_paid: '1.2.0.0 1.1.0.1 1.1.0.0', withheld_not_covered: '' });
  expect(byOrg['org-legacy']).toMatchObject({ line: '9.1', withheld_legacy_window_closed: '1.1.0.1', withheld_platform_incompatible: '1.2.0.0 1.1.0.0' });
  expect(byOrg['org-paid-sandbox']).toMatchObject({ addon: '', offered_count: '', withheld_count: '' });
  // ?format=csv says the same as Accept: text/csv, filters apply.
  const filtered = await h.call('GET', '/v1/fleet?format=csv&reason=not_paid');
  expect(parseCsv(String(filtered.body).replace(/^\uFEFF/, ''))).toHaveLength(2);
});

test('a partner key sees its own customers’ orgs only; a publisher key may read the report', async () => {
  expect(Object.keys(await fleet('', keys.alpha))).toEqual(['org-alpha']);
  expect(Object.keys(await fleet('', keys.beta))).toEqual(['org-beta']);
  expect(await fleet(`?customer=${ids.beta!.customerId}`, keys.alpha)).toEqual({});
  const csv = await h.call('GET', '/v1/fleet?format=csv', undefined, keys.alpha);
  expect(String(csv.body)).toContain('org-alpha');
  expect(String(csv.body)).not.toContain('org-beta');
  expect(Object.keys(await fleet('', keys.publisher))).toHaveLength(7);
});

test('a bad filter is 400 naming the field, and nothing changes', async () => {
  const before = await ok(h.call('GET', '/v1/fleet'));
  for (const [query, field] of [
    ['?reason=late', 'reason'],
    ['?platform=salesforce', 'platform'],
    ['?line=nine', 'line'],
    ['?addon=Doc%20Gen', 'addon'],
    ['?asOf=2026-02-30', 'asOf'],
    ['?format=xml', 'format'],
    ['?platfrom=dynamics365', 'platfrom'],
    ['?addon=docgen&addon=sync', 'addon'],
  ] as const) {
    const r = await h.call('GET', `/v1/fleet${query}`);
    expect([query, r.status, r.body.error.code, r.body.error.field]).toEqual([query, 400, 'invalid_input', field]);
  }
  expect(await ok(h.call('GET', '/v1/fleet'))).toEqual(before);
});

test('the last install appears after the add-on reports one; the newest report wins', async () => {
  expect((await fleet())['org-paid']).not.toHaveProperty('lastInstall');
  const report = (toVersion: string, outcome: string, extra: Record<string, unknown> = {}) =>
    h.call('POST', '/v1/installs', { licenceKey: ids.paid!.licenceKey, orgId: 'org-paid', addon: 'docgen', fromVersion: '1.0.0.0', toVersion, outcome, ...extra }, null);
  h.clock.set('2026-03-16T09:00:00Z');
  await ok(report('1.1.0.0', 'failed', { error: 'Import failed: "solution", line 3' }), 201);
  expect((await fleet())['org-paid'].lastInstall).toEqual({ outcome: 'failed', fromVersion: '1.0.0.0', toVersion: '1.1.0.0', recordedAt: '2026-03-16T09:00:00.000Z', error: 'Import failed: "solution", line 3' });
  h.clock.set('2026-03-16T09:30:00Z');
  await ok(report('1.1.0.0', 'succeeded'), 201);
  expect((await fleet())['org-paid'].lastInstall).toEqual({ outcome: 'succeeded', fromVersion: '1.0.0.0', toVersion: '1.1.0.0', recordedAt: '2026-03-16T09:30:00.000Z' });
  // The next check reports the new version: the report follows.
  await ok(check('paid', 'org-paid', '1.1.0.0', V92, { region: 'DE', language: 'de-DE' }));
  const row = (await fleet())['org-paid'];
  expect(row).toMatchObject({ installedVersion: '1.1.0.0', checkedAt: '2026-03-16T09:30:00.000Z', offered: [] });
});

test('assurance fleet: filters, JSON, a readable list, CSV to a file for a spreadsheet, a bad filter named', async () => {
  const cli = cliRunner(h);
  const json = await cli('fleet', '--reason', 'not_paid');
  expect(json.code).toBe(0);
  expect(json.json.rows.map((r: any) => r.orgId)).toEqual(['org-unpaid']);
  const human = await cli('--human', 'fleet', '--line', '9.1');
  expect(human.stdout).toContain('Legacy Oy');
  expect(human.stdout).toContain('withheld (legacy_window_closed): 1.1.0.1');
  const file = path.join(h.dataDir, 'fleet.csv');
  const csv = await cli('--human', 'fleet', '--format', 'csv', '--customer', ids.paid!.customerId, '--addon', 'docgen', '--out', file);
  expect(csv.code).toBe(0);
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFFas_of,')).toBe(true);
  const records = parseCsv(text.slice(1));
  expect(records).toHaveLength(2);
  expect(records[1]).toContain('Paid "Best", Ltd');
  const bad = await cli('fleet', '--as-of', '2026-02-30');
  expect(bad.code).toBe(1);
  expect(bad.json.error).toMatchObject({ status: 400, code: 'invalid_input', field: 'asOf' });
}, 60_000);

test('a payment shows in the very next report: the kept accounts follow the manifest serial (U74)', async () => {
  const before = await fleet();
  expect(before['org-unpaid'].offered).toEqual([]);
  // Asked again with nothing changed, the report is the same (the accounts are kept, the entries read anew).
  expect(await fleet()).toEqual(before);
  const { invoices } = await ok<{ invoices: Array<{ id: string; status: string; total: { amount: number } }> }>(h.call('GET', `/v1/customers/${ids.unpaid!.customerId}/invoices`));
  const open = invoices.filter((i) => i.status === 'open');
  expect(open.length).toBeGreaterThan(0);
  for (const [n, invoice] of open.entries()) await pay(invoice, h.clock.now().toISOString(), `FLEET-PAID-${n}`);
  const after = await fleet();
  expect(after['org-unpaid'].offered.length).toBeGreaterThan(0);
  expect((after['org-unpaid'].withheld as Array<{ reason: string }>).map((g) => g.reason)).not.toContain('not_paid');
  // And an update check, which moves no serial, is in the next report too: the entries are read each time.
  await ok(check('unpaid', 'org-unpaid', '1.1.0.0'));
  expect((await fleet())['org-unpaid'].installedVersion).toBe('1.1.0.0');
});

test('a customer whose first org is activated after a report is judged on its own account in the next one (U74)', async () => {
  // A partner's report is kept; then a new customer of that partner orders, pays (these move the serial) and,
  // after another report, activates its first org and checks (these do not).
  const first = await fleet('', keys.alpha);
  const gamma = await customerWithOrder(h, '2026-03-15', 1_000_000, keys.alpha, { name: 'Gamma Alpha' });
  await pay(gamma.invoice, '2026-03-15T09:00:00Z', 'GA-1');
  expect(await fleet('', keys.alpha)).toEqual(first); // no org yet: nothing new in the report, the accounts kept
  ids.gamma = gamma;
  await ok(activate(h, gamma.licenceKey, 'org-gamma'), 201);
  await ok(check('gamma', 'org-gamma', '1.0.0.0'));
  const row = (await fleet('', keys.alpha))['org-gamma'];
  expect(row.offered).toEqual(['1.1.0.0']);
  expect((row.withheld as Array<{ reason: string }>).map((g) => g.reason)).not.toContain('not_covered');
});

test('kept judgements: a report as of another date is judged as of it, and the report as of now stays as it was (U74)', async () => {
  const now = await fleet();
  const orgId = Object.keys(now).find((id) => (now[id].offered ?? []).includes('1.1.0.0'));
  expect(orgId).toBeDefined();
  // As of 20 February, before the 1.1.0.0 patch (1 March) was published: it is in none of that org's lists.
  const before = await fleet('?asOf=2026-02-20');
  const versions = (row: any): string[] => [...(row.offered ?? []), ...(row.withheld ?? []).flatMap((g: { versions: string[] }) => g.versions)];
  expect(versions(before[orgId!])).not.toContain('1.1.0.0');
  expect(await fleet()).toEqual(now);
  expect(await fleet('?asOf=2026-02-20')).toEqual(before);
});
