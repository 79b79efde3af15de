/**
 * A rule's "no" as a value (issue #11): a verdict function returns `{ kind: 'refused', code, field?, message }` instead
 * of throwing, so a caller branches on `kind` and passes the code, field and message on unchanged. `invalid_input`
 * means the request itself is wrong; every other code means it conflicts with the contract as it stands.
 * Every code is one of the API's (ApiErrorCode), so the server answers it unchanged.
 */
import type { ApiErrorCode } from './vocabulary';

export interface Refusal<Code extends ApiErrorCode = ApiErrorCode> {
  kind: 'refused';
  code: Code;
  /** The request field at fault, when one is. */
  field?: string;
  message: string;
}

export function refusal<Code extends ApiErrorCode>(code: Code, message: string, field?: string): Refusal<Code> {
  return { kind: 'refused', code, message, ...(field !== undefined ? { field } : {}) };
}
