/**
 * Invoices, payments (idempotent by reference, U13), prepaid credit (SPEC §5), renewal runs (U14), maintenance
 * upgrades (SPEC §7). The money ceiling (decision U33) is enforced here, inside each write's transaction, with
 * license-core's verdicts: a deposit or payment whose sum would pass it, or credit use on a stored balance past it,
 * throws license-core's MoneyLimitError and nothing is written.
 */
import { compact, json, payment, creditEntry, type Row } from '../rows';
import { creditBalanceField, creditDepositVerdict, creditReference, MoneyLimitError, paidTotalVerdict, withinMoneyCeiling, type Refusal } from '@crm-assurance/license-core';
import { StoreConflictError } from '../errors';
import type { CreditEntryRecord, CreditPolicy, InvoiceRecord, MaintenanceUpgradeRecord, PaymentOutcome, PaymentRecord } from '../store';
import type { SqliteDb } from './db';
import type { BillingPart } from '../aggregates';

/** A license-core money verdict's refusal as the error every write path answers (409 money_limit_exceeded, U33). */
function refuseOver(verdict: { kind: 'accepted' } | Refusal<'money_limit_exceeded'>): void {
  if (verdict.kind === 'refused') throw new MoneyLimitError(verdict.field ?? 'amount', verdict.message);
}

const INSERT_PAYMENT = `INSERT INTO payments (id, invoice_id, customer_id, reference, amount, currency, paid_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

export class SqliteBilling implements BillingPart {
  constructor(private readonly db: SqliteDb) {}

  // --- invoices (the writes are also used inside the orders' transactions, customers.ts) ---------------------------

  private insertInvoiceRow(invoice: InvoiceRecord): void {
    this.db
      .statement(
        `INSERT INTO invoices (id, customer_id, order_id, kind, issued_on, period_start, period_end, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invoice.id,
        invoice.customerId,
        invoice.orderId ?? null,
        invoice.kind,
        invoice.issuedOn,
        invoice.periodStart,
        invoice.periodEnd,
        JSON.stringify(compact(invoice)),
        invoice.createdAt,
      );
  }

  /**
   * Uses prepaid credit on a new invoice (SPEC §5): the policy says how much of the balance in the invoice's
   * currency; the use is an `applied` credit entry plus a payment on the invoice, dated when the invoice was made.
   */
  private applyCredit(invoice: InvoiceRecord, policy: CreditPolicy): void {
    const { currency } = invoice.total;
    const balance = this.creditBalance(invoice.customerId, currency);
    if (invoice.total.amount <= 0) return;
    // A balance an older server let pass the ceiling cannot be used exactly: refuse rather than guess (U33, U34).
    if (!withinMoneyCeiling(balance)) {
      const field = creditBalanceField(currency);
      throw new MoneyLimitError(field, `${field}: the stored ${currency} credit balance of customer ${invoice.customerId} is past the money ceiling (decision U34); correct the ledger before invoicing`);
    }
    if (balance <= 0) return;
    const used = policy({ amount: balance, currency }, invoice.total);
    if (!Number.isSafeInteger(used) || used < 0 || used > balance || used > invoice.total.amount) {
      throw new Error(`credit policy returned ${used} for a balance of ${balance} and an invoice of ${invoice.total.amount}`);
    }
    if (used === 0) return;
    const reference = creditReference(invoice.id);
    this.db
      .statement(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, 'applied', ?, ?, ?, ?, ?, ?)`)
      .run(`cre_${invoice.id}`, invoice.customerId, -used, currency, invoice.id, reference, '{}', invoice.createdAt);
    this.db.statement(INSERT_PAYMENT).run(`pay_${invoice.id}_credit`, invoice.id, invoice.customerId, reference, used, currency, invoice.createdAt, invoice.createdAt);
  }

  /**
   * The sum of a customer's credit entries in one currency. SQLite adds the 64-bit integers exactly; a sum past
   * 2^53 (only an older server could store one, U34) comes back as a number that is not a safe integer.
   */
  private creditBalance(customerId: string, currency: string): number {
    const row = this.db.statement(`SELECT COALESCE(SUM(amount), 0) AS balance FROM credit_entries WHERE customer_id = ? AND currency = ?`).get(customerId, currency) as Row;
    return Number(row.balance);
  }

  /** Inserts invoices, each using the credit the policy allows; call inside a transaction. */
  insertInvoicesWithCredit(invoices: InvoiceRecord[], credit: CreditPolicy): void {
    for (const invoice of invoices) {
      this.insertInvoiceRow(invoice);
      this.applyCredit(invoice, credit);
    }
  }

  getInvoice(id: string): Promise<InvoiceRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT data FROM invoices WHERE id = ?`).get(id) as Row | undefined;
      return row ? json<InvoiceRecord>(row.data) : undefined;
    });
  }

  listInvoices(customerId: string): Promise<InvoiceRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT data FROM invoices WHERE customer_id = ? ORDER BY period_start, issued_on, rowid`).all(customerId) as Row[]).map((r) =>
        json<InvoiceRecord>(r.data),
      ),
    );
  }

  insertRenewalInvoices(invoices: InvoiceRecord[], credit: CreditPolicy): Promise<InvoiceRecord[]> {
    return this.db.tx(() => {
      const exists = this.db.statement(`SELECT 1 FROM invoices WHERE customer_id = ? AND period_start = ? AND kind = 'renewal'`);
      const inserted: InvoiceRecord[] = [];
      for (const invoice of invoices) {
        if (exists.get(invoice.customerId, invoice.periodStart)) continue;
        this.insertInvoicesWithCredit([invoice], credit);
        inserted.push(invoice);
      }
      if (inserted.length > 0) this.db.bumpSerial();
      return inserted;
    });
  }

  // --- payments ------------------------------------------------------------------------------------------------

  recordPayment(input: PaymentRecord): Promise<PaymentOutcome> {
    return this.db.tx((): PaymentOutcome => {
      const existing = this.db.statement(`SELECT * FROM payments WHERE reference = ?`).get(input.reference) as Row | undefined;
      if (existing) {
        const stored = payment(existing);
        const same =
          stored.invoiceId === input.invoiceId &&
          stored.amount.amount === input.amount.amount &&
          stored.amount.currency === input.amount.currency &&
          stored.paidAt === input.paidAt;
        return { kind: same ? 'duplicate' : 'conflict', payment: stored };
      }
      const invoice = this.db.statement(`SELECT customer_id FROM invoices WHERE id = ?`).get(input.invoiceId) as Row | undefined;
      if (!invoice) throw new Error(`recordPayment: unknown invoice ${input.invoiceId}`);
      // Decision U33: the paid total stays within the money ceiling, decided here so two payments cannot pass it together.
      const paid = this.db.statement(`SELECT COALESCE(SUM(amount), 0) AS paid FROM payments WHERE invoice_id = ?`).get(input.invoiceId) as Row;
      refuseOver(paidTotalVerdict({ paid: { amount: Number(paid.paid), currency: input.amount.currency }, payment: input.amount }));
      this.db
        .statement(INSERT_PAYMENT)
        .run(input.id, input.invoiceId, String(invoice.customer_id), input.reference, input.amount.amount, input.amount.currency, input.paidAt, input.createdAt);
      this.db.bumpSerial();
      return { kind: 'created', payment: input };
    });
  }

  listPayments(customerId: string): Promise<PaymentRecord[]> {
    return this.db.read(() => (this.db.statement(`SELECT * FROM payments WHERE customer_id = ? ORDER BY paid_at, rowid`).all(customerId) as Row[]).map(payment));
  }

  // --- maintenance upgrades and prepaid credit ------------------------------------------------------------------

  insertMaintenanceUpgrade(upgrade: MaintenanceUpgradeRecord, invoice: InvoiceRecord, credit: CreditPolicy): Promise<void> {
    return this.db.tx(() => {
      const taken = this.db
        .statement(`SELECT id FROM maintenance_upgrades WHERE customer_id = ? AND requested_on BETWEEN ? AND ?`)
        .get(upgrade.customerId, upgrade.period.start, upgrade.period.end) as Row | undefined;
      if (taken) {
        throw new StoreConflictError(
          'upgrade_already_used',
          `the upgrade of ${upgrade.period.start}..${upgrade.period.end} was recorded meanwhile (${String(taken.id)})`,
          'upgrade_period',
        );
      }
      this.insertInvoicesWithCredit([invoice], credit);
      this.db
        .statement(`INSERT INTO maintenance_upgrades (id, customer_id, requested_on, invoice_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(upgrade.id, upgrade.customerId, upgrade.requestedOn, upgrade.invoiceId, JSON.stringify(compact(upgrade)), upgrade.createdAt);
      // Decision U77: a new invoice changes what the customer's add-ons are told; cached answers key on the serial.
      this.db.bumpSerial();
    });
  }

  listMaintenanceUpgrades(customerId: string): Promise<MaintenanceUpgradeRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT data FROM maintenance_upgrades WHERE customer_id = ? ORDER BY requested_on, rowid`).all(customerId) as Row[]).map((r) =>
        json<MaintenanceUpgradeRecord>(r.data),
      ),
    );
  }

  addCredit(entry: CreditEntryRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; entry: CreditEntryRecord }> {
    return this.db.tx(() => {
      const existing = this.db.statement(`SELECT * FROM credit_entries WHERE reference = ?`).get(entry.reference) as Row | undefined;
      if (existing) {
        const stored = creditEntry(existing);
        const same = stored.customerId === entry.customerId && stored.amount.amount === entry.amount.amount && stored.amount.currency === entry.amount.currency;
        return { kind: same ? ('duplicate' as const) : ('conflict' as const), entry: stored };
      }
      // Decision U33: the balance in this currency stays within the money ceiling, decided inside the transaction.
      const balance = this.creditBalance(entry.customerId, entry.amount.currency);
      refuseOver(creditDepositVerdict({ balance: { amount: balance, currency: entry.amount.currency }, deposit: entry.amount }));
      this.db
        .statement(`INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`)
        .run(entry.id, entry.customerId, entry.kind, entry.amount.amount, entry.amount.currency, entry.reference, JSON.stringify(compact({ note: entry.note })), entry.createdAt);
      return { kind: 'created' as const, entry };
    });
  }

  listCreditEntries(customerId: string): Promise<CreditEntryRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT * FROM credit_entries WHERE customer_id = ? ORDER BY created_at, rowid`).all(customerId) as Row[]).map(creditEntry),
    );
  }
}
