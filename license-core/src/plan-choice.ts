/**
 * Choosing a contract's plan: which plan a customer is on (SPEC §2: calendar-year unless another was chosen), that a
 * maintenance agreement comes with its prices (SPEC §7), and the plan lock: a plan is chosen before the first order
 * and afterwards changes only when a new contract is concluded after the last one ended (SPEC §5).
 */
import type { MaintenanceTerms } from './maintenance-agreement';
import type { ContractPlan } from './plan';
import { refusal, type Refusal } from './refusal';
import type { CalendarDate } from './types';

/** The plan of a contract: the one chosen, else the calendar-year plan (SPEC §2 "the default"). */
export function effectivePlan(chosen: ContractPlan | undefined): ContractPlan {
  return chosen ?? 'calendar-year';
}

export type PlanChoice = { kind: 'chosen'; plan: ContractPlan; maintenance?: MaintenanceTerms } | Refusal<'invalid_input'>;

/** A plan with its terms: a maintenance agreement needs its prices (SPEC §7); the other plans carry none. */
export function planChoice(input: { plan: ContractPlan; maintenance?: MaintenanceTerms }): PlanChoice {
  if (input.plan === 'maintenance') {
    if (!input.maintenance) {
      return refusal('invalid_input', 'maintenance: a maintenance agreement needs its prices (base, ratePerLine, upgradeFee, supportDiscountBp)', 'maintenance');
    }
    return { kind: 'chosen', plan: input.plan, maintenance: input.maintenance };
  }
  return { kind: 'chosen', plan: input.plan };
}

/** The plan lock (SPEC §5): once a contract has started, its plan changes only with a new contract. */
export function planLocked(contractStart: CalendarDate | undefined): boolean {
  return contractStart !== undefined;
}

export type PlanChange = { kind: 'chosen'; plan: ContractPlan; maintenance?: MaintenanceTerms } | Refusal<'invalid_input' | 'plan_locked'>;

/**
 * Setting a customer's plan outside an order (SPEC §5): allowed while no contract has started; once one has, the
 * plan is locked until a new contract is concluded after it ended (an order or a re-conclusion chooses it then).
 * `maintenance` is the terms given, else those the customer has; they are kept only for a maintenance plan.
 */
export function planChange(input: { contractStart?: CalendarDate; plan: ContractPlan; maintenance?: MaintenanceTerms }): PlanChange {
  const choice = planChoice(input);
  if (choice.kind === 'refused') return choice;
  if (planLocked(input.contractStart)) {
    return refusal('plan_locked', `plan: the contract started on ${input.contractStart}; a plan changes when a new contract is concluded after this one ended`, 'plan');
  }
  return choice;
}
