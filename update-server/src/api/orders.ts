/** Answers of the order routes: the licence key (shown once) and the invoices license-core computed. */
import { z } from 'zod';
import { licence } from './customers';
import { invoice } from './invoices';
import { calendarDate, contractPlan, instant, previousAgreement } from './values';

export const orderPlaced = z.object({
  orderId: z.string(),
  customerId: z.string(),
  orderedOn: calendarDate,
  licenceKey: z.string().describe('CRMA-…, shown once'),
  licenceKeyId: z.string(),
  licenceKeys: z.array(z.string()),
  licences: z.array(licence),
  plan: contractPlan,
  reconcluded: z.object({ previousAgreement }).optional().describe('the order re-concluded an ended agreement (SPEC §5)'),
  invoice: invoice.nullable().describe('the order’s invoice (null when the plan invoices nothing)'),
  invoices: z.array(invoice).describe('all invoices of the order (a back-fill first when it re-concludes)'),
});
export const order = z.object({
  id: z.string(),
  customerId: z.string(),
  orderedOn: calendarDate,
  licenceKeyId: z.string(),
  invoiceId: z.string().optional(),
  createdAt: instant,
  licences: z.array(licence).describe('the licences of the order, with their prices and any override (U36)'),
});
export const orderList = z.object({ orders: z.array(order) });

export type OrderPlaced = z.output<typeof orderPlaced>;
export type OrderList = z.output<typeof orderList>;
