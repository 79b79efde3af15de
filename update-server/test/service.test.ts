/**
 * Issue #16, running as a service: `assurance-server start` takes its settings from environment variables as well
 * as flags (U66), and SIGTERM stops it gracefully (U65): the requests in flight are answered, nothing acknowledged
 * is lost. The server runs as a real process here, and the signals are real ones.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { initDataDir, startServer } from '../src/server';
import { openSqliteStore } from '../src/store/sqlite-store';
import { dataPaths } from '../src/config';
import { solutionZip } from './harness';

const BIN = path.join(__dirname, '..', 'bin', 'assurance-server.js');

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `assurance-server start` as a process with `env` (and no --data unless given in args). */
async function startProcess(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'start', ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr, exited };
}

/** Runs `assurance-server start` to its exit (for the refusals). */
async function startToExit(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'start', ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // A start that does not refuse would serve on: stop it, so the test fails on its exit code instead of hanging.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stderr };
}

let dataDir = '';
let adminKey = '';
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-service-'));
  const init = await initDataDir({ dataDir, vendorId: 'vendor', vendorName: 'Service Vendor' });
  adminKey = init.adminApiKey;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function api(url: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

describe('configuration from the environment (U66)', () => {
  test('start reads its data directory, port, public URL and CORS origins from ASSURANCE_* variables', async () => {
    const server = await startProcess([], {
      ASSURANCE_DATA: dataDir,
      ASSURANCE_PORT: '0',
      ASSURANCE_PUBLIC_URL: 'https://updates.example.com',
      ASSURANCE_CORS_ORIGINS: 'https://one.crm4.dynamics.com,https://two.crm4.dynamics.com',
    });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      // Both origins of the comma-separated variable are allowed on the add-on routes; another is not.
      for (const origin of ['https://one.crm4.dynamics.com', 'https://two.crm4.dynamics.com', 'https://evil.example.com']) {
        const pre = await fetch(`${server.url}/v1/activate`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
        const allowed = pre.headers.get('access-control-allow-origin');
        if (origin.includes('evil')) expect(allowed).toBeNull();
        else expect(allowed).toBe(origin);
      }
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  test('a flag wins over its variable', async () => {
    const server = await startProcess(['--data', dataDir, '--port', '0'], { ASSURANCE_DATA: '/nonexistent/data', ASSURANCE_PORT: '1' });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(new URL(server.url).port).not.toBe('1');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  test.each([
    ['ASSURANCE_PORT', 'eighty', /ASSURANCE_PORT.*port number/],
    ['ASSURANCE_RATE_LIMIT', '-5', /ASSURANCE_RATE_LIMIT.*whole number/],
    ['ASSURANCE_UPLOAD_LIMIT_MB', '1e3', /ASSURANCE_UPLOAD_LIMIT_MB.*whole number/],
    ['ASSURANCE_TRUST_PROXY', 'maybe', /ASSURANCE_TRUST_PROXY.*yes or no/],
    ['ASSURANCE_SHUTDOWN_GRACE', '0', /ASSURANCE_SHUTDOWN_GRACE.*whole number/],
    ['LOG_LEVEL', 'chatty', /LOG_LEVEL/],
  ])('a bad %s=%s is refused naming the variable, before anything starts', async (name, value, message) => {
    const r = await startToExit([], { ASSURANCE_DATA: dataDir, ASSURANCE_PORT: '0', [name]: value });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('listening');
  });

  test('no data directory from either the flag or ASSURANCE_DATA is refused naming both', async () => {
    const r = await startToExit(['--port', '0'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--data/);
    expect(r.stderr).toMatch(/ASSURANCE_DATA/);
  });
});

/** A multipart release upload sent in two halves: the second only when `release()` is called. */
function slowUpload(url: string, zip: Buffer): { answer: Promise<{ status: number; body: any }>; sentFirstHalf: Promise<void>; release: () => void } {
  const boundary = '----service-test-boundary';
  const metadata = JSON.stringify({ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] });
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadata}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="docgen-1.0.0.0.zip"\r\nContent-Type: application/zip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const half = Math.floor(zip.length / 2);
  const first = Buffer.concat([head, zip.subarray(0, half)]);
  const second = Buffer.concat([zip.subarray(half), tail]);
  let release = (): void => undefined;
  let sent = (): void => undefined;
  const sentFirstHalf = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request(`${url}/v1/addons/docgen/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(first.length + second.length) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.write(first, () => sent());
    release = () => req.end(second);
  });
  return { answer, sentFirstHalf, release: () => release() };
}

describe('SIGTERM: a graceful stop (U65)', () => {
  test('during load, the requests in flight are answered and every acknowledged write is in the store', async () => {
    const server = await startProcess(['--data', dataDir, '--port', '0'], {});
    let exited = false;
    void server.exited.then(() => (exited = true));
    expect((await api(server.url, 'POST', '/v1/platforms/dynamics365/lines', { line: '9.2', releasedOn: '2020-10-01' })).status).toBe(201);
    expect((await api(server.url, 'POST', '/v1/addons', { id: 'docgen', name: 'DocGen' })).status).toBe(201);

    // An upload is in the middle of its body when the signal arrives.
    const zip = await solutionZip({ version: '1.0.0.0', packageLine: '9.2', extra: { 'payload.bin': Buffer.alloc(256 * 1024, 7) } });
    const upload = slowUpload(server.url, zip);
    await upload.sentFirstHalf;

    // Writers keep creating customers, before and after the signal, until the server stops taking connections.
    const acknowledged: string[] = [];
    let signalled = false;
    const refusedAfterStop: string[] = [];
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; ; i += 1) {
        try {
          const r = await api(server.url, 'POST', '/v1/customers', { name: `Writer ${w} customer ${i}` });
          if (r.status !== 201) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
          acknowledged.push(r.body.id as string);
        } catch (error) {
          // Once stopping, a new connection is refused or an idle one closed: the write was never acknowledged.
          if (!signalled) throw error;
          refusedAfterStop.push((error as Error).message);
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));

    signalled = true;
    server.child.kill('SIGTERM');
    // The upload's second half goes out after the signal: the server must still read it and answer.
    await new Promise((r) => setTimeout(r, 300));
    expect(exited).toBe(false);
    upload.release();
    const uploaded = await upload.answer;
    expect(uploaded.status).toBe(201);
    await Promise.all(writers);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toMatch(/SIGTERM: stopping/);
    expect(refusedAfterStop.length).toBe(4);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    // Everything acknowledged is in the store, and the store was closed cleanly (it opens and reads).
    const store = openSqliteStore(dataPaths(dataDir).database);
    try {
      const ids = new Set((await store.listCustomers()).map((c) => c.id));
      for (const id of acknowledged) expect(ids.has(id)).toBe(true);
      const releases = await store.listReleases('docgen');
      expect(releases.map((r) => r.version)).toEqual(['1.0.0.0']);
      expect(releases[0].id).toBe(uploaded.body.id);
    } finally {
      await store.close();
    }
  }, 60_000);

  test('a request that never finishes is cut after the grace period, and the stop completes', async () => {
    const server = await startServer({ dataDir, port: 0, config: { dailyBilling: false }, log: pino({ level: 'silent' }) });
    // Headers and half a body, then silence: a stalled client.
    const stalled = new Promise<string>((resolve) => {
      const req = http.request(`${server.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json', 'content-length': '100' } });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
      req.write('{"name":');
    });
    await new Promise((r) => setTimeout(r, 100));
    await server.close({ graceMs: 300 });
    expect(await stalled).toBe('ECONNRESET');
    // The store closed: the server's own handle no longer reads.
    await expect(server.app.locals.ctx.store.listCustomers()).rejects.toThrow(/not open|closed/i);
  });
});
