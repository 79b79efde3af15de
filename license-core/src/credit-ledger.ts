/**
 * The prepaid credit ledger (SPEC §5: "prepaid credit on the tenant's balance is used up first"). A ledger is the
 * list of a customer's credit entries: deposits are positive amounts, uses of credit on an invoice negative ones.
 * How much of a balance a new invoice uses is `applyCredit` (auto-ssa.ts); this file answers what is left.
 */
import { MONEY_CEILING, moneySumVerdict, type MoneySumVerdict } from './money';
import type { CurrencyCode, Money } from './types';

/**
 * The ledger per currency: the balance (the sum of every entry in it) of each currency whose sum lies within
 * MONEY_CEILING, and the currencies whose sum does not (decision U33: only a server older than the ceiling could
 * have written such a ledger; decision U34: its balance is not shown, because it cannot be shown exactly, and no
 * credit of that currency is used until the ledger is corrected). Sums are exact (BigInt); currencies in
 * alphabetical order. A currency whose entries sum to zero is still listed, so a customer who used up a deposit
 * sees `0 EUR` rather than nothing.
 */
export function creditLedger(entries: readonly { amount: Money }[]): { balances: Money[]; overLimit: CurrencyCode[] } {
  const byCurrency = new Map<string, bigint>();
  for (const e of entries) byCurrency.set(e.amount.currency, (byCurrency.get(e.amount.currency) ?? 0n) + BigInt(e.amount.amount));
  const ceiling = BigInt(MONEY_CEILING);
  const sorted = [...byCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    balances: sorted.filter(([, sum]) => sum <= ceiling && sum >= -ceiling).map(([currency, sum]) => ({ amount: Number(sum), currency })),
    overLimit: sorted.filter(([, sum]) => sum > ceiling || sum < -ceiling).map(([currency]) => currency),
  };
}

/** The balance per currency (creditLedger's `balances`): a currency whose sum lies past the ceiling is left out. */
export function creditBalances(entries: readonly { amount: Money }[]): Money[] {
  return creditLedger(entries).balances;
}

/**
 * A new deposit on a balance (SPEC §5, decision U33): accepted with the balance after it when that stays within
 * MONEY_CEILING; else refused `money_limit_exceeded` naming `amount.amount` (or `credit.<currency>` when the stored
 * balance is past the ceiling already). The store decides it inside the deposit's transaction.
 */
export function creditDepositVerdict(input: { balance: Money; deposit: Money }): MoneySumVerdict {
  return moneySumVerdict({
    sum: input.balance,
    add: input.deposit,
    field: 'amount.amount',
    what: `the ${input.balance.currency} credit balance`,
    sumField: creditBalanceField(input.balance.currency),
  });
}

/** The field a credit balance is named by in a refusal or a skipped billing run: `credit.EUR`. */
export function creditBalanceField(currency: string): string {
  return `credit.${currency}`;
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
