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
