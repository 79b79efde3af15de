/**
 * The one connection pool a PostgreSQL store shares between its aggregates (decision U61): migrations under an
 * advisory lock, the write-transaction helper (SERIALIZABLE, run again when it lost a race, constraint failures
 * turned into typed store errors), the manifest serial counter and the advisory lock of once-only jobs.
 *
 * Why SERIALIZABLE: the SQLite store relies on SQLite's single writer (a write transaction reads, decides with
 * license-core, then writes, and nobody writes in between). On PostgreSQL two server instances write at once;
 * SERIALIZABLE gives the same answer as running the two transactions one after the other, or fails one with 40001,
 * which `tx` runs again from the start (the function only touches the database, so running it again is safe).
 */
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { POSTGRES_MIGRATIONS } from '../postgres-migrations';
import { isRetryable, isUniqueViolation, translateConstraintError } from './constraints';

export type Row = Record<string, unknown>;

/** What an aggregate runs SQL through: the pool (reads) or the client of a write transaction. */
export interface Sql {
  rows(text: string, params?: unknown[]): Promise<Row[]>;
  row(text: string, params?: unknown[]): Promise<Row | undefined>;
  /** Runs a statement; the number of rows it changed. */
  run(text: string, params?: unknown[]): Promise<number>;
}

interface Queryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/**
 * Decision U77: every statement of the aggregates is a named prepared statement, parsed and planned once per pooled
 * connection instead of on every call (node-postgres prepares a named one on its first use on a connection). The
 * name is a hash of the text, so one text always has one name. Texts are few (each aggregate's SQL, with a few
 * optional clauses); past MAX_NAMED distinct ones (SQL built from data, say), the rest run unnamed.
 */
const MAX_NAMED = 2000;
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= MAX_NAMED) return undefined;
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function sqlOn(target: Queryable): Sql {
  const query = (text: string, params?: unknown[]) => {
    const name = statementName(text);
    return target.query({ ...(name ? { name } : {}), text, ...(params ? { values: params } : {}) });
  };
  return {
    rows: async (text, params) => (await query(text, params)).rows,
    row: async (text, params) => (await query(text, params)).rows[0],
    run: async (text, params) => (await query(text, params)).rowCount ?? 0,
  };
}

/** How often a write transaction that lost a race is run again before its error is passed on. */
const ATTEMPTS = 12;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The advisory-lock key of a job name (one namespace for this application). */
const LOCK_KEY = `hashtext('crm-assurance:' || $1)`;

export class PgDb {
  private readonly pool: Pool;
  /** Reads outside a transaction (each statement sees what was committed before it). */
  readonly sql: Sql;

  private constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 10 });
    // An idle connection the server closed (a restart, a failover) is dropped from the pool; the next query opens a
    // new one. Without a listener the pool's 'error' event would end the process.
    this.pool.on('error', () => undefined);
    this.sql = sqlOn(this.pool as unknown as Queryable);
  }

  static async open(url: string): Promise<PgDb> {
    const db = new PgDb(url);
    try {
      await db.migrate();
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }

  /** Applies the pending migrations in one transaction; two instances starting at once wait for each other (lock). */
  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, ['migrations']);
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
      const current = rows[0]?.version ?? 0;
      for (const [index, migration] of POSTGRES_MIGRATIONS.entries()) {
        const version = index + 1;
        if (version <= current) continue;
        await client.query(migration);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Runs `fn` in one SERIALIZABLE transaction. A serialization failure or deadlock runs it again from the start; so
   * does a unique violation once (a row another instance committed meanwhile: the run again reads it and answers as
   * SQLite would, e.g. a payment's `duplicate`). A throw rolls everything back; a constraint failure is rejected as
   * a typed store error.
   */
  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    let uniqueRetried = false;
    for (let attempt = 1; ; attempt++) {
      const client: PoolClient = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const result = await fn(sqlOn(client as unknown as Queryable));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is closed, never handed to the next transaction.
        await client.query('ROLLBACK').catch(() => (broken = true));
        const again = attempt < ATTEMPTS && (isRetryable(error) || (isUniqueViolation(error) && !uniqueRetried));
        if (!again) throw translateConstraintError(error);
        if (isUniqueViolation(error)) uniqueRetried = true;
        await sleep(Math.random() * 5 * attempt);
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * Runs `fn` only while holding the advisory lock of `job` (pg_try_advisory_xact_lock, held by a transaction of its
   * own that writes nothing; `fn` writes through its own transactions). When another process holds it, tries again
   * every 100 ms for `waitMs`, then answers `{ ran: false }` (decision U62).
   */
  async exclusive<T>(job: string, fn: () => Promise<T>, waitMs: number): Promise<{ ran: true; value: T } | { ran: false }> {
    const client = await this.pool.connect();
    const deadline = Date.now() + waitMs;
    let broken = false;
    try {
      for (;;) {
        await client.query('BEGIN');
        const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`, [job]);
        if (rows[0]?.locked) break;
        await client.query('ROLLBACK');
        if (Date.now() >= deadline) return { ran: false };
        await sleep(100);
      }
      try {
        return { ran: true, value: await fn() };
      } finally {
        await client.query('COMMIT').catch(() => (broken = true));
      }
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Bumps the global manifest serial (decision U4) inside a write transaction: one row, so monotonic across instances. */
  async bumpSerial(sql: Sql): Promise<number> {
    const row = await sql.row(`UPDATE counters SET value = value + 1 WHERE name = 'manifest_serial' RETURNING value`);
    return Number(row?.value);
  }

  async manifestSerial(): Promise<number> {
    return Number((await this.sql.row(`SELECT value FROM counters WHERE name = 'manifest_serial'`))?.value);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
