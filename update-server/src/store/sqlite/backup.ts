/**
 * The SQLite side of backups (issue #16, decision U52): a consistent snapshot of a store that a server may be
 * writing to at that moment, taken through SQLite's online backup API on a connection of its own (never a file
 * copy, which could catch a page half-written or miss the WAL), and the facts a backup or a restore reads from a
 * snapshot file. These connections never run migrations: a snapshot is taken and checked as it is.
 */
import type { Row } from '../rows';
import Database from 'better-sqlite3';

export interface SnapshotFacts {
  /** PRAGMA user_version: the number of migrations applied. */
  schemaVersion: number;
  /** The vendor id of the stored settings (undefined if the store has none). */
  vendorId: string | undefined;
  /** Every artifact a release row points at. */
  artifacts: Array<{ sha256: string; size: number; release: string }>;
}

/**
 * Copies the store at `source` into the new file `target`. The first step copies 100 pages; then the rest goes in
 * one step, under one read transaction, so the copy is one instant of the store even while a server commits (in
 * WAL mode readers never block its writes). If a write lands between the two steps SQLite starts the copy over
 * itself, and the second run is a single step.
 */
export async function snapshotSqlite(source: string, target: string): Promise<SnapshotFacts> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: (info) => Math.max(info.remainingPages, 100) });
  } finally {
    db.close();
  }
  // The copy keeps the source's WAL flag; a rollback-journal file is one self-contained file (the server turns WAL
  // back on when it opens it), and reading it leaves no -wal/-shm files behind.
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return snapshotFacts(target);
}

/** Reads a snapshot file (read-only); throws if it is not a sound SQLite store. */
export function snapshotFacts(file: string): SnapshotFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the store snapshot fails SQLite's quick_check: ${String(check)}`);
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Row[]).map((r) => String(r.name)));
    const settingsRow = tables.has('settings') ? (db.prepare(`SELECT value FROM settings WHERE key = 'vendor'`).get() as Row | undefined) : undefined;
    const vendorId = settingsRow ? (JSON.parse(String(settingsRow.value)) as { vendorId?: string }).vendorId : undefined;
    const artifacts = tables.has('releases')
      ? (db.prepare(`SELECT id, sha256, size FROM releases ORDER BY sha256, id`).all() as Row[]).map((r) => ({ sha256: String(r.sha256), size: Number(r.size), release: String(r.id) }))
      : [];
    return { schemaVersion, vendorId, artifacts };
  } finally {
    db.close();
  }
}
