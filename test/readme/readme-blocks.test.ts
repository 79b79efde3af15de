/**
 * Issue #13: the README is the front door, so its commands must run as written. This test takes every `sh` block of
 * README.md, in order, and runs it with bash against a fresh demo server, from a directory holding the demo's
 * `demo.env` (as a reader does after `npm run demo`). A block that fails fails the test with its output.
 * One block is not run here (the Quick start itself), for a stated reason; the test fails if that list and the README
 * disagree. A block may start a server in the background (`&`): each block runs in a process group of its own, which
 * is ended when the block is done.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../update-server/src/clock';
import { startDemoServer, writeDemoEnv, type RunningDemo } from '../../update-server/src/demo/start-demo-server';

/** Runs a bash script in a process group of its own; ends the group (a server the script left running) afterwards. */
function runBlock(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'exit', not 'close': a server the block left running holds the output pipes open.
    child.on('exit', (code) => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // nothing of the group is left
      }
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ ok: code === 0, output });
    });
  });
}
const ROOT = path.join(__dirname, '..', '..');

/** Blocks this test does not run, by a phrase in them, and why. */
const NOT_RUN: Record<string, string> = {
  'npm ci && npm run demo': 'the Quick start itself: it installs, starts the demo and runs this very test suite',
};

function shellBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].trim() !== '```sh') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end += 1;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

let demo: RunningDemo;
let workDir: string;
let dataDir: string;

beforeAll(async () => {
  // Under the repository, so that `npx assurance` finds the workspace's bin as it does for a reader.
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  workDir = mkdtempSync(path.join(ROOT, 'test-output', 'readme-'));
  dataDir = path.join(workDir, 'demo-data');
  demo = await startDemoServer({ dataDir, port: 0, clock: systemClock });
  await writeDemoEnv(workDir, demo);
}, 120_000);

afterAll(async () => {
  await demo?.server.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the blocks not run here are exactly the ones listed, and there are blocks to run', () => {
  const blocks = shellBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const skipped = blocks.filter((b) => Object.keys(NOT_RUN).some((phrase) => b.text.includes(phrase)));
  expect(skipped.map((b) => Object.keys(NOT_RUN).find((phrase) => b.text.includes(phrase)))).toEqual(Object.keys(NOT_RUN));
  expect(blocks.length - skipped.length).toBeGreaterThanOrEqual(7);
});

test('every other sh block of the README runs as written against the demo', async () => {
  const blocks = shellBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).filter((b) => !Object.keys(NOT_RUN).some((phrase) => b.text.includes(phrase)));
  const env = { ...process.env, ASSURANCE_SERVER: '', ASSURANCE_API_KEY: '', LOG_LEVEL: 'silent', npm_config_offline: 'true' };
  for (const block of blocks) {
    // The reader's shell: demo.env is sourced by the README's first block; later blocks run in the same terminal.
    const script = `set -euo pipefail\n. ./demo.env\n${block.text}\n`;
    const result = await runBlock(script, workDir, env);
    if (!result.ok) throw new Error(`README.md line ${block.line}: the block failed\n${block.text}\n--- output ---\n${result.output.slice(-3000)}`);
  }
}, 300_000);
