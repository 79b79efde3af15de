/**
 * Answer of the overview, `GET /v1/overview` (issue #15 item 2, decisions U87–U89): the numbers of the console's first
 * page, each with its list. Computed by license-core's portfolio() (decisions L43, L44); every list item carries the
 * customer's id and name so the page can link to it. Money in integer minor units, sums per currency (SPEC §1).
 */
import { CANCELLATION_STATES, CONTRACT_PLANS, CONTRACT_STATES, INVOICE_KINDS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { calendarDate, money } from './values';

const plan = z.enum(CONTRACT_PLANS);
const state = z.enum(CONTRACT_STATES);
const customerRef = { customerId: z.string(), customerName: z.string() };
const totals = z.array(money.extend({ count: z.number().int().describe('items in this currency') })).describe('per currency, by currency code; never summed across currencies');
const count = z.number().int();

const arrItem = z.object({ ...customerRef, plan, status: state, amount: money.describe('the contract’s yearly recurring amount (L43)') });
const renewalItem = z.object({
  ...customerRef,
  plan,
  status: state,
  renewsOn: calendarDate.describe('the first day of the renewed term'),
  expected: money.describe('the renewed term’s recurring amount at today’s licences and prices (L43)'),
});
const invoiceItem = z.object({
  ...customerRef,
  invoiceId: z.string(),
  kind: z.enum(INVOICE_KINDS),
  issuedOn: calendarDate,
  dueOn: calendarDate,
  total: money,
  outstanding: money,
  daysOverdue: z.number().int().describe('days past the due date; 0 on it and before'),
});
const lapsedItem = z.object({ ...customerRef, plan, paidThrough: calendarDate.optional(), openInvoices: z.number().int() });
const cancelledItem = z.object({
  ...customerRef,
  plan,
  receivedOn: calendarDate,
  effectiveEnd: calendarDate,
  state: z.enum(CANCELLATION_STATES).describe('running until its effective end (inclusive), then ended'),
});
const deadlineItem = z.object({ ...customerRef, plan, status: state, deadline: calendarDate, daysLeft: z.number().int() });

const moneyList = <T extends z.ZodTypeAny>(item: T) => z.object({ count, totals, items: z.array(item) });
const plainList = <T extends z.ZodTypeAny>(item: T) => z.object({ count, items: z.array(item) });

export const overview = z.object({
  asOf: calendarDate.describe('the day of the overview, in the vendor’s time zone'),
  renewalWithinDays: z.number().int(),
  deadlineWithinDays: z.number().int(),
  arr: moneyList(arrItem).describe('running contracts (active or unpaid within the payment term) and their yearly recurring amount, by customer name'),
  renewals: moneyList(renewalItem).describe('contracts renewing within `renewalWithinDays`, by date'),
  openInvoices: moneyList(invoiceItem).describe('invoices issued and not fully paid, by due date; totals are the outstanding amounts'),
  overdueInvoices: moneyList(invoiceItem).describe('of the open invoices, those past their due date'),
  lapsed: plainList(lapsedItem).describe('contracts lapsed today, by customer name'),
  cancelled: plainList(cancelledItem).describe('contracts cancelled by notice, running to their end or ended, by effective end'),
  cancellationDeadlines: plainList(deadlineItem).describe('cancellation deadlines within `deadlineWithinDays`, by date'),
});

export type Overview = z.output<typeof overview>;
