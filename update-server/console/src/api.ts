/**
 * The console's one way to the server: same-origin fetch with the session cookie (the page never holds the API key)
 * and, on writes, the session's CSRF token (decision U84). The token lives in this module's memory only.
 * Every refusal becomes a ConsoleError whose `message` is plain words for the person at the screen (plain-words.ts).
 */
import { plainWords } from './plain-words';

let csrfToken: string | undefined;
let onSignedOut: (() => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** What the app does when the server says the session has ended (shows the sign-in again). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string };
}

async function failure(res: Response): Promise<ConsoleError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON: a proxy's page, or no body.
  }
  const code = body.error?.code ?? `http_${res.status}`;
  return new ConsoleError(res.status, code, plainWords(code, body.error?.message, body.error?.field), body.error?.field);
}

export async function request<T>(method: string, url: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body), signal: init.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ConsoleError(0, 'connection_failed', plainWords('connection_failed'));
  }
  if (!res.ok) {
    const error = await failure(res);
    if (error.status === 401 && !url.startsWith('/console/session')) onSignedOut?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(url: string, init?: { signal?: AbortSignal }) => request<T>('GET', url, undefined, init);
export const post = <T>(url: string, body: unknown) => request<T>('POST', url, body);

/**
 * Uploads a form (a release artifact) with progress: fetch cannot report upload progress, XMLHttpRequest can.
 * `onProgress` gets the fraction sent, 0..1.
 */
export function upload<T>(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    if (csrfToken !== undefined) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ConsoleError(0, 'connection_failed', plainWords('connection_failed')));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      const error = (body as ErrorBody).error;
      const code = error?.code ?? `http_${xhr.status}`;
      if (xhr.status === 401) onSignedOut?.();
      reject(new ConsoleError(xhr.status, code, plainWords(code, error?.message, error?.field), error?.field));
    };
    xhr.send(form);
  });
}
