/**
 * Upgrades from every earlier schema (issue #16 item 3, decisions U57–U59). Each fixture in fixtures/schema/ is a
 * data directory made by the code of one past schema version (scripts/schema-fixtures.ts). Today's server opens a
 * copy of each: the database reaches today's schema (the same tables, columns and indexes as a new one), the data is
 * all there through the API, a licence key from then still activates a new org, and the upgraded directory starts a
 * second time. A database from a newer version is refused and left byte for byte as it was; a failing migration
 * leaves the database at the version before it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pino from 'pino';
import { createSettableClock } from '../src/clock';
import { startServer, type RunningServer } from '../src/server';
import { SQLITE_MIGRATIONS } from '../src/store/migrations';
import { MigrationFailedError, NewerSchemaError } from '../src/store/sqlite/db';
import { openSqliteStore } from '../src/store/sqlite-store';
import { serverResponseChecker, V92, type ResponseCheck } from './harness';

const FIXTURES = path.join(__dirname, 'fixtures', 'schema');
const TODAY = SQLITE_MIGRATIONS.length;

interface Fixture {
  schemaVersion: number;
  fixture: string;
  madeBy: string;
  madeAt: string;
  adminApiKey: string;
  customer: { id: string; name: string; partnerId: string | null; contractStart: string | null };
  invoice: { id: string; customerId: string; kind: string; issuedOn: string; periodStart: string; periodEnd: string; total: { amount: number; currency: string } };
  payment: { id: string; invoiceId: string; reference: string; amount: number; currency: string; paidAt: string };
  org: { orgId: string; customerId: string; environment: string; licenceKeyId: string | null };
  release: { id: string; addon: string; version: string; platform: string; sha256: string; size: number };
  licenceKey: { id: string; customerId: string; hint: string; secret: string };
  reissuedLicenceKey: { customerId: string; id: string; secret: string; hint: string; reissuedAt: string; reason: string } | null;
  customerIds: string[];
  releaseIds: string[];
  tables: Record<string, number>;
}

const index = JSON.parse(readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as { skipped: Array<{ version: number; reason: string }> };
const fixtures: Fixture[] = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(FIXTURES, d.name, 'fixture.json')))
  .map((d) => JSON.parse(readFileSync(path.join(FIXTURES, d.name, 'fixture.json'), 'utf8')) as Fixture)
  .sort((a, b) => a.schemaVersion - b.schemaVersion);

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of fixture `name` in a new temporary directory (git does not keep the key files' 0600). */
function copyOf(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `schema-${name}-`));
  scratch.push(dir);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const file of readdirSync(path.join(dir, 'keys'))) if (file.endsWith('-key.pem') || file === 'download-secret') chmodSync(path.join(dir, 'keys', file), 0o600);
  return dir;
}

const dbOf = (dir: string): string => path.join(dir, 'assurance.sqlite');
const fileSha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

/** user_version from the file header (bytes 60..63): opening the committed fixture with SQLite would leave -wal/-shm files. */
function headerVersion(file: string): number {
  return readFileSync(file).readUInt32BE(60);
}

/** Tables with their columns, and the index names: what a schema is, independent of how it was reached. */
function shapeOf(file: string): { tables: Record<string, string[]>; indexes: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    const tables = Object.fromEntries(names.map((n) => [n, (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(n) as Array<{ name: string }>).map((c) => c.name).sort()]));
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    return { tables, indexes };
  } finally {
    db.close();
  }
}

async function start(dir: string, madeAt: string): Promise<RunningServer> {
  // The clock runs from a day after the fixture was made: its signing certificate is valid then, whenever this runs.
  const clock = createSettableClock(new Date(Date.parse(madeAt) + 24 * 3600 * 1000).toISOString());
  return startServer({ dataDir: dir, clock, log: pino({ level: 'silent' }), config: { dailyBilling: false, addonRateLimit: { windowMs: 60_000, max: 100_000 } } });
}

describe('a fixture for every schema version', () => {
  test('each version 1..SQLITE_MIGRATIONS.length has a fixture made by its own code, or is listed as never released alone', () => {
    const have = new Set(fixtures.map((f) => f.schemaVersion));
    const skipped = new Set(index.skipped.map((s) => s.version));
    const missing = Array.from({ length: TODAY }, (_, i) => i + 1).filter((v) => !have.has(v) && !skipped.has(v));
    expect({ missing, unknown: [...have].filter((v) => v > TODAY), skippedButPresent: [...skipped].filter((v) => have.has(v)) }).toEqual({ missing: [], unknown: [], skippedButPresent: [] });
    // A fixture's every table held a row when it was made (data in every table, issue #16).
    for (const f of fixtures) expect({ fixture: f.fixture, empty: Object.keys(f.tables).filter((t) => f.tables[t] === 0) }).toEqual({ fixture: f.fixture, empty: [] });
  });
});

describe.each(fixtures.map((f) => [f.fixture, f] as const))('upgrading %s', (name, f) => {
  let dir: string;
  let server: RunningServer;
  let check: ResponseCheck;
  const call = async (method: string, urlPath: string, body?: unknown, key: string | null = f.adminApiKey): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    check({ method, url: urlPath, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
    return { status: res.status, body: parsed };
  };

  beforeAll(async () => {
    dir = copyOf(name);
    expect(headerVersion(path.join(FIXTURES, name, 'assurance.sqlite'))).toBe(f.schemaVersion);
    server = await start(dir, f.madeAt);
    check = await serverResponseChecker(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  test(`the database reaches today's schema ${TODAY}, the same tables, columns and indexes as a new one`, async () => {
    expect(userVersion(dbOf(dir))).toBe(TODAY);
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'schema-fresh-'));
    scratch.push(fresh);
    await openSqliteStore(path.join(fresh, 'new.sqlite')).close();
    expect(shapeOf(dbOf(dir))).toEqual(shapeOf(path.join(fresh, 'new.sqlite')));
  });

  test('customers, licence keys and orgs are there with their values', async () => {
    const list = await call('GET', '/v1/customers');
    expect(list.status).toBe(200);
    expect((list.body.customers as Array<{ id: string }>).map((c) => c.id)).toEqual(expect.arrayContaining(f.customerIds));
    const c = await call('GET', `/v1/customers/${f.customer.id}`);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ id: f.customer.id, name: f.customer.name });
    expect(c.body.partnerId ?? null).toBe(f.customer.partnerId);
    expect(c.body.licenceKeys).toEqual(expect.arrayContaining([expect.objectContaining({ id: f.licenceKey.id, hint: f.licenceKey.hint })]));
    const holder = await call('GET', `/v1/customers/${f.org.customerId}`);
    expect(holder.body.orgs).toEqual(
      expect.arrayContaining([expect.objectContaining({ orgId: f.org.orgId, environment: f.org.environment, ...(f.org.licenceKeyId ? { licenceKeyId: f.org.licenceKeyId } : {}) })]),
    );
  });

  test('the invoice and its payment are there with their amounts', async () => {
    const inv = await call('GET', `/v1/invoices/${f.invoice.id}`);
    expect(inv.status).toBe(200);
    expect(inv.body).toMatchObject({
      id: f.invoice.id,
      customerId: f.invoice.customerId,
      kind: f.invoice.kind,
      issuedOn: f.invoice.issuedOn,
      periodStart: f.invoice.periodStart,
      periodEnd: f.invoice.periodEnd,
      total: f.invoice.total,
    });
    expect(inv.body.payments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: f.payment.id, reference: f.payment.reference, paidAt: f.payment.paidAt, amount: { amount: f.payment.amount, currency: f.payment.currency } }),
      ]),
    );
  });

  test('every release is there, with its artifact digest', async () => {
    const addons = await call('GET', '/v1/addons');
    expect(addons.status).toBe(200);
    const ids: string[] = [];
    for (const a of addons.body.addons as Array<{ id: string }>) {
      const r = await call('GET', `/v1/addons/${a.id}/releases`);
      expect(r.status).toBe(200);
      for (const rel of r.body.releases as Array<{ id: string }>) ids.push(rel.id);
      if (a.id === f.release.addon) {
        expect(r.body.releases).toEqual(
          expect.arrayContaining([expect.objectContaining({ id: f.release.id, version: f.release.version, platform: f.release.platform, sha256: f.release.sha256, size: f.release.size })]),
        );
      }
    }
    expect(ids.sort()).toEqual([...f.releaseIds].sort());
  });

  test('a licence key from the fixture still activates a new org', async () => {
    const orgId = `upgrade-${name}-new-org`;
    const r = await call('POST', '/v1/activate', { licenceKey: f.licenceKey.secret, orgId, orgUrl: `https://${orgId}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion: V92 }, null);
    expect(r.status).toBe(201);
    const c = await call('GET', `/v1/customers/${f.licenceKey.customerId}`);
    expect(c.body.orgs).toEqual(expect.arrayContaining([expect.objectContaining({ orgId, licenceKeyId: f.licenceKey.id })]));
  });

  test('a re-issued licence key keeps its re-issue and its new secret', async () => {
    if (!f.reissuedLicenceKey) return; // the schema had no re-issue yet
    const k = f.reissuedLicenceKey;
    const c = await call('GET', `/v1/customers/${k.customerId}`);
    expect(c.body.licenceKeys).toEqual(expect.arrayContaining([expect.objectContaining({ id: k.id, hint: k.hint, reissuedAt: k.reissuedAt, reissueReason: k.reason })]));
    const orgId = `upgrade-${name}-reissued`;
    const r = await call('POST', '/v1/activate', { licenceKey: k.secret, orgId, orgUrl: `https://${orgId}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion: V92 }, null);
    expect(r.status).toBe(201);
  });

  test('the upgraded data directory starts a second time and keeps what the first run did', async () => {
    await server.close();
    server = await start(dir, f.madeAt);
    check = await serverResponseChecker(server.url);
    expect(userVersion(dbOf(dir))).toBe(TODAY);
    const c = await call('GET', `/v1/customers/${f.licenceKey.customerId}`);
    expect(c.status).toBe(200);
    expect((c.body.orgs as Array<{ orgId: string }>).map((o) => o.orgId)).toContain(`upgrade-${name}-new-org`);
  });
});

describe('a database the server cannot take', () => {
  const newest = fixtures.at(-1)!;

  test('a database from a newer version is refused with a message, and neither modified nor given -wal/-shm files', async () => {
    const dir = copyOf(newest.fixture);
    const file = dbOf(dir);
    const db = new Database(file);
    db.pragma(`user_version = ${TODAY + 1}`);
    db.close();
    for (const suffix of ['-wal', '-shm']) expect(existsSync(file + suffix)).toBe(false);
    const before = fileSha(file);
    const message = `this database was written by a newer crm-assurance (schema ${TODAY + 1}); this server knows schema ${TODAY}: upgrade the server, or restore a backup made by this version`;

    await expect(start(dir, newest.madeAt)).rejects.toThrow(NewerSchemaError);
    await expect(start(dir, newest.madeAt)).rejects.toThrow(message);
    expect(fileSha(file)).toBe(before);
    for (const suffix of ['-wal', '-shm', '-journal']) expect(existsSync(file + suffix)).toBe(false);

    // `assurance-server start` says so and exits 1.
    const bin = path.join(__dirname, '..', 'bin', 'assurance-server.js');
    const run = await promisify(execFile)(process.execPath, [bin, 'start', '--data', dir, '--port', '0'], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(fileSha(file)).toBe(before);
    for (const suffix of ['-wal', '-shm', '-journal']) expect(existsSync(file + suffix)).toBe(false);
  }, 90_000);

  test('a newer version written only into the WAL so far is refused too (the header alone would say the old one)', async () => {
    const dir = copyOf(newest.fixture);
    const file = dbOf(dir);
    // A newer server still running: its user_version is in the WAL, not yet checkpointed into the file.
    const writer = new Database(file);
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer.pragma(`user_version = ${TODAY + 1}`);
      expect(headerVersion(file)).toBe(newest.schemaVersion);
      await expect(start(dir, newest.madeAt)).rejects.toThrow(`(schema ${TODAY + 1}); this server knows schema ${TODAY}`);
      expect(Number(writer.pragma('user_version', { simple: true }))).toBe(TODAY + 1);
    } finally {
      writer.close();
    }
  });

  test('a migration that fails leaves the database at the version before it, readable, and a fixed database then upgrades', async () => {
    // Schema 4 with a table in the way of migration 5 (CREATE TABLE price_list): migration 5 fails.
    const v4 = fixtures.find((f) => f.schemaVersion === 4)!;
    const dir = copyOf(v4.fixture);
    const file = dbOf(dir);
    const db = new Database(file);
    db.exec(`CREATE TABLE price_list (in_the_way TEXT)`);
    db.close();

    const failed = start(dir, v4.madeAt);
    await expect(failed).rejects.toThrow(MigrationFailedError);
    await expect(failed).rejects.toThrow(/migration 5 failed \(table price_list already exists\); the database stays at schema 4/);
    expect(userVersion(file)).toBe(4);
    const ro = new Database(file, { readonly: true, fileMustExist: true });
    expect((ro.prepare(`SELECT count(*) AS n FROM customers`).get() as { n: number }).n).toBe(v4.tables.customers);
    expect((ro.prepare(`SELECT name FROM pragma_table_info('price_list')`).all() as Array<{ name: string }>).map((c) => c.name)).toEqual(['in_the_way']);
    ro.close();

    const fix = new Database(file);
    fix.exec(`DROP TABLE price_list`);
    fix.close();
    const server = await start(dir, v4.madeAt);
    await server.close();
    expect(userVersion(file)).toBe(TODAY);
  });
});
