/**
 * Issue #14, item 2 (decision U69): the server runs compiled. `scripts/build.mjs` bundles the CLIs with esbuild; the
 * bundle serves and stops like the sources do; the bins pick the bundle only while no source is newer.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledEntry } = require('../bin/compiled.js') as { compiledEntry: (name: string, where: { root: string; dist: string; env: Record<string, string | undefined> }) => string | undefined };

describe('the compiled server', () => {
  let out = '';
  beforeAll(async () => {
    // Inside the checkout, so that the bundle finds node_modules as update-server/dist does.
    mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    out = mkdtempSync(path.join(ROOT, 'test-output', 'build-'));
    await run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet', '--outdir', out]);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('is plain JavaScript without tsx, and inits, serves and stops gracefully', async () => {
    const bundle = readFileSync(path.join(out, 'assurance-server.js'), 'utf8');
    expect(bundle).not.toMatch(/require\(["']tsx/);
    expect(bundle).not.toMatch(/__name\(/); // tsx's per-closure naming helper (issue #14's profile)
    const data = path.join(out, 'data');
    const init = await run(process.execPath, [path.join(out, 'assurance-server.js'), 'init', '--data', data, '--json'], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(JSON.parse(init.stdout).adminApiKey).toMatch(/^cra_admin_/);
    const child = spawn(process.execPath, [path.join(out, 'assurance-server.js'), 'start', '--data', data, '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let i = 0; i < 400 && !/listening on/.test(stderr); i += 1) await new Promise((r) => setTimeout(r, 25));
    const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const cli = await run(process.execPath, [path.join(out, 'assurance.js'), 'addon', 'add', '--id', 'docgen', '--name', 'DocGen', '--json'], { env: { ...process.env, ASSURANCE_SERVER: url, ASSURANCE_API_KEY: JSON.parse(init.stdout).adminApiKey } });
    expect(JSON.parse(cli.stdout)).toMatchObject({ id: 'docgen', name: 'DocGen' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('which code a bin runs', () => {
  let tree = '';
  beforeEach(() => {
    tree = mkdtempSync(path.join(os.tmpdir(), 'assurance-bin-'));
    for (const dir of ['update-server/src/cli', 'license-core/src', 'dist']) mkdirSync(path.join(tree, dir), { recursive: true });
    writeFileSync(path.join(tree, 'update-server/src/cli/assurance-server.ts'), '');
    writeFileSync(path.join(tree, 'license-core/src/coverage.ts'), '');
    writeFileSync(path.join(tree, 'dist/assurance-server.js'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(tree, 'update-server/src/cli/assurance-server.ts'), past, past);
    utimesSync(path.join(tree, 'license-core/src/coverage.ts'), past, past);
  });
  afterEach(() => rmSync(tree, { recursive: true, force: true }));
  const where = (env: Record<string, string> = {}) => ({ root: tree, dist: path.join(tree, 'dist'), env });

  test('the bundle, when no source is newer', () => {
    expect(compiledEntry('assurance-server', where())).toBe(path.join(tree, 'dist', 'assurance-server.js'));
  });
  test('the sources, when one (of the server or of license-core) was edited after the build', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(tree, 'license-core/src/coverage.ts'), later, later);
    expect(compiledEntry('assurance-server', where())).toBeUndefined();
  });
  test('the sources, when there is no bundle or ASSURANCE_RUN_SOURCES=1', () => {
    expect(compiledEntry('assurance', where())).toBeUndefined();
    expect(compiledEntry('assurance-server', where({ ASSURANCE_RUN_SOURCES: '1' }))).toBeUndefined();
  });
});
