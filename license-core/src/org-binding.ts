/**
 * Binding a customer's licence to a CRM org (SPEC §2: the tenant is one organisation family, production and its
 * sandboxes): one production org plus the vendor's number of sandbox orgs. An org bound to the
 * customer already is refreshed and keeps its environment and first activation; an org bound to another customer is
 * refused, and so is a new org beyond the limit of its environment.
 */
import { refusal, type Refusal } from './refusal';
import type { OrgEnvironment } from './vocabulary';

/** How many orgs of `environment` one customer may bind (SPEC §2: one production org and its sandboxes). */
export function orgsAllowed(environment: OrgEnvironment, sandboxOrgsAllowed: number): number {
  return environment === 'production' ? 1 : sandboxOrgsAllowed;
}

/** The org facts the rule reads; the caller's record type passes through. */
export interface BindableOrg {
  customerId: string;
  environment: OrgEnvironment;
  activatedAt: string;
}

export type OrgBinding<Org extends BindableOrg> =
  /** A new binding: the org becomes one of the customer's. */
  | { kind: 'bound'; org: Org }
  /** The org is the customer's already: refreshed, keeping its environment and first activation. */
  | { kind: 'updated'; org: Org }
  | { kind: 'limit'; environment: OrgEnvironment; allowed: number }
  | { kind: 'other_customer' };

/**
 * What activating `candidate` means, given the org as bound now (`existing`) and how many orgs of the candidate's
 * environment the customer has bound (`boundInEnvironment`).
 */
export function orgBinding<Org extends BindableOrg>(input: { candidate: Org; existing?: BindableOrg; boundInEnvironment: number; sandboxOrgsAllowed: number }): OrgBinding<Org> {
  const { candidate, existing } = input;
  if (existing) {
    if (existing.customerId !== candidate.customerId) return { kind: 'other_customer' };
    return { kind: 'updated', org: { ...candidate, environment: existing.environment, activatedAt: existing.activatedAt } };
  }
  const allowed = orgsAllowed(candidate.environment, input.sandboxOrgsAllowed);
  if (input.boundInEnvironment >= allowed) return { kind: 'limit', environment: candidate.environment, allowed };
  return { kind: 'bound', org: candidate };
}

/** The refusal of an activation the binding rule said no to. */
export function orgBindingRefusal(binding: { kind: 'limit'; environment: OrgEnvironment; allowed: number } | { kind: 'other_customer' }): Refusal<'org_bound_elsewhere' | 'org_limit_reached'> {
  if (binding.kind === 'other_customer') return refusal('org_bound_elsewhere', 'this organisation is activated with another customer’s licence', 'orgId');
  const { allowed, environment } = binding;
  return refusal('org_limit_reached', `the licence is already bound to ${allowed} ${environment} org${allowed === 1 ? '' : 's'}; release one or ask the vendor`, 'orgId');
}
