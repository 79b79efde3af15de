/**
 * The fleet report's records on PostgreSQL (issue #14 item 4, decisions U71 and U72), as sqlite/fleet.ts: what each
 * org's last update check of an add-on said, and one snapshot of every activated org with its last check and last
 * install (ONE query), plus its customers' licences, invoices and payments (one query each), in one transaction.
 */
import { checkWindow, fleetAccounts, fleetEntry, PAYMENT_COLUMNS, type DataTuple, type PaymentTuple } from '../fleet-rows';
import type { FleetPart } from '../aggregates';
import type { FleetRead, FleetScope, FleetSnapshot, InstallOutcomeCount, InstallOutcomeQuery, UpdateCheckRecord } from '../store';
import { translateConstraintError } from './constraints';
import type { PgDb, Row } from './db';

/** The customers in scope ($1 partner id, $2 customer id, each NULL for any) that have an activated org. */
const SCOPED = `SELECT DISTINCT o.customer_id FROM orgs o JOIN customers c ON c.id = o.customer_id
  WHERE ($1::text IS NULL OR c.partner_id = $1::text) AND ($2::text IS NULL OR c.id = $2::text)`;

/** The install's add-on, as the installs_org_addon index reads it (migration 2). */
const INSTALL_ADDON = `((i.data::jsonb ->> 'addon') COLLATE "C")`;

const ENTRIES = `
  WITH last_installs AS (
    SELECT DISTINCT ON (i.org_id, ${INSTALL_ADDON}) i.org_id, ${INSTALL_ADDON} AS addon, i.data
    FROM installs i WHERE i.customer_id IN (${SCOPED})
    ORDER BY i.org_id, ${INSTALL_ADDON}, i.recorded_at DESC, i.seq DESC
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

/** Install reports per UTC day and outcome (decision U90), as sqlite/fleet.ts: the date is the instant's first ten characters. */
const INSTALL_OUTCOMES_SQL = `
  SELECT substr(i.recorded_at, 1, 10) AS day, (i.data::jsonb ->> 'outcome') AS outcome, count(*) AS n
  FROM installs i JOIN customers c ON c.id = i.customer_id
  WHERE i.recorded_at >= $1 AND i.recorded_at < $2
    AND ($3::text IS NULL OR c.partner_id = $3::text) AND ($4::text IS NULL OR c.id = $4::text)
    AND ($5::text IS NULL OR ${INSTALL_ADDON} = $5::text)
    AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM orgs o WHERE o.org_id = i.org_id AND (o.data::jsonb ->> 'platform') = $6::text))
  GROUP BY 1, 2 ORDER BY 1, 2`;

export class PgFleet implements FleetPart {
  constructor(private readonly db: PgDb) {}

  async recordUpdateCheck(check: UpdateCheckRecord): Promise<void> {
    const { after, before } = checkWindow(check.checkedAt);
    // One statement, atomic on its own: no transaction of several round trips on every update check.
    try {
      await this.db.sql.run(
        `INSERT INTO update_checks (org_id, addon, customer_id, installed_version, platform_version, line, region, language, checked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (org_id, addon) DO UPDATE SET customer_id = excluded.customer_id, installed_version = excluded.installed_version,
           platform_version = excluded.platform_version, line = excluded.line, region = excluded.region, language = excluded.language,
           checked_at = excluded.checked_at
         WHERE update_checks.installed_version IS DISTINCT FROM excluded.installed_version
           OR update_checks.platform_version IS DISTINCT FROM excluded.platform_version
           OR update_checks.region IS DISTINCT FROM excluded.region OR update_checks.language IS DISTINCT FROM excluded.language
           OR update_checks.customer_id IS DISTINCT FROM excluded.customer_id
           OR update_checks.checked_at <= $10 OR update_checks.checked_at >= $11`,
        [check.orgId, check.addon, check.customerId, check.installedVersion, check.platformVersion, check.line, check.region ?? null, check.language ?? null, check.checkedAt, after, before],
      );
    } catch (error) {
      throw translateConstraintError(error);
    }
  }

  fleet(scope: FleetScope, read: FleetRead = {}): Promise<FleetSnapshot> {
    const params = [scope.partnerId ?? null, scope.customerId ?? null];
    // One transaction (it writes nothing): the four statements see one snapshot.
    return this.db.tx(async (sql) => {
      const entries = (await sql.rows(ENTRIES, params)).map(fleetEntry);
      if (read.accounts === false) return { entries };
      const licences = await sql.rows(`SELECT customer_id, data FROM licences WHERE customer_id IN (${SCOPED}) ORDER BY seq`, params);
      const invoices = await sql.rows(`SELECT customer_id, data FROM invoices WHERE customer_id IN (${SCOPED}) ORDER BY period_start, issued_on, seq`, params);
      const payments = await sql.rows(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE customer_id IN (${SCOPED}) ORDER BY paid_at, seq`, params);
      const pair = (r: Row): DataTuple => [r.customer_id, r.data];
      const paymentTuple = (r: Row): PaymentTuple => [r.customer_id, r.id, r.invoice_id, r.amount, r.currency, r.paid_at, r.reference, r.created_at];
      const accounts = fleetAccounts(licences.map(pair), invoices.map(pair), payments.map(paymentTuple));
      return { entries, accounts };
    });
  }

  async installOutcomes(query: InstallOutcomeQuery): Promise<InstallOutcomeCount[]> {
    const rows = await this.db.sql.rows(INSTALL_OUTCOMES_SQL, [query.from, query.to, query.partnerId ?? null, query.customerId ?? null, query.addon ?? null, query.platform ?? null]);
    return rows.map((r) => ({ day: String(r.day), outcome: r.outcome as InstallOutcomeCount['outcome'], count: Number(r.n) }));
  }
}
