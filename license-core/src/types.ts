/**
 * The shared vocabulary of crm-assurance. Every part (update-server, addon, solution) speaks in these types.
 * The rules that use them are in ../../shared/SPEC.md; comments cite "SPEC §n" for the rule a type carries.
 */
import type { ContractState, DiscontinuedReason, IneligibleReason, InvoiceKind, Platform, ReleaseKind } from './vocabulary';

export type { ContractState, DiscontinuedReason, IneligibleReason, Platform, ReleaseKind };

/** A calendar date `YYYY-MM-DD` in the vendor's time zone (SPEC §1). Contract dates; both ends inclusive. */
import type { ContractPlan } from './plan';

export type CalendarDate = string;

/** An instant, ISO 8601 in UTC with a `Z` suffix, e.g. `2026-03-15T09:30:00.000Z` (SPEC §1). Events. */
export type Instant = string;

/** ISO 4217 code, three upper-case letters. */
export type CurrencyCode = string;

/** Money in integer minor units (cents, öre) with its currency (SPEC §1). `amount` is a safe integer. */
export interface Money {
  amount: number;
  currency: CurrencyCode;
}

/** Basis points: 18 % = 1800 (SPEC §1). */
export type BasisPoints = number;



/** A version line of a CRM platform (SPEC §4): Dynamics `9.2`, Odoo `17.0`. */
export interface PlatformLine {
  platform: Platform;
  line: string;
  releasedOn: CalendarDate;
  /** Defaults to releasedOn + 5 years (SPEC §4). */
  mainstreamEndsOn?: CalendarDate;
}



/** Per add-on and line, the vendor's support status (SPEC §4). */
export type AddonLineStatus =
  | { status: 'supported' }
  | { status: 'discontinued'; reason: DiscontinuedReason };



/** A published release of an add-on (SPEC §3, §4). */
export interface Release {
  id: string;
  addon: string;
  /** Add-on version, 2 to 4 numeric parts (a Dataverse solution version is 4 parts: `1.4.0.0`). */
  version: string;
  kind: ReleaseKind;
  platform: Platform;
  /** The platform lines this build targets, e.g. ['9.1', '9.2']. */
  lines: string[];
  publishedAt: Instant;
  /** Vendor's discretion to offer a non-patch release on a legacy line (SPEC §4). */
  featuresOnLegacy?: boolean;
  /** A separately licensed feature this release requires (SPEC §3.1, seed 002). */
  requiresFeature?: string;
  /** Targeting filters (SPEC §3.6). Absent or empty = everyone. */
  regions?: string[];
  languages?: string[];
  editions?: string[];
  /** Release channel; a tenant without a channel is on 'stable'. */
  channel?: string;
  /** Staged rollout, 0..100 percent of tenants (deterministic per tenant and release). */
  rolloutPercent?: number;
  /** A custom (customer-specific) build restricted to these tenant ids (SPEC §4). */
  customFor?: string[];
  /** A hot-fix (kind `patch` or `security`): only for tenants with a valid maintenance agreement (SPEC §7). */
  hotfix?: boolean;
  notes?: string;
  size?: number;
  sha256?: string;
}

/** One ordered licence line. A separately licensed feature is its own line with `feature` set. */
export interface Licence {
  addon: string;
  feature?: string;
  edition?: string;
  quantity: number;
  /** List price of this line (for its whole quantity). */
  listPrice: Money;
  orderedOn: CalendarDate;
}

/** A contract period (SPEC §2): the first runs from the order date to 31 Dec of the following year. */
export interface Period {
  start: CalendarDate;
  end: CalendarDate;
}

export interface InvoiceLine {
  from: CalendarDate;
  to: CalendarDate;
  amount: number;
  description?: string;
}

/** What license-core computes for an invoice; the server adds ids and stores it. */
export interface InvoiceQuote {
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  currency: CurrencyCode;
  lines: InvoiceLine[];
  total: Money;
}

/**
 * Coverage invoices pay for assurance: `first`, `renewal` (each later period or billing interval), `co-term`
 * (licences added later, SPEC §2/§5) and `back-fill` (the gap before a re-conclusion, SPEC §5). `upgrade-fee`
 * (SPEC §7) is a one-off charge that pays for no coverage.
 */

/** A stored invoice, as coverage() reads it. */
export interface Invoice {
  id: string;
  kind: InvoiceKind;
  issuedOn: CalendarDate;
  /** The coverage it pays for. */
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  total: Money;
  /** The plan it was raised under (absent = `calendar-year`); hot-fixes need `maintenance` coverage (SPEC §7). */
  plan?: ContractPlan;
}

export interface Payment {
  invoiceId: string;
  amount: Money;
  paidAt: Instant;
  reference: string;
}

/** A span of paid assurance (SPEC §2 "activation follows payment", §3.3). */
export interface CoverageInterval {
  from: CalendarDate;
  to: CalendarDate;
  /** The instant the paying invoice was fully paid: the coverage is active from then on. */
  activeFrom: Instant;
  invoiceId: string;
  /** The plan of the paying invoice (absent = `calendar-year`). */
  plan?: ContractPlan;
}

/** The reason codes of SPEC §3, in their order of precedence. */


export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/** What the add-on side knows of a tenant when a release is judged (SPEC §3). */
export interface TenantContext {
  tenantId: string;
  licences: Licence[];
  /** Extraordinary termination instant, if any (SPEC §2). */
  terminatedAt?: Instant;
  /** Paid coverage, from coverage(). */
  coverage: CoverageInterval[];
  /** Invoices still open (not fully paid), to tell `not_paid` from `not_covered`. */
  openInvoices: Invoice[];
  platform: Platform;
  /** The org's full version, e.g. `9.2.24012.196`. */
  platformVersion: string;
  region?: string;
  language?: string;
  edition?: string;
  channel?: string;
}

/** The state of a tenant's assurance contract (SPEC §2), as contractStatus() computes it. */


export interface ContractStatus {
  status: ContractState;
  /** The contract period containing today (absent once cancelled or terminated). */
  currentPeriod?: Period;
  /** End of the contiguous paid coverage that contains today (or else the latest one before today). */
  paidThrough?: CalendarDate;
  /** The next renewal invoice date: 1 January after the current period, unless the contract ends with it. */
  nextInvoiceOn?: CalendarDate;
  /** The next cancellation deadline not yet passed (notice on or before it ends the contract at that period's end). */
  cancellationDeadline?: CalendarDate;
  /** Last day of assurance after an ordinary cancellation. */
  cancelledEffectiveEnd?: CalendarDate;
  terminatedAt?: Instant;
  /** Invoices not fully paid as of asOf, oldest first. */
  openInvoices: Invoice[];
}
