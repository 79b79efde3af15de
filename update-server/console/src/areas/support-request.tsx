/**
 * One support request (issue #15 item 6; SPEC §6), what a support person does with it (as the CLI's
 * `assurance support` commands do): read the environment, classify it, record when the customer was told the cause
 * is chargeable (notice) and when they approved (approval: only after the notice; the server refuses otherwise and
 * its refusal is shown in plain words), log time, close it. The charge is license-core's, from the detail answer
 * (decision C46). Date-times are typed in UTC, as the API keeps them (decision C47).
 */
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Dropdown,
  Field,
  Input,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SupportRequestDetail } from '../../../src/api/support-requests';
import { get, post } from '../api';
import { ConsoleLink, Done, ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { date, money } from '../format';
import { href } from '../router';
import type { Session } from '../session';
import { useTableStyles } from './releases-common';
import { CHARGE_WORDS, CLASS_WORDS, instantOf, minutesOf, utcField } from './support-common';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22em, 1fr))', gap: tokens.spacingHorizontalXL },
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end', marginBottom: tokens.spacingVerticalS },
  grow: { flexGrow: 1, minWidth: '12em' },
  card: { marginBottom: tokens.spacingVerticalL },
  description: { whiteSpace: 'pre-wrap' },
});

function Facts(props: { rows: Array<[string, ReactNode, string?]> }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {props.rows.map(([term, value, testid]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.value} data-testid={testid}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

type Outcome = { action: string; error?: unknown; done?: string } | undefined;

export function SupportRequestView(props: { id: string; session: Session }) {
  const styles = useStyles();
  const tableStyles = useTableStyles();
  const loaded = useLoad((signal) => get<SupportRequestDetail>(`/v1/support-requests/${encodeURIComponent(props.id)}`, { signal }), [props.id]);
  const [fresh, setFresh] = useState<SupportRequestDetail | undefined>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const [classification, setClassification] = useState('');
  const [classNote, setClassNote] = useState('');
  const [notifiedAt, setNotifiedAt] = useState(() => utcField(new Date()));
  const [approvedAt, setApprovedAt] = useState(() => utcField(new Date()));
  const [from, setFrom] = useState(() => utcField(new Date(Date.now() - 60 * 60_000)));
  const [minutes, setMinutes] = useState('');
  const [timeNote, setTimeNote] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [confirmClose, setConfirmClose] = useState(false);

  const r = fresh ?? loaded.data;
  const back = (
    <ConsoleLink to={href('support')} data-testid="back-to-queue">
      Back to the queue
    </ConsoleLink>
  );
  if (loaded.loading && !r) return <Loading what="the support request" />;
  if (!r)
    return (
      <>
        <PageHeader title="Support request">{back}</PageHeader>
        <ErrorMessage error={loaded.error} title="The support request could not be shown" />
      </>
    );

  async function act(action: string, path: string, body: unknown, done: string) {
    setBusy(true);
    setOutcome(undefined);
    try {
      const next = await post<SupportRequestDetail>(`/v1/support-requests/${encodeURIComponent(r!.id)}/${path}`, body);
      setFresh(next);
      setOutcome({ action, done });
      return true;
    } catch (error) {
      setOutcome({ action, error });
      return false;
    } finally {
      setBusy(false);
    }
  }

  const result = (action: string) =>
    outcome?.action === action ? (
      outcome.error ? (
        <ErrorMessage error={outcome.error} title="Not recorded" />
      ) : (
        <Done>{outcome.done}</Done>
      )
    ) : null;

  function check(field: string, problem: string | undefined): boolean {
    setProblems(problem ? { [field]: problem } : {});
    return problem === undefined;
  }

  const classify = (e: FormEvent) => {
    e.preventDefault();
    if (!check('classification', classification ? undefined : 'Choose a class.')) return;
    void act('classify', 'classification', { classification, ...(classNote.trim() ? { note: classNote.trim() } : {}) }, `Classified: ${CLASS_WORDS[classification]}.`);
  };
  const notice = (e: FormEvent) => {
    e.preventDefault();
    const at = instantOf(notifiedAt);
    if (!check('notifiedAt', at ? undefined : 'Type the date and time (UTC) the customer was told.')) return;
    void act('notice', 'notice', { notifiedAt: at }, `Recorded: the customer was told on ${date(at)}.`);
  };
  const approval = (e: FormEvent) => {
    e.preventDefault();
    const at = instantOf(approvedAt);
    if (!check('approvedAt', at ? undefined : 'Type the date and time (UTC) the customer approved.')) return;
    void act('approval', 'approval', { approvedAt: at }, `Recorded: the customer approved on ${date(at)}.`);
  };
  const logTime = async (e: FormEvent) => {
    e.preventDefault();
    const at = instantOf(from);
    const m = Number(minutes);
    if (!check('from', at ? undefined : 'Type the date and time (UTC) the work started.')) return;
    if (!check('minutes', /^\d+$/.test(minutes.trim()) && m >= 1 && m <= 1440 ? undefined : 'Type whole minutes, from 1 to 1440.')) return;
    if (await act('time', 'time', { from: at, minutes: m, ...(timeNote.trim() ? { note: timeNote.trim() } : {}) }, `Logged ${m} minutes.`)) {
      setMinutes('');
      setTimeNote('');
    }
  };

  const c = r.charge;
  const currentClass = r.classification ? CLASS_WORDS[r.classification] : 'Not classified yet';
  return (
    <>
      <PageHeader title={`Request ${r.number}: ${r.summary}`}>{back}</PageHeader>
      <Section label="The request">
        <div className={styles.columns}>
          <div>
            <Facts
              rows={[
                ['Status', <Badge key="s" appearance="tint" color={r.status === 'open' ? 'brand' : 'subtle'}>{r.status === 'open' ? 'Open' : `Closed on ${date(r.closedAt)}`}</Badge>, 'detail-status'],
                ['Customer', r.customerName, 'detail-customer'],
                ['Add-on', r.addon],
                ['Filed', date(r.createdAt), 'detail-filed'],
                ['Contact', r.contact ? [r.contact.name, r.contact.email].filter(Boolean).join(', ') : '—'],
                ['Classification', currentClass, 'detail-classification'],
                ['Customer told (notice)', r.notifiedAt ? date(r.notifiedAt) : 'Not yet', 'detail-notice'],
                ['Customer approved', r.approvedAt ? date(r.approvedAt) : 'Not yet', 'detail-approval'],
              ]}
            />
            <h2>Description</h2>
            <Text as="p" className={styles.description}>
              {r.description}
            </Text>
          </div>
          <div>
            <h2>Environment</h2>
            <Facts
              rows={[
                ['Add-on version', r.environment.addonVersion, 'env-addon-version'],
                ['Platform', `${r.environment.platform === 'odoo' ? 'Odoo' : 'Dynamics 365'} ${r.environment.platformVersion}`, 'env-platform'],
                ['Customisations present', r.environment.customisationsPresent ? 'Yes' : 'No', 'env-customisations'],
                ['Organisation', r.environment.orgUrl ?? r.orgId],
              ]}
            />
            <h2>Charge</h2>
            <Card className={styles.card} data-testid="charge">
              <Facts
                rows={[
                  ['Time logged', `${c.loggedMinutes} minutes`, 'charge-logged'],
                  ['Free diagnosis used', `${c.diagnosisMinutes} of 30 minutes`, 'charge-diagnosis'],
                  ['Billable', `${minutesOf(c.billableSeconds)} minutes`, 'charge-billable'],
                  ['Billing starts', c.billingStartsAt ? date(c.billingStartsAt) : '—'],
                  ['Amount', money(c.amount), 'charge-amount'],
                ]}
              />
              <Text data-testid="charge-note">{CHARGE_WORDS[c.note] ?? c.note}</Text>
            </Card>
          </div>
        </div>
      </Section>

      <Section label="Classification">
        <h2>Classification</h2>
        <form className={styles.form} onSubmit={classify} noValidate>
          <Field label="Class" required validationMessage={problems.classification} className={styles.grow}>
            <Dropdown
              placeholder="Choose a class"
              value={classification ? CLASS_WORDS[classification] : ''}
              selectedOptions={classification ? [classification] : []}
              onOptionSelect={(_, d) => setClassification(d.optionValue ?? '')}
              data-testid="classification"
            >
              {Object.entries(CLASS_WORDS).map(([k, w]) => (
                <Option key={k} value={k} data-testid={`class-${k}`}>
                  {w}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Note (optional)" className={styles.grow}>
            <Input value={classNote} onChange={(_, d) => setClassNote(d.value)} data-testid="classification-note" />
          </Field>
          <Button type="submit" appearance="primary" disabled={busy} data-testid="classify">
            Classify
          </Button>
        </form>
        {result('classify')}
      </Section>

      <Section label="Notice and approval">
        <h2>Notice and approval</h2>
        <Text as="p">Chargeable work is billed from the moment the customer is told, and only once they have approved. Times are in UTC.</Text>
        <form className={styles.form} onSubmit={notice} noValidate>
          <Field label="Customer told at (UTC)" required validationMessage={problems.notifiedAt}>
            <Input type="datetime-local" value={notifiedAt} onChange={(_, d) => setNotifiedAt(d.value)} data-testid="notice-at" />
          </Field>
          <Button type="submit" disabled={busy} data-testid="record-notice">
            Record notice
          </Button>
        </form>
        {result('notice')}
        <form className={styles.form} onSubmit={approval} noValidate>
          <Field label="Customer approved at (UTC)" required validationMessage={problems.approvedAt}>
            <Input type="datetime-local" value={approvedAt} onChange={(_, d) => setApprovedAt(d.value)} data-testid="approval-at" />
          </Field>
          <Button type="submit" disabled={busy} data-testid="record-approval">
            Record approval
          </Button>
        </form>
        {result('approval')}
      </Section>

      <Section label="Time log">
        <h2>Time log</h2>
        {r.timeEntries.length === 0 ? (
          <Text as="p" data-testid="no-time">
            No time logged yet.
          </Text>
        ) : (
          <div className={tableStyles.scroll} tabIndex={0} role="region" aria-label="Time log (scrolls sideways)">
            <Table className={tableStyles.table} size="small" data-testid="time-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Started</TableHeaderCell>
                  <TableHeaderCell>Minutes</TableHeaderCell>
                  <TableHeaderCell>Note</TableHeaderCell>
                  <TableHeaderCell>Logged by</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {r.timeEntries.map((t) => (
                  <TableRow key={t.id} data-testid="time-row">
                    <TableCell>{date(t.from)}</TableCell>
                    <TableCell data-testid="time-minutes">{t.minutes}</TableCell>
                    <TableCell>{t.note ?? ''}</TableCell>
                    <TableCell>{t.loggedBy ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <form className={styles.form} onSubmit={logTime} noValidate>
          <Field label="Work started at (UTC)" required validationMessage={problems.from}>
            <Input type="datetime-local" value={from} onChange={(_, d) => setFrom(d.value)} data-testid="time-from" />
          </Field>
          <Field label="Minutes" required validationMessage={problems.minutes}>
            <Input inputMode="numeric" value={minutes} onChange={(_, d) => setMinutes(d.value)} data-testid="time-minutes-input" />
          </Field>
          <Field label="Note (optional)" className={styles.grow}>
            <Textarea value={timeNote} onChange={(_, d) => setTimeNote(d.value)} rows={1} data-testid="time-note" />
          </Field>
          <Button type="submit" appearance="primary" disabled={busy} data-testid="log-time">
            Log time
          </Button>
        </form>
        {result('time')}
      </Section>

      <Section label="Close the request">
        <h2>Close</h2>
        {r.status === 'closed' ? (
          <Text as="p">This request was closed on {date(r.closedAt)}.</Text>
        ) : (
          <Dialog open={confirmClose} onOpenChange={(_, d) => setConfirmClose(d.open)}>
            <DialogTrigger disableButtonEnhancement>
              <Button data-testid="close-request">Close the request…</Button>
            </DialogTrigger>
            <DialogSurface>
              <DialogBody>
                <DialogTitle>Close request {r.number}?</DialogTitle>
                <DialogContent>The customer sees it as closed on their configuration page. Time can still be logged on it afterwards.</DialogContent>
                <DialogActions>
                  <DialogTrigger disableButtonEnhancement>
                    <Button appearance="secondary">Keep it open</Button>
                  </DialogTrigger>
                  <Button
                    appearance="primary"
                    data-testid="confirm-close"
                    onClick={() => {
                      setConfirmClose(false);
                      void act('close', 'close', {}, `Request ${r.number} is closed.`);
                    }}
                  >
                    Close it
                  </Button>
                </DialogActions>
              </DialogBody>
            </DialogSurface>
          </Dialog>
        )}
        {result('close')}
      </Section>
    </>
  );
}
