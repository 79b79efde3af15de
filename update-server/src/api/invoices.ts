/** Answers of the invoice and payment routes: an invoice with its balance (invoice-view.ts). */
import { INVOICE_KINDS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { calendarDate, contractPlan, instant, money } from './values';

export const invoiceLine = z.object({ from: calendarDate, to: calendarDate, amount: z.number().int(), description: z.string().optional() });
export const invoice = z.object({
  id: z.string(),
  customerId: z.string(),
  orderId: z.string().optional(),
  kind: z
    .enum(INVOICE_KINDS)
    .describe('first | renewal (each later period, interval or month) | co-term | back-fill (the gap before a re-conclusion) | upgrade-fee (no coverage)'),
  plan: contractPlan.optional().describe('the plan it was raised under (absent: calendar-year)'),
  issuedOn: calendarDate,
  dueOn: calendarDate.describe('issuedOn + payment term'),
  periodStart: calendarDate,
  periodEnd: calendarDate,
  total: money,
  lines: z.array(invoiceLine),
  status: z.enum(['open', 'paid']),
  paid: z.number().int(),
  creditApplied: z.number().int().describe('of `paid`, what prepaid credit covered (SPEC §5)'),
  outstanding: z.number().int(),
  fullyPaidAt: instant.optional(),
  payments: z.array(z.object({ id: z.string(), amount: money, paidAt: instant, reference: z.string() })),
});
export const invoiceList = z.object({ customerId: z.string(), invoices: z.array(invoice) });
export const payment = z.object({ id: z.string(), invoiceId: z.string(), amount: money, paidAt: instant, reference: z.string() });
export const paymentRecorded = z.object({
  payment,
  duplicate: z.boolean().describe('true when this payment was recorded before (counted once)'),
  invoice,
});

export type Invoice = z.output<typeof invoice>;
export type InvoiceList = z.output<typeof invoiceList>;
export type PaymentRecorded = z.output<typeof paymentRecorded>;
