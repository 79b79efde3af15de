/**
 * The vendor's price list (U35): the price of one licence per add-on, edition, feature and currency (migration 5).
 * No edition / no feature is the empty string in the key columns, unset in the record.
 */
import type { PriceListKey, PriceListRecord } from '../store';
import type { SqliteDb } from './db';
import { price, type Row } from '../rows';
import type { PriceListPart } from '../aggregates';

const ORDER = `ORDER BY addon, edition, feature, currency`;

export class SqlitePriceList implements PriceListPart {
  constructor(private readonly db: SqliteDb) {}

  setPrice(entry: PriceListRecord): Promise<{ created: boolean }> {
    return this.db.tx(() => {
      const key = [entry.addon, entry.edition ?? '', entry.feature ?? '', entry.listPrice.currency];
      const existing = this.db.statement(`SELECT 1 FROM price_list WHERE addon = ? AND edition = ? AND feature = ? AND currency = ?`).get(...key);
      this.db
        .statement(
          `INSERT INTO price_list (addon, edition, feature, currency, amount, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(addon, edition, feature, currency) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(...key, entry.listPrice.amount, entry.updatedAt, entry.updatedBy);
      return { created: !existing };
    });
  }

  listPrices(addon?: string): Promise<PriceListRecord[]> {
    return this.db.read(() =>
      (
        (addon !== undefined
          ? this.db.statement(`SELECT * FROM price_list WHERE addon = ? ${ORDER}`).all(addon)
          : this.db.statement(`SELECT * FROM price_list ${ORDER}`).all()) as Row[]
      ).map(price),
    );
  }

  removePrice(key: PriceListKey): Promise<boolean> {
    return this.db.tx(
      () =>
        this.db.statement(`DELETE FROM price_list WHERE addon = ? AND edition = ? AND feature = ? AND currency = ?`).run(key.addon, key.edition ?? '', key.feature ?? '', key.currency).changes > 0,
    );
  }
}
