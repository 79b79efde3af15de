/**
 * `npm run bench:http --quick` completes and prints every row of issue #14's table (decision U75). No timing is
 * asserted: numbers live in the bench's output and decision U79, never in tests. The bench builds its own copy of the
 * compiled server (ASSURANCE_BENCH_DIST) so that it does not rewrite update-server/dist under the other tests.
 * About 30 s on an idle 2-core machine, 45 s under a load average of 9.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('bench:http --quick prints every row of the table', async () => {
  // Inside the checkout (test-output/, ignored by git), so the bundle finds the packages in node_modules.
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  const dist = mkdtempSync(path.join(ROOT, 'test-output', 'bench-dist-'));
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'update-server', 'bench', 'http.ts'), '--quick'], {
        cwd: ROOT,
        env: { ...process.env, ASSURANCE_BENCH_DIST: dist },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const rows = stdout.split('\n').filter((line) => line.startsWith('| '));
    for (const label of [
      'POST /v1/updates/check, N=100',
      'POST /v1/updates/check, N=10,000',
      'the same 64 orgs again (cached)',
      'POST /v1/entitlement, N=10,000',
      'POST /v1/activate, N=10,000',
      '5 MB download, 16 connections, server alone',
      '5 MB download, 16 connections, behind nginx (X-Accel-Redirect)',
      'server RSS peak, N=10,000',
      "every tenant's offered/withheld updates",
      'cold start to first /healthz 200',
    ]) {
      expect(rows.filter((row) => row.includes(label)).length).toBeGreaterThan(0);
    }
    // Every measured row has a number or says why not (fleet: "not built yet" until fleet.ts is there).
    for (const row of rows.slice(2)) expect(row).toMatch(/\d|not built yet/);
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}, 120_000);
