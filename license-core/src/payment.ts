/**
 * What a recorded payment may be (SPEC §1, §2): money in the invoice's currency, a positive amount of minor units,
 * received no later than now. A payment given as a bare number is in the invoice's currency. Whether the invoice
 * is then paid, and from when, is `invoiceBalance` (invoice.ts); an overpayment is kept as paid, not refused, as long
 * as the paid total stays within the money ceiling (money.ts, decision U33).
 */
import { instantMillis } from './calendar-date';
import { moneySumVerdict, type MoneySumVerdict, withinMoneyCeiling } from './money';
import { refusal, type Refusal } from './refusal';
import type { Instant, Money } from './types';

export type PaymentVerdict = { kind: 'accepted'; amount: Money } | Refusal<'invalid_input'>;

export function paymentVerdict(input: { invoiceTotal: Money; amount: number | Money; paidAt: Instant; asOf: Instant }): PaymentVerdict {
  const currency = input.invoiceTotal.currency;
  const amount = typeof input.amount === 'number' ? { amount: input.amount, currency } : input.amount;
  if (amount.currency !== currency) return refusal('invalid_input', `amount.currency: the invoice is in ${currency}`, 'amount.currency');
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) return refusal('invalid_input', 'amount.amount: must be positive', 'amount.amount');
  if (!withinMoneyCeiling(amount.amount)) return refusal('invalid_input', 'amount.amount: past the money ceiling (decision U33)', 'amount.amount');
  if (instantMillis(input.paidAt, 'paidAt') > instantMillis(input.asOf, 'asOf')) {
    return refusal('invalid_input', 'paidAt: a payment cannot lie in the future', 'paidAt');
  }
  return { kind: 'accepted', amount };
}

/**
 * A payment added to what an invoice has been paid so far (decision U33): accepted with the new paid total when it
 * stays within MONEY_CEILING (an overpayment up to it is kept, SPEC §1), else refused `money_limit_exceeded`
 * naming `amount.amount`. The store decides it inside the payment's transaction, so two payments at once cannot
 * pass it together.
 */
export function paidTotalVerdict(input: { paid: Money; payment: Money }): MoneySumVerdict {
  return moneySumVerdict({ sum: input.paid, add: input.payment, field: 'amount.amount', what: 'the paid total of the invoice' });
}
