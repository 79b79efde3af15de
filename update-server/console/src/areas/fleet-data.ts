/**
 * The Fleet area's numbers (issue #15 item 3), worked out from the API's answers and nothing else: pure functions, so
 * the page, its chart and the chart's table show the same counts, and a test can check them against `GET /v1/fleet`.
 * The words for a withheld release are license-core's `describeReason` (the update check's and the add-on page's own
 * source, decision C22), imported from its pure module so the console bundles no other part of license-core.
 */
import { addDays, addMonths, dayNumber } from '@crm-assurance/license-core/src/calendar-date';
import { describeReason } from '@crm-assurance/license-core/src/reasons';
import { INELIGIBLE_REASONS, type IneligibleReason } from '@crm-assurance/license-core/src/vocabulary';
import type { SupportMatrix } from '../../../src/api/addons';
import type { FleetRow, InstallOutcomeDays } from '../../../src/api/fleet';

export type { FleetReport, FleetRow, InstallOutcomeDays } from '../../../src/api/fleet';
export type { SupportMatrix } from '../../../src/api/addons';

export const PLATFORMS = [
  { id: 'dynamics365', label: 'Dynamics 365' },
  { id: 'odoo', label: 'Odoo' },
] as const;
export type PlatformId = (typeof PLATFORMS)[number]['id'];

/** The reason filter's choices: each reason code, and "offered". */
export const REASON_FILTERS = ['offered', ...INELIGIBLE_REASONS] as const;

/** Short labels of the reason codes for filters and badges; the full sentence is describeReason's. */
export const REASON_LABELS: Record<(typeof REASON_FILTERS)[number], string> = {
  offered: 'Offered an update',
  not_licensed: 'Not licensed',
  feature_not_licensed: 'Feature not licensed',
  assurance_terminated: 'Assurance terminated',
  not_covered: 'Not covered',
  not_paid: 'Renewal not paid',
  hotfix_requires_agreement: 'Hot-fix needs an agreement',
  platform_incompatible: 'Not made for its CRM version',
  legacy_window_closed: 'Legacy window closed',
  legacy_patch_only: 'Legacy line: fixes only',
  not_targeted: 'Not targeted (yet)',
};

/** What the admin reads on the add-on's page for this version and reason (license-core, as the update check says it). */
export function reasonWords(reason: IneligibleReason, version: string): string {
  return describeReason(reason, { version });
}

/** Compares dotted numbers ("9.2" < "10.0", "2.0.10.0" > "2.0.9.0"). */
export function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/** The org's id in the console's address: `<customerId>:<orgId>` (decision C21). */
export const orgKey = (row: Pick<FleetRow, 'customerId' | 'orgId'>): string => `${row.customerId}:${row.orgId}`;
export function parseOrgKey(key: string): { customerId: string; orgId: string } | undefined {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return undefined;
  return { customerId: key.slice(0, at), orgId: key.slice(at + 1) };
}

export interface VersionsByLine {
  /** CRM lines with at least one org of the add-on, oldest first. */
  lines: string[];
  /** Installed versions, oldest first. */
  versions: string[];
  /** count[line][version]: orgs on that line with that version installed. */
  count: Record<string, Record<string, number>>;
  /** Orgs per line. */
  lineTotals: Record<string, number>;
  /** Orgs of the add-on with a version (the chart's total). */
  total: number;
}

/**
 * Orgs by CRM line and installed version of one add-on (decision C20): the fleet rows of that add-on with an
 * installed version (an org's last update check reported it). Rows of other add-ons, or without a check, do not count.
 */
export function versionsByLine(rows: readonly FleetRow[], addon: string): VersionsByLine {
  const count: Record<string, Record<string, number>> = {};
  const versions = new Set<string>();
  for (const row of rows) {
    if (row.addon !== addon || row.installedVersion === undefined) continue;
    const perLine = (count[row.line] ??= {});
    perLine[row.installedVersion] = (perLine[row.installedVersion] ?? 0) + 1;
    versions.add(row.installedVersion);
  }
  const lines = Object.keys(count).sort(compareDotted);
  const lineTotals = Object.fromEntries(lines.map((l) => [l, Object.values(count[l]!).reduce((a, b) => a + b, 0)]));
  return { lines, versions: [...versions].sort(compareDotted), count, lineTotals, total: Object.values(lineTotals).reduce((a, b) => a + b, 0) };
}

export interface ClosingLine {
  platform: string;
  line: string;
  patchesUntil: string;
  successor?: string;
  /** The window has ended already (patchesUntil before today), and orgs are still on the line. */
  closed: boolean;
  /** Days from today to patchesUntil (negative: closed that many days ago). */
  daysLeft: number;
  orgs: FleetRow[];
}

/**
 * Lines whose legacy window closes within `months` of today, and lines whose window has closed already while orgs
 * of the add-on are still on them (decision C23): from the support matrix's `patchesUntil` and the fleet rows.
 */
export function closingLines(matrix: SupportMatrix, rows: readonly FleetRow[], today: string, platform: string, months = 6): ClosingLine[] {
  const horizon = addMonths(today, months);
  const result: ClosingLine[] = [];
  for (const l of matrix.lines) {
    if (l.platform !== platform || l.patchesUntil === undefined) continue;
    const orgs = rows.filter((r) => r.platform === l.platform && r.line === l.line && r.addon === matrix.addon);
    const closed = l.patchesUntil < today;
    if (closed ? orgs.length === 0 : l.patchesUntil > horizon) continue;
    result.push({
      platform: l.platform,
      line: l.line,
      patchesUntil: l.patchesUntil,
      ...(l.successor !== undefined ? { successor: l.successor } : {}),
      closed,
      daysLeft: dayNumber(l.patchesUntil) - dayNumber(today),
      orgs,
    });
  }
  return result.sort((a, b) => (a.patchesUntil < b.patchesUntil ? -1 : a.patchesUntil > b.patchesUntil ? 1 : compareDotted(a.line, b.line)));
}

export interface OutcomeBucket {
  /** The first day of the bucket (a day, or the Monday a week starts with). */
  start: string;
  end: string;
  succeeded: number;
  failed: number;
  rolled_back: number;
}

/** The install outcomes per day, or summed per week (Monday to Sunday, cut at the range's ends) for a long range. */
export function outcomeBuckets(answer: InstallOutcomeDays, by: 'day' | 'week'): OutcomeBucket[] {
  const buckets: OutcomeBucket[] = [];
  for (const d of answer.days) {
    // dayNumber 0 is 1970-01-01, a Thursday: (n + 3) % 7 is 0 on a Monday.
    const startsWeek = (dayNumber(d.date) + 3) % 7 === 0;
    const last = buckets[buckets.length - 1];
    if (by === 'week' && last !== undefined && !startsWeek) {
      last.end = d.date;
      last.succeeded += d.succeeded;
      last.failed += d.failed;
      last.rolled_back += d.rolled_back;
    } else buckets.push({ start: d.date, end: d.date, succeeded: d.succeeded, failed: d.failed, rolled_back: d.rolled_back });
  }
  return buckets;
}

/** The range of the install chart: the last `days` days up to today (UTC). */
export function lastDays(today: string, days: number): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The org list's filters (the query string, decision C21): each row of the fleet report passes or not. */
export interface RowFilters {
  line?: string;
  reason?: string;
  q?: string;
}
export function filterRows(rows: readonly FleetRow[], f: RowFilters): FleetRow[] {
  const q = f.q?.trim().toLocaleLowerCase();
  return rows.filter((r) => {
    if (f.line && r.line !== f.line) return false;
    if (f.reason === 'offered' && !(r.offered?.length ?? 0)) return false;
    if (f.reason && f.reason !== 'offered' && !(r.withheld ?? []).some((g) => g.reason === f.reason)) return false;
    if (q && !`${r.customerName} ${r.orgId} ${r.orgUrl}`.toLocaleLowerCase().includes(q)) return false;
    return true;
  });
}
