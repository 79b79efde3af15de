/**
 * The update server's add-on API (issue #3), behind an interface so the transport can be swapped (tuf-js style:
 * fetching is kept apart from trust; nothing returned here is trusted until manifest-trust.ts has verified it).
 */
import type { InstallOutcome, SupportStatus } from '@crm-assurance/license-core';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { AddonError, serverAnswerError } from './client-error';

export interface ActivateRequest {
  licenceKey: string;
  orgId: string;
  orgUrl: string;
  platform: string;
  platformVersion: string;
  addon?: string;
}
export interface ActivateResponse {
  licence: string;
  entitlement: string;
}
export interface EntitlementResponse {
  entitlement: string;
}
export interface CheckRequest {
  licenceKey: string;
  orgId: string;
  platformVersion: string;
  addon: string;
  installedVersion: string;
}
/** An offered update as the server lists it: only `id` and `downloadUrl` are used; the rest comes from the manifest. */
export interface OfferedUpdate {
  id: string;
  version: string;
  downloadUrl: string;
  notes?: string;
}
export interface WithheldUpdate {
  id: string;
  version: string;
  reason: string;
  message: string;
}
export interface CheckResponse {
  manifest: string;
  updates: OfferedUpdate[];
  withheld: WithheldUpdate[];
}
export interface InstallReport {
  /** The install's id (the org's install record): the server records one report per id. */
  installId?: string;
  licenceKey: string;
  orgId: string;
  addon: string;
  fromVersion: string;
  toVersion: string;
  outcome: InstallOutcome;
  error?: string;
}

/** A support request as the page files it (SPEC §6): the problem and the environment it happened in. */
export interface SupportRequestFiling {
  licenceKey: string;
  orgId: string;
  addon: string;
  summary: string;
  description: string;
  contact?: { name?: string; email?: string };
  environment: { addonVersion: string; platformVersion: string; customisationsPresent: boolean };
}
export interface SupportRequestSummary {
  id: string;
  number: number;
  summary: string;
  status: SupportStatus;
  classification?: string;
  createdAt: string;
}

export interface UpdateServerApi {
  activate(body: ActivateRequest): Promise<ActivateResponse>;
  entitlement(body: { licenceKey: string; orgId: string; platformVersion: string; addon?: string }): Promise<EntitlementResponse>;
  checkUpdates(body: CheckRequest): Promise<CheckResponse>;
  download(url: string, onProgress: (received: number, total?: number) => void): Promise<Uint8Array>;
  reportInstall(body: InstallReport): Promise<void>;
  fileSupportRequest(body: SupportRequestFiling): Promise<{ id: string; number: number; status: string; createdAt: string }>;
  supportRequests(body: { licenceKey: string; orgId: string }): Promise<{ requests: SupportRequestSummary[] }>;
}

/** Turns a transport failure into an AddonError: unreachable, or the server's own `{ error: { code, message } }`. */
function toAddonError(error: unknown): AddonError {
  if (isAxiosError(error)) {
    if (!error.response) return new AddonError('server_unreachable', 'The update server cannot be reached. Check the network, or try again later.');
    return serverAnswerError(error.response.status, error.response.data);
  }
  return error instanceof AddonError ? error : new AddonError('server_error', String(error));
}

export function axiosUpdateServer(serverUrl: string, http: AxiosInstance = axios.create({ timeout: 30_000 })): UpdateServerApi {
  const base = serverUrl.replace(/\/+$/, '');
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    try {
      return (await http.post<T>(`${base}${path}`, body)).data;
    } catch (error) {
      throw toAddonError(error);
    }
  };
  return {
    activate: (body) => post('/v1/activate', body),
    entitlement: (body) => post('/v1/entitlement', body),
    checkUpdates: (body) => post('/v1/updates/check', body),
    async download(url, onProgress) {
      try {
        const response = await http.get<ArrayBuffer>(url, {
          responseType: 'arraybuffer',
          onDownloadProgress: (e) => onProgress(e.loaded, e.total),
        });
        return new Uint8Array(response.data);
      } catch (error) {
        if (isAxiosError(error) && error.response?.data instanceof ArrayBuffer) {
          try {
            const body = JSON.parse(new TextDecoder().decode(error.response.data)) as { error?: { code?: unknown } };
            if (body.error?.code) throw serverAnswerError(error.response.status, body);
          } catch (inner) {
            if (inner instanceof AddonError) throw inner;
          }
        }
        throw toAddonError(error);
      }
    },
    async reportInstall(body) {
      await post('/v1/installs', body);
    },
    fileSupportRequest: (body) => post('/v1/support-requests', body),
    supportRequests: (body) => post('/v1/support-requests/mine', body),
  };
}
