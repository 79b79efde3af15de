/**
 * Extraordinary termination (SPEC §2): the vendor's alone, immediate, and once only.
 */
import { refusal, type Refusal } from './refusal';
import type { Instant } from './types';

export type TerminationRequest = { kind: 'terminates'; at: Instant } | Refusal<'already_terminated'>;

/** Whether the contract can be terminated at `at`: unless it was terminated already (at `terminatedAt`). */
export function terminationRequest(input: { terminatedAt?: Instant; at: Instant }): TerminationRequest {
  if (input.terminatedAt !== undefined) return refusal('already_terminated', `terminated already at ${input.terminatedAt}`);
  return { kind: 'terminates', at: input.at };
}
