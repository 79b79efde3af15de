/**
 * The claims of the three signed documents (design.md: signed documents, table of `doc` types).
 * Timestamps `iat`/`exp` are JWT NumericDate: whole seconds since the epoch, UTC.
 * These are types only; the shape checks that enforce them after the signature check are in claims-shape.ts.
 */
import type { AddonLineStatus, CalendarDate, ContractState, Instant, Money, Platform, ReleaseKind } from '../types';
import type { InvoiceKind } from '../vocabulary';

/** The value of the `doc` claim: which of the three documents a token is. */
export type DocumentType = 'licence' | 'entitlement' | 'manifest';

/** Claims every document carries (design.md: "Common claims"). */
export interface CommonClaims {
  /** Vendor id. */
  iss: string;
  /** The CRM organisation id the document is bound to. */
  aud: string;
  /** Issued at, JWT seconds. A document issued more than CLOCK_SKEW_SECONDS after `now` is refused (decision S17). */
  iat: number;
  /** Not before, JWT seconds: optional (this server never sets it), honoured when present (decision S17). */
  nbf?: number;
  doc: DocumentType;
}

/** One licensed add-on (or separately licensed feature) with its quantity (SPEC §2, §3.1). */
export interface LicensedAddon {
  addon: string;
  feature?: string;
  edition?: string;
  quantity: number;
}

/** The perpetual licence (SPEC §2: licences are perpetual). No `exp`. */
export interface LicenceClaims extends CommonClaims {
  doc: 'licence';
  /** Licence key id. */
  sub: string;
  customer: { id: string; name: string };
  org: { id: string; url: string };
  addons: LicensedAddon[];
}

/** The contract state the entitlement carries: contractStatus()'s vocabulary (SPEC §2). */
export type EntitlementStatus = ContractState;

/** A paid coverage span, calendar dates inclusive (SPEC §1, §2). */
export interface EntitlementCoverage {
  from: CalendarDate;
  to: CalendarDate;
}

/** An invoice of the customer that is not fully paid, as the configuration page shows it (issue #13). */
export interface EntitlementOpenInvoice {
  id: string;
  kind: InvoiceKind;
  total: Money;
  /** What is still to pay. */
  outstanding: Money;
  dueOn: CalendarDate;
  /** The coverage it pays for. */
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
}

/** The short-lived assurance entitlement; `exp` is the offline grace (design.md: default 14 days). */
export interface EntitlementClaims extends CommonClaims {
  doc: 'entitlement';
  /** Customer id. */
  sub: string;
  status: EntitlementStatus;
  /** The plan family, e.g. `calendar-year` (SPEC §2), `auto-ssa` (§5), `maintenance` (§7). */
  plan: string;
  coverage: EntitlementCoverage[];
  paidThrough?: CalendarDate;
  periodEnd?: CalendarDate;
  nextInvoiceOn?: CalendarDate;
  cancellationDeadline?: CalendarDate;
  cancelledEffectiveEnd?: CalendarDate;
  terminatedAt?: Instant;
  /** The invoices not fully paid, oldest first (at most MAX_OPEN_INVOICES), so the admin knows what to pay. */
  openInvoices?: EntitlementOpenInvoice[];
  platform: Platform;
  /** The org's platform line, e.g. `9.2` (SPEC §4). */
  line: string;
  /** The vendor's status of this add-on on that line (SPEC §4). */
  lineStatus: AddonLineStatus;
  /** The successor line, once released (SPEC §4). */
  successor?: string;
  /** Last day this legacy line gets patches: successor release + 2 years (SPEC §4). */
  patchesUntil?: CalendarDate;
  /** Expiry, JWT seconds. */
  exp: number;
}

/** One downloadable release as the manifest lists it (SPEC §3, §4). */
export interface ManifestRelease {
  id: string;
  version: string;
  kind: ReleaseKind;
  platform: Platform;
  lines: string[];
  publishedAt: Instant;
  /** Package size in bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the package. */
  sha256: string;
  notes?: string;
}

/** The release manifest; `serial` is monotonic per add-on and `exp` short, against rollback and freeze attacks. */
export interface ManifestClaims extends CommonClaims {
  doc: 'manifest';
  addon: string;
  serial: number;
  releases: ManifestRelease[];
  /**
   * Serial numbers (lower-case hex) of signing certificates the vendor revoked (issue #12, decision S18): an add-on
   * that accepted this manifest refuses every document signed by one of them, if it was issued before the
   * certificate that signed this manifest.
   */
  revokedCerts?: string[];
  /** Expiry, JWT seconds. */
  exp: number;
}

/** A signing certificate as the trust state remembers it: its serial (lower-case hex) and notBefore. */
export interface SigningCertificateId {
  serial: string;
  /** ISO 8601 UTC instant. */
  notBefore: string;
}

/**
 * A revocation the add-on learned from a verified manifest (decision S18): certificate `serial` is revoked by the
 * certificate `listedBy` that signed that manifest. It applies only to a certificate issued before `listedBy`, so
 * a leaked old key cannot revoke the newer keys that replace it.
 */
export interface Revocation {
  serial: string;
  listedBy: SigningCertificateId;
}

/** Options every verify function takes. */
export interface VerifyOptions {
  /** The pinned vendor root certificate, PEM (design.md: pinned into the add-on at build time). */
  rootCertPem: string;
  /** The CRM organisation id the token must be bound to (`aud`). */
  orgId: string;
  /** The instant to verify at; defaults to the current instant. */
  now?: Date;
  /** Revocations learned from earlier manifests (trust-state.ts); a document signed by a revoked certificate is refused. */
  revoked?: readonly Revocation[];
}

export interface VerifyManifestOptions extends VerifyOptions {
  /** The highest serial the caller has accepted before; a lower one is a rollback. Equal is accepted. */
  minSerial?: number;
}
