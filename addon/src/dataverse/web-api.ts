/** A minimal Dataverse Web API client over fetch (same-origin inside Dynamics 365: the user's session cookie). */
import { AddonError } from '../client/client-error';

export type WebApi = <T = unknown>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => Promise<T>;

export function dataverseWebApi(clientUrl: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): WebApi {
  const base = `${clientUrl.replace(/\/+$/, '')}/api/data/v9.2/`;
  return async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> => {
    const response = await fetchImpl(base + path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json; charset=utf-8',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new AddonError('dataverse_error', `Dynamics 365 refused ${method} ${path.split('?')[0]}: ${error?.message ?? `HTTP ${response.status}`}`);
    }
    return json as T;
  };
}
