/**
 * The renewal run (SPEC §2): on 1 January each running contract is invoiced in advance for the new calendar
 * year at the then current licence sum. license-core's renewalsDue() decides which renewals are due and prices
 * them; this file walks the customers and stores what it returns. It is idempotent (one renewal invoice per
 * customer and period start) and catches up: a run on date D issues every renewal whose period started on or
 * before D and that was not issued yet (e.g. after the server was down on 1 January).
 */
import { addDays, calendarDateOf, renewalsDue } from '@crm-assurance/license-core';
import { newId } from './app-context';
import type { InvoiceRecord, Store, VendorSettings } from './store/store';

export async function runRenewalBilling(
  store: Store,
  settings: VendorSettings,
  date: string,
  now: Date,
): Promise<{ date: string; issued: InvoiceRecord[] }> {
  const drafts: InvoiceRecord[] = [];
  for (const customer of await store.listCustomers()) {
    if (customer.contractStart === undefined) continue;
    const [licences, invoices] = await Promise.all([store.listLicences(customer.id), store.listInvoices(customer.id)]);
    const due = renewalsDue({
      contractStart: customer.contractStart,
      licences,
      invoicedPeriodStarts: invoices.filter((i) => i.kind === 'renewal').map((i) => i.periodStart),
      date,
      rateBp: settings.assuranceRateBp,
      ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
      ...(customer.terminatedAt !== undefined ? { terminatedOn: calendarDateOf(customer.terminatedAt, settings.timeZone) } : {}),
    });
    for (const { period, quote } of due) {
      drafts.push({
        id: newId('inv'),
        customerId: customer.id,
        kind: 'renewal',
        issuedOn: period.start,
        periodStart: quote.periodStart,
        periodEnd: quote.periodEnd,
        total: quote.total,
        lines: quote.lines,
        dueOn: addDays(period.start, settings.paymentTermDays),
        createdAt: now.toISOString(),
      });
    }
  }
  const issued = drafts.length > 0 ? await store.insertRenewalInvoices(drafts) : [];
  return { date, issued };
}
