/**
 * Shape checks for the claims of the three documents (design.md: signed documents, claims table). The verifier
 * runs them after the signature check (a valid signature over nonsense is still refused, ERR_CLAIMS_INVALID);
 * the signer runs them before signing, so the server cannot hand out a document the add-on would refuse.
 * Each check returns the first problem found, as a claim path and a sentence, or null.
 */
import { isLine } from '../platform-version';
import { CONTRACT_STATES, DISCONTINUED_REASONS, INVOICE_KINDS, PLATFORMS, RELEASE_KINDS } from '../vocabulary';
import type { DocumentType, EntitlementStatus } from './claims';

export interface ClaimProblem {
  /** Dotted path of the offending claim, e.g. `releases.2.sha256`. */
  path: string;
  message: string;
}

type Check = (value: unknown, path: string) => ClaimProblem | null;

/** The most open invoices one entitlement lists (the oldest first; issue #13). */
export const MAX_OPEN_INVOICES = 10;

/** The most revoked signing certificates one manifest lists (decision S18). */
export const MAX_REVOKED_CERTS = 100;

const problem = (path: string, message: string): ClaimProblem => ({ path, message });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nonEmptyString: Check = (v, p) =>
  typeof v === 'string' && v.trim().length > 0 ? null : problem(p, 'must be a non-empty string');

function matching(pattern: RegExp, what: string): Check {
  return (v, p) => (typeof v === 'string' && pattern.test(v) ? null : problem(p, `must be ${what}`));
}

const ENTITLEMENT_STATUSES: readonly EntitlementStatus[] = CONTRACT_STATES;

function oneOf(values: readonly string[]): Check {
  return (v, p) =>
    typeof v === 'string' && values.includes(v) ? null : problem(p, `must be one of ${values.join(', ')}`);
}

function integerAtLeast(min: number): Check {
  return (v, p) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? null : problem(p, `must be an integer ≥ ${min}`);
}

/** A real `YYYY-MM-DD` date (SPEC §1): month 1..12, day within the month, leap years counted. */
function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month, in UTC, is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const calendarDate: Check = (v, p) =>
  typeof v === 'string' && isCalendarDate(v) ? null : problem(p, 'must be a calendar date YYYY-MM-DD');

/** An ISO 8601 UTC instant with a `Z` suffix (SPEC §1). */
const instant: Check = (v, p) => {
  const ok =
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/.test(v) &&
    isCalendarDate(v.slice(0, 10));
  return ok ? null : problem(p, 'must be an ISO 8601 UTC instant ending in Z');
};

/** JWT NumericDate, whole seconds. */
const numericDate = integerAtLeast(0);

function optional(check: Check): Check {
  return (v, p) => (v === undefined ? null : check(v, p));
}

function arrayOf(check: Check, minLength = 0, maxLength = Infinity): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return problem(p, 'must be an array');
    if (v.length < minLength) return problem(p, `must have at least ${minLength} element(s)`);
    if (v.length > maxLength) return problem(p, `must have at most ${maxLength} elements`);
    for (let i = 0; i < v.length; i += 1) {
      const found = check(v[i], `${p}.${i}`);
      if (found !== null) return found;
    }
    return null;
  };
}

function object(fields: Record<string, Check>, extra?: (v: Record<string, unknown>, p: string) => ClaimProblem | null): Check {
  return (v, p) => {
    if (!isRecord(v)) return problem(p, 'must be an object');
    for (const [name, check] of Object.entries(fields)) {
      const found = check(v[name], p === '' ? name : `${p}.${name}`);
      if (found !== null) return found;
    }
    return extra === undefined ? null : extra(v, p);
  };
}

const platform = oneOf(PLATFORMS);
/** A platform line: the first two parts of a platform version (SPEC §4). */
// A version line as platform-version.ts reads it: Dynamics `9.2`, Odoo `17.0` or Odoo Online `saas~17.2` (L38).
const platformLine: Check = (v, p) => (isLine(v) ? null : problem(p, 'must be a platform line like 9.2, 17.0 or saas~17.2'));
/** An add-on version of 2 to 4 numeric parts (types.ts Release.version). */
const addonVersion = matching(/^\d+(\.\d+){1,3}$/, 'a version of 2 to 4 numeric parts');

/** Money (SPEC §1): integer minor units and an ISO 4217 code. */
const money = object({ amount: integerAtLeast(0), currency: matching(/^[A-Z]{3}$/, 'an ISO 4217 code') });

const coverageSpan = object({ from: calendarDate, to: calendarDate }, (v, p) =>
  (v.from as string) <= (v.to as string) ? null : problem(p, 'from must not be after to'),
);

const lineStatus: Check = (v, p) => {
  if (!isRecord(v)) return problem(p, 'must be an object');
  if (v.status === 'supported') return null;
  if (v.status === 'discontinued') {
    return oneOf(DISCONTINUED_REASONS)(v.reason, `${p}.reason`);
  }
  return problem(`${p}.status`, 'must be supported or discontinued');
};

function common(doc: DocumentType): Record<string, Check> {
  return {
    iss: nonEmptyString,
    aud: nonEmptyString,
    iat: numericDate,
    nbf: optional(numericDate),
    doc: oneOf([doc]),
  };
}

const licenceShape = object({
  ...common('licence'),
  exp: optional(numericDate),
  sub: nonEmptyString,
  customer: object({ id: nonEmptyString, name: nonEmptyString }),
  org: object({ id: nonEmptyString, url: nonEmptyString }),
  addons: arrayOf(
    object({
      addon: nonEmptyString,
      feature: optional(nonEmptyString),
      edition: optional(nonEmptyString),
      quantity: integerAtLeast(1),
    }),
    1,
  ),
});

const entitlementShape = object({
  ...common('entitlement'),
  exp: numericDate,
  sub: nonEmptyString,
  status: oneOf(ENTITLEMENT_STATUSES),
  plan: nonEmptyString,
  coverage: arrayOf(coverageSpan),
  paidThrough: optional(calendarDate),
  periodEnd: optional(calendarDate),
  nextInvoiceOn: optional(calendarDate),
  cancellationDeadline: optional(calendarDate),
  cancelledEffectiveEnd: optional(calendarDate),
  terminatedAt: optional(instant),
  openInvoices: optional(
    arrayOf(
      object({
        id: nonEmptyString,
        kind: oneOf(INVOICE_KINDS),
        total: money,
        outstanding: money,
        dueOn: calendarDate,
        periodStart: calendarDate,
        periodEnd: calendarDate,
      }),
      0,
      MAX_OPEN_INVOICES,
    ),
  ),
  platform,
  line: platformLine,
  lineStatus,
  successor: optional(nonEmptyString),
  patchesUntil: optional(calendarDate),
});

const manifestRelease = object({
  id: nonEmptyString,
  version: addonVersion,
  kind: oneOf(RELEASE_KINDS),
  platform,
  lines: arrayOf(platformLine, 1),
  publishedAt: instant,
  size: integerAtLeast(1),
  sha256: matching(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  notes: optional((v, p) => (typeof v === 'string' ? null : problem(p, 'must be a string'))),
});

const manifestShape = object({
  ...common('manifest'),
  exp: numericDate,
  addon: nonEmptyString,
  serial: integerAtLeast(0),
  releases: arrayOf(manifestRelease),
  // Decision S18: at most MAX_REVOKED_CERTS serials, each a certificate serial in lower-case hex (RFC 5280: ≤ 20 octets).
  revokedCerts: optional(arrayOf(matching(/^[0-9a-f]{1,40}$/, 'a certificate serial in lower-case hex'), 0, MAX_REVOKED_CERTS)),
});

const shapes: Record<DocumentType, Check> = {
  licence: licenceShape,
  entitlement: entitlementShape,
  manifest: manifestShape,
};

/** The first problem with `payload` as claims of document type `doc`, or null when its shape is right. */
export function findClaimProblem(doc: DocumentType, payload: unknown): ClaimProblem | null {
  return shapes[doc](payload, '');
}
