/**
 * The prepaid credit ledger (SPEC §5: "prepaid credit on the tenant's balance is used up first"). A ledger is the
 * list of a customer's credit entries: deposits are positive amounts, uses of credit on an invoice negative ones.
 * How much of a balance a new invoice uses is `applyCredit` (auto-ssa.ts); this file answers what is left.
 */
import type { Money } from './types';

/**
 * The balance per currency (the sum of every entry in it), currencies in alphabetical order. Amounts are integer
 * minor units and are added exactly; a currency whose entries sum to zero is still listed, so a customer who used
 * up a deposit sees `0 EUR` rather than nothing.
 */
export function creditBalances(entries: readonly { amount: Money }[]): Money[] {
  const byCurrency = new Map<string, number>();
  for (const e of entries) byCurrency.set(e.amount.currency, (byCurrency.get(e.amount.currency) ?? 0) + e.amount.amount);
  return [...byCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, amount]) => ({ amount, currency }));
}

/**
 * The reference of the payment that records prepaid credit used on an invoice: one per invoice, so that using
 * credit twice on one invoice is impossible.
 */
export function creditReference(invoiceId: string): string {
  return `credit:${invoiceId}`;
}

/** Of the payments on an invoice, the minor units prepaid credit covered (SPEC §5). */
export function creditAppliedTo(invoiceId: string, payments: readonly { invoiceId: string; reference: string; amount: Money }[]): number {
  const reference = creditReference(invoiceId);
  return payments.filter((p) => p.invoiceId === invoiceId && p.reference === reference).reduce((sum, p) => sum + p.amount.amount, 0);
}
