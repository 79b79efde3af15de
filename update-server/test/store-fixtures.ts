/**
 * Shared fixtures of the per-aggregate store tests: a fresh store per test, and small records. Every store test runs
 * on both stores (issue #14): `describe.each(STORE_KINDS)` and `tempStore(kind)`, SQLite on a real file in a fresh
 * temp dir, PostgreSQL on a fresh database of a throw-away cluster (postgres-cluster.ts, one per test file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { translateConstraintError as translatePostgres } from '../src/store/postgres/constraints';
import { openPostgresStore } from '../src/store/postgres-store';
import { translateConstraintError as translateSqlite } from '../src/store/sqlite/constraints';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { CreditPolicy, InvoiceRecord, NewOrder, ReleaseRecord, Store } from '../src/store/store';
import { usePostgresCluster } from './postgres-cluster';

export const AT = '2026-03-15T10:00:00.000Z';
export const noCredit: CreditPolicy = () => 0;
/** Uses as much credit as the invoice allows. */
export const allCredit: CreditPolicy = (balance, due) => Math.min(balance.amount, due.amount);

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface TempStore {
  /** The store of the running test. */
  store(): Store;
  /** Another store on the same file or database (what a restart, or a second server instance, opens). */
  reopen(): Promise<Store>;
  /** Runs SQL around the store (`?` placeholders), as an older server or another writer could have. */
  raw(sql: string, params?: unknown[]): Promise<void>;
  /** The store's own translation of a driver error into a typed store error. */
  translate(error: unknown): unknown;
}

/** Opens a store of `kind` for each test (a new file / a new database) and closes and removes it afterwards. */
export function tempStore(kind: StoreKind = 'sqlite'): TempStore {
  return kind === 'sqlite' ? sqliteStore() : postgresStore();
}

function sqliteStore(): TempStore {
  let dir = '';
  let current: Store | undefined;
  const opened: Store[] = [];
  const file = (): string => path.join(dir, 'db.sqlite');
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-store-'));
    current = openSqliteStore(file());
    opened.push(current);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    store: () => current as Store,
    reopen: async () => {
      const again = openSqliteStore(file());
      opened.push(again);
      return again;
    },
    raw: async (sql, params = []) => {
      const db = new Database(file());
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    },
    translate: translateSqlite,
  };
}

function postgresStore(): TempStore {
  const cluster = usePostgresCluster();
  let url = '';
  let current: Store | undefined;
  const opened: Store[] = [];
  beforeEach(async () => {
    url = await cluster().createDatabase();
    current = await openPostgresStore(url);
    opened.push(current);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return {
    store: () => current as Store,
    reopen: async () => {
      const again = await openPostgresStore(url);
      opened.push(again);
      return again;
    },
    raw: async (sql, params = []) => {
      let n = 0;
      await cluster().query(url, sql.replace(/\?/g, () => `$${++n}`), params);
    },
    translate: translatePostgres,
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
