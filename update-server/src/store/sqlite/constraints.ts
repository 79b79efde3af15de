/**
 * Turns SQLite's constraint failures into the store's typed errors (errors.ts). Matched by the driver's error
 * `code` (SQLITE_CONSTRAINT_*), not its class: better-sqlite3's SqliteError may come from another module realm
 * (jest), and by the columns SQLite names ("UNIQUE constraint failed: payments.reference"). Only this file reads
 * a driver message.
 */
import type { ApiErrorCode } from '@crm-assurance/license-core';
import { StoreConflictError, StoreError, StoreInvalidError, StoreReferenceError, type StoreConstraint } from '../errors';

/** Each unique key of the schema (migrations.ts), as SQLite names its columns, with its constraint and API code. */
const UNIQUE_KEYS: Record<string, { constraint: StoreConstraint; code: ApiErrorCode; what: string }> = {
  'api_keys.id': { constraint: 'api_key', code: 'api_key_exists', what: 'an API key with this id exists already' },
  'api_keys.key_hash': { constraint: 'api_key', code: 'api_key_exists', what: 'an API key with this key exists already' },
  'addons.id': { constraint: 'addon_exists', code: 'addon_exists', what: 'the add-on exists already' },
  'releases.id': { constraint: 'release_exists', code: 'release_exists', what: 'a release with this id exists already' },
  'release_lines.addon, release_lines.platform, release_lines.version, release_lines.line': {
    constraint: 'release_exists',
    code: 'release_exists',
    what: 'a build of this version targets one of these lines already',
  },
  'customers.id': { constraint: 'customer_exists', code: 'customer_exists', what: 'a customer with this id exists already' },
  'orders.id': { constraint: 'order_exists', code: 'order_exists', what: 'an order with this id exists already' },
  'licences.id': { constraint: 'licence_exists', code: 'licence_exists', what: 'a licence with this id exists already' },
  'licence_keys.id': { constraint: 'licence_key', code: 'licence_key_conflict', what: 'a licence key with this id exists already' },
  'licence_keys.key_hash': { constraint: 'licence_key', code: 'licence_key_conflict', what: 'this licence key exists already' },
  'invoices.id': { constraint: 'invoice_exists', code: 'invoice_exists', what: 'an invoice with this id exists already' },
  'invoices.customer_id, invoices.period_start': {
    constraint: 'renewal_invoice',
    code: 'renewal_invoice_exists',
    what: 'the renewal invoice of this period exists already',
  },
  'payments.id': { constraint: 'payment_exists', code: 'payment_exists', what: 'a payment with this id exists already' },
  'payments.reference': { constraint: 'payment_reference', code: 'payment_reference_conflict', what: 'a payment with this reference exists already' },
  'credit_entries.id': { constraint: 'credit_exists', code: 'credit_exists', what: 'a credit entry with this id exists already' },
  'credit_entries.reference': { constraint: 'credit_reference', code: 'credit_reference_conflict', what: 'a credit entry with this reference exists already' },
  'orgs.org_id': { constraint: 'org_bound', code: 'org_bound_elsewhere', what: 'this org is bound already' },
  'installs.id': { constraint: 'install_exists', code: 'install_exists', what: 'an install report with this id exists already' },
  'installs.install_id': { constraint: 'install_id', code: 'install_conflict', what: 'an install report with this installId exists already' },
  'maintenance_upgrades.id': { constraint: 'upgrade_exists', code: 'upgrade_exists', what: 'an upgrade with this id exists already' },
  'support_requests.id': { constraint: 'support_request_exists', code: 'support_request_exists', what: 'a support request with this id exists already' },
  'support_requests.number': { constraint: 'support_request_number', code: 'support_request_exists', what: 'this ticket number is taken' },
  'support_time_entries.id': { constraint: 'time_entry_exists', code: 'time_entry_exists', what: 'a time entry with this id exists already' },
};

interface DriverError {
  code?: unknown;
  message?: unknown;
}

/** The typed error for a driver's constraint failure; any other error is returned as it is. */
export function translateConstraintError(error: unknown): unknown {
  if (error instanceof StoreError || typeof error !== 'object' || error === null) return error;
  const { code, message } = error as DriverError;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return error;
  const driver = String(message);
  const options = { cause: error };
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
      const columns = driver.replace(/^UNIQUE constraint failed: /, '');
      const key = UNIQUE_KEYS[columns];
      // The driver's words stay at the end of the message for logs; callers use `constraint` and `code`.
      if (key) return new StoreConflictError(key.code, `${key.what} (${driver})`, key.constraint, options);
      return new StoreConflictError('conflict', `a row with this key exists already (${driver})`, 'unique', options);
    }
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new StoreReferenceError(`a row this write refers to does not exist (${driver})`, options);
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new StoreInvalidError('not_null', `a required value is missing (${driver})`, options);
    default:
      // CHECK and the rarer kinds (SQLite names the expression or nothing).
      return new StoreInvalidError('check', `the schema refuses this value (${driver})`, options);
  }
}
