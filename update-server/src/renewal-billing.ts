/**
 * The renewal run (SPEC §2): on 1 January each running contract is invoiced in advance for the new calendar
 * year at the then current licence sum. license-core computes the periods (firstPeriod/nextPeriod) and the
 * amounts (renewalInvoice); this file walks the customers and stores what is missing. It is idempotent (one
 * renewal invoice per customer and period start) and catches up: a run on date D issues every renewal whose
 * period started on or before D and that was not issued yet (e.g. after the server was down on 1 January).
 */
import { addDays, firstPeriod, nextPeriod, renewalInvoice } from '@crm-assurance/license-core';
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
    if (customer.contractStart === undefined || customer.terminatedAt !== undefined) continue;
    const [licences, invoices] = await Promise.all([store.listLicences(customer.id), store.listInvoices(customer.id)]);
    const renewed = new Set(invoices.filter((i) => i.kind === 'renewal').map((i) => i.periodStart));
    let period = nextPeriod(firstPeriod(customer.contractStart));
    while (period.start <= date) {
      if (customer.cancellation && period.start > customer.cancellation.effectiveEnd) break;
      // The licences held when the period starts; a licence ordered inside a period was co-termed with it.
      const held = licences.filter((l) => l.orderedOn < period.start);
      if (held.length > 0 && !renewed.has(period.start)) {
        const quote = renewalInvoice({ periodStart: period.start, licences: held, rateBp: settings.assuranceRateBp });
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
      period = nextPeriod(period);
    }
  }
  const issued = drafts.length > 0 ? await store.insertRenewalInvoices(drafts) : [];
  return { date, issued };
}
