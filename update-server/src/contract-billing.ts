/**
 * Glue between license-core's per-plan invoices (plan-billing.ts) and the stored records: how a quote becomes an
 * invoice record and how prepaid credit is used (license-core's applyCredit). No rule is decided here.
 */
import {
  applyCredit,
  invoiceDueOn,
  planChoice,
  planReconclusion,
  type ContractPlan,
  type InvoiceKind,
  type InvoiceQuote,
  type MaintenanceTerms,
} from '@crm-assurance/license-core';
import { refused } from './api-error';
import { newId } from './app-context';
import { coreLicence, planOf } from './customer-account';
import type { ContractChange, CreditPolicy, CustomerRecord, InvoiceRecord, LicenceRecord, VendorSettings } from './store/store';

/** SPEC §5: prepaid credit on the balance is used up before anything is invoiced. */
export const creditPolicy: CreditPolicy = (balance, due) => applyCredit({ balance, due }).creditUsed.amount;

export function newInvoice(
  quote: InvoiceQuote,
  fields: { customerId: string; orderId?: string; kind: InvoiceKind; issuedOn: string; plan: ContractPlan; paymentTermDays: number; now: Date },
): InvoiceRecord {
  return {
    id: newId('inv'),
    customerId: fields.customerId,
    ...(fields.orderId !== undefined ? { orderId: fields.orderId } : {}),
    kind: fields.kind,
    plan: fields.plan,
    issuedOn: fields.issuedOn,
    periodStart: quote.periodStart,
    periodEnd: quote.periodEnd,
    total: quote.total,
    lines: quote.lines,
    dueOn: invoiceDueOn(fields.issuedOn, fields.paymentTermDays),
    createdAt: fields.now.toISOString(),
  };
}

/**
 * A new agreement from `concludedOn` after the customer's contract ended on `expiredOn` (SPEC §5; license-core's
 * reconclusionVerdict or orderVerdict said so): the back-fill invoice (Auto SSA) and the first invoice of the new
 * agreement, for all licences held, and the contract change to write with them.
 */
export function reconclusionWrite(input: {
  customer: CustomerRecord;
  licences: LicenceRecord[];
  expiredOn: string;
  concludedOn: string;
  plan: ContractPlan;
  maintenance?: MaintenanceTerms;
  linesOfCode?: number;
  settings: VendorSettings;
  orderId?: string;
  now: Date;
}): { change: ContractChange; invoices: InvoiceRecord[]; daysSinceExpiry: number; multiplier: 0 | 1 | 2 } {
  const { customer, settings, expiredOn } = input;
  const r = planReconclusion({
    plan: input.plan,
    expiredOn,
    concludedOn: input.concludedOn,
    licences: input.licences.map(coreLicence),
    rateBp: settings.assuranceRateBp,
    ...(input.maintenance ? { maintenance: input.maintenance } : {}),
    ...(input.linesOfCode !== undefined ? { linesOfCode: input.linesOfCode } : {}),
  });
  const common = { customerId: customer.id, issuedOn: input.concludedOn, plan: input.plan, paymentTermDays: settings.paymentTermDays, now: input.now, ...(input.orderId ? { orderId: input.orderId } : {}) };
  const invoices = [
    ...(r.backFill ? [newInvoice(r.backFill, { ...common, kind: 'back-fill' })] : []),
    newInvoice(r.first, { ...common, kind: 'first' }),
  ];
  const change: ContractChange = {
    expectedStart: customer.contractStart,
    contractStart: input.concludedOn,
    plan: input.plan,
    ...(input.maintenance ? { maintenance: input.maintenance } : {}),
    previousAgreement: { plan: planOf(customer), start: customer.contractStart!, end: expiredOn },
  };
  return { change, invoices, daysSinceExpiry: r.daysSinceExpiry, multiplier: r.multiplier };
}

/** license-core's planChoice (SPEC §7: a maintenance plan needs its prices); its refusal is a 400 naming `maintenance`. */
export function requireMaintenancePrices(plan: ContractPlan, maintenance: MaintenanceTerms | undefined): void {
  const choice = planChoice({ plan, ...(maintenance ? { maintenance } : {}) });
  if (choice.kind === 'refused') throw refused(choice);
}
