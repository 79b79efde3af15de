/**
 * The Store: everything the server keeps, behind one interface. The embedded implementation is SQLite
 * (sqlite-store.ts, composing one file per aggregate in sqlite/); postgres-store.ts is the one for vendors who outgrow one machine (issue #14), so the interface is
 * async and every write is ONE method = ONE transaction (routes compute first, with license-core, then write
 * the whole result at once; a failure writes nothing).
 */
import type {
  AddonLineStatus,
  ApiKeyRole,
  CalendarDate,
  ContractPlan,
  InstallOutcome,
  Instant,
  Invoice,
  InvoiceLine,
  Licence,
  MaintenanceTerms,
  Money,
  OrgBinding,
  OrgEnvironment,
  Payment,
  Platform,
  PlatformLine,
  Release,
  SupportClass,
  SupportStatus,
} from '@crm-assurance/license-core';

// The typed errors (errors.ts): every constraint the database enforces surfaces as one of them.
export { ReleaseLineTakenError, StoreConflictError, StoreError, StoreInvalidError, StoreReferenceError } from './errors';
export type { StoreConstraint } from './errors';

// The vocabularies the records use, defined once in license-core's vocabulary.ts (issue #11).
export { API_KEY_ROLES } from '@crm-assurance/license-core';
export type { ApiKeyRole, OrgEnvironment } from '@crm-assurance/license-core';

/** The vendor's settings, kept in the store (one row per key). */
export interface VendorSettings {
  vendorId: string;
  vendorName: string;
  /** IANA zone in which contract dates are read (decision D11). */
  timeZone: string;
  assuranceRateBp: number;
  /** Sandbox orgs a customer may bind besides its production org. */
  sandboxOrgsAllowed: number;
  /** Offline grace of a signed entitlement (its `exp`), in days. */
  entitlementGraceDays: number;
  manifestTtlSeconds: number;
  downloadTokenTtlSeconds: number;
  paymentTermDays: number;
  /** The support hourly rate (SPEC §6) for chargeable requests; agreement customers get their discount on it. */
  supportHourlyRate: Money;
  /** Origins allowed to call the add-on routes (the CRM's origins). */
  corsOrigins: string[];
}

export const DEFAULT_SETTINGS: Omit<VendorSettings, 'vendorId' | 'vendorName'> = {
  timeZone: 'Europe/Berlin',
  assuranceRateBp: 1800,
  sandboxOrgsAllowed: 2,
  entitlementGraceDays: 14,
  manifestTtlSeconds: 24 * 3600,
  downloadTokenTtlSeconds: 5 * 60,
  paymentTermDays: 30,
  supportHourlyRate: { amount: 12_000, currency: 'EUR' },
  corsOrigins: [],
};

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** Set for role `partner`: the partner whose customers this key may see. */
  partnerId?: string;
  /** sha256 hex of the secret key; the key itself is never stored. */
  keyHash: string;
  createdAt: Instant;
  revokedAt?: Instant;
}

export interface AddonRecord {
  id: string;
  name: string;
  createdAt: Instant;
}

/** One entry of the vendor's price list (U35): the price of ONE licence of a product in a currency. */
export interface PriceListRecord {
  addon: string;
  edition?: string;
  feature?: string;
  listPrice: Money;
  updatedAt: Instant;
  /** The id of the API key that set it. */
  updatedBy: string;
}

/** Which entry of the price list: the product and the currency. */
export interface PriceListKey {
  addon: string;
  edition?: string;
  feature?: string;
  currency: string;
}

export interface AddonLineRecord {
  addon: string;
  platform: Platform;
  line: string;
  status: AddonLineStatus;
  updatedAt: Instant;
}

/** A release as stored: the license-core Release plus its artifact. */
export interface ReleaseRecord extends Release {
  size: number;
  sha256: string;
  /** A display name for the download (sanitised; never a path). */
  fileName: string;
  /** What the server read from a Dataverse solution zip (platform dynamics365, issue #9). */
  solution?: SolutionPackageInfo;
  /** What the server read from an Odoo module zip (platform odoo, issue #10, decision U80). */
  odooModule?: OdooModuleInfo;
  createdAt: Instant;
}

/** The facts of an uploaded Odoo module zip (its folder and `__manifest__.py`). */
export interface OdooModuleInfo {
  /** The module's technical name: the zip's one top-level folder. */
  name: string;
  /** The manifest's version, e.g. `17.0.1.4.0`. */
  version: string;
  /** The series the version starts with: the line the build is for (`17.0`, `saas~17.2`). */
  series: string;
}

/** The facts of an uploaded Dataverse solution (solution.xml). */
export interface SolutionPackageInfo {
  uniqueName: string;
  /** `ImportExportXml@SolutionPackageVersion` as a line, e.g. `9.0`. */
  packageLine: string;
  version: string;
  managed: boolean;
}

export interface CancellationRecord {
  receivedOn: CalendarDate;
  deadline: CalendarDate;
  onTime: boolean;
  effectiveEnd: CalendarDate;
  /** Set when the customer named a fixed cancellation date in advance (SPEC §5). */
  fixedDate?: boolean;
  recordedAt: Instant;
}

export interface CustomerRecord {
  id: string;
  name: string;
  region?: string;
  language?: string;
  edition?: string;
  channel?: string;
  partnerId?: string;
  createdAt: Instant;
  /** The first order date: the contract start (SPEC §2). Unset until the first order. */
  contractStart?: CalendarDate;
  terminatedAt?: Instant;
  terminationReason?: string;
  cancellation?: CancellationRecord;
  /** The plan of the running contract (absent = `calendar-year`, SPEC §2). */
  plan?: ContractPlan;
  /** Prices of a `maintenance` plan (SPEC §7). */
  maintenance?: MaintenanceTerms;
  /** Agreements that ended before the customer re-concluded (SPEC §5), oldest first. */
  previousAgreements?: { plan: ContractPlan; start: CalendarDate; end: CalendarDate }[];
}

export interface OrderRecord {
  id: string;
  customerId: string;
  orderedOn: CalendarDate;
  licenceKeyId: string;
  /** The order's invoice; absent when the plan invoices nothing for it (a maintenance agreement, SPEC §7). */
  invoiceId?: string;
  createdAt: Instant;
}

export interface LicenceRecord extends Licence {
  id: string;
  orderId: string;
  customerId: string;
  /** Set when an admin overrode the line's price instead of the price list's (U36). */
  priceOverride?: PriceOverride;
}

/** An admin's override of a line's price (U36): why, by which API key, and what the price list said then. */
export interface PriceOverride {
  reason: string;
  apiKeyId: string;
  apiKeyName: string;
  /** The price list's price for the line's whole quantity when it was ordered; absent when the product was not listed. */
  listed?: Money;
}

export interface LicenceKeyRecord {
  id: string;
  customerId: string;
  orderId: string;
  /** sha256 hex of the normalised key. */
  keyHash: string;
  /** The last group of the key, to recognise it in lists. */
  hint: string;
  createdAt: Instant;
  /** When the key was last re-issued (decision U40), and why. */
  reissuedAt?: Instant;
  reissueReason?: string;
}

export interface InvoiceRecord extends Invoice {
  customerId: string;
  orderId?: string;
  lines: InvoiceLine[];
  dueOn: CalendarDate;
  createdAt: Instant;
}

export interface PaymentRecord extends Payment {
  id: string;
  createdAt: Instant;
}

export interface OrgRecord {
  orgId: string;
  customerId: string;
  orgUrl: string;
  environment: OrgEnvironment;
  platform: Platform;
  platformVersion: string;
  line: string;
  licenceKeyId: string;
  activatedAt: Instant;
  lastSeenAt: Instant;
}

export interface InstallRecord {
  id: string;
  /** The add-on's own id of this report (a uuid): the same report sent twice is stored once (issue #9). */
  installId?: string;
  customerId: string;
  orgId: string;
  addon: string;
  fromVersion: string;
  toVersion: string;
  outcome: InstallOutcome;
  error?: string;
  recordedAt: Instant;
}

/**
 * What an org's last update check of an add-on said (issue #14 item 4, decision U71): the installed version it
 * reported and every input of the judgement the check made that is not stored elsewhere (platform version and line,
 * region, language), so the fleet report judges the org with exactly the update check's inputs.
 */
export interface UpdateCheckRecord {
  orgId: string;
  customerId: string;
  addon: string;
  installedVersion: string;
  platformVersion: string;
  line: string;
  region?: string;
  language?: string;
  checkedAt: Instant;
}

/** One row of the fleet report as stored: an activated org and one add-on it checked for or reported an install of. */
export interface FleetEntry {
  customer: CustomerRecord;
  org: OrgRecord;
  /** Absent for an org that has neither checked for updates nor reported an install. */
  addon?: string;
  check?: UpdateCheckRecord;
  lastInstall?: InstallRecord;
}

/** A customer's licences, invoices and payments, each in the order listLicences, listInvoices and listPayments give. */
export interface FleetAccount {
  licences: LicenceRecord[];
  invoices: InvoiceRecord[];
  payments: PaymentRecord[];
}

/**
 * Everything the fleet report reads, at once (no query per org): the entries ordered by customer name, customer id,
 * org id and add-on, and the account of every customer that has an entry, by customer id.
 */
export interface FleetSnapshot {
  entries: FleetEntry[];
  /** Absent when the caller asked for the entries only (it keeps the accounts of this manifest serial, U74). */
  accounts?: Map<string, FleetAccount>;
}

/** What a fleet snapshot reads: the entries always; the customers' licences, invoices and payments unless told not to. */
export interface FleetRead {
  accounts?: boolean;
}

/** Which customers a fleet snapshot covers: all, a partner's, or one. */
export interface FleetScope {
  partnerId?: string;
  customerId?: string;
}

/** Which install reports `installOutcomes` counts (decision U90): recorded in [from, to), in scope, of one add-on or all. */
export interface InstallOutcomeQuery extends FleetScope {
  /** Instants (ISO, UTC, as `recordedAt` is stored): from inclusive, to exclusive. */
  from: Instant;
  to: Instant;
  addon?: string;
  /** Only installs in orgs on this platform (the org's: an install report carries none). */
  platform?: Platform;
}

/** How many install reports of one outcome were recorded on one UTC calendar day. */
export interface InstallOutcomeCount {
  day: string;
  outcome: InstallOutcome;
  count: number;
}

/** Starts a contract (first order) or a new one after the last ended (re-conclusion, SPEC §5). */
export interface ContractChange {
  /** The contract start the customer has now (undefined: none); another value means a race: nothing is written. */
  expectedStart?: CalendarDate;
  contractStart: CalendarDate;
  plan: ContractPlan;
  maintenance?: MaintenanceTerms;
  /** The agreement that ended, when re-concluding; the cancellation is cleared. */
  previousAgreement?: { plan: ContractPlan; start: CalendarDate; end: CalendarDate };
}

/** A whole order, written at once. */
export interface NewOrder {
  order: OrderRecord;
  licences: LicenceRecord[];
  licenceKey: LicenceKeyRecord;
  /** Its invoices (none, one, or a back-fill plus the first invoice of a re-concluded contract). */
  invoices: InvoiceRecord[];
  /** Set on the customer's first order, and on an order that re-concludes an ended contract. */
  contract?: ContractChange;
}

/** Prepaid credit (SPEC §5): a deposit (positive) or its use on an invoice (negative). */
export interface CreditEntryRecord {
  id: string;
  customerId: string;
  kind: 'deposit' | 'applied';
  amount: Money;
  invoiceId?: string;
  /** Unique: a deposit posted twice with the same reference is stored once. */
  reference: string;
  note?: string;
  createdAt: Instant;
}

/**
 * How much prepaid credit a new invoice uses, given the customer's balance in the invoice's currency. The store
 * calls it inside the write's transaction, so two invoices can never spend the same credit (license-core's
 * applyCredit decides the amount).
 */
export type CreditPolicy = (balance: Money, due: Money) => number;

/** A platform-version upgrade under a maintenance agreement (SPEC §7). */
export interface MaintenanceUpgradeRecord {
  id: string;
  customerId: string;
  requestedOn: CalendarDate;
  fromLine?: string;
  toLine?: string;
  /** The 12-month period it is the included upgrade of. */
  period: { start: CalendarDate; end: CalendarDate };
  invoiceId: string;
  note?: string;
  createdAt: Instant;
}

export type PaymentOutcome =
  | { kind: 'created'; payment: PaymentRecord }
  | { kind: 'duplicate'; payment: PaymentRecord }
  | { kind: 'conflict'; payment: PaymentRecord };

// --- support requests (SPEC §6, issue #5) -------------------------------------------------------------------

export type SupportRequestStatus = SupportStatus;

/** What the configuration page attaches to a request: the environment the problem happened in. */
export interface SupportEnvironment {
  addonVersion: string;
  platform: Platform;
  platformVersion: string;
  /** Whether the org has customisations of the add-on (SPEC §6: a base bug reproduces without them). */
  customisationsPresent: boolean;
  orgUrl?: string;
}

export interface SupportRequestRecord {
  id: string;
  /** The ticket number people quote (1, 2, 3, … per vendor), assigned by the store. */
  number: number;
  customerId: string;
  orgId: string;
  addon: string;
  summary: string;
  description: string;
  contact?: { name?: string; email?: string };
  environment: SupportEnvironment;
  status: SupportRequestStatus;
  classification?: SupportClass;
  classificationNote?: string;
  classifiedAt?: Instant;
  /** When the customer was told the cause is chargeable (SPEC §6: billing never starts earlier). */
  notifiedAt?: Instant;
  /** When the customer approved chargeable work. */
  approvedAt?: Instant;
  createdAt: Instant;
  closedAt?: Instant;
}

export interface SupportTimeEntryRecord {
  id: string;
  requestId: string;
  /** When the work started. */
  from: Instant;
  minutes: number;
  note?: string;
  /** The name of the API key that logged it. */
  loggedBy?: string;
  createdAt: Instant;
}

export type SupportRequestPatch = Partial<
  Pick<SupportRequestRecord, 'status' | 'classification' | 'classificationNote' | 'classifiedAt' | 'notifiedAt' | 'approvedAt' | 'closedAt'>
>;

/** license-core's orgBinding verdict, as the store applied it. */
export type BindOrgOutcome = OrgBinding<OrgRecord>;

export interface Store {
  close(): Promise<void>;

  getSettings(): Promise<VendorSettings | undefined>;
  saveSettings(settings: VendorSettings): Promise<void>;

  insertApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: Instant): Promise<boolean>;

  /** Inserts or updates a platform line; bumps the manifest serial (eligibility may change). */
  upsertPlatformLine(line: PlatformLine): Promise<{ created: boolean; serial: number }>;
  listPlatformLines(platform?: Platform): Promise<PlatformLine[]>;

  insertAddon(addon: AddonRecord): Promise<void>;
  getAddon(id: string): Promise<AddonRecord | undefined>;
  listAddons(): Promise<AddonRecord[]>;
  upsertAddonLine(record: AddonLineRecord): Promise<number>;

  /** Sets a price of the price list (U35); `created` false when it replaced the entry of that product and currency. */
  setPrice(entry: PriceListRecord): Promise<{ created: boolean }>;
  /** The price list, by add-on, edition, feature, currency; one add-on's when given. */
  listPrices(addon?: string): Promise<PriceListRecord[]>;
  /** Removes one entry; false when there was none. */
  removePrice(key: PriceListKey): Promise<boolean>;
  listAddonLines(addon: string): Promise<AddonLineRecord[]>;

  /**
   * Inserts a release row (its artifact is already durable) and bumps the manifest serial. One build per
   * (addon, platform, version, line): a line another build of the version targets throws ReleaseLineTakenError
   * and nothing is written (issue #9).
   */
  insertRelease(release: ReleaseRecord): Promise<number>;
  getRelease(id: string): Promise<ReleaseRecord | undefined>;
  /** Every build of one version (exact version string) for a platform, oldest first. */
  findReleases(addon: string, platform: Platform, version: string): Promise<ReleaseRecord[]>;
  listReleases(addon?: string): Promise<ReleaseRecord[]>;

  insertCustomer(customer: CustomerRecord): Promise<void>;
  getCustomer(id: string): Promise<CustomerRecord | undefined>;
  listCustomers(partnerId?: string): Promise<CustomerRecord[]>;
  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void>;
  /** Sets terminatedAt; bumps the manifest serial. */
  recordTermination(customerId: string, at: Instant, reason: string): Promise<number>;

  /** Sets the plan (and maintenance prices) of a customer whose contract has not started; false otherwise. */
  setCustomerPlan(customerId: string, plan: ContractPlan, maintenance?: MaintenanceTerms): Promise<boolean>;

  insertOrder(order: NewOrder, credit: CreditPolicy): Promise<void>;
  /** Re-concludes an ended contract without a new order: the contract change and its invoices at once. */
  reconclude(customerId: string, change: ContractChange, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void>;
  listOrders(customerId: string): Promise<OrderRecord[]>;
  listLicences(customerId: string): Promise<LicenceRecord[]>;
  findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined>;
  listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]>;
  /**
   * Decision U40: replaces a key's secret (hash and hint) under the same id, so the orgs bound through it stay bound
   * and the old secret stops working at once. Undefined when the customer has no key with that id.
   */
  reissueLicenceKey(customerId: string, keyId: string, change: { keyHash: string; hint: string; reissuedAt: Instant; reason: string }): Promise<LicenceKeyRecord | undefined>;

  getInvoice(id: string): Promise<InvoiceRecord | undefined>;
  listInvoices(customerId: string): Promise<InvoiceRecord[]>;
  /**
   * Inserts the renewal invoices that do not exist yet (unique per customer and period start), all or none; the
   * billing run calls it once per customer (U34). Using credit from a stored balance past the money ceiling throws
   * MoneyLimitError (U33), as every write that uses credit does.
   */
  insertRenewalInvoices(invoices: InvoiceRecord[], credit: CreditPolicy): Promise<InvoiceRecord[]>;

  /** Records an upgrade and its fee invoice at once; conflict if another upgrade of that period was recorded. */
  insertMaintenanceUpgrade(upgrade: MaintenanceUpgradeRecord, invoice: InvoiceRecord, credit: CreditPolicy): Promise<void>;
  listMaintenanceUpgrades(customerId: string): Promise<MaintenanceUpgradeRecord[]>;

  /**
   * A credit deposit; idempotent by reference like payments. A deposit that would take the balance in its currency
   * past the money ceiling throws license-core's MoneyLimitError inside the transaction, nothing written (U33).
   */
  addCredit(entry: CreditEntryRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; entry: CreditEntryRecord }>;
  listCreditEntries(customerId: string): Promise<CreditEntryRecord[]>;

  /**
   * Idempotent by reference: the same reference is stored once. A payment that would take the invoice's paid total
   * past the money ceiling throws license-core's MoneyLimitError inside the transaction, nothing written (U33).
   */
  recordPayment(payment: PaymentRecord): Promise<PaymentOutcome>;
  listPayments(customerId: string): Promise<PaymentRecord[]>;

  getOrg(orgId: string): Promise<OrgRecord | undefined>;
  listOrgs(customerId: string): Promise<OrgRecord[]>;
  /**
   * Binds an org to a customer, enforcing the limits atomically: one production org and `sandboxLimit`
   * sandbox orgs per customer. An org already bound to the customer is updated. `limit` says how many orgs of
   * that environment the customer may bind (`allowed`).
   */
  bindOrg(org: OrgRecord, sandboxLimit: number): Promise<BindOrgOutcome>;
  touchOrg(orgId: string, platformVersion: string, line: string, at: Instant): Promise<void>;

  /**
   * Stores an install report. With an `installId` it is idempotent: the same id again with the same content is
   * `duplicate` (the first record returned, nothing written), with other content `conflict` (issue #9).
   */
  recordInstall(install: InstallRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; install: InstallRecord }>;
  listInstalls(customerId: string): Promise<InstallRecord[]>;

  /**
   * Records what an update check was told (decision U71): one row per org and add-on, replaced when the installed
   * version, platform version, region or language changed, or when the stored check is a minute old or older (so a
   * busy org costs at most one write a minute); otherwise nothing is written.
   */
  recordUpdateCheck(check: UpdateCheckRecord): Promise<void>;
  /** The fleet report's records (decision U72): one query for the entries, one each for licences, invoices, payments. */
  fleet(scope: FleetScope, read?: FleetRead): Promise<FleetSnapshot>;
  /**
   * Install reports counted per UTC day (the date of `recordedAt`) and outcome (decision U90), ordered by day and
   * outcome; days without a report are absent. Scoped like `fleet` (a partner's or one customer's installs).
   */
  installOutcomes(query: InstallOutcomeQuery): Promise<InstallOutcomeCount[]>;

  // Support requests (SPEC §6): the store assigns `number` inside the insert's transaction.
  insertSupportRequest(request: Omit<SupportRequestRecord, 'number'>): Promise<SupportRequestRecord>;
  getSupportRequest(id: string): Promise<SupportRequestRecord | undefined>;
  /** The request with this number: the one the customer is told to quote (issue #13). */
  findSupportRequestByNumber(number: number): Promise<SupportRequestRecord | undefined>;
  listSupportRequests(filter?: { customerId?: string; status?: SupportRequestStatus }): Promise<SupportRequestRecord[]>;
  /** Applies the patch in one transaction; undefined when there is no such request. */
  updateSupportRequest(id: string, patch: SupportRequestPatch): Promise<SupportRequestRecord | undefined>;
  insertSupportTimeEntry(entry: SupportTimeEntryRecord): Promise<void>;
  /** The time entries of the given requests, in start order. */
  listSupportTimeEntries(requestIds: string[]): Promise<SupportTimeEntryRecord[]>;

  /** The current manifest serial (monotonic). */
  manifestSerial(): Promise<number>;

  /**
   * Runs `fn` unless `job` is running already (decision U62): on PostgreSQL an advisory lock every server instance on
   * the database shares; on SQLite (one process) a lock in this process. While it is running elsewhere, waits up to
   * `waitMs` (default 0) for it to end, then answers `{ ran: false }`.
   */
  exclusive<T>(job: string, fn: () => Promise<T>, options?: { waitMs?: number }): Promise<{ ran: true; value: T } | { ran: false }>;
}

export type { Money };
