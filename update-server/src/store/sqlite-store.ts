/**
 * The embedded Store on SQLite (better-sqlite3 12): WAL journal, foreign keys on, and every write method
 * wrapped in one transaction. Columns that are searched are real columns; the rest of a record is a JSON
 * `data` column, so adding an optional field needs no migration.
 */
import Database from 'better-sqlite3';
import type { ContractPlan, MaintenanceTerms, PlatformLine, Platform } from '@crm-assurance/license-core';
import { SQLITE_MIGRATIONS } from './migrations';
import type {
  AddonLineRecord,
  AddonRecord,
  ApiKeyRecord,
  CancellationRecord,
  ContractChange,
  CreditEntryRecord,
  CreditPolicy,
  CustomerRecord,
  InstallRecord,
  InvoiceRecord,
  LicenceKeyRecord,
  LicenceRecord,
  MaintenanceUpgradeRecord,
  NewOrder,
  OrderRecord,
  OrgEnvironment,
  OrgRecord,
  PaymentOutcome,
  PaymentRecord,
  ReleaseRecord,
  Store,
  SupportRequestPatch,
  SupportRequestRecord,
  SupportRequestStatus,
  SupportTimeEntryRecord,
  VendorSettings,
} from './store';
import * as support from './sqlite-support';
import { DEFAULT_SETTINGS, ReleaseLineTakenError, StoreConflictError } from './store';

type Row = Record<string, unknown>;

function json<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

/** Drops undefined/null fields, so records read back equal what was written. */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(file);
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const current = Number(this.db.pragma('user_version', { simple: true }));
    SQLITE_MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
      })();
    });
  }

  private tx<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(fn)());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private read<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private bumpSerial(): number {
    const row = this.db
      .prepare(`UPDATE counters SET value = value + 1 WHERE name = 'manifest_serial' RETURNING value`)
      .get() as Row;
    return Number(row.value);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // --- settings -------------------------------------------------------------------------------------------

  getSettings(): Promise<VendorSettings | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT value FROM settings WHERE key = 'vendor'`).get() as Row | undefined;
      // Settings added in later versions take their defaults in data directories made before them.
      return row ? { ...DEFAULT_SETTINGS, ...json<VendorSettings>(row.value) } : undefined;
    });
  }

  saveSettings(settings: VendorSettings): Promise<void> {
    return this.tx(() => {
      this.db
        .prepare(`INSERT INTO settings (key, value) VALUES ('vendor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
        .run(JSON.stringify(settings));
      this.bumpSerial();
    });
  }

  // --- api keys -------------------------------------------------------------------------------------------

  private apiKey(row: Row): ApiKeyRecord {
    return compact({
      id: String(row.id),
      name: String(row.name),
      role: row.role as ApiKeyRecord['role'],
      partnerId: (row.partner_id as string | null) ?? undefined,
      keyHash: String(row.key_hash),
      createdAt: String(row.created_at),
      revokedAt: (row.revoked_at as string | null) ?? undefined,
    });
  }

  insertApiKey(key: ApiKeyRecord): Promise<void> {
    return this.tx(() => {
      this.db
        .prepare(`INSERT INTO api_keys (id, name, role, partner_id, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(key.id, key.name, key.role, key.partnerId ?? null, key.keyHash, key.createdAt);
    });
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT * FROM api_keys WHERE key_hash = ?`).get(keyHash) as Row | undefined;
      return row ? this.apiKey(row) : undefined;
    });
  }

  listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.read(() => (this.db.prepare(`SELECT * FROM api_keys ORDER BY created_at, id`).all() as Row[]).map((r) => this.apiKey(r)));
  }

  revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.tx(() => this.db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(at, id).changes > 0);
  }

  // --- platform lines, add-ons -------------------------------------------------------------------------------

  upsertPlatformLine(line: PlatformLine): Promise<{ created: boolean; serial: number }> {
    return this.tx(() => {
      const existing = this.db.prepare(`SELECT 1 FROM platform_lines WHERE platform = ? AND line = ?`).get(line.platform, line.line);
      this.db
        .prepare(
          `INSERT INTO platform_lines (platform, line, released_on, mainstream_ends_on) VALUES (?, ?, ?, ?)
           ON CONFLICT(platform, line) DO UPDATE SET released_on = excluded.released_on, mainstream_ends_on = excluded.mainstream_ends_on`,
        )
        .run(line.platform, line.line, line.releasedOn, line.mainstreamEndsOn ?? null);
      return { created: !existing, serial: this.bumpSerial() };
    });
  }

  listPlatformLines(platform?: Platform): Promise<PlatformLine[]> {
    return this.read(() => {
      const rows = (
        platform
          ? this.db.prepare(`SELECT * FROM platform_lines WHERE platform = ? ORDER BY released_on`).all(platform)
          : this.db.prepare(`SELECT * FROM platform_lines ORDER BY platform, released_on`).all()
      ) as Row[];
      return rows.map((r) =>
        compact({
          platform: r.platform as Platform,
          line: String(r.line),
          releasedOn: String(r.released_on),
          mainstreamEndsOn: (r.mainstream_ends_on as string | null) ?? undefined,
        }),
      );
    });
  }

  insertAddon(addon: AddonRecord): Promise<void> {
    return this.tx(() => {
      this.db.prepare(`INSERT INTO addons (id, name, created_at) VALUES (?, ?, ?)`).run(addon.id, addon.name, addon.createdAt);
    });
  }

  getAddon(id: string): Promise<AddonRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT * FROM addons WHERE id = ?`).get(id) as Row | undefined;
      return row ? { id: String(row.id), name: String(row.name), createdAt: String(row.created_at) } : undefined;
    });
  }

  listAddons(): Promise<AddonRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM addons ORDER BY id`).all() as Row[]).map((row) => ({
        id: String(row.id),
        name: String(row.name),
        createdAt: String(row.created_at),
      })),
    );
  }

  upsertAddonLine(record: AddonLineRecord): Promise<number> {
    return this.tx(() => {
      this.db
        .prepare(
          `INSERT INTO addon_lines (addon, platform, line, status, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(addon, platform, line) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
        )
        .run(record.addon, record.platform, record.line, JSON.stringify(record.status), record.updatedAt);
      return this.bumpSerial();
    });
  }

  listAddonLines(addon: string): Promise<AddonLineRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM addon_lines WHERE addon = ?`).all(addon) as Row[]).map((r) => ({
        addon: String(r.addon),
        platform: r.platform as Platform,
        line: String(r.line),
        status: json(r.status),
        updatedAt: String(r.updated_at),
      })),
    );
  }

  // --- releases -------------------------------------------------------------------------------------------

  insertRelease(release: ReleaseRecord): Promise<number> {
    return this.tx(() => {
      // Issue #9: one build per (addon, platform, version, line); the primary key of release_lines guards races.
      const taken = this.db.prepare(`SELECT release_id FROM release_lines WHERE addon = ? AND platform = ? AND version = ? AND line = ?`);
      for (const line of release.lines) {
        const row = taken.get(release.addon, release.platform, release.version, line) as Row | undefined;
        if (row) throw new ReleaseLineTakenError(line, String(row.release_id));
      }
      this.db
        .prepare(
          `INSERT INTO releases (id, addon, version, platform, published_at, sha256, size, data, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          release.id,
          release.addon,
          release.version,
          release.platform,
          release.publishedAt,
          release.sha256,
          release.size,
          JSON.stringify(compact(release)),
          release.createdAt,
        );
      const addLine = this.db.prepare(`INSERT INTO release_lines (release_id, addon, platform, version, line) VALUES (?, ?, ?, ?, ?)`);
      for (const line of new Set(release.lines)) addLine.run(release.id, release.addon, release.platform, release.version, line);
      return this.bumpSerial();
    });
  }

  getRelease(id: string): Promise<ReleaseRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT data FROM releases WHERE id = ?`).get(id) as Row | undefined;
      return row ? json<ReleaseRecord>(row.data) : undefined;
    });
  }

  findReleases(addon: string, platform: Platform, version: string): Promise<ReleaseRecord[]> {
    return this.read(() =>
      (
        this.db
          .prepare(`SELECT data FROM releases WHERE addon = ? AND platform = ? AND version = ? ORDER BY published_at, rowid`)
          .all(addon, platform, version) as Row[]
      ).map((r) => json<ReleaseRecord>(r.data)),
    );
  }

  listReleases(addon?: string): Promise<ReleaseRecord[]> {
    return this.read(() => {
      const rows = (
        addon
          ? this.db.prepare(`SELECT data FROM releases WHERE addon = ? ORDER BY published_at, id`).all(addon)
          : this.db.prepare(`SELECT data FROM releases ORDER BY addon, published_at, id`).all()
      ) as Row[];
      return rows.map((r) => json<ReleaseRecord>(r.data));
    });
  }

  // --- customers ------------------------------------------------------------------------------------------

  private customer(row: Row): CustomerRecord {
    const data = json<Partial<CustomerRecord>>(row.data);
    return compact({
      ...data,
      id: String(row.id),
      name: String(row.name),
      partnerId: (row.partner_id as string | null) ?? undefined,
      createdAt: String(row.created_at),
      contractStart: (row.contract_start as string | null) ?? undefined,
      terminatedAt: (row.terminated_at as string | null) ?? undefined,
      terminationReason: (row.termination_reason as string | null) ?? undefined,
      cancellation: row.cancellation ? json<CancellationRecord>(row.cancellation) : undefined,
    });
  }

  insertCustomer(customer: CustomerRecord): Promise<void> {
    return this.tx(() => {
      const { region, language, edition, channel, plan, maintenance } = customer;
      this.db
        .prepare(`INSERT INTO customers (id, name, partner_id, data, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(
          customer.id,
          customer.name,
          customer.partnerId ?? null,
          JSON.stringify(compact({ region, language, edition, channel, plan, maintenance })),
          customer.createdAt,
        );
    });
  }

  getCustomer(id: string): Promise<CustomerRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT * FROM customers WHERE id = ?`).get(id) as Row | undefined;
      return row ? this.customer(row) : undefined;
    });
  }

  listCustomers(partnerId?: string): Promise<CustomerRecord[]> {
    return this.read(() => {
      const rows = (
        partnerId !== undefined
          ? this.db.prepare(`SELECT * FROM customers WHERE partner_id = ? ORDER BY created_at, id`).all(partnerId)
          : this.db.prepare(`SELECT * FROM customers ORDER BY created_at, id`).all()
      ) as Row[];
      return rows.map((r) => this.customer(r));
    });
  }

  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void> {
    return this.tx(() => {
      this.db.prepare(`UPDATE customers SET cancellation = ? WHERE id = ?`).run(JSON.stringify(cancellation), customerId);
      this.bumpSerial();
    });
  }

  recordTermination(customerId: string, at: string, reason: string): Promise<number> {
    return this.tx(() => {
      this.db
        .prepare(`UPDATE customers SET terminated_at = ?, termination_reason = ? WHERE id = ? AND terminated_at IS NULL`)
        .run(at, reason, customerId);
      return this.bumpSerial();
    });
  }

  // --- orders, licences, invoices, payments -------------------------------------------------------------------

  setCustomerPlan(customerId: string, plan: ContractPlan, maintenance?: MaintenanceTerms): Promise<boolean> {
    return this.tx(() => {
      const row = this.db.prepare(`SELECT data FROM customers WHERE id = ? AND contract_start IS NULL`).get(customerId) as Row | undefined;
      if (!row) return false;
      const data = { ...json<Record<string, unknown>>(row.data), plan, maintenance };
      this.db.prepare(`UPDATE customers SET data = ? WHERE id = ?`).run(JSON.stringify(compact(data)), customerId);
      return true;
    });
  }

  /** Starts or re-concludes a contract, guarded by the start the caller saw (no lost update). */
  private applyContractChange(customerId: string, change: ContractChange): void {
    const row = this.db.prepare(`SELECT data, contract_start FROM customers WHERE id = ?`).get(customerId) as Row | undefined;
    const current = (row?.contract_start as string | null | undefined) ?? undefined;
    if (!row || current !== change.expectedStart) {
      throw new StoreConflictError('order_conflict', 'another order or re-conclusion changed this contract meanwhile; retry');
    }
    const data = json<Partial<CustomerRecord>>(row.data);
    const previousAgreements = [...(data.previousAgreements ?? []), ...(change.previousAgreement ? [change.previousAgreement] : [])];
    const next = compact({ ...data, plan: change.plan, maintenance: change.maintenance, previousAgreements: previousAgreements.length > 0 ? previousAgreements : undefined });
    this.db
      .prepare(`UPDATE customers SET contract_start = ?, cancellation = NULL, data = ? WHERE id = ?`)
      .run(change.contractStart, JSON.stringify(next), customerId);
  }

  /**
   * Uses prepaid credit on a new invoice (SPEC §5): the policy says how much of the balance in the invoice's
   * currency; the use is an `applied` credit entry plus a payment on the invoice, dated when the invoice was made.
   */
  private applyCredit(invoice: InvoiceRecord, policy: CreditPolicy): void {
    const { currency } = invoice.total;
    const row = this.db
      .prepare(`SELECT COALESCE(SUM(amount), 0) AS balance FROM credit_entries WHERE customer_id = ? AND currency = ?`)
      .get(invoice.customerId, currency) as Row;
    const balance = Number(row.balance);
    if (balance <= 0 || invoice.total.amount <= 0) return;
    const used = policy({ amount: balance, currency }, invoice.total);
    if (!Number.isSafeInteger(used) || used < 0 || used > balance || used > invoice.total.amount) {
      throw new Error(`credit policy returned ${used} for a balance of ${balance} and an invoice of ${invoice.total.amount}`);
    }
    if (used === 0) return;
    const reference = `credit:${invoice.id}`;
    this.db
      .prepare(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, 'applied', ?, ?, ?, ?, ?, ?)`)
      .run(`cre_${invoice.id}`, invoice.customerId, -used, currency, invoice.id, reference, '{}', invoice.createdAt);
    this.db
      .prepare(`INSERT INTO payments (id, invoice_id, customer_id, reference, amount, currency, paid_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(`pay_${invoice.id}_credit`, invoice.id, invoice.customerId, reference, used, currency, invoice.createdAt, invoice.createdAt);
  }

  private insertInvoicesWithCredit(invoices: InvoiceRecord[], credit: CreditPolicy): void {
    for (const invoice of invoices) {
      this.insertInvoiceRow(invoice);
      this.applyCredit(invoice, credit);
    }
  }

  insertOrder({ order, licences, licenceKey, invoices, contract }: NewOrder, credit: CreditPolicy): Promise<void> {
    return this.tx(() => {
      if (contract !== undefined) this.applyContractChange(order.customerId, contract);
      this.insertInvoicesWithCredit(invoices, credit);
      // orders.invoice_id is NOT NULL since migration 1; an order without an invoice stores ''.
      this.db
        .prepare(`INSERT INTO orders (id, customer_id, ordered_on, licence_key_id, invoice_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(order.id, order.customerId, order.orderedOn, order.licenceKeyId, order.invoiceId ?? '', order.createdAt);
      const insertLicence = this.db.prepare(`INSERT INTO licences (id, order_id, customer_id, data) VALUES (?, ?, ?, ?)`);
      for (const licence of licences) insertLicence.run(licence.id, licence.orderId, licence.customerId, JSON.stringify(compact(licence)));
      this.db
        .prepare(`INSERT INTO licence_keys (id, customer_id, order_id, key_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(licenceKey.id, licenceKey.customerId, licenceKey.orderId, licenceKey.keyHash, licenceKey.hint, licenceKey.createdAt);
      this.bumpSerial();
    });
  }

  listOrders(customerId: string): Promise<OrderRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ordered_on, created_at, id`).all(customerId) as Row[]).map((r) => ({
        id: String(r.id),
        customerId: String(r.customer_id),
        orderedOn: String(r.ordered_on),
        licenceKeyId: String(r.licence_key_id),
        ...(r.invoice_id ? { invoiceId: String(r.invoice_id) } : {}),
        createdAt: String(r.created_at),
      })),
    );
  }

  listLicences(customerId: string): Promise<LicenceRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT data FROM licences WHERE customer_id = ? ORDER BY rowid`).all(customerId) as Row[]).map((r) => json<LicenceRecord>(r.data)),
    );
  }

  private licenceKey(r: Row): LicenceKeyRecord {
    return {
      id: String(r.id),
      customerId: String(r.customer_id),
      orderId: String(r.order_id),
      keyHash: String(r.key_hash),
      hint: String(r.hint),
      createdAt: String(r.created_at),
    };
  }

  findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT * FROM licence_keys WHERE key_hash = ?`).get(keyHash) as Row | undefined;
      return row ? this.licenceKey(row) : undefined;
    });
  }

  listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM licence_keys WHERE customer_id = ? ORDER BY created_at, id`).all(customerId) as Row[]).map((r) => this.licenceKey(r)),
    );
  }

  private insertInvoiceRow(invoice: InvoiceRecord): void {
    this.db
      .prepare(
        `INSERT INTO invoices (id, customer_id, order_id, kind, issued_on, period_start, period_end, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invoice.id,
        invoice.customerId,
        invoice.orderId ?? null,
        invoice.kind,
        invoice.issuedOn,
        invoice.periodStart,
        invoice.periodEnd,
        JSON.stringify(compact(invoice)),
        invoice.createdAt,
      );
  }

  getInvoice(id: string): Promise<InvoiceRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT data FROM invoices WHERE id = ?`).get(id) as Row | undefined;
      return row ? json<InvoiceRecord>(row.data) : undefined;
    });
  }

  listInvoices(customerId: string): Promise<InvoiceRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT data FROM invoices WHERE customer_id = ? ORDER BY period_start, issued_on, rowid`).all(customerId) as Row[]).map((r) =>
        json<InvoiceRecord>(r.data),
      ),
    );
  }

  reconclude(customerId: string, change: ContractChange, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void> {
    return this.tx(() => {
      this.applyContractChange(customerId, change);
      this.insertInvoicesWithCredit(invoices, credit);
      this.bumpSerial();
    });
  }

  insertRenewalInvoices(invoices: InvoiceRecord[], credit: CreditPolicy): Promise<InvoiceRecord[]> {
    return this.tx(() => {
      const exists = this.db.prepare(`SELECT 1 FROM invoices WHERE customer_id = ? AND period_start = ? AND kind = 'renewal'`);
      const inserted: InvoiceRecord[] = [];
      for (const invoice of invoices) {
        if (exists.get(invoice.customerId, invoice.periodStart)) continue;
        this.insertInvoiceRow(invoice);
        this.applyCredit(invoice, credit);
        inserted.push(invoice);
      }
      if (inserted.length > 0) this.bumpSerial();
      return inserted;
    });
  }

  private payment(r: Row): PaymentRecord {
    return {
      id: String(r.id),
      invoiceId: String(r.invoice_id),
      amount: { amount: Number(r.amount), currency: String(r.currency) },
      paidAt: String(r.paid_at),
      reference: String(r.reference),
      createdAt: String(r.created_at),
    };
  }

  recordPayment(payment: PaymentRecord): Promise<PaymentOutcome> {
    return this.tx((): PaymentOutcome => {
      const existing = this.db.prepare(`SELECT * FROM payments WHERE reference = ?`).get(payment.reference) as Row | undefined;
      if (existing) {
        const stored = this.payment(existing);
        const same =
          stored.invoiceId === payment.invoiceId &&
          stored.amount.amount === payment.amount.amount &&
          stored.amount.currency === payment.amount.currency &&
          stored.paidAt === payment.paidAt;
        return { kind: same ? 'duplicate' : 'conflict', payment: stored };
      }
      const invoice = this.db.prepare(`SELECT customer_id FROM invoices WHERE id = ?`).get(payment.invoiceId) as Row | undefined;
      if (!invoice) throw new Error(`recordPayment: unknown invoice ${payment.invoiceId}`);
      this.db
        .prepare(
          `INSERT INTO payments (id, invoice_id, customer_id, reference, amount, currency, paid_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          payment.id,
          payment.invoiceId,
          String(invoice.customer_id),
          payment.reference,
          payment.amount.amount,
          payment.amount.currency,
          payment.paidAt,
          payment.createdAt,
        );
      this.bumpSerial();
      return { kind: 'created', payment };
    });
  }

  listPayments(customerId: string): Promise<PaymentRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM payments WHERE customer_id = ? ORDER BY paid_at, rowid`).all(customerId) as Row[]).map((r) => this.payment(r)),
    );
  }

  // --- orgs, installs -------------------------------------------------------------------------------------

  getOrg(orgId: string): Promise<OrgRecord | undefined> {
    return this.read(() => {
      const row = this.db.prepare(`SELECT data FROM orgs WHERE org_id = ?`).get(orgId) as Row | undefined;
      return row ? json<OrgRecord>(row.data) : undefined;
    });
  }

  listOrgs(customerId: string): Promise<OrgRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT data FROM orgs WHERE customer_id = ? ORDER BY rowid`).all(customerId) as Row[]).map((r) => json<OrgRecord>(r.data)),
    );
  }

  bindOrg(
    org: OrgRecord,
    sandboxLimit: number,
  ): Promise<{ kind: 'bound' | 'updated'; org: OrgRecord } | { kind: 'limit'; environment: OrgEnvironment } | { kind: 'other_customer' }> {
    return this.tx(() => {
      const existingRow = this.db.prepare(`SELECT data FROM orgs WHERE org_id = ?`).get(org.orgId) as Row | undefined;
      if (existingRow) {
        const existing = json<OrgRecord>(existingRow.data);
        if (existing.customerId !== org.customerId) return { kind: 'other_customer' as const };
        // A bound org keeps its environment and first activation; the rest is refreshed.
        const updated: OrgRecord = { ...org, environment: existing.environment, activatedAt: existing.activatedAt };
        this.db.prepare(`UPDATE orgs SET data = ? WHERE org_id = ?`).run(JSON.stringify(updated), org.orgId);
        return { kind: 'updated' as const, org: updated };
      }
      const count = this.db
        .prepare(`SELECT COUNT(*) AS n FROM orgs WHERE customer_id = ? AND environment = ?`)
        .get(org.customerId, org.environment) as Row;
      const limit = org.environment === 'production' ? 1 : sandboxLimit;
      if (Number(count.n) >= limit) return { kind: 'limit' as const, environment: org.environment };
      this.db
        .prepare(`INSERT INTO orgs (org_id, customer_id, environment, data) VALUES (?, ?, ?, ?)`)
        .run(org.orgId, org.customerId, org.environment, JSON.stringify(org));
      return { kind: 'bound' as const, org };
    });
  }

  touchOrg(orgId: string, platformVersion: string, line: string, at: string): Promise<void> {
    return this.tx(() => {
      const row = this.db.prepare(`SELECT data FROM orgs WHERE org_id = ?`).get(orgId) as Row | undefined;
      if (!row) return;
      const org = json<OrgRecord>(row.data);
      this.db.prepare(`UPDATE orgs SET data = ? WHERE org_id = ?`).run(JSON.stringify({ ...org, platformVersion, line, lastSeenAt: at }), orgId);
    });
  }

  recordInstall(install: InstallRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; install: InstallRecord }> {
    return this.tx(() => {
      if (install.installId !== undefined) {
        const row = this.db.prepare(`SELECT data FROM installs WHERE install_id = ?`).get(install.installId) as Row | undefined;
        if (row) {
          const stored = json<InstallRecord>(row.data);
          // The same report: everything the add-on sent, and the customer and org it was sent for.
          const same = (['customerId', 'orgId', 'addon', 'fromVersion', 'toVersion', 'outcome', 'error'] as const).every((k) => stored[k] === install[k]);
          return { kind: same ? ('duplicate' as const) : ('conflict' as const), install: stored };
        }
      }
      this.db
        .prepare(`INSERT INTO installs (id, customer_id, org_id, data, recorded_at, install_id) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(install.id, install.customerId, install.orgId, JSON.stringify(compact(install)), install.recordedAt, install.installId ?? null);
      return { kind: 'created' as const, install };
    });
  }

  listInstalls(customerId: string): Promise<InstallRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT data FROM installs WHERE customer_id = ? ORDER BY recorded_at, rowid`).all(customerId) as Row[]).map((r) =>
        json<InstallRecord>(r.data),
      ),
    );
  }

  manifestSerial(): Promise<number> {
    return this.read(() => Number((this.db.prepare(`SELECT value FROM counters WHERE name = 'manifest_serial'`).get() as Row).value));
  }

  // --- maintenance upgrades and prepaid credit ------------------------------------------------------------------

  insertMaintenanceUpgrade(upgrade: MaintenanceUpgradeRecord, invoice: InvoiceRecord, credit: CreditPolicy): Promise<void> {
    return this.tx(() => {
      const taken = this.db
        .prepare(`SELECT id FROM maintenance_upgrades WHERE customer_id = ? AND requested_on BETWEEN ? AND ?`)
        .get(upgrade.customerId, upgrade.period.start, upgrade.period.end) as Row | undefined;
      if (taken) throw new StoreConflictError('upgrade_already_used', `the upgrade of ${upgrade.period.start}..${upgrade.period.end} was recorded meanwhile (${String(taken.id)})`);
      this.insertInvoicesWithCredit([invoice], credit);
      this.db
        .prepare(`INSERT INTO maintenance_upgrades (id, customer_id, requested_on, invoice_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(upgrade.id, upgrade.customerId, upgrade.requestedOn, upgrade.invoiceId, JSON.stringify(compact(upgrade)), upgrade.createdAt);
    });
  }

  listMaintenanceUpgrades(customerId: string): Promise<MaintenanceUpgradeRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT data FROM maintenance_upgrades WHERE customer_id = ? ORDER BY requested_on, rowid`).all(customerId) as Row[]).map((r) =>
        json<MaintenanceUpgradeRecord>(r.data),
      ),
    );
  }

  private creditEntry(r: Row): CreditEntryRecord {
    const data = json<{ note?: string }>(r.data);
    return compact({
      id: String(r.id),
      customerId: String(r.customer_id),
      kind: r.kind as CreditEntryRecord['kind'],
      amount: { amount: Number(r.amount), currency: String(r.currency) },
      invoiceId: (r.invoice_id as string | null) ?? undefined,
      reference: String(r.reference),
      note: data.note,
      createdAt: String(r.created_at),
    });
  }

  addCredit(entry: CreditEntryRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; entry: CreditEntryRecord }> {
    return this.tx(() => {
      const existing = this.db.prepare(`SELECT * FROM credit_entries WHERE reference = ?`).get(entry.reference) as Row | undefined;
      if (existing) {
        const stored = this.creditEntry(existing);
        const same = stored.customerId === entry.customerId && stored.amount.amount === entry.amount.amount && stored.amount.currency === entry.amount.currency;
        return { kind: same ? ('duplicate' as const) : ('conflict' as const), entry: stored };
      }
      this.db
        .prepare(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`)
        .run(entry.id, entry.customerId, entry.kind, entry.amount.amount, entry.amount.currency, entry.reference, JSON.stringify(compact({ note: entry.note })), entry.createdAt);
      return { kind: 'created' as const, entry };
    });
  }

  listCreditEntries(customerId: string): Promise<CreditEntryRecord[]> {
    return this.read(() =>
      (this.db.prepare(`SELECT * FROM credit_entries WHERE customer_id = ? ORDER BY created_at, rowid`).all(customerId) as Row[]).map((r) => this.creditEntry(r)),
    );
  }

  // --- support requests (sqlite-support.ts) ---------------------------------------------------------------

  insertSupportRequest(request: Omit<SupportRequestRecord, 'number'>): Promise<SupportRequestRecord> {
    return this.tx(() => support.insertSupportRequest(this.db, request));
  }

  getSupportRequest(id: string): Promise<SupportRequestRecord | undefined> {
    return this.read(() => support.getSupportRequest(this.db, id));
  }

  listSupportRequests(filter: { customerId?: string; status?: SupportRequestStatus } = {}): Promise<SupportRequestRecord[]> {
    return this.read(() => support.listSupportRequests(this.db, filter));
  }

  updateSupportRequest(id: string, patch: SupportRequestPatch): Promise<SupportRequestRecord | undefined> {
    return this.tx(() => support.updateSupportRequest(this.db, id, patch));
  }

  insertSupportTimeEntry(entry: SupportTimeEntryRecord): Promise<void> {
    return this.tx(() => support.insertSupportTimeEntry(this.db, entry));
  }

  listSupportTimeEntries(requestIds: string[]): Promise<SupportTimeEntryRecord[]> {
    return this.read(() => support.listSupportTimeEntries(this.db, requestIds));
  }
}
