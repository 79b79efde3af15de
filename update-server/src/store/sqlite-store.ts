/**
 * The embedded Store on SQLite (better-sqlite3 12): WAL journal, foreign keys on, and every write method
 * wrapped in one transaction. Columns that are searched are real columns; the rest of a record is a JSON
 * `data` column, so adding an optional field needs no migration.
 *
 * SqliteStore builds the aggregates (sqlite/*.ts; ComposedStore in composed-store.ts delegates each Store method to
 * its aggregate), which share the database handle, its transaction helper and
 * its statement cache (sqlite/db.ts):
 * - keys.ts: API keys, settings
 * - releases.ts: platform lines, add-ons, add-on lines, releases, install reports
 * - price-list.ts: the vendor's price list (U35)
 * - customers.ts: customers and contracts, orders, licences, licence keys, orgs
 * - billing.ts: invoices, payments, prepaid credit, renewal runs, maintenance upgrades
 * - support.ts: support requests, time entries
 * - fleet.ts: update checks and the fleet report's snapshot (issue #14 item 4)
 * A constraint the database refuses surfaces as a typed error (errors.ts, via sqlite/constraints.ts).
 */
import { SqliteBilling } from './sqlite/billing';
import { SqliteCustomers } from './sqlite/customers';
import { SqliteDb } from './sqlite/db';
import { SqliteKeys } from './sqlite/keys';
import { SqlitePriceList } from './sqlite/price-list';
import { SqliteReleases } from './sqlite/releases';
import { SqliteSupport } from './sqlite/support';
import { ComposedStore } from './composed-store';
import { SqliteFleet } from './sqlite/fleet';

export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(file);
}

export class SqliteStore extends ComposedStore {
  private readonly db: SqliteDb;

  constructor(file: string) {
    const db = new SqliteDb(file);
    const billing = new SqliteBilling(db);
    super({ keys: new SqliteKeys(db), releases: new SqliteReleases(db), priceList: new SqlitePriceList(db), billing, customers: new SqliteCustomers(db, billing), support: new SqliteSupport(db), fleet: new SqliteFleet(db) });
    this.db = db;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  manifestSerial(): Promise<number> {
    return this.db.read(() => this.db.manifestSerial());
  }

  /** The jobs running in this process (decision U62: one process writes a SQLite file, so a lock here is enough). */
  private readonly running = new Set<string>();

  async exclusive<T>(job: string, fn: () => Promise<T>, options: { waitMs?: number } = {}): Promise<{ ran: true; value: T } | { ran: false }> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    while (this.running.has(job)) {
      if (Date.now() >= deadline) return { ran: false };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.running.add(job);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.running.delete(job);
    }
  }
}
