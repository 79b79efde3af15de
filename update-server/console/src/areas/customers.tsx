/**
 * The Customers and contracts area of the vendor console (issue #15 item 4).
 * - `/console/customers?q=…`: the customers the key may see (a partner: its own; the server filters), searched by name
 *   or id as the person types (the query kept in the address), with plan, contract status, partner and next invoice.
 * - `/console/customers/<id>`: the plan and contract, licence keys, licences, orgs and latest installs, orders,
 *   invoices with their balances and payments, prepaid credit; with the actions of customer-actions.tsx.
 * Decisions C30–C39 (docs/decisions-console.md).
 */
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CreditAccount } from '../../../src/api/credits';
import type { Contract, CustomerDetail, CustomerList } from '../../../src/api/customers';
import type { Invoice, InvoiceList } from '../../../src/api/invoices';
import type { OrderList } from '../../../src/api/orders';
import { get } from '../api';
import { ConsoleLink, Done, ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { date, money } from '../format';
import { href, navigate, type Place } from '../router';
import type { Session } from '../session';
import { CancellationDialog, PaymentDialog, ReissueDialog, TerminationDialog } from './customer-actions';
import { STATUS_EXPLAINED, boundedQueue, matchesSearch, mayHere, planWords, statusWords } from './customers-logic';

/** Rows shown at first and added by "Show more"; the list's contract calls are made for the rows shown only (C31). */
const PAGE = 25;
/** At most this many contract calls at a time (C31). */
const CONTRACT_CALLS = 4;

const useStyles = makeStyles({
  search: { maxWidth: '420px', marginBottom: tokens.spacingVerticalL },
  scroll: { overflowX: 'auto', maxWidth: '100%', marginBottom: tokens.spacingVerticalM, ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, margin: `0 0 ${tokens.spacingVerticalM}` },
  fact: { margin: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalM },
  heading: { display: 'block', marginBottom: tokens.spacingVerticalS },
  sub: { display: 'block', fontWeight: tokens.fontWeightSemibold, margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}` },
  note: { display: 'block', marginBottom: tokens.spacingVerticalS },
  nowrap: { '& td, & th': { whiteSpace: 'nowrap' } },
});

export function Customers(props: { session: Session; place: Place }) {
  if (!mayHere.seeCustomers(props.session.role))
    return (
      <>
        <PageHeader title="Customers" />
        <MessageBar intent="info" data-testid="role-note">
          <MessageBarBody>A {props.session.role} key may not see customers and contracts. Releases and the fleet are yours; ask an admin for anything else.</MessageBarBody>
        </MessageBar>
      </>
    );
  return props.place.id === undefined ? <CustomerListView place={props.place} /> : <CustomerView session={props.session} id={props.place.id} />;
}

/** A wide table scrolls inside its own container (issue #15: the page never scrolls sideways). */
function Scroll(props: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll} role="region" aria-label={`${props.label} table`} tabIndex={0}>
      {props.children}
    </div>
  );
}

const STATUS_COLOUR: Record<string, BadgeProps['color']> = { active: 'success', unpaid: 'warning', lapsed: 'severe', cancelled: 'informative', terminated: 'danger', none: 'subtle' };

/** The status in words on a badge (the colour only repeats what the words say). */
function StatusBadge(props: { status: string; testId: string }) {
  return (
    <Badge appearance="tint" color={STATUS_COLOUR[props.status] ?? 'informative'} data-testid={props.testId}>
      {statusWords(props.status)}
    </Badge>
  );
}

// --- the list ---------------------------------------------------------------------------------------------------

function CustomerListView(props: { place: Place }) {
  const styles = useStyles();
  const query = props.place.query.get('q') ?? '';
  const [typed, setTyped] = useState(query);
  const [shown, setShown] = useState(PAGE);
  const [contracts, setContracts] = useState<Record<string, Contract | 'failed'>>({});
  const list = useLoad((signal) => get<CustomerList>('/v1/customers', { signal }), []);

  // The search goes into the address a moment after the last key (C32), so reload and back keep it; an address
  // changed from outside (the Customers tab, a link, back) sets the search box.
  const written = useRef(query);
  useEffect(() => {
    if (query === written.current) return;
    written.current = query;
    setTyped(query);
  }, [query]);
  useEffect(() => {
    const wanted = typed.trim();
    if (wanted === query) return;
    const timer = setTimeout(() => {
      written.current = wanted;
      navigate(href('customers', undefined, { q: wanted }), { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [typed, query]);
  useEffect(() => setShown(PAGE), [query]);

  const matching = useMemo(() => (list.data?.customers ?? []).filter((c) => matchesSearch(c, query)).sort((a, b) => a.name.localeCompare(b.name)), [list.data, query]);
  const visible = matching.slice(0, shown);
  const visibleIds = visible.map((c) => c.id).join(' ');

  // The contract status of the rows shown: each asked once, at most CONTRACT_CALLS at a time (C31).
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const [askContracts] = useState(() =>
    boundedQueue<string>(CONTRACT_CALLS, async (id) => {
      const contract = await get<Contract>(`/v1/customers/${encodeURIComponent(id)}/contract`).catch(() => 'failed' as const);
      if (mounted.current) setContracts((all) => ({ ...all, [id]: contract }));
    }),
  );
  useEffect(() => {
    if (visibleIds !== '') askContracts(visibleIds.split(' '));
  }, [visibleIds]);

  return (
    <>
      <PageHeader title="Customers" />
      <Field label="Search by name or id" className={styles.search}>
        <Input type="search" value={typed} onChange={(_, d) => setTyped(d.value)} autoComplete="off" data-testid="customer-search" />
      </Field>
      {list.error ? <ErrorMessage error={list.error} title="The customers could not be loaded" /> : null}
      {list.loading && !list.data ? <Loading what="customers" /> : null}
      {list.data && matching.length === 0 ? (
        <Text as="p" block data-testid="customers-empty">
          {list.data.customers.length === 0 ? 'No customers yet.' : `No customer matches “${query}”.`}
        </Text>
      ) : null}
      {matching.length > 0 ? (
        <>
          <Text as="p" block className={styles.note} role="status">
            {matching.length === list.data?.customers.length ? `${matching.length} customers.` : `${matching.length} of ${list.data?.customers.length} customers match “${query}”.`}
          </Text>
          <Scroll label="Customers">
            <Table aria-label="Customers" style={{ minWidth: '760px', tableLayout: 'auto' }} data-testid="customers-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Id</TableHeaderCell>
                  <TableHeaderCell>Plan</TableHeaderCell>
                  <TableHeaderCell>Contract</TableHeaderCell>
                  <TableHeaderCell>Partner</TableHeaderCell>
                  <TableHeaderCell>Next invoice / end</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {visible.map((c) => {
                  const contract = contracts[c.id];
                  return (
                    <TableRow key={c.id} data-testid={`customer-row-${c.id}`}>
                      <TableCell>
                        <ConsoleLink to={href('customers', c.id)} data-testid={`customer-link-${c.id}`}>
                          {c.name}
                        </ConsoleLink>
                      </TableCell>
                      <TableCell>{c.id}</TableCell>
                      <TableCell data-testid={`customer-plan-${c.id}`}>{planWords(c.plan)}</TableCell>
                      <TableCell>
                        {contract === undefined ? <Text size={200}>Loading…</Text> : contract === 'failed' ? <Text size={200}>Not known</Text> : <StatusBadge status={contract.status} testId={`customer-status-${c.id}`} />}
                      </TableCell>
                      <TableCell>{c.partnerId ?? 'Direct'}</TableCell>
                      <TableCell data-testid={`customer-next-${c.id}`}>{contract === undefined || contract === 'failed' ? '' : nextWords(contract)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Scroll>
          {matching.length > shown ? (
            <Button onClick={() => setShown((n) => n + PAGE)} data-testid="show-more">
              Show {Math.min(PAGE, matching.length - shown)} more
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** What comes next for a contract: the next invoice, or the end a cancellation set, or nothing. */
function nextWords(c: Contract): string {
  if (c.status === 'terminated') return `Terminated ${date(c.terminatedAt)}`;
  if (c.cancelledEffectiveEnd) return `Ends ${date(c.cancelledEffectiveEnd)}`;
  if (c.nextInvoiceOn) return `Invoice ${date(c.nextInvoiceOn)}`;
  return '—';
}

// --- the detail -------------------------------------------------------------------------------------------------

interface Account {
  customer: CustomerDetail;
  contract: Contract;
  orders: OrderList['orders'];
  invoices: Invoice[];
  credit: CreditAccount;
}

type Action = { kind: 'payment'; invoice: Invoice } | { kind: 'cancel' } | { kind: 'terminate' } | { kind: 'reissue'; keyId: string; hint: string };

function CustomerView(props: { session: Session; id: string }) {
  const styles = useStyles();
  const { role } = props.session;
  const base = `/v1/customers/${encodeURIComponent(props.id)}`;
  const account = useLoad<Account>(async (signal) => {
    const [customer, contract, orders, invoices, credit] = await Promise.all([
      get<CustomerDetail>(base, { signal }),
      get<Contract>(`${base}/contract`, { signal }),
      get<OrderList>(`${base}/orders`, { signal }),
      get<InvoiceList>(`${base}/invoices`, { signal }),
      get<CreditAccount>(`${base}/credits`, { signal }),
    ]);
    return { customer, contract, orders: orders.orders, invoices: invoices.invoices, credit };
  }, [props.id]);
  const [action, setAction] = useState<Action | undefined>();
  const [done, setDone] = useState<string | undefined>();
  useEffect(() => setDone(undefined), [props.id]);

  const back = (
    <ConsoleLink to={href('customers')} data-testid="back-to-list">
      All customers
    </ConsoleLink>
  );
  if (account.error)
    return (
      <>
        <PageHeader title="Customer">{back}</PageHeader>
        <ErrorMessage error={account.error} title="This customer cannot be shown" />
      </>
    );
  if (!account.data)
    return (
      <>
        <PageHeader title="Customer">{back}</PageHeader>
        <Loading what="the customer" />
      </>
    );
  const { customer, contract, orders, invoices, credit } = account.data;
  const terminated = contract.status === 'terminated' || customer.terminatedAt !== undefined;
  const finished = (message: string) => {
    setAction(undefined);
    setDone(message);
    account.reload();
  };
  const payments = invoices.flatMap((i) => i.payments.map((p) => ({ ...p, invoiceId: i.id })));

  return (
    <>
      <PageHeader title={customer.name}>{back}</PageHeader>
      {done ? <Done>{done}</Done> : null}

      <Section label="Plan and contract">
        <Subtitle1 as="h2" className={styles.heading}>
          Plan and contract
        </Subtitle1>
        <dl className={styles.facts}>
          <Fact term="Status">
            <StatusBadge status={contract.status} testId="contract-status" />
          </Fact>
          <Fact term="Plan">{contract.status === 'none' ? planWords(customer.plan) : planWords(contract.plan)}</Fact>
          <Fact term="Customer id">{customer.id}</Fact>
          <Fact term="Partner">{customer.partnerId ?? 'Direct (the vendor’s own)'}</Fact>
          <Fact term="Contract start">{date(contract.contractStart)}</Fact>
          <Fact term="Current period">{contract.currentPeriod ? `${date(contract.currentPeriod.start)} – ${date(contract.currentPeriod.end)}` : '—'}</Fact>
          {contract.billingInterval ? <Fact term="Billing interval">{`${date(contract.billingInterval.start)} – ${date(contract.billingInterval.end)}`}</Fact> : null}
          <Fact term="Paid through">{contract.paidThrough ? date(contract.paidThrough) : 'Nothing paid yet'}</Fact>
          <Fact term="Next invoice">{date(contract.nextInvoiceOn)}</Fact>
          <Fact term="Cancellation deadline">{date(contract.cancellationDeadline)}</Fact>
          {contract.cancellation ? (
            <Fact term="Cancellation notice">
              <span data-testid="cancellation-end">
                Received {date(contract.cancellation.receivedOn)}, {contract.cancellation.onTime ? 'in time' : `late (the deadline was ${date(contract.cancellation.deadline)})`}; assurance ends{' '}
                {date(contract.cancellation.effectiveEnd)}
              </span>
            </Fact>
          ) : null}
          {contract.terminatedAt ? (
            <Fact term="Terminated">
              {date(contract.terminatedAt)}: {contract.terminationReason}
            </Fact>
          ) : null}
        </dl>
        <Text as="p" block className={styles.note}>
          {STATUS_EXPLAINED[contract.status]}
        </Text>
        <div className={styles.actions}>
          {mayHere.cancel(role) && !terminated && contract.status !== 'none' && !contract.cancellation ? (
            <Button onClick={() => setAction({ kind: 'cancel' })} data-testid="cancel-contract">
              Record a cancellation notice…
            </Button>
          ) : null}
          {mayHere.terminate(role) && !terminated ? (
            <Button onClick={() => setAction({ kind: 'terminate' })} data-testid="terminate">
              Terminate…
            </Button>
          ) : null}
        </div>
        {contract.coverage.length > 0 ? (
          <>
            <Text className={styles.sub}>Coverage (paid assurance)</Text>
            <Scroll label="Coverage">
              <Table aria-label="Coverage" size="small" style={{ minWidth: '560px', tableLayout: 'auto' }}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>From</TableHeaderCell>
                    <TableHeaderCell>To</TableHeaderCell>
                    <TableHeaderCell>Active since</TableHeaderCell>
                    <TableHeaderCell>Paid by invoice</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {contract.coverage.map((c) => (
                    <TableRow key={`${c.invoiceId}-${c.from}`}>
                      <TableCell>{date(c.from)}</TableCell>
                      <TableCell>{date(c.to)}</TableCell>
                      <TableCell>{date(c.activeFrom)}</TableCell>
                      <TableCell>{c.invoiceId}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Scroll>
          </>
        ) : (
          <Text as="p" block className={styles.note}>
            No paid coverage yet.
          </Text>
        )}
      </Section>

      <Section label="Invoices and payments">
        <Subtitle1 as="h2" className={styles.heading}>
          Invoices and payments
        </Subtitle1>
        {invoices.length === 0 ? (
          <Text as="p" block>No invoices yet.</Text>
        ) : (
          <Scroll label="Invoices">
            <Table aria-label="Invoices" size="small" className={styles.nowrap} style={{ minWidth: '980px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Invoice</TableHeaderCell>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>Period</TableHeaderCell>
                  <TableHeaderCell>Issued</TableHeaderCell>
                  <TableHeaderCell>Due</TableHeaderCell>
                  <TableHeaderCell>Total</TableHeaderCell>
                  <TableHeaderCell>Paid</TableHeaderCell>
                  <TableHeaderCell>Open</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...invoices].reverse().map((i) => (
                  <TableRow key={i.id} data-testid={`invoice-row-${i.id}`}>
                    <TableCell>{i.id}</TableCell>
                    <TableCell>{i.kind}</TableCell>
                    <TableCell>{`${date(i.periodStart)} – ${date(i.periodEnd)}`}</TableCell>
                    <TableCell>{date(i.issuedOn)}</TableCell>
                    <TableCell>{date(i.dueOn)}</TableCell>
                    <TableCell>{money(i.total)}</TableCell>
                    <TableCell>
                      {money({ amount: i.paid, currency: i.total.currency })}
                      {i.creditApplied > 0 ? ` (credit ${money({ amount: i.creditApplied, currency: i.total.currency })})` : ''}
                    </TableCell>
                    <TableCell data-testid={`invoice-outstanding-${i.id}`}>{money({ amount: i.outstanding, currency: i.total.currency })}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={i.status === 'paid' ? 'success' : 'warning'} data-testid={`invoice-status-${i.id}`}>
                        {i.status === 'paid' ? 'Paid' : 'Open'}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {i.status === 'open' && mayHere.recordPayment(role) && !terminated ? (
                        <Button size="small" onClick={() => setAction({ kind: 'payment', invoice: i })} data-testid={`record-payment-${i.id}`} aria-label={`Record payment on invoice ${i.id}`}>
                          Record payment
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
        <Text className={styles.sub}>Payments</Text>
        {payments.length === 0 ? (
          <Text as="p" block>No payments recorded.</Text>
        ) : (
          <Scroll label="Payments">
            <Table aria-label="Payments" size="small" style={{ minWidth: '560px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Paid</TableHeaderCell>
                  <TableHeaderCell>Amount</TableHeaderCell>
                  <TableHeaderCell>Reference</TableHeaderCell>
                  <TableHeaderCell>Invoice</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...payments].sort((a, b) => b.paidAt.localeCompare(a.paidAt)).map((p) => (
                  <TableRow key={p.id} data-testid={`payment-row-${p.id}`}>
                    <TableCell>{date(p.paidAt)}</TableCell>
                    <TableCell>{money(p.amount)}</TableCell>
                    <TableCell>{p.reference}</TableCell>
                    <TableCell>{p.invoiceId}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
      </Section>

      <Section label="Prepaid credit">
        <Subtitle1 as="h2" className={styles.heading}>
          Prepaid credit
        </Subtitle1>
        <Text as="p" block className={styles.note} data-testid="credit-balance">
          {credit.balance.length === 0 ? 'No prepaid credit.' : `Balance: ${credit.balance.map((m) => money(m)).join(', ')}.`}
          {credit.balanceOverLimit?.length ? ` Not shown (past the money ceiling, to be corrected): ${credit.balanceOverLimit.join(', ')}.` : ''}
        </Text>
        {credit.entries.length > 0 ? (
          <Scroll label="Credit deposits and uses">
            <Table aria-label="Credit deposits and uses" size="small" style={{ minWidth: '560px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Date</TableHeaderCell>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>Amount</TableHeaderCell>
                  <TableHeaderCell>Reference</TableHeaderCell>
                  <TableHeaderCell>Note or invoice</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {credit.entries.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{date(e.createdAt)}</TableCell>
                    <TableCell>{e.kind === 'deposit' ? 'Deposit' : 'Used'}</TableCell>
                    <TableCell>{money(e.amount)}</TableCell>
                    <TableCell>{e.reference}</TableCell>
                    <TableCell>{e.invoiceId ?? e.note ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        ) : null}
      </Section>

      <Section label="Licence keys and licences">
        <Subtitle1 as="h2" className={styles.heading}>
          Licence keys and licences
        </Subtitle1>
        {customer.licenceKeys.length === 0 ? (
          <Text as="p" block>No licence key yet (a key is made with the first order).</Text>
        ) : (
          <Scroll label="Licence keys">
            <Table aria-label="Licence keys" size="small" style={{ minWidth: '640px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Key</TableHeaderCell>
                  <TableHeaderCell>Ends with</TableHeaderCell>
                  <TableHeaderCell>Created</TableHeaderCell>
                  <TableHeaderCell>Re-issued</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {customer.licenceKeys.map((k) => (
                  <TableRow key={k.id} data-testid={`licence-key-${k.id}`}>
                    <TableCell>{k.id}</TableCell>
                    <TableCell>…{k.hint}</TableCell>
                    <TableCell>{date(k.createdAt)}</TableCell>
                    <TableCell>{k.reissuedAt ? `${date(k.reissuedAt)}${k.reissueReason ? `: ${k.reissueReason}` : ''}` : '—'}</TableCell>
                    <TableCell>
                      {mayHere.reissueKey(role) && !terminated ? (
                        <Button size="small" onClick={() => setAction({ kind: 'reissue', keyId: k.id, hint: k.hint })} data-testid={`reissue-${k.id}`} aria-label={`Re-issue licence key ${k.id}`}>
                          Re-issue
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
        <Text className={styles.sub}>Licences</Text>
        {customer.licences.length === 0 ? (
          <Text as="p" block>No licences.</Text>
        ) : (
          <Scroll label="Licences">
            <Table aria-label="Licences" size="small" style={{ minWidth: '640px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Add-on</TableHeaderCell>
                  <TableHeaderCell>Quantity</TableHeaderCell>
                  <TableHeaderCell>Price</TableHeaderCell>
                  <TableHeaderCell>Ordered</TableHeaderCell>
                  <TableHeaderCell>Order</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {customer.licences.map((l) => (
                  <TableRow key={l.id}>
                    <TableCell>{[l.addon, l.edition, l.feature].filter(Boolean).join(' · ')}</TableCell>
                    <TableCell>{l.quantity}</TableCell>
                    <TableCell>
                      {money(l.listPrice)}
                      {l.priceOverride ? ` (set by ${l.priceOverride.apiKeyName}: ${l.priceOverride.reason})` : ''}
                    </TableCell>
                    <TableCell>{date(l.orderedOn)}</TableCell>
                    <TableCell>{l.orderId}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
      </Section>

      <Section label="Orders">
        <Subtitle1 as="h2" className={styles.heading}>
          Orders
        </Subtitle1>
        {orders.length === 0 ? (
          <Text as="p" block>No orders yet.</Text>
        ) : (
          <Scroll label="Orders">
            <Table aria-label="Orders" size="small" style={{ minWidth: '560px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Order</TableHeaderCell>
                  <TableHeaderCell>Ordered</TableHeaderCell>
                  <TableHeaderCell>Licences</TableHeaderCell>
                  <TableHeaderCell>Invoice</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {orders.map((o) => (
                  <TableRow key={o.id}>
                    <TableCell>{o.id}</TableCell>
                    <TableCell>{date(o.orderedOn)}</TableCell>
                    <TableCell>{o.licences.map((l) => `${l.addon} × ${l.quantity}`).join(', ')}</TableCell>
                    <TableCell>{o.invoiceId ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
      </Section>

      <Section label="Orgs and latest installs">
        <Subtitle1 as="h2" className={styles.heading}>
          Orgs and latest installs
        </Subtitle1>
        {customer.orgs.length === 0 ? (
          <Text as="p" block>No org activated yet: the customer’s CRM admin types the licence key on the add-on’s configuration page.</Text>
        ) : (
          <Scroll label="Orgs">
            <Table aria-label="Orgs" size="small" style={{ minWidth: '860px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Org</TableHeaderCell>
                  <TableHeaderCell>Address</TableHeaderCell>
                  <TableHeaderCell>Environment</TableHeaderCell>
                  <TableHeaderCell>Platform version</TableHeaderCell>
                  <TableHeaderCell>Activated</TableHeaderCell>
                  <TableHeaderCell>Last seen</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {customer.orgs.map((o) => (
                  <TableRow key={o.orgId}>
                    <TableCell>{o.orgId}</TableCell>
                    <TableCell>{o.orgUrl}</TableCell>
                    <TableCell>{o.environment}</TableCell>
                    <TableCell>{`${o.platformVersion} (line ${o.line})`}</TableCell>
                    <TableCell>{date(o.activatedAt)}</TableCell>
                    <TableCell>{date(o.lastSeenAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
        {customer.installs.length === 0 ? (
          <Text as="p" block>No installs reported.</Text>
        ) : (
          <Scroll label="Latest installs">
            <Table aria-label="Latest installs" size="small" style={{ minWidth: '720px', tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Org</TableHeaderCell>
                  <TableHeaderCell>Add-on</TableHeaderCell>
                  <TableHeaderCell>From → to</TableHeaderCell>
                  <TableHeaderCell>Outcome</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...customer.installs].reverse().map((i) => (
                  <TableRow key={i.id}>
                    <TableCell>{date(i.recordedAt)}</TableCell>
                    <TableCell>{i.orgId}</TableCell>
                    <TableCell>{i.addon}</TableCell>
                    <TableCell>{`${i.fromVersion} → ${i.toVersion}`}</TableCell>
                    <TableCell>{i.error ? `${i.outcome}: ${i.error}` : i.outcome}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroll>
        )}
      </Section>

      {action?.kind === 'payment' ? (
        <PaymentDialog
          invoice={action.invoice}
          onClose={() => setAction(undefined)}
          onRecorded={(r) =>
            finished(
              r.duplicate
                ? `This payment (reference ${r.payment.reference}) was recorded before: it counts once. Invoice ${r.invoice.id} is ${r.invoice.status}.`
                : `Payment recorded: ${money(r.payment.amount)} on invoice ${r.invoice.id}, which is ${r.invoice.status === 'paid' ? 'now paid' : `still open for ${money({ amount: r.invoice.outstanding, currency: r.invoice.total.currency })}`}.`,
            )
          }
        />
      ) : null}
      {action?.kind === 'cancel' ? (
        <CancellationDialog
          customerId={customer.id}
          customerName={customer.name}
          termPlan={(contract.plan ?? 'calendar-year') !== 'calendar-year'}
          onClose={() => setAction(undefined)}
          onRecorded={(r) => finished(`Cancellation notice recorded (${r.onTime ? 'in time' : `late: the deadline was ${date(r.deadline)}`}). Assurance ends ${date(r.effectiveEnd)}.`)}
        />
      ) : null}
      {action?.kind === 'terminate' ? (
        <TerminationDialog
          customerId={customer.id}
          customerName={customer.name}
          onClose={() => setAction(undefined)}
          onTerminated={(r) => finished(`${customer.name} is terminated as of ${date(r.terminatedAt)}: nothing can be downloaded any more.`)}
        />
      ) : null}
      {action?.kind === 'reissue' ? (
        <ReissueDialog
          customerId={customer.id}
          keyId={action.keyId}
          hint={action.hint}
          onClose={(reissued) => (reissued ? finished(`Licence key ${action.keyId} was re-issued; the old key no longer works.`) : setAction(undefined))}
        />
      ) : null}
    </>
  );
}

function Fact(props: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <dt className={styles.term}>{props.term}</dt>
      <dd className={styles.fact}>{props.children}</dd>
    </div>
  );
}
