/**
 * The processes `npm run bench:http` runs and watches (decision U75): the compiled server, the references, nginx and
 * the load generator, each its own process; CPU time and peak RSS read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The compiled server (U69); ASSURANCE_BENCH_DIST builds and runs another copy (the jest smoke test, not to race other tests). */
export const DIST = process.env.ASSURANCE_BENCH_DIST ? path.resolve(process.env.ASSURANCE_BENCH_DIST) : path.join(ROOT, 'update-server', 'dist');
const TICKS = 100; // USER_HZ on Linux

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Peak resident set size (VmHWM) of a process, in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** GET `url` once: its status, or 0 when nothing answers yet. */
export function probe(url: string): Promise<number> {
  return fetch(url).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    () => 0,
  );
}

/** Milliseconds from spawning `args` to the first 200 on `url` (polled every 2 ms); the child is left running. */
export async function timeToFirst200(args: string[], url: string, env: NodeJS.ProcessEnv = process.env): Promise<{ ms: number; child: ChildProcess }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode} before answering`);
    if ((await probe(url)) === 200) return { ms: performance.now() - started, child };
    await new Promise((r) => setTimeout(r, 2));
  }
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
}

/** `assurance-server start` from update-server/dist (the compiled server, U69), rate limit lifted (U75). */
export async function startCompiled(dataDir: string, extra: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'assurance-server.js'), 'start', '--data', dataDir, '--port', String(port), '--rate-limit', '1000000', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    if (stderr.includes('listening on')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url: `http://127.0.0.1:${port}`, port };
}

/** `assurance-server init` through the compiled CLI; the admin key. */
export function initCompiled(dataDir: string): string {
  const out = execFileSync(process.execPath, [path.join(DIST, 'assurance-server.js'), 'init', '--data', dataDir, '--vendor-id', 'bench', '--vendor-name', 'Bench Add-ons', '--time-zone', 'Europe/Berlin', '--json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { adminApiKey: string }).adminApiKey;
}

/** The bare Express 5 reference (bare-express.mjs) in its own process. */
export async function startBareExpress(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-express.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare-express.mjs exited with ${code}`)));
    child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
  });
  return { child, url: `http://127.0.0.1:${port}`, port };
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  bytesPerSecond: number;
  bytes: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU seconds the watched processes used during the run, and the run's wall seconds. */
  cpu: number;
  wall: number;
}

/** One autocannon run (load.mjs) in a child process, while the CPU of `watch` is measured. */
export async function load(
  spec: { url: string; method?: string; connections: number; duration: number; bodies?: string[]; headers?: Record<string, string>; mode?: 'download' },
  watch: number[],
): Promise<LoadResult> {
  const before = watch.map(cpuSeconds);
  const started = performance.now();
  // The spec goes through a file: 10,000 request bodies are more than an argument list may hold.
  const specFile = path.join(os.tmpdir(), `assurance-load-${process.pid}-${Date.now()}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [path.join(__dirname, 'load.mjs'), specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rmSync(specFile, { force: true });
  const wall = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`load.mjs exited with ${code}`);
  const cpu = watch.map(cpuSeconds).reduce((sum, after, i) => sum + after - before[i]!, 0);
  return { ...(JSON.parse(out) as Omit<LoadResult, 'cpu' | 'wall'>), cpu, wall };
}

export interface Nginx {
  child: ChildProcess;
  url: string;
  pids(): number[];
}

/**
 * Debian's nginx with two locations on one plain-http port: `/_artifacts/` internal (X-Accel-Redirect, as
 * deploy/nginx.conf, U68) in front of the server at `upstream`, and `/static/` serving the same artifacts folder
 * as a plain static file server (the reference).
 */
export async function startNginx(dir: string, artifacts: string, upstream: number): Promise<Nginx> {
  const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
    try {
      execFileSync(p, ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!nginxBin) throw new Error('nginx is not installed (Debian package nginx; .ci/run installs it)');
  const port = await freePort();
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, t), { recursive: true, mode: 0o777 });
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${dir}/${t};`),
      '  sendfile on;',
      '  tcp_nopush on;',
      `  upstream assurance_server { server 127.0.0.1:${upstream}; keepalive 32; }`,
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location /_artifacts/ {',
      '      internal;',
      `      alias ${artifacts}/;`,
      '      types { }',
      '      default_type application/zip;',
      '      etag off;',
      '      add_header ETag $upstream_http_etag always;',
      '      add_header X-Content-SHA256 $upstream_http_x_content_sha256 always;',
      '    }',
      '    location /static/ {',
      `      alias ${artifacts}/;`,
      '      types { }',
      '      default_type application/zip;',
      '    }',
      '    location / {',
      '      proxy_pass http://assurance_server;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_set_header Host $host;',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  );
  execFileSync(nginxBin, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
  const child = spawn(nginxBin, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 500 && (await probe(`${url}/nothing`)) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return {
    child,
    url,
    // The master and its worker: the worker sends the bytes, the master's CPU is counted too.
    pids: () => [child.pid!, ...readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)],
  };
}
