/**
 * A minimal Dataverse Web API client over fetch (same-origin inside Dynamics 365: the user's session cookie), for
 * the Web API version of the line the solution was built for (vendor.json `webApiVersion`, docs/dataverse-lines.md).
 */
import { AddonError } from '../client/client-error';

export interface WebApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export type WebApi = <T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => Promise<WebApiResponse<T>>;

/** A refusal by Dataverse, with the HTTP status and the platform's error code (e.g. 0x80048033). */
export class DataverseError extends AddonError {
  constructor(
    readonly status: number,
    readonly dataverseCode: string | undefined,
    message: string,
  ) {
    super('dataverse_error', message);
    this.name = 'DataverseError';
  }
}

export function dataverseWebApi(clientUrl: string, version: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): WebApi {
  const base = `${clientUrl.replace(/\/+$/, '')}/api/data/v${version}/`;
  return async <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<WebApiResponse<T>> => {
    const response = await fetchImpl(base + path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json; charset=utf-8',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new DataverseError(response.status, error?.code, `Dynamics 365 refused ${method} ${path.split('?')[0]}: ${error?.message ?? `HTTP ${response.status}`}`);
    }
    return { status: response.status, body: json as T, headers: response.headers };
  };
}
