/** Support requests and their time log (SPEC §6): the store numbers tickets inside the insert's transaction. */
import type { SupportRequestPatch, SupportRequestRecord, SupportRequestStatus, SupportTimeEntryRecord } from '../store';
import type { SqliteDb } from './db';
import { compact, json, request, type Row } from '../rows';
import type { SupportPart } from '../aggregates';

export class SqliteSupport implements SupportPart {
  constructor(private readonly db: SqliteDb) {}

  private get(id: string): SupportRequestRecord | undefined {
    const row = this.db.statement(`SELECT data FROM support_requests WHERE id = ?`).get(id) as Row | undefined;
    return row ? request(row) : undefined;
  }

  insertSupportRequest(input: Omit<SupportRequestRecord, 'number'>): Promise<SupportRequestRecord> {
    return this.db.tx(() => {
      const counter = this.db.statement(`UPDATE counters SET value = value + 1 WHERE name = 'support_request_number' RETURNING value`).get() as Row;
      const record = compact({ ...input, number: Number(counter.value) }) as SupportRequestRecord;
      this.db
        .statement(`INSERT INTO support_requests (id, number, customer_id, status, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(record.id, record.number, record.customerId, record.status, JSON.stringify(record), record.createdAt);
      return record;
    });
  }

  getSupportRequest(id: string): Promise<SupportRequestRecord | undefined> {
    return this.db.read(() => this.get(id));
  }

  findSupportRequestByNumber(number: number): Promise<SupportRequestRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT data FROM support_requests WHERE number = ?`).get(number) as Row | undefined;
      return row ? request(row) : undefined;
    });
  }

  listSupportRequests(filter: { customerId?: string; status?: SupportRequestStatus } = {}): Promise<SupportRequestRecord[]> {
    return this.db.read(() => {
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
      // Four texts at most, each prepared once.
      const sql = `SELECT data FROM support_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY number`;
      return (this.db.statement(sql).all(...args) as Row[]).map(request);
    });
  }

  updateSupportRequest(id: string, patch: SupportRequestPatch): Promise<SupportRequestRecord | undefined> {
    return this.db.tx(() => {
      const current = this.get(id);
      if (!current) return undefined;
      const next = compact({ ...current, ...patch }) as SupportRequestRecord;
      this.db.statement(`UPDATE support_requests SET status = ?, data = ? WHERE id = ?`).run(next.status, JSON.stringify(next), id);
      return next;
    });
  }

  insertSupportTimeEntry(entry: SupportTimeEntryRecord): Promise<void> {
    return this.db.tx(() => {
      this.db
        .statement(`INSERT INTO support_time_entries (id, request_id, started_at, minutes, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(entry.id, entry.requestId, entry.from, entry.minutes, JSON.stringify(compact(entry)), entry.createdAt);
    });
  }

  listSupportTimeEntries(requestIds: string[]): Promise<SupportTimeEntryRecord[]> {
    return this.db.read(() => {
      const select = this.db.statement(`SELECT data FROM support_time_entries WHERE request_id = ? ORDER BY started_at, rowid`);
      return requestIds.flatMap((id) => (select.all(id) as Row[]).map((row) => json<SupportTimeEntryRecord>(row.data)));
    });
  }
}
