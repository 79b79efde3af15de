/**
 * The embedded Store on SQLite (better-sqlite3 12): WAL journal, foreign keys on, and every write method
 * wrapped in one transaction. Columns that are searched are real columns; the rest of a record is a JSON
 * `data` column, so adding an optional field needs no migration.
 *
 * One class composes the aggregates (sqlite/*.ts), which share the database handle, its transaction helper and
 * its statement cache (sqlite/db.ts):
 * - keys.ts: API keys, settings
 * - releases.ts: platform lines, add-ons, add-on lines, releases, install reports
 * - price-list.ts: the vendor's price list (U35)
 * - customers.ts: customers and contracts, orders, licences, licence keys, orgs
 * - billing.ts: invoices, payments, prepaid credit, renewal runs, maintenance upgrades
 * - support.ts: support requests, time entries
 * A constraint the database refuses surfaces as a typed error (errors.ts, via sqlite/constraints.ts).
 */
import type { ContractPlan, MaintenanceTerms, Platform, PlatformLine } from '@crm-assurance/license-core';
import { SqliteBilling } from './sqlite/billing';
import { SqliteCustomers } from './sqlite/customers';
import { SqliteDb } from './sqlite/db';
import { SqliteKeys } from './sqlite/keys';
import { SqlitePriceList } from './sqlite/price-list';
import { SqliteReleases } from './sqlite/releases';
import { SqliteSupport } from './sqlite/support';
import type {
  AddonLineRecord,
  AddonRecord,
  ApiKeyRecord,
  BindOrgOutcome,
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
  OrgRecord,
  PaymentOutcome,
  PriceListKey,
  PriceListRecord,
  PaymentRecord,
  ReleaseRecord,
  Store,
  SupportRequestPatch,
  SupportRequestRecord,
  SupportRequestStatus,
  SupportTimeEntryRecord,
  VendorSettings,
} from './store';

export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(file);
}

export class SqliteStore implements Store {
  private readonly db: SqliteDb;
  private readonly keys: SqliteKeys;
  private readonly releases: SqliteReleases;
  private readonly priceList: SqlitePriceList;
  private readonly billing: SqliteBilling;
  private readonly customers: SqliteCustomers;
  private readonly support: SqliteSupport;

  constructor(file: string) {
    this.db = new SqliteDb(file);
    this.keys = new SqliteKeys(this.db);
    this.releases = new SqliteReleases(this.db);
    this.priceList = new SqlitePriceList(this.db);
    this.billing = new SqliteBilling(this.db);
    this.customers = new SqliteCustomers(this.db, this.billing);
    this.support = new SqliteSupport(this.db);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  manifestSerial(): Promise<number> {
    return this.db.read(() => this.db.manifestSerial());
  }

  /** The jobs running in this process (decision U62: one process writes a SQLite file, so a lock here is enough). */
  private readonly running = new Set<string>();

  async exclusive<T>(job: string, fn: () => Promise<T>, options: { waitMs?: number } = {}): Promise<{ ran: true; value: T } | { ran: false }> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    while (this.running.has(job)) {
      if (Date.now() >= deadline) return { ran: false };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.running.add(job);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.running.delete(job);
    }
  }

  // --- keys.ts ---------------------------------------------------------------------------------------------------
  getSettings(): Promise<VendorSettings | undefined> {
    return this.keys.getSettings();
  }
  saveSettings(settings: VendorSettings): Promise<void> {
    return this.keys.saveSettings(settings);
  }
  insertApiKey(key: ApiKeyRecord): Promise<void> {
    return this.keys.insertApiKey(key);
  }
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.keys.findApiKeyByHash(keyHash);
  }
  listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.keys.listApiKeys();
  }
  revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.keys.revokeApiKey(id, at);
  }

  // --- releases.ts -----------------------------------------------------------------------------------------------
  upsertPlatformLine(line: PlatformLine): Promise<{ created: boolean; serial: number }> {
    return this.releases.upsertPlatformLine(line);
  }
  listPlatformLines(platform?: Platform): Promise<PlatformLine[]> {
    return this.releases.listPlatformLines(platform);
  }
  insertAddon(addon: AddonRecord): Promise<void> {
    return this.releases.insertAddon(addon);
  }
  getAddon(id: string): Promise<AddonRecord | undefined> {
    return this.releases.getAddon(id);
  }
  listAddons(): Promise<AddonRecord[]> {
    return this.releases.listAddons();
  }
  upsertAddonLine(record: AddonLineRecord): Promise<number> {
    return this.releases.upsertAddonLine(record);
  }
  listAddonLines(addon: string): Promise<AddonLineRecord[]> {
    return this.releases.listAddonLines(addon);
  }
  insertRelease(release: ReleaseRecord): Promise<number> {
    return this.releases.insertRelease(release);
  }
  getRelease(id: string): Promise<ReleaseRecord | undefined> {
    return this.releases.getRelease(id);
  }
  findReleases(addon: string, platform: Platform, version: string): Promise<ReleaseRecord[]> {
    return this.releases.findReleases(addon, platform, version);
  }
  listReleases(addon?: string): Promise<ReleaseRecord[]> {
    return this.releases.listReleases(addon);
  }
  recordInstall(install: InstallRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; install: InstallRecord }> {
    return this.releases.recordInstall(install);
  }
  listInstalls(customerId: string): Promise<InstallRecord[]> {
    return this.releases.listInstalls(customerId);
  }

  // --- price-list.ts ---------------------------------------------------------------------------------------------
  setPrice(entry: PriceListRecord): Promise<{ created: boolean }> {
    return this.priceList.setPrice(entry);
  }
  listPrices(addon?: string): Promise<PriceListRecord[]> {
    return this.priceList.listPrices(addon);
  }
  removePrice(key: PriceListKey): Promise<boolean> {
    return this.priceList.removePrice(key);
  }

  // --- customers.ts ----------------------------------------------------------------------------------------------
  insertCustomer(customer: CustomerRecord): Promise<void> {
    return this.customers.insertCustomer(customer);
  }
  getCustomer(id: string): Promise<CustomerRecord | undefined> {
    return this.customers.getCustomer(id);
  }
  listCustomers(partnerId?: string): Promise<CustomerRecord[]> {
    return this.customers.listCustomers(partnerId);
  }
  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void> {
    return this.customers.recordCancellation(customerId, cancellation);
  }
  recordTermination(customerId: string, at: string, reason: string): Promise<number> {
    return this.customers.recordTermination(customerId, at, reason);
  }
  setCustomerPlan(customerId: string, plan: ContractPlan, maintenance?: MaintenanceTerms): Promise<boolean> {
    return this.customers.setCustomerPlan(customerId, plan, maintenance);
  }
  insertOrder(order: NewOrder, credit: CreditPolicy): Promise<void> {
    return this.customers.insertOrder(order, credit);
  }
  reconclude(customerId: string, change: ContractChange, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void> {
    return this.customers.reconclude(customerId, change, invoices, credit);
  }
  listOrders(customerId: string): Promise<OrderRecord[]> {
    return this.customers.listOrders(customerId);
  }
  listLicences(customerId: string): Promise<LicenceRecord[]> {
    return this.customers.listLicences(customerId);
  }
  findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined> {
    return this.customers.findLicenceKeyByHash(keyHash);
  }
  listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]> {
    return this.customers.listLicenceKeys(customerId);
  }

  reissueLicenceKey(customerId: string, keyId: string, change: { keyHash: string; hint: string; reissuedAt: string; reason: string }): Promise<LicenceKeyRecord | undefined> {
    return this.customers.reissueLicenceKey(customerId, keyId, change);
  }
  getOrg(orgId: string): Promise<OrgRecord | undefined> {
    return this.customers.getOrg(orgId);
  }
  listOrgs(customerId: string): Promise<OrgRecord[]> {
    return this.customers.listOrgs(customerId);
  }
  bindOrg(org: OrgRecord, sandboxLimit: number): Promise<BindOrgOutcome> {
    return this.customers.bindOrg(org, sandboxLimit);
  }
  touchOrg(orgId: string, platformVersion: string, line: string, at: string): Promise<void> {
    return this.customers.touchOrg(orgId, platformVersion, line, at);
  }

  // --- billing.ts ------------------------------------------------------------------------------------------------
  getInvoice(id: string): Promise<InvoiceRecord | undefined> {
    return this.billing.getInvoice(id);
  }
  listInvoices(customerId: string): Promise<InvoiceRecord[]> {
    return this.billing.listInvoices(customerId);
  }
  insertRenewalInvoices(invoices: InvoiceRecord[], credit: CreditPolicy): Promise<InvoiceRecord[]> {
    return this.billing.insertRenewalInvoices(invoices, credit);
  }
  insertMaintenanceUpgrade(upgrade: MaintenanceUpgradeRecord, invoice: InvoiceRecord, credit: CreditPolicy): Promise<void> {
    return this.billing.insertMaintenanceUpgrade(upgrade, invoice, credit);
  }
  listMaintenanceUpgrades(customerId: string): Promise<MaintenanceUpgradeRecord[]> {
    return this.billing.listMaintenanceUpgrades(customerId);
  }
  addCredit(entry: CreditEntryRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; entry: CreditEntryRecord }> {
    return this.billing.addCredit(entry);
  }
  listCreditEntries(customerId: string): Promise<CreditEntryRecord[]> {
    return this.billing.listCreditEntries(customerId);
  }
  recordPayment(payment: PaymentRecord): Promise<PaymentOutcome> {
    return this.billing.recordPayment(payment);
  }
  listPayments(customerId: string): Promise<PaymentRecord[]> {
    return this.billing.listPayments(customerId);
  }

  // --- support.ts ------------------------------------------------------------------------------------------------
  insertSupportRequest(request: Omit<SupportRequestRecord, 'number'>): Promise<SupportRequestRecord> {
    return this.support.insertSupportRequest(request);
  }
  getSupportRequest(id: string): Promise<SupportRequestRecord | undefined> {
    return this.support.getSupportRequest(id);
  }

  findSupportRequestByNumber(number: number): Promise<SupportRequestRecord | undefined> {
    return this.support.findSupportRequestByNumber(number);
  }
  listSupportRequests(filter: { customerId?: string; status?: SupportRequestStatus } = {}): Promise<SupportRequestRecord[]> {
    return this.support.listSupportRequests(filter);
  }
  updateSupportRequest(id: string, patch: SupportRequestPatch): Promise<SupportRequestRecord | undefined> {
    return this.support.updateSupportRequest(id, patch);
  }
  insertSupportTimeEntry(entry: SupportTimeEntryRecord): Promise<void> {
    return this.support.insertSupportTimeEntry(entry);
  }
  listSupportTimeEntries(requestIds: string[]): Promise<SupportTimeEntryRecord[]> {
    return this.support.listSupportTimeEntries(requestIds);
  }
}
