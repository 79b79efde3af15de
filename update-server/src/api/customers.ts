/**
 * Answers of the customer routes: the customer record, its detail (keys, licences, orgs, installs), its contract
 * (periods, status, coverage) and the eligibility explanation of one release.
 */
import { INELIGIBLE_REASONS, INSTALL_OUTCOMES, ORG_ENVIRONMENTS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { calendarDate, contractPlan, contractState, instant, maintenanceTerms, money, period, platform, previousAgreement } from './values';

export const cancellation = z.object({
  receivedOn: calendarDate,
  deadline: calendarDate,
  onTime: z.boolean(),
  effectiveEnd: calendarDate.describe('last day of assurance'),
  fixedDate: z.boolean().optional().describe('a cancellation date set in advance (SPEC §5)'),
  recordedAt: instant,
});
export const customer = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string().optional(),
  language: z.string().optional(),
  edition: z.string().optional(),
  channel: z.string().optional(),
  partnerId: z.string().optional(),
  createdAt: instant,
  contractStart: calendarDate.optional(),
  terminatedAt: instant.optional(),
  terminationReason: z.string().optional(),
  cancellation: cancellation.optional(),
  plan: contractPlan.optional(),
  maintenance: maintenanceTerms.optional(),
  previousAgreements: z.array(previousAgreement).optional(),
});
export const customerList = z.object({ customers: z.array(customer) });
/** An admin's override of a line's price (U36): why, by which API key, and the price list's price it replaced. */
export const priceOverride = z.object({
  reason: z.string(),
  apiKeyId: z.string(),
  apiKeyName: z.string(),
  listed: money.optional().describe('the price list’s price for the whole quantity then; absent when the product was not listed'),
});
/** A licence line as the API shows it (the stored licence without its customer id). */
export const licence = z.object({
  id: z.string(),
  orderId: z.string(),
  addon: z.string(),
  feature: z.string().optional().describe('separately licensed feature'),
  edition: z.string().optional(),
  quantity: z.number().int(),
  listPrice: money.describe('the price of the line, for its whole quantity'),
  orderedOn: calendarDate,
  priceOverride: priceOverride.optional().describe('set when an admin overrode the price list (U36)'),
});
export const org = z.object({
  orgId: z.string(),
  customerId: z.string(),
  orgUrl: z.string(),
  environment: z.enum(ORG_ENVIRONMENTS),
  platform,
  platformVersion: z.string(),
  line: z.string(),
  licenceKeyId: z.string(),
  activatedAt: instant,
  lastSeenAt: instant,
});
export const install = z.object({
  id: z.string(),
  installId: z.string().optional(),
  customerId: z.string(),
  orgId: z.string(),
  addon: z.string(),
  fromVersion: z.string(),
  toVersion: z.string(),
  outcome: z.enum(INSTALL_OUTCOMES),
  error: z.string().optional(),
  recordedAt: instant,
});
export const customerDetail = customer.extend({
  licenceKeys: z.array(
    z.object({
      id: z.string(),
      orderId: z.string(),
      hint: z.string().describe('the last characters, to recognise a key'),
      createdAt: instant,
      reissuedAt: instant.optional().describe('when the key was last re-issued (the earlier secret stopped working then)'),
      reissueReason: z.string().optional(),
    }),
  ),
  licences: z.array(licence),
  orgs: z.array(org),
  installs: z.array(install).describe('the latest 50'),
});
export const coverageInterval = z.object({
  from: calendarDate,
  to: calendarDate,
  activeFrom: instant.describe('when the paying invoice was fully paid'),
  invoiceId: z.string(),
  plan: contractPlan.optional(),
});
export const contract = z.object({
  customerId: z.string(),
  status: z.union([z.literal('none'), contractState]).describe('none (nothing ordered yet) | active | unpaid | lapsed | cancelled | terminated'),
  plan: contractPlan.optional(),
  maintenance: maintenanceTerms.optional(),
  contractStart: calendarDate.optional(),
  billingInterval: period.optional().describe('term plans: the billing interval containing today'),
  previousAgreements: z.array(previousAgreement).optional(),
  creditBalance: z.array(money).optional().describe('prepaid credit per currency'),
  currentPeriod: period.optional(),
  periods: z.array(period),
  paidThrough: calendarDate.optional(),
  nextInvoiceOn: calendarDate.optional(),
  cancellationDeadline: calendarDate.optional(),
  cancellation: cancellation.optional(),
  cancelledEffectiveEnd: calendarDate.optional(),
  terminatedAt: instant.optional(),
  terminationReason: z.string().optional(),
  coverage: z.array(coverageInterval),
  openInvoices: z.array(z.object({ id: z.string(), kind: z.string(), issuedOn: calendarDate, periodStart: calendarDate, periodEnd: calendarDate, total: money })),
  licences: z.array(licence).optional(),
  asOf: instant.optional(),
});
export const eligibility = z.object({
  customerId: z.string(),
  releaseId: z.string(),
  addon: z.string(),
  version: z.string(),
  platform,
  platformVersion: z.string(),
  line: z.string(),
  orgId: z.string().optional().describe('the org whose version was judged'),
  assumedPlatformVersion: z.literal(true).optional().describe('no org and no platformVersion: judged for the newest line the release targets'),
  asOf: instant,
  eligible: z.boolean(),
  reason: z.enum(INELIGIBLE_REASONS).optional(),
  buildForLine: z.string().optional().describe('platform_incompatible only: the id of the build of the same version that targets the judged line (issue #9)'),
  message: z.string(),
});

export type Customer = z.output<typeof customer>;
export type CustomerList = z.output<typeof customerList>;
export type CustomerDetail = z.output<typeof customerDetail>;
export type Contract = z.output<typeof contract>;
export type Eligibility = z.output<typeof eligibility>;
export type Licence = z.output<typeof licence>;

/** Answer of a licence key re-issue (decision U40): the new key, shown once. */
export const licenceKeyReissued = z.object({
  customerId: z.string(),
  licenceKeyId: z.string().describe('unchanged: orgs activated with the key stay bound'),
  licenceKey: z.string().describe('the new key, shown once; the old one is refused from now on'),
  hint: z.string(),
  reissuedAt: instant,
  reason: z.string(),
  orgs: z.array(z.object({ orgId: z.string(), environment: z.enum(ORG_ENVIRONMENTS) })).describe('the orgs bound through this key, which stay bound'),
});
export type LicenceKeyReissued = z.output<typeof licenceKeyReissued>;
