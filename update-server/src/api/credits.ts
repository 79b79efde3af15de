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
/** Decision U34: a currency whose stored balance lies past the money ceiling is not in `balance` but named here. */
const balanceOverLimit = z
  .array(z.string())
  .optional()
  .describe('currencies whose stored balance lies past the money ceiling (written by an older server): not shown in `balance` and not used until the ledger is corrected (decisions U33, U34)');
export const creditDeposited = z.object({
  entry: creditEntry,
  duplicate: z.boolean().describe('true when this deposit was recorded before (counted once)'),
  balance: z.array(money).describe('per currency'),
  balanceOverLimit,
});
export const creditAccount = z.object({ customerId: z.string(), balance: z.array(money).describe('per currency'), balanceOverLimit, entries: z.array(creditEntry) });

export type CreditDeposited = z.output<typeof creditDeposited>;
export type CreditAccount = z.output<typeof creditAccount>;
