/**
 * Store aggregate: the fleet report's records (store/sqlite/fleet.ts and store/postgres/fleet.ts, issue #14 item 4,
 * decisions U71 and U72), on both stores: update checks written once a minute unless what they say changed, and one
 * snapshot of every org with its last check and last install, scoped to a partner or a customer.
 */
import { StoreReferenceError, type InstallRecord, type OrgRecord, type UpdateCheckRecord } from '../src/store/store';
import { AT, noCredit, order, tempStore, STORE_KINDS } from './store-fixtures';

describe.each(STORE_KINDS)('%s store', (kind) => {
  const t = tempStore(kind);

  const org = (orgId: string, customerId: string, environment: OrgRecord['environment'] = 'production'): OrgRecord => ({
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
  const check = (orgId: string, customerId: string, extra: Partial<UpdateCheckRecord> = {}): UpdateCheckRecord => ({
    orgId,
    customerId,
    addon: 'docgen',
    installedVersion: '1.0.0.0',
    platformVersion: '9.2.24011.1',
    line: '9.2',
    checkedAt: AT,
    ...extra,
  });
  const install = (id: string, orgId: string, customerId: string, recordedAt: string, extra: Partial<InstallRecord> = {}): InstallRecord => ({
    id,
    customerId,
    orgId,
    addon: 'docgen',
    fromVersion: '1.0.0.0',
    toVersion: '1.1.0.0',
    outcome: 'succeeded',
    recordedAt,
    ...extra,
  });

  beforeEach(async () => {
    const store = t.store();
    await store.insertAddon({ id: 'docgen', name: 'DocGen', createdAt: AT });
    await store.insertAddon({ id: 'sync', name: 'Sync', createdAt: AT });
    // Names sort before ids: "Beta" (cus_1) comes after "Alpha" (cus_2).
    await store.insertCustomer({ id: 'cus_1', name: 'Beta', partnerId: 'p1', createdAt: AT });
    await store.insertCustomer({ id: 'cus_2', name: 'Alpha', partnerId: 'p2', createdAt: AT });
    await store.insertCustomer({ id: 'cus_3', name: 'Gamma', createdAt: AT });
    await store.insertOrder(order(1, 'hash-1', 'cus_1'), noCredit);
    await store.insertOrder({ ...order(1, 'hash-2', 'cus_2'), order: { ...order(1, 'hash-2', 'cus_2').order, id: 'ord_2', licenceKeyId: 'key_2', invoiceId: 'inv_2' }, licences: [{ ...order(1, 'hash-2', 'cus_2').licences[0]!, id: 'lic_2', orderId: 'ord_2' }], licenceKey: { ...order(1, 'hash-2', 'cus_2').licenceKey, id: 'key_2', orderId: 'ord_2' }, invoices: [{ ...order(1, 'hash-2', 'cus_2').invoices[0]!, id: 'inv_2', orderId: 'ord_2' }] }, noCredit);
    await store.recordPayment({ id: 'pay_1', invoiceId: 'inv_1', amount: { amount: 1000, currency: 'EUR' }, paidAt: AT, reference: 'ref-1', createdAt: AT });
    await store.bindOrg(org('org-b', 'cus_1'), 2);
    await store.bindOrg(org('org-b-sandbox', 'cus_1', 'sandbox'), 2);
    await store.bindOrg(org('org-a', 'cus_2'), 2);
  });

  test('a snapshot: every org once per add-on, with its last check and last install, and its customer’s account', async () => {
    const store = t.store();
    await store.recordUpdateCheck(check('org-b', 'cus_1', { region: 'EU', language: 'de' }));
    await store.recordUpdateCheck(check('org-b', 'cus_1', { addon: 'sync', installedVersion: '2.0' }));
    await store.recordInstall(install('ins_1', 'org-b', 'cus_1', '2026-03-15T09:00:00.000Z'));
    await store.recordInstall(install('ins_2', 'org-b', 'cus_1', '2026-03-15T11:00:00.000Z', { outcome: 'failed', error: 'import failed' }));
    await store.recordInstall(install('ins_3', 'org-b', 'cus_1', '2026-03-15T10:00:00.000Z'));
    // An install without a check (a database from before migration 7) is an entry too.
    await store.recordInstall(install('ins_4', 'org-a', 'cus_2', AT, { addon: 'sync' }));
    const snapshot = await store.fleet({});
    expect(snapshot.entries.map((e) => [e.customer.name, e.org.orgId, e.addon ?? null])).toEqual([
      ['Alpha', 'org-a', 'sync'],
      ['Beta', 'org-b', 'docgen'],
      ['Beta', 'org-b', 'sync'],
      ['Beta', 'org-b-sandbox', null],
    ]);
    const [alpha, docgen, sync, sandbox] = snapshot.entries;
    expect(alpha).toMatchObject({ customer: { id: 'cus_2', partnerId: 'p2', contractStart: '2026-03-15' }, lastInstall: { id: 'ins_4' } });
    expect(alpha!.check).toBeUndefined();
    expect(docgen!.check).toEqual(check('org-b', 'cus_1', { region: 'EU', language: 'de' }));
    expect(docgen!.lastInstall).toEqual(install('ins_2', 'org-b', 'cus_1', '2026-03-15T11:00:00.000Z', { outcome: 'failed', error: 'import failed' }));
    expect(sync!.check).toEqual(check('org-b', 'cus_1', { addon: 'sync', installedVersion: '2.0' }));
    expect(sync!.lastInstall).toBeUndefined();
    expect(sandbox).toEqual({ customer: await store.getCustomer('cus_1'), org: await store.getOrg('org-b-sandbox') });
    expect(docgen!.org).toEqual(await store.getOrg('org-b'));
    // The accounts are what the per-customer lists say; cus_3 has no org, so no account.
    expect([...snapshot.accounts!.keys()].sort()).toEqual(['cus_1', 'cus_2']);
    for (const id of ['cus_1', 'cus_2']) {
      expect(snapshot.accounts!.get(id)).toEqual({ licences: await store.listLicences(id), invoices: await store.listInvoices(id), payments: await store.listPayments(id) });
    }
    expect(snapshot.accounts!.get('cus_1')!.payments).toHaveLength(1);
  });

  test('scope: a partner sees its own customers only, a customer id only that customer', async () => {
    const store = t.store();
    await store.recordUpdateCheck(check('org-b', 'cus_1'));
    await store.recordUpdateCheck(check('org-a', 'cus_2'));
    const p1 = await store.fleet({ partnerId: 'p1' });
    expect(new Set(p1.entries.map((e) => e.customer.id))).toEqual(new Set(['cus_1']));
    expect([...p1.accounts!.keys()]).toEqual(['cus_1']);
    // Entries only, when the caller keeps the accounts (U74).
    expect(await store.fleet({ partnerId: 'p1' }, { accounts: false })).toEqual({ entries: p1.entries });
    expect((await store.fleet({ customerId: 'cus_2' })).entries.map((e) => e.org.orgId)).toEqual(['org-a']);
    expect((await store.fleet({ partnerId: 'p1', customerId: 'cus_2' })).entries).toEqual([]);
    expect(await store.fleet({ partnerId: 'nobody' })).toEqual({ entries: [], accounts: new Map() });
  });

  test('a check is written again when what it says changed, or once a minute, not on every check', async () => {
    const store = t.store();
    const checkedAt = async (): Promise<string | undefined> => (await store.fleet({})).entries.find((e) => e.org.orgId === 'org-b')?.check?.checkedAt;
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T10:00:00.000Z' }));
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T10:00:30.000Z' }));
    expect(await checkedAt()).toBe('2026-03-15T10:00:00.000Z');
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T10:00:40.000Z', installedVersion: '1.1.0.0' }));
    expect((await store.fleet({})).entries.find((e) => e.org.orgId === 'org-b')?.check).toMatchObject({ installedVersion: '1.1.0.0', checkedAt: '2026-03-15T10:00:40.000Z' });
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T10:00:50.000Z', installedVersion: '1.1.0.0', region: 'EU' }));
    expect(await checkedAt()).toBe('2026-03-15T10:00:50.000Z');
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T10:01:50.000Z', installedVersion: '1.1.0.0', region: 'EU' }));
    expect(await checkedAt()).toBe('2026-03-15T10:01:50.000Z');
    // A clock set back more than a minute is believed too.
    await store.recordUpdateCheck(check('org-b', 'cus_1', { checkedAt: '2026-03-15T09:00:00.000Z', installedVersion: '1.1.0.0', region: 'EU' }));
    expect(await checkedAt()).toBe('2026-03-15T09:00:00.000Z');
    await store.close();
    expect((await (await t.reopen()).fleet({})).entries.find((e) => e.org.orgId === 'org-b')?.check?.checkedAt).toBe('2026-03-15T09:00:00.000Z');
  });

  test('a check of an unknown org or add-on is refused and writes nothing', async () => {
    const store = t.store();
    await expect(store.recordUpdateCheck(check('org-nobody', 'cus_1'))).rejects.toBeInstanceOf(StoreReferenceError);
    await expect(store.recordUpdateCheck(check('org-b', 'cus_1', { addon: 'nothing' }))).rejects.toBeInstanceOf(StoreReferenceError);
    expect((await store.fleet({})).entries.every((e) => e.check === undefined)).toBe(true);
  });

  test('install outcomes per UTC day and outcome, in [from, to), scoped to a partner, a customer, an add-on (U90)', async () => {
    const store = t.store();
    await store.recordInstall(install('ins_1', 'org-b', 'cus_1', '2026-03-14T23:59:59.999Z'));
    await store.recordInstall(install('ins_2', 'org-b', 'cus_1', '2026-03-15T00:00:00.000Z'));
    await store.recordInstall(install('ins_3', 'org-b', 'cus_1', '2026-03-15T11:00:00.000Z', { outcome: 'failed', error: 'x' }));
    await store.recordInstall(install('ins_4', 'org-a', 'cus_2', '2026-03-15T12:00:00.000Z', { addon: 'sync' }));
    await store.recordInstall(install('ins_5', 'org-a', 'cus_2', '2026-03-16T12:00:00.000Z', { outcome: 'rolled_back' }));
    await store.recordInstall(install('ins_6', 'org-b', 'cus_1', '2026-03-17T00:00:00.000Z'));
    const range = { from: '2026-03-15T00:00:00.000Z', to: '2026-03-17T00:00:00.000Z' };
    expect(await store.installOutcomes(range)).toEqual([
      { day: '2026-03-15', outcome: 'failed', count: 1 },
      { day: '2026-03-15', outcome: 'succeeded', count: 2 },
      { day: '2026-03-16', outcome: 'rolled_back', count: 1 },
    ]);
    expect(await store.installOutcomes({ ...range, partnerId: 'p2' })).toEqual([
      { day: '2026-03-15', outcome: 'succeeded', count: 1 },
      { day: '2026-03-16', outcome: 'rolled_back', count: 1 },
    ]);
    expect(await store.installOutcomes({ ...range, customerId: 'cus_1', addon: 'docgen' })).toEqual([
      { day: '2026-03-15', outcome: 'failed', count: 1 },
      { day: '2026-03-15', outcome: 'succeeded', count: 1 },
    ]);
    expect(await store.installOutcomes({ ...range, addon: 'sync' })).toEqual([{ day: '2026-03-15', outcome: 'succeeded', count: 1 }]);
    expect(await store.installOutcomes({ ...range, partnerId: 'nobody' })).toEqual([]);
    // The platform is the org's (an install report carries none).
    await store.bindOrg({ ...org('org-odoo', 'cus_3'), platform: 'odoo', platformVersion: '17.0', line: '17.0' }, 2);
    await store.recordInstall(install('ins_7', 'org-odoo', 'cus_3', '2026-03-16T08:00:00.000Z'));
    expect(await store.installOutcomes({ ...range, platform: 'odoo' })).toEqual([{ day: '2026-03-16', outcome: 'succeeded', count: 1 }]);
    expect((await store.installOutcomes({ ...range, platform: 'dynamics365' })).reduce((n, c) => n + c.count, 0)).toBe(4);
  });
});
