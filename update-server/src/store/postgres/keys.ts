/** API keys and the vendor's settings (decision U5), on PostgreSQL. */
import { json, apiKey } from '../rows';
import { DEFAULT_SETTINGS, type ApiKeyRecord, type VendorSettings } from '../store';
import type { KeysPart } from '../aggregates';
import type { PgDb } from './db';

export class PgKeys implements KeysPart {
  constructor(private readonly db: PgDb) {}

  async getSettings(): Promise<VendorSettings | undefined> {
    const row = await this.db.sql.row(`SELECT value FROM settings WHERE key = 'vendor'`);
    // Settings added in later versions take their defaults in stores made before them.
    return row ? { ...DEFAULT_SETTINGS, ...json<VendorSettings>(row.value) } : undefined;
  }

  saveSettings(settings: VendorSettings): Promise<void> {
    return this.db.tx(async (sql) => {
      await sql.run(`INSERT INTO settings (key, value) VALUES ('vendor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(settings)]);
      await this.db.bumpSerial(sql);
    });
  }

  insertApiKey(key: ApiKeyRecord): Promise<void> {
    return this.db.tx(async (sql) => {
      await sql.run(`INSERT INTO api_keys (id, name, role, partner_id, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        key.id,
        key.name,
        key.role,
        key.partnerId ?? null,
        key.keyHash,
        key.createdAt,
      ]);
    });
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.sql.row(`SELECT * FROM api_keys WHERE key_hash = $1`, [keyHash]);
    return row ? apiKey(row) : undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM api_keys ORDER BY created_at, id`)).map(apiKey);
  }

  revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.tx(async (sql) => (await sql.run(`UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [at, id])) > 0);
  }
}
