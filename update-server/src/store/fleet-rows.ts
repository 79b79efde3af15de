/**
 * The fleet report's rows read back as records (issue #14 item 4), shared by both stores: the entry query of
 * sqlite/fleet.ts and postgres/fleet.ts selects the same column names, and the accounts are grouped alike.
 */
import { compact, customer, json, optional, payment, type Row } from './rows';
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

/** Groups licence (`data`), invoice (`data`) and payment rows, each with its `customer_id`, by customer, keeping their order. */
export function fleetAccounts(licences: Row[], invoices: Row[], payments: Row[]): Map<string, FleetAccount> {
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
  for (const r of licences) of(r.customer_id).licences.push(json<LicenceRecord>(r.data));
  for (const r of invoices) of(r.customer_id).invoices.push(json<InvoiceRecord>(r.data));
  for (const r of payments) of(r.customer_id).payments.push(payment(r));
  return accounts;
}

/** A minute before and after `at`: a stored check within them is not written again unless what it says changed (U71). */
export function checkWindow(at: string): { after: string; before: string } {
  const ms = Date.parse(at);
  return { after: new Date(ms - 60_000).toISOString(), before: new Date(ms + 60_000).toISOString() };
}
