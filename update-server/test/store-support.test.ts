/** Store aggregate: support requests and time entries (store/sqlite/ and store/postgres/: support.ts), on both stores (a real SQLite file, a PostgreSQL database). */
import { StoreConflictError, StoreInvalidError, StoreReferenceError, type SupportRequestRecord, type SupportTimeEntryRecord } from '../src/store/store';
import { AT, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  function request(id: string): Omit<SupportRequestRecord, 'number'> {
    return {
      id,
      customerId: 'cus_1',
      orgId: 'org-1',
      addon: 'docgen',
      summary: 'Export fails',
      description: 'The export stops at 50 %',
      environment: { addonVersion: '1.5.0.0', platform: 'dynamics365', platformVersion: '9.2.24011.1', customisationsPresent: false },
      status: 'open',
      createdAt: AT,
    };
  }

  const entry = (id: string, minutes: number, requestId = 'sup_1'): SupportTimeEntryRecord => ({ id, requestId, from: AT, minutes, loggedBy: 'ops', createdAt: AT });

  beforeEach(async () => {
    await t.store().insertCustomer({ id: 'cus_1', name: 'C', createdAt: AT });
  });

  test('round trip: numbered requests, patches, filters and time entries survive a reopen', async () => {
    const store = t.store();
    const first = await store.insertSupportRequest(request('sup_1'));
    const second = await store.insertSupportRequest(request('sup_2'));
    expect([first.number, second.number]).toEqual([1, 2]);
    const closed = await store.updateSupportRequest('sup_2', { status: 'closed', classification: 'base_bug', closedAt: AT });
    expect(closed).toMatchObject({ id: 'sup_2', status: 'closed', classification: 'base_bug' });
    expect(await store.updateSupportRequest('sup_9', { status: 'closed' })).toBeUndefined();
    await store.insertSupportTimeEntry(entry('ste_1', 30));
    await store.insertSupportTimeEntry({ ...entry('ste_2', 15), from: '2026-03-15T09:00:00.000Z' });
    await store.close();
    const again = await t.reopen();
    expect(await again.getSupportRequest('sup_1')).toEqual(first);
    expect((await again.listSupportRequests({ status: 'open' })).map((r) => r.id)).toEqual(['sup_1']);
    expect((await again.listSupportRequests({ customerId: 'cus_1' })).map((r) => r.id)).toEqual(['sup_1', 'sup_2']);
    expect((await again.listSupportTimeEntries(['sup_1'])).map((e) => e.id)).toEqual(['ste_2', 'ste_1']);
    expect(await again.listSupportTimeEntries([])).toEqual([]);
  });

  test('constraints: a request id twice is a conflict, zero minutes a check, an unknown request a reference', async () => {
    const store = t.store();
    await store.insertSupportRequest(request('sup_1'));
    const twice = store.insertSupportRequest(request('sup_1'));
    await expect(twice).rejects.toBeInstanceOf(StoreConflictError);
    await expect(twice).rejects.toMatchObject({ constraint: 'support_request_exists', code: 'support_request_exists' });
    const zero = store.insertSupportTimeEntry(entry('ste_1', 0));
    await expect(zero).rejects.toBeInstanceOf(StoreInvalidError);
    await expect(zero).rejects.toMatchObject({ constraint: 'check' });
    const unknown = store.insertSupportTimeEntry(entry('ste_2', 10, 'sup_9'));
    await expect(unknown).rejects.toBeInstanceOf(StoreReferenceError);
    await expect(unknown).rejects.toMatchObject({ constraint: 'foreign_key' });
    expect(await store.listSupportTimeEntries(['sup_1', 'sup_9'])).toEqual([]);
  });

  test('a refused insert leaves nothing behind: the ticket number it drew is rolled back with it', async () => {
    const store = t.store();
    await store.insertSupportRequest(request('sup_1'));
    // Unknown customer: the counter was bumped, then the insert failed; both are undone.
    await expect(store.insertSupportRequest({ ...request('sup_2'), customerId: 'cus_9' })).rejects.toBeInstanceOf(StoreReferenceError);
    expect(await store.getSupportRequest('sup_2')).toBeUndefined();
    expect((await store.insertSupportRequest(request('sup_3'))).number).toBe(2);
    expect((await store.listSupportRequests()).map((r) => [r.id, r.number])).toEqual([
      ['sup_1', 1],
      ['sup_3', 2],
    ]);
  });
});
