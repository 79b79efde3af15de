/** The demo vendor: seeded through the API, every customer ends in the state the demo promises. */
import { seedDemo } from '../src/demo/demo-vendor';
import { checkUpdates, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
});
afterAll(async () => h.close());

test('customers in every state', async () => {
  const summary = await seedDemo(h.url, h.adminKey, h.clock.now());
  const byState = Object.fromEntries(summary.customers.map((c) => [c.state, c]));
  const status = async (state: string) => (await h.call('GET', `/v1/customers/${byState[state].id}/contract`)).body.status;
  expect(await status('paid')).toBe('active');
  expect(await status('unpaid renewal')).toBe('lapsed'); // the 1 January renewal is open past its 30-day term
  expect(await status('new order, unpaid')).toBe('unpaid');
  expect(await status('lapsed')).toBe('lapsed');
  expect(await status('cancelled')).toBe('cancelled');
  expect(await status('legacy line (9.1)')).toBe('active');
  expect(await status('terminated')).toBe('terminated');
  expect(await status('paid (partner)')).toBe('active');
  expect(await status('Auto SSA (quarterly)')).toBe('active');
  expect(await status('maintenance agreement')).toBe('active');
  const ssa = (await h.call('GET', `/v1/customers/${byState['Auto SSA (quarterly)'].id}/contract`)).body;
  expect(ssa).toMatchObject({ plan: 'ssa-quarterly', creditBalance: [{ amount: 0, currency: 'EUR' }] });

  // The price list (U35) prices the partner's and the SEK customer's orders; onboarded customers keep their contract
  // prices as admin overrides with a reason (U36). The invoices are those the demo had before the price list.
  const firstInvoice = async (state: string) => (await h.call('GET', `/v1/customers/${byState[state].id}/invoices`)).body.invoices.find((i: any) => i.kind === 'first');
  expect((await firstInvoice('paid (partner)')).total).toEqual({ amount: 466_274, currency: 'EUR' });
  const partnerOrders = (await h.call('GET', `/v1/customers/${byState['paid (partner)'].id}/orders`, undefined, summary.partnerApiKey)).body.orders;
  expect(partnerOrders[0].licences.map((l: any) => [l.addon, l.quantity, l.listPrice.amount, l.priceOverride])).toEqual([
    ['mailsync', 2, 450_000, undefined],
    ['docgen', 1, 1_100_000, undefined],
  ]);
  const contosoLicences = (await h.call('GET', `/v1/customers/${byState.paid.id}`)).body.licences;
  expect(contosoLicences[0]).toMatchObject({ listPrice: { amount: 1_200_000 }, priceOverride: { reason: 'onboarded at the price of the existing contract', listed: { amount: 3_300_000, currency: 'EUR' } } });

  // The MailSync hot-fix reaches the maintenance customer only.
  const hotfix = summary.releases.find((r) => r.addon === 'mailsync' && r.version === '1.2.1.0')!;
  const coffee = byState['maintenance agreement'];
  const offered = await h.call('POST', '/v1/updates/check', { licenceKey: coffee.licenceKey, orgId: coffee.orgId, platformVersion: coffee.platformVersion, addon: 'mailsync', installedVersion: '1.2.0.0' }, null);
  expect(offered.body.updates.map((u: any) => u.version)).toEqual(['1.2.1.0']);
  const contosoHotfix = (await h.call('GET', `/v1/customers/${byState.paid.id}/releases/${hotfix.id}/eligibility?platformVersion=${byState.paid.platformVersion}`)).body;
  expect(contosoHotfix.reason).toBe('hotfix_requires_agreement');

  // Two support requests: a free base bug, and a chargeable customisation bug billed after approval with the discount.
  const requests = (await h.call('GET', '/v1/support-requests')).body.requests;
  expect(requests.map((r: any) => r.classification)).toEqual(['base_bug', 'customization_bug']);
  const billed = (await h.call('GET', `/v1/support-requests/${requests[1].id}`)).body.charge;
  // 90 minutes, 30 free, 60 billable at 120.00 EUR an hour less 15 % = 102.00 EUR
  expect(billed).toMatchObject({ billableSeconds: 3600, amount: { amount: 10_200, currency: 'EUR' } });

  const docgen3 = summary.releases.find((r) => r.addon === 'docgen' && r.version === '3.0.0.0')!;
  const explain = async (state: string) =>
    (await h.call('GET', `/v1/customers/${byState[state].id}/releases/${docgen3.id}/eligibility?platformVersion=${byState[state].platformVersion}`)).body;
  expect((await explain('paid')).eligible).toBe(true);
  expect((await explain('unpaid renewal')).reason).toBe('not_paid');
  expect((await explain('lapsed')).reason).toBe('not_paid');
  expect((await explain('legacy line (9.1)')).reason).toBe('platform_incompatible');
  expect((await explain('terminated')).reason).toBe('assurance_terminated');

  // The 9.1 org: legacy-window patches and its custom build are offered, feature releases are not.
  const wingtip = byState['legacy line (9.1)'];
  const check = await checkUpdates(h, wingtip.licenceKey, wingtip.orgId!, '1.1.0.0', wingtip.platformVersion);
  expect(check.body.updates.map((u: any) => u.version)).toEqual(['2.0.2.0', '2.0.1.0', '1.2.1.0', '1.2.0.0']);
  expect(check.body.withheld.find((w: any) => w.version === '2.0.0.0').reason).toBe('legacy_patch_only');

  // The artifacts are real zips.
  const zip = Buffer.from(await (await fetch(check.body.updates[0].downloadUrl)).arrayBuffer());
  expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
  expect(zip.includes(Buffer.from('<Version>2.0.2.0</Version>'))).toBe(true);
});
