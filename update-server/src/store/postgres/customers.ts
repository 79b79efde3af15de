/**
 * Customers and their contracts, orders with their licences and licence keys (U6), and the orgs bound to a customer
 * (U7), on PostgreSQL. An order's invoices are written through the billing part, in the order's own transaction.
 */
import { compact, json, optional, customer, licenceKey, order } from '../rows';
import { orgBinding, planLocked, type ContractPlan, type MaintenanceTerms } from '@crm-assurance/license-core';
import { StoreConflictError } from '../errors';
import type {
  BindOrgOutcome,
  CancellationRecord,
  ContractChange,
  CreditPolicy,
  CustomerRecord,
  InvoiceRecord,
  LicenceKeyRecord,
  LicenceRecord,
  NewOrder,
  OrderRecord,
  OrgRecord,
  } from '../store';
import type { CustomersPart } from '../aggregates';
import type { PgBilling } from './billing';
import type { PgDb, Sql } from './db';

export class PgCustomers implements CustomersPart {
  constructor(
    private readonly db: PgDb,
    private readonly billing: PgBilling,
  ) {}

  // --- customers and contracts ---------------------------------------------------------------------------------

  insertCustomer(record: CustomerRecord): Promise<void> {
    return this.db.tx(async (sql) => {
      const { region, language, edition, channel, plan, maintenance } = record;
      await sql.run(`INSERT INTO customers (id, name, partner_id, data, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        record.id,
        record.name,
        record.partnerId ?? null,
        JSON.stringify(compact({ region, language, edition, channel, plan, maintenance })),
        record.createdAt,
      ]);
    });
  }

  async getCustomer(id: string): Promise<CustomerRecord | undefined> {
    const row = await this.db.sql.row(`SELECT * FROM customers WHERE id = $1`, [id]);
    return row ? customer(row) : undefined;
  }

  async listCustomers(partnerId?: string): Promise<CustomerRecord[]> {
    const rows =
      partnerId !== undefined
        ? await this.db.sql.rows(`SELECT * FROM customers WHERE partner_id = $1 ORDER BY created_at, id`, [partnerId])
        : await this.db.sql.rows(`SELECT * FROM customers ORDER BY created_at, id`);
    return rows.map(customer);
  }

  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void> {
    return this.db.tx(async (sql) => {
      await sql.run(`UPDATE customers SET cancellation = $1 WHERE id = $2`, [JSON.stringify(cancellation), customerId]);
      await this.db.bumpSerial(sql);
    });
  }

  recordTermination(customerId: string, at: string, reason: string): Promise<number> {
    return this.db.tx(async (sql) => {
      await sql.run(`UPDATE customers SET terminated_at = $1, termination_reason = $2 WHERE id = $3 AND terminated_at IS NULL`, [at, reason, customerId]);
      return this.db.bumpSerial(sql);
    });
  }

  /** Sets the plan unless license-core's plan lock holds for the stored contract start (read and written atomically). */
  setCustomerPlan(customerId: string, plan: ContractPlan, maintenance?: MaintenanceTerms): Promise<boolean> {
    return this.db.tx(async (sql) => {
      const row = await sql.row(`SELECT data, contract_start FROM customers WHERE id = $1`, [customerId]);
      if (!row || planLocked(optional(row.contract_start))) return false;
      const data = { ...json<Record<string, unknown>>(row.data), plan, maintenance };
      await sql.run(`UPDATE customers SET data = $1 WHERE id = $2`, [JSON.stringify(compact(data)), customerId]);
      return true;
    });
  }

  /** Starts or re-concludes a contract, guarded by the start the caller saw (no lost update); inside a transaction. */
  private async applyContractChange(sql: Sql, customerId: string, change: ContractChange): Promise<void> {
    const row = await sql.row(`SELECT data, contract_start FROM customers WHERE id = $1`, [customerId]);
    const current = optional(row?.contract_start);
    if (!row || current !== change.expectedStart) {
      throw new StoreConflictError('order_conflict', 'another order or re-conclusion changed this contract meanwhile; retry', 'contract_start');
    }
    const data = json<Partial<CustomerRecord>>(row.data);
    const previousAgreements = [...(data.previousAgreements ?? []), ...(change.previousAgreement ? [change.previousAgreement] : [])];
    const next = compact({ ...data, plan: change.plan, maintenance: change.maintenance, previousAgreements: previousAgreements.length > 0 ? previousAgreements : undefined });
    await sql.run(`UPDATE customers SET contract_start = $1, cancellation = NULL, data = $2 WHERE id = $3`, [change.contractStart, JSON.stringify(next), customerId]);
  }

  reconclude(customerId: string, change: ContractChange, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void> {
    return this.db.tx(async (sql) => {
      await this.applyContractChange(sql, customerId, change);
      await this.billing.insertInvoicesWithCredit(sql, invoices, credit);
      await this.db.bumpSerial(sql);
    });
  }

  // --- orders, licences, licence keys ----------------------------------------------------------------------------

  insertOrder({ order: record, licences, licenceKey: key, invoices, contract }: NewOrder, credit: CreditPolicy): Promise<void> {
    return this.db.tx(async (sql) => {
      if (contract !== undefined) await this.applyContractChange(sql, record.customerId, contract);
      await this.billing.insertInvoicesWithCredit(sql, invoices, credit);
      // orders.invoice_id is NOT NULL as in SQLite; an order without an invoice stores ''.
      await sql.run(`INSERT INTO orders (id, customer_id, ordered_on, licence_key_id, invoice_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        record.id,
        record.customerId,
        record.orderedOn,
        record.licenceKeyId,
        record.invoiceId ?? '',
        record.createdAt,
      ]);
      for (const licence of licences) {
        await sql.run(`INSERT INTO licences (id, order_id, customer_id, data) VALUES ($1, $2, $3, $4)`, [licence.id, licence.orderId, licence.customerId, JSON.stringify(compact(licence))]);
      }
      await sql.run(`INSERT INTO licence_keys (id, customer_id, order_id, key_hash, hint, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        key.id,
        key.customerId,
        key.orderId,
        key.keyHash,
        key.hint,
        key.createdAt,
      ]);
      await this.db.bumpSerial(sql);
    });
  }

  async listOrders(customerId: string): Promise<OrderRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM orders WHERE customer_id = $1 ORDER BY ordered_on, created_at, id`, [customerId])).map(order);
  }

  async listLicences(customerId: string): Promise<LicenceRecord[]> {
    return (await this.db.sql.rows(`SELECT data FROM licences WHERE customer_id = $1 ORDER BY seq`, [customerId])).map((r) => json<LicenceRecord>(r.data));
  }

  async findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined> {
    const row = await this.db.sql.row(`SELECT * FROM licence_keys WHERE key_hash = $1`, [keyHash]);
    return row ? licenceKey(row) : undefined;
  }

  async listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM licence_keys WHERE customer_id = $1 ORDER BY created_at, id`, [customerId])).map(licenceKey);
  }

  reissueLicenceKey(customerId: string, keyId: string, change: { keyHash: string; hint: string; reissuedAt: string; reason: string }): Promise<LicenceKeyRecord | undefined> {
    return this.db.tx(async (sql) => {
      const row = await sql.row(`UPDATE licence_keys SET key_hash = $1, hint = $2, reissued_at = $3, reissue_reason = $4 WHERE id = $5 AND customer_id = $6 RETURNING *`, [
        change.keyHash,
        change.hint,
        change.reissuedAt,
        change.reason,
        keyId,
        customerId,
      ]);
      return row ? licenceKey(row) : undefined;
    });
  }

  // --- orgs (U7) -------------------------------------------------------------------------------------------------

  async getOrg(orgId: string): Promise<OrgRecord | undefined> {
    const row = await this.db.sql.row(`SELECT data FROM orgs WHERE org_id = $1`, [orgId]);
    return row ? json<OrgRecord>(row.data) : undefined;
  }

  async listOrgs(customerId: string): Promise<OrgRecord[]> {
    return (await this.db.sql.rows(`SELECT data FROM orgs WHERE customer_id = $1 ORDER BY seq`, [customerId])).map((r) => json<OrgRecord>(r.data));
  }

  /** Binds as license-core's orgBinding decides, on the stored facts read and written in one (SERIALIZABLE) transaction. */
  bindOrg(org: OrgRecord, sandboxLimit: number): Promise<BindOrgOutcome> {
    return this.db.tx(async (sql): Promise<BindOrgOutcome> => {
      const existingRow = await sql.row(`SELECT data FROM orgs WHERE org_id = $1`, [org.orgId]);
      const existing = existingRow ? json<OrgRecord>(existingRow.data) : undefined;
      const count = await sql.row(`SELECT COUNT(*) AS n FROM orgs WHERE customer_id = $1 AND environment = $2`, [org.customerId, org.environment]);
      const binding = orgBinding({ candidate: org, ...(existing ? { existing } : {}), boundInEnvironment: Number(count?.n), sandboxOrgsAllowed: sandboxLimit });
      if (binding.kind === 'updated') await sql.run(`UPDATE orgs SET data = $1 WHERE org_id = $2`, [JSON.stringify(binding.org), org.orgId]);
      if (binding.kind === 'bound') {
        await sql.run(`INSERT INTO orgs (org_id, customer_id, environment, data) VALUES ($1, $2, $3, $4)`, [org.orgId, org.customerId, org.environment, JSON.stringify(binding.org)]);
      }
      return binding;
    });
  }

  touchOrg(orgId: string, platformVersion: string, line: string, at: string): Promise<void> {
    return this.db.tx(async (sql) => {
      const row = await sql.row(`SELECT data FROM orgs WHERE org_id = $1`, [orgId]);
      if (!row) return;
      const org = json<OrgRecord>(row.data);
      await sql.run(`UPDATE orgs SET data = $1 WHERE org_id = $2`, [JSON.stringify({ ...org, platformVersion, line, lastSeenAt: at }), orgId]);
    });
  }
}
