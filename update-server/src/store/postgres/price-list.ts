/** The vendor's price list (U35) on PostgreSQL; no edition / no feature is '' in the key columns, as in SQLite. */
import { price } from '../rows';
import type { PriceListKey, PriceListRecord } from '../store';
import type { PriceListPart } from '../aggregates';
import type { PgDb } from './db';

const ORDER = `ORDER BY addon, edition, feature, currency`;

export class PgPriceList implements PriceListPart {
  constructor(private readonly db: PgDb) {}

  setPrice(entry: PriceListRecord): Promise<{ created: boolean }> {
    return this.db.tx(async (sql) => {
      const key = [entry.addon, entry.edition ?? '', entry.feature ?? '', entry.listPrice.currency];
      const existing = await sql.row(`SELECT 1 FROM price_list WHERE addon = $1 AND edition = $2 AND feature = $3 AND currency = $4`, key);
      await sql.run(
        `INSERT INTO price_list (addon, edition, feature, currency, amount, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (addon, edition, feature, currency) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [...key, entry.listPrice.amount, entry.updatedAt, entry.updatedBy],
      );
      return { created: !existing };
    });
  }

  async listPrices(addon?: string): Promise<PriceListRecord[]> {
    const rows = addon !== undefined ? await this.db.sql.rows(`SELECT * FROM price_list WHERE addon = $1 ${ORDER}`, [addon]) : await this.db.sql.rows(`SELECT * FROM price_list ${ORDER}`);
    return rows.map(price);
  }

  removePrice(key: PriceListKey): Promise<boolean> {
    return this.db.tx(
      async (sql) =>
        (await sql.run(`DELETE FROM price_list WHERE addon = $1 AND edition = $2 AND feature = $3 AND currency = $4`, [key.addon, key.edition ?? '', key.feature ?? '', key.currency])) > 0,
    );
  }
}
