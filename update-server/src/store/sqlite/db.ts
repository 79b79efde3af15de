/**
 * The one SQLite handle a store shares between its aggregates: pragmas, migrations, the transaction helper
 * (which turns constraint failures into typed store errors), a statement cache (each SQL text is prepared once
 * per store) and the manifest serial counter.
 */
import type { Row } from '../rows';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../migrations';
import { translateConstraintError } from './constraints';

/** Decision U58: the database was written by a newer crm-assurance; it is refused before anything writes to it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(`${file}: this database was written by a newer crm-assurance (schema ${found}); this server knows schema ${known}: upgrade the server, or restore a backup made by this version`);
    this.name = 'NewerSchemaError';
  }
}

/** Decision U58: migration `version` failed; its transaction was rolled back, so the database is still at schema `stays`. */
export class MigrationFailedError extends Error {
  constructor(
    readonly version: number,
    readonly stays: number,
    readonly error: unknown,
  ) {
    super(`migration ${version} failed (${(error as Error).message}); the database stays at schema ${stays}, unchanged: fix the cause (or restore a backup) and start again`);
    this.name = 'MigrationFailedError';
  }
}

/**
 * The schema version of an existing database, read without writing anything (decision U58). A WAL-mode database
 * opened by SQLite, even read-only, gets -wal and -shm files beside it, so when no WAL holds newer pages the version is
 * read from the file header (user_version is bytes 60..63, big-endian). A WAL with frames may hold a newer page 1:
 * then SQLite reads it, read-only (the -wal exists already). Undefined for a new or empty file, or one that is not a
 * SQLite database (SQLite itself then says so).
 */
export function storedSchemaVersion(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return Number(db.pragma('user_version', { simple: true }));
    } finally {
      db.close();
    }
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return undefined;
  } finally {
    closeSync(fd);
  }
  if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return undefined;
  return header.readUInt32BE(60);
}

/**
 * Decision U59: schemas main once numbered differently. From a476972 to e579370 migration 5 was the licence-key
 * re-issue; the price list merged in as 5 and the re-issue became 6. A database of that time says user_version 5
 * but has today's migrations 1-4 and 6, not 5: it is recognised by its columns and given migration 5, then it is at 6.
 */
const RENUMBERED: ReadonlyArray<{ userVersion: number; recognise: (db: Database.Database) => boolean; missing: number[]; becomes: number }> = [
  {
    userVersion: 5,
    recognise: (db) => hasColumn(db, 'licence_keys', 'reissued_at') && !hasTable(db, 'price_list'),
    missing: [5],
    becomes: 6,
  },
];

function hasTable(db: Database.Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) !== undefined;
}

export class SqliteDb {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    // Decision U58: a newer schema is refused before the first pragma that could write (journal_mode = WAL does).
    const stored = storedSchemaVersion(file);
    if (stored !== undefined && stored > SQLITE_MIGRATIONS.length) throw new NewerSchemaError(file, stored, SQLITE_MIGRATIONS.length);
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private migrate(): void {
    let current = Number(this.db.pragma('user_version', { simple: true }));
    // Read again under SQLite: a WAL the header check could not see past may have held a newer version.
    if (current > SQLITE_MIGRATIONS.length) throw new NewerSchemaError(this.db.name, current, SQLITE_MIGRATIONS.length);
    const renumbered = RENUMBERED.find((r) => r.userVersion === current && r.recognise(this.db));
    if (renumbered) {
      this.apply(renumbered.missing, renumbered.becomes, current);
      current = renumbered.becomes;
    }
    SQLITE_MIGRATIONS.forEach((_sql, index) => {
      const version = index + 1;
      if (version > current) this.apply([version], version, version - 1);
    });
  }

  /** Runs migrations `versions` (1-based) and sets user_version to `becomes`, all in one transaction. */
  private apply(versions: number[], becomes: number, from: number): void {
    try {
      this.db.transaction(() => {
        for (const v of versions) this.db.exec(SQLITE_MIGRATIONS[v - 1]!);
        this.db.pragma(`user_version = ${becomes}`);
      })();
    } catch (error) {
      throw new MigrationFailedError(versions[0]!, from, error);
    }
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
