/**
 * The update server's add-on API (issue #3), behind an interface so the transport can be swapped (tuf-js style:
 * fetching is kept apart from trust; nothing returned here is trusted until manifest-trust.ts has verified it).
 */
import type { InstallOutcome } from '@crm-assurance/license-core';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
// The answers' shapes are the server's own (zod-inferred, update-server/src/api): type-only imports, erased at build,
// so no zod and no server code reach the page's bundle.
import type { Activated, EntitlementIssued } from '../../../update-server/src/api/activation';
import type { SupportRequestFiled, SupportRequestsMine, SupportRequestSummary } from '../../../update-server/src/api/support-requests';
import type { OfferedUpdate as ServerOfferedUpdate, UpdateCheck, WithheldUpdate as ServerWithheldUpdate } from '../../../update-server/src/api/updates';
import { AddonError, serverAnswerError } from './client-error';

export type { SupportRequestSummary };

export interface ActivateRequest {
  licenceKey: string;
  orgId: string;
  orgUrl: string;
  platform: string;
  platformVersion: string;
  addon?: string;
}
/** What the add-on reads of the activation answer: the two signed documents. */
export type ActivateResponse = Pick<Activated, 'licence' | 'entitlement'>;
export type EntitlementResponse = Pick<EntitlementIssued, 'entitlement'>;
export interface CheckRequest {
  licenceKey: string;
  orgId: string;
  platformVersion: string;
  addon: string;
  installedVersion: string;
}
/** An offered update as the server lists it: only `id` and `downloadUrl` are used; the rest comes from the manifest. */
export type OfferedUpdate = Pick<ServerOfferedUpdate, 'id' | 'version' | 'downloadUrl' | 'notes'>;
export type WithheldUpdate = Pick<ServerWithheldUpdate, 'id' | 'version' | 'reason' | 'message'>;
export interface CheckResponse {
  manifest: UpdateCheck['manifest'];
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

export interface UpdateServerApi {
  activate(body: ActivateRequest): Promise<ActivateResponse>;
  entitlement(body: { licenceKey: string; orgId: string; platformVersion: string; addon?: string }): Promise<EntitlementResponse>;
  checkUpdates(body: CheckRequest): Promise<CheckResponse>;
  download(url: string, onProgress: (received: number, total?: number) => void): Promise<Uint8Array>;
  reportInstall(body: InstallReport): Promise<void>;
  fileSupportRequest(body: SupportRequestFiling): Promise<SupportRequestFiled>;
  supportRequests(body: { licenceKey: string; orgId: string }): Promise<SupportRequestsMine>;
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
