/**
 * The lists behind the overview's numbers (issue #15 item 2: "each number links to its list"), at
 * /console/overview/<list>: one table per list, each row linking to its customer (the Customers area). A wide table
 * scrolls inside its own region, so the page never scrolls sideways (decision C13).
 */
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ConsoleLink } from '../components';
import { date, money } from '../format';
import { href } from '../router';
import {
  kindWords,
  planWords,
  plural,
  stateWords,
  TotalsText,
  type ArrItem,
  type CancelledItem,
  type CustomerRef,
  type DeadlineItem,
  type InvoiceItem,
  type LapsedItem,
  type ListId,
  type OverviewAnswer,
  type RenewalItem,
  type Totals,
} from './overview-parts';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  table: { minWidth: '720px', tableLayout: 'auto' },
  cell: { whiteSpace: 'nowrap' },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, marginBottom: tokens.spacingVerticalM, color: tokens.colorNeutralForeground2 },
});

interface Column<T> {
  title: string;
  cell: (item: T) => ReactNode;
  amount?: boolean;
}

/** What each list is: its title, the sentence above it, the empty state, its columns. */
export interface ListSpec<T> {
  title: string;
  intro: (o: OverviewAnswer) => string;
  empty: (o: OverviewAnswer) => string;
  items: (o: OverviewAnswer) => T[];
  totals?: (o: OverviewAnswer) => Totals;
  key: (item: T) => string;
  columns: Column<T>[];
}

function CustomerCell(props: { item: CustomerRef }) {
  return (
    <ConsoleLink to={href('customers', props.item.customerId)} data-testid="customer-link">
      {props.item.customerName}
    </ConsoleLink>
  );
}

const customer = <T extends CustomerRef>(): Column<T> => ({ title: 'Customer', cell: (i) => <CustomerCell item={i} /> });
const plan = <T extends { plan: string }>(): Column<T> => ({ title: 'Plan', cell: (i) => planWords(i.plan) });

const invoiceColumns: Column<InvoiceItem>[] = [
  customer<InvoiceItem>(),
  { title: 'Invoice', cell: (i) => <span data-testid="invoice-id">{i.invoiceId}</span> },
  { title: 'Kind', cell: (i) => kindWords(i.kind) },
  { title: 'Issued', cell: (i) => date(i.issuedOn) },
  { title: 'Due', cell: (i) => date(i.dueOn) },
  {
    title: 'Overdue',
    cell: (i) =>
      i.daysOverdue > 0 ? (
        <Badge appearance="tint" color="danger" data-testid="days-overdue">
          {plural(i.daysOverdue, 'day')} overdue
        </Badge>
      ) : (
        <Badge appearance="tint" color="informative" data-testid="days-overdue">
          Not yet due
        </Badge>
      ),
  },
  { title: 'Total', cell: (i) => money(i.total), amount: true },
  { title: 'Outstanding', cell: (i) => <span data-testid="outstanding">{money(i.outstanding)}</span>, amount: true },
];

interface ListSpecs {
  arr: ListSpec<ArrItem>;
  renewals: ListSpec<RenewalItem>;
  open: ListSpec<InvoiceItem>;
  overdue: ListSpec<InvoiceItem>;
  lapsed: ListSpec<LapsedItem>;
  cancelled: ListSpec<CancelledItem>;
  deadlines: ListSpec<DeadlineItem>;
}

export const LIST_SPECS: ListSpecs = {
  arr: {
    title: 'Annual recurring revenue',
    intro: () => 'Running contracts (active, or with their invoice open within the payment term) and what each brings in a year.',
    empty: () => 'No running contracts.',
    items: (o) => o.arr.items,
    totals: (o) => o.arr.totals,
    key: (i: ArrItem) => i.customerId,
    columns: [customer<ArrItem>(), plan<ArrItem>(), { title: 'Status', cell: (i: ArrItem) => stateWords(i.status) }, { title: 'ARR', cell: (i: ArrItem) => <span data-testid="amount">{money(i.amount)}</span>, amount: true }],
  },
  renewals: {
    title: 'Renewals coming up',
    intro: (o) => `Running contracts whose next term starts within ${o.renewalWithinDays} days of ${date(o.asOf)}, with what the renewed term is expected to bring.`,
    empty: (o) => `No renewals in the next ${o.renewalWithinDays} days.`,
    items: (o) => o.renewals.items,
    totals: (o) => o.renewals.totals,
    key: (i: RenewalItem) => i.customerId,
    columns: [
      customer<RenewalItem>(),
      plan<RenewalItem>(),
      { title: 'Renews on', cell: (i: RenewalItem) => <span data-testid="renews-on">{date(i.renewsOn)}</span> },
      { title: 'Status', cell: (i: RenewalItem) => stateWords(i.status) },
      { title: 'Expected', cell: (i: RenewalItem) => <span data-testid="amount">{money(i.expected)}</span>, amount: true },
    ],
  },
  open: {
    title: 'Open invoices',
    intro: (o) => `Invoices issued and not fully paid on ${date(o.asOf)}, by due date. The totals are what is still outstanding.`,
    empty: () => 'No open invoices.',
    items: (o) => o.openInvoices.items,
    totals: (o) => o.openInvoices.totals,
    key: (i: InvoiceItem) => i.invoiceId,
    columns: invoiceColumns,
  },
  overdue: {
    title: 'Overdue invoices',
    intro: (o) => `Open invoices past their due date on ${date(o.asOf)} (an invoice due today is not overdue yet).`,
    empty: () => 'No overdue invoices.',
    items: (o) => o.overdueInvoices.items,
    totals: (o) => o.overdueInvoices.totals,
    key: (i: InvoiceItem) => i.invoiceId,
    columns: invoiceColumns,
  },
  lapsed: {
    title: 'Lapsed contracts',
    intro: () => 'Contracts whose invoice for today stayed open past the payment term, or with nothing invoiced for today. They get no new releases until paid.',
    empty: () => 'No lapsed contracts.',
    items: (o) => o.lapsed.items,
    key: (i: LapsedItem) => i.customerId,
    columns: [
      customer<LapsedItem>(),
      plan<LapsedItem>(),
      { title: 'Paid through', cell: (i: LapsedItem) => (i.paidThrough ? date(i.paidThrough) : 'Never paid') },
      { title: 'Open invoices', cell: (i: LapsedItem) => i.openInvoices },
    ],
  },
  cancelled: {
    title: 'Cancelled contracts',
    intro: () => 'Contracts ended by notice: still running to their end, or ended.',
    empty: () => 'No cancelled contracts.',
    items: (o) => o.cancelled.items,
    key: (i: CancelledItem) => i.customerId,
    columns: [
      customer<CancelledItem>(),
      plan<CancelledItem>(),
      { title: 'Notice received', cell: (i: CancelledItem) => date(i.receivedOn) },
      { title: 'Last day', cell: (i: CancelledItem) => date(i.effectiveEnd) },
      {
        title: 'State',
        cell: (i: CancelledItem) => (
          <Badge appearance="tint" color={i.state === 'running' ? 'warning' : 'subtle'} data-testid="cancel-state">
            {i.state === 'running' ? 'Running to its end' : 'Ended'}
          </Badge>
        ),
      },
    ],
  },
  deadlines: {
    title: 'Cancellation deadlines coming up',
    intro: (o) => `The last day notice may arrive to end a contract with its running term, within ${o.deadlineWithinDays} days of ${date(o.asOf)}.`,
    empty: (o) => `No cancellation deadlines in the next ${o.deadlineWithinDays} days.`,
    items: (o) => o.cancellationDeadlines.items,
    key: (i: DeadlineItem) => i.customerId,
    columns: [
      customer<DeadlineItem>(),
      plan<DeadlineItem>(),
      { title: 'Deadline', cell: (i: DeadlineItem) => <span data-testid="deadline">{date(i.deadline)}</span> },
      { title: 'Days left', cell: (i: DeadlineItem) => (i.daysLeft === 0 ? 'Today' : plural(i.daysLeft, 'day')) },
      { title: 'Status', cell: (i: DeadlineItem) => stateWords(i.status) },
    ],
  },
};

export function OverviewList(props: { list: ListId; overview: OverviewAnswer }) {
  const styles = useStyles();
  // Each spec reads its own items of the same answer: one shape for the table.
  const spec = LIST_SPECS[props.list] as unknown as ListSpec<CustomerRef>;
  const items = spec.items(props.overview);
  const totals = spec.totals?.(props.overview);
  return (
    <>
      <Text as="p" block>
        {spec.intro(props.overview)}
      </Text>
      <div className={styles.summary} data-testid="list-summary">
        <Text weight="semibold" data-testid="list-count">
          {plural(items.length, 'item')}
        </Text>
        {totals && totals.length > 0 ? (
          <Text>
            Total: <TotalsText totals={totals} inline testid="list-totals" />
          </Text>
        ) : null}
      </div>
      {items.length === 0 ? (
        <Text as="p" block data-testid="empty">
          {spec.empty(props.overview)}
        </Text>
      ) : (
        <div className={styles.scroll} tabIndex={0} role="region" aria-label={`${spec.title}, a table that scrolls sideways on a narrow screen`}>
          <Table className={styles.table} size="small" aria-label={spec.title} data-testid="list-table">
            <TableHeader>
              <TableRow>
                {spec.columns.map((c) => (
                  <TableHeaderCell key={c.title} className={c.amount ? styles.amount : styles.nowrap}>
                    {c.title}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item) => (
                <TableRow key={spec.key(item)} data-testid={`row-${spec.key(item)}`}>
                  {spec.columns.map((c) => (
                    <TableCell key={c.title} className={c.amount ? styles.amount : styles.cell}>
                      {c.cell(item)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
