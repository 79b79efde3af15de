/**
 * Error types shared by the rule book (SPEC §1–§4) and the signing side (SPEC §5).
 * Every exported function throws InvalidInputError naming the offending field when
 * its input does not make sense; verification failures throw VerificationError.
 */

export class InvalidInputError extends Error {
  readonly code = 'ERR_INVALID_INPUT' as const;

  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'InvalidInputError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * An amount or a sum of money past MONEY_CEILING (money.ts, decision U33): a value the rule book will not compute
 * with, because past it sums stop being exact. It is an InvalidInputError (it names the field), so every caller
 * that refuses bad input refuses it too; the server answers it 409 `money_limit_exceeded` naming the field, and a
 * billing run lists the customer under `skipped` with that code.
 */
export class MoneyLimitError extends InvalidInputError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'MoneyLimitError';
  }
}

/** A refused value as an InvalidInputError message quotes it: JSON where it can, else its string form. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export type VerificationErrorCode =
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_ALG_NOT_ALLOWED'
  | 'ERR_CHAIN_MISSING'
  | 'ERR_CHAIN_UNTRUSTED'
  | 'ERR_CERT_NOT_YET_VALID'
  | 'ERR_CERT_EXPIRED'
  | 'ERR_CERT_REVOKED'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_WRONG_DOCUMENT'
  | 'ERR_AUDIENCE_MISMATCH'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_MANIFEST_ROLLBACK'
  | 'ERR_CLAIMS_INVALID';

export class VerificationError extends Error {
  constructor(readonly code: VerificationErrorCode, message: string) {
    super(message);
    this.name = 'VerificationError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
