/** Store aggregate: customers, contracts, orders, licence keys and orgs (store/sqlite/ and store/postgres/: customers.ts), on both stores (a real SQLite file, a PostgreSQL database). */
import { StoreConflictError, StoreReferenceError, type OrgRecord } from '../src/store/store';
import { AT, noCredit, order, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  const org = (orgId: string, environment: OrgRecord['environment'], customerId = 'cus_1'): OrgRecord => ({
    orgId,
    customerId,
    orgUrl: `https://${orgId}.crm.example`,
    environment,
    platform: 'dynamics365',
    platformVersion: '9.2.24011.1',
    line: '9.2',
    licenceKeyId: 'key_1',
    activatedAt: AT,
    lastSeenAt: AT,
  });

  beforeEach(async () => {
    await t.store().insertCustomer({ id: 'cus_1', name: 'C', partnerId: 'p1', region: 'EU', plan: 'calendar-year', createdAt: AT });
  });

  test('round trip: a customer, its first order and orgs survive a reopen', async () => {
    const store = t.store();
    await store.insertOrder(order(1, 'hash-a'), noCredit);
    await store.recordCancellation('cus_1', { receivedOn: '2026-09-01', deadline: '2026-09-30', onTime: true, effectiveEnd: '2026-12-31', recordedAt: AT });
    expect(await store.bindOrg(org('org-p', 'production'), 1)).toMatchObject({ kind: 'bound' });
    expect(await store.bindOrg(org('org-s', 'sandbox'), 1)).toMatchObject({ kind: 'bound' });
    // The limits say how many orgs of the environment are allowed.
    expect(await store.bindOrg(org('org-p2', 'production'), 1)).toEqual({ kind: 'limit', environment: 'production', allowed: 1 });
    expect(await store.bindOrg(org('org-s2', 'sandbox'), 1)).toEqual({ kind: 'limit', environment: 'sandbox', allowed: 1 });
    expect(await store.bindOrg(org('org-p', 'production', 'cus_2'), 1)).toEqual({ kind: 'other_customer' });
    await store.touchOrg('org-p', '9.2.25011.1', '9.2', '2026-03-16T00:00:00.000Z');
    await store.close();
    const again = await t.reopen();
    expect(await again.getCustomer('cus_1')).toMatchObject({ id: 'cus_1', partnerId: 'p1', region: 'EU', contractStart: '2026-03-15', cancellation: { effectiveEnd: '2026-12-31' } });
    expect((await again.listCustomers('p1')).map((c) => c.id)).toEqual(['cus_1']);
    expect(await again.listCustomers('p2')).toEqual([]);
    expect(await again.listOrders('cus_1')).toEqual([order(1, 'hash-a').order]);
    expect(await again.listLicences('cus_1')).toEqual(order(1, 'hash-a').licences);
    expect(await again.findLicenceKeyByHash('hash-a')).toEqual(order(1, 'hash-a').licenceKey);
    expect(await again.listLicenceKeys('cus_1')).toEqual([order(1, 'hash-a').licenceKey]);
    expect((await again.getOrg('org-p'))?.platformVersion).toBe('9.2.25011.1');
    expect((await again.listOrgs('cus_1')).map((o) => o.orgId)).toEqual(['org-p', 'org-s']);
    // A started contract keeps its plan.
    expect(await again.setCustomerPlan('cus_1', 'maintenance')).toBe(false);
  });

  test('constraints: a customer id twice, a licence key twice, an order of an unknown customer', async () => {
    const store = t.store();
    const twice = store.insertCustomer({ id: 'cus_1', name: 'Again', createdAt: AT });
    await expect(twice).rejects.toBeInstanceOf(StoreConflictError);
    await expect(twice).rejects.toMatchObject({ constraint: 'customer_exists', code: 'customer_exists' });
    await store.insertOrder(order(1, 'hash-a'), noCredit);
    const sameKey = store.insertOrder(order(2, 'hash-a'), noCredit);
    await expect(sameKey).rejects.toBeInstanceOf(StoreConflictError);
    await expect(sameKey).rejects.toMatchObject({ constraint: 'licence_key', code: 'licence_key_conflict' });
    const { contract: _none, ...orphan } = order(3, 'hash-c', 'cus_9');
    await expect(store.insertOrder(orphan, noCredit)).rejects.toBeInstanceOf(StoreReferenceError);
    // A first order that lost the race for the contract start.
    await expect(store.insertOrder(order(1, 'hash-d'), noCredit)).rejects.toMatchObject({ constraint: 'contract_start', code: 'order_conflict' });
  });

  test('an order refused at its last statement leaves nothing behind: no contract start, order, invoice, licence or serial', async () => {
    const store = t.store();
    await store.insertCustomer({ id: 'cus_2', name: 'D', createdAt: AT });
    await store.insertOrder(order(2, 'hash-a', 'cus_2'), noCredit);
    const serial = await store.manifestSerial();
    // cus_1's first order starts its contract, writes its invoice, order and licence, then its key hash is taken.
    await expect(store.insertOrder(order(1, 'hash-a'), noCredit)).rejects.toMatchObject({ constraint: 'licence_key' });
    expect((await store.getCustomer('cus_1'))?.contractStart).toBeUndefined();
    expect(await store.listOrders('cus_1')).toEqual([]);
    expect(await store.listInvoices('cus_1')).toEqual([]);
    expect(await store.listLicences('cus_1')).toEqual([]);
    expect(await store.listLicenceKeys('cus_1')).toEqual([]);
    expect(await store.manifestSerial()).toBe(serial);
    // The same order with its own key then goes in.
    await store.insertOrder(order(1, 'hash-b'), noCredit);
    expect((await store.getCustomer('cus_1'))?.contractStart).toBe('2026-03-15');
  });
});
