/**
 * The Store on PostgreSQL (issue #14, decisions U60–U64), with the `pg` driver (node-postgres 8): the same records,
 * orders, typed errors and one-transaction-per-write semantics as the SQLite store, for vendors who run more than
 * one server instance or keep the data in a database their DBAs back up.
 *
 * One class composes the aggregates (postgres/*.ts, one per aggregate as in sqlite/), which share the pool and its
 * SERIALIZABLE transaction helper (postgres/db.ts):
 * - keys.ts: API keys, settings
 * - releases.ts: platform lines, add-ons, add-on lines, releases, install reports
 * - price-list.ts: the vendor's price list (U35)
 * - customers.ts: customers and contracts, orders, licences, licence keys, orgs
 * - billing.ts: invoices, payments, prepaid credit, renewal runs, maintenance upgrades
 * - support.ts: support requests, time entries
 * - fleet.ts: update checks and the fleet report's snapshot (issue #14 item 4)
 * A constraint the database refuses surfaces as the same typed error as in SQLite (postgres/constraints.ts).
 */
import { PgBilling } from './postgres/billing';
import { PgCustomers } from './postgres/customers';
import { PgDb } from './postgres/db';
import { PgKeys } from './postgres/keys';
import { PgPriceList } from './postgres/price-list';
import { PgReleases } from './postgres/releases';
import { PgSupport } from './postgres/support';
import { ComposedStore } from './composed-store';
import { PgFleet } from './postgres/fleet';

/** Opens (and migrates) the store of a `postgres://` URL; the database must exist, its tables are made here. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  return new PostgresStore(await PgDb.open(url));
}

export class PostgresStore extends ComposedStore {
  private readonly db: PgDb;

  constructor(db: PgDb) {
    const billing = new PgBilling(db);
    super({ keys: new PgKeys(db), releases: new PgReleases(db), priceList: new PgPriceList(db), billing, customers: new PgCustomers(db, billing), support: new PgSupport(db), fleet: new PgFleet(db) });
    this.db = db;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  manifestSerial(): Promise<number> {
    return this.db.manifestSerial();
  }

  /** Decision U62: at most one process runs `job` at a time (a PostgreSQL advisory lock). */
  exclusive<T>(job: string, fn: () => Promise<T>, options: { waitMs?: number } = {}): Promise<{ ran: true; value: T } | { ran: false }> {
    return this.db.exclusive(job, fn, options.waitMs ?? 0);
  }
}
