/**
 * When chargeable support work may start billing (SPEC §6): the customer is told (notice), then approves. Neither
 * instant lies in the future; approval needs a notice first and cannot precede it. supportCharge then bills from
 * the later of the two.
 */
import { instantMillis } from './calendar-date';
import { refusal, type Refusal } from './refusal';
import { earliestWorkInstant } from './support-billing';
import type { Instant } from './types';

export type SupportNoticeVerdict = { kind: 'recorded' } | Refusal<'invalid_input' | 'approval_before_notice'>;

/**
 * May the vendor record that the customer was told at `notifiedAt`? Not in the future, and (given `filedAt`, the
 * request's filing) not earlier than work on it may be logged: a day before it was filed (D45; issue #13 made the two
 * rules one, since the notice starts the billing of that work).
 */
export function supportNoticeVerdict(input: { notifiedAt: Instant; approvedAt?: Instant; asOf: Instant; filedAt?: Instant }): SupportNoticeVerdict {
  const notified = instantMillis(input.notifiedAt, 'notifiedAt');
  if (notified > instantMillis(input.asOf, 'asOf')) return refusal('invalid_input', 'notifiedAt: cannot lie in the future', 'notifiedAt');
  const earliest = input.filedAt === undefined ? undefined : earliestWorkInstant(input.filedAt);
  if (earliest !== undefined && notified < instantMillis(earliest)) {
    return refusal('invalid_input', `notifiedAt: more than a day before the request was filed (${input.filedAt}); the earliest is ${earliest}`, 'notifiedAt');
  }
  if (input.approvedAt !== undefined && notified > instantMillis(input.approvedAt, 'approvedAt')) {
    return refusal('approval_before_notice', `notifiedAt: the customer approved at ${input.approvedAt}, before this notice`, 'notifiedAt');
  }
  return { kind: 'recorded' };
}

export type SupportApprovalVerdict = { kind: 'recorded' } | Refusal<'invalid_input' | 'notice_missing'>;

/** May the vendor record that the customer approved at `approvedAt`? */
export function supportApprovalVerdict(input: { approvedAt: Instant; notifiedAt?: Instant; asOf: Instant }): SupportApprovalVerdict {
  if (input.notifiedAt === undefined) {
    return refusal('notice_missing', 'approvedAt: record when the customer was told (notice) before their approval', 'approvedAt');
  }
  const approved = instantMillis(input.approvedAt, 'approvedAt');
  if (approved < instantMillis(input.notifiedAt, 'notifiedAt')) return refusal('invalid_input', `approvedAt: before the notice at ${input.notifiedAt}`, 'approvedAt');
  if (approved > instantMillis(input.asOf, 'asOf')) return refusal('invalid_input', 'approvedAt: cannot lie in the future', 'approvedAt');
  return { kind: 'recorded' };
}
