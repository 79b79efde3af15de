/** Answers of the support-request routes (SPEC §6): the request, its time log, its charge and the month statement. */
import { SUPPORT_CLASSES, SUPPORT_STATUSES, type SupportCharge } from '@crm-assurance/license-core';
import { z } from 'zod';
import { instant, money, platform } from './values';

export const supportClass = z.enum(SUPPORT_CLASSES);
export const supportStatus = z.enum(SUPPORT_STATUSES);
const chargeNotes = ['unclassified', 'free_class', 'awaiting_approval', 'within_free_diagnosis', 'billed'] as const satisfies readonly SupportCharge['note'][];
export const chargeNote = z.enum(chargeNotes);

export const supportRequest = z.object({
  id: z.string(),
  number: z.number().int().describe('the ticket number people quote'),
  customerId: z.string(),
  orgId: z.string(),
  addon: z.string(),
  summary: z.string(),
  description: z.string(),
  contact: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
  environment: z.object({
    addonVersion: z.string(),
    platform,
    platformVersion: z.string(),
    customisationsPresent: z.boolean(),
    orgUrl: z.string().optional(),
  }),
  status: supportStatus,
  classification: supportClass.optional(),
  classificationNote: z.string().optional(),
  classifiedAt: instant.optional(),
  notifiedAt: instant.optional().describe('when the customer was told the cause is chargeable'),
  approvedAt: instant.optional().describe('when the customer approved chargeable work'),
  createdAt: instant,
  closedAt: instant.optional(),
});
export const timeEntry = z.object({
  id: z.string(),
  requestId: z.string(),
  from: instant.describe('when the work started'),
  minutes: z.number().int(),
  note: z.string().optional(),
  loggedBy: z.string().optional().describe('the name of the API key that logged it'),
  createdAt: instant,
});
export const supportCharge = z.object({
  loggedMinutes: z.number().int(),
  diagnosisMinutes: z.number().int().describe('of the free 30'),
  billableSeconds: z.number().int(),
  billingStartsAt: instant.optional(),
  amount: money,
  note: chargeNote,
});
export const supportRequestDetail = supportRequest.extend({ customerName: z.string(), timeEntries: z.array(timeEntry), charge: supportCharge });
export const supportRequestList = z.object({ requests: z.array(supportRequest) });
export const supportRequestFiled = z.object({ id: z.string(), number: z.number().int(), status: supportStatus, createdAt: instant });
export const supportRequestSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  summary: z.string(),
  status: supportStatus,
  classification: supportClass.optional(),
  /** When the vendor told the customer the work is chargeable and asked for approval (SPEC §6; issue #13). */
  notifiedAt: instant.optional(),
  approvedAt: instant.optional(),
  createdAt: instant,
});
export const supportRequestsMine = z.object({ requests: z.array(supportRequestSummary).describe('newest first, at most 50') });
export const supportStatement = z.object({
  month: z.string().describe('YYYY-MM'),
  timeZone: z.string(),
  hourlyRate: money,
  requests: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      customerId: z.string(),
      summary: z.string(),
      classification: supportClass.nullable(),
      loggedMinutes: z.number().int(),
      billableSeconds: z.number().int(),
      billableMinutes: z.number(),
      amount: money,
      note: chargeNote,
    }),
  ),
  customers: z.array(
    z.object({
      customerId: z.string(),
      customerName: z.string(),
      loggedMinutes: z.number().int(),
      billableSeconds: z.number().int(),
      billableMinutes: z.number(),
      amount: money,
    }),
  ),
  totals: z.array(money).describe('per currency'),
});

export type SupportRequest = z.output<typeof supportRequest>;
export type SupportRequestDetail = z.output<typeof supportRequestDetail>;
export type SupportRequestList = z.output<typeof supportRequestList>;
export type SupportRequestFiled = z.output<typeof supportRequestFiled>;
export type SupportRequestSummary = z.output<typeof supportRequestSummary>;
export type SupportRequestsMine = z.output<typeof supportRequestsMine>;
export type SupportStatement = z.output<typeof supportStatement>;
