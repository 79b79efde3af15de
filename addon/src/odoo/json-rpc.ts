/**
 * Odoo's JSON-RPC on the admin's own session, same origin, with plain fetch (the contract in issue #10: not Odoo's
 * JS rpc service, whose API changed between 16.0, 17.0 and 18.0). Odoo answers HTTP 200 with either `result` or
 * `error: { code, message, data: { name, message, ... } }` (odoo/http.py, JsonRPCDispatcher.handle_error); a missing
 * or expired session is `odoo.http.SessionExpiredException` with code 100.
 */
import { AddonError, type AddonOwnErrorCode } from '../client/client-error';

/** An Odoo refusal, with the Python exception's name (e.g. odoo.exceptions.AccessError) and the JSON-RPC code. */
export class OdooRpcError extends AddonError {
  constructor(
    code: AddonOwnErrorCode,
    message: string,
    readonly exceptionName: string | undefined,
    readonly rpcCode: number | undefined,
  ) {
    super(code, message);
    this.name = 'OdooRpcError';
  }
}

const ACCESS = new Set(['odoo.exceptions.AccessError', 'odoo.exceptions.AccessDenied']);
const SESSION = new Set(['odoo.http.SessionExpiredException', 'werkzeug.exceptions.Forbidden']);

/**
 * The `error` member of an Odoo JSON-RPC answer as an AddonError (decision O12): a stable code and Odoo's own words.
 * - SessionExpiredException (code 100): `session_expired`, asking to sign in again;
 * - AccessError / AccessDenied: `access_denied`, with Odoo's message (it names the model and the group needed);
 * - anything else (UserError, ValidationError, MissingError, RedirectWarning, a Python error): `odoo_error`, with
 *   Odoo's message and the exception's short name.
 */
export function odooRpcError(error: unknown, what: string): OdooRpcError {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: { name?: unknown; message?: unknown } };
  const name = typeof e.data?.name === 'string' ? e.data.name : undefined;
  const rpcCode = typeof e.code === 'number' ? e.code : undefined;
  const serverMessage = (typeof e.data?.message === 'string' && e.data.message.trim() !== '' ? e.data.message : typeof e.message === 'string' ? e.message : '').trim();
  if (rpcCode === 100 || (name !== undefined && SESSION.has(name))) {
    return new OdooRpcError('session_expired', 'Your Odoo session has ended. Sign in to Odoo again, then open this page again.', name, rpcCode);
  }
  if (name !== undefined && ACCESS.has(name)) {
    return new OdooRpcError('access_denied', `Odoo refused ${what}: ${serverMessage || 'access denied'}`, name, rpcCode);
  }
  const short = name?.split('.').pop();
  return new OdooRpcError('odoo_error', `Odoo refused ${what}: ${serverMessage || 'Odoo Server Error'}${short ? ` (${short})` : ''}`, name, rpcCode);
}

export interface OdooRpc {
  /** POST a JSON-RPC `call` to a route (e.g. /web/webclient/version_info) and return its `result`. */
  route<T>(path: string, params?: Record<string, unknown>): Promise<T>;
  /** `/web/dataset/call_kw/<model>/<method>`: a model method with positional args and keyword args. */
  callKw<T>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
}

export function odooJsonRpc(baseUrl = '', fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): OdooRpc {
  const base = baseUrl.replace(/\/+$/, '');
  let nextId = 1;
  const route = async <T>(path: string, params: Record<string, unknown> = {}, what = path): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: nextId++, params }),
      });
    } catch (error) {
      throw new OdooRpcError('odoo_error', `Odoo cannot be reached (${path}): ${error instanceof Error ? error.message : String(error)}`, undefined, undefined);
    }
    const text = await response.text();
    let body: { result?: T; error?: unknown } | undefined;
    try {
      body = text ? (JSON.parse(text) as { result?: T; error?: unknown }) : undefined;
    } catch {
      body = undefined;
    }
    if (body?.error !== undefined) throw odooRpcError(body.error, what);
    if (!response.ok || body === undefined || !('result' in body)) {
      throw new OdooRpcError('odoo_error', `Odoo answered ${path} with HTTP ${response.status} and no JSON-RPC result.`, undefined, undefined);
    }
    return body.result as T;
  };
  return {
    route: (path, params) => route(path, params),
    callKw: <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
      route<T>(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, `${model}.${method}`),
  };
}
