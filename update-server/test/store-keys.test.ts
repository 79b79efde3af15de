/** Store aggregate: API keys and settings (store/sqlite/ and store/postgres/: keys.ts), on both stores (a real SQLite file, a PostgreSQL database). */
import { DEFAULT_SETTINGS, StoreConflictError, StoreInvalidError, type ApiKeyRecord, type VendorSettings } from '../src/store/store';
import { AT, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);
  const key: ApiKeyRecord = { id: 'key_1', name: 'ops', role: 'partner', partnerId: 'p1', keyHash: 'h'.repeat(64), createdAt: AT };
  const settings: VendorSettings = { ...DEFAULT_SETTINGS, vendorId: 'acme', vendorName: 'Acme', corsOrigins: ['https://crm.example'] };

  test('round trip: keys are found by hash, listed, revoked once; settings survive a reopen and bump the serial', async () => {
    const store = t.store();
    expect(await store.getSettings()).toBeUndefined();
    await store.insertApiKey(key);
    expect(await store.findApiKeyByHash(key.keyHash)).toEqual(key);
    expect(await store.listApiKeys()).toEqual([key]);
    expect(await store.revokeApiKey('key_1', '2026-03-16T00:00:00.000Z')).toBe(true);
    expect(await store.revokeApiKey('key_1', '2026-03-17T00:00:00.000Z')).toBe(false);
    expect((await store.findApiKeyByHash(key.keyHash))?.revokedAt).toBe('2026-03-16T00:00:00.000Z');
    const serial = await store.manifestSerial();
    await store.saveSettings(settings);
    expect(await store.manifestSerial()).toBe(serial + 1);
    await store.close();
    expect(await (await t.reopen()).getSettings()).toEqual(settings);
  });

  test('a key whose hash or id exists is a StoreConflictError (constraint api_key); nothing is written', async () => {
    const store = t.store();
    await store.insertApiKey(key);
    const sameHash = store.insertApiKey({ ...key, id: 'key_2', name: 'other' });
    await expect(sameHash).rejects.toBeInstanceOf(StoreConflictError);
    await expect(sameHash).rejects.toMatchObject({ constraint: 'api_key', code: 'api_key_exists' });
    await expect(store.insertApiKey({ ...key, keyHash: 'g'.repeat(64) })).rejects.toMatchObject({ constraint: 'api_key' });
    expect(await store.listApiKeys()).toEqual([key]);
  });

  test('a role the schema refuses is a StoreInvalidError (check) and leaves nothing behind', async () => {
    const store = t.store();
    const bad = { ...key, role: 'root' } as unknown as ApiKeyRecord;
    const attempt = store.insertApiKey(bad);
    await expect(attempt).rejects.toBeInstanceOf(StoreInvalidError);
    await expect(attempt).rejects.toMatchObject({ constraint: 'check' });
    expect(await store.listApiKeys()).toEqual([]);
    expect(await store.findApiKeyByHash(key.keyHash)).toBeUndefined();
  });
});
