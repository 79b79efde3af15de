/**
 * Answers of the routes that change an agreement: cancellation (SPEC §2, §5), termination (SPEC §2), re-conclusion
 * (SPEC §5) and the platform-version upgrades of a maintenance agreement (SPEC §7).
 */
import { z } from 'zod';
import { cancellation } from './customers';
import { invoice } from './invoices';
import { calendarDate, contractPlan, instant, period, previousAgreement } from './values';

export const cancellationRecorded = cancellation.extend({ customerId: z.string(), plan: contractPlan });
export const terminationRecorded = z.object({
  customerId: z.string(),
  terminatedAt: instant,
  reason: z.string(),
  serial: z.number().int().describe('the manifest serial after the termination'),
});
export const reconcluded = z.object({
  customerId: z.string(),
  plan: contractPlan,
  contractStart: calendarDate,
  previousAgreement: previousAgreement.describe('the agreement that ended'),
  daysSinceExpiry: z.number().int(),
  backFillMultiplier: z.number().int().describe('0 (no back-fill), 1 (up to 30 days) or 2 (more than 30 days)'),
  invoices: z.array(invoice),
});
export const maintenanceUpgrade = z.object({
  id: z.string(),
  customerId: z.string(),
  requestedOn: calendarDate,
  fromLine: z.string().optional(),
  toLine: z.string().optional(),
  period: period.describe('the 12-month period whose included upgrade this is'),
  invoiceId: z.string(),
  note: z.string().optional(),
  createdAt: instant,
});
export const upgradeRecorded = z.object({ upgrade: maintenanceUpgrade, invoice });
export const upgradeList = z.object({ customerId: z.string(), upgrades: z.array(maintenanceUpgrade) });

export type CancellationRecorded = z.output<typeof cancellationRecorded>;
export type TerminationRecorded = z.output<typeof terminationRecorded>;
export type Reconcluded = z.output<typeof reconcluded>;
export type UpgradeRecorded = z.output<typeof upgradeRecorded>;
export type UpgradeList = z.output<typeof upgradeList>;
