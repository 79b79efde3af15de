/**
 * The billing run: every periodic invoice due by a date, for every plan. license-core's planInvoicesDue decides
 * what is due and prices it (SPEC §2 renewals on 1 January; SPEC §5 Auto SSA billing intervals; SPEC §7 maintenance
 * months); this file walks the customers and stores what it returns, using prepaid credit first (SPEC §5).
 * It is idempotent (one periodic invoice per customer and period start) and catches up after an outage.
 * A maintenance month needs the lines of customer-specific code counted for the run (SPEC §7): a customer whose
 * count was not given is listed under `skipped` and invoiced by a later run that gives it; so is a customer whose
 * stored data license-core refuses (`invalid_data`, with the field), so one bad record never stops the run.
 */
import { billingRunVerdict, calendarDateOf } from '@crm-assurance/license-core';
import { creditPolicy, newInvoice } from './contract-billing';
import { planOf } from './customer-account';
import type { InvoiceRecord, Store, VendorSettings } from './store/store';

export interface BillingRunResult {
  date: string;
  issued: InvoiceRecord[];
  /** Customers the run could not invoice, and why; the others are invoiced all the same. */
  skipped: { customerId: string; code: 'lines_of_code_missing' | 'invalid_data'; field?: string; message: string }[];
}

export async function runRenewalBilling(
  store: Store,
  settings: VendorSettings,
  date: string,
  now: Date,
  linesOfCode: Record<string, number> = {},
): Promise<BillingRunResult> {
  const drafts: InvoiceRecord[] = [];
  const skipped: BillingRunResult['skipped'] = [];
  for (const customer of await store.listCustomers()) {
    if (customer.contractStart === undefined) continue;
    const [licences, invoices] = await Promise.all([store.listLicences(customer.id), store.listInvoices(customer.id)]);
    const plan = planOf(customer);
    // license-core decides what is due, or why this customer is skipped this time.
    const verdict = billingRunVerdict({
      plan,
      contractStart: customer.contractStart,
      licences,
      invoicedPeriodStarts: invoices.filter((i) => i.kind === 'renewal').map((i) => i.periodStart),
      date,
      rateBp: settings.assuranceRateBp,
      ...(customer.maintenance ? { maintenance: customer.maintenance } : {}),
      ...(linesOfCode[customer.id] !== undefined ? { linesOfCode: linesOfCode[customer.id] } : {}),
      ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
      ...(customer.terminatedAt !== undefined ? { terminatedOn: calendarDateOf(customer.terminatedAt, settings.timeZone) } : {}),
    });
    if (!verdict.billed) {
      skipped.push({ customerId: customer.id, code: verdict.code, ...(verdict.code === 'invalid_data' ? { field: verdict.field } : {}), message: verdict.message });
      continue;
    }
    const { due } = verdict;
    for (const { period, quote } of due) {
      drafts.push(newInvoice(quote, { customerId: customer.id, kind: 'renewal', issuedOn: period.start, plan, paymentTermDays: settings.paymentTermDays, now }));
    }
  }
  const issued = drafts.length > 0 ? await store.insertRenewalInvoices(drafts, creditPolicy) : [];
  return { date, issued, skipped };
}
