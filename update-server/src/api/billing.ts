/** Answer of the billing run: the invoices issued and the customers skipped this time (each with why, decision U34). */
import { BILLING_SKIP_CODES } from '@crm-assurance/license-core';
import { z } from 'zod';
import { invoice } from './invoices';
import { calendarDate } from './values';

export const billingRun = z.object({
  date: calendarDate,
  issued: z.array(invoice),
  skipped: z.array(
    z.object({
      customerId: z.string(),
      code: z.enum(BILLING_SKIP_CODES),
      field: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export type BillingRun = z.output<typeof billingRun>;
