/**
 * The one error shape of the API: `{ "error": { "code", "message", "field"? } }` with an HTTP status.
 * Routes throw ApiError; license-core's InvalidInputError becomes a 400 naming its field (its MoneyLimitError a 409
 * `money_limit_exceeded`, decision U33); zod issues become a
 * 400 naming the first offending field (dotted path, e.g. `licences.0.listPrice.amount`).
 * Every code is one of license-core's API_ERROR_CODES (issue #11): tsc refuses any other. The CLI's client throws the
 * same ApiError for the server's answers, with a TransportErrorCode when the answer carries no API error.
 */
import { InvalidInputError, MoneyLimitError, type ApiErrorCode, type NotFoundThing, type Refusal, type TransportErrorCode } from '@crm-assurance/license-core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ZodError, ZodType } from 'zod';
import { StoreConflictError } from './store/errors';

/**
 * An error answer of the API. On the server `Code` is ApiErrorCode; a client reading answers widens it to
 * `ApiErrorCode | TransportErrorCode` explicitly (`new ApiError<ClientErrorCode>(...)`): the code is never inferred
 * from the argument, so a server-side `new ApiError(...)` with a code outside API_ERROR_CODES does not compile.
 */
export class ApiError<Code extends ClientErrorCode = ApiErrorCode> extends Error {
  constructor(
    readonly status: number,
    readonly code: NoInfer<Code>,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a client of the API may meet: the server's codes, or its own when the answer carries none. */
export type ClientErrorCode = ApiErrorCode | TransportErrorCode;

export const badRequest = (code: ApiErrorCode, message: string, field?: string): ApiError => new ApiError(400, code, message, field);
export const notFound = (thing: NotFoundThing, field?: string): ApiError =>
  new ApiError(404, `${thing}_not_found`, `${thing.replace(/_/g, ' ')} not found`, field);
export const conflict = (code: ApiErrorCode, message: string, field?: string): ApiError => new ApiError(409, code, message, field);
/** A license-core refusal (issue #11) as the API answers it: 400 when the request itself is wrong (`invalid_input`), else 409. */
export const refused = (r: Refusal): ApiError => new ApiError(r.code === 'invalid_input' ? 400 : 409, r.code, r.message, r.field);
export const forbidden = (code: ApiErrorCode, message: string, field?: string): ApiError => new ApiError(403, code, message, field);

function zodField(error: ZodError, prefix?: string): string | undefined {
  const issue = error.issues[0];
  if (!issue) return prefix;
  const parts = issue.path.map((p) => String(p));
  // An unknown key names the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) parts.push(issue.keys[0] as string);
  const joined = parts.join('.');
  if (prefix) return joined ? `${prefix}.${joined}` : prefix;
  return joined || undefined;
}

/**
 * The path of the first string in `value` that is not well-formed UTF-16 (a lone surrogate, which JSON's `\ud800`
 * escape can carry). Such a string cannot be stored or signed as UTF-8 without being silently changed, so it is
 * refused instead (issue #12). Keys count too.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (text: string): boolean => text.search(LONE_SURROGATE) < 0;

function malformedStringPath(value: unknown, path: string[] = [], depth = 0): string[] | undefined {
  if (typeof value === 'string') return wellFormed(value) ? undefined : path;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!wellFormed(key)) return [...path, key.replace(LONE_SURROGATE, '\uFFFD')];
    const found = malformedStringPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Validates `value` with `schema`; a failure is a 400 `invalid_input` naming the first offending field. */
export function validate<T>(schema: ZodType<T>, value: unknown, prefix?: string): T {
  const malformed = malformedStringPath(value);
  if (malformed) {
    const joined = malformed.join('.');
    const field = prefix ? (joined ? `${prefix}.${joined}` : prefix) : joined || undefined;
    throw badRequest('invalid_input', `${field ?? 'body'}: contains a lone UTF-16 surrogate (not valid Unicode text)`, field);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const field = zodField(result.error, prefix);
  const issue = result.error.issues[0];
  const message = `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`;
  throw badRequest('invalid_input', message, field);
}

/** Wraps an async route so a rejection reaches the error handler (Express 5 does this too; kept explicit). */
export function route(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(handler(req, res, next)).catch(next);
  };
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string };
}

export function errorBody(code: ApiErrorCode, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** Maps every error to the JSON shape; unexpected errors are logged and answered 500 without details. */
export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof ApiError) {
      res.status(err.status).json(errorBody(err.code, err.message, err.field));
      return;
    }
    if (err instanceof StoreConflictError) {
      res.status(409).json(errorBody(err.code, err.message));
      return;
    }
    // Decision U33: a sum past the money ceiling (license-core's verdict, decided in the route or in the store's
    // transaction) is a conflict with what is kept already, named by its field.
    if (err instanceof MoneyLimitError) {
      res.status(409).json(errorBody('money_limit_exceeded', err.message, err.field));
      return;
    }
    if (err instanceof InvalidInputError) {
      res.status(400).json(errorBody('invalid_input', err.message, err.field));
      return;
    }
    const e = err as { type?: string; status?: number; code?: string; message?: string; field?: string };
    if (e && e.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'the request body is not valid JSON'));
      return;
    }
    if (e && e.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'the request body is too large'));
      return;
    }
    if (e && typeof e.code === 'string' && e.code.startsWith('LIMIT_')) {
      // multer limits
      const status = e.code === 'LIMIT_FILE_SIZE' ? 413 : 400;
      res.status(status).json(errorBody(status === 413 ? 'payload_too_large' : 'invalid_upload', e.message ?? 'upload refused', e.field));
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json(errorBody('internal_error', 'internal error'));
  };
}
