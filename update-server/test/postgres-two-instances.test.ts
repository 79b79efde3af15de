/**
 * Two real servers (startServer) on one PostgreSQL database and one data directory (its keys and artifacts), as a
 * vendor runs them behind a load balancer (issue #14, decisions U61–U63): what one instance writes the other honours,
 * and the races between them end as one server alone would end them.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { createSettableClock } from '../src/clock';
import { initDataDir, startServer, type RunningServer } from '../src/server';
import { activate, checkUpdates, customerWithOrder, publish, seedCatalogue, serverResponseChecker, solutionZip, type Harness, type ResponseCheck } from './harness';
import { usePostgresCluster } from './postgres-cluster';

const cluster = usePostgresCluster();
const clock = createSettableClock('2026-03-15T10:00:00Z');
let dataDir = '';
let database = '';
let a: Harness;
let b: Harness;

/** The harness's client over one running server (answers checked against its OpenAPI document). */
function clientOf(server: RunningServer, adminKey: string): Harness {
  let checker: Promise<ResponseCheck> | undefined;
  const checkAnswer: Harness['checkAnswer'] = async (method, urlPath, res, parsed) => {
    checker ??= serverResponseChecker(server.url);
    (await checker)({ method, url: urlPath, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
  };
  return {
    url: server.url,
    dataDir,
    adminKey,
    clock,
    server,
    checkAnswer,
    async call(method, urlPath, body, key, headers = {}) {
      const h: Record<string, string> = { ...headers };
      const k = key === undefined ? adminKey : key;
      if (k) h.authorization = `Bearer ${k}`;
      if (body !== undefined) h['content-type'] = 'application/json';
      const res = await fetch(`${server.url}${urlPath}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      await checkAnswer(method, urlPath, res, parsed);
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    close: () => server.close(),
  };
}

beforeAll(async () => {
  database = await cluster().createDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-two-'));
  const init = await initDataDir({ dataDir, vendorId: 'northwind', vendorName: 'Northwind Add-ons', clock, settings: { timeZone: 'Europe/Berlin' }, database });
  const start = () =>
    startServer({ dataDir, database, clock, log: pino({ level: 'silent' }), config: { dailyBilling: false, addonRateLimit: { windowMs: 60_000, max: 100_000 } } });
  const [one, two] = await Promise.all([start(), start()]);
  a = clientOf(one, init.adminApiKey);
  b = clientOf(two, init.adminApiKey);
  await seedCatalogue(a);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('init with --database keeps the store out of the data directory and refuses a database initialised already', async () => {
  expect(readdirSync(dataDir).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
  const other = mkdtempSync(path.join(os.tmpdir(), 'assurance-two-'));
  try {
    const url = await cluster().createDatabase();
    await initDataDir({ dataDir: other, vendorId: 'v', vendorName: 'V', clock, database: url });
    const again = mkdtempSync(path.join(os.tmpdir(), 'assurance-two-'));
    await expect(initDataDir({ dataDir: again, vendorId: 'v', vendorName: 'V', clock, database: url })).rejects.toThrow(/--database: the database is initialised already/);
    // Nothing was written into the refused directory: no keys.
    expect(readdirSync(again)).toEqual([]);
    rmSync(again, { recursive: true, force: true });
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('a payment posted to both instances at once is recorded once; the other answers duplicate', async () => {
  const { customerId, invoice } = await customerWithOrder(a, '2026-03-10', 1_000_000);
  for (let i = 0; i < 5; i++) {
    const payment = { amount: 1_000, paidAt: '2026-03-15T09:00:00Z', reference: `SEPA-${i}` };
    const answers = await Promise.all([a, b].map((h) => h.call('POST', `/v1/invoices/${invoice.id}/payments`, payment)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(answers.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    expect(answers[0].body.payment.id).toBe(answers[1].body.payment.id);
  }
  const invoices = (await b.call('GET', `/v1/customers/${customerId}/invoices`)).body.invoices;
  expect(invoices[0].payments.map((p: any) => p.reference).sort()).toEqual(['SEPA-0', 'SEPA-1', 'SEPA-2', 'SEPA-3', 'SEPA-4']);
  expect(invoices[0].paid).toBe(5_000);
  // Both instances wrote to the PostgreSQL database (the data directory has no SQLite file).
  expect(await cluster().query(database, `SELECT reference FROM payments WHERE reference LIKE 'SEPA-%' ORDER BY reference`)).toEqual(
    ['SEPA-0', 'SEPA-1', 'SEPA-2', 'SEPA-3', 'SEPA-4'].map((reference) => ({ reference })),
  );
});

test('a billing run started on both instances at once issues each invoice once', async () => {
  const customers: string[] = [];
  for (let i = 0; i < 4; i++) customers.push((await customerWithOrder(b, '2026-03-11')).customerId);
  clock.set('2028-01-01T08:00:00Z');
  try {
    const runs = await Promise.all([a, b].map((h) => h.call('POST', '/v1/billing/run', { date: '2028-01-01' })));
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    for (const run of runs) expect(run.body.skipped).toEqual([]);
    const issued = runs.flatMap((r) => r.body.issued.map((i: any) => i.customerId as string));
    // Every customer with a contract gets its renewal once, from one of the two runs.
    expect(issued.filter((id) => customers.includes(id)).sort()).toEqual([...customers].sort());
    expect(new Set(issued).size).toBe(issued.length);
    for (const id of customers) {
      const renewals = (await a.call('GET', `/v1/customers/${id}/invoices`)).body.invoices.filter((i: any) => i.kind === 'renewal');
      expect(renewals).toHaveLength(1);
    }
    expect(await cluster().query(database, `SELECT COUNT(*)::int AS n FROM invoices WHERE kind = 'renewal' AND period_start = '2028-01-01'`)).toEqual([{ n: issued.length }]);
  } finally {
    clock.set('2026-03-15T10:00:00Z');
  }
});

test('manifest serials stay strictly increasing across publications on alternating instances; a download token of one works on the other', async () => {
  const { licenceKey, invoice } = await customerWithOrder(a, '2026-03-12');
  // Paid on the other instance: releases of the paid period are offered (SPEC §2).
  expect((await b.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: '2026-03-12T12:00:00Z', reference: 'SEPA-paid' })).status).toBe(201);
  expect((await activate(b, licenceKey, 'org-two')).status).toBe(201);
  let last = 0;
  for (let i = 1; i <= 4; i++) {
    const publisher = i % 2 ? a : b;
    const version = `1.${i}.0.0`;
    const published = await publish(publisher, 'docgen', { version, kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: `2026-03-14T0${i}:00:00Z` });
    expect(published.status).toBe(201);
    // One counter row for both instances: each publication's serial is past every serial signed before it.
    expect(published.body.serial).toBeGreaterThan(last);
    for (const reader of [b, a]) {
      const check = await checkUpdates(reader, licenceKey, 'org-two', '1.0.0.0');
      expect(check.status).toBe(200);
      expect(check.body.updates.map((u: any) => u.version)).toContain(version);
      expect(check.body.serial).toBe(published.body.serial);
    }
    last = published.body.serial;
  }
  expect(await cluster().query(database, `SELECT value::int AS value FROM counters WHERE name = 'manifest_serial'`)).toEqual([{ value: last }]);

  const content = await solutionZip({ version: '1.9.0.0', packageLine: '9.2', extra: { 'payload.txt': 'two instances' } });
  expect((await publish(a, 'docgen', { version: '1.9.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-03-14T09:00:00Z' }, content)).status).toBe(201);
  const check = await checkUpdates(a, licenceKey, 'org-two', '1.0.0.0');
  const link = new URL(check.body.updates.find((u: any) => u.version === '1.9.0.0').downloadUrl as string);
  const onB = await fetch(`${b.url}${link.pathname}${link.search}`);
  expect(onB.status).toBe(200);
  expect(createHash('sha256').update(Buffer.from(await onB.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
});

test('the CLI: init --database writes the store into PostgreSQL, start --database serves it', async () => {
  const url = await cluster().createDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-two-cli-'));
  const bin = path.join(__dirname, '..', 'bin', 'assurance-server.js');
  const env = { ...process.env, LOG_LEVEL: 'silent' };
  try {
    const init = await promisify(execFile)(process.execPath, [bin, 'init', '--data', dir, '--database', url, '--vendor-id', 'cli', '--json'], { env });
    const adminApiKey = JSON.parse(init.stdout).adminApiKey as string;
    expect(readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
    expect((await cluster().query(url, `SELECT COUNT(*)::int AS n FROM api_keys`))[0]).toEqual({ n: 1 });
    const server = spawn(process.execPath, [bin, 'start', '--data', dir, '--database', url, '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const listening = await new Promise<string>((resolve, reject) => {
        let err = '';
        server.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(err);
          if (m) resolve(m[1]);
        });
        server.once('exit', (code) => reject(new Error(`start exited ${code}: ${err}`)));
      });
      const addons = await fetch(`${listening}/v1/addons`, { headers: { authorization: `Bearer ${adminApiKey}` } });
      expect(addons.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
