/** Answer of the billing run: the invoices issued and the customers skipped this time. */
import { z } from 'zod';
import { invoice } from './invoices';
import { calendarDate } from './values';

export const billingRun = z.object({
  date: calendarDate,
  issued: z.array(invoice),
  skipped: z.array(
    z.object({
      customerId: z.string(),
      code: z.enum(['lines_of_code_missing', 'invalid_data']),
      field: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export type BillingRun = z.output<typeof billingRun>;
