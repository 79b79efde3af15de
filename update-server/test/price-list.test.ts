/**
 * Issue #12, item 2: free assurance by price. Orders name products and take their prices from the vendor's price
 * list (U35); only an admin may override a price, with a reason that is recorded (U36).
 */
import { seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
let keys: Record<'billing' | 'partner' | 'publisher', string>;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  await seedCatalogue(h);
  expect((await h.call('POST', '/v1/addons', { id: 'mailsync', name: 'Northwind MailSync' })).status).toBe(201);
  const made: Record<string, string> = {};
  for (const [name, role, partnerId] of [
    ['billing', 'billing'],
    ['partner', 'partner', 'alpine'],
    ['publisher', 'publisher'],
  ] as const) {
    const r = await h.call('POST', '/v1/api-keys', { name: `${name} key`, role, ...(partnerId ? { partnerId } : {}) });
    expect(r.status).toBe(201);
    made[name] = r.body.apiKey;
  }
  keys = made as typeof keys;
  // Checked by the price-list tests below (not here, so that the attack tests run, and fail, on a server without one).
  await h.call('PUT', '/v1/price-list/docgen', { listPrice: eur(400_000) });
});
afterAll(async () => h.close());

const store = () => h.server.app.locals.ctx.store;

async function newCustomer(key?: string): Promise<string> {
  const c = await h.call('POST', '/v1/customers', { name: `Customer ${Math.random().toString(36).slice(2, 8)}` }, key);
  expect(c.status).toBe(201);
  return c.body.id;
}

/** Nothing of an order was stored: no order, licence, licence key or invoice, and the contract did not start. */
async function expectNothingStored(customerId: string, key?: string): Promise<void> {
  expect((await h.call('GET', `/v1/customers/${customerId}/orders`, undefined, key)).body.orders).toEqual([]);
  expect((await h.call('GET', `/v1/customers/${customerId}/invoices`, undefined, key)).body.invoices).toEqual([]);
  const detail = await h.call('GET', `/v1/customers/${customerId}`, undefined, key);
  expect(detail.body.licences).toEqual([]);
  expect(detail.body.contractStart).toBeUndefined();
  expect(await store().listLicenceKeys(customerId)).toEqual([]);
  expect(await store().listLicences(customerId)).toEqual([]);
}

describe('the attack: a billing or partner key orders with listPrice 0', () => {
  test.each(['billing', 'partner'] as const)('%s key → 403 forbidden naming the field, nothing stored', async (who) => {
    const customerId = await newCustomer(keys[who]);
    for (const line of [
      { addon: 'docgen', quantity: 1, listPrice: eur(0) },
      { addon: 'docgen', quantity: 1, listPrice: eur(0), priceReason: 'friends and family' },
    ]) {
      const r = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [line] }, keys[who]);
      expect([r.status, r.body.error?.code, r.body.error?.field]).toEqual([403, 'forbidden', 'licences.0.listPrice']);
    }
    // The override on a later line is caught too.
    const second = await h.call(
      'POST',
      `/v1/customers/${customerId}/orders`,
      { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', quantity: 5, listPrice: eur(1) }] },
      keys[who],
    );
    expect([second.status, second.body.error.field]).toEqual([403, 'licences.1.listPrice']);
    await expectNothingStored(customerId, keys[who]);
  });

  test('the same key orders at the listed price: quantity times the price of one licence', async () => {
    const customerId = await newCustomer(keys.partner);
    const r = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 3 }] }, keys.partner);
    expect(r.status).toBe(201);
    expect(r.body.licences).toEqual([expect.objectContaining({ addon: 'docgen', quantity: 3, listPrice: eur(1_200_000) })]);
    expect(r.body.licences[0].priceOverride).toBeUndefined();
    expect(r.body.invoice.status).toBe('open');
    expect(r.body.invoice.total.amount).toBeGreaterThan(0);
  });
});

describe('an admin may override a price, with a reason that is recorded', () => {
  test('an override without a reason → 400 naming priceReason, nothing stored; a reason without an override → 400', async () => {
    const customerId = await newCustomer();
    const noReason = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1, listPrice: eur(0) }] });
    expect([noReason.status, noReason.body.error.code, noReason.body.error.field]).toEqual([400, 'invalid_input', 'licences.0.priceReason']);
    const blank = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1, listPrice: eur(0), priceReason: '  ' }] });
    expect([blank.status, blank.body.error.field]).toEqual([400, 'licences.0.priceReason']);
    const reasonOnly = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1, priceReason: 'why' }] });
    expect([reasonOnly.status, reasonOnly.body.error.field]).toEqual([400, 'licences.0.priceReason']);
    await expectNothingStored(customerId);
  });

  test('with a reason: the price, the reason, the key and the listed price are recorded and read back', async () => {
    const customerId = await newCustomer();
    const r = await h.call('POST', `/v1/customers/${customerId}/orders`, {
      orderedOn: '2026-03-01',
      currency: 'EUR',
      licences: [{ addon: 'docgen', quantity: 2, listPrice: eur(500_000), priceReason: 'onboarded at the price of the existing contract' }],
    });
    expect(r.status).toBe(201);
    const override = { reason: 'onboarded at the price of the existing contract', apiKeyId: expect.stringMatching(/^akey_/), apiKeyName: expect.any(String), listed: eur(800_000) };
    expect(r.body.licences).toEqual([expect.objectContaining({ listPrice: eur(500_000), priceOverride: override })]);
    const orders = await h.call('GET', `/v1/customers/${customerId}/orders`, undefined, keys.billing);
    expect(orders.body.orders).toHaveLength(1);
    expect(orders.body.orders[0].licences).toEqual([expect.objectContaining({ addon: 'docgen', quantity: 2, listPrice: eur(500_000), priceOverride: override })]);
    const detail = await h.call('GET', `/v1/customers/${customerId}`);
    expect(detail.body.licences[0].priceOverride).toEqual(override);
    // The invoice is computed from the overridden price: 5/8 of the same order at the listed 2 x 4,000.00.
    const listed = await h.call('POST', `/v1/customers/${await newCustomer()}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 2 }] });
    expect(listed.body.licences[0].listPrice).toEqual(eur(800_000));
    expect(Math.abs(r.body.invoice.total.amount * 8 - listed.body.invoice.total.amount * 5)).toBeLessThanOrEqual(8);
    expect(r.body.invoice.total.amount).toBeGreaterThan(0);
  });

  test('an admin may price a product the price list does not have; the override records no listed price', async () => {
    const customerId = await newCustomer();
    const r = await h.call('POST', `/v1/customers/${customerId}/orders`, {
      orderedOn: '2026-03-01',
      currency: 'EUR',
      licences: [{ addon: 'mailsync', quantity: 1, listPrice: eur(300_000), priceReason: 'pilot price agreed by the CEO' }],
    });
    expect(r.status).toBe(201);
    expect(r.body.licences[0].priceOverride).toEqual({ reason: 'pilot price agreed by the CEO', apiKeyId: expect.any(String), apiKeyName: expect.any(String) });
  });

  test('an override in another currency than the order is refused naming it', async () => {
    const customerId = await newCustomer();
    const r = await h.call('POST', `/v1/customers/${customerId}/orders`, {
      orderedOn: '2026-03-01',
      currency: 'EUR',
      licences: [{ addon: 'docgen', quantity: 1, listPrice: { amount: 1, currency: 'SEK' }, priceReason: 'x' }],
    });
    expect([r.status, r.body.error.field]).toEqual([400, 'licences.0.listPrice.currency']);
    await expectNothingStored(customerId);
  });
});

describe('an order of a product without a price is refused', () => {
  test('unlisted add-on, edition, feature or currency → 409 price_not_listed naming the line, nothing stored', async () => {
    const customerId = await newCustomer(keys.billing);
    for (const [licences, currency, field] of [
      [[{ addon: 'mailsync', quantity: 1 }], 'EUR', 'licences.0'],
      [[{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', edition: 'enterprise', quantity: 1 }], 'EUR', 'licences.1'],
      [[{ addon: 'docgen', feature: 'esign', quantity: 1 }], 'EUR', 'licences.0'],
      [[{ addon: 'docgen', quantity: 1 }], 'SEK', 'licences.0'],
    ] as const) {
      const r = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency, licences }, keys.billing);
      expect([r.status, r.body.error?.code, r.body.error?.field]).toEqual([409, 'price_not_listed', field]);
      expect(r.body.error.message).toContain(currency);
    }
    await expectNothingStored(customerId, keys.billing);
  });

  test('the order must name its currency', async () => {
    const customerId = await newCustomer(keys.billing);
    const r = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', licences: [{ addon: 'docgen', quantity: 1 }] }, keys.billing);
    expect([r.status, r.body.error.field]).toEqual([400, 'currency']);
    const lower = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'eur', licences: [{ addon: 'docgen', quantity: 1 }] }, keys.billing);
    expect([lower.status, lower.body.error.field]).toEqual([400, 'currency']);
    await expectNothingStored(customerId, keys.billing);
  });
});

describe('the price list: admins write it, billing and partner keys read it', () => {
  test('set, replace, list, remove', async () => {
    const created = await h.call('PUT', '/v1/price-list/mailsync', { edition: 'enterprise', listPrice: { amount: 700_000, currency: 'SEK' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ addon: 'mailsync', edition: 'enterprise', listPrice: { amount: 700_000, currency: 'SEK' }, updatedAt: expect.any(String), updatedBy: expect.stringMatching(/^akey_/) });
    const replaced = await h.call('PUT', '/v1/price-list/mailsync', { edition: 'enterprise', listPrice: { amount: 750_000, currency: 'SEK' } });
    expect([replaced.status, replaced.body.listPrice.amount]).toEqual([200, 750_000]);
    expect((await h.call('PUT', '/v1/price-list/mailsync', { listPrice: eur(450_000) })).status).toBe(201);
    for (const key of [keys.billing, keys.partner]) {
      const list = await h.call('GET', '/v1/price-list?addon=mailsync', undefined, key);
      expect(list.status).toBe(200);
      expect(list.body.prices.map((p: any) => [p.edition ?? null, p.listPrice.amount, p.listPrice.currency])).toEqual([
        [null, 450_000, 'EUR'],
        ['enterprise', 750_000, 'SEK'],
      ]);
    }
    expect((await h.call('GET', '/v1/price-list')).body.prices.map((p: any) => [p.addon, p.listPrice.amount])).toEqual([
      ['docgen', 400_000],
      ['mailsync', 450_000],
      ['mailsync', 750_000],
    ]);
    // A billing key orders the listed enterprise edition in SEK.
    const customerId = await newCustomer(keys.billing);
    const order = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'SEK', licences: [{ addon: 'mailsync', edition: 'enterprise', quantity: 2 }] }, keys.billing);
    expect([order.status, order.body.licences[0].listPrice]).toEqual([201, { amount: 1_500_000, currency: 'SEK' }]);
    // Removed, it is no longer orderable.
    expect((await h.call('DELETE', '/v1/price-list/mailsync?currency=SEK&edition=enterprise')).status).toBe(204);
    expect((await h.call('DELETE', '/v1/price-list/mailsync?currency=SEK&edition=enterprise')).body.error.code).toBe('price_not_found');
    const after = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-02', currency: 'SEK', licences: [{ addon: 'mailsync', edition: 'enterprise', quantity: 1 }] }, keys.billing);
    expect([after.status, after.body.error.code]).toEqual([409, 'price_not_listed']);
    expect((await h.call('GET', '/v1/price-list?addon=mailsync')).body.prices).toHaveLength(1);
  });

  test('only admin keys write: billing, partner and publisher keys get 403 and nothing changes', async () => {
    const before = (await h.call('GET', '/v1/price-list')).body.prices;
    for (const key of [keys.billing, keys.partner, keys.publisher]) {
      const put = await h.call('PUT', '/v1/price-list/docgen', { listPrice: eur(0) }, key);
      expect([put.status, put.body.error.code]).toEqual([403, 'forbidden']);
      const del = await h.call('DELETE', '/v1/price-list/docgen?currency=EUR', undefined, key);
      expect([del.status, del.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await h.call('GET', '/v1/price-list', undefined, keys.publisher)).status).toBe(403);
    expect((await h.call('GET', '/v1/price-list', undefined, null)).status).toBe(401);
    expect((await h.call('GET', '/v1/price-list')).body.prices).toEqual(before);
  });

  test('bad input is refused naming the field, and nothing is stored', async () => {
    const before = (await h.call('GET', '/v1/price-list')).body.prices;
    for (const [body, field] of [
      [{}, 'listPrice'],
      [{ listPrice: { amount: -1, currency: 'EUR' } }, 'listPrice.amount'],
      [{ listPrice: { amount: 10.5, currency: 'EUR' } }, 'listPrice.amount'],
      [{ listPrice: { amount: Number.MAX_SAFE_INTEGER + 2, currency: 'EUR' } }, 'listPrice.amount'],
      [{ listPrice: { amount: 1, currency: 'euro' } }, 'listPrice.currency'],
      [{ listPrice: eur(1), edition: '' }, 'edition'],
      [{ listPrice: eur(1), editon: 'enterprise' }, 'editon'],
    ] as const) {
      const r = await h.call('PUT', '/v1/price-list/docgen', body);
      expect([r.status, r.body.error?.code, r.body.error?.field]).toEqual([400, 'invalid_input', field]);
    }
    const unknown = await h.call('PUT', '/v1/price-list/nosuch', { listPrice: eur(1) });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([404, 'addon_not_found', 'addon']);
    const noCurrency = await h.call('DELETE', '/v1/price-list/docgen');
    expect([noCurrency.status, noCurrency.body.error.field]).toEqual([400, 'currency']);
    const typo = await h.call('DELETE', '/v1/price-list/docgen?currency=EUR&editon=x');
    expect([typo.status, typo.body.error.field]).toEqual([400, 'editon']);
    expect((await h.call('GET', '/v1/price-list?addon=Not_A_Slug')).body.error.field).toBe('addon');
    expect((await h.call('GET', '/v1/price-list')).body.prices).toEqual(before);
  });

  test('a price changed later does not change the licences ordered before', async () => {
    const customerId = await newCustomer(keys.billing);
    const first = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] }, keys.billing);
    expect(first.status).toBe(201);
    expect((await h.call('PUT', '/v1/price-list/docgen', { listPrice: eur(450_000) })).status).toBe(200);
    const second = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-10', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] }, keys.billing);
    expect(second.status).toBe(201);
    const orders = (await h.call('GET', `/v1/customers/${customerId}/orders`, undefined, keys.billing)).body.orders;
    expect(orders.map((o: any) => o.licences[0].listPrice.amount)).toEqual([400_000, 450_000]);
    // A co-termed order in another currency than the customer's licences is refused naming `currency`.
    const sek = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-11', currency: 'SEK', licences: [{ addon: 'docgen', quantity: 1, listPrice: { amount: 1, currency: 'SEK' }, priceReason: 'x' }] });
    expect([sek.status, sek.body.error.field]).toEqual([400, 'currency']);
    expect((await h.call('PUT', '/v1/price-list/docgen', { listPrice: eur(400_000) })).status).toBe(200);
  });
});

describe('maintenance prices are the vendor’s too (decision U41)', () => {
  const sek = (amount: number) => ({ amount, currency: 'SEK' });
  const free = { base: sek(0), ratePerLine: sek(0), upgradeFee: sek(0), supportDiscountBp: 10_000 };

  test.each(['billing', 'partner'] as const)('a %s key that sends maintenance prices gets 403 naming maintenance on every route, and nothing is stored', async (who) => {
    const created = await h.call('POST', '/v1/customers', { name: `Free ${who}`, plan: 'maintenance', maintenance: free }, keys[who]);
    expect([created.status, created.body.error?.code, created.body.error?.field]).toEqual([403, 'forbidden', 'maintenance']);
    const customers = (await h.call('GET', '/v1/customers', undefined, keys[who])).body.customers as Array<{ name: string }>;
    expect(customers.map((c) => c.name)).not.toContain(`Free ${who}`);

    const customerId = await newCustomer(keys[who]);
    const plan = await h.call('PUT', `/v1/customers/${customerId}/plan`, { plan: 'maintenance', maintenance: free }, keys[who]);
    expect([plan.status, plan.body.error?.field]).toEqual([403, 'maintenance']);
    expect((await h.call('GET', `/v1/customers/${customerId}`, undefined, keys[who])).body.plan).not.toBe('maintenance');
    const order = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }], plan: 'maintenance', maintenance: free, linesOfCode: 1 }, keys[who]);
    expect([order.status, order.body.error?.field]).toEqual([403, 'maintenance']);
    await expectNothingStored(customerId, keys[who]);
    const reconclusion = await h.call('POST', `/v1/customers/${customerId}/reconclusion`, { concludedOn: '2026-03-01', plan: 'maintenance', maintenance: free }, keys[who]);
    expect([reconclusion.status, reconclusion.body.error?.field]).toEqual([403, 'maintenance']);
  });

  test('terms an admin stored let a billing key start the maintenance agreement', async () => {
    const customerId = await newCustomer(keys.billing);
    const terms = { base: eur(500_000), ratePerLine: eur(25), upgradeFee: eur(990_000), supportDiscountBp: 1500 };
    expect((await h.call('PUT', `/v1/customers/${customerId}/plan`, { plan: 'maintenance', maintenance: terms })).status).toBe(200);
    const order = await h.call('POST', `/v1/customers/${customerId}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }], linesOfCode: 1_000 }, keys.billing);
    expect(order.status).toBe(201);
    expect(order.body.invoice).toMatchObject({ plan: 'maintenance', total: eur(525_000) });
  });
});
