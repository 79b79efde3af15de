/** Support requests and their time log on SQLite (SPEC §6). Called inside SqliteStore's transactions and reads. */
import type Database from 'better-sqlite3';
import type { SupportRequestPatch, SupportRequestRecord, SupportRequestStatus, SupportTimeEntryRecord } from './store';

type Row = Record<string, unknown>;

function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

const request = (row: Row): SupportRequestRecord => JSON.parse(String(row.data)) as SupportRequestRecord;

export function insertSupportRequest(db: Database.Database, input: Omit<SupportRequestRecord, 'number'>): SupportRequestRecord {
  const counter = db.prepare(`UPDATE counters SET value = value + 1 WHERE name = 'support_request_number' RETURNING value`).get() as Row;
  const record = compact({ ...input, number: Number(counter.value) }) as SupportRequestRecord;
  db.prepare(`INSERT INTO support_requests (id, number, customer_id, status, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    record.id,
    record.number,
    record.customerId,
    record.status,
    JSON.stringify(record),
    record.createdAt,
  );
  return record;
}

export function getSupportRequest(db: Database.Database, id: string): SupportRequestRecord | undefined {
  const row = db.prepare(`SELECT data FROM support_requests WHERE id = ?`).get(id) as Row | undefined;
  return row ? request(row) : undefined;
}

export function listSupportRequests(db: Database.Database, filter: { customerId?: string; status?: SupportRequestStatus }): SupportRequestRecord[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.customerId !== undefined) {
    where.push('customer_id = ?');
    args.push(filter.customerId);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const sql = `SELECT data FROM support_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY number`;
  return (db.prepare(sql).all(...args) as Row[]).map(request);
}

export function updateSupportRequest(db: Database.Database, id: string, patch: SupportRequestPatch): SupportRequestRecord | undefined {
  const current = getSupportRequest(db, id);
  if (!current) return undefined;
  const next = compact({ ...current, ...patch }) as SupportRequestRecord;
  db.prepare(`UPDATE support_requests SET status = ?, data = ? WHERE id = ?`).run(next.status, JSON.stringify(next), id);
  return next;
}

export function insertSupportTimeEntry(db: Database.Database, entry: SupportTimeEntryRecord): void {
  db.prepare(`INSERT INTO support_time_entries (id, request_id, started_at, minutes, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    entry.id,
    entry.requestId,
    entry.from,
    entry.minutes,
    JSON.stringify(compact(entry)),
    entry.createdAt,
  );
}

export function listSupportTimeEntries(db: Database.Database, requestIds: string[]): SupportTimeEntryRecord[] {
  if (requestIds.length === 0) return [];
  const out: SupportTimeEntryRecord[] = [];
  const select = db.prepare(`SELECT data FROM support_time_entries WHERE request_id = ? ORDER BY started_at, rowid`);
  for (const id of requestIds) for (const row of select.all(id) as Row[]) out.push(JSON.parse(String(row.data)) as SupportTimeEntryRecord);
  return out;
}
