/**
 * The store's typed errors. A constraint the database enforces (a UNIQUE key, a foreign key, a CHECK) is turned
 * into one of these inside the store, so no caller ever reads a driver's message. Each names the `constraint`
 * that refused the write; a conflict also carries the API `code` the error handler answers 409 with.
 *
 * This file imports nothing from the store, so every store file may import it (no cycles).
 */
import type { ApiErrorCode } from '@crm-assurance/license-core';

/**
 * The named constraints. Conflicts (a row that exists already, a race lost):
 * - `api_key`: an API key with this id or key hash exists.
 * - `addon_exists`, `customer_exists`, `order_exists`, `licence_exists`, `invoice_exists`, `payment_exists`,
 *   `credit_exists`, `install_exists`, `upgrade_exists`, `support_request_exists`, `time_entry_exists`: a row with this id.
 * - `release_exists`: a release with this id, or a build of this version for one of its lines (issue #9).
 * - `licence_key`: a licence key with this id or key hash.
 * - `renewal_invoice`: a renewal invoice of this customer and period start.
 * - `payment_reference`, `credit_reference`: a payment / credit entry with this reference.
 * - `org_bound`: this org is bound already.
 * - `install_id`: an install report with this installId.
 * - `support_request_number`: the ticket number is taken.
 * - `contract_start`: another order or re-conclusion changed the contract start meanwhile.
 * - `upgrade_period`: the included upgrade of this period was recorded meanwhile.
 * Others:
 * - `foreign_key`: a row the write refers to does not exist (StoreReferenceError).
 * - `check`, `not_null`: a value the schema refuses (StoreInvalidError).
 * - `unique`: a uniqueness the store does not name (a new index without an entry in the table below).
 */
export type StoreConstraint =
  | 'api_key'
  | 'addon_exists'
  | 'release_exists'
  | 'customer_exists'
  | 'order_exists'
  | 'licence_exists'
  | 'licence_key'
  | 'invoice_exists'
  | 'renewal_invoice'
  | 'payment_exists'
  | 'payment_reference'
  | 'credit_exists'
  | 'credit_reference'
  | 'org_bound'
  | 'install_exists'
  | 'install_id'
  | 'upgrade_exists'
  | 'support_request_exists'
  | 'support_request_number'
  | 'time_entry_exists'
  | 'contract_start'
  | 'upgrade_period'
  | 'foreign_key'
  | 'check'
  | 'not_null'
  | 'unique';

/** Base of every typed store error. */
export class StoreError extends Error {
  constructor(
    readonly constraint: StoreConstraint,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A write lost a race with another one or met a row that exists already; nothing was written. */
export class StoreConflictError extends StoreError {
  constructor(
    /** The API error code (answered 409). */
    readonly code: ApiErrorCode,
    message: string,
    constraint: StoreConstraint = 'unique',
    options?: { cause?: unknown },
  ) {
    super(constraint, message, options);
    this.name = 'StoreConflictError';
  }
}

/** Issue #9: a build of this version already targets `line` (one build per line and version). */
export class ReleaseLineTakenError extends StoreConflictError {
  constructor(
    readonly line: string,
    readonly releaseId: string,
  ) {
    super('release_exists', `line ${line} has a build of this version already (${releaseId})`, 'release_exists');
    this.name = 'ReleaseLineTakenError';
  }
}

/** A write referred to a row that does not exist (a foreign key); nothing was written. */
export class StoreReferenceError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('foreign_key', message, options);
    this.name = 'StoreReferenceError';
  }
}

/** A value the schema refuses (CHECK or NOT NULL); nothing was written. */
export class StoreInvalidError extends StoreError {
  constructor(constraint: 'check' | 'not_null', message: string, options?: { cause?: unknown }) {
    super(constraint, message, options);
    this.name = 'StoreInvalidError';
  }
}
