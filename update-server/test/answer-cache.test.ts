/**
 * Decision U77: update-check and entitlement answers are kept by what they depend on. A kept answer is the answer a
 * fresh computation gives at the same instant, byte for byte; every event that changes what an add-on is told
 * (payment, order, cancellation, release, key rotation, settings) changes the answer at once.
 */
import { rotateSigningKey } from '../src/signing-keys';
import { activate, customerWithOrder, publish, seedCatalogue, startHarness, V92, type Harness } from './harness';

const ORG = 'org-answers';
let h: Harness;
let customerId: string;
let licenceKey: string;
let invoiceId: string;

beforeEach(async () => {
  h = await startHarness();
  await seedCatalogue(h);
  expect((await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-01-10T08:00:00Z' })).status).toBe(201);
  ({ customerId, licenceKey, invoice: { id: invoiceId } } = await customerWithOrder(h, '2026-03-15'));
  expect((await activate(h, licenceKey, ORG)).status).toBe(201);
  // One instant for each comparison: `checkedAt` and the signatures' `iat` are the clock's.
  h.clock.freeze();
});

afterEach(async () => {
  await h.close();
});

/** The raw answer text; a download link's token is new on every request (a nonce), so links are masked. */
async function raw(urlPath: string, body: unknown): Promise<string> {
  const res = await fetch(`${h.url}${urlPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.text()).replace(/\/v1\/downloads\/[A-Za-z0-9._-]+/g, '/v1/downloads/<token>');
}

const answers = async (): Promise<{ check: string; entitlement: string }> => ({
  check: await raw('/v1/updates/check', { licenceKey, orgId: ORG, platformVersion: V92, addon: 'docgen', installedVersion: '0.9.0.0' }),
  entitlement: await raw('/v1/entitlement', { licenceKey, orgId: ORG, platformVersion: V92, addon: 'docgen' }),
});

const forget = (): void => h.server.app.locals.ctx.documents.answers.clear();

test('a kept answer is byte-identical to a fresh one, and the account is not read again for it', async () => {
  const store = h.server.app.locals.ctx.store;
  const first = await answers();
  const reads = jest.spyOn(store, 'listInvoices');
  const kept = await answers();
  // Both answers came from the cache: no account was loaded.
  expect(reads).not.toHaveBeenCalled();
  reads.mockRestore();
  forget();
  const fresh = await answers();
  expect(kept).toEqual(first);
  expect(kept.check).toBe(fresh.check);
  expect(kept.entitlement).toBe(fresh.entitlement);
  // A minute later the kept answer is not used (MAX_ANSWER_MS): checkedAt moves, and the judgement is made again.
  h.clock.advance(61_000);
  const spy = jest.spyOn(store, 'listInvoices');
  await answers();
  expect(spy).toHaveBeenCalled();
});

describe('every event that changes what the add-on is told changes the answer at once', () => {
  const events: Array<[string, () => Promise<void>, keyof Awaited<ReturnType<typeof answers>>]> = [
    [
      'a payment',
      async () => {
        const invoice = await h.call('GET', `/v1/invoices/${invoiceId}`);
        expect((await h.call('POST', `/v1/invoices/${invoiceId}/payments`, { amount: invoice.body.outstanding, reference: 'bank-1' })).status).toBe(201);
      },
      'entitlement',
    ],
    [
      'an order',
      async () => {
        expect((await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-15', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 2 }] })).status).toBe(201);
      },
      'entitlement',
    ],
    [
      'a cancellation',
      async () => {
        expect((await h.call('POST', `/v1/customers/${customerId}/cancellation`, { receivedOn: '2026-03-15' })).status).toBe(201);
      },
      'entitlement',
    ],
    [
      'a release',
      async () => {
        expect((await publish(h, 'docgen', { version: '1.1.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-03-01T08:00:00Z' })).status).toBe(201);
      },
      'check',
    ],
    [
      'a signing-key rotation',
      async () => {
        await rotateSigningKey(h.dataDir, { now: new Date(h.clock.now().getTime() - 1000), vendorName: 'Northwind Add-ons' });
        await h.server.reloadSigningKeys();
      },
      'check',
    ],
    [
      'a settings change',
      async () => {
        expect((await h.call('PATCH', '/v1/settings', { entitlementGraceDays: 30, manifestTtlSeconds: 7200 })).status).toBe(200);
      },
      'entitlement',
    ],
  ];

  test.each(events)('%s', async (_name, event, changes) => {
    await answers();
    const kept = await answers();
    await event();
    const after = await answers();
    expect(after[changes]).not.toBe(kept[changes]);
    // And the answer after the event is the fresh one.
    forget();
    expect(await answers()).toEqual(after);
  });
});
