/**
 * The fleet report's records on SQLite (issue #14 item 4, decisions U71 and U72): what each org's last update check of
 * an add-on said, and one snapshot of every activated org with its last check and last install (ONE query, however
 * many orgs), plus its customers' licences, invoices and payments (one query each), read at once.
 */
import { checkWindow, fleetAccounts, fleetEntry, PAYMENT_COLUMNS, type DataTuple, type PaymentTuple } from '../fleet-rows';
import type { Row } from '../rows';
import type { FleetPart } from '../aggregates';
import type { FleetRead, FleetScope, FleetSnapshot, InstallOutcomeCount, InstallOutcomeQuery, UpdateCheckRecord } from '../store';
import type { SqliteDb } from './db';

/** The customers in scope (@partner, @customer: NULL for any) that have an activated org. */
const SCOPED = `SELECT DISTINCT o.customer_id FROM orgs o JOIN customers c ON c.id = o.customer_id
  WHERE (@partner IS NULL OR c.partner_id = @partner) AND (@customer IS NULL OR c.id = @customer)`;

/**
 * Every org of the customers in scope with each add-on it checked for or reported an install of: the last check
 * (update_checks' primary key) and the last install (the newest report per org and add-on, by the installs_org_addon
 * index's expression). An org with neither is one row with a NULL add-on.
 */
const ENTRIES = `
  WITH last_installs AS (
    SELECT org_id, addon, data FROM (
      SELECT i.org_id, json_extract(i.data, '$.addon') AS addon, i.data,
        row_number() OVER (PARTITION BY i.org_id, json_extract(i.data, '$.addon') ORDER BY i.recorded_at DESC, i.rowid DESC) AS n
      FROM installs i WHERE i.customer_id IN (${SCOPED})
    ) WHERE n = 1
  ),
  pairs AS (
    SELECT org_id, addon FROM update_checks WHERE customer_id IN (${SCOPED})
    UNION SELECT org_id, addon FROM last_installs
  )
  SELECT c.id, c.name, c.partner_id, c.data, c.contract_start, c.terminated_at, c.termination_reason, c.cancellation, c.created_at,
    o.data AS org_data, p.addon AS entry_addon,
    u.installed_version AS check_installed_version, u.platform_version AS check_platform_version, u.line AS check_line,
    u.region AS check_region, u.language AS check_language, u.checked_at AS check_checked_at,
    li.data AS install_data
  FROM orgs o
  JOIN customers c ON c.id = o.customer_id
  LEFT JOIN pairs p ON p.org_id = o.org_id
  LEFT JOIN update_checks u ON u.org_id = p.org_id AND u.addon = p.addon
  LEFT JOIN last_installs li ON li.org_id = p.org_id AND li.addon = p.addon
  WHERE o.customer_id IN (${SCOPED})
  ORDER BY c.name, c.id, o.org_id, p.addon`;

/**
 * Install reports per UTC day and outcome (decision U90): `recorded_at` is an ISO instant in UTC, so its first ten
 * characters are its UTC date and a range of instants compares as text.
 */
const INSTALL_OUTCOMES_SQL = `
  SELECT substr(i.recorded_at, 1, 10) AS day, json_extract(i.data, '$.outcome') AS outcome, count(*) AS n
  FROM installs i JOIN customers c ON c.id = i.customer_id
  WHERE i.recorded_at >= @from AND i.recorded_at < @to
    AND (@partner IS NULL OR c.partner_id = @partner) AND (@customer IS NULL OR c.id = @customer)
    AND (@addon IS NULL OR json_extract(i.data, '$.addon') = @addon)
    AND (@platform IS NULL OR EXISTS (SELECT 1 FROM orgs o WHERE o.org_id = i.org_id AND json_extract(o.data, '$.platform') = @platform))
  GROUP BY day, outcome ORDER BY day, outcome`;

export class SqliteFleet implements FleetPart {
  constructor(private readonly db: SqliteDb) {}

  recordUpdateCheck(check: UpdateCheckRecord): Promise<void> {
    const { after, before } = checkWindow(check.checkedAt);
    return this.db.tx(() => {
      this.db
        .statement(
          `INSERT INTO update_checks (org_id, addon, customer_id, installed_version, platform_version, line, region, language, checked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (org_id, addon) DO UPDATE SET customer_id = excluded.customer_id, installed_version = excluded.installed_version,
             platform_version = excluded.platform_version, line = excluded.line, region = excluded.region, language = excluded.language,
             checked_at = excluded.checked_at
           WHERE update_checks.installed_version IS NOT excluded.installed_version OR update_checks.platform_version IS NOT excluded.platform_version
             OR update_checks.region IS NOT excluded.region OR update_checks.language IS NOT excluded.language
             OR update_checks.customer_id IS NOT excluded.customer_id OR update_checks.checked_at <= ? OR update_checks.checked_at >= ?`,
        )
        .run(check.orgId, check.addon, check.customerId, check.installedVersion, check.platformVersion, check.line, check.region ?? null, check.language ?? null, check.checkedAt, after, before);
    });
  }

  fleet(scope: FleetScope, read: FleetRead = {}): Promise<FleetSnapshot> {
    const params = { partner: scope.partnerId ?? null, customer: scope.customerId ?? null };
    // One read transaction (it writes nothing): the four statements see one snapshot.
    return this.db.tx(() => {
      const entries = (this.db.statement(ENTRIES).all(params) as Row[]).map(fleetEntry);
      if (read.accounts === false) return { entries };
      // Unscoped, the whole tables (customers without an org add little); rows as arrays (decision U74).
      const where = scope.partnerId === undefined && scope.customerId === undefined ? '' : `WHERE customer_id IN (${SCOPED})`;
      const all = <T>(sql: string): T[] => (where === '' ? this.db.statement(sql).raw(true).all() : this.db.statement(sql).raw(true).all(params)) as T[];
      const licences = all<DataTuple>(`SELECT customer_id, data FROM licences ${where} ORDER BY rowid`);
      const invoices = all<DataTuple>(`SELECT customer_id, data FROM invoices ${where} ORDER BY period_start, issued_on, rowid`);
      const payments = all<PaymentTuple>(`SELECT ${PAYMENT_COLUMNS} FROM payments ${where} ORDER BY paid_at, rowid`);
      return { entries, accounts: fleetAccounts(licences, invoices, payments) };
    });
  }

  installOutcomes(query: InstallOutcomeQuery): Promise<InstallOutcomeCount[]> {
    const params = { from: query.from, to: query.to, partner: query.partnerId ?? null, customer: query.customerId ?? null, addon: query.addon ?? null, platform: query.platform ?? null };
    const rows = this.db.statement(INSTALL_OUTCOMES_SQL).all(params) as Array<{ day: string; outcome: InstallOutcomeCount['outcome']; n: number }>;
    return Promise.resolve(rows.map((r) => ({ day: r.day, outcome: r.outcome, count: Number(r.n) })));
  }
}
