/**
 * Issue #13, the vendor's path: what a newcomer meets following the README, each turned into a way forward.
 * The CLIs run as real processes; the server is a real one on loopback.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cliRunner } from './cli-runner';
import { customerWithOrder, seedCatalogue, solutionZip, startHarness, type Harness } from './harness';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin');
const quiet = { ...process.env, LOG_LEVEL: 'silent' };

/** A CLI run that may fail: its exit code and output. */
async function attempt(bin: string, args: string[], env: NodeJS.ProcessEnv = quiet): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [path.join(BIN, bin), ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(h);
});
afterAll(async () => h.close());
const cli = (...args: string[]) => cliRunner(h)(...args);

test('help shows where the API key comes from, never the key itself', async () => {
  const secret = 'cra_admin_THISMUSTNOTAPPEARINHELP0123456789abcdefghijklmno';
  const help = await attempt('assurance.js', ['--help'], { ...quiet, ASSURANCE_API_KEY: secret });
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('ASSURANCE_API_KEY');
  expect(help.stdout + help.stderr).not.toContain('THISMUSTNOTAPPEAR');
});

test('start on a busy port says so and exits 1, without a stack trace', async () => {
  const result = await attempt('assurance-server.js', ['start', '--data', h.dataDir, '--port', String(new URL(h.url).port)]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/--port: 127\.0\.0\.1:\d+ is in use by another program/);
  expect(result.stderr).not.toMatch(/Cannot read properties|at .*\.ts:\d+/);
}, 30_000);

test('the signing-key commands on a directory that is not a data directory say so, naming --data', async () => {
  for (const args of [['signing-keys'], ['rotate-signing-key'], ['revoke-signing-cert', '--serial', 'ab12', '--reason', 'x'], ['create-api-key', '--name', 'x', '--role', 'admin']]) {
    const result = await attempt('assurance-server.js', [...args, '--data', path.join(os.tmpdir(), 'no-such-assurance-data')]);
    expect([result.code, result.stderr.trim()]).toEqual([1, expect.stringMatching(/^error: --data: .* is not initialised/)]);
  }
}, 30_000);

test('init writes a .gitignore that keeps the whole data directory (keys included) out of git', async () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'assurance-init-')), 'data');
  try {
    expect((await attempt('assurance-server.js', ['init', '--data', dir, '--json'])).code).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toContain('*');
    expect(existsSync(path.join(dir, 'keys', 'signing-key.pem'))).toBe(true);
  } finally {
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}, 30_000);

test('init in a directory that already holds files (a repository: --data .) leaves its .gitignore alone', async () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'assurance-repo-'));
  try {
    writeFileSync(path.join(repo, 'README.md'), '# my add-on\n');
    expect((await attempt('assurance-server.js', ['init', '--data', repo, '--json'])).code).toBe(0);
    expect(existsSync(path.join(repo, '.gitignore'))).toBe(false);
    // A .gitignore of the vendor's own stays as it was, and init does not fail on it.
    const other = mkdtempSync(path.join(os.tmpdir(), 'assurance-repo-'));
    writeFileSync(path.join(other, '.gitignore'), 'node_modules/\n');
    expect((await attempt('assurance-server.js', ['init', '--data', other, '--json'])).code).toBe(0);
    expect(readFileSync(path.join(other, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    rmSync(other, { recursive: true, force: true });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}, 30_000);

test('publishing before the add-on or the line exists names the command that fixes it', async () => {
  const file = path.join(h.dataDir, 'mailsync.zip');
  writeFileSync(file, await solutionZip({ version: '1.0.0.0', packageLine: '9.2' }));
  const noAddon = await cli('publish', file, '--addon', 'mailsync', '--version', '1.0.0.0', '--kind', 'feature', '--line', '9.2');
  expect([noAddon.code, noAddon.json.error.code]).toEqual([1, 'addon_not_found']);
  expect(noAddon.json.error.message).toContain('assurance addon add --id mailsync');
  const noLine = await cli('publish', file, '--addon', 'docgen', '--version', '1.0.0.0', '--kind', 'feature', '--line', '7.0');
  expect([noLine.code, noLine.json.error.code]).toEqual([1, 'unknown_line']);
  expect(noLine.json.error.message).toContain('assurance line add --platform dynamics365 --line 7.0');
}, 30_000);

test('a payment command run twice records one payment (idempotent by reference), a different amount is refused', async () => {
  const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
  const args = ['payment', '--invoice', order.invoice.id, '--amount', '1000', '--reference', 'SEPA-4711'];
  const first = await cli(...args);
  expect([first.code, first.json.duplicate]).toEqual([0, false]);
  const again = await cli(...args);
  expect([again.code, again.json.duplicate, again.json.payment.id]).toEqual([0, true, first.json.payment.id]);
  const other = await cli('payment', '--invoice', order.invoice.id, '--amount', '2000', '--reference', 'SEPA-4711');
  expect([other.code, other.json.error.code]).toEqual([1, 'payment_reference_conflict']);
  const payments = (await h.call('GET', `/v1/invoices/${order.invoice.id}`)).body;
  expect(payments.paid).toBe(1000);
}, 30_000);
