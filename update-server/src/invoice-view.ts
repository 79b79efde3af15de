/** How an invoice is shown: the stored invoice plus its balance from license-core's invoiceBalance(). */
import { creditAppliedTo, invoiceBalance } from '@crm-assurance/license-core';
import type { InvoiceRecord, PaymentRecord } from './store/store';

export interface InvoiceView extends Omit<InvoiceRecord, 'createdAt'> {
  status: 'open' | 'paid';
  paid: number;
  /** Of `paid`, what prepaid credit covered (SPEC §5). */
  creditApplied: number;
  outstanding: number;
  fullyPaidAt?: string;
  payments: Array<{ id: string; amount: PaymentRecord['amount']; paidAt: string; reference: string }>;
}

export function invoiceView(invoice: InvoiceRecord, payments: PaymentRecord[]): InvoiceView {
  const own = payments.filter((p) => p.invoiceId === invoice.id);
  const balance = invoiceBalance(invoice, own);
  const { createdAt: _createdAt, ...rest } = invoice;
  return {
    ...rest,
    status: balance.fullyPaidAt !== undefined ? 'paid' : 'open',
    paid: balance.paid,
    creditApplied: creditAppliedTo(invoice.id, own),
    outstanding: balance.outstanding,
    ...(balance.fullyPaidAt !== undefined ? { fullyPaidAt: balance.fullyPaidAt } : {}),
    payments: own.map((p) => ({ id: p.id, amount: p.amount, paidAt: p.paidAt, reference: p.reference })),
  };
}
