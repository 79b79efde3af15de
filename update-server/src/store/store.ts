/**
 * The Store: everything the server keeps, behind one interface. The embedded implementation is SQLite
 * (sqlite-store.ts); a PostgreSQL one comes later for vendors who outgrow one machine, so the interface is
 * async and every write is ONE method = ONE transaction (routes compute first, with license-core, then write
 * the whole result at once; a failure writes nothing).
 */
import type {
  AddonLineStatus,
  CalendarDate,
  Instant,
  Invoice,
  InvoiceLine,
  Licence,
  Money,
  Payment,
  Platform,
  PlatformLine,
  Release,
} from '@crm-assurance/license-core';

/** A write lost a race with another one (e.g. two first orders at once); nothing was written. */
export class StoreConflictError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

export type ApiKeyRole = 'admin' | 'publisher' | 'billing' | 'partner';
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['admin', 'publisher', 'billing', 'partner'];

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
  createdAt: Instant;
}

export interface CancellationRecord {
  receivedOn: CalendarDate;
  deadline: CalendarDate;
  onTime: boolean;
  effectiveEnd: CalendarDate;
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
}

export interface OrderRecord {
  id: string;
  customerId: string;
  orderedOn: CalendarDate;
  licenceKeyId: string;
  invoiceId: string;
  createdAt: Instant;
}

export interface LicenceRecord extends Licence {
  id: string;
  orderId: string;
  customerId: string;
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

export type OrgEnvironment = 'production' | 'sandbox';

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
  customerId: string;
  orgId: string;
  addon: string;
  fromVersion: string;
  toVersion: string;
  outcome: 'succeeded' | 'failed' | 'rolled_back';
  error?: string;
  recordedAt: Instant;
}

/** A whole order, written at once. */
export interface NewOrder {
  order: OrderRecord;
  licences: LicenceRecord[];
  licenceKey: LicenceKeyRecord;
  invoice: InvoiceRecord;
  /** Set on the customer's first order. */
  contractStart?: CalendarDate;
}

export type PaymentOutcome =
  | { kind: 'created'; payment: PaymentRecord }
  | { kind: 'duplicate'; payment: PaymentRecord }
  | { kind: 'conflict'; payment: PaymentRecord };

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
  listAddonLines(addon: string): Promise<AddonLineRecord[]>;

  /** Inserts a release row (its artifact is already durable) and bumps the manifest serial. */
  insertRelease(release: ReleaseRecord): Promise<number>;
  getRelease(id: string): Promise<ReleaseRecord | undefined>;
  findRelease(addon: string, platform: Platform, version: string): Promise<ReleaseRecord | undefined>;
  listReleases(addon?: string): Promise<ReleaseRecord[]>;

  insertCustomer(customer: CustomerRecord): Promise<void>;
  getCustomer(id: string): Promise<CustomerRecord | undefined>;
  listCustomers(partnerId?: string): Promise<CustomerRecord[]>;
  recordCancellation(customerId: string, cancellation: CancellationRecord): Promise<void>;
  /** Sets terminatedAt; bumps the manifest serial. */
  recordTermination(customerId: string, at: Instant, reason: string): Promise<number>;

  insertOrder(order: NewOrder): Promise<void>;
  listOrders(customerId: string): Promise<OrderRecord[]>;
  listLicences(customerId: string): Promise<LicenceRecord[]>;
  findLicenceKeyByHash(keyHash: string): Promise<LicenceKeyRecord | undefined>;
  listLicenceKeys(customerId: string): Promise<LicenceKeyRecord[]>;

  getInvoice(id: string): Promise<InvoiceRecord | undefined>;
  listInvoices(customerId: string): Promise<InvoiceRecord[]>;
  /** Inserts the renewal invoices that do not exist yet (unique per customer and period start). */
  insertRenewalInvoices(invoices: InvoiceRecord[]): Promise<InvoiceRecord[]>;

  /** Idempotent by reference: the same reference is stored once. */
  recordPayment(payment: PaymentRecord): Promise<PaymentOutcome>;
  listPayments(customerId: string): Promise<PaymentRecord[]>;

  getOrg(orgId: string): Promise<OrgRecord | undefined>;
  listOrgs(customerId: string): Promise<OrgRecord[]>;
  /**
   * Binds an org to a customer, enforcing the limits atomically: one production org and `sandboxLimit`
   * sandbox orgs per customer. An org already bound to the customer is updated.
   */
  bindOrg(org: OrgRecord, sandboxLimit: number): Promise<{ kind: 'bound' | 'updated'; org: OrgRecord } | { kind: 'limit'; environment: OrgEnvironment } | { kind: 'other_customer' }>;
  touchOrg(orgId: string, platformVersion: string, line: string, at: Instant): Promise<void>;

  insertInstall(install: InstallRecord): Promise<void>;
  listInstalls(customerId: string): Promise<InstallRecord[]>;

  /** The current manifest serial (monotonic). */
  manifestSerial(): Promise<number>;
}

export type { Money };
