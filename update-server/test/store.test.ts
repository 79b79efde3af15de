/** The SQLite store and the artifact folder on their own: transactions, migrations, content addressing. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createArtifactStore } from '../src/artifacts/artifact-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { CreditPolicy, NewOrder } from '../src/store/store';

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

test('a write that fails half-way leaves nothing behind (one transaction)', async () => {
  const file = path.join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  await store.insertCustomer({ id: 'cus_1', name: 'C', createdAt: '2026-03-15T10:00:00.000Z' });
  await store.insertOrder(order(1, 'hash-a'), noCredit);
  const serial = await store.manifestSerial();
  // Same key hash: the licence_keys insert (the last statement) fails. (The SqliteError may come from another
  // jest realm when the native addon was first loaded by another test file, so match its message, not its class.)
  await expect(store.insertOrder(order(2, 'hash-a'), noCredit)).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE/) });
  expect((await store.listOrders('cus_1')).map((o) => o.id)).toEqual(['ord_1']);
  expect((await store.listInvoices('cus_1')).map((i) => i.id)).toEqual(['inv_1']);
  expect((await store.listLicences('cus_1')).map((l) => l.id)).toEqual(['lic_1']);
  expect(await store.manifestSerial()).toBe(serial);
  // A second "first order" loses the race for the contract start.
  await expect(store.insertOrder({ ...order(3, 'hash-c'), contract: { contractStart: '2026-03-15', plan: 'calendar-year' } }, noCredit)).rejects.toMatchObject({ code: 'order_conflict' });
  await store.close();

  // Reopening applies no migration twice and keeps the data; the journal is WAL.
  const again = openSqliteStore(file);
  expect((await again.getCustomer('cus_1'))?.contractStart).toBe('2026-03-15');
  await again.close();
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
