/** Store aggregate: the vendor's price list (store/sqlite/ and store/postgres/: price-list.ts, migration 5, U35), on both stores (a real SQLite file, a PostgreSQL database). */
import { StoreInvalidError, StoreReferenceError, type PriceListRecord } from '../src/store/store';
import { AT, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  beforeEach(async () => {
    await t.store().insertAddon({ id: 'docgen', name: 'DocGen', createdAt: AT });
  });

  const entry = (amount: number, over: Partial<PriceListRecord> = {}): PriceListRecord => ({
    addon: 'docgen',
    listPrice: { amount, currency: 'EUR' },
    updatedAt: AT,
    updatedBy: 'akey_admin',
    ...over,
  });

  test('set, replace, list and remove by add-on, edition, feature and currency; survives a reopen', async () => {
    const store = t.store();
    expect(await store.setPrice(entry(400_000))).toEqual({ created: true });
    expect(await store.setPrice(entry(450_000))).toEqual({ created: false });
    expect(await store.setPrice(entry(900_000, { edition: 'enterprise' }))).toEqual({ created: true });
    expect(await store.setPrice(entry(100_000, { feature: 'esign' }))).toEqual({ created: true });
    expect(await store.setPrice(entry(4_000_000, { listPrice: { amount: 4_000_000, currency: 'SEK' } }))).toEqual({ created: true });
    await store.close();
    const again = await t.reopen();
    expect(await again.listPrices('docgen')).toEqual([
      entry(450_000),
      entry(4_000_000, { listPrice: { amount: 4_000_000, currency: 'SEK' } }),
      entry(100_000, { feature: 'esign' }),
      entry(900_000, { edition: 'enterprise' }),
    ]);
    expect(await again.listPrices('mailsync')).toEqual([]);
    expect(await again.removePrice({ addon: 'docgen', edition: 'enterprise', currency: 'SEK' })).toBe(false);
    expect(await again.removePrice({ addon: 'docgen', edition: 'enterprise', currency: 'EUR' })).toBe(true);
    expect((await again.listPrices()).map((p) => p.edition ?? p.feature ?? '-')).toEqual(['-', '-', 'esign']);
  });

  test('an unknown add-on or a negative amount is refused by the database, and nothing is written', async () => {
    const store = t.store();
    await expect(store.setPrice(entry(1, { addon: 'nosuch' }))).rejects.toBeInstanceOf(StoreReferenceError);
    await expect(store.setPrice(entry(-1))).rejects.toBeInstanceOf(StoreInvalidError);
    expect(await store.listPrices()).toEqual([]);
  });
});
