/** The PostgreSQL store's own concerns (issue #14): its migrations, concurrent writers, the advisory lock, openStore. */
import { runRenewalBilling } from '../src/renewal-billing';
import { openStore } from '../src/store/open-store';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres-migrations';
import { openPostgresStore, PostgresStore } from '../src/store/postgres-store';
import { SqliteStore } from '../src/store/sqlite-store';
import { DEFAULT_SETTINGS, type PaymentRecord, type Store } from '../src/store/store';
import { usePostgresCluster } from './postgres-cluster';
import { AT, noCredit, order } from './store-fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cluster = usePostgresCluster();
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function open(url: string): Promise<PostgresStore> {
  const store = await openPostgresStore(url);
  opened.push(store);
  return store;
}

test('migrations: two instances starting at once migrate once; schema_version records the last one; a reopen applies nothing', async () => {
  const url = await cluster().createDatabase();
  const [a, b] = await Promise.all([open(url), open(url)]);
  expect(await cluster().query(url, 'SELECT version FROM schema_version ORDER BY version')).toEqual(POSTGRES_MIGRATIONS.map((_, i) => ({ version: i + 1 })));
  await a.insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
  expect((await b.getCustomer('cus_1'))?.name).toBe('C');
  const c = await open(url);
  expect(await cluster().query(url, 'SELECT COUNT(*)::int AS n FROM schema_version')).toEqual([{ n: POSTGRES_MIGRATIONS.length }]);
  expect((await c.listCustomers()).map((x) => x.id)).toEqual(['cus_1']);
});

test('a database whose locale sorts otherwise (ICU en-US) still lists in SQLite\'s byte order (COLLATE "C")', async () => {
  const url = await cluster().createDatabase({ icuLocale: 'en-US' });
  // The database itself sorts case-insensitively first…
  expect((await cluster().query(url, `SELECT x FROM (VALUES ('b'), ('B'), ('a')) v(x) ORDER BY x`)).map((r) => r.x)).toEqual(['a', 'b', 'B']);
  const store = await open(url);
  for (const id of ['cus_b', 'cus_B', 'cus_a']) await store.insertCustomer({ id, name: id, createdAt: AT });
  // …the store answers as SQLite does: bytes, upper case first.
  expect((await store.listCustomers()).map((c) => c.id)).toEqual(['cus_B', 'cus_a', 'cus_b']);
});

test('concurrent writers on two stores: one payment per reference, strictly increasing serials, every ticket number once', async () => {
  const url = await cluster().createDatabase();
  const [a, b] = await Promise.all([open(url), open(url)]);
  await a.insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
  await a.insertOrder(order(1, 'hash-a'), noCredit);
  const payment = (id: string): PaymentRecord => ({ id, invoiceId: 'inv_1', amount: { amount: 400, currency: 'EUR' }, paidAt: '2026-03-20T00:00:00.000Z', reference: 'bank-1', createdAt: AT });
  const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).recordPayment(payment(`pay_${i}`))));
  expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
  expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(7);
  expect((await a.listPayments('cus_1')).map((p) => p.reference)).toEqual(['bank-1']);

  const serials = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).upsertPlatformLine({ platform: 'dynamics365', line: `9.${i}`, releasedOn: '2020-10-01' })));
  const numbers = serials.map((s) => s.serial).sort((x, y) => x - y);
  expect(new Set(numbers).size).toBe(10);
  expect(numbers[9] - numbers[0]).toBe(9);
  expect(await b.manifestSerial()).toBe(numbers[9]);

  const request = (id: string) => ({
    id,
    customerId: 'cus_1',
    orgId: 'org-1',
    addon: 'docgen',
    summary: 's',
    description: 'd',
    environment: { addonVersion: '1.0.0.0', platform: 'dynamics365' as const, platformVersion: '9.2.1.1', customisationsPresent: false },
    status: 'open' as const,
    createdAt: AT,
  });
  const tickets = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).insertSupportRequest(request(`sup_${i}`))));
  expect(tickets.map((r) => r.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
});

test('exclusive: a job runs in one instance at a time; the other waits for it or answers ran: false', async () => {
  const url = await cluster().createDatabase();
  const [a, b] = await Promise.all([open(url), open(url)]);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const first = a.exclusive('renewal-billing', async () => {
    await held;
    return 'a';
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await b.exclusive('renewal-billing', async () => 'b')).toEqual({ ran: false });
  // Another job is not held by it.
  expect(await b.exclusive('other-job', async () => 'b')).toEqual({ ran: true, value: 'b' });
  const waiting = b.exclusive('renewal-billing', async () => 'b', { waitMs: 10_000 });
  release();
  expect(await first).toEqual({ ran: true, value: 'a' });
  expect(await waiting).toEqual({ ran: true, value: 'b' });
});

test('the renewal billing run holds the renewal-billing lock: while another instance runs it, this one issues nothing (busy)', async () => {
  const url = await cluster().createDatabase();
  const [a, b] = await Promise.all([open(url), open(url)]);
  const settings = { ...DEFAULT_SETTINGS, vendorId: 'v', vendorName: 'V' };
  await a.saveSettings(settings);
  await a.insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
  await a.insertOrder(order(1, 'hash-a'), noCredit);
  let release: () => void = () => undefined;
  const held = a.exclusive('renewal-billing', () => new Promise<void>((resolve) => (release = resolve)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const busy = await runRenewalBilling(b, settings, '2028-01-01', new Date('2028-01-01T08:00:00Z'), {}, undefined, { waitMs: 0 });
  expect(busy).toEqual({ date: '2028-01-01', issued: [], skipped: [], busy: true });
  expect((await b.listInvoices('cus_1')).map((i) => i.kind)).toEqual(['first']);
  release();
  await held;
  // Free again: the run issues the renewal; the same run again issues nothing.
  expect((await runRenewalBilling(b, settings, '2028-01-01', new Date('2028-01-01T08:00:00Z'))).issued.map((i) => i.periodStart)).toEqual(['2028-01-01']);
  expect((await runRenewalBilling(a, settings, '2028-01-01', new Date('2028-01-01T08:00:00Z'))).issued).toEqual([]);
});

test('openStore: a postgres:// URL opens PostgreSQL, a path opens SQLite', async () => {
  const url = await cluster().createDatabase();
  const pg = await openStore(url);
  opened.push(pg);
  expect(pg).toBeInstanceOf(PostgresStore);
  expect(await pg.manifestSerial()).toBe(0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-open-'));
  try {
    const sqlite = await openStore(path.join(dir, 'db.sqlite'));
    expect(sqlite).toBeInstanceOf(SqliteStore);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await expect(openStore('postgres://postgres@127.0.0.1:1/nosuch')).rejects.toThrow(/ECONNREFUSED|connect/);
});
