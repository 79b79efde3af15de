/**
 * Decision U77: the store keeps each add-on's parsed release listing by manifest serial, on both stores. A listing is
 * reused while the serial stands, and read again as soon as a release is written, here or by another instance.
 */
import { AT, release, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store: the release listing kept by manifest serial', (kind) => {
  const t = tempStore(kind);

  beforeEach(async () => {
    await t.store().insertAddon({ id: 'docgen', name: 'DocGen', createdAt: AT });
    await t.store().insertAddon({ id: 'mailsync', name: 'MailSync', createdAt: AT });
  });

  test('the same parsed records while the serial stands; frozen, and the list is the caller\'s own', async () => {
    const store = t.store();
    await store.insertRelease(release('rel_a', ['9.1', '9.2']));
    const first = await store.listReleases('docgen');
    const second = await store.listReleases('docgen');
    expect(second).toEqual([release('rel_a', ['9.1', '9.2'])]);
    // Parsed once: the same record objects, not a new parse of the row.
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(second[0])).toBe(true);
    expect(Object.isFrozen(second[0]!.lines)).toBe(true);
    // The array is a copy: a caller that sorts or empties its list changes nobody else's.
    first.length = 0;
    expect(await store.listReleases('docgen')).toHaveLength(1);
  });

  test('a release written here, or by another instance on the same database, is listed at once', async () => {
    const store = t.store();
    await store.insertRelease(release('rel_a', ['9.2']));
    expect((await store.listReleases('docgen')).map((r) => r.id)).toEqual(['rel_a']);
    expect((await store.listReleases()).map((r) => r.id)).toEqual(['rel_a']);
    await store.insertRelease(release('rel_b', ['9.2'], { version: '1.6.0.0', sha256: 'b'.repeat(64), publishedAt: '2026-03-16T10:00:00.000Z' }));
    expect((await store.listReleases('docgen')).map((r) => r.id)).toEqual(['rel_a', 'rel_b']);
    const other = await t.reopen();
    await other.insertRelease(release('rel_c', ['9.2'], { version: '1.7.0.0', sha256: 'c'.repeat(64), publishedAt: '2026-03-17T10:00:00.000Z' }));
    expect((await store.listReleases('docgen')).map((r) => r.id)).toEqual(['rel_a', 'rel_b', 'rel_c']);
    expect((await store.listReleases()).map((r) => r.id)).toEqual(['rel_a', 'rel_b', 'rel_c']);
    expect(await store.listReleases('mailsync')).toEqual([]);
  });
});
