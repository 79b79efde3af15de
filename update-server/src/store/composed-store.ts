/**
 * The Store as the sum of its aggregates (store/aggregates.ts): every Store method delegates to the aggregate that
 * owns it. SQLite's store (sqlite-store.ts) and PostgreSQL's (postgres-store.ts) build their own aggregates on their
 * own database handle and add what differs: closing, the manifest serial and once-only jobs.
 */
import type { ContractPlan, MaintenanceTerms, Platform, PlatformLine } from '@crm-assurance/license-core';
import type { BillingPart, CustomersPart, FleetPart, KeysPart, PriceListPart, ReleasesPart, SupportPart } from './aggregates';
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
  FleetRead,
  FleetScope,
  FleetSnapshot,
  InstallOutcomeCount,
  InstallOutcomeQuery,
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
  SupportRequestPatch,
  SupportRequestRecord,
  SupportRequestStatus,
  SupportTimeEntryRecord,
  UpdateCheckRecord,
  VendorSettings,
  Store,
} from './store';

export interface Aggregates {
  keys: KeysPart;
  releases: ReleasesPart;
  priceList: PriceListPart;
  billing: BillingPart;
  customers: CustomersPart;
  support: SupportPart;
  fleet: FleetPart;
}

export abstract class ComposedStore implements Store {
  private readonly keys: KeysPart;
  private readonly releases: ReleasesPart;
  private readonly priceList: PriceListPart;
  private readonly billing: BillingPart;
  private readonly customers: CustomersPart;
  private readonly support: SupportPart;
  private readonly fleetPart: FleetPart;

  constructor(parts: Aggregates) {
    this.keys = parts.keys;
    this.releases = parts.releases;
    this.priceList = parts.priceList;
    this.billing = parts.billing;
    this.customers = parts.customers;
    this.support = parts.support;
    this.fleetPart = parts.fleet;
  }

  abstract close(): Promise<void>;
  abstract manifestSerial(): Promise<number>;
  abstract exclusive<T>(job: string, fn: () => Promise<T>, options?: { waitMs?: number }): Promise<{ ran: true; value: T } | { ran: false }>;

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

  // --- fleet.ts --------------------------------------------------------------------------------------------------
  recordUpdateCheck(check: UpdateCheckRecord): Promise<void> {
    return this.fleetPart.recordUpdateCheck(check);
  }
  fleet(scope: FleetScope, read?: FleetRead): Promise<FleetSnapshot> {
    return this.fleetPart.fleet(scope, read);
  }
  installOutcomes(query: InstallOutcomeQuery): Promise<InstallOutcomeCount[]> {
    return this.fleetPart.installOutcomes(query);
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
