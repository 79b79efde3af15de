/**
 * The plan families a contract can follow:
 * - `calendar-year` (SPEC §2, seed 000): the default; periods are calendar years after a first long period.
 * - Auto SSA (SPEC §5, seed 002): `ssa-annual`, `ssa-quarterly`, `ssa-monthly`, `ssa-flex`; terms in whole months.
 * - `maintenance` (SPEC §7, seed 004): billed monthly for at least 12 months, then month by month.
 * The term plans (all but calendar-year) share one shape: billing interval, minimum term, renewal, notice.
 */
import { InvalidInputError } from './errors';

import { CONTRACT_PLANS, SSA_PLANS, type ContractPlan, type SsaPlan, type TermPlan } from './vocabulary';

export { CONTRACT_PLANS, SSA_PLANS };
export type { ContractPlan, SsaPlan, TermPlan };

export interface PlanTerms {
  billingMonths: 12 | 3 | 1;
  /** Applied to the assurance fee: −200 bp = −2 % (Auto SSA only; 0 for maintenance). */
  priceAdjustmentBp: number;
  minimumTermMonths: number;
  renewalMonths: number;
  noticeMonths: number;
}

const TERMS: Record<TermPlan, PlanTerms> = {
  // SPEC §5: −2 % / −1 % / list / +3 %; minimum 12 months (flex 1), renewing 12 (flex 1), notice 3 (flex 1) months.
  'ssa-annual': { billingMonths: 12, priceAdjustmentBp: -200, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-quarterly': { billingMonths: 3, priceAdjustmentBp: -100, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-monthly': { billingMonths: 1, priceAdjustmentBp: 0, minimumTermMonths: 12, renewalMonths: 12, noticeMonths: 3 },
  'ssa-flex': { billingMonths: 1, priceAdjustmentBp: 300, minimumTermMonths: 1, renewalMonths: 1, noticeMonths: 1 },
  // SPEC §7: monthly, minimum 12 months; seed 004 names no notice period, so one month as for flex (decision D25).
  maintenance: { billingMonths: 1, priceAdjustmentBp: 0, minimumTermMonths: 12, renewalMonths: 1, noticeMonths: 1 },
};

export function parsePlan(value: unknown, field = 'plan'): ContractPlan {
  if (typeof value !== 'string' || !(CONTRACT_PLANS as readonly string[]).includes(value)) {
    throw new InvalidInputError(field, `${field}: expected one of ${CONTRACT_PLANS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as ContractPlan;
}

export function isSsaPlan(plan: unknown): plan is SsaPlan {
  return (SSA_PLANS as readonly unknown[]).includes(plan);
}

export function isTermPlan(plan: unknown): plan is TermPlan {
  return plan === 'maintenance' || isSsaPlan(plan);
}

/** The terms of a term plan; names the field when the plan is not one. */
export function planTerms(plan: unknown, field = 'plan'): PlanTerms {
  if (!isTermPlan(plan)) {
    throw new InvalidInputError(field, `${field}: expected one of ${Object.keys(TERMS).join(', ')}, got ${JSON.stringify(plan)}`);
  }
  return TERMS[plan];
}
