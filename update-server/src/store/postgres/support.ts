/** Support requests and their time log (SPEC §6) on PostgreSQL: ticket numbers from one counter row, in the insert's transaction. */
import type { SupportRequestPatch, SupportRequestRecord, SupportRequestStatus, SupportTimeEntryRecord } from '../store';
import { compact, json, request } from '../rows';
import type { SupportPart } from '../aggregates';
import type { PgDb, Sql } from './db';

export class PgSupport implements SupportPart {
  constructor(private readonly db: PgDb) {}

  private async get(sql: Sql, id: string): Promise<SupportRequestRecord | undefined> {
    const row = await sql.row(`SELECT data FROM support_requests WHERE id = $1`, [id]);
    return row ? request(row) : undefined;
  }

  insertSupportRequest(input: Omit<SupportRequestRecord, 'number'>): Promise<SupportRequestRecord> {
    return this.db.tx(async (sql) => {
      const counter = await sql.row(`UPDATE counters SET value = value + 1 WHERE name = 'support_request_number' RETURNING value`);
      const record = compact({ ...input, number: Number(counter?.value) }) as SupportRequestRecord;
      await sql.run(`INSERT INTO support_requests (id, number, customer_id, status, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        record.id,
        record.number,
        record.customerId,
        record.status,
        JSON.stringify(record),
        record.createdAt,
      ]);
      return record;
    });
  }

  getSupportRequest(id: string): Promise<SupportRequestRecord | undefined> {
    return this.get(this.db.sql, id);
  }

  async findSupportRequestByNumber(number: number): Promise<SupportRequestRecord | undefined> {
    const row = await this.db.sql.row(`SELECT data FROM support_requests WHERE number = $1`, [number]);
    return row ? request(row) : undefined;
  }

  async listSupportRequests(filter: { customerId?: string; status?: SupportRequestStatus } = {}): Promise<SupportRequestRecord[]> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.customerId !== undefined) {
      args.push(filter.customerId);
      where.push(`customer_id = $${args.length}`);
    }
    if (filter.status !== undefined) {
      args.push(filter.status);
      where.push(`status = $${args.length}`);
    }
    const text = `SELECT data FROM support_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY number`;
    return (await this.db.sql.rows(text, args)).map(request);
  }

  updateSupportRequest(id: string, patch: SupportRequestPatch): Promise<SupportRequestRecord | undefined> {
    return this.db.tx(async (sql) => {
      const current = await this.get(sql, id);
      if (!current) return undefined;
      const next = compact({ ...current, ...patch }) as SupportRequestRecord;
      await sql.run(`UPDATE support_requests SET status = $1, data = $2 WHERE id = $3`, [next.status, JSON.stringify(next), id]);
      return next;
    });
  }

  insertSupportTimeEntry(entry: SupportTimeEntryRecord): Promise<void> {
    return this.db.tx(async (sql) => {
      await sql.run(`INSERT INTO support_time_entries (id, request_id, started_at, minutes, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        entry.id,
        entry.requestId,
        entry.from,
        entry.minutes,
        JSON.stringify(compact(entry)),
        entry.createdAt,
      ]);
    });
  }

  async listSupportTimeEntries(requestIds: string[]): Promise<SupportTimeEntryRecord[]> {
    if (requestIds.length === 0) return [];
    // One query; the answer keeps the order of `requestIds`, then start order, as SQLite's one query per id does.
    const rows = await this.db.sql.rows(
      `SELECT e.data FROM support_time_entries e JOIN unnest($1::text[]) WITH ORDINALITY AS r(id, pos) ON e.request_id = r.id COLLATE "C" ORDER BY r.pos, e.started_at, e.seq`,
      [requestIds],
    );
    return rows.map((row) => json<SupportTimeEntryRecord>(row.data));
  }
}
