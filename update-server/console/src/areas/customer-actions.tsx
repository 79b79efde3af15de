/**
 * The Customers area's actions (issue #15 item 4), the ones the `assurance` CLI has: record a payment, record a
 * cancellation notice, terminate, re-issue a licence key. Each is a Fluent Dialog whose form is checked before
 * anything is sent (customers-logic.ts, the field named in plain words); the server's refusal is shown in the dialog in
 * plain words, at its field when it names one; after success the dialog closes and the view is loaded again.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CancellationRecorded, TerminationRecorded } from '../../../src/api/agreements';
import type { LicenceKeyReissued } from '../../../src/api/customers';
import type { Invoice, PaymentRecorded } from '../../../src/api/invoices';
import { ConsoleError, post } from '../api';
import { ErrorMessage } from '../components';
import { date, money, todayUtc } from '../format';
import { amountText, checkCancellation, checkPayment, checkReason, formField, nameConfirms, type Checked } from './customers-logic';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  keyRow: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  keyInput: { flexGrow: 1, minWidth: '0', fontFamily: tokens.fontFamilyMonospace },
});

type FieldErrors = Record<string, string | undefined>;

/** Field props for an error (Fluent's Field marks its control aria-invalid and reads the message with it). */
const fieldError = (message: string | undefined) => ({ validationMessage: message, validationState: message ? ('error' as const) : ('none' as const) });

/** Sends a checked form; a refusal naming a field goes to that field, any other to the dialog's message. */
function useSubmit<R>(onDone: (answer: R) => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit<T>(checked: Checked<T>, send: (value: T) => Promise<R>, fields: readonly string[]) {
    setFailure(undefined);
    if (!checked.ok) {
      setErrors({ [checked.field]: checked.message });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await send(checked.value));
    } catch (e) {
      const field = e instanceof ConsoleError ? formField(e.field) : undefined;
      if (field !== undefined && fields.includes(field)) setErrors({ [field]: (e as ConsoleError).message });
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  return { errors, failure, busy, submit };
}

function ActionDialog(props: { open: boolean; onClose: () => void; title: string; testId: string; onSubmit?: (e: FormEvent) => void; children: ReactNode; actions: ReactNode }) {
  const styles = useStyles();
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => (d.open ? undefined : props.onClose())}>
      <DialogSurface data-testid={props.testId}>
        <form onSubmit={props.onSubmit ?? ((e) => e.preventDefault())} noValidate>
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent className={styles.form}>{props.children}</DialogContent>
            <DialogActions>{props.actions}</DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Record a payment on an invoice: the open balance prefilled, a reference, the date paid (default today). */
export function PaymentDialog(props: { invoice: Invoice; onClose: () => void; onRecorded: (answer: PaymentRecorded) => void }) {
  const { invoice } = props;
  const currency = invoice.total.currency;
  const today = todayUtc();
  const [form, setForm] = useState({ amount: amountText(invoice.outstanding, currency), reference: '', paidOn: today });
  const { errors, failure, busy, submit } = useSubmit(props.onRecorded);
  const set = (key: keyof typeof form) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [key]: d.value }));
  return (
    <ActionDialog
      open
      onClose={props.onClose}
      title={`Record a payment on invoice ${invoice.id}`}
      testId="payment-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(checkPayment(form, currency, today), (v) => post<PaymentRecorded>(`/v1/invoices/${encodeURIComponent(invoice.id)}/payments`, { amount: { amount: v.amount, currency }, reference: v.reference, ...(v.paidAt ? { paidAt: v.paidAt } : {}) }), ['amount', 'reference', 'paidOn']);
      }}
      actions={
        <>
          <Button appearance="secondary" onClick={props.onClose} data-testid="payment-cancel">
            Cancel
          </Button>
          <Button appearance="primary" type="submit" disabled={busy} data-testid="payment-submit">
            {busy ? 'Recording…' : 'Record payment'}
          </Button>
        </>
      }
    >
      <Text>
        Total {money(invoice.total)}, paid {money({ amount: invoice.paid, currency })}, open {money({ amount: invoice.outstanding, currency })}. Due {date(invoice.dueOn)}.
      </Text>
      <Field label={`Amount (${currency})`} required hint="As on the bank statement, e.g. 1,234.50" {...fieldError(errors.amount)}>
        <Input value={form.amount} onChange={set('amount')} inputMode="decimal" autoComplete="off" data-testid="payment-amount" />
      </Field>
      <Field label="Reference" required hint="The bank reference: recording the same reference again counts once" {...fieldError(errors.reference)}>
        <Input value={form.reference} onChange={set('reference')} autoComplete="off" data-testid="payment-reference" />
      </Field>
      <Field label="Date paid" required {...fieldError(errors.paidOn)}>
        <Input type="date" value={form.paidOn} max={today} onChange={set('paidOn')} data-testid="payment-date" />
      </Field>
      {failure ? <ErrorMessage error={failure} title="The payment was not recorded" /> : null}
    </ActionDialog>
  );
}

/** Record an ordinary cancellation notice; the server says whether it came in time and when assurance ends. */
export function CancellationDialog(props: { customerId: string; customerName: string; termPlan: boolean; onClose: () => void; onRecorded: (answer: CancellationRecorded) => void }) {
  const today = todayUtc();
  const [form, setForm] = useState({ receivedOn: today, cancellationDate: '' });
  const { errors, failure, busy, submit } = useSubmit(props.onRecorded);
  const set = (key: keyof typeof form) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [key]: d.value }));
  return (
    <ActionDialog
      open
      onClose={props.onClose}
      title={`Record a cancellation notice from ${props.customerName}`}
      testId="cancel-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(checkCancellation(form, today), (v) => post<CancellationRecorded>(`/v1/customers/${encodeURIComponent(props.customerId)}/cancellation`, v), ['receivedOn', 'cancellationDate']);
      }}
      actions={
        <>
          <Button appearance="secondary" onClick={props.onClose} data-testid="cancel-cancel">
            Back
          </Button>
          <Button appearance="primary" type="submit" disabled={busy} data-testid="cancel-submit">
            {busy ? 'Recording…' : 'Record the notice'}
          </Button>
        </>
      }
    >
      <Text>
        An ordinary cancellation: assurance continues to the end of the period the notice reaches, then ends. The server works out from the plan whether the notice came in time and
        when assurance ends.
      </Text>
      <Field label="Date received" required {...fieldError(errors.receivedOn)}>
        <Input type="date" value={form.receivedOn} max={today} onChange={set('receivedOn')} data-testid="cancel-received" />
      </Field>
      {props.termPlan ? (
        <Field label="Cancellation date (optional)" hint="A date fixed in advance, if the customer named one" {...fieldError(errors.cancellationDate)}>
          <Input type="date" value={form.cancellationDate} onChange={set('cancellationDate')} data-testid="cancel-date" />
        </Field>
      ) : null}
      {failure ? <ErrorMessage error={failure} title="The notice was not recorded" /> : null}
    </ActionDialog>
  );
}

/** Extraordinary termination: names the consequence; the button stays disabled until the customer's name is typed. */
export function TerminationDialog(props: { customerId: string; customerName: string; onClose: () => void; onTerminated: (answer: TerminationRecorded) => void }) {
  const [reason, setReason] = useState('');
  const [typedName, setTypedName] = useState('');
  const { errors, failure, busy, submit } = useSubmit(props.onTerminated);
  const confirmed = nameConfirms(typedName, props.customerName);
  return (
    <ActionDialog
      open
      onClose={props.onClose}
      title={`Terminate ${props.customerName}?`}
      testId="terminate-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        if (!confirmed) return;
        void submit(checkReason(reason, 2000), (v) => post<TerminationRecorded>(`/v1/customers/${encodeURIComponent(props.customerId)}/termination`, { reason: v }), ['reason']);
      }}
      actions={
        <>
          <Button appearance="secondary" onClick={props.onClose} data-testid="terminate-cancel">
            Cancel
          </Button>
          <Button appearance="primary" type="submit" disabled={!confirmed || busy} data-testid="terminate-submit">
            {busy ? 'Terminating…' : 'Terminate now'}
          </Button>
        </>
      }
    >
      <MessageBar intent="warning">
        <MessageBarBody>
          Extraordinary termination is immediate and cannot be undone. From this moment {props.customerName} can download nothing, and download links already handed out stop
          working. For an ordinary end of the contract, record a cancellation notice instead.
        </MessageBarBody>
      </MessageBar>
      <Field label="Reason" required hint="Recorded with the termination" {...fieldError(errors.reason)}>
        <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" data-testid="terminate-reason" />
      </Field>
      <Field label={`Type the customer’s name to confirm: ${props.customerName}`} required>
        <Input value={typedName} onChange={(_, d) => setTypedName(d.value)} autoComplete="off" data-testid="terminate-name" />
      </Field>
      {failure ? <ErrorMessage error={failure} title="The contract was not terminated" /> : null}
    </ActionDialog>
  );
}

/** Re-issue a licence key: the new key is shown once, with a copy button; the old one stops working now. */
export function ReissueDialog(props: { customerId: string; keyId: string; hint: string; onClose: (reissued: boolean) => void }) {
  const styles = useStyles();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState<LicenceKeyReissued | undefined>();
  const [copied, setCopied] = useState<string | undefined>();
  const { errors, failure, busy, submit } = useSubmit<LicenceKeyReissued>(setAnswer);
  const close = () => props.onClose(answer !== undefined);
  async function copy() {
    if (!answer) return;
    try {
      await navigator.clipboard.writeText(answer.licenceKey);
      setCopied('Copied.');
    } catch {
      setCopied('The browser did not allow copying: select the key and copy it.');
    }
  }
  return (
    <ActionDialog
      open
      onClose={close}
      title={answer ? 'The new licence key (shown once)' : `Re-issue licence key ${props.keyId}`}
      testId="reissue-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        if (answer) return;
        void submit(checkReason(reason, 200), (v) => post<LicenceKeyReissued>(`/v1/customers/${encodeURIComponent(props.customerId)}/licence-keys/${encodeURIComponent(props.keyId)}/reissue`, { reason: v }), ['reason']);
      }}
      actions={
        answer ? (
          <Button appearance="primary" onClick={close} data-testid="reissue-close">
            I have copied the key
          </Button>
        ) : (
          <>
            <Button appearance="secondary" onClick={close} data-testid="reissue-cancel">
              Cancel
            </Button>
            <Button appearance="primary" type="submit" disabled={busy} data-testid="reissue-submit">
              {busy ? 'Re-issuing…' : 'Re-issue the key'}
            </Button>
          </>
        )
      }
    >
      {answer ? (
        <>
          <Text>
            Give this key to the customer’s CRM admin now: it is not shown again. The old key ending in {props.hint} stops working from now on.{' '}
            {answer.orgs.length === 0
              ? 'No org is bound through it yet.'
              : `These orgs stay bound; their admins type the new key on the configuration page: ${answer.orgs.map((o) => `${o.orgId} (${o.environment})`).join(', ')}.`}
          </Text>
          <div className={styles.keyRow}>
            <Field label="New licence key" className={styles.keyInput}>
              <Input readOnly value={answer.licenceKey} className={styles.keyInput} data-testid="new-licence-key" />
            </Field>
            <Button onClick={() => void copy()} data-testid="copy-key">
              Copy
            </Button>
          </div>
          {copied ? <Text role="status">{copied}</Text> : null}
        </>
      ) : (
        <>
          <Text>
            For a key that leaked or was lost. The customer gets a new key under the same key id; the old key ending in {props.hint} stops working at once, and the orgs activated with it
            stay bound.
          </Text>
          <Field label="Reason" required hint="e.g. posted in a public forum" {...fieldError(errors.reason)}>
            <Input value={reason} onChange={(_, d) => setReason(d.value)} autoComplete="off" data-testid="reissue-reason" />
          </Field>
          {failure ? <ErrorMessage error={failure} title="The key was not re-issued" /> : null}
        </>
      )}
    </ActionDialog>
  );
}
