/**
 * A small client of the server's vendor API (axios), shared by the `assurance` CLI and the demo seeding.
 * Errors come back as the server's own ApiError carrying its `{ error: { code, message, field } }`; an answer without
 * a known API error code (or no answer) carries a TransportErrorCode instead (`http_<status>`, `connection_failed`).
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import FormData from 'form-data';
import { isApiErrorCode } from '@crm-assurance/license-core';
import { ApiError, type ClientErrorCode } from '../api-error';
import type { ApiErrorBody } from '../api/error';

export interface ApiClient {
  /** `T`: the answer's type, from update-server/src/api (the schemas the OpenAPI document is made of). */
  request<T>(method: string, urlPath: string, body?: unknown): Promise<T>;
  publish<T>(
    addon: string,
    source: { file: string } | { buffer: Buffer; fileName: string },
    metadata: Record<string, unknown>,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<T>;
}

export function createApiClient(baseUrl: string, apiKey: string | undefined): ApiClient {
  const http: AxiosInstance = axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    validateStatus: () => true,
    maxBodyLength: Infinity,
    maxContentLength: Infinity,
    proxy: false,
  });

  function unwrap<T>(res: { status: number; data: unknown }): T {
    if (res.status >= 200 && res.status < 300) return res.data as T;
    const error = (res.data as Partial<ApiErrorBody> | undefined)?.error;
    const code = error?.code;
    if (isApiErrorCode(code)) throw new ApiError<ClientErrorCode>(res.status, code, error?.message ?? code, error?.field);
    // No JSON error body, or a code this client does not know (another server version): the status speaks.
    const message = error?.message ?? `HTTP ${res.status}`;
    throw new ApiError<ClientErrorCode>(res.status, `http_${res.status}`, typeof code === 'string' ? `${message} (${code})` : message, error?.field);
  }

  return {
    async request(method, urlPath, body) {
      try {
        const res = await http.request({ method, url: urlPath, data: body });
        return unwrap(res);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError<ClientErrorCode>(0, 'connection_failed', `cannot reach ${baseUrl}: ${(error as Error).message}`);
      }
    },
    async publish(addon, source, metadata, onProgress) {
      const form = new FormData();
      form.append('metadata', JSON.stringify(metadata), { contentType: 'application/json' });
      let total: number;
      if ('file' in source) {
        total = statSync(source.file).size;
        form.append('artifact', createReadStream(source.file), { filename: path.basename(source.file), knownLength: total });
      } else {
        total = source.buffer.length;
        form.append('artifact', source.buffer, { filename: source.fileName, knownLength: total });
      }
      const length = await new Promise<number>((resolve, reject) => form.getLength((err, n) => (err ? reject(err) : resolve(n))));
      try {
        const res = await http.post(`/v1/addons/${encodeURIComponent(addon)}/releases`, form, {
          headers: { ...form.getHeaders(), 'content-length': String(length) },
          onUploadProgress: (e) => onProgress?.(Math.min(e.loaded, total), total),
        });
        return unwrap(res);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError<ClientErrorCode>(0, 'connection_failed', `cannot reach ${baseUrl}: ${(error as Error).message}`);
      }
    },
  };
}
