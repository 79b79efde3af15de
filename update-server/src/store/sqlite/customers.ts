/**
 * Customers and their contracts (start, plan, cancellation, termination, re-conclusion), orders with their
 * licences and licence keys (U6), and the orgs bound to a customer (U7). An order's invoices are written through
 * the billing part, in the order's own transaction.
 */
import { compact, json, optional, customer, licenceKey, order, type Row } from '../rows';
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
import type { SqliteBilling } from './billing';
import type { SqliteDb } from './db';
import type { CustomersPart } from '../aggregates';

export class SqliteCustomers implements CustomersPart {
  constructor(
    private readonly db: SqliteDb,
    private readonly billing: SqliteBilling,
  ) {}

  // --- customers and contracts ---------------------------------------------------------------------------------

  insertCustomer(record: CustomerRecord): Promise<void> {
    return this.db.tx(() => {
      const { region, language, edition, channel, plan, maintenance } = record;
      this.db
        .statement(`INSERT INTO customers (id, name, partner_id, data, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(record.id, record.name, record.partnerId ?? null, JSON.stringify(compact({ region, language, edition, channel, plan, maintenance })), record.createdAt);
    });
  }

  getCustomer(id: string): Promise<CustomerRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT * FROM customers WHERE id = ?`).get(id) as Row | undefined;
      return row ? customer(row) : undefined;
    });
  }

  listCustomers(partnerId?: string): Promise<CustomerRecord[]> {
    return this.db.read(() => {
      const rows = (
        partnerId !== undefined
          ? this.db.statement(`SELECT * FROM customers WHERE partner_id = ? ORDER BY created_at, id`).all(partnerId)
          : this.db.statement(`SELECT * FROM customers ORDER BY created_at, id`).all()
      ) as Row[];
      return rows.map(customer);
    });
  }

  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void> {
    return this.db.tx(() => {
      this.db.statement(`UPDATE customers SET cancellation = ? WHERE id = ?`).run(JSON.stringify(cancellation), customerId);
      this.db.bumpSerial();
    });
  }

  recordTermination(customerId: string, at: string, reason: string): Promise<number> {
    return this.db.tx(() => {
      this.db
        .statement(`UPDATE customers SET terminated_at = ?, termination_reason = ? WHERE id = ? AND terminated_at IS NULL`)
        .run(at, reason, customerId);
      return this.db.bumpSerial();
    });
  }

  /** Sets the plan unless license-core's plan lock holds for the stored contract start (read and written atomically). */
  setCustomerPlan(customerId: string, plan: ContractPlan, maintenance?: MaintenanceTerms): Promise<boolean> {
    return this.db.tx(() => {
      const row = this.db.statement(`SELECT data, contract_start FROM customers WHERE id = ?`).get(customerId) as Row | undefined;
      if (!row || planLocked(optional(row.contract_start))) return false;
      const data = { ...json<Record<string, unknown>>(row.data), plan, maintenance };
      this.db.statement(`UPDATE customers SET data = ? WHERE id = ?`).run(JSON.stringify(compact(data)), customerId);
      return true;
    });
  }

  /** Starts or re-concludes a contract, guarded by the start the caller saw (no lost update); inside a transaction. */
  private applyContractChange(customerId: string, change: ContractChange): void {
    const row = this.db.statement(`SELECT data, contract_start FROM customers WHERE id = ?`).get(customerId) as Row | undefined;
    const current = optional(row?.contract_start);
    if (!row || current !== change.expectedStart) {
      throw new StoreConflictError('order_conflict', 'another order or re-conclusion changed this contract meanwhile; retry', 'contract_start');
    }
    const data = json<Partial<CustomerRecord>>(row.data);
    const previousAgreements = [...(data.previousAgreements ?? []), ...(change.previousAgreement ? [change.previousAgreement] : [])];
    const next = compact({ ...data, plan: change.plan, maintenance: change.maintenance, previousAgreements: previousAgreements.length > 0 ? previousAgreements : undefined });
    this.db.statement(`UPDATE customers SET contract_start = ?, cancellation = NULL, data = ? WHERE id = ?`).run(change.contractStart, JSON.stringify(next), customerId);
  }

  reconclude(customerId: string, change: ContractChange, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void> {
    return this.db.tx(() => {
      this.applyContractChange(customerId, change);
      this.billing.insertInvoicesWithCredit(invoices, credit);
      this.db.bumpSerial();
    });
  }

  // --- orders, licences, licence keys ----------------------------------------------------------------------------

  insertOrder({ order: record, licences, licenceKey: key, invoices, contract }: NewOrder, credit: CreditPolicy): Promise<void> {
    return this.db.tx(() => {
      if (contract !== undefined) this.applyContractChange(record.customerId, contract);
      this.billing.insertInvoicesWithCredit(invoices, credit);
      // orders.invoice_id is NOT NULL since migration 1; an order without an invoice stores ''.
      this.db
        .statement(`INSERT INTO orders (id, customer_id, ordered_on, licence_key_id, invoice_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(record.id, record.customerId, record.orderedOn, record.licenceKeyId, record.invoiceId ?? '', record.createdAt);
      const insertLicence = this.db.statement(`INSERT INTO licences (id, order_id, customer_id, data) VALUES (?, ?, ?, ?)`);
      for (const licence of licences) insertLicence.run(licence.id, licence.orderId, licence.customerId, JSON.stringify(compact(licence)));
      this.db
        .statement(`INSERT INTO licence_keys (id, customer_id, order_id, key_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(key.id, key.customerId, key.orderId, key.keyHash, key.hint, key.createdAt);
      this.db.bumpSerial();
    });
  }

  listOrders(customerId: string): Promise<OrderRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ordered_on, created_at, id`).all(customerId) as Row[]).map(order),
    );
  }

  listLicences(customerId: string): Promise<LicenceRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT data FROM licences WHERE customer_id = ? ORDER BY rowid`).all(customerId) as Row[]).map((r) => json<LicenceRecord>(r.data)),
    );
  }

  findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT * FROM licence_keys WHERE key_hash = ?`).get(keyHash) as Row | undefined;
      return row ? licenceKey(row) : undefined;
    });
  }

  listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT * FROM licence_keys WHERE customer_id = ? ORDER BY created_at, id`).all(customerId) as Row[]).map(licenceKey),
    );
  }

  reissueLicenceKey(customerId: string, keyId: string, change: { keyHash: string; hint: string; reissuedAt: string; reason: string }): Promise<LicenceKeyRecord | undefined> {
    return this.db.tx(() => {
      const updated = this.db
        .statement(`UPDATE licence_keys SET key_hash = ?, hint = ?, reissued_at = ?, reissue_reason = ? WHERE id = ? AND customer_id = ?`)
        .run(change.keyHash, change.hint, change.reissuedAt, change.reason, keyId, customerId);
      if (updated.changes === 0) return undefined;
      return licenceKey(this.db.statement(`SELECT * FROM licence_keys WHERE id = ?`).get(keyId) as Row);
    });
  }

  // --- orgs (U7) -------------------------------------------------------------------------------------------------

  getOrg(orgId: string): Promise<OrgRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT data FROM orgs WHERE org_id = ?`).get(orgId) as Row | undefined;
      return row ? json<OrgRecord>(row.data) : undefined;
    });
  }

  listOrgs(customerId: string): Promise<OrgRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT data FROM orgs WHERE customer_id = ? ORDER BY rowid`).all(customerId) as Row[]).map((r) => json<OrgRecord>(r.data)),
    );
  }

  /** Binds as license-core's orgBinding decides, on the stored facts read and written in one transaction. */
  bindOrg(org: OrgRecord, sandboxLimit: number): Promise<BindOrgOutcome> {
    return this.db.tx((): BindOrgOutcome => {
      const existingRow = this.db.statement(`SELECT data FROM orgs WHERE org_id = ?`).get(org.orgId) as Row | undefined;
      const existing = existingRow ? json<OrgRecord>(existingRow.data) : undefined;
      const count = this.db.statement(`SELECT COUNT(*) AS n FROM orgs WHERE customer_id = ? AND environment = ?`).get(org.customerId, org.environment) as Row;
      const binding = orgBinding({ candidate: org, ...(existing ? { existing } : {}), boundInEnvironment: Number(count.n), sandboxOrgsAllowed: sandboxLimit });
      if (binding.kind === 'updated') this.db.statement(`UPDATE orgs SET data = ? WHERE org_id = ?`).run(JSON.stringify(binding.org), org.orgId);
      if (binding.kind === 'bound') {
        this.db.statement(`INSERT INTO orgs (org_id, customer_id, environment, data) VALUES (?, ?, ?, ?)`).run(org.orgId, org.customerId, org.environment, JSON.stringify(binding.org));
      }
      return binding;
    });
  }

  touchOrg(orgId: string, platformVersion: string, line: string, at: string): Promise<void> {
    return this.db.tx(() => {
      const row = this.db.statement(`SELECT data FROM orgs WHERE org_id = ?`).get(orgId) as Row | undefined;
      if (!row) return;
      const org = json<OrgRecord>(row.data);
      this.db.statement(`UPDATE orgs SET data = ? WHERE org_id = ?`).run(JSON.stringify({ ...org, platformVersion, line, lastSeenAt: at }), orgId);
    });
  }
}
