/** The stores (SQLite and PostgreSQL) and the artifact folder on their own: transactions, migrations, content addressing. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createArtifactStore } from '../src/artifacts/artifact-store';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../src/store/migrations';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { CreditPolicy, InstallRecord, NewOrder, ReleaseRecord } from '../src/store/store';
import { STORE_KINDS, tempStore } from './store-fixtures';

const noCredit: CreditPolicy = () => 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function order(n: number, keyHash: string): NewOrder {
  const at = '2026-03-15T10:00:00.000Z';
  return {
    order: { id: `ord_${n}`, customerId: 'cus_1', orderedOn: '2026-03-15', licenceKeyId: `key_${n}`, invoiceId: `inv_${n}`, createdAt: at },
    licences: [{ id: `lic_${n}`, orderId: `ord_${n}`, customerId: 'cus_1', addon: 'docgen', quantity: 1, listPrice: { amount: 100, currency: 'EUR' }, orderedOn: '2026-03-15' }],
    licenceKey: { id: `key_${n}`, customerId: 'cus_1', orderId: `ord_${n}`, keyHash, hint: 'AAAAA', createdAt: at },
    invoices: [{ id: `inv_${n}`, customerId: 'cus_1', orderId: `ord_${n}`, kind: 'first', issuedOn: '2026-03-15', periodStart: '2026-03-15', periodEnd: '2027-12-31', total: { amount: 32, currency: 'EUR' }, lines: [], dueOn: '2026-04-14', createdAt: at }],
    ...(n === 1 ? { contract: { contractStart: '2026-03-15', plan: 'calendar-year' as const } } : {}),
  };
}

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  test('a write that fails half-way leaves nothing behind (one transaction)', async () => {
    const store = t.store();
    await store.insertCustomer({ id: 'cus_1', name: 'C', createdAt: '2026-03-15T10:00:00.000Z' });
    await store.insertOrder(order(1, 'hash-a'), noCredit);
    const serial = await store.manifestSerial();
    // Same key hash: the licence_keys insert (the last statement) fails.
    await expect(store.insertOrder(order(2, 'hash-a'), noCredit)).rejects.toMatchObject({ constraint: 'licence_key', message: expect.stringMatching(/unique/i) });
    expect((await store.listOrders('cus_1')).map((o) => o.id)).toEqual(['ord_1']);
    expect((await store.listInvoices('cus_1')).map((i) => i.id)).toEqual(['inv_1']);
    expect((await store.listLicences('cus_1')).map((l) => l.id)).toEqual(['lic_1']);
    expect(await store.manifestSerial()).toBe(serial);
    // A second "first order" loses the race for the contract start.
    await expect(store.insertOrder({ ...order(3, 'hash-c'), contract: { contractStart: '2026-03-15', plan: 'calendar-year' } }, noCredit)).rejects.toMatchObject({ code: 'order_conflict' });
    await store.close();

    // Reopening applies no migration twice and keeps the data.
    const again = await t.reopen();
    expect((await again.getCustomer('cus_1'))?.contractStart).toBe('2026-03-15');
  });

  test('exclusive (U62): a job running already is not started twice; waiting runs it after the first ends', async () => {
    const store = t.store();
    let release: () => void = () => undefined;
    const first = store.exclusive('renewal-billing', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.exclusive('renewal-billing', async () => 'second')).toEqual({ ran: false });
    const waiting = store.exclusive('renewal-billing', async () => 'third', { waitMs: 10_000 });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await waiting).toEqual({ ran: true, value: 'third' });
    // A failing job frees the lock.
    await expect(store.exclusive('renewal-billing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.exclusive('renewal-billing', async () => 'again')).toEqual({ ran: true, value: 'again' });
  });
});

test('artifacts are content-addressed, durable and deduplicated; only scratch files are taken', async () => {
  const artifacts = await createArtifactStore(path.join(dir, 'artifacts'));
  const bytes = Buffer.from('a release');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const a = await artifacts.put(Readable.from([bytes]));
  expect(a).toEqual({ sha256: sha, size: bytes.length });
  expect(await artifacts.has(sha)).toBe(true);
  const upload = path.join(artifacts.tmpDir, 'upload-1');
  writeFileSync(upload, bytes);
  expect(await artifacts.putFile(upload)).toEqual(a);
  expect(existsSync(upload)).toBe(false);
  expect(readdirSync(artifacts.tmpDir)).toEqual([]);
  const outside = path.join(dir, 'elsewhere');
  writeFileSync(outside, 'x');
  await expect(artifacts.putFile(outside)).rejects.toThrow(/scratch/);
  expect(() => artifacts.open('../../etc/passwd')).toThrow(/sha256/);
  const chunks: Buffer[] = [];
  for await (const chunk of artifacts.open(sha, { start: 2, end: 8 })) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('release');
});

test('migrations 3 and 4 (issue #9): a data directory of version 2 keeps its releases and installs, and gets per-line uniqueness', async () => {
  const file = path.join(dir, 'v2.sqlite');
  const old = new Database(file);
  old.transaction(() => {
    old.exec(SQLITE_MIGRATIONS[0]);
    old.exec(SQLITE_MIGRATIONS[1]);
    old.pragma('user_version = 2');
  })();
  const at = '2026-03-15T10:00:00.000Z';
  const release: ReleaseRecord = {
    id: 'rel_old',
    addon: 'docgen',
    version: '1.5.0.0',
    kind: 'feature',
    platform: 'dynamics365',
    lines: ['9.0', '9.1'],
    publishedAt: at,
    size: 3,
    sha256: 'a'.repeat(64),
    fileName: 'docgen-1.5.0.0.zip',
    createdAt: at,
  };
  old.prepare(`INSERT INTO addons (id, name, created_at) VALUES ('docgen', 'DocGen', ?)`).run(at);
  old
    .prepare(`INSERT INTO releases (id, addon, version, platform, published_at, sha256, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(release.id, release.addon, release.version, release.platform, release.publishedAt, release.sha256, release.size, JSON.stringify(release), at);
  const install: InstallRecord = { id: 'ins_old', customerId: 'cus_1', orgId: 'org-1', addon: 'docgen', fromVersion: '1.0.0.0', toVersion: '1.5.0.0', outcome: 'succeeded', recordedAt: at };
  old.prepare(`INSERT INTO installs (id, customer_id, org_id, data, recorded_at) VALUES (?, ?, ?, ?, ?)`).run(install.id, 'cus_1', 'org-1', JSON.stringify(install), at);
  // Version 2 refuses a second build of the version outright.
  expect(() =>
    old
      .prepare(`INSERT INTO releases (id, addon, version, platform, published_at, sha256, size, data, created_at) VALUES ('rel_x', 'docgen', '1.5.0.0', 'dynamics365', ?, ?, 1, '{}', ?)`)
      .run(at, 'b'.repeat(64), at),
  ).toThrow(/UNIQUE/);
  old.close();

  const store = openSqliteStore(file);
  expect(await store.getRelease('rel_old')).toEqual(release);
  expect(await store.findReleases('docgen', 'dynamics365', '1.5.0.0')).toEqual([release]);
  expect(await store.listInstalls('cus_1')).toEqual([install]);
  // A 9.2 build of the same version is a new row; a build that names 9.1 again is refused with the line.
  const serial = await store.manifestSerial();
  await store.insertRelease({ ...release, id: 'rel_92', lines: ['9.2'], sha256: 'c'.repeat(64) });
  expect((await store.findReleases('docgen', 'dynamics365', '1.5.0.0')).map((r) => r.id)).toEqual(['rel_old', 'rel_92']);
  await expect(store.insertRelease({ ...release, id: 'rel_91', lines: ['9.1'] })).rejects.toMatchObject({ code: 'release_exists', line: '9.1', releaseId: 'rel_old' });
  expect(await store.getRelease('rel_91')).toBeUndefined();
  expect(await store.manifestSerial()).toBe(serial + 1);
  // Install ids: stored once, same content is a duplicate, other content a conflict.
  const report: InstallRecord = { ...install, id: 'ins_new', installId: '0b5e0c57-8a4e-4a9f-9c43-0f3f2c1d2e3f' };
  expect((await store.recordInstall(report)).kind).toBe('created');
  expect(await store.recordInstall({ ...report, id: 'ins_again', recordedAt: '2026-03-16T10:00:00.000Z' })).toEqual({ kind: 'duplicate', install: report });
  expect((await store.recordInstall({ ...report, id: 'ins_other', outcome: 'failed' })).kind).toBe('conflict');
  expect((await store.listInstalls('cus_1')).map((i) => i.id)).toEqual(['ins_old', 'ins_new']);
  await store.close();

  // Reopening applies nothing twice.
  const again = openSqliteStore(file);
  expect((await again.findReleases('docgen', 'dynamics365', '1.5.0.0')).length).toBe(2);
  await again.close();
});
