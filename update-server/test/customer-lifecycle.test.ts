/**
 * The whole life of a customer through HTTP on a real server: order, unpaid, paid, renewal, lapse, releases
 * published during the paid term kept after the lapse, and a termination cutting a live download link.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyEntitlement, verifyLicence, verifyManifest } from '@crm-assurance/license-core';
import { activate, checkUpdates, customerWithOrder, publish, reasonOf, seedCatalogue, setPrice, startHarness, versions, V92, type Harness } from './harness';

let h: Harness;
let rootCertPem: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  rootCertPem = readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8');
  await seedCatalogue(h);
});
afterAll(async () => h.close());

test('order → unpaid → paid → renewal → lapse → termination', async () => {
  const r1 = await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-01-10T08:00:00Z' });
  expect(r1.status).toBe(201);

  // Order on 2026-03-15: SPEC §2 example, 10,000.00 EUR of licences → 1,440.00 + 1,800.00.
  const { customerId, licenceKey, invoice } = await customerWithOrder(h, '2026-03-15', 1_000_000);
  expect(invoice).toMatchObject({ kind: 'first', periodStart: '2026-03-15', periodEnd: '2027-12-31', total: { amount: 324_000, currency: 'EUR' }, status: 'open' });
  expect(licenceKey).toMatch(/^CRMA(-[0-9A-Z]{5}){4}$/);

  // Activation: signed licence and entitlement, verifiable with the pinned root.
  const act = await activate(h, licenceKey, 'org-contoso');
  expect(act.status).toBe(201);
  const now = () => h.clock.now();
  const licence = verifyLicence(act.body.licence, { rootCertPem, orgId: 'org-contoso', now: now() });
  expect(licence).toMatchObject({ iss: 'northwind', sub: expect.any(String), customer: { id: customerId }, addons: [{ addon: 'docgen', quantity: 1 }] });
  let ent = verifyEntitlement(act.body.entitlement, { rootCertPem, orgId: 'org-contoso', now: now() });
  expect(ent).toMatchObject({ status: 'unpaid', plan: 'calendar-year', coverage: [], line: '9.2', lineStatus: { status: 'supported' } });
  expect(() => verifyEntitlement(act.body.entitlement, { rootCertPem, orgId: 'another-org', now: now() })).toThrow();

  // Unpaid: the release before the order comes with the purchase; one published after is withheld (not_paid).
  h.clock.set('2026-04-01T09:00:00Z');
  const r2 = await publish(h, 'docgen', { version: '1.1.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] });
  expect(r2.status).toBe(201);
  let check = await checkUpdates(h, licenceKey, 'org-contoso', '0.9.0.0');
  expect(check.status).toBe(200);
  expect(versions(check.body.updates)).toEqual(['1.0.0.0']);
  expect(reasonOf(check, '1.1.0.0')).toBe('not_paid');
  expect(check.body.withheld[0].message).toMatch(/Pay the open invoice/);

  // Paid.
  h.clock.set('2026-04-02T12:00:00Z');
  const pay = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: 324_000, paidAt: '2026-04-02T11:00:00Z', reference: 'BANK-1' });
  expect(pay.status).toBe(201);
  expect(pay.body.invoice.status).toBe('paid');
  check = await checkUpdates(h, licenceKey, 'org-contoso', '1.0.0.0');
  expect(versions(check.body.updates)).toEqual(['1.1.0.0']);
  const manifest = verifyManifest(check.body.manifest, { rootCertPem, orgId: 'org-contoso', now: now() });
  expect(manifest.releases.map((r) => r.id)).toEqual([r2.body.id]);
  expect(manifest.releases[0].sha256).toBe(r2.body.sha256);
  expect(manifest.serial).toBe(check.body.serial);
  const liveLink: string = check.body.updates[0].downloadUrl;
  const ok = await fetch(liveLink);
  expect(ok.status).toBe(200);
  expect(createHash('sha256').update(Buffer.from(await ok.arrayBuffer())).digest('hex')).toBe(r2.body.sha256);

  const ent2 = await h.call('POST', '/v1/entitlement', { licenceKey, orgId: 'org-contoso', platformVersion: V92 }, null);
  ent = verifyEntitlement(ent2.body.entitlement, { rootCertPem, orgId: 'org-contoso', now: now() });
  expect(ent).toMatchObject({ status: 'active', coverage: [{ from: '2026-03-15', to: '2027-12-31' }], paidThrough: '2027-12-31', nextInvoiceOn: '2028-01-01', cancellationDeadline: '2027-09-30' });

  // Renewal: issued on 1 January 2028 (idempotent run), unpaid within its term.
  h.clock.set('2028-01-01T08:00:00Z');
  const run = await h.call('POST', '/v1/billing/run', { date: '2028-01-01' });
  expect(run.status).toBe(200);
  expect(run.body.issued).toHaveLength(1);
  expect(run.body.issued[0]).toMatchObject({ customerId, kind: 'renewal', periodStart: '2028-01-01', periodEnd: '2028-12-31', total: { amount: 180_000 } });
  expect((await h.call('POST', '/v1/billing/run', { date: '2028-01-01' })).body.issued).toHaveLength(0);
  h.clock.set('2028-01-05T08:00:00Z');
  const r3 = await publish(h, 'docgen', { version: '2.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2028-01-03T08:00:00Z' });
  expect(r3.status).toBe(201);
  let contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
  expect(contract.body).toMatchObject({ status: 'unpaid', currentPeriod: { start: '2028-01-01', end: '2028-12-31' }, nextInvoiceOn: '2029-01-01' });
  check = await checkUpdates(h, licenceKey, 'org-contoso', '1.0.0.0');
  expect(reasonOf(check, '2.0.0.0')).toBe('not_paid');

  // Lapsed: past the payment term. What was published while paid stays downloadable.
  h.clock.set('2028-03-01T08:00:00Z');
  contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
  expect(contract.body.status).toBe('lapsed');
  check = await checkUpdates(h, licenceKey, 'org-contoso', '1.0.0.0');
  expect(versions(check.body.updates)).toEqual(['1.1.0.0']);
  expect(reasonOf(check, '2.0.0.0')).toBe('not_paid');
  const keptLink: string = check.body.updates[0].downloadUrl;
  expect((await fetch(keptLink, { method: 'HEAD' })).status).toBe(200);

  // Termination cuts the live link at once, and the serial moves on.
  const serialBefore = check.body.serial;
  const term = await h.call('POST', `/v1/customers/${customerId}/termination`, { reason: 'unauthorised use of program code' });
  expect(term.status).toBe(201);
  const cut = await fetch(keptLink);
  expect(cut.status).toBe(403);
  expect((await cut.json()).error.code).toBe('assurance_terminated');
  check = await checkUpdates(h, licenceKey, 'org-contoso', '1.0.0.0');
  expect(check.body.updates).toEqual([]);
  expect(reasonOf(check, '1.1.0.0')).toBe('assurance_terminated');
  expect(check.body.serial).toBeGreaterThan(serialBefore);
  const ent3 = await h.call('POST', '/v1/entitlement', { licenceKey, orgId: 'org-contoso', platformVersion: V92 }, null);
  expect(verifyEntitlement(ent3.body.entitlement, { rootCertPem, orgId: 'org-contoso', now: now() })).toMatchObject({ status: 'terminated', terminatedAt: term.body.terminatedAt });
  expect((await h.call('POST', `/v1/customers/${customerId}/termination`, { reason: 'again' })).status).toBe(409);

  // Installs are recorded.
  const ins = await h.call('POST', '/v1/installs', { licenceKey, orgId: 'org-contoso', addon: 'docgen', fromVersion: '1.0.0.0', toVersion: '1.1.0.0', outcome: 'succeeded' }, null);
  expect(ins.status).toBe(201);
  const shown = await h.call('GET', `/v1/customers/${customerId}`);
  expect(shown.body.installs).toEqual([expect.objectContaining({ toVersion: '1.1.0.0', outcome: 'succeeded' })]);
});

test('a later order is co-termed; cancellation follows license-core', async () => {
  h.clock.set('2026-05-01T09:00:00Z');
  const { customerId } = await customerWithOrder(h, '2026-02-01', 1_000_000);
  await setPrice(h, 'docgen', 500_000);
  const second = await h.call('POST', `/v1/customers/${customerId}/orders`, {
    orderedOn: '2026-05-01',
    currency: 'EUR',
    licences: [{ addon: 'docgen', quantity: 1 }],
  });
  expect(second.status).toBe(201);
  expect(second.body.invoice).toMatchObject({ kind: 'co-term', periodStart: '2026-05-01', periodEnd: '2027-12-31' });
  const cancel = await h.call('POST', `/v1/customers/${customerId}/cancellation`, { receivedOn: '2027-10-02' });
  expect(cancel.status).toBe(201);
  expect(cancel.body).toMatchObject({ onTime: false, deadline: '2027-09-30', effectiveEnd: '2028-12-31' });
  expect((await h.call('POST', `/v1/customers/${customerId}/cancellation`, { receivedOn: '2027-10-03' })).status).toBe(409);
  const contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
  expect(contract.body.cancellation).toMatchObject({ effectiveEnd: '2028-12-31' });
});
