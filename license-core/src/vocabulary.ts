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

/** The state of an assurance contract as the entitlement reports it (SPEC §2). */
export const CONTRACT_STATES = ['active', 'unpaid', 'lapsed', 'cancelled', 'terminated'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

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

/** The kind of org a licence is activated in. */
export const ORG_ENVIRONMENTS = ['production', 'sandbox'] as const;
export type OrgEnvironment = (typeof ORG_ENVIRONMENTS)[number];
