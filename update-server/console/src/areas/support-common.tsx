/** What the Support area's parts share: SPEC §6's classes and charge notes in words, UTC date-time fields. */
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Role } from '../session';

/** SPEC §6: the request classes; the first two are free, the others chargeable. */
export const CLASS_WORDS: Record<string, string> = {
  base_bug: 'Bug in the add-on (free)',
  incident: 'Incident in the vendor’s responsibility (free)',
  customization_bug: 'Caused by the customer’s customisations (chargeable)',
  change_request: 'Change request (chargeable)',
  service_request: 'Service request (chargeable)',
  external_cause: 'External cause: customer data, third-party systems or infrastructure (chargeable)',
};

/** license-core's supportCharge note, said for the person at the screen. */
export const CHARGE_WORDS: Record<string, string> = {
  unclassified: 'Not classified yet: nothing is billable.',
  free_class: 'Free: the cause is the vendor’s (bug or incident).',
  awaiting_approval: 'Chargeable, but nothing is billed until the customer has been told and has approved.',
  within_free_diagnosis: 'Chargeable, but the time so far is within the free 30-minute diagnosis.',
  billed: 'Billed at the hourly rate from the moment the customer was told (after the free diagnosis).',
};

export function NotForRole(props: { role: Role }) {
  return (
    <MessageBar intent="info" data-testid="not-for-role">
      <MessageBarBody>
        Support requests are for the admin, billing and partner keys; your key’s role ({props.role}) may not see them. Ask an admin of your vendor account.
      </MessageBarBody>
    </MessageBar>
  );
}

/** The value of a datetime-local field for an instant, in UTC ("2026-11-29T08:05"). */
export function utcField(instant: Date): string {
  return instant.toISOString().slice(0, 16);
}

/** A datetime-local field's value read as UTC, or undefined when it is not a date and time. */
export function instantOf(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Seconds as minutes, to one decimal where needed ("90", "12.5"). */
export function minutesOf(seconds: number): string {
  const m = Math.round((seconds / 60) * 10) / 10;
  return String(m);
}
