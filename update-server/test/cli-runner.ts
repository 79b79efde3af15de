/** Runs the real `assurance` CLI as a process against a harness server (each tsx start costs about a second). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Harness } from './harness';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin', 'assurance.js');

export interface CliResult {
  code: number;
  /** stdout parsed as JSON (with --json, the default); undefined for `--human` runs. */
  json: any;
  stdout: string;
  stderr: string;
}

/** `cli(...args)` runs with `--json`; `cli('--human', ...args)` runs without it, for the printed words. */
export function cliRunner(h: Harness): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    const json = args[0] !== '--human';
    const rest = json ? args : args.slice(1);
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, '--server', h.url, ...(json ? ['--json'] : []), ...rest], {
        env: { ...process.env, ASSURANCE_API_KEY: h.adminKey },
      });
      return { code: 0, json: json ? JSON.parse(stdout) : undefined, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, json: json && e.stdout ? JSON.parse(e.stdout) : undefined, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
