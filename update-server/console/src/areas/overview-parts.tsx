/**
 * The overview's pieces (issue #15 item 2): the answer of GET /v1/overview as the page reads it, the lists it links to,
 * plan and state words, a number card, and the ARR-by-plan chart with its table (decision C12).
 */
import { Card, Caption1, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DonutChart } from '@fluentui/react-charts';
import type { ReactNode } from 'react';
import { ConsoleLink } from '../components';
import { money } from '../format';
import { href } from '../router';
import type { Overview } from '../../../src/api/overview';

// --- the answer: the types of update-server/src/api/overview.ts's schema, never a copy (decision C44) ----------------

export type OverviewAnswer = Overview;
export type CustomerRef = { customerId: string; customerName: string };
export type Totals = Overview['arr']['totals'];
export type ArrItem = Overview['arr']['items'][number];
export type RenewalItem = Overview['renewals']['items'][number];
export type InvoiceItem = Overview['openInvoices']['items'][number];
export type LapsedItem = Overview['lapsed']['items'][number];
export type CancelledItem = Overview['cancelled']['items'][number];
export type DeadlineItem = Overview['cancellationDeadlines']['items'][number];

/** The lists a number links to, at /console/overview/<list> (decision C11). */
export const LISTS = ['arr', 'renewals', 'open', 'overdue', 'lapsed', 'cancelled', 'deadlines'] as const;
export type ListId = (typeof LISTS)[number];

export const isListId = (id: string | undefined): id is ListId => (LISTS as readonly string[]).includes(id ?? '');

// --- words ------------------------------------------------------------------------------------------------------------

const PLAN_WORDS: Record<string, string> = {
  'calendar-year': 'Calendar year',
  'ssa-annual': 'Auto SSA, annual',
  'ssa-quarterly': 'Auto SSA, quarterly',
  'ssa-monthly': 'Auto SSA, monthly',
  'ssa-flex': 'Auto SSA, full flex',
  maintenance: 'Maintenance',
};
export const planWords = (plan: string): string => PLAN_WORDS[plan] ?? plan;

const STATE_WORDS: Record<string, string> = { active: 'Active', unpaid: 'Unpaid (within term)', lapsed: 'Lapsed', cancelled: 'Cancelled', terminated: 'Terminated' };
export const stateWords = (state: string): string => STATE_WORDS[state] ?? state;

const KIND_WORDS: Record<string, string> = { first: 'First', renewal: 'Renewal', 'co-term': 'Added licences', 'back-fill': 'Back-fill', 'upgrade-fee': 'Upgrade fee' };
export const kindWords = (kind: string): string => KIND_WORDS[kind] ?? kind;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Per-currency totals, one line each ("EUR 3,240.00"); never added across currencies. */
export function TotalsText(props: { totals: Totals; none?: string; testid?: string; inline?: boolean }) {
  if (props.totals.length === 0) return <span data-testid={props.testid}>{props.none ?? '—'}</span>;
  return (
    <span data-testid={props.testid}>
      {props.totals.map((t) => (
        <span key={t.currency} style={{ display: props.inline ? 'inline' : 'block', marginRight: props.inline ? '1em' : undefined }}>
          {money(t)}
        </span>
      ))}
    </span>
  );
}

// --- a number card ----------------------------------------------------------------------------------------------------

const useCardStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, minWidth: 0, borderTop: `3px solid ${tokens.colorBrandStroke1}` },
  warning: { borderTopColor: tokens.colorPaletteDarkOrangeBorder2 },
  danger: { borderTopColor: tokens.colorPaletteRedBorder2 },
  quiet: { borderTopColor: tokens.colorNeutralStroke1 },
  tall: { gridRowEnd: 'span 2' },
  bigMoney: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1, overflowWrap: 'anywhere', marginTop: tokens.spacingVerticalS },
  label: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  figure: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1, overflowWrap: 'anywhere' },
  money: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1, overflowWrap: 'anywhere' },
  detail: { color: tokens.colorNeutralForeground3 },
});

/**
 * One number of the overview. The card's heading is the link to its list (one link per card, named by the heading), the
 * figure is the count (or the money, for ARR), `detail` says what is under it. The tone is a coloured top border and
 * is always said in words too (nothing is known from colour alone).
 */
export function NumberCard(props: { list: ListId; query?: Record<string, string | undefined>; title: string; figure: ReactNode; money?: boolean; tall?: boolean; detail: ReactNode; children?: ReactNode; tone?: 'brand' | 'warning' | 'danger' | 'quiet' }) {
  const styles = useCardStyles();
  const tone = props.tone ?? 'brand';
  return (
    <Card
      className={mergeClasses(styles.card, tone === 'warning' && styles.warning, tone === 'danger' && styles.danger, tone === 'quiet' && styles.quiet, props.tall && styles.tall)}
      data-testid={`card-${props.list}`}
    >
      <Subtitle2 as="h2" className={styles.label}>
        <ConsoleLink to={href('overview', props.list, props.query)} data-testid={`link-${props.list}`}>
          {props.title}
        </ConsoleLink>
      </Subtitle2>
      <div className={props.money ? (props.tall ? styles.bigMoney : styles.money) : styles.figure} data-testid={`figure-${props.list}`}>
        {props.figure}
      </div>
      <Caption1 className={styles.detail} data-testid={`detail-${props.list}`}>
        {props.detail}
      </Caption1>
      {props.children}
    </Card>
  );
}

// --- ARR by plan: a donut per currency and the same numbers in a table -------------------------------------------------

const useChartStyles = makeStyles({
  charts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, alignItems: 'flex-start' },
  chart: { width: '200px', maxWidth: '100%', margin: 0 },
  caption: { textAlign: 'center', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  scroll: { overflowX: 'auto', maxWidth: '100%', flex: '1 1 280px', minWidth: 0 },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

export interface PlanShare {
  currency: string;
  plan: string;
  amount: number;
  contracts: number;
}

export function arrByPlan(items: ArrItem[]): PlanShare[] {
  const shares = new Map<string, PlanShare>();
  for (const item of items) {
    const key = `${item.amount.currency}|${item.plan}`;
    const share = shares.get(key) ?? { currency: item.amount.currency, plan: item.plan, amount: 0, contracts: 0 };
    share.amount += item.amount.amount;
    share.contracts += 1;
    shares.set(key, share);
  }
  return [...shares.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : b.amount - a.amount));
}

const PLAN_COLOURS = ['#0f6cbd', '#8764b8', '#00a5af', '#c239b3', '#498205', '#ca5010'];

const useSplitStyles = makeStyles({
  list: { listStyle: 'none', margin: `${tokens.spacingVerticalM} 0 0`, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, borderTop: `1px solid ${tokens.colorNeutralStroke3}`, paddingTop: tokens.spacingVerticalXS },
  amount: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
});

/** ARR split by plan in words (for the ARR card): plan, contracts, amount. */
export function ArrSplit(props: { items: ArrItem[] }) {
  const styles = useSplitStyles();
  const shares = arrByPlan(props.items);
  if (shares.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="ARR by plan" data-testid="arr-split">
      {shares.map((s) => (
        <li key={`${s.currency}|${s.plan}`} className={styles.item}>
          <Caption1>
            {planWords(s.plan)} ({s.contracts})
          </Caption1>
          <Caption1 className={styles.amount}>{money({ amount: s.amount, currency: s.currency })}</Caption1>
        </li>
      ))}
    </ul>
  );
}

export function ArrByPlan(props: { items: ArrItem[]; totals: Totals }) {
  const styles = useChartStyles();
  const shares = arrByPlan(props.items);
  if (shares.length === 0) return <Text data-testid="arr-by-plan-empty">No running contracts, so no recurring revenue yet.</Text>;
  const plans = [...new Set(shares.map((s) => s.plan))];
  const colour = (plan: string) => PLAN_COLOURS[plans.indexOf(plan) % PLAN_COLOURS.length];
  return (
    <div className={styles.charts}>
      {props.totals.map((total) => {
        const own = shares.filter((s) => s.currency === total.currency);
        const said = own.map((s) => `${planWords(s.plan)} ${money({ amount: s.amount, currency: s.currency })}`).join(', ');
        return (
          <figure key={total.currency} className={styles.chart} data-testid={`arr-chart-${total.currency}`}>
            <DonutChart
              data={{ chartTitle: `ARR in ${total.currency} by plan`, chartData: own.map((s) => ({ legend: planWords(s.plan), data: s.amount, color: colour(s.plan), xAxisCalloutData: planWords(s.plan), yAxisCalloutData: money({ amount: s.amount, currency: s.currency }) })) }}
              innerRadius={48}
              width={200}
              height={170}
              hideLabels
              hideLegend
              valueInsideDonut={total.currency}
            />
            <figcaption className={styles.caption}>
              ARR in {total.currency}: {money(total)}
              <span className={styles.hidden}>, by plan: {said}.</span>
            </figcaption>
          </figure>
        );
      })}
      <div className={styles.scroll} tabIndex={0} role="region" aria-label="ARR by plan, as a table">
        <Table size="small" aria-label="ARR by plan">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Plan</TableHeaderCell>
              <TableHeaderCell>Contracts</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>ARR</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shares.map((s) => (
              <TableRow key={`${s.currency}|${s.plan}`} data-testid={`arr-plan-${s.currency}-${s.plan}`}>
                <TableCell>
                  <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, marginRight: 8, backgroundColor: colour(s.plan) }} />
                  {planWords(s.plan)}
                </TableCell>
                <TableCell>{s.contracts}</TableCell>
                <TableCell className={styles.amount}>{money({ amount: s.amount, currency: s.currency })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
