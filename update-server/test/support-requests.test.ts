/**
 * Support requests through a real server (SPEC §6, issue #5): filed by the add-on with its environment, classified
 * and timed by the vendor, charged by license-core's rules, and listed per month.
 */
import { activate, customerWithOrder, seedCatalogue, setPrice, startHarness, type Harness } from './harness';

let h: Harness;
let contoso: { customerId: string; licenceKey: string };
let coffee: { customerId: string; licenceKey: string };

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-20T12:00:00Z' });
  await seedCatalogue(h);
  contoso = await customerWithOrder(h, '2026-03-15');
  expect((await activate(h, contoso.licenceKey, 'org-contoso')).status).toBe(201);
  const maintenance = { base: { amount: 500_000, currency: 'SEK' }, ratePerLine: { amount: 25, currency: 'SEK' }, upgradeFee: { amount: 990_000, currency: 'SEK' }, supportDiscountBp: 1500 };
  const c = await h.call('POST', '/v1/customers', { name: 'Fourth Coffee AB', plan: 'maintenance', maintenance });
  await setPrice(h, 'docgen', 600_000, 'SEK');
  const o = await h.call('POST', `/v1/customers/${c.body.id}/orders`, { orderedOn: '2026-10-01', currency: 'SEK', licences: [{ addon: 'docgen', quantity: 1 }], linesOfCode: 12_000 });
  expect(o.status).toBe(201);
  coffee = { customerId: c.body.id, licenceKey: o.body.licenceKey };
  expect((await activate(h, coffee.licenceKey, 'org-coffee')).status).toBe(201);
});
afterAll(async () => h.close());

const filing = (who: { licenceKey: string }, orgId: string, over: Record<string, unknown> = {}) => ({
  licenceKey: who.licenceKey,
  orgId,
  addon: 'docgen',
  summary: 'Quote PDFs come out blank',
  description: 'Every quote PDF is an empty page since this morning.',
  contact: { name: 'Dana Admin', email: 'dana@contoso.example' },
  environment: { addonVersion: '3.0.1.0', platformVersion: '9.2.24012.196', customisationsPresent: true },
  ...over,
});
const file = (body: unknown) => h.call('POST', '/v1/support-requests', body, null);
const count = async () => (await h.call('GET', '/v1/support-requests')).body.requests.length;

describe('filing from the configuration page', () => {
  test('files with the environment attached; numbers count up; the org lists its own', async () => {
    const first = await file(filing(contoso, 'org-contoso'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.stringMatching(/^sr_/), status: 'open' });
    const second = await file(filing(contoso, 'org-contoso', { summary: 'Second problem' }));
    expect(second.body.number).toBe(first.body.number + 1);

    const shown = await h.call('GET', `/v1/support-requests/${first.body.id}`);
    expect(shown.body).toMatchObject({
      customerId: contoso.customerId,
      orgId: 'org-contoso',
      contact: { name: 'Dana Admin', email: 'dana@contoso.example' },
      environment: { addonVersion: '3.0.1.0', platform: 'dynamics365', platformVersion: '9.2.24012.196', customisationsPresent: true, orgUrl: 'https://org-contoso.crm4.dynamics.com' },
      timeEntries: [],
      charge: { amount: { amount: 0 }, note: 'unclassified' },
    });

    const mine = await h.call('POST', '/v1/support-requests/mine', { licenceKey: contoso.licenceKey, orgId: 'org-contoso' }, null);
    expect(mine.body.requests.map((r: any) => r.number)).toEqual([second.body.number, first.body.number]);
    expect(Object.keys(mine.body.requests[0]).sort()).toEqual(['createdAt', 'id', 'number', 'status', 'summary']);
  });

  test('a forged or foreign licence key, an org not activated, and bad fields are refused; nothing is stored', async () => {
    const before = await count();
    const forged = await file(filing({ licenceKey: 'CRMA-AAAAA-BBBBB-CCCCC-DDDDD' }, 'org-contoso'));
    expect([forged.status, forged.body.error.code]).toEqual([403, 'licence_key_invalid']);
    // Contoso's key with Fourth Coffee's org
    const foreignOrg = await file(filing(contoso, 'org-coffee'));
    expect([foreignOrg.status, foreignOrg.body.error.code]).toEqual([403, 'org_not_activated']);
    const noSummary = await file(filing(contoso, 'org-contoso', { summary: '  ' }));
    expect([noSummary.status, noSummary.body.error.field]).toEqual([400, 'summary']);
    const noAnswer = await file(filing(contoso, 'org-contoso', { environment: { addonVersion: '3.0.1.0', platformVersion: '9.2.24012.196' } }));
    expect([noAnswer.status, noAnswer.body.error.field]).toEqual([400, 'environment.customisationsPresent']);
    const badVersion = await file(filing(contoso, 'org-contoso', { environment: { addonVersion: 'latest', platformVersion: '9.2.24012.196', customisationsPresent: false } }));
    expect(badVersion.body.error.field).toBe('environment.addonVersion');
    const badEmail = await file(filing(contoso, 'org-contoso', { contact: { email: 'not an address' } }));
    expect(badEmail.body.error.field).toBe('contact.email');
    const otherAddon = await file(filing(contoso, 'org-contoso', { addon: 'mailsync' }));
    expect([otherAddon.status, otherAddon.body.error.field]).toEqual([400, 'addon']);
    const mineForged = await h.call('POST', '/v1/support-requests/mine', { licenceKey: 'CRMA-AAAAA-BBBBB-CCCCC-DDDDD', orgId: 'org-contoso' }, null);
    expect(mineForged.status).toBe(403);
    expect(await count()).toBe(before);
    // The vendor routes need a vendor key.
    expect((await h.call('GET', '/v1/support-requests', undefined, null)).status).toBe(401);
  });
});

describe('classification, time and charge (SPEC §6)', () => {
  const at = (hhmm: string) => `2026-11-20T${hhmm}:00Z`;

  test('the free diagnosis at 29, 30 and 45 minutes; a free class stays free', async () => {
    const r = (await file(filing(contoso, 'org-contoso', { summary: 'Diagnosis limit' }))).body;
    await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'change_request', note: 'New report layout' });
    await h.call('POST', `/v1/support-requests/${r.id}/notice`, { notifiedAt: at('10:00') });
    await h.call('POST', `/v1/support-requests/${r.id}/approval`, { approvedAt: at('10:00') });
    const log = (from: string, minutes: number) => h.call('POST', `/v1/support-requests/${r.id}/time`, { from: at(from), minutes, note: 'analysis' });
    expect((await log('10:00', 29)).body.charge).toMatchObject({ loggedMinutes: 29, billableSeconds: 0, amount: { amount: 0, currency: 'EUR' } });
    expect((await log('10:29', 1)).body.charge).toMatchObject({ loggedMinutes: 30, billableSeconds: 0, amount: { amount: 0 } });
    // 45 minutes: 15 billable at 120.00 EUR an hour = 30.00 EUR
    const at45 = (await log('10:30', 15)).body;
    expect(at45.charge).toMatchObject({ loggedMinutes: 45, diagnosisMinutes: 30, billableSeconds: 900, amount: { amount: 3_000, currency: 'EUR' }, note: 'billed' });
    expect(at45.timeEntries.map((e: any) => [e.minutes, e.loggedBy])).toEqual([[29, expect.any(String)], [1, expect.any(String)], [15, expect.any(String)]]);

    // Reclassified as a base bug (reproducible without customisations): free, whatever the time.
    const free = await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'base_bug' });
    expect(free.body.charge).toMatchObject({ loggedMinutes: 45, amount: { amount: 0 }, note: 'free_class' });
    const bad = await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'feature_request' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'classification']);
  });

  test('billing starts at the notice instant, never earlier; approval needs a notice first', async () => {
    const r = (await file(filing(contoso, 'org-contoso', { summary: 'Customer plug-in breaks sync' }))).body;
    await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'customization_bug' });
    await h.call('POST', `/v1/support-requests/${r.id}/time`, { from: at('10:00'), minutes: 90 });
    const early = await h.call('POST', `/v1/support-requests/${r.id}/approval`, { approvedAt: at('10:50') });
    expect([early.status, early.body.error.code]).toEqual([409, 'notice_missing']);
    const awaiting = await h.call('GET', `/v1/support-requests/${r.id}`);
    expect(awaiting.body.charge).toMatchObject({ amount: { amount: 0 }, note: 'awaiting_approval' });
    const future = await h.call('POST', `/v1/support-requests/${r.id}/notice`, { notifiedAt: '2026-11-20T13:00:00Z' });
    expect([future.status, future.body.error.field]).toEqual([400, 'notifiedAt']);
    await h.call('POST', `/v1/support-requests/${r.id}/notice`, { notifiedAt: at('10:50') });
    const beforeNotice = await h.call('POST', `/v1/support-requests/${r.id}/approval`, { approvedAt: at('10:40') });
    expect([beforeNotice.status, beforeNotice.body.error.field]).toEqual([400, 'approvedAt']);
    // told and approved 10:50: billable 10:50–11:30 = 40 minutes = 80.00 EUR
    const approved = await h.call('POST', `/v1/support-requests/${r.id}/approval`, { approvedAt: at('10:50') });
    expect(approved.body.charge).toMatchObject({ billingStartsAt: '2026-11-20T10:50:00.000Z', billableSeconds: 2_400, amount: { amount: 8_000 } });
    const tooLong = await h.call('POST', `/v1/support-requests/${r.id}/time`, { from: at('11:00'), minutes: 0 });
    expect([tooLong.status, tooLong.body.error.field]).toEqual([400, 'minutes']);
    const futureWork = await h.call('POST', `/v1/support-requests/${r.id}/time`, { from: '2026-11-20T12:30:00Z', minutes: 10 });
    expect([futureWork.status, futureWork.body.error.field]).toEqual([400, 'from']);
  });

  test('a maintenance-agreement customer gets the discount on the hourly rate (SPEC §7)', async () => {
    const r = (await file(filing(coffee, 'org-coffee', { summary: 'Routing plug-in' }))).body;
    await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'external_cause' });
    await h.call('POST', `/v1/support-requests/${r.id}/notice`, { notifiedAt: at('09:00') });
    await h.call('POST', `/v1/support-requests/${r.id}/approval`, { approvedAt: at('09:00') });
    // 45 minutes: 15 billable = 30.00 EUR, less 15 % = 25.50 EUR
    const c = await h.call('POST', `/v1/support-requests/${r.id}/time`, { from: at('09:00'), minutes: 45 });
    expect(c.body.charge.amount).toEqual({ amount: 2_550, currency: 'EUR' });
  });

  test('the month statement: billable minutes and amounts per request and per customer', async () => {
    const s = await h.call('GET', '/v1/support/statement?month=2026-11');
    expect(s.status).toBe(200);
    const byNumber = (summary: string) => s.body.requests.find((r: any) => r.summary === summary);
    expect(byNumber('Customer plug-in breaks sync')).toMatchObject({ classification: 'customization_bug', loggedMinutes: 90, billableMinutes: 40, amount: { amount: 8_000, currency: 'EUR' } });
    expect(byNumber('Diagnosis limit')).toMatchObject({ classification: 'base_bug', billableMinutes: 0, amount: { amount: 0 }, note: 'free_class' });
    expect(byNumber('Routing plug-in')).toMatchObject({ billableMinutes: 15, amount: { amount: 2_550 } });
    // requests without logged time are not on the statement
    expect(byNumber('Quote PDFs come out blank')).toBeUndefined();
    const perCustomer = Object.fromEntries(s.body.customers.map((c: any) => [c.customerId, c]));
    expect(perCustomer[contoso.customerId]).toMatchObject({ billableMinutes: 40, amount: { amount: 8_000, currency: 'EUR' } });
    expect(perCustomer[coffee.customerId]).toMatchObject({ customerName: 'Fourth Coffee AB', billableMinutes: 15, amount: { amount: 2_550 } });
    expect(s.body.totals).toEqual([{ amount: 10_550, currency: 'EUR' }]);
    const one = await h.call('GET', `/v1/support/statement?month=2026-11&customerId=${coffee.customerId}`);
    expect(one.body.customers.map((c: any) => c.customerId)).toEqual([coffee.customerId]);
    expect((await h.call('GET', '/v1/support/statement?month=2026-12')).body.requests).toEqual([]);
    const bad = await h.call('GET', '/v1/support/statement?month=November');
    expect([bad.status, bad.body.error.field]).toEqual([400, 'month']);
  });

  test('close: once; open and closed lists', async () => {
    const r = (await file(filing(contoso, 'org-contoso', { summary: 'To close' }))).body;
    expect((await h.call('POST', `/v1/support-requests/${r.id}/close`)).body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await h.call('POST', `/v1/support-requests/${r.id}/close`)).body.error.code).toBe('already_closed');
    const open = (await h.call('GET', '/v1/support-requests?status=open')).body.requests;
    expect(open.some((x: any) => x.id === r.id)).toBe(false);
    const closed = (await h.call('GET', '/v1/support-requests?status=closed')).body.requests;
    expect(closed.map((x: any) => x.id)).toEqual([r.id]);
    expect((await h.call('GET', '/v1/support-requests/sr_nothing')).status).toBe(404);
  });
});

test('a partner key sees only its own customers’ requests', async () => {
  const mk = async (partnerId: string) => (await h.call('POST', '/v1/api-keys', { name: partnerId, role: 'partner', partnerId })).body.apiKey as string;
  const alpine = await mk('alpine');
  const bergen = await mk('bergen');
  const own = await customerWithOrder(h, '2026-05-01', 1_000_000, alpine);
  expect((await activate(h, own.licenceKey, 'org-alpine')).status).toBe(201);
  const r = (await file(filing(own, 'org-alpine'))).body;
  const alpineList = (await h.call('GET', '/v1/support-requests', undefined, alpine)).body.requests;
  expect(alpineList.map((x: any) => x.id)).toEqual([r.id]);
  expect((await h.call('GET', `/v1/support-requests/${r.id}`, undefined, alpine)).status).toBe(200);
  expect((await h.call('GET', `/v1/support-requests/${r.id}`, undefined, bergen)).status).toBe(404);
  expect((await h.call('POST', `/v1/support-requests/${r.id}/classification`, { classification: 'incident' }, bergen)).status).toBe(404);
  expect((await h.call('GET', '/v1/support-requests', undefined, bergen)).body.requests).toEqual([]);
  const statement = (await h.call('GET', '/v1/support/statement?month=2026-11', undefined, bergen)).body;
  expect(statement.customers).toEqual([]);
});
