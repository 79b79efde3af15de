/**
 * The Customers area's rules that need no browser (issue #15 item 4): the words for a contract's status and plan, the
 * search, what each role may do here, and the checks of the action forms before anything is sent. Pure functions:
 * `today` is passed in. Unit-tested in update-server/test/console-customers-logic.test.ts.
 */
import { moneyToDecimal } from '@crm-assurance/license-core/src/money';
import { parseAmount } from '../format';

/** A contract's status in words (GET /v1/customers/{id}/contract `status`). */
export const STATUS_WORDS: Record<string, string> = {
  none: 'No contract yet',
  active: 'Active',
  unpaid: 'Unpaid',
  lapsed: 'Lapsed',
  cancelled: 'Cancelled',
  terminated: 'Terminated',
};

/** One sentence more, for the detail. */
export const STATUS_EXPLAINED: Record<string, string> = {
  none: 'Nothing has been ordered yet.',
  active: 'Assurance is paid for the current period: the customer gets new releases.',
  unpaid: 'An invoice of the current period is open: releases of this period are withheld until it is paid.',
  lapsed: 'The renewals were not paid: the customer keeps what was published while paid.',
  cancelled: 'The contract was cancelled: assurance ends (or ended) on the date below.',
  terminated: 'The contract was terminated: nothing can be downloaded any more.',
};

export function statusWords(status: string | undefined): string {
  if (status === undefined) return '—';
  return STATUS_WORDS[status] ?? status;
}

const PLAN_WORDS: Record<string, string> = {
  'calendar-year': 'Calendar year',
  'ssa-annual': 'Auto SSA, annual',
  'ssa-quarterly': 'Auto SSA, quarterly',
  'ssa-monthly': 'Auto SSA, monthly',
  'ssa-flex': 'Auto SSA, flex',
  maintenance: 'Maintenance agreement',
};

/** The plan in words; a customer without one is on the calendar-year plan (SPEC §2, the default). */
export function planWords(plan: string | undefined): string {
  return PLAN_WORDS[plan ?? 'calendar-year'] ?? plan ?? 'Calendar year';
}

/** Whether a customer matches the search: its name or its id contains every word typed (any case). */
export function matchesSearch(customer: { id: string; name: string }, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${customer.name} ${customer.id}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** What a role may do in this area: the console's one list (session.ts `may`, decision C34). */
export { may as mayHere } from '../session';

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The amount as the payment form shows it: minor units written as "1234.50" (no currency, no grouping). */
export function amountText(minor: number, currency: string): string {
  return moneyToDecimal({ amount: minor, currency });
}

/**
 * The payment form's fields, checked before sending (decision C35): the amount typed ("1,234.50") in minor units of
 * the invoice's currency, more than zero; a reference; the date paid, not after today. `paidAt` is left out when the
 * payment was made today (the server then records the moment it is recorded, and a second click is the same payment,
 * issue #13), else noon UTC of that date (inside the same calendar day in the vendor's time zone, SPEC §1).
 */
export function checkPayment(form: { amount: string; reference: string; paidOn: string }, currency: string, today: string): Checked<{ amount: number; reference: string; paidAt?: string }> {
  const amount = parseAmount(form.amount.trim(), currency);
  if (form.amount.trim() === '') return { ok: false, field: 'amount', message: 'Type the amount paid, for example 1,234.50.' };
  if (amount === undefined) return { ok: false, field: 'amount', message: `“${form.amount.trim()}” is not an amount in ${currency}: type digits with a decimal point, for example 1,234.50.` };
  if (amount <= 0) return { ok: false, field: 'amount', message: 'The amount must be more than zero.' };
  if (amount > 999_999_999_999_999) return { ok: false, field: 'amount', message: 'The amount is larger than the server accepts.' };
  const reference = form.reference.trim();
  if (reference === '') return { ok: false, field: 'reference', message: 'Type the bank reference of the payment (it keeps the same payment from being recorded twice).' };
  if (reference.length > 200) return { ok: false, field: 'reference', message: 'The reference is too long (at most 200 characters).' };
  if (!isDate(form.paidOn)) return { ok: false, field: 'paidOn', message: 'Choose the date the payment was made.' };
  if (form.paidOn > today) return { ok: false, field: 'paidOn', message: 'The date paid cannot lie in the future.' };
  return { ok: true, value: { amount, reference, ...(form.paidOn === today ? {} : { paidAt: `${form.paidOn}T12:00:00.000Z` }) } };
}

/** The cancellation form: the date the notice was received (required), and a fixed cancellation date when given. */
export function checkCancellation(form: { receivedOn: string; cancellationDate: string }, today: string): Checked<{ receivedOn: string; cancellationDate?: string }> {
  if (!isDate(form.receivedOn)) return { ok: false, field: 'receivedOn', message: 'Choose the date the cancellation notice was received.' };
  if (form.receivedOn > today) return { ok: false, field: 'receivedOn', message: 'The date received cannot lie in the future.' };
  const fixed = form.cancellationDate.trim();
  if (fixed !== '' && !isDate(fixed)) return { ok: false, field: 'cancellationDate', message: 'Choose a valid cancellation date, or leave it empty.' };
  return { ok: true, value: { receivedOn: form.receivedOn, ...(fixed !== '' ? { cancellationDate: fixed } : {}) } };
}

/** Termination and re-issue need a reason; termination also the customer's name typed exactly (decision C36). */
export function checkReason(reason: string, max: number): Checked<string> {
  const text = reason.trim();
  if (text === '') return { ok: false, field: 'reason', message: 'Type the reason (it is recorded with the change).' };
  if (text.length > max) return { ok: false, field: 'reason', message: `The reason is too long (at most ${max} characters).` };
  return { ok: true, value: text };
}

export function nameConfirms(typed: string, name: string): boolean {
  return typed.trim() === name.trim() && name.trim() !== '';
}

/** Which form field a server's refusal names (the API's field → the form's). */
export function formField(apiField: string | undefined): string | undefined {
  if (apiField === undefined) return undefined;
  if (apiField === 'amount' || apiField.startsWith('amount.')) return 'amount';
  if (apiField === 'paidAt') return 'paidOn';
  return apiField;
}

/**
 * A queue that runs `work` on each item added, at most `limit` at a time over everything added so far, each item
 * once however often it is added (decision C31: the list asks each row's contract once, at most 4 calls at a time,
 * also when a search or "Show more" adds rows while earlier calls still run). A failing `work` is its own business
 * (it should record the failure); the queue carries on.
 */
export function boundedQueue<T>(limit: number, work: (item: T) => Promise<void>): (items: readonly T[]) => void {
  const seen = new Set<T>();
  const waiting: T[] = [];
  let running = 0;
  const pump = () => {
    while (running < limit && waiting.length > 0) {
      const item = waiting.shift() as T;
      running += 1;
      void work(item)
        .catch(() => undefined)
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };
  return (items) => {
    for (const item of items)
      if (!seen.has(item)) {
        seen.add(item);
        waiting.push(item);
      }
    pump();
  };
}
