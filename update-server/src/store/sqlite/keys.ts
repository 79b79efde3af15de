/** API keys and the vendor's settings (decision U5). */
import { DEFAULT_SETTINGS, type ApiKeyRecord, type VendorSettings } from '../store';
import type { SqliteDb } from './db';
import { json, apiKey, type Row } from '../rows';
import type { KeysPart } from '../aggregates';

export class SqliteKeys implements KeysPart {
  constructor(private readonly db: SqliteDb) {}

  getSettings(): Promise<VendorSettings | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT value FROM settings WHERE key = 'vendor'`).get() as Row | undefined;
      // Settings added in later versions take their defaults in data directories made before them.
      return row ? { ...DEFAULT_SETTINGS, ...json<VendorSettings>(row.value) } : undefined;
    });
  }

  saveSettings(settings: VendorSettings): Promise<void> {
    return this.db.tx(() => {
      this.db
        .statement(`INSERT INTO settings (key, value) VALUES ('vendor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
        .run(JSON.stringify(settings));
      this.db.bumpSerial();
    });
  }

  insertApiKey(key: ApiKeyRecord): Promise<void> {
    return this.db.tx(() => {
      this.db
        .statement(`INSERT INTO api_keys (id, name, role, partner_id, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(key.id, key.name, key.role, key.partnerId ?? null, key.keyHash, key.createdAt);
    });
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT * FROM api_keys WHERE key_hash = ?`).get(keyHash) as Row | undefined;
      return row ? apiKey(row) : undefined;
    });
  }

  listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.db.read(() => (this.db.statement(`SELECT * FROM api_keys ORDER BY created_at, id`).all() as Row[]).map(apiKey));
  }

  revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.tx(() => this.db.statement(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(at, id).changes > 0);
  }
}
