/**
 * A 9.1 org inside and after its legacy window (SPEC §4): 9.2 released 2020-10-01, so 9.1 gets patches until
 * 2022-10-01. Inside: patches offered, features withheld (legacy_patch_only) unless featuresOnLegacy. After:
 * publishing to 9.1 is refused (409) except a custom build for named customers; older patches stay offered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyEntitlement } from '@crm-assurance/license-core';
import { activate, checkUpdates, customerWithOrder, publish, reasonOf, seedCatalogue, startHarness, versions, V91, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2021-01-15T10:00:00Z' });
  await seedCatalogue(h);
});
afterAll(async () => h.close());

test('9.1 org inside and after its legacy window', async () => {
  const base = await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.1', '9.2'], publishedAt: '2020-06-01T08:00:00Z' });
  expect(base.status).toBe(201);
  const { customerId, licenceKey, invoice } = await customerWithOrder(h, '2021-01-15');
  expect((await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: '2021-01-15T09:00:00Z', reference: 'L-1' })).status).toBe(201);
  const activation = await activate(h, licenceKey, 'org-legacy', V91);
  expect(activation.status).toBe(201);
  // The signed entitlement tells the page the line's legacy window (SPEC §4): "legacy until 2022-10-01".
  const rootCertPem = readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8');
  const claims = verifyEntitlement(activation.body.entitlement, { rootCertPem, orgId: 'org-legacy', now: h.clock.now() });
  expect(claims).toMatchObject({ line: '9.1', successor: '9.2', patchesUntil: '2022-10-01' });

  // Inside the window.
  h.clock.set('2021-06-01T10:00:00Z');
  const patch = await publish(h, 'docgen', { version: '1.0.1.0', kind: 'patch', platform: 'dynamics365', lines: ['9.1', '9.2'] });
  const feature = await publish(h, 'docgen', { version: '1.1.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.1', '9.2'] });
  const blessed = await publish(h, 'docgen', { version: '1.2.0.0', kind: 'technology', platform: 'dynamics365', lines: ['9.1', '9.2'], featuresOnLegacy: true });
  expect([patch.status, feature.status, blessed.status]).toEqual([201, 201, 201]);
  let check = await checkUpdates(h, licenceKey, 'org-legacy', '1.0.0.0', V91);
  expect(check.status).toBe(200);
  expect(check.body.line).toBe('9.1');
  expect(versions(check.body.updates)).toEqual(['1.2.0.0', '1.0.1.0']);
  expect(reasonOf(check, '1.1.0.0')).toBe('legacy_patch_only');

  const matrix = await h.call('GET', '/v1/addons/docgen/support-matrix');
  expect(matrix.body.lines.find((l: any) => l.line === '9.1')).toMatchObject({ status: 'supported', successor: '9.2', patchesUntil: '2022-10-01' });

  // After the window (contract still paid: renew 2022 and 2023).
  h.clock.set('2023-01-10T10:00:00Z');
  await h.call('POST', '/v1/billing/run', { date: '2023-01-10' });
  const invoices = (await h.call('GET', `/v1/customers/${customerId}/invoices`)).body.invoices.filter((i: any) => i.status === 'open');
  expect(invoices.map((i: any) => i.periodStart)).toEqual(['2023-01-01']);
  for (const inv of invoices) await h.call('POST', `/v1/invoices/${inv.id}/payments`, { amount: inv.total.amount, paidAt: '2023-01-09T10:00:00Z', reference: `R-${inv.id}` });

  const refused = await publish(h, 'docgen', { version: '1.3.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.1', '9.2'] });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'legacy_window_closed', field: 'metadata.lines' });
  expect((await h.call('GET', '/v1/addons/docgen/releases')).body.releases.map((r: any) => r.version)).not.toContain('1.3.0.0');

  const current = await publish(h, 'docgen', { version: '1.3.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] });
  expect(current.status).toBe(201);
  const custom = await publish(h, 'docgen', { version: '1.3.0.1', kind: 'patch', platform: 'dynamics365', lines: ['9.1'], customFor: [customerId] });
  expect(custom.status).toBe(201);

  check = await checkUpdates(h, licenceKey, 'org-legacy', '1.0.0.0', V91);
  expect(versions(check.body.updates)).toEqual(['1.3.0.1', '1.2.0.0', '1.0.1.0']);
  expect(reasonOf(check, '1.3.0.0')).toBe('platform_incompatible');

  // Another customer on 9.1 does not get the custom build.
  const other = await customerWithOrder(h, '2023-01-10');
  await h.call('POST', `/v1/invoices/${other.invoice.id}/payments`, { amount: other.invoice.total.amount, paidAt: '2023-01-10T09:00:00Z', reference: 'O-1' });
  await activate(h, other.licenceKey, 'org-other-91', V91);
  const otherCheck = await checkUpdates(h, other.licenceKey, 'org-other-91', '1.0.0.0', V91);
  expect(versions(otherCheck.body.updates)).toEqual(['1.2.0.0', '1.0.1.0']);
  expect(reasonOf(otherCheck, '1.3.0.1')).toBe('legacy_window_closed');

  // explain says the same.
  const explain = await h.call('GET', `/v1/customers/${other.customerId}/releases/${custom.body.id}/eligibility`);
  expect(explain.body).toMatchObject({ eligible: false, reason: 'legacy_window_closed', line: '9.1', orgId: 'org-other-91' });
  expect(explain.body.message).toMatch(/Upgrade your CRM/);
});

test('a platform line whose mainstream support ends before its release is refused and not stored (issue #12)', async () => {
  const before = await h.call('GET', '/v1/platforms/dynamics365/lines');
  const res = await h.call('POST', '/v1/platforms/dynamics365/lines', { line: '9.7', releasedOn: '2030-04-01', mainstreamEndsOn: '2030-03-31' });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'mainstreamEndsOn' });
  expect(res.body.error.message).toContain('2030-03-31 is before the line');
  const after = await h.call('GET', '/v1/platforms/dynamics365/lines');
  expect(after.body.lines).toEqual(before.body.lines);
  expect(after.body.lines.map((l: { line: string }) => l.line)).not.toContain('9.7');
});
