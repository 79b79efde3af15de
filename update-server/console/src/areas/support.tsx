/**
 * The Support area of the vendor console (issue #15 item 6; SPEC §6): the queue of requests newest first with the
 * route's filters (status, customer), one request at /console/support/<id> (support-request.tsx) and the month
 * statement at /console/support/statement?month=YYYY-MM (support-statement.tsx). Addresses: decision C45.
 */
import { Badge, Dropdown, Field, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { CustomerList } from '../../../src/api/customers';
import type { SupportRequestList } from '../../../src/api/support-requests';
import { get } from '../api';
import { ConsoleLink, ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { date } from '../format';
import { href, navigate, type Place } from '../router';
import { may, type Session } from '../session';
import { useTableStyles } from './releases-common';
import { CLASS_WORDS, NotForRole } from './support-common';
import { SupportRequestView } from './support-request';
import { SupportStatement } from './support-statement';

export function Support(props: { session: Session; place: Place }) {
  if (!may.support(props.session.role)) {
    return (
      <>
        <PageHeader title="Support" />
        <NotForRole role={props.session.role} />
      </>
    );
  }
  if (props.place.id === 'statement') return <SupportStatement place={props.place} />;
  if (props.place.id !== undefined) return <SupportRequestView key={props.place.id} id={props.place.id} session={props.session} />;
  return <SupportQueue place={props.place} />;
}

const STATUS_WORDS: Record<string, string> = { '': 'Open and closed', open: 'Open', closed: 'Closed' };

function SupportQueue(props: { place: Place }) {
  const styles = useTableStyles();
  const status = props.place.query.get('status') ?? '';
  const customerId = props.place.query.get('customer') ?? '';
  const customers = useLoad((signal) => get<CustomerList>('/v1/customers', { signal }), []);
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(customerId ? { customerId } : {}) }).toString();
  const requests = useLoad((signal) => get<SupportRequestList>(`/v1/support-requests${query ? `?${query}` : ''}`, { signal }), [query]);
  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  const go = (next: { status?: string; customer?: string }) => navigate(href('support', undefined, { status, customer: customerId, ...next }));
  const list = [...(requests.data?.requests ?? [])].sort((a, b) => b.number - a.number);
  return (
    <>
      <PageHeader title="Support">
        <ConsoleLink to={href('support', 'statement')} data-testid="statement-link">
          Month statement
        </ConsoleLink>
      </PageHeader>
      <div className={styles.picker}>
        <Field label="Status">
          <Dropdown value={STATUS_WORDS[status] ?? status} selectedOptions={[status]} onOptionSelect={(_, d) => go({ status: d.optionValue ?? '' })} data-testid="filter-status">
            {Object.entries(STATUS_WORDS).map(([v, w]) => (
              <Option key={v || 'all'} value={v} data-testid={`filter-status-${v || 'all'}`}>
                {w}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Customer">
          <Dropdown
            value={customerId ? (names.get(customerId) ?? customerId) : 'All customers'}
            selectedOptions={[customerId]}
            onOptionSelect={(_, d) => go({ customer: d.optionValue ?? '' })}
            data-testid="filter-customer"
          >
            <Option value="" data-testid="filter-customer-all">
              All customers
            </Option>
            {(customers.data?.customers ?? []).map((c) => (
              <Option key={c.id} value={c.id} data-testid={`filter-customer-${c.id}`}>
                {c.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <Section label="Support requests">
        {requests.loading && !requests.data ? <Loading what="support requests" /> : null}
        {requests.error ? <ErrorMessage error={requests.error} title="The support requests could not be shown" /> : null}
        {requests.data && list.length === 0 ? <Text data-testid="no-requests">{status === 'open' ? 'No open support requests.' : 'No support requests.'}</Text> : null}
        {list.length > 0 ? (
          <div className={styles.scroll} tabIndex={0} role="region" aria-label="Support requests, newest first (scrolls sideways)">
            <Table className={styles.table} size="small" data-testid="request-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Number</TableHeaderCell>
                  <TableHeaderCell>Summary</TableHeaderCell>
                  <TableHeaderCell>Customer</TableHeaderCell>
                  <TableHeaderCell>Add-on</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Classification</TableHeaderCell>
                  <TableHeaderCell>Filed</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.map((r) => (
                  <TableRow key={r.id} data-testid="request-row" data-request={r.id}>
                    <TableCell>
                      <ConsoleLink to={href('support', r.id)} data-testid={`request-link-${r.number}`}>
                        {r.number}
                      </ConsoleLink>
                    </TableCell>
                    <TableCell>{r.summary}</TableCell>
                    <TableCell data-testid="request-customer">{names.get(r.customerId) ?? r.customerId}</TableCell>
                    <TableCell>{r.addon}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={r.status === 'open' ? 'brand' : 'subtle'}>
                        {r.status === 'open' ? 'Open' : 'Closed'}
                      </Badge>
                    </TableCell>
                    <TableCell>{r.classification ? CLASS_WORDS[r.classification] : 'Not classified yet'}</TableCell>
                    <TableCell>{date(r.createdAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </Section>
    </>
  );
}
