/**
 * Issue #16 item 1 for a store in PostgreSQL (decision U70): `assurance-server backup --database` dumps the store
 * with pg_dump from a snapshot exported while a server keeps writing; `restore --database` loads it with pg_restore
 * into a new, empty database and the keys and artifacts into a new directory; a server started on both answers as
 * the first did. Then the refusals: --database missing on either side, a non-empty target database, a SQLite
 * archive given --database; each leaves the target database empty and no directory behind.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import * as tar from 'tar-stream';
import { verifyLicence } from '@crm-assurance/license-core';
import { archiveKeysFor, manifestMac } from '../src/backup/passphrase-key';
import { createSettableClock, type SettableClock } from '../src/clock';
import { initDataDir, startServer } from '../src/server';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres-migrations';
import { activate, customerWithOrder, publish, seedCatalogue, serverResponseChecker, solutionZip, type Harness, type ResponseCheck } from './harness';
import { usePostgresCluster } from './postgres-cluster';

const BIN = path.join(__dirname, '..', 'bin', 'assurance-server.js');
const PASSPHRASE = 'harbour kettle 0815';
const run = promisify(execFile);
const cluster = usePostgresCluster();

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `assurance-server ...` as a child process, with the passphrase (and `env`) in its environment. */
async function serverCli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ASSURANCE_BACKUP_PASSPHRASE: PASSPHRASE, ...env };
  if (!('ASSURANCE_DATABASE' in env)) delete childEnv.ASSURANCE_DATABASE;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: childEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A Harness (the helpers' interface) on a server whose store is `database`; answers checked against its OpenAPI. */
async function harnessOn(dataDir: string, database: string, clock: SettableClock, adminKey: string): Promise<Harness> {
  const server = await startServer({ dataDir, database, clock, log: pino({ level: 'silent' }), config: { dailyBilling: false, addonRateLimit: { windowMs: 60_000, max: 100_000 } } });
  let checker: Promise<ResponseCheck> | undefined;
  const checkAnswer: Harness['checkAnswer'] = async (method, urlPath, res, parsed) => {
    checker ??= serverResponseChecker(server.url);
    (await checker)({ method, url: urlPath, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
  };
  const call: Harness['call'] = async (method, urlPath, body, key, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    const k = key === undefined ? adminKey : key;
    if (k) h.authorization = `Bearer ${k}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${urlPath}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    await checkAnswer(method, urlPath, res, parsed);
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { url: server.url, checkAnswer, dataDir, adminKey, clock, server, call, close: () => server.close() };
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const tablesOf = async (url: string): Promise<string[]> => (await cluster().query(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r) => String(r.tablename));

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'assurance-pg-backup-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let first: Harness | undefined;
let second: Harness | undefined;
let pgArchive = '';
let pgDataDir = '';
let pgDatabase = '';
afterAll(async () => {
  await second?.close();
  await first?.close();
});

test('a PostgreSQL store backed up while the server writes restores into an empty database and answers as before', async () => {
  pgDatabase = await cluster().createDatabase();
  pgDataDir = path.join(work, 'data-a');
  const clock = createSettableClock('2026-03-15T10:00:00Z');
  const init = await initDataDir({ dataDir: pgDataDir, database: pgDatabase, vendorId: 'northwind', vendorName: 'Northwind Add-ons', clock, settings: { timeZone: 'Europe/Berlin' } });
  const h = await harnessOn(pgDataDir, pgDatabase, clock, init.adminApiKey);
  first = h;
  await seedCatalogue(h);
  const rootCertPem = readFileSync(path.join(pgDataDir, 'root.pem'), 'utf8');
  const content = await solutionZip({ version: '2.0.0.0', packageLine: '9.2', extra: { 'payload.txt': 'bytes in PostgreSQL days' } });
  const release = await publish(h, 'docgen', { version: '2.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-03-01T10:00:00Z' }, content);
  expect(release.status).toBe(201);
  const paid = await customerWithOrder(h, '2026-03-10');
  expect((await h.call('POST', `/v1/invoices/${paid.invoice.id}/payments`, { amount: paid.invoice.total.amount, paidAt: '2026-03-12T10:00:00Z', reference: 'SEPA-PG-1' })).status).toBe(201);
  expect((await activate(h, paid.licenceKey, 'org-before')).status).toBe(201);
  const spare = await customerWithOrder(h, '2026-03-11');

  const readAll = async (call: Harness['call']) => {
    const list = await call('GET', '/v1/customers');
    expect(list.status).toBe(200);
    const customers: Record<string, { detail: any; invoices: any[] }> = {};
    for (const c of list.body.customers) {
      const [detail, invoices] = await Promise.all([call('GET', `/v1/customers/${c.id}`), call('GET', `/v1/customers/${c.id}/invoices`)]);
      customers[c.id] = { detail: detail.body, invoices: invoices.body.invoices };
    }
    return { customers, releases: (await call('GET', '/v1/addons/docgen/releases')).body };
  };
  const before = await readAll(h.call);
  expect(Object.keys(before.customers)).toHaveLength(2);
  expect(before.customers[paid.customerId]!.detail.orgs).toEqual([expect.objectContaining({ orgId: 'org-before' })]);

  // The backup as a child process (the URL from ASSURANCE_DATABASE, as a systemd unit gives it), while writes go on.
  pgArchive = path.join(work, 'pg.tar');
  const child = spawn(process.execPath, [BIN, 'backup', '--data', pgDataDir, '--to', pgArchive, '--json'], {
    env: { ...process.env, ASSURANCE_BACKUP_PASSPHRASE: PASSPHRASE, ASSURANCE_DATABASE: pgDatabase, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let running = true;
  void exited.then(() => (running = false));
  const during: string[] = [];
  for (let i = 0; running; i += 1) {
    const c = await h.call('POST', '/v1/customers', { name: `During pg backup ${i}` });
    expect(c.status).toBe(201);
    during.push(c.body.id);
  }
  expect(await exited).toBe(0);
  expect(JSON.parse(out)).toMatchObject({ file: pgArchive, store: 'postgres', vendorId: 'northwind', schemaVersion: POSTGRES_MIGRATIONS.length, artifacts: 1 });
  expect(during.length).toBeGreaterThan(0);
  const bytes = readFileSync(pgArchive);
  expect(bytes.includes('assurance.pgdump')).toBe(true);
  expect(bytes.includes('assurance.sqlite')).toBe(false);
  expect(bytes.includes('PRIVATE KEY')).toBe(false);

  // Restore into database B and a new directory; start a server on both.
  const databaseB = await cluster().createDatabase();
  const restored = path.join(work, 'data-b');
  const r = await serverCli(['restore', pgArchive, '--data', restored, '--database', databaseB, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ dataDir: restored, store: 'postgres', vendorId: 'northwind', schemaVersion: POSTGRES_MIGRATIONS.length, artifacts: 1 });
  expect(readdirSync(restored).sort()).toEqual(['.gitignore', 'artifacts', 'keys', 'root.pem']);
  expect(await tablesOf(databaseB)).toEqual(await tablesOf(pgDatabase));

  second = await harnessOn(restored, databaseB, createSettableClock(clock.now().toISOString()), init.adminApiKey);
  const after = await readAll(second.call);
  expect(after.releases).toEqual(before.releases);
  for (const [id, was] of Object.entries(before.customers)) {
    expect(after.customers[id]?.detail).toEqual(was.detail); // orgs included
    expect(after.customers[id]!.invoices).toEqual(was.invoices); // payments included
  }
  const restoredDuring = during.filter((id) => after.customers[id] !== undefined);
  expect(Object.keys(after.customers).sort()).toEqual([...Object.keys(before.customers), ...restoredDuring].sort());

  // A licence key issued before activates a new org; the release downloads with its sha256.
  const act = await second.call('POST', '/v1/activate', { licenceKey: spare.licenceKey, orgId: 'org-after', orgUrl: 'https://after.crm4.dynamics.com', platform: 'dynamics365', platformVersion: '9.2.24012.196' }, null);
  expect(act.status).toBe(201);
  expect(verifyLicence(act.body.licence, { rootCertPem, orgId: 'org-after', now: clock.now() })).toMatchObject({ iss: 'northwind', customer: { id: spare.customerId } });
  const check = await second.call('POST', '/v1/updates/check', { licenceKey: spare.licenceKey, orgId: 'org-after', platformVersion: '9.2.24012.196', addon: 'docgen', installedVersion: '1.0.0.0' }, null);
  expect(check.status).toBe(200);
  const offered = check.body.updates.find((u: any) => u.version === '2.0.0.0');
  const download = await fetch(offered.downloadUrl);
  expect(download.status).toBe(200);
  expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(release.body.sha256);
  // The two stores are separate: the activation on B is not in A.
  expect(await cluster().query(pgDatabase, `SELECT COUNT(*)::int AS n FROM orgs WHERE org_id = 'org-after'`)).toEqual([{ n: 0 }]);
}, 180_000);

describe('refusals', () => {
  /** A refused restore: its message, exit 1, no directory, and the target database still without tables. */
  async function refusedRestore(args: string[], message: RegExp, database?: string): Promise<void> {
    const target = path.join(work, `refused-${Math.random().toString(36).slice(2)}`);
    const before = database ? await tablesOf(database) : [];
    const r = await serverCli(['restore', ...args, '--data', target]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.refused'))).toEqual([]);
    if (database) expect(await tablesOf(database)).toEqual(before);
  }

  test('backup of a PostgreSQL data directory without --database names --database', async () => {
    const to = path.join(work, 'no-database.tar');
    const r = await serverCli(['backup', '--data', pgDataDir, '--to', to]);
    expect(r.stderr).toMatch(/--database: .* keeps its store in PostgreSQL/);
    expect(r.code).toBe(1);
    expect(existsSync(to)).toBe(false);
  });

  test('restore of a PostgreSQL archive without --database names --database', async () => {
    await refusedRestore([pgArchive], /--database: .* holds a PostgreSQL store; give the postgres:\/\/ URL of an empty database/);
  });

  test('restore into a database that has tables is refused; the database keeps its tables as they were', async () => {
    const busy = await cluster().createDatabase();
    await cluster().query(busy, 'CREATE TABLE something_else (id INTEGER)');
    await refusedRestore([pgArchive, '--database', busy], /--database: the database is not empty .*something_else/, busy);
    expect(await tablesOf(busy)).toEqual(['something_else']);
    // The source database of the backup is refused too (it is far from empty).
    await refusedRestore([pgArchive, '--database', pgDatabase], /--database: the database is not empty/, pgDatabase);
  });

  test('a failure after pg_restore (the restored store is not the one the manifest names) empties the database again', async () => {
    // An archive whose manifest (re-MACed with the passphrase) names another vendor than the dump holds: every check
    // before pg_restore passes, the comparison after it fails.
    const entries: Array<{ name: string; data: Buffer; mode: number }> = [];
    const extract = tar.extract();
    const done = (async () => {
      for await (const entry of extract) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
        entries.push({ name: entry.header.name, data: Buffer.concat(chunks), mode: entry.header.mode ?? 0o644 });
      }
    })();
    extract.end(readFileSync(pgArchive));
    await done;
    const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
    const manifest = JSON.parse(manifestEntry.data.toString('utf8'));
    manifest.vendorId = 'someone-else';
    manifestEntry.data = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const keys = await archiveKeysFor(PASSPHRASE, manifest.kdf);
    entries.find((e) => e.name === 'manifest.mac')!.data = Buffer.from(`${manifestMac(keys.macKey, manifestEntry.data)}\n`);
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    const collected = (async () => {
      for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
    })();
    for (const e of entries) await new Promise<void>((resolve, reject) => pack.entry({ name: e.name, size: e.data.length, mode: e.mode }, e.data, (err) => (err ? reject(err) : resolve())));
    pack.finalize();
    await collected;
    const forged = path.join(work, 'other-vendor.tar');
    writeFileSync(forged, Buffer.concat(chunks));

    const empty = await cluster().createDatabase();
    await refusedRestore([forged, '--database', empty], /the archive is corrupt: its store is of schema \d+ and vendor northwind, its manifest says \d+ and someone-else/, empty);
    expect(await tablesOf(empty)).toEqual([]);
  }, 60_000);

  test('a SQLite archive given --database is refused (restore it without --database); the database stays empty', async () => {
    const sqliteDir = path.join(work, 'sqlite-data');
    await initDataDir({ dataDir: sqliteDir, vendorId: 'northwind', vendorName: 'Northwind Add-ons' });
    const archive = path.join(work, 'sqlite.tar');
    const made = await serverCli(['backup', '--data', sqliteDir, '--to', archive]);
    expect(made.stderr).toBe('');
    const empty = await cluster().createDatabase();
    await refusedRestore([archive, '--database', empty], /--database: .* holds a SQLite store.*restore it without --database/, empty);
    expect(await tablesOf(empty)).toEqual([]);
  }, 60_000);
});
