/**
 * The one SQLite handle a store shares between its aggregates: pragmas, migrations, the transaction helper
 * (which turns constraint failures into typed store errors), a statement cache (each SQL text is prepared once
 * per store) and the manifest serial counter.
 */
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../migrations';
import { translateConstraintError } from './constraints';
import type { Row } from './rows';

export class SqliteDb {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const current = Number(this.db.pragma('user_version', { simple: true }));
    SQLITE_MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
      })();
    });
  }

  /** The prepared statement for `sql`, prepared on first use and kept for the life of the store. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one transaction (better-sqlite3's, which nests as savepoints). A throw rolls everything back;
   * a constraint failure is rejected as a typed store error.
   */
  tx<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(fn)());
    } catch (error) {
      return Promise.reject(translateConstraintError(error));
    }
  }

  read<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Bumps the global manifest serial (decision U4); call inside tx. */
  bumpSerial(): number {
    const row = this.statement(`UPDATE counters SET value = value + 1 WHERE name = 'manifest_serial' RETURNING value`).get() as Row;
    return Number(row.value);
  }

  manifestSerial(): number {
    return Number((this.statement(`SELECT value FROM counters WHERE name = 'manifest_serial'`).get() as Row).value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
