/** Answers of the prepaid-credit routes (SPEC §5). */
import { z } from 'zod';
import { instant, money } from './values';

export const creditEntry = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(['deposit', 'applied']),
  amount: money.describe('a use is negative'),
  invoiceId: z.string().optional().describe('applied: the invoice it paid'),
  reference: z.string(),
  note: z.string().optional(),
  createdAt: instant,
});
export const creditDeposited = z.object({
  entry: creditEntry,
  duplicate: z.boolean().describe('true when this deposit was recorded before (counted once)'),
  balance: z.array(money).describe('per currency'),
});
export const creditAccount = z.object({ customerId: z.string(), balance: z.array(money), entries: z.array(creditEntry) });

export type CreditDeposited = z.output<typeof creditDeposited>;
export type CreditAccount = z.output<typeof creditAccount>;
