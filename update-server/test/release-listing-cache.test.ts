/**
 * Decision U77: the store keeps each add-on's parsed release listing by manifest serial, on both stores. A listing is
 * reused while the serial stands, and read again as soon as a release is written, here or by another instance.
 */
import { DEFAULT_SETTINGS } from '../src/store/store';
import { AT, invoice, noCredit, order, release, tempStore, STORE_KINDS } from './store-fixtures';

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

/**
 * Decision U77: cached update-check and entitlement answers are keyed by the manifest serial, so every write that
 * changes what a customer's add-on is told must move it, on both stores, whichever instance writes.
 */
describe.each(STORE_KINDS)('%s store: the writes that change an add-on\'s answer move the manifest serial', (kind) => {
  const t = tempStore(kind);

  beforeEach(async () => {
    const store = t.store();
    await store.insertAddon({ id: 'docgen', name: 'DocGen', createdAt: AT });
    await store.insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
  });

  const moves = async (what: () => Promise<unknown>): Promise<void> => {
    const before = await t.store().manifestSerial();
    await what();
    expect(await t.store().manifestSerial()).toBeGreaterThan(before);
  };

  test('order, payment, renewal, maintenance upgrade, cancellation, termination, release, lines, settings', async () => {
    const store = t.store();
    await moves(() => store.insertOrder(order(1, 'hash-a'), noCredit));
    await moves(() => store.recordPayment({ id: 'pay_1', invoiceId: 'inv_1', amount: { amount: 400, currency: 'EUR' }, paidAt: AT, reference: 'bank-1', createdAt: AT }));
    await moves(() => store.insertRenewalInvoices([invoice('inv_r', 'cus_1', { kind: 'renewal', issuedOn: '2027-01-01', periodStart: '2027-01-01', periodEnd: '2027-12-31' })], noCredit));
    // An upgrade fee is an open invoice the entitlement lists (SPEC §7): it must move the serial too.
    await moves(() =>
      store.insertMaintenanceUpgrade(
        { id: 'upg_1', customerId: 'cus_1', requestedOn: '2026-06-01', period: { start: '2026-03-15', end: '2027-03-14' }, invoiceId: 'inv_u1', createdAt: AT },
        invoice('inv_u1', 'cus_1', { kind: 'upgrade-fee' }),
        noCredit,
      ),
    );
    await moves(() => store.recordCancellation('cus_1', { receivedOn: '2026-09-01', deadline: '2026-09-30', onTime: true, effectiveEnd: '2026-12-31', recordedAt: AT }));
    await moves(() => store.recordTermination('cus_1', AT, 'breach'));
    await moves(() => store.insertRelease(release('rel_a', ['9.2'])));
    await moves(() => store.upsertPlatformLine({ platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' }));
    await moves(() => store.upsertAddonLine({ addon: 'docgen', platform: 'dynamics365', line: '9.2', status: { status: 'supported' }, updatedAt: AT }));
    await moves(() => store.saveSettings({ ...DEFAULT_SETTINGS, vendorId: 'acme', vendorName: 'Acme' }));
  });
});
