/**
 * Test harness: a real server on 127.0.0.1 (port 0) over a fresh temporary data directory, with a settable
 * clock, and a tiny JSON client over global fetch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createSettableClock, type SettableClock } from '../src/clock';
import type { ServerConfig } from '../src/config';
import { initDataDir, startServer, type RunningServer } from '../src/server';
import type { VendorSettings } from '../src/store/store';

export interface Harness {
  url: string;
  dataDir: string;
  adminKey: string;
  clock: SettableClock;
  server: RunningServer;
  call(method: string, urlPath: string, body?: unknown, key?: string | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { now?: string; settings?: Partial<VendorSettings>; config?: Partial<ServerConfig> } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-test-'));
  const clock = createSettableClock(options.now ?? '2026-03-15T10:00:00Z');
  const init = await initDataDir({
    dataDir,
    vendorId: 'northwind',
    vendorName: 'Northwind Add-ons',
    clock,
    settings: { timeZone: 'Europe/Berlin', ...options.settings },
  });
  const server = await startServer({
    dataDir,
    clock,
    log: pino({ level: 'silent' }),
    config: { dailyBilling: false, addonRateLimit: { windowMs: 60_000, max: 100_000 }, ...options.config },
  });
  const call: Harness['call'] = async (method, urlPath, body, key, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    const k = key === undefined ? init.adminApiKey : key;
    if (k) h.authorization = `Bearer ${k}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${urlPath}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    url: server.url,
    dataDir,
    adminKey: init.adminApiKey,
    clock,
    server,
    call,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Publishes a release through the multipart API. */
export async function publish(
  h: Harness,
  addon: string,
  metadata: Record<string, unknown>,
  content: Buffer | string = `artifact ${addon} ${String(metadata.version)}`,
  key?: string,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append("artifact", new Blob([new Uint8Array(typeof content === "string" ? Buffer.from(content) : content)]), `${addon}-${String(metadata.version)}.zip`);
  const res = await fetch(`${h.url}/v1/addons/${addon}/releases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key ?? h.adminKey}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}
