/**
 * The billing run: every periodic invoice due by a date, for every plan. license-core's planInvoicesDue decides
 * what is due and prices it (SPEC §2 renewals on 1 January; SPEC §5 Auto SSA billing intervals; SPEC §7 maintenance
 * months); this file walks the customers and stores what it returns, using prepaid credit first (SPEC §5).
 * It is idempotent (one periodic invoice per customer and period start) and catches up after an outage.
 *
 * It is truly per customer (issue #12, decision U34): each customer's invoices are written in their own
 * transaction, and a customer that cannot be invoiced is listed under `skipped` with a code while every other
 * customer is invoiced all the same:
 * - `lines_of_code_missing`: a maintenance month whose lines of customer-specific code were not given (SPEC §7);
 *   a later run that gives them invoices it;
 * - `invalid_data`: stored data license-core refuses, naming the field;
 * - `money_limit_exceeded`: an invoice, or the stored credit balance it would use, past the money ceiling (U33);
 * - `internal_error`: anything else (a store error, a row that cannot be read); logged, the message says no more.
 *
 * One run at a time (issue #14, decision U62): the run holds the store's `renewal-billing` job lock (on PostgreSQL an
 * advisory lock every server instance shares). A run that finds another running waits for it (`waitMs`, one minute by
 * default: the API's caller gets an answer about what is left to issue), or answers `busy` with nothing issued.
 */
import { billingRunVerdict, calendarDateOf, InvalidInputError, MoneyLimitError, type BillingSkipCode } from '@crm-assurance/license-core';
import { creditPolicy, newInvoice } from './contract-billing';
import { planOf } from './customer-account';
import type { CustomerRecord, InvoiceRecord, Store, VendorSettings } from './store/store';

export interface BillingRunResult {
  date: string;
  issued: InvoiceRecord[];
  /** Customers the run could not invoice, and why; the others are invoiced all the same. */
  skipped: { customerId: string; code: BillingSkipCode; field?: string; message: string }[];
  /** Set when another run held the lock for longer than the caller waits (U62): nothing was done. */
  busy?: true;
}

type Skipped = BillingRunResult['skipped'][number];

/** Where the run reports a customer skipped for an unexpected error (the server's logger). */
export interface BillingRunLog {
  error(obj: object, msg: string): void;
}

export async function runRenewalBilling(
  store: Store,
  settings: VendorSettings,
  date: string,
  now: Date,
  linesOfCode: Record<string, number> = {},
  log?: BillingRunLog,
  options: { waitMs?: number } = {},
): Promise<BillingRunResult> {
  const run = await store.exclusive('renewal-billing', () => billEveryCustomer(store, settings, date, now, linesOfCode, log), { waitMs: options.waitMs ?? 60_000 });
  return run.ran ? run.value : { date, issued: [], skipped: [], busy: true };
}

async function billEveryCustomer(
  store: Store,
  settings: VendorSettings,
  date: string,
  now: Date,
  linesOfCode: Record<string, number>,
  log: BillingRunLog | undefined,
): Promise<BillingRunResult> {
  const issued: InvoiceRecord[] = [];
  const skipped: Skipped[] = [];
  for (const customer of await store.listCustomers()) {
    if (customer.contractStart === undefined) continue;
    try {
      const outcome = await billCustomer(store, settings, customer, date, now, linesOfCode[customer.id]);
      if ('skipped' in outcome) skipped.push(outcome.skipped);
      else issued.push(...outcome.issued);
    } catch (error) {
      skipped.push(skippedFor(customer.id, error, log));
    }
  }
  return { date, issued, skipped };
}

/** One customer's part of the run: its due invoices written in one transaction of their own (U34). */
async function billCustomer(
  store: Store,
  settings: VendorSettings,
  customer: CustomerRecord,
  date: string,
  now: Date,
  linesOfCode: number | undefined,
): Promise<{ issued: InvoiceRecord[] } | { skipped: Skipped }> {
  const [licences, invoices] = await Promise.all([store.listLicences(customer.id), store.listInvoices(customer.id)]);
  const plan = planOf(customer);
  // license-core decides what is due, or why this customer is skipped this time.
  const verdict = billingRunVerdict({
    plan,
    contractStart: customer.contractStart!,
    licences,
    invoicedPeriodStarts: invoices.filter((i) => i.kind === 'renewal').map((i) => i.periodStart),
    date,
    rateBp: settings.assuranceRateBp,
    ...(customer.maintenance ? { maintenance: customer.maintenance } : {}),
    ...(linesOfCode !== undefined ? { linesOfCode } : {}),
    ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
    ...(customer.terminatedAt !== undefined ? { terminatedOn: calendarDateOf(customer.terminatedAt, settings.timeZone) } : {}),
  });
  if (!verdict.billed) {
    return { skipped: { customerId: customer.id, code: verdict.code, ...(verdict.code === 'lines_of_code_missing' ? {} : { field: verdict.field }), message: verdict.message } };
  }
  const drafts = verdict.due.map(({ period, quote }) =>
    newInvoice(quote, { customerId: customer.id, kind: 'renewal', issuedOn: period.start, plan, paymentTermDays: settings.paymentTermDays, now }),
  );
  return { issued: drafts.length > 0 ? await store.insertRenewalInvoices(drafts, creditPolicy) : [] };
}

/** Why a customer's part of the run failed, as the answer lists it (U34); nothing of it was written. */
function skippedFor(customerId: string, error: unknown, log: BillingRunLog | undefined): Skipped {
  if (error instanceof MoneyLimitError) return { customerId, code: 'money_limit_exceeded', field: error.field, message: error.message };
  if (error instanceof InvalidInputError) return { customerId, code: 'invalid_data', field: error.field, message: error.message };
  log?.error({ err: error, customerId }, 'billing run: customer skipped');
  return { customerId, code: 'internal_error', message: `customer ${customerId} could not be invoiced (internal error, see the server log); the others were` };
}
