/**
 * A server killed mid-upload leaves its scratch file in artifacts/tmp (decision U3); the next start removes every
 * such file and keeps the stored artifacts that releases point at (issue #12, item 4).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { startServer } from '../src/server';
import { publish, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  await seedCatalogue(h);
});
// The test stops the harness's server itself (to restart on the same data directory), so only the folder is left.
afterAll(() => rmSync(h.dataDir, { recursive: true, force: true }));

test('leftover upload scratch files are removed at start; published artifacts stay', async () => {
  const published = await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] });
  expect(published.status).toBe(201);
  const tmp = path.join(h.dataDir, 'artifacts', 'tmp');
  const objects = path.join(h.dataDir, 'artifacts', 'sha256', published.body.sha256.slice(0, 2), published.body.sha256);
  expect(existsSync(objects)).toBe(true);
  // What a kill -9 during two uploads leaves behind: multer's random names and a half-written put-… file.
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'a1b2c3d4e5f6a7b8c9d0'), Buffer.alloc(64 * 1024, 7));
  writeFileSync(path.join(tmp, 'put-0123456789abcdef01234567'), 'half an upload');
  expect(readdirSync(tmp)).toHaveLength(2);

  const warnings: object[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line) as object) });
  await h.server.close();
  const restarted = await startServer({ dataDir: h.dataDir, clock: h.clock, log, config: { dailyBilling: false } });
  try {
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(objects)).toBe(true);
    expect(warnings).toEqual([expect.objectContaining({ files: 2, bytes: 64 * 1024 + 'half an upload'.length, msg: 'removed upload scratch files left by an earlier process' })]);
    // The restarted server still lists the release whose artifact was kept.
    const releases = await fetch(`${restarted.url}/v1/addons/docgen/releases`, { headers: { authorization: `Bearer ${h.adminKey}` } });
    expect(releases.status).toBe(200);
    expect(JSON.stringify(await releases.json())).toContain(published.body.id);
  } finally {
    await restarted.close();
  }
});
