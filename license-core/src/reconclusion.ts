/**
 * Re-concluding (SPEC §5): a new agreement can be concluded once the customer's contract has ended, that is after the
 * last day of an ordinary cancellation. A contract never cancelled is running; an extraordinary termination (SPEC §2)
 * ends the relationship: nothing is re-concluded after it. What the new agreement invoices is planReconclusion's.
 */
import type { MaintenanceTerms } from './maintenance-agreement';
import type { ContractPlan } from './plan';
import { effectivePlan, planChoice } from './plan-choice';
import { refusal, type Refusal } from './refusal';
import type { CalendarDate } from './types';

/** The contract facts these rules read. `effectiveEnd` is the last day after an ordinary cancellation. */
export interface ContractFacts {
  contractStart?: CalendarDate;
  effectiveEnd?: CalendarDate;
  terminated: boolean;
}

/** Whether the contract ended before `date`: it was cancelled and its last day has passed (SPEC §2, §5). */
export function contractEndedBefore(contract: Pick<ContractFacts, 'contractStart' | 'effectiveEnd'>, date: CalendarDate): boolean {
  return contract.contractStart !== undefined && contract.effectiveEnd !== undefined && date > contract.effectiveEnd;
}

export type ReconclusionVerdict =
  | { kind: 'reconcludes'; plan: ContractPlan; maintenance?: MaintenanceTerms; previousStart: CalendarDate; expiredOn: CalendarDate }
  | Refusal<'no_contract' | 'customer_terminated' | 'contract_running' | 'invalid_input'>;

/**
 * Whether a new agreement may start on `concludedOn` (SPEC §5), the agreement it follows, and its plan: the one asked
 * for, else the customer's (`currentPlan`); the maintenance terms asked for, else the customer's (SPEC §7 prices).
 */
export function reconclusionVerdict(
  input: ContractFacts & { concludedOn: CalendarDate; plan?: ContractPlan; currentPlan?: ContractPlan; maintenance?: MaintenanceTerms; currentMaintenance?: MaintenanceTerms },
): ReconclusionVerdict {
  if (input.contractStart === undefined) return refusal('no_contract', 'the customer has no contract yet; place an order to start one');
  if (input.terminated) return refusal('customer_terminated', 'the customer’s assurance was terminated; it cannot be re-concluded');
  if (!contractEndedBefore(input, input.concludedOn) || input.effectiveEnd === undefined) {
    const end = input.effectiveEnd;
    return refusal(
      'contract_running',
      end ? `concludedOn: the contract runs through ${end}; a new agreement can start from the day after` : 'the contract is running (not cancelled); nothing to re-conclude',
      'concludedOn',
    );
  }
  const maintenance = input.maintenance ?? input.currentMaintenance;
  const choice = planChoice({ plan: input.plan ?? effectivePlan(input.currentPlan), ...(maintenance ? { maintenance } : {}) });
  if (choice.kind === 'refused') return choice;
  return { kind: 'reconcludes', plan: choice.plan, ...(maintenance ? { maintenance } : {}), previousStart: input.contractStart, expiredOn: input.effectiveEnd };
}
