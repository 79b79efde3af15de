/** `assurance support` as real processes against a live server (SPEC §6). */
import { cliRunner } from './cli-runner';
import { activate, customerWithOrder, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-11-20T12:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());
const cli = (...args: string[]) => cliRunner(h)(...args);

test('list, classify, notify, approve, log, statement, close', async () => {
  const customer = await customerWithOrder(h, '2026-03-15');
  expect((await activate(h, customer.licenceKey, 'org-cli')).status).toBe(201);
  const filed = await h.call(
    'POST',
    '/v1/support-requests',
    { licenceKey: customer.licenceKey, orgId: 'org-cli', addon: 'docgen', summary: 'Blank PDFs', description: 'Every PDF is empty.', environment: { addonVersion: '3.0.1.0', platformVersion: '9.2.24012.196', customisationsPresent: true } },
    null,
  );
  const id = filed.body.id;

  // Issue #13: people read the number and the customer's name; the number works wherever the id does.
  const name = (await h.call('GET', `/v1/customers/${customer.customerId}`)).body.name as string;
  const list = await cli('--human', 'support', 'list', '--status', 'open');
  expect(list.stdout).toMatch(new RegExp(`#${filed.body.number} +open +- +${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +Blank PDFs`));
  expect(list.stdout).not.toContain(customer.customerId);
  const byNumber = await cli('support', 'show', String(filed.body.number));
  expect([byNumber.code, byNumber.json.id]).toEqual([0, id]);
  const noSuch = await cli('support', 'show', '999');
  expect([noSuch.code, noSuch.json.error.code]).toEqual([1, 'support_request_not_found']);
  // A notice may not precede the filing by more than the day work may be logged before it (D45), and says the earliest.
  const tooEarly = await cli('support', 'notify', String(filed.body.number), '--at', '2026-11-01T10:00:00Z');
  expect([tooEarly.code, tooEarly.json.error.field]).toEqual([1, 'notifiedAt']);
  expect(tooEarly.json.error.message).toMatch(/the earliest is 2026-11-19T12:00:\d\d/);

  const wrong = await cli('support', 'classify', id, 'feature_request');
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/Allowed choices are base_bug/);
  expect((await cli('support', 'classify', id, 'customization_bug', '--note', 'their own plug-in')).json.classification).toBe('customization_bug');
  const early = await cli('support', 'approve', id, '--at', '2026-11-20T10:00:00Z');
  expect([early.code, early.json.error.code]).toEqual([1, 'notice_missing']);
  await cli('support', 'notify', id, '--at', '2026-11-20T10:00:00Z');
  await cli('support', 'approve', id, '--at', '2026-11-20T10:05:00Z');
  // 10:00–10:45: 30 minutes free, billing from the approval at 10:05 → 10:30–10:45 = 15 minutes = 30.00 EUR
  const logged = await cli('--human', 'support', 'log', id, '--from', '2026-11-20T10:00:00Z', '--minutes', '45', '--note', 'fixed the plug-in');
  expect(logged.stdout).toContain('45 min logged, 15 billable: 30.00 EUR (billed)');
  expect(logged.stdout).toContain('customisations present');

  const statement = await cli('--human', 'support', 'statement', '--month', '2026-11');
  expect(statement.stdout).toMatch(/15 billable +30\.00 EUR {2}Blank PDFs/);
  expect(statement.stdout).toContain('total 30.00 EUR');
  const json = await cli('support', 'statement', '--month', '2026-11', '--customer', customer.customerId);
  expect(json.json.customers).toEqual([expect.objectContaining({ customerId: customer.customerId, billableMinutes: 15, amount: { amount: 3_000, currency: 'EUR' } })]);

  expect((await cli('support', 'close', id)).json.status).toBe('closed');
  expect((await cli('--human', 'support', 'list', '--status', 'open')).stdout.trim()).toBe('(no requests)');
}, 60_000);
