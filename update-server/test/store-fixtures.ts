/** Shared fixtures of the per-aggregate store tests: a real SQLite file in a fresh temp dir, and small records. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite-store';
import type { CreditPolicy, InvoiceRecord, NewOrder, ReleaseRecord } from '../src/store/store';

export const AT = '2026-03-15T10:00:00.000Z';
export const noCredit: CreditPolicy = () => 0;
/** Uses as much credit as the invoice allows. */
export const allCredit: CreditPolicy = (balance, due) => Math.min(balance.amount, due.amount);

/** Opens a store on a new file for each test and closes and removes it afterwards; `reopen` reads the same file. */
export function tempStore(): { store: () => SqliteStore; reopen: () => SqliteStore; file: () => string } {
  let dir = '';
  let current: SqliteStore | undefined;
  const opened: SqliteStore[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-store-'));
    current = openSqliteStore(path.join(dir, 'db.sqlite'));
    opened.push(current);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    store: () => current as SqliteStore,
    file: () => path.join(dir, 'db.sqlite'),
    reopen: () => {
      const again = openSqliteStore(path.join(dir, 'db.sqlite'));
      opened.push(again);
      return again;
    },
  };
}

export function invoice(id: string, customerId = 'cus_1', extra: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id,
    customerId,
    kind: 'first',
    issuedOn: '2026-03-15',
    periodStart: '2026-03-15',
    periodEnd: '2026-12-31',
    total: { amount: 1000, currency: 'EUR' },
    lines: [],
    dueOn: '2026-04-14',
    createdAt: AT,
    ...extra,
  };
}

/** Order `n` of cus_1 with its licence, licence key (`keyHash`) and invoice; the first one starts the contract. */
export function order(n: number, keyHash: string, customerId = 'cus_1'): NewOrder {
  return {
    order: { id: `ord_${n}`, customerId, orderedOn: '2026-03-15', licenceKeyId: `key_${n}`, invoiceId: `inv_${n}`, createdAt: AT },
    licences: [{ id: `lic_${n}`, orderId: `ord_${n}`, customerId, addon: 'docgen', quantity: 1, listPrice: { amount: 100, currency: 'EUR' }, orderedOn: '2026-03-15' }],
    licenceKey: { id: `key_${n}`, customerId, orderId: `ord_${n}`, keyHash, hint: 'AAAAA', createdAt: AT },
    invoices: [invoice(`inv_${n}`, customerId, { orderId: `ord_${n}` })],
    ...(n === 1 ? { contract: { contractStart: '2026-03-15', plan: 'calendar-year' as const } } : {}),
  };
}

export function release(id: string, lines: string[], extra: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    id,
    addon: 'docgen',
    version: '1.5.0.0',
    kind: 'feature',
    platform: 'dynamics365',
    lines,
    publishedAt: AT,
    size: 3,
    sha256: 'a'.repeat(64),
    fileName: 'docgen-1.5.0.0.zip',
    createdAt: AT,
    ...extra,
  };
}
