/**
 * The console's Fleet numbers (update-server/console/src/areas/fleet-data.ts, decisions C20–C25): pure functions over
 * the API's answers, so what the chart, its table and the legacy list show is checked here at its edges (the Chromium
 * suite checks them against the demo's API answers).
 */
import { describeReason } from '@crm-assurance/license-core';
import { closingLines, compareDotted, filterRows, outcomeBuckets, parseOrgKey, reasonWords, versionsByLine, type FleetRow, type SupportMatrix } from '../console/src/areas/fleet-data';

const row = (orgId: string, line: string, installedVersion: string | undefined, extra: Partial<FleetRow> = {}): FleetRow => ({
  customerId: `cus_${orgId}`,
  customerName: `Customer ${orgId}`,
  orgId,
  orgUrl: `https://${orgId}.crm4.dynamics.com`,
  environment: 'production',
  platform: 'dynamics365',
  platformVersion: `${line}.0.1`,
  line,
  addon: 'docgen',
  ...(installedVersion !== undefined ? { installedVersion } : {}),
  ...extra,
});

test('orgs by line and version: one add-on, only orgs that reported a version; lines and versions in numeric order', () => {
  const rows = [row('a', '9.2', '2.10.0.0'), row('b', '9.2', '2.9.0.0'), row('c', '9.2', '2.10.0.0'), row('d', '10.0', '3.0.0.0'), row('e', '9.1', undefined), row('f', '9.1', '1.0.0.0', { addon: 'mailsync' })];
  const counts = versionsByLine(rows, 'docgen');
  expect(counts.lines).toEqual(['9.2', '10.0']);
  expect(counts.versions).toEqual(['2.9.0.0', '2.10.0.0', '3.0.0.0']);
  expect(counts.count).toEqual({ '9.2': { '2.10.0.0': 2, '2.9.0.0': 1 }, '10.0': { '3.0.0.0': 1 } });
  expect(counts.lineTotals).toEqual({ '9.2': 3, '10.0': 1 });
  expect(counts.total).toBe(4);
  expect(compareDotted('9.2', '10.0')).toBeLessThan(0);
});

test('legacy lines: patches until within six months of today (the last day included), or closed with orgs still on it', () => {
  const line = (l: string, patchesUntil?: string) => ({ platform: 'dynamics365' as const, line: l, releasedOn: '2018-10-01', mainstreamEndsOn: '2023-10-01', status: 'supported' as const, ...(patchesUntil ? { patchesUntil, successor: 'next' } : {}) });
  const matrix: SupportMatrix = {
    addon: 'docgen',
    name: 'DocGen',
    lines: [line('8.0', '2020-01-01'), line('8.2', '2021-01-01'), line('9.0', '2026-05-29'), line('9.1', '2026-05-30'), line('9.2', '2025-11-29'), line('9.3')],
  };
  const rows = [row('old', '8.2', '1.0.0.0'), row('edge', '9.0', '1.0.0.0'), row('other-addon', '8.0', '1.0.0.0', { addon: 'mailsync' })];
  const closing = closingLines(matrix, rows, '2025-11-29', 'dynamics365');
  // 8.0 is closed with no docgen org on it: left out; 9.1 closes a day after the six months; 9.2 closes today.
  expect(closing.map((l) => [l.line, l.closed, l.daysLeft, l.orgs.map((o) => o.orgId)])).toEqual([
    ['8.2', true, -1793, ['old']],
    ['9.2', false, 0, []],
    ['9.0', false, 181, ['edge']],
  ]);
  expect(closingLines(matrix, rows, '2025-11-29', 'odoo')).toEqual([]);
});

test('install outcomes per week: Monday to Sunday, cut at the range’s ends, nothing lost', () => {
  const day = (date: string, succeeded: number, failed = 0, rolled_back = 0) => ({ date, succeeded, failed, rolled_back });
  // 2026-11-26 is a Thursday; 2026-11-30 a Monday.
  const answer = { from: '2026-11-26', to: '2026-12-01', timeZone: 'UTC' as const, outcomes: ['succeeded' as const, 'failed' as const, 'rolled_back' as const], totals: { succeeded: 6, failed: 1, rolled_back: 1 }, days: [day('2026-11-26', 1), day('2026-11-27', 0, 1), day('2026-11-28', 0), day('2026-11-29', 2, 0, 1), day('2026-11-30', 3), day('2026-12-01', 0)] };
  expect(outcomeBuckets(answer, 'week')).toEqual([
    { start: '2026-11-26', end: '2026-11-29', succeeded: 3, failed: 1, rolled_back: 1 },
    { start: '2026-11-30', end: '2026-12-01', succeeded: 3, failed: 0, rolled_back: 0 },
  ]);
  expect(outcomeBuckets(answer, 'day')).toHaveLength(6);
});

test('the org address, the list filters, and the reasons in license-core’s own words', () => {
  expect(parseOrgKey('cus_1:org:with:colons')).toEqual({ customerId: 'cus_1', orgId: 'org:with:colons' });
  expect(parseOrgKey(':org')).toBeUndefined();
  expect(parseOrgKey('cus_1:')).toBeUndefined();
  const rows = [
    row('paid', '9.2', '1.0.0.0', { offered: ['1.1.0.0'], withheld: [] }),
    row('unpaid', '9.2', '1.0.0.0', { offered: [], withheld: [{ reason: 'not_paid', message: describeReason('not_paid'), versions: ['1.1.0.0'] }] }),
    row('legacy', '9.1', '1.0.0.0', { customerName: 'Wingtip Toys', offered: [], withheld: [] }),
  ];
  expect(filterRows(rows, { reason: 'offered' }).map((r) => r.orgId)).toEqual(['paid']);
  expect(filterRows(rows, { reason: 'not_paid' }).map((r) => r.orgId)).toEqual(['unpaid']);
  expect(filterRows(rows, { line: '9.1' }).map((r) => r.orgId)).toEqual(['legacy']);
  expect(filterRows(rows, { q: ' wingTIP ' }).map((r) => r.orgId)).toEqual(['legacy']);
  expect(reasonWords('not_paid', '3.0.0.0')).toBe(describeReason('not_paid', { version: '3.0.0.0' }));
});
