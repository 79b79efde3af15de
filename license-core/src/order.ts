/**
 * What an order means for the customer's contract (SPEC §2, §5):
 * - the first order starts the contract, under the plan chosen with it or before it (SPEC §2 default calendar-year);
 * - an order dated after the contract ended re-concludes: a new agreement for all licences held (SPEC §5);
 * - any other order is co-termed to the running contract (SPEC §2, §5), whose plan it cannot change (the plan lock)
 *   and whose start it cannot precede;
 * - one agreement per customer, so one currency: the fee is a share of all licence prices (SPEC §5).
 * After an extraordinary termination (SPEC §2) nothing more is ordered.
 */
import type { MaintenanceTerms } from './maintenance-agreement';
import type { ContractPlan } from './plan';
import { effectivePlan, planChoice } from './plan-choice';
import { contractEndedBefore, type ContractFacts } from './reconclusion';
import { refusal, type Refusal } from './refusal';
import type { CalendarDate } from './types';

export type OrderCurrency = { kind: 'priced'; currency: string } | Refusal<'invalid_input'>;

/**
 * The currency of an order's licences: that of the licences the customer holds, else the first ordered one; every
 * ordered licence must be priced in it (SPEC §5: one agreement, one fee over all licence prices). The refusal names
 * the first licence in another currency (`licences.{i}.listPrice.currency`), or the order's own `currency` when the
 * order names one (its lines are priced from the price list in it, U35) other than the held licences'.
 */
export function orderCurrency(input: { heldCurrency?: string; currency?: string; ordered: { listPrice: { currency: string } }[] }): OrderCurrency {
  if (input.heldCurrency !== undefined && input.currency !== undefined && input.currency !== input.heldCurrency) {
    return refusal('invalid_input', `currency: the customer's licences are priced in ${input.heldCurrency}`, 'currency');
  }
  const currency = input.heldCurrency ?? input.currency ?? input.ordered[0]?.listPrice.currency;
  if (currency === undefined) return refusal('invalid_input', 'licences: order at least one licence', 'licences');
  const i = input.ordered.findIndex((l) => l.listPrice.currency !== currency);
  if (i >= 0) {
    const field = `licences.${i}.listPrice.currency`;
    return refusal('invalid_input', `${field}: the customer's licences are priced in ${currency}`, field);
  }
  return { kind: 'priced', currency };
}

export type OrderVerdict =
  /** The first contract starts on the order date, under `plan`. */
  | { kind: 'starts-contract'; currency: string; plan: ContractPlan; maintenance?: MaintenanceTerms }
  /** The contract ended before the order date: a new agreement starts with it (SPEC §5 re-conclusion). */
  | { kind: 'reconcludes'; currency: string; plan: ContractPlan; maintenance?: MaintenanceTerms; previousStart: CalendarDate; expiredOn: CalendarDate }
  /** The licences join the running contract, started on `contractStart`, under its plan. */
  | { kind: 'co-terms'; currency: string; plan: ContractPlan; contractStart: CalendarDate }
  | Refusal<'customer_terminated' | 'invalid_input' | 'plan_locked'>;

/**
 * What an order dated `orderedOn` does to the contract. `held` are the licences the customer holds, `ordered` the
 * ones of this order; `plan`/`maintenance` are what the order asks for (used when it starts or re-concludes a
 * contract); `currentPlan`/`currentMaintenance` are the customer's. The maintenance terms carry over to the new
 * contract whatever its plan (they are priced only under a maintenance plan).
 */
export function orderVerdict(
  input: ContractFacts & {
    orderedOn: CalendarDate;
    /** The currency the order names (U35); its lines were priced in it. */
    currency?: string;
    held: { listPrice: { currency: string } }[];
    ordered: { listPrice: { currency: string } }[];
    currentPlan?: ContractPlan;
    currentMaintenance?: MaintenanceTerms;
    plan?: ContractPlan;
    maintenance?: MaintenanceTerms;
  },
): OrderVerdict {
  if (input.terminated) return refusal('customer_terminated', 'the customer’s assurance was terminated; no new orders');
  // Before the first contract the customer holds nothing that could set the currency.
  const heldCurrency = input.contractStart === undefined ? undefined : input.held[0]?.listPrice.currency;
  const priced = orderCurrency({ ...(heldCurrency !== undefined ? { heldCurrency } : {}), ...(input.currency !== undefined ? { currency: input.currency } : {}), ordered: input.ordered });
  if (priced.kind === 'refused') return priced;
  const { currency } = priced;
  const current = effectivePlan(input.currentPlan);
  if (input.contractStart === undefined || contractEndedBefore(input, input.orderedOn)) {
    const maintenance = input.maintenance ?? input.currentMaintenance;
    const choice = planChoice({ plan: input.plan ?? current, ...(maintenance ? { maintenance } : {}) });
    if (choice.kind === 'refused') return choice;
    const chosen = { currency, plan: choice.plan, ...(maintenance ? { maintenance } : {}) };
    if (input.contractStart === undefined) return { kind: 'starts-contract', ...chosen };
    return { kind: 'reconcludes', ...chosen, previousStart: input.contractStart, expiredOn: input.effectiveEnd! };
  }
  if (input.orderedOn < input.contractStart) {
    return refusal('invalid_input', `orderedOn: before the contract start ${input.contractStart}`, 'orderedOn');
  }
  if (input.plan !== undefined && input.plan !== current) {
    return refusal('plan_locked', `plan: the running contract is on ${current}; a plan is chosen when a contract starts or is re-concluded`, 'plan');
  }
  return { kind: 'co-terms', currency, plan: current, contractStart: input.contractStart };
}
