/**
 * Invoices, payments (idempotent by reference, U13), prepaid credit (SPEC §5), renewal runs (U14), maintenance
 * upgrades (SPEC §7), on PostgreSQL. As in SQLite, the money ceiling (U33) is decided inside each write's
 * transaction with license-core's verdicts; SERIALIZABLE (postgres/db.ts) keeps two instances from passing it together.
 */
import { compact, json, payment, creditEntry } from '../rows';
import { creditBalanceField, creditDepositVerdict, creditReference, MoneyLimitError, paidTotalVerdict, withinMoneyCeiling, type Refusal } from '@crm-assurance/license-core';
import { StoreConflictError } from '../errors';
import type { CreditEntryRecord, CreditPolicy, InvoiceRecord, MaintenanceUpgradeRecord, PaymentOutcome, PaymentRecord } from '../store';
import type { BillingPart } from '../aggregates';
import type { PgDb, Sql } from './db';

/** A license-core money verdict's refusal as the error every write path answers (409 money_limit_exceeded, U33). */
function refuseOver(verdict: { kind: 'accepted' } | Refusal<'money_limit_exceeded'>): void {
  if (verdict.kind === 'refused') throw new MoneyLimitError(verdict.field ?? 'amount', verdict.message);
}

const INSERT_PAYMENT = `INSERT INTO payments (id, invoice_id, customer_id, reference, amount, currency, paid_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

export class PgBilling implements BillingPart {
  constructor(private readonly db: PgDb) {}

  // --- invoices (the writes are also used inside the orders' transactions, customers.ts) ---------------------------

  private async insertInvoiceRow(sql: Sql, invoice: InvoiceRecord): Promise<void> {
    await sql.run(
      `INSERT INTO invoices (id, customer_id, order_id, kind, issued_on, period_start, period_end, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [invoice.id, invoice.customerId, invoice.orderId ?? null, invoice.kind, invoice.issuedOn, invoice.periodStart, invoice.periodEnd, JSON.stringify(compact(invoice)), invoice.createdAt],
    );
  }

  /** Uses prepaid credit on a new invoice (SPEC §5), as the SQLite store does (sqlite/billing.ts). */
  private async applyCredit(sql: Sql, invoice: InvoiceRecord, policy: CreditPolicy): Promise<void> {
    const { currency } = invoice.total;
    const balance = await this.creditBalance(sql, invoice.customerId, currency);
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
    await sql.run(
      `INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES ($1, $2, 'applied', $3, $4, $5, $6, '{}', $7)`,
      [`cre_${invoice.id}`, invoice.customerId, -used, currency, invoice.id, reference, invoice.createdAt],
    );
    await sql.run(INSERT_PAYMENT, [`pay_${invoice.id}_credit`, invoice.id, invoice.customerId, reference, used, currency, invoice.createdAt, invoice.createdAt]);
  }

  /** The sum of a customer's credit entries in one currency: NUMERIC, exact; past 2^53 it reads as an unsafe number (U34). */
  private async creditBalance(sql: Sql, customerId: string, currency: string): Promise<number> {
    const row = await sql.row(`SELECT COALESCE(SUM(amount), 0) AS balance FROM credit_entries WHERE customer_id = $1 AND currency = $2`, [customerId, currency]);
    return Number(row?.balance);
  }

  /** Inserts invoices, each using the credit the policy allows; call inside a transaction. */
  async insertInvoicesWithCredit(sql: Sql, invoices: InvoiceRecord[], credit: CreditPolicy): Promise<void> {
    for (const invoice of invoices) {
      await this.insertInvoiceRow(sql, invoice);
      await this.applyCredit(sql, invoice, credit);
    }
  }

  async getInvoice(id: string): Promise<InvoiceRecord | undefined> {
    const row = await this.db.sql.row(`SELECT data FROM invoices WHERE id = $1`, [id]);
    return row ? json<InvoiceRecord>(row.data) : undefined;
  }

  async listInvoices(customerId: string): Promise<InvoiceRecord[]> {
    return (await this.db.sql.rows(`SELECT data FROM invoices WHERE customer_id = $1 ORDER BY period_start, issued_on, seq`, [customerId])).map((r) => json<InvoiceRecord>(r.data));
  }

  insertRenewalInvoices(invoices: InvoiceRecord[], credit: CreditPolicy): Promise<InvoiceRecord[]> {
    return this.db.tx(async (sql) => {
      const inserted: InvoiceRecord[] = [];
      for (const invoice of invoices) {
        if (await sql.row(`SELECT 1 FROM invoices WHERE customer_id = $1 AND period_start = $2 AND kind = 'renewal'`, [invoice.customerId, invoice.periodStart])) continue;
        await this.insertInvoicesWithCredit(sql, [invoice], credit);
        inserted.push(invoice);
      }
      if (inserted.length > 0) await this.db.bumpSerial(sql);
      return inserted;
    });
  }

  // --- payments ------------------------------------------------------------------------------------------------

  recordPayment(input: PaymentRecord): Promise<PaymentOutcome> {
    return this.db.tx(async (sql): Promise<PaymentOutcome> => {
      const existing = await sql.row(`SELECT * FROM payments WHERE reference = $1`, [input.reference]);
      if (existing) {
        const stored = payment(existing);
        const same =
          stored.invoiceId === input.invoiceId && stored.amount.amount === input.amount.amount && stored.amount.currency === input.amount.currency && stored.paidAt === input.paidAt;
        return { kind: same ? 'duplicate' : 'conflict', payment: stored };
      }
      const invoice = await sql.row(`SELECT customer_id FROM invoices WHERE id = $1`, [input.invoiceId]);
      if (!invoice) throw new Error(`recordPayment: unknown invoice ${input.invoiceId}`);
      // Decision U33: the paid total stays within the money ceiling, decided here so two payments cannot pass it together.
      const paid = await sql.row(`SELECT COALESCE(SUM(amount), 0) AS paid FROM payments WHERE invoice_id = $1`, [input.invoiceId]);
      refuseOver(paidTotalVerdict({ paid: { amount: Number(paid?.paid), currency: input.amount.currency }, payment: input.amount }));
      await sql.run(INSERT_PAYMENT, [input.id, input.invoiceId, String(invoice.customer_id), input.reference, input.amount.amount, input.amount.currency, input.paidAt, input.createdAt]);
      await this.db.bumpSerial(sql);
      return { kind: 'created', payment: input };
    });
  }

  async listPayments(customerId: string): Promise<PaymentRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM payments WHERE customer_id = $1 ORDER BY paid_at, seq`, [customerId])).map(payment);
  }

  // --- maintenance upgrades and prepaid credit ------------------------------------------------------------------

  insertMaintenanceUpgrade(upgrade: MaintenanceUpgradeRecord, invoice: InvoiceRecord, credit: CreditPolicy): Promise<void> {
    return this.db.tx(async (sql) => {
      const taken = await sql.row(`SELECT id FROM maintenance_upgrades WHERE customer_id = $1 AND requested_on BETWEEN $2 AND $3`, [upgrade.customerId, upgrade.period.start, upgrade.period.end]);
      if (taken) {
        throw new StoreConflictError('upgrade_already_used', `the upgrade of ${upgrade.period.start}..${upgrade.period.end} was recorded meanwhile (${String(taken.id)})`, 'upgrade_period');
      }
      await this.insertInvoicesWithCredit(sql, [invoice], credit);
      await sql.run(`INSERT INTO maintenance_upgrades (id, customer_id, requested_on, invoice_id, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        upgrade.id,
        upgrade.customerId,
        upgrade.requestedOn,
        upgrade.invoiceId,
        JSON.stringify(compact(upgrade)),
        upgrade.createdAt,
      ]);
      // Decision U77: a new invoice changes what the customer's add-ons are told; cached answers key on the serial.
      await this.db.bumpSerial(sql);
    });
  }

  async listMaintenanceUpgrades(customerId: string): Promise<MaintenanceUpgradeRecord[]> {
    return (await this.db.sql.rows(`SELECT data FROM maintenance_upgrades WHERE customer_id = $1 ORDER BY requested_on, seq`, [customerId])).map((r) =>
      json<MaintenanceUpgradeRecord>(r.data),
    );
  }

  addCredit(entry: CreditEntryRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; entry: CreditEntryRecord }> {
    return this.db.tx(async (sql) => {
      const existing = await sql.row(`SELECT * FROM credit_entries WHERE reference = $1`, [entry.reference]);
      if (existing) {
        const stored = creditEntry(existing);
        const same = stored.customerId === entry.customerId && stored.amount.amount === entry.amount.amount && stored.amount.currency === entry.amount.currency;
        return { kind: same ? ('duplicate' as const) : ('conflict' as const), entry: stored };
      }
      // Decision U33: the balance in this currency stays within the money ceiling, decided inside the transaction.
      const balance = await this.creditBalance(sql, entry.customerId, entry.amount.currency);
      refuseOver(creditDepositVerdict({ balance: { amount: balance, currency: entry.amount.currency }, deposit: entry.amount }));
      await sql.run(
        `INSERT INTO credit_entries (id, customer_id, kind, amount, currency, invoice_id, reference, data, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8)`,
        [entry.id, entry.customerId, entry.kind, entry.amount.amount, entry.amount.currency, entry.reference, JSON.stringify(compact({ note: entry.note })), entry.createdAt],
      );
      return { kind: 'created' as const, entry };
    });
  }

  async listCreditEntries(customerId: string): Promise<CreditEntryRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM credit_entries WHERE customer_id = $1 ORDER BY created_at, seq`, [customerId])).map(creditEntry);
  }
}
