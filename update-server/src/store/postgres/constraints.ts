/**
 * Turns PostgreSQL's constraint failures into the store's typed errors (errors.ts), with the same constraint names,
 * API codes and sentences as SQLite's (sqlite/constraints.ts), so callers cannot tell the stores apart. Matched by
 * the SQLSTATE (`code`) and the name of the constraint PostgreSQL reports (`constraint`: the default names of
 * postgres-migrations.ts, `<table>_pkey`, `<table>_<column>_key`, or an index's name). Only this file reads a
 * driver error.
 */
import type { ApiErrorCode } from '@crm-assurance/license-core';
import { StoreConflictError, StoreError, StoreInvalidError, StoreReferenceError, type StoreConstraint } from '../errors';

type Key = { constraint: StoreConstraint; code: ApiErrorCode; what: string };

const exists = (constraint: StoreConstraint, code: ApiErrorCode, what: string): Key => ({ constraint, code, what });
/** A key whose store constraint and API code have one name. */
const same = (name: StoreConstraint & ApiErrorCode, what: string): Key => ({ constraint: name, code: name, what });

/** Each unique key of the schema, by the name PostgreSQL gives it. */
const UNIQUE_KEYS: Record<string, Key> = {
  api_keys_pkey: exists('api_key', 'api_key_exists', 'an API key with this id exists already'),
  api_keys_key_hash_key: exists('api_key', 'api_key_exists', 'an API key with this key exists already'),
  addons_pkey: same('addon_exists', 'the add-on exists already'),
  releases_pkey: same('release_exists', 'a release with this id exists already'),
  release_lines_pkey: same('release_exists', 'a build of this version targets one of these lines already'),
  customers_pkey: same('customer_exists', 'a customer with this id exists already'),
  orders_pkey: same('order_exists', 'an order with this id exists already'),
  licences_pkey: same('licence_exists', 'a licence with this id exists already'),
  licence_keys_pkey: exists('licence_key', 'licence_key_conflict', 'a licence key with this id exists already'),
  licence_keys_key_hash_key: exists('licence_key', 'licence_key_conflict', 'this licence key exists already'),
  invoices_pkey: same('invoice_exists', 'an invoice with this id exists already'),
  invoices_one_renewal: exists('renewal_invoice', 'renewal_invoice_exists', 'the renewal invoice of this period exists already'),
  payments_pkey: same('payment_exists', 'a payment with this id exists already'),
  payments_reference_key: exists('payment_reference', 'payment_reference_conflict', 'a payment with this reference exists already'),
  credit_entries_pkey: same('credit_exists', 'a credit entry with this id exists already'),
  credit_entries_reference_key: exists('credit_reference', 'credit_reference_conflict', 'a credit entry with this reference exists already'),
  orgs_pkey: exists('org_bound', 'org_bound_elsewhere', 'this org is bound already'),
  installs_pkey: same('install_exists', 'an install report with this id exists already'),
  installs_install_id: exists('install_id', 'install_conflict', 'an install report with this installId exists already'),
  maintenance_upgrades_pkey: same('upgrade_exists', 'an upgrade with this id exists already'),
  support_requests_pkey: same('support_request_exists', 'a support request with this id exists already'),
  support_requests_number_key: exists('support_request_number', 'support_request_exists', 'this ticket number is taken'),
  support_time_entries_pkey: same('time_entry_exists', 'a time entry with this id exists already'),
};

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
}

/** SQLSTATEs of a transaction that lost a race and may simply be run again (serialization failure, deadlock). */
export function isRetryable(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '40001' || code === '40P01';
}

/** A unique violation (23505): under concurrency, a row another transaction committed meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as DriverError | null)?.code === '23505';
}

/** The typed error for a driver's constraint failure; any other error is returned as it is. */
export function translateConstraintError(error: unknown): unknown {
  if (error instanceof StoreError || typeof error !== 'object' || error === null) return error;
  const { code, message, constraint } = error as DriverError;
  if (typeof code !== 'string' || !code.startsWith('23')) return error;
  const driver = `${String(message)}${typeof constraint === 'string' ? ` [${constraint}]` : ''}`;
  const options = { cause: error };
  switch (code) {
    case '23505': {
      const key = typeof constraint === 'string' ? UNIQUE_KEYS[constraint] : undefined;
      if (key) return new StoreConflictError(key.code, `${key.what} (${driver})`, key.constraint, options);
      return new StoreConflictError('conflict', `a row with this key exists already (${driver})`, 'unique', options);
    }
    case '23503':
      return new StoreReferenceError(`a row this write refers to does not exist (${driver})`, options);
    case '23502':
      return new StoreInvalidError('not_null', `a required value is missing (${driver})`, options);
    default:
      // 23514 CHECK and the rarer kinds (exclusion, restrict).
      return new StoreInvalidError('check', `the schema refuses this value (${driver})`, options);
  }
}
