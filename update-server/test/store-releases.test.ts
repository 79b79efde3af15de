/** Store aggregate: platform lines, add-ons, releases and install reports (store/sqlite/ and store/postgres/: releases.ts), on both stores (a real SQLite file, a PostgreSQL database). */
import { ReleaseLineTakenError, StoreConflictError, StoreReferenceError, type InstallRecord } from '../src/store/store';
import { AT, release, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  beforeEach(async () => {
    await t.store().insertAddon({ id: 'docgen', name: 'DocGen', createdAt: AT });
  });

  test('round trip: lines, add-on lines, per-line builds and install reports survive a reopen', async () => {
    const store = t.store();
    expect(await store.upsertPlatformLine({ platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' })).toMatchObject({ created: true });
    expect(await store.upsertPlatformLine({ platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01', mainstreamEndsOn: '2030-01-01' })).toMatchObject({ created: false });
    await store.upsertAddonLine({ addon: 'docgen', platform: 'dynamics365', line: '9.2', status: { status: 'supported' }, updatedAt: AT });
    const a = release('rel_a', ['9.0', '9.1']);
    const b = release('rel_b', ['9.2'], { sha256: 'b'.repeat(64), solution: { uniqueName: 'docgen', packageLine: '9.2', version: '1.5.0.0', managed: true } });
    const serial = await store.insertRelease(a);
    expect(await store.insertRelease(b)).toBe(serial + 1);
    const install: InstallRecord = { id: 'ins_1', installId: '0b5e0c57-8a4e-4a9f-9c43-0f3f2c1d2e3f', customerId: 'cus_1', orgId: 'org-1', addon: 'docgen', fromVersion: '1.0.0.0', toVersion: '1.5.0.0', outcome: 'succeeded', recordedAt: AT };
    expect(await store.recordInstall(install)).toEqual({ kind: 'created', install });
    await store.close();
    const again = await t.reopen();
    expect(await again.listPlatformLines('dynamics365')).toEqual([{ platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01', mainstreamEndsOn: '2030-01-01' }]);
    expect(await again.listAddons()).toEqual([{ id: 'docgen', name: 'DocGen', createdAt: AT }]);
    expect(await again.listAddonLines('docgen')).toEqual([{ addon: 'docgen', platform: 'dynamics365', line: '9.2', status: { status: 'supported' }, updatedAt: AT }]);
    expect(await again.getRelease('rel_b')).toEqual(b);
    expect(await again.findReleases('docgen', 'dynamics365', '1.5.0.0')).toEqual([a, b]);
    expect(await again.listReleases('docgen')).toEqual([a, b]);
    expect(await again.listInstalls('cus_1')).toEqual([install]);
  });

  test('constraints: an add-on twice, a release id twice, a line taken, a release of an unknown add-on', async () => {
    const store = t.store();
    await expect(store.insertAddon({ id: 'docgen', name: 'Again', createdAt: AT })).rejects.toMatchObject({ constraint: 'addon_exists', code: 'addon_exists' });
    await store.insertRelease(release('rel_a', ['9.0']));
    const sameId = store.insertRelease(release('rel_a', ['9.2']));
    await expect(sameId).rejects.toBeInstanceOf(StoreConflictError);
    await expect(sameId).rejects.toMatchObject({ constraint: 'release_exists', code: 'release_exists' });
    const taken = store.insertRelease(release('rel_c', ['9.1', '9.0']));
    await expect(taken).rejects.toBeInstanceOf(ReleaseLineTakenError);
    await expect(taken).rejects.toMatchObject({ constraint: 'release_exists', line: '9.0', releaseId: 'rel_a' });
    await expect(store.insertRelease(release('rel_x', ['9.0'], { addon: 'nope' }))).rejects.toBeInstanceOf(StoreReferenceError);
  });

  test('the per-line key itself (a race with another process) is named release_exists too', async () => {
    // The store checks the lines first, so the key can only fire for a writer outside this store: write around it.
    await t.store().insertRelease(release('rel_a', ['9.0']));
    let raised: unknown;
    try {
      await t.raw(`INSERT INTO release_lines (release_id, addon, platform, version, line) VALUES (?, 'docgen', 'dynamics365', '1.5.0.0', '9.0')`, ['rel_a']);
    } catch (error) {
      raised = error;
    }
    expect(raised).toBeDefined();
    const typed = t.translate(raised);
    expect(typed).toBeInstanceOf(StoreConflictError);
    expect(typed).toMatchObject({ constraint: 'release_exists', code: 'release_exists' });
  });

  test('a refused release leaves nothing behind: no row, no line taken, no serial', async () => {
    const store = t.store();
    await store.insertRelease(release('rel_a', ['9.0']));
    const serial = await store.manifestSerial();
    // Same id for a 9.2 build: the line check passes, the row insert fails; the transaction is undone.
    await expect(store.insertRelease(release('rel_a', ['9.2'], { sha256: 'b'.repeat(64) }))).rejects.toMatchObject({ constraint: 'release_exists' });
    expect(await store.manifestSerial()).toBe(serial);
    expect((await store.listReleases()).map((r) => r.id)).toEqual(['rel_a']);
    // 9.2 was not left taken: a proper build for it goes in.
    await store.insertRelease(release('rel_b', ['9.2'], { sha256: 'b'.repeat(64) }));
    expect((await store.findReleases('docgen', 'dynamics365', '1.5.0.0')).map((r) => r.id)).toEqual(['rel_a', 'rel_b']);
  });
});
