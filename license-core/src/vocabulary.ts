/**
 * Every closed vocabulary of the product, defined once (issue #11). The types are derived from these tuples, and
 * the server's zod enums, the CLI's choices and the configuration page's labels (typed `Record<Type, string>`, so a
 * new member without a label does not compile) all derive from them too. This file imports nothing.
 */

/** The CRM platforms (SPEC §1). */
export const PLATFORMS = ['dynamics365', 'odoo'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Release kinds (SPEC §3, §4: on a legacy line only patch and security releases, unless the vendor says so). */
export const RELEASE_KINDS = ['technology', 'feature', 'patch', 'security'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/** Auto SSA plans (SPEC §5). */
export const SSA_PLANS = ['ssa-annual', 'ssa-quarterly', 'ssa-monthly', 'ssa-flex'] as const;
export type SsaPlan = (typeof SSA_PLANS)[number];
/** Plans with terms in whole months: Auto SSA and the maintenance agreement (SPEC §5, §7). */
export const TERM_PLANS = [...SSA_PLANS, 'maintenance'] as const;
export type TermPlan = (typeof TERM_PLANS)[number];
/** Every contract plan: calendar-year Software Assurance (SPEC §2) and the term plans. */
export const CONTRACT_PLANS = ['calendar-year', ...TERM_PLANS] as const;
export type ContractPlan = (typeof CONTRACT_PLANS)[number];

/**
 * Invoice kinds (SPEC §2, §5, §7). Coverage invoices pay for assurance: `first`, `renewal`, `co-term` (licences
 * added later) and `back-fill` (the gap before a re-conclusion); `upgrade-fee` is a one-off charge that pays for none.
 */
export const INVOICE_KINDS = ['first', 'renewal', 'co-term', 'back-fill', 'upgrade-fee'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const COVERAGE_INVOICE_KINDS = ['first', 'renewal', 'co-term', 'back-fill'] as const satisfies readonly InvoiceKind[];

/** The state of an assurance contract as the entitlement reports it (SPEC §2). */
export const CONTRACT_STATES = ['active', 'unpaid', 'lapsed', 'cancelled', 'terminated'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];
/** A contract cancelled by notice in the overview (L44): running through its effective end, then ended. */
export const CANCELLATION_STATES = ['running', 'ended'] as const;
export type CancellationState = (typeof CANCELLATION_STATES)[number];

/** Why a release is not offered, in order of precedence (SPEC §3, §4, §7). */
export const INELIGIBLE_REASONS = [
  'not_licensed',
  'feature_not_licensed',
  'assurance_terminated',
  'not_covered',
  'not_paid',
  'hotfix_requires_agreement',
  'platform_incompatible',
  'legacy_window_closed',
  'legacy_patch_only',
  'not_targeted',
] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

/** Why a vendor stopped an add-on on a line (SPEC §4). */
export const DISCONTINUED_REASONS = ['integrated_in_platform', 'platform_end_of_life', 'insufficient_demand', 'other'] as const;
export type DiscontinuedReason = (typeof DISCONTINUED_REASONS)[number];

/** Support request classes (SPEC §6); the first two are free. */
export const SUPPORT_CLASSES = ['base_bug', 'incident', 'customization_bug', 'change_request', 'service_request', 'external_cause'] as const;
export type SupportClass = (typeof SUPPORT_CLASSES)[number];
export const FREE_SUPPORT_CLASSES = ['base_bug', 'incident'] as const satisfies readonly SupportClass[];

/** A support request is open until the vendor closes it. */
export const SUPPORT_STATUSES = ['open', 'closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** How an install ended, as the add-on reports it. */
export const INSTALL_OUTCOMES = ['succeeded', 'failed', 'rolled_back'] as const;
export type InstallOutcome = (typeof INSTALL_OUTCOMES)[number];

/** The vendor's support status of an add-on on a line (SPEC §4). */
export const LINE_STATUSES = ['supported', 'discontinued'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** The roles of a vendor API key (update-server's auth); a partner key also carries its partner id. */
export const API_KEY_ROLES = ['admin', 'publisher', 'billing', 'partner'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** The kind of org a licence is activated in. */
export const ORG_ENVIRONMENTS = ['production', 'sandbox'] as const;
export type OrgEnvironment = (typeof ORG_ENVIRONMENTS)[number];

/**
 * Every error code the API answers with, in `{ "error": { "code", "message", "field"? } }` (issue #11). The server's
 * ApiError takes only these, so tsc refuses a code not listed here; license-core's refusals are typed by it too.
 * A download refused because the release is no longer offered answers with the IneligibleReason itself.
 */
export const API_ERROR_CODES = [
  // 400: the request itself is wrong.
  'invalid_input',
  'invalid_json',
  'invalid_upload',
  'unknown_addon',
  'unknown_customer',
  'unknown_line',
  'package_invalid',
  'package_line_too_new',
  'package_version_mismatch',
  'package_unmanaged',
  // Odoo module zips (issue #10, decisions L39, L40).
  'package_series_mismatch',
  'package_name_mismatch',
  'package_not_installable',
  // 401, 403: who is asking.
  'unauthenticated',
  // The vendor console's session (issue #15, decision U84): signed out after the idle timeout, a write without the
  // session's CSRF token, and a sign-in over plain HTTP from another machine (the cookie is Secure there).
  'session_expired',
  'csrf_token_invalid',
  'insecure_transport',
  'forbidden',
  'origin_not_allowed',
  'licence_key_invalid',
  'org_not_activated',
  // 403, 416: a download refused: the link, the range, or why the release is no longer offered (SPEC §3, §4).
  'download_token_expired',
  'download_token_invalid',
  'range_not_satisfiable',
  ...INELIGIBLE_REASONS,
  // 404: no route, or `<thing>_not_found` (see NotFoundThing).
  'not_found',
  'addon_not_found',
  'api_key_not_found',
  'customer_not_found',
  'invoice_not_found',
  'licence_key_not_found',
  'org_not_found',
  'platform_line_not_found',
  'price_not_found',
  'release_not_found',
  'support_request_not_found',
  // 409: a row that exists already, or a write that lost a race (the store's conflicts).
  'conflict',
  'api_key_exists',
  'addon_exists',
  'release_exists',
  'customer_exists',
  'order_exists',
  'order_conflict',
  'licence_exists',
  'licence_key_conflict',
  'invoice_exists',
  'renewal_invoice_exists',
  'payment_exists',
  'payment_reference_conflict',
  'credit_exists',
  'credit_reference_conflict',
  'install_exists',
  'install_conflict',
  'upgrade_exists',
  'upgrade_already_used',
  'support_request_exists',
  'time_entry_exists',
  // 409: the contract as it stands says no (license-core's refusals, SPEC §2, §5, §6, §7).
  'no_contract',
  'contract_running',
  'customer_terminated',
  'already_terminated',
  'already_cancelled',
  'plan_locked',
  'no_maintenance_agreement',
  'upgrade_not_included',
  'org_bound_elsewhere',
  'org_limit_reached',
  'already_closed',
  'approval_before_notice',
  'notice_missing',
  // 409: an amount or sum of money would pass the money ceiling (money.ts, decision U33).
  'money_limit_exceeded',
  // 409: the vendor's price list has no price for an ordered product in the order's currency (issue #12, U35).
  'price_not_listed',
  // 413, 429, 500.
  'payload_too_large',
  'rate_limited',
  'internal_error',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * Why a billing run skipped a customer (the others are invoiced all the same, decision U34): a maintenance month
 * without its counted lines (SPEC §7), stored data license-core refuses, an invoice or a credit balance past the
 * money ceiling (U33), or an error of the store (logged; the message says no more).
 */
export const BILLING_SKIP_CODES = ['lines_of_code_missing', 'invalid_data', 'money_limit_exceeded', 'internal_error'] as const;
export type BillingSkipCode = (typeof BILLING_SKIP_CODES)[number];
/** What the API answers 404 `<thing>_not_found` for: derived from the codes, so each `${thing}_not_found` is one. */
export type NotFoundThing = ApiErrorCode extends infer C ? (C extends `${infer Thing}_not_found` ? Thing : never) : never;

const API_ERROR_CODE_SET: ReadonlySet<string> = new Set(API_ERROR_CODES);
/** Whether a code read from an answer (untyped JSON) is one of the API's. */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && API_ERROR_CODE_SET.has(code);
}

/**
 * A client's own codes for an answer that carries no API error: the server could not be reached, or it answered an
 * HTTP error without the JSON error body (a proxy, or an older or newer server with a code not listed above).
 */
export type TransportErrorCode = 'connection_failed' | `http_${number}`;
