/**
 * The Overview area of the vendor console (issue #15 item 2): ARR and what is due, from GET /v1/overview (license-core's
 * portfolio(), decisions L43, L44, U87–U89). /console/overview shows the numbers as cards, each linking to its list at
 * /console/overview/<list> (overview-lists.tsx); ARR by plan is a chart with the same numbers in a table (C12).
 * `?asOf=YYYY-MM-DD` and `?within=<days>` in the address are passed on to the API, so a view can be linked (C3).
 */
import { Button, Caption1, Card, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { get } from '../api';
import { ConsoleLink, ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { date, money } from '../format';
import { href, navigate, usePlace } from '../router';
import { may, type Session } from '../session';
import { LIST_SPECS, OverviewList } from './overview-lists';
import { ArrByPlan, ArrSplit, isListId, NumberCard, planWords, plural, TotalsText, type OverviewAnswer } from './overview-parts';

const useStyles = makeStyles({
  asOf: { color: tokens.colorNeutralForeground3 },
  // Four columns beside the navigation, two on a tablet, one on a phone: the ARR card spans two rows, so the seven
  // cards fill the grid without a hole (decision C15).
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    '@media (max-width: 1023px)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
    '@media (max-width: 519px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  panels: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: tokens.spacingHorizontalM, '@media (max-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  panel: { padding: tokens.spacingHorizontalL, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  upcoming: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  upcomingItem: { display: 'grid', gridTemplateColumns: '96px minmax(0, 1fr) auto', gap: tokens.spacingHorizontalM, alignItems: 'baseline', padding: `${tokens.spacingVerticalS} 0`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  when: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  what: { color: tokens.colorNeutralForeground3 },
  right: { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  headerSide: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  asOfForm: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
});

/**
 * "As of": the overview of another day (decision C16). The date is checked here first (a day, YYYY-MM-DD), then goes
 * to the address (`?asOf=`), so the view can be linked and the server's refusal, if any, is shown in plain words.
 */
function AsOfForm(props: { list?: string; asOf?: string; chosen: boolean; within?: string }) {
  const styles = useStyles();
  const [value, setValue] = useState(props.asOf ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => setValue(props.asOf ?? ''), [props.asOf]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const day = value.trim();
    const parsed = new Date(`${day}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
      setProblem('Date of the overview: choose a day (YYYY-MM-DD), for example the first of next month.');
      return;
    }
    setProblem(undefined);
    navigate(href('overview', props.list, { asOf: day, within: props.within }));
  }
  return (
    <form className={styles.asOfForm} onSubmit={submit} noValidate aria-label="Overview of another day">
      <Field label="Date of the overview" size="small" validationMessage={problem} validationState={problem ? 'error' : 'none'}>
        <Input type="date" size="small" value={value} onChange={(_, d) => setValue(d.value)} data-testid="as-of-input" />
      </Field>
      <Button type="submit" appearance="primary" size="small" data-testid="as-of-show">
        Show
      </Button>
      {props.chosen ? (
        <Button type="button" size="small" onClick={() => navigate(href('overview', props.list, { within: props.within }))} data-testid="as-of-today">
          Back to today
        </Button>
      ) : null}
    </form>
  );
}

export function Overview(props: { session: Session }) {
  const place = usePlace();
  const role = props.session.role;
  if (!may.seeMoney(role)) {
    return (
      <>
        <PageHeader title="Overview" />
        <MessageBar intent="info" data-testid="role-note">
          <MessageBarBody>
            <MessageBarTitle>Not for a {role} key</MessageBarTitle>
            The overview shows revenue, invoices and contracts, which admin, billing and partner keys see. Your key works with{' '}
            <ConsoleLink to={href('releases')}>Releases</ConsoleLink> and the <ConsoleLink to={href('fleet')}>Fleet</ConsoleLink>.
          </MessageBarBody>
        </MessageBar>
      </>
    );
  }
  return <OverviewData session={props.session} list={place.id} asOf={place.query.get('asOf') ?? undefined} within={place.query.get('within') ?? undefined} />;
}

function OverviewData(props: { session: Session; list?: string; asOf?: string; within?: string }) {
  const styles = useStyles();
  const query = new URLSearchParams();
  if (props.asOf) query.set('asOf', props.asOf);
  if (props.within) query.set('within', props.within);
  const search = query.toString();
  const loaded = useLoad((signal) => get<OverviewAnswer>(`/v1/overview${search ? `?${search}` : ''}`, { signal }), [search]);
  const keep = { asOf: props.asOf, within: props.within };

  if (props.list !== undefined && !isListId(props.list)) {
    return (
      <>
        <PageHeader title="Overview" />
        <MessageBar intent="warning" data-testid="error">
          <MessageBarBody>
            There is no list called “{props.list}”. <ConsoleLink to={href('overview', undefined, keep)}>Back to the overview</ConsoleLink>
          </MessageBarBody>
        </MessageBar>
      </>
    );
  }
  const title = props.list !== undefined ? LIST_SPECS[props.list].title : 'Overview';
  const data = loaded.data;
  return (
    <>
      <PageHeader title={title}>
        <div className={styles.headerSide}>
          {data ? (
            <Text className={styles.asOf} data-testid="as-of">
              {props.session.role === 'partner' ? 'Your customers, as of ' : 'As of '}
              {date(data.asOf)}
            </Text>
          ) : null}
          <AsOfForm list={props.list} asOf={props.asOf ?? data?.asOf} chosen={props.asOf !== undefined} within={props.within} />
        </div>
      </PageHeader>
      {props.list !== undefined ? (
        <p style={{ marginTop: 0 }}>
          <ConsoleLink to={href('overview', undefined, keep)} data-testid="back">
            ← Back to the overview
          </ConsoleLink>
        </p>
      ) : null}
      {loaded.error ? <ErrorMessage error={loaded.error} title="The overview could not be loaded" /> : null}
      {!data && !loaded.error ? <Loading what="the overview" /> : null}
      {data && props.list !== undefined ? <OverviewList list={props.list} overview={data} /> : null}
      {data && props.list === undefined ? <Dashboard overview={data} keep={keep} /> : null}
    </>
  );
}

function Dashboard(props: { overview: OverviewAnswer; keep: Record<string, string | undefined> }) {
  const styles = useStyles();
  const o = props.overview;
  const runningCancelled = o.cancelled.items.filter((c) => c.state === 'running').length;
  return (
    <>
      <Section label="Key numbers">
        <div className={styles.cards} data-testid="cards">
          <NumberCard
            query={props.keep}
            list="arr"
            title="Annual recurring revenue"
            money
            tall
            figure={<TotalsText totals={o.arr.totals} none="No revenue yet" testid="arr-totals" />}
            detail={`from ${plural(o.arr.count, 'running contract')}; each currency on its own`}
          >
            <ArrSplit items={o.arr.items} />
          </NumberCard>
          <NumberCard
            query={props.keep}
            list="renewals"
            title={`Renewals, next ${o.renewalWithinDays} days`}
            figure={o.renewals.count}
            detail={o.renewals.count === 0 ? 'None coming up' : <TotalsText totals={o.renewals.totals} />}
          />
          <NumberCard query={props.keep} list="open" title="Open invoices" figure={o.openInvoices.count} detail={o.openInvoices.count === 0 ? 'Nothing outstanding' : <TotalsText totals={o.openInvoices.totals} />} tone="quiet" />
          <NumberCard
            query={props.keep}
            list="overdue"
            title="Overdue invoices"
            figure={o.overdueInvoices.count}
            detail={o.overdueInvoices.count === 0 ? 'Nothing overdue' : <TotalsText totals={o.overdueInvoices.totals} />}
            tone={o.overdueInvoices.count > 0 ? 'danger' : 'quiet'}
          />
          <NumberCard query={props.keep} list="lapsed" title="Lapsed contracts" figure={o.lapsed.count} detail={o.lapsed.count === 0 ? 'None lapsed' : 'No new releases until paid'} tone={o.lapsed.count > 0 ? 'warning' : 'quiet'} />
          <NumberCard
            query={props.keep}
            list="cancelled"
            title="Cancelled contracts"
            figure={o.cancelled.count}
            detail={o.cancelled.count === 0 ? 'None cancelled' : `${runningCancelled} running to their end, ${o.cancelled.count - runningCancelled} ended`}
            tone="quiet"
          />
          <NumberCard
            query={props.keep}
            list="deadlines"
            title="Cancellation deadlines"
            figure={o.cancellationDeadlines.count}
            detail={o.cancellationDeadlines.items[0] ? `within ${o.deadlineWithinDays} days, first on ${date(o.cancellationDeadlines.items[0].deadline)}` : `none within ${o.deadlineWithinDays} days`}
            tone={o.cancellationDeadlines.count > 0 ? 'warning' : 'quiet'}
          />
        </div>
      </Section>
      <div className={styles.panels}>
        <Card className={styles.panel}>
          <Subtitle1 as="h2">ARR by plan</Subtitle1>
          <ArrByPlan items={o.arr.items} totals={o.arr.totals} />
        </Card>
        <Card className={styles.panel}>
          <Subtitle1 as="h2">Coming up</Subtitle1>
          <ComingUp overview={o} />
        </Card>
      </div>
    </>
  );
}

/** The next renewals and cancellation deadlines, by date (at most eight), each naming its customer. */
function ComingUp(props: { overview: OverviewAnswer }) {
  const styles = useStyles();
  const o = props.overview;
  const events = [
    ...o.renewals.items.map((r) => ({ on: r.renewsOn, key: `r-${r.customerId}`, ref: r, what: `Renews · ${planWords(r.plan)}`, amount: money(r.expected) })),
    ...o.cancellationDeadlines.items.map((d) => ({ on: d.deadline, key: `d-${d.customerId}`, ref: d, what: `Cancellation deadline · ${planWords(d.plan)}`, amount: d.daysLeft === 0 ? 'today' : `in ${plural(d.daysLeft, 'day')}` })),
  ]
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.ref.customerName.localeCompare(b.ref.customerName)))
    .slice(0, 8);
  if (events.length === 0) return <Text data-testid="coming-up-empty">No renewals or cancellation deadlines coming up.</Text>;
  return (
    <ul className={styles.upcoming} data-testid="coming-up">
      {events.map((e) => (
        <li key={e.key} className={styles.upcomingItem}>
          <Caption1 className={styles.when}>{date(e.on)}</Caption1>
          <span>
            <ConsoleLink to={href('customers', e.ref.customerId)}>{e.ref.customerName}</ConsoleLink>
            <Caption1 block className={styles.what}>
              {e.what}
            </Caption1>
          </span>
          <Text className={styles.right}>{e.amount}</Text>
        </li>
      ))}
    </ul>
  );
}
