/**
 * The fleet report's rows read back as records (issue #14 item 4), shared by both stores: the entry query of
 * sqlite/fleet.ts and postgres/fleet.ts selects the same column names, and the accounts are grouped alike.
 */
import { compact, customer, json, optional, type Row } from './rows';
import type { FleetAccount, FleetEntry, InstallRecord, InvoiceRecord, LicenceRecord, OrgRecord, UpdateCheckRecord } from './store';

/**
 * The columns the entry query selects: the customer's own columns (rows.ts `customer` reads them), the org's `data`
 * as `org_data`, the entry's add-on, the update check's columns prefixed `check_`, and the last install's `data`.
 */
export function fleetEntry(row: Row): FleetEntry {
  const org = json<OrgRecord>(row.org_data);
  const entry: FleetEntry = { customer: customer(row), org };
  const addon = optional(row.entry_addon);
  if (addon === undefined) return entry;
  entry.addon = addon;
  if (row.check_checked_at !== null && row.check_checked_at !== undefined) {
    entry.check = compact({
      orgId: org.orgId,
      customerId: String(row.id),
      addon,
      installedVersion: String(row.check_installed_version),
      platformVersion: String(row.check_platform_version),
      line: String(row.check_line),
      region: optional(row.check_region),
      language: optional(row.check_language),
      checkedAt: String(row.check_checked_at),
    }) as UpdateCheckRecord;
  }
  if (row.install_data !== null && row.install_data !== undefined) entry.lastInstall = json<InstallRecord>(row.install_data);
  return entry;
}

/** A licence or invoice row as [customer id, data]. */
export type DataTuple = [customerId: unknown, data: unknown];
/** A payment row as [customer id, id, invoice id, amount, currency, paid at, reference, created at]. */
export type PaymentTuple = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];
/** The payment columns in PaymentTuple's order. */
export const PAYMENT_COLUMNS = 'customer_id, id, invoice_id, amount, currency, paid_at, reference, created_at';

/**
 * Groups licence, invoice and payment rows by customer, keeping their order (the per-customer lists' order, which the
 * queries give). Rows come as arrays: at 10,000 customers a row object each is measurable (decision U74).
 */
export function fleetAccounts(licences: DataTuple[], invoices: DataTuple[], payments: PaymentTuple[]): Map<string, FleetAccount> {
  const accounts = new Map<string, FleetAccount>();
  const of = (customerId: unknown): FleetAccount => {
    const id = String(customerId);
    let account = accounts.get(id);
    if (account === undefined) {
      account = { licences: [], invoices: [], payments: [] };
      accounts.set(id, account);
    }
    return account;
  };
  for (const [customerId, data] of licences) of(customerId).licences.push(json<LicenceRecord>(data));
  for (const [customerId, data] of invoices) of(customerId).invoices.push(json<InvoiceRecord>(data));
  for (const [customerId, id, invoiceId, amount, currency, paidAt, reference, createdAt] of payments) {
    of(customerId).payments.push({
      id: String(id),
      invoiceId: String(invoiceId),
      amount: { amount: Number(amount), currency: String(currency) },
      paidAt: String(paidAt),
      reference: String(reference),
      createdAt: String(createdAt),
    });
  }
  return accounts;
}

/** A minute before and after `at`: a stored check within them is not written again unless what it says changed (U71). */
export function checkWindow(at: string): { after: string; before: string } {
  const ms = Date.parse(at);
  return { after: new Date(ms - 60_000).toISOString(), before: new Date(ms + 60_000).toISOString() };
}
