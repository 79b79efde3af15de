/**
 * Rows read back as records, shared by both stores (SQLite's sqlite/*.ts and PostgreSQL's postgres/*.ts): the same
 * columns hold the same values in both schemas, so one reader per record keeps the two stores answering alike.
 */
import type { AddonRecord, ApiKeyRecord, CancellationRecord, CreditEntryRecord, CustomerRecord, LicenceKeyRecord, OrderRecord, PaymentRecord, PriceListRecord, SupportRequestRecord } from './store';

export type Row = Record<string, unknown>;

export function json<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

/** Drops undefined/null fields, so records read back equal what was written. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

/** A nullable column as an optional field. */
export function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

export function customer(row: Row): CustomerRecord {
  const data = json<Partial<CustomerRecord>>(row.data);
  return compact({
    ...data,
    id: String(row.id),
    name: String(row.name),
    partnerId: optional(row.partner_id),
    createdAt: String(row.created_at),
    contractStart: optional(row.contract_start),
    terminatedAt: optional(row.terminated_at),
    terminationReason: optional(row.termination_reason),
    cancellation: row.cancellation ? json<CancellationRecord>(row.cancellation) : undefined,
  });
}

export function licenceKey(r: Row): LicenceKeyRecord {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    orderId: String(r.order_id),
    keyHash: String(r.key_hash),
    hint: String(r.hint),
    createdAt: String(r.created_at),
    ...(r.reissued_at ? { reissuedAt: String(r.reissued_at), reissueReason: String(r.reissue_reason ?? '') } : {}),
  };
}

export function order(r: Row): OrderRecord {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    orderedOn: String(r.ordered_on),
    licenceKeyId: String(r.licence_key_id),
    ...(r.invoice_id ? { invoiceId: String(r.invoice_id) } : {}),
    createdAt: String(r.created_at),
  };
}

export function payment(r: Row): PaymentRecord {
  return {
    id: String(r.id),
    invoiceId: String(r.invoice_id),
    amount: { amount: Number(r.amount), currency: String(r.currency) },
    paidAt: String(r.paid_at),
    reference: String(r.reference),
    createdAt: String(r.created_at),
  };
}

export function creditEntry(r: Row): CreditEntryRecord {
  const data = json<{ note?: string }>(r.data);
  return compact({
    id: String(r.id),
    customerId: String(r.customer_id),
    kind: r.kind as CreditEntryRecord['kind'],
    amount: { amount: Number(r.amount), currency: String(r.currency) },
    invoiceId: optional(r.invoice_id),
    reference: String(r.reference),
    note: data.note,
    createdAt: String(r.created_at),
  });
}

export const addon = (row: Row): AddonRecord => ({ id: String(row.id), name: String(row.name), createdAt: String(row.created_at) });

export function price(row: Row): PriceListRecord {
  const edition = String(row.edition);
  const feature = String(row.feature);
  return {
    addon: String(row.addon),
    ...(edition !== '' ? { edition } : {}),
    ...(feature !== '' ? { feature } : {}),
    listPrice: { amount: Number(row.amount), currency: String(row.currency) },
    updatedAt: String(row.updated_at),
    updatedBy: String(row.updated_by),
  };
}

export const request = (row: Row): SupportRequestRecord => json<SupportRequestRecord>(row.data);

export function apiKey(row: Row): ApiKeyRecord {
  return compact({
    id: String(row.id),
    name: String(row.name),
    role: row.role as ApiKeyRecord['role'],
    partnerId: optional(row.partner_id),
    keyHash: String(row.key_hash),
    createdAt: String(row.created_at),
    revokedAt: optional(row.revoked_at),
  });
}
