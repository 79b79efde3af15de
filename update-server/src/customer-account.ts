/**
 * A customer's account as license-core reads it: licences, invoices, payments, cancellation, termination.
 * This file only gathers stored records and hands them to license-core (contractStatus, coverage,
 * eligibleUpdates, ...); every decision is license-core's.
 */
import {
  invoiceBalance,
  MAX_OPEN_INVOICES,
  calendarDateOf,
  contractStanding,
  contractStatus,
  coverage,
  effectivePlan,
  maintenanceSupportDiscountBp,
  addonLineStatus,
  entitlementState,
  legacyWindow,
  licensedAddons,
  parsePlatformVersion,
  type AddonLineStatus,
  type ContractFacts,
  type ContractPlan,
  type ContractStatus,
  type ContractStatusInput,
  type CoverageInterval,
  type Licence,
  type MaintenanceAgreementFacts,
  type Platform,
  type PlatformLine,
  type TenantContext,
} from '@crm-assurance/license-core';
import type { EntitlementToSign, LicenceToSign } from '@crm-assurance/license-core/node';
import type {
  AddonLineRecord,
  CustomerRecord,
  InvoiceRecord,
  LicenceRecord,
  OrgRecord,
  PaymentRecord,
  Store,
  VendorSettings,
} from './store/store';

export interface CustomerAccount {
  customer: CustomerRecord;
  licences: LicenceRecord[];
  invoices: InvoiceRecord[];
  payments: PaymentRecord[];
}

export async function loadAccount(store: Store, customer: CustomerRecord): Promise<CustomerAccount> {
  const [licences, invoices, payments] = await Promise.all([
    store.listLicences(customer.id),
    store.listInvoices(customer.id),
    store.listPayments(customer.id),
  ]);
  return { customer, licences, invoices, payments };
}

/** license-core's Licence (without the server's ids). */
export function coreLicence(l: LicenceRecord): Licence {
  const out: Licence = { addon: l.addon, quantity: l.quantity, listPrice: l.listPrice, orderedOn: l.orderedOn };
  if (l.feature !== undefined) out.feature = l.feature;
  if (l.edition !== undefined) out.edition = l.edition;
  return out;
}

/** The plan of the customer's contract (license-core's effectivePlan: SPEC §2 calendar-year unless another was chosen). */
export function planOf(customer: CustomerRecord): ContractPlan {
  return effectivePlan(customer.plan);
}

/** The contract facts license-core's order, re-conclusion and cancellation rules read. */
export function contractFacts(customer: CustomerRecord): ContractFacts {
  return {
    ...(customer.contractStart !== undefined ? { contractStart: customer.contractStart } : {}),
    ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
    terminated: customer.terminatedAt !== undefined,
  };
}

/** The customer's maintenance agreement as license-core's maintenanceAgreementOn reads it (SPEC §7). */
export function maintenanceFacts(customer: CustomerRecord, timeZone: string): MaintenanceAgreementFacts {
  return {
    plan: planOf(customer),
    ...(customer.maintenance ? { maintenance: customer.maintenance } : {}),
    ...(customer.contractStart !== undefined ? { contractStart: customer.contractStart } : {}),
    ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
    ...(customer.terminatedAt !== undefined ? { terminatedOn: calendarDateOf(customer.terminatedAt, timeZone) } : {}),
  };
}

/** The contract status as of `asOf`, or undefined while the customer has ordered nothing. */
export function contractOf(account: CustomerAccount, settings: VendorSettings, asOf: string): ContractStatus | undefined {
  const { customer } = account;
  if (customer.contractStart === undefined) return undefined;
  return contractStatus(contractInput(account, settings, asOf, customer.contractStart));
}

function contractInput(account: CustomerAccount, settings: VendorSettings, asOf: string, contractStart: string): ContractStatusInput {
  const { customer } = account;
  return {
    contractStart,
    plan: planOf(customer),
    ...(customer.previousAgreements ? { endedAgreements: customer.previousAgreements } : {}),
    invoices: account.invoices,
    payments: account.payments,
    asOf,
    timeZone: settings.timeZone,
    paymentTermDays: settings.paymentTermDays,
    ...(customer.cancellation
      ? { cancellation: { receivedOn: customer.cancellation.receivedOn, effectiveEnd: customer.cancellation.effectiveEnd } }
      : {}),
    ...(customer.terminatedAt !== undefined ? { terminatedAt: customer.terminatedAt } : {}),
  };
}

/**
 * The contract status and the coverage as of `asOf`, from one pass of license-core's contractStanding (issue #14,
 * decision L36) when the customer has a contract; the coverage alone (status undefined) while it has none.
 */
export function standingOf(account: CustomerAccount, settings: VendorSettings, asOf: string): { status: ContractStatus | undefined; coverage: CoverageInterval[] } {
  const { customer } = account;
  if (customer.contractStart === undefined) return { status: undefined, coverage: coverageOf(account, settings, asOf) };
  return contractStanding(contractInput(account, settings, asOf, customer.contractStart));
}

export function coverageOf(account: CustomerAccount, settings: VendorSettings, asOf: string): CoverageInterval[] {
  const { customer } = account;
  return coverage({
    invoices: account.invoices,
    payments: account.payments,
    asOf,
    timeZone: settings.timeZone,
    ...(customer.terminatedAt !== undefined ? { terminatedAt: customer.terminatedAt } : {}),
    ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
    ...(customer.previousAgreements ? { endedAgreements: customer.previousAgreements } : {}),
  });
}

/** What license-core needs to judge releases for this customer on one org (or one platform version). */
export function tenantContext(
  account: CustomerAccount,
  settings: VendorSettings,
  asOf: string,
  target: { platform: Platform; platformVersion: string; region?: string; language?: string },
): TenantContext {
  const { customer } = account;
  const { status, coverage: paidCoverage } = standingOf(account, settings, asOf);
  const tenant: TenantContext = {
    tenantId: customer.id,
    licences: account.licences.map(coreLicence),
    coverage: paidCoverage,
    openInvoices: status?.openInvoices ?? [],
    platform: target.platform,
    platformVersion: target.platformVersion,
  };
  if (customer.terminatedAt !== undefined) tenant.terminatedAt = customer.terminatedAt;
  const region = target.region ?? customer.region;
  const language = target.language ?? customer.language;
  if (region !== undefined) tenant.region = region;
  if (language !== undefined) tenant.language = language;
  if (customer.edition !== undefined) tenant.edition = customer.edition;
  if (customer.channel !== undefined) tenant.channel = customer.channel;
  return tenant;
}

export function licenceClaims(account: CustomerAccount, org: OrgRecord, licenceKeyId: string): LicenceToSign {
  return {
    aud: org.orgId,
    sub: licenceKeyId,
    customer: { id: account.customer.id, name: account.customer.name },
    org: { id: org.orgId, url: org.orgUrl },
    addons: licensedAddons(account.licences),
  };
}

export function entitlementClaims(
  account: CustomerAccount,
  settings: VendorSettings,
  asOf: string,
  target: { orgId: string; platform: Platform; platformVersion: string; addonLines: AddonLineRecord[]; platformLines: PlatformLine[] },
): EntitlementToSign {
  const { status, coverage: intervals } = standingOf(account, settings, asOf);
  const { line } = parsePlatformVersion(target.platformVersion, target.platform);
  const claims: EntitlementToSign = {
    aud: target.orgId,
    sub: account.customer.id,
    status: entitlementState(status),
    plan: planOf(account.customer),
    coverage: intervals.map((c) => ({ from: c.from, to: c.to })),
    platform: target.platform,
    line,
    lineStatus: addonLineStatus(target.addonLines, target.platform, line),
  };
  // SPEC §4: the legacy window of the org's line, so the page can say "legacy until DATE".
  const knownLine = target.platformLines.some((l) => l.platform === target.platform && l.line === line);
  if (knownLine) {
    const window = legacyWindow(target.platformLines, line, target.platform);
    if (window.successor !== undefined) claims.successor = window.successor.line;
    if (window.patchesUntil !== undefined) claims.patchesUntil = window.patchesUntil;
  }
  if (status?.paidThrough !== undefined) claims.paidThrough = status.paidThrough;
  if (status?.currentPeriod !== undefined) claims.periodEnd = status.currentPeriod.end;
  if (status?.nextInvoiceOn !== undefined) claims.nextInvoiceOn = status.nextInvoiceOn;
  if (status?.cancellationDeadline !== undefined) claims.cancellationDeadline = status.cancellationDeadline;
  if (status?.cancelledEffectiveEnd !== undefined) claims.cancelledEffectiveEnd = status.cancelledEffectiveEnd;
  // Issue #13: what to pay, so the page can name the invoice, the amount and the due date.
  if (status !== undefined && status.openInvoices.length > 0) {
    claims.openInvoices = status.openInvoices.slice(0, MAX_OPEN_INVOICES).map((open) => {
      const record = account.invoices.find((i) => i.id === open.id)!;
      const balance = invoiceBalance(record, account.payments);
      return {
        id: open.id,
        kind: open.kind,
        total: open.total,
        outstanding: { amount: balance.outstanding, currency: open.total.currency },
        dueOn: record.dueOn,
        periodStart: open.periodStart,
        periodEnd: open.periodEnd,
      };
    });
  }
  if (status?.terminatedAt !== undefined) claims.terminatedAt = status.terminatedAt;
  else if (account.customer.terminatedAt !== undefined) claims.terminatedAt = account.customer.terminatedAt;
  return claims;
}

/** The support matrix of an add-on: for each platform line, its status, successor and patchesUntil. */
export function supportMatrix(lines: PlatformLine[], addonLines: AddonLineRecord[]): Array<{
  platform: Platform;
  line: string;
  releasedOn: string;
  mainstreamEndsOn: string;
  status: AddonLineStatus['status'];
  reason?: string;
  successor?: string;
  successorReleasedOn?: string;
  patchesUntil?: string;
}> {
  return lines.map((l) => {
    const window = legacyWindow(lines, l.line, l.platform);
    const status = addonLineStatus(addonLines, l.platform, l.line);
    return {
      platform: l.platform,
      line: l.line,
      releasedOn: l.releasedOn,
      mainstreamEndsOn: window.mainstreamEndsOn,
      status: status.status,
      ...(status.status === 'discontinued' ? { reason: status.reason } : {}),
      ...(window.successor ? { successor: window.successor.line, successorReleasedOn: window.successor.releasedOn } : {}),
      ...(window.patchesUntil ? { patchesUntil: window.patchesUntil } : {}),
    };
  });
}

/**
 * The discount on the support hourly rate for work on `on` (SPEC §7): a customer's maintenance-agreement discount
 * while that agreement is in force (license-core's maintenanceSupportDiscountBp), else 0.
 */
export function supportDiscountBp(customer: CustomerRecord, settings: VendorSettings, on: string): number {
  return maintenanceSupportDiscountBp(maintenanceFacts(customer, settings.timeZone), on);
}
