/**
 * A small client of the server's vendor API (axios), shared by the `assurance` CLI and the demo seeding.
 * Errors come back as ApiClientError carrying the server's `{ error: { code, message, field } }`.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import FormData from 'form-data';
import type { ApiErrorBody } from '../api/error';

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

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
    throw new ApiClientError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? `HTTP ${res.status}`,
      error?.field,
    );
  }

  return {
    async request(method, urlPath, body) {
      try {
        const res = await http.request({ method, url: urlPath, data: body });
        return unwrap(res);
      } catch (error) {
        if (error instanceof ApiClientError) throw error;
        throw new ApiClientError(0, 'connection_failed', `cannot reach ${baseUrl}: ${(error as Error).message}`);
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
        if (error instanceof ApiClientError) throw error;
        throw new ApiClientError(0, 'connection_failed', `cannot reach ${baseUrl}: ${(error as Error).message}`);
      }
    },
  };
}
