/**
 * `GET /v1/fleet` (issue #14 item 4, decisions U71–U74): every activated org with each add-on it checked for, the
 * installed version its last update check reported, its CRM version and line, the last check and the last install,
 * and the releases newer than the installed one: offered, or withheld with license-core's reason and plain words.
 *
 * The judgement is the update check's own (update-judgement.ts: license-core's eligibleUpdates with the same inputs),
 * as of now, or of the end of the `asOf` calendar date in the vendor's time zone. Filters: `addon`, `platform`, `line`,
 * `reason` (a reason code, or `offered`), `customer`; a partner key sees its own customers' orgs only. JSON, or CSV for
 * a spreadsheet (`Accept: text/csv` or `?format=csv`, RFC 4180, one column per reason code).
 */
import { addDays, calendarDateOf, describeReason, INELIGIBLE_REASONS, instantMillis, startOfDayInstant, type IneligibleReason, type Instant } from '@crm-assurance/license-core';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { FleetReport, FleetRow } from '../api/fleet';
import type { AppContext } from '../app-context';
import { partnerScope, requireRole } from '../auth/vendor-auth';
import type { FleetAccount, FleetEntry, FleetScope, VendorSettings } from '../store/store';
import { addonReleases, judgeUpdates, type AddonReleases } from '../update-judgement';
import { calendarDate, lineName, platform, slug } from './schemas';

export const FLEET_REASONS = [...INELIGIBLE_REASONS, 'offered'] as const;

/** The filters; an unknown parameter is refused too (a misspelt filter must not answer the whole fleet). */
export const fleetQuery = z.strictObject({
  addon: slug.optional().describe('only this add-on'),
  platform: platform.optional().describe('only orgs on this CRM platform'),
  line: lineName.optional().describe('only orgs on this CRM line (as their last update check reported it)'),
  reason: z.enum(FLEET_REASONS).optional().describe('only rows with a release withheld for this reason, or (`offered`) with a release offered'),
  customer: z.string().min(1).max(100).optional().describe('only this customer’s orgs'),
  asOf: calendarDate.optional().describe('judge as of the end of this date in the vendor’s time zone (default: now)'),
  format: z.enum(['json', 'csv']).optional().describe('json (default) or csv; also chosen by `Accept: text/csv`'),
});
type FleetQuery = z.output<typeof fleetQuery>;

/** The instant judged: now, or the last millisecond of the `asOf` date in the vendor's zone (decision U74). */
function judgedInstant(ctx: AppContext, settings: VendorSettings, asOf: string | undefined): Instant {
  if (asOf === undefined) return ctx.asOf();
  return new Date(instantMillis(startOfDayInstant(addDays(asOf, 1), settings.timeZone)) - 1).toISOString();
}

/** One report row of a stored entry: the judgement only for an entry with an update check (U71). */
function reportRow(entry: FleetEntry, judge: (entry: FleetEntry) => ReturnType<typeof judgeUpdates> | undefined): FleetRow {
  const { customer, org, check, lastInstall } = entry;
  const row: FleetRow = {
    customerId: customer.id,
    customerName: customer.name,
    orgId: org.orgId,
    orgUrl: org.orgUrl,
    environment: org.environment,
    platform: org.platform,
    platformVersion: check?.platformVersion ?? org.platformVersion,
    line: check?.line ?? org.line,
  };
  if (entry.addon !== undefined) row.addon = entry.addon;
  if (check !== undefined) {
    row.installedVersion = check.installedVersion;
    row.checkedAt = check.checkedAt;
  }
  if (lastInstall !== undefined) {
    row.lastInstall = {
      outcome: lastInstall.outcome,
      fromVersion: lastInstall.fromVersion,
      toVersion: lastInstall.toVersion,
      recordedAt: lastInstall.recordedAt,
      ...(lastInstall.error !== undefined ? { error: lastInstall.error } : {}),
    };
  }
  const judgement = judge(entry);
  if (judgement !== undefined) {
    row.offered = judgement.offered.map((r) => r.version);
    const groups = new Map<IneligibleReason, string[]>();
    for (const { release, reason } of judgement.withheld) {
      let list = groups.get(reason);
      if (list === undefined) groups.set(reason, (list = []));
      list.push(release.version);
    }
    row.withheld = INELIGIBLE_REASONS.filter((r) => groups.has(r)).map((reason) => ({ reason, message: REASON_WORDS[reason], versions: groups.get(reason)! }));
  }
  return row;
}

/** license-core's words for each reason, of a group of releases ("This update …"), worked out once. */
const REASON_WORDS = Object.fromEntries(INELIGIBLE_REASONS.map((r) => [r, describeReason(r)])) as Record<IneligibleReason, string>;

function matches(row: FleetRow, query: FleetQuery): boolean {
  if (query.addon !== undefined && row.addon !== query.addon) return false;
  if (query.platform !== undefined && row.platform !== query.platform) return false;
  if (query.line !== undefined && row.line !== query.line) return false;
  if (query.reason === 'offered') return (row.offered?.length ?? 0) > 0;
  if (query.reason !== undefined) return row.withheld?.some((g) => g.reason === query.reason) ?? false;
  return true;
}

/**
 * The customers' licences, invoices and payments of the last report, per scope, kept while the manifest serial stands
 * (decision U74): every write to them moves the serial (U77), while update checks and install reports, which change
 * often, do not and are read anew each time. Reading and parsing the accounts was the largest part of a report.
 */
interface KeptAccounts {
  serial: number;
  accounts: Map<string, FleetAccount>;
}
const keptAccounts = new WeakMap<AppContext, Map<string, KeptAccounts>>();
const KEPT_SCOPES = 8;

async function fleetSnapshot(ctx: AppContext, scope: FleetScope, serial: number): Promise<{ entries: FleetEntry[]; accounts: Map<string, FleetAccount> }> {
  let kept = keptAccounts.get(ctx);
  if (kept === undefined) keptAccounts.set(ctx, (kept = new Map()));
  const scopeKey = `${scope.partnerId ?? ''}|${scope.customerId ?? ''}`;
  const hit = kept.get(scopeKey);
  if (hit !== undefined && hit.serial === serial) {
    const { entries } = await ctx.store.fleet(scope, { accounts: false });
    // An org activated since (activation moves no serial) may be the first of a customer the kept scope left out
    // (a scoped snapshot reads the accounts of customers with an org): then everything is read again.
    if (entries.every((e) => hit.accounts.has(e.customer.id))) return { entries, accounts: hit.accounts };
  }
  const snapshot = await ctx.store.fleet(scope);
  const accounts = snapshot.accounts ?? new Map<string, FleetAccount>();
  // Read after the serial, the accounts are at least as new as it: kept under it, they are never older than the key.
  kept.delete(scopeKey);
  kept.set(scopeKey, { serial, accounts });
  if (kept.size > KEPT_SCOPES) kept.delete(kept.keys().next().value as string);
  return { entries: snapshot.entries, accounts };
}

/**
 * Each entry's judgement of the last reports, kept under the manifest serial and the day judged (or the `asOf` date
 * asked for), as the update check keeps its answer (U77): the entry's key holds everything else the judgement reads
 * (the org, the add-on, what its last check said, the customer record as stored). Judged as of now, a kept judgement
 * holds until the first instant the data names after it (a release published, coverage starting, a termination).
 */
type Judgement = ReturnType<typeof judgeUpdates>;
interface KeptJudgements {
  key: string;
  judgements: Map<string, { judgement: Judgement; until: number }>;
}
const keptJudgements = new WeakMap<AppContext, KeptJudgements[]>();
const KEPT_DAYS = 4;

function judgementsOf(ctx: AppContext, key: string): Map<string, { judgement: Judgement; until: number }> {
  let all = keptJudgements.get(ctx);
  if (all === undefined) keptJudgements.set(ctx, (all = []));
  let kept = all.find((k) => k.key === key);
  if (kept === undefined) {
    kept = { key, judgements: new Map() };
    all.push(kept);
    if (all.length > KEPT_DAYS) all.shift();
  }
  return kept.judgements;
}

/** The report: one snapshot of the store, the judgement per entry with an update check, the filters (U72, U73). */
export async function fleetReport(ctx: AppContext, scope: FleetScope, query: FleetQuery): Promise<FleetReport> {
  const settings = await ctx.settings();
  const asOf = judgedInstant(ctx, settings, query.asOf);
  // The serial first: what is read after it is at least as new (U77).
  const serial = await ctx.store.manifestSerial();
  const [snapshot, lines] = await Promise.all([fleetSnapshot(ctx, scope, serial), ctx.store.listPlatformLines()]);
  const entries = snapshot.entries.filter(
    (e) =>
      (query.addon === undefined || e.addon === query.addon) &&
      (query.platform === undefined || e.org.platform === query.platform) &&
      (query.line === undefined || (e.check?.line ?? e.org.line) === query.line),
  );
  // Each add-on's releases once (the update check's compiled set, keyed by the manifest serial). As of a past date,
  // only what was published by then: a later release did not exist yet, so it is neither offered nor withheld.
  const asOfMs = instantMillis(asOf);
  const releases = new Map<string, AddonReleases>();
  for (const addon of new Set(entries.flatMap((e) => (e.check !== undefined ? [e.check.addon] : [])))) {
    const all = await ctx.store.listReleases(addon);
    releases.set(
      addon,
      query.asOf === undefined ? addonReleases(addon, all, serial) : addonReleases(addon, all.filter((r) => Date.parse(r.publishedAt) <= asOfMs), `${serial}@${asOf}`),
    );
  }
  // The first publication after now of each add-on's releases (a release published later is offered from then on).
  const nextReleases = new Map<string, number>();
  const nextRelease = (addon: string): number => {
    let next = nextReleases.get(addon);
    if (next === undefined) {
      next = Math.min(Infinity, ...[...releases.get(addon)!.byId.values()].map((r) => Date.parse(r.publishedAt)).filter((ms) => ms > asOfMs));
      nextReleases.set(addon, next);
    }
    return next;
  };
  const kept = judgementsOf(ctx, `${serial}|${query.asOf !== undefined ? asOf : calendarDateOf(asOf, settings.timeZone)}`);
  const judge = (entry: FleetEntry): Judgement | undefined => {
    const check = entry.check;
    if (check === undefined) return undefined;
    const key = [entry.org.orgId, entry.org.platform, check.addon, check.platformVersion, check.installedVersion, check.region ?? '', check.language ?? '', JSON.stringify(entry.customer)].join('|');
    const hit = kept.get(key);
    if (hit !== undefined && asOfMs < hit.until) return hit.judgement;
    const judgement = judgeNow(entry, check);
    const later = [judgement.tenant.terminatedAt, ...judgement.tenant.coverage.map((c) => c.activeFrom)]
      .map((at) => (at === undefined ? NaN : Date.parse(at)))
      .filter((ms) => ms > asOfMs);
    kept.set(key, { judgement, until: query.asOf !== undefined ? Infinity : Math.min(nextRelease(check.addon), ...later) });
    return judgement;
  };
  const judgeNow = (entry: FleetEntry, check: NonNullable<FleetEntry['check']>): Judgement => {
    const account = snapshot.accounts.get(entry.customer.id) ?? { licences: [], invoices: [], payments: [] };
    return judgeUpdates({
      account: { customer: entry.customer, ...account },
      settings,
      asOf,
      platform: entry.org.platform,
      platformVersion: check.platformVersion,
      ...(check.region !== undefined ? { region: check.region } : {}),
      ...(check.language !== undefined ? { language: check.language } : {}),
      installedVersion: check.installedVersion,
      releases: releases.get(check.addon)!,
      lines,
    });
  };
  const rows = entries.map((e) => reportRow(e, judge)).filter((r) => matches(r, query));
  return { asOf, count: rows.length, rows };
}

// --- CSV (RFC 4180) ------------------------------------------------------------------------------------------------

const FIXED_COLUMNS = [
  'as_of',
  'customer_id',
  'customer_name',
  'org_id',
  'org_url',
  'environment',
  'platform',
  'platform_version',
  'line',
  'addon',
  'installed_version',
  'last_check_at',
  'last_install_outcome',
  'last_install_from',
  'last_install_to',
  'last_install_at',
  'last_install_error',
  'offered_count',
  'newest_offered',
  'offered_versions',
  'withheld_count',
] as const;

/** The header: the fixed columns, then one column per reason code in the SPEC's order (decision U72). */
export const FLEET_CSV_HEADER: readonly string[] = [...FIXED_COLUMNS, ...INELIGIBLE_REASONS.map((r) => `withheld_${r}`)];

/**
 * One field, quoted as RFC 4180 §2 says when it holds a comma, a quote or a line break (quotes doubled). A field a
 * spreadsheet would run as a formula (=, +, -, @, tab or carriage return first: OWASP "CSV injection") gets a leading
 * apostrophe: customer names and install errors come from partners and add-ons (decision U72).
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function fleetCsv(report: FleetReport): string {
  const lines = [FLEET_CSV_HEADER.join(',')];
  for (const row of report.rows) {
    const byReason = new Map((row.withheld ?? []).map((g) => [g.reason, g.versions.join(' ')]));
    const withheldCount = (row.withheld ?? []).reduce((n, g) => n + g.versions.length, 0);
    const judged = row.offered !== undefined;
    const fields: Array<string | number | undefined> = [
      report.asOf,
      row.customerId,
      row.customerName,
      row.orgId,
      row.orgUrl,
      row.environment,
      row.platform,
      row.platformVersion,
      row.line,
      row.addon,
      row.installedVersion,
      row.checkedAt,
      row.lastInstall?.outcome,
      row.lastInstall?.fromVersion,
      row.lastInstall?.toVersion,
      row.lastInstall?.recordedAt,
      row.lastInstall?.error,
      judged ? row.offered!.length : undefined,
      row.offered?.[0],
      row.offered?.join(' '),
      judged ? withheldCount : undefined,
      ...INELIGIBLE_REASONS.map((r) => byReason.get(r)),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  // CRLF line breaks (RFC 4180 §2.1), a final one too; a BOM so that spreadsheets read the file as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function wantsCsv(req: Request, query: FleetQuery): boolean {
  if (query.format !== undefined) return query.format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

export function fleetRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(
    '/v1/fleet',
    requireRole('publisher', 'billing', 'partner'),
    route(async (req, res) => {
      const query = validate(fleetQuery, req.query);
      const partnerId = partnerScope(req);
      const scope: FleetScope = { ...(partnerId !== undefined ? { partnerId } : {}), ...(query.customer !== undefined ? { customerId: query.customer } : {}) };
      const report = await fleetReport(ctx, scope, query);
      res.vary('Accept');
      if (wantsCsv(req, query)) {
        res.type('text/csv; charset=utf-8');
        res.attachment(`fleet-${report.asOf.slice(0, 10)}.csv`);
        res.send(fleetCsv(report));
        return;
      }
      res.json(report);
    }),
  );

  return router;
}
