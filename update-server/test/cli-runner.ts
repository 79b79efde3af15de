/**
 * Runs the real `assurance` CLI as a process against a harness server (each tsx start costs about a second).
 * The CLI talks to the server through a small proxy in this process that checks every answer against the
 * server's OpenAPI document, as the harness's own client does; a mismatch fails the run.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverResponseChecker, type Harness, type ResponseCheck } from './harness';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin', 'assurance.js');

export interface CliResult {
  code: number;
  /** stdout parsed as JSON (with --json, the default); undefined for `--human` runs. */
  json: any;
  stdout: string;
  stderr: string;
}

/** A proxy to `target` that hands every answer to `check` and collects what it throws. */
async function checkingProxy(target: string, check: ResponseCheck, mismatches: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const { host: _host, ...headers } = req.headers;
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const contentType = answer.headers['content-type'] ?? null;
        let body: unknown;
        if (contentType?.includes('application/json') && bytes.length > 0) {
          try {
            body = JSON.parse(bytes.toString('utf8'));
          } catch {
            body = bytes.toString('utf8');
          }
        }
        try {
          check({ method: req.method ?? 'GET', url: req.url ?? '/', status: answer.statusCode ?? 0, contentType, body });
        } catch (error) {
          mismatches.push((error as Error).message);
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(bytes);
      });
    });
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `cli(...args)` runs with `--json`; `cli('--human', ...args)` runs without it, for the printed words. */
export function cliRunner(h: Harness): (...args: string[]) => Promise<CliResult> {
  let checker: Promise<ResponseCheck> | undefined;
  return async (...args) => {
    const json = args[0] !== '--human';
    const rest = json ? args : args.slice(1);
    checker ??= serverResponseChecker(h.url);
    const mismatches: string[] = [];
    const proxy = await checkingProxy(h.url, await checker, mismatches);
    let result: CliResult;
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, '--server', proxy.url, ...(json ? ['--json'] : []), ...rest], {
        env: { ...process.env, ASSURANCE_API_KEY: h.adminKey },
      });
      result = { code: 0, json: json ? JSON.parse(stdout) : undefined, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      result = { code: e.code, json: json && e.stdout ? JSON.parse(e.stdout) : undefined, stdout: e.stdout, stderr: e.stderr };
    } finally {
      await proxy.close();
    }
    if (mismatches.length > 0) throw new Error(`assurance ${rest.join(' ')}: ${mismatches.join('\n')}`);
    return result;
  };
}
