/**
 * The support month statement (issue #15 item 6; SPEC §6): `GET /v1/support/statement?month=YYYY-MM`, billable
 * minutes and amounts per request and per customer and the totals per currency, as license-core sums them. The month
 * is in the address (/console/support/statement?month=YYYY-MM), this month by default (decision C48).
 */
import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { SupportStatement as Statement } from '../../../src/api/support-requests';
import { get } from '../api';
import { ConsoleLink, ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { money, todayUtc } from '../format';
import { href, navigate, type Place } from '../router';
import { useTableStyles } from './releases-common';
import { CHARGE_WORDS, CLASS_WORDS, minutesOf } from './support-common';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end', marginBottom: tokens.spacingVerticalL },
});

function monthWords(month: string): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

export function SupportStatement(props: { place: Place }) {
  const styles = useStyles();
  const tableStyles = useTableStyles();
  const month = props.place.query.get('month') ?? todayUtc().slice(0, 7);
  const [typed, setTyped] = useState(month);
  const [problem, setProblem] = useState<string | undefined>();
  const valid = MONTH.test(month);
  const statement = useLoad((signal) => (valid ? get<Statement>(`/v1/support/statement?month=${month}`, { signal }) : Promise.resolve(undefined)), [month]);

  const show = (e: FormEvent) => {
    e.preventDefault();
    if (!MONTH.test(typed.trim())) {
      setProblem('Type a month as YYYY-MM, e.g. 2026-11.');
      return;
    }
    setProblem(undefined);
    navigate(href('support', 'statement', { month: typed.trim() }));
  };
  const s = statement.data;
  return (
    <>
      <PageHeader title={valid ? `Support statement: ${monthWords(month)}` : 'Support statement'}>
        <ConsoleLink to={href('support')} data-testid="back-to-queue">
          Back to the queue
        </ConsoleLink>
      </PageHeader>
      <form className={styles.form} onSubmit={show} noValidate>
        <Field label="Month (YYYY-MM)" required validationMessage={problem ?? (valid ? undefined : 'The month in the address is not a month; type one as YYYY-MM.')}>
          <Input value={typed} onChange={(_, d) => setTyped(d.value)} data-testid="statement-month" />
        </Field>
        <Button type="submit" data-testid="show-statement">
          Show
        </Button>
      </form>
      {statement.loading && !s ? <Loading what="the statement" /> : null}
      {statement.error ? <ErrorMessage error={statement.error} title="The statement could not be shown" /> : null}
      {s ? (
        <>
          <Text as="p">
            Hourly rate {money(s.hourlyRate)}; days counted in {s.timeZone}.
          </Text>
          {s.requests.length === 0 ? (
            <Text as="p" data-testid="statement-empty">
              No support time logged in {monthWords(s.month)}.
            </Text>
          ) : (
            <>
              <Section label="Per request">
                <h2>Per request</h2>
                <div className={tableStyles.scroll} tabIndex={0} role="region" aria-label="Statement per request (scrolls sideways)">
                  <Table className={tableStyles.table} size="small" data-testid="statement-requests">
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>Request</TableHeaderCell>
                        <TableHeaderCell>Summary</TableHeaderCell>
                        <TableHeaderCell>Class</TableHeaderCell>
                        <TableHeaderCell>Logged minutes</TableHeaderCell>
                        <TableHeaderCell>Billable minutes</TableHeaderCell>
                        <TableHeaderCell>Amount</TableHeaderCell>
                        <TableHeaderCell>Why</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {s.requests.map((r) => (
                        <TableRow key={r.id} data-testid="statement-request-row" data-request={r.id}>
                          <TableCell>
                            <ConsoleLink to={href('support', r.id)}>{r.number}</ConsoleLink>
                          </TableCell>
                          <TableCell>{r.summary}</TableCell>
                          <TableCell>{r.classification ? CLASS_WORDS[r.classification] : 'Not classified yet'}</TableCell>
                          <TableCell data-testid="st-logged">{r.loggedMinutes}</TableCell>
                          <TableCell data-testid="st-billable">{minutesOf(r.billableSeconds)}</TableCell>
                          <TableCell data-testid="st-amount">{money(r.amount)}</TableCell>
                          <TableCell>{CHARGE_WORDS[r.note] ?? r.note}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </Section>
              <Section label="Per customer">
                <h2>Per customer</h2>
                <div className={tableStyles.scroll} tabIndex={0} role="region" aria-label="Statement per customer (scrolls sideways)">
                  <Table className={tableStyles.table} size="small" data-testid="statement-customers">
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>Customer</TableHeaderCell>
                        <TableHeaderCell>Logged minutes</TableHeaderCell>
                        <TableHeaderCell>Billable minutes</TableHeaderCell>
                        <TableHeaderCell>Amount</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {s.customers.map((c) => (
                        <TableRow key={`${c.customerId}-${c.amount.currency}`} data-testid="statement-customer-row" data-customer={c.customerId}>
                          <TableCell>{c.customerName}</TableCell>
                          <TableCell data-testid="sc-logged">{c.loggedMinutes}</TableCell>
                          <TableCell data-testid="sc-billable">{minutesOf(c.billableSeconds)}</TableCell>
                          <TableCell data-testid="sc-amount">{money(c.amount)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </Section>
              <Text as="p" weight="semibold" data-testid="statement-totals">
                Total: {s.totals.map((t) => money(t)).join(' + ') || money({ amount: 0, currency: s.hourlyRate.currency })}
              </Text>
            </>
          )}
        </>
      ) : null}
    </>
  );
}
