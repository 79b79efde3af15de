/**
 * Issue #15 item 5, the console's Releases area in headless Chromium against the demo vendor: the releases newest
 * first, publishing a real solution zip with progress, a zip whose version does not match refused in plain words
 * with nothing published, form checks before anything is sent, the support matrix and the legacy-window timeline
 * against the API's own answers, roles, axe at 1366×768 and the tablet width.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { date } from '../../update-server/console/src/format';
import { demoSolutionZip } from '../../update-server/src/demo/demo-artifact';
import { axeViolations, fitsWidth, signIn, startConsoleWorld, type ConsoleWorld } from './console-world';

let world: ConsoleWorld;
let dir: string;
const shots = process.env.CONSOLE_SHOTS;

beforeAll(async () => {
  world = await startConsoleWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'console-releases-'));
}, 240_000);
afterAll(async () => {
  await world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A managed DocGen solution zip carrying `version`, built for 9.2, written where the file input can take it. */
function zipFile(version: string): string {
  const file = path.join(dir, `docgen_${version.replace(/\./g, '_')}_managed.zip`);
  writeFileSync(file, demoSolutionZip({ addon: 'docgen', name: 'DocGen', version, packageLine: '9.2' }));
  return file;
}

async function apiReleases(): Promise<Array<{ version: string; publishedAt: string; lines: string[] }>> {
  const res = await world.call('GET', '/v1/addons/docgen/releases');
  expect(res.status).toBe(200);
  return res.body.releases;
}

async function shownVersions(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="release-version"]', (cells) => cells.map((c) => c.textContent ?? ''));
}

async function fillPublishForm(page: Page, input: { file?: string; version: string; line?: string; notes?: string }) {
  if (input.file) await page.setInputFiles('[data-testid="publish-file"]', input.file);
  await page.fill('[data-testid="publish-version"]', input.version);
  if (input.line) {
    await page.click('[data-testid="publish-lines"]');
    await page.click(`[data-testid="publish-line-${input.line}"]`);
    await page.keyboard.press('Escape');
  }
  if (input.notes) await page.fill('[data-testid="publish-notes"]', input.notes);
}

test('the releases newest first; publishing a real zip shows progress to 100 % and lists it; a mismatched zip is refused in plain words and nothing is published', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/releases?addon=docgen');
  await page.waitForSelector('[data-testid="release-row"]');
  // The form's controls side by side do not cover one another (Fluent's Dropdown is 250px wide unless told).
  const boxes = await Promise.all(['publish-version', 'publish-kind', 'publish-platform', 'publish-lines'].map(async (id) => (await page.locator(`[data-testid="${id}"]`).boundingBox())!));
  for (let i = 1; i < boxes.length; i++) if (Math.abs(boxes[i].y - boxes[i - 1].y) < 5) expect(boxes[i - 1].x + boxes[i - 1].width).toBeLessThanOrEqual(boxes[i].x);
  const before = await apiReleases();
  const newest = [...before].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
  expect(await shownVersions(page)).toEqual(newest.map((r) => r.version));

  // The form's own checks: nothing chosen, a version that is not one; nothing is sent.
  await page.fill('input[data-testid="publish-version"]', '3.x');
  await page.click('[data-testid="publish"]');
  await page.waitForSelector('text=Choose the release file (a .zip).');
  expect(await page.textContent('[data-testid="publish-form"]')).toContain('A version has 2 to 4 numbers separated by dots');
  expect(await page.textContent('[data-testid="publish-form"]')).toContain('Choose at least one line the build is for.');
  const notZip = path.join(dir, 'notes.txt');
  writeFileSync(notZip, 'not a zip');
  await page.setInputFiles('[data-testid="publish-file"]', notZip);
  await page.click('[data-testid="publish"]');
  await page.waitForSelector('text=The release file must be a .zip');
  expect(await apiReleases()).toHaveLength(before.length);

  // A zip carrying 3.2.0.0 published as 3.3.0.0: the server's refusal in plain words, nothing published.
  await page.reload();
  await page.waitForSelector('[data-testid="release-row"]');
  await fillPublishForm(page, { file: zipFile('3.2.0.0'), version: '3.3.0.0', line: '9.2' });
  await page.click('[data-testid="publish"]');
  const refusal = await page.waitForSelector('[data-testid="error"]');
  expect(await refusal.textContent()).toContain('The version inside the zip is not the version typed in the form');
  expect(await refusal.textContent()).not.toMatch(/metadata\.|SolutionManifest/);
  const afterRefusal = await apiReleases();
  expect(afterRefusal).toEqual(before);
  expect(await shownVersions(page)).not.toContain('3.3.0.0');

  // The real one: DocGen 3.1.0.0 for 9.2.
  await page.reload();
  await page.waitForSelector('[data-testid="release-row"]');
  await fillPublishForm(page, { file: zipFile('3.1.0.0'), version: '3.1.0.0', line: '9.2', notes: 'Published from the console.' });
  await page.click('[data-testid="publish"]');
  await page.waitForSelector('[data-testid="done"]');
  expect(await page.getAttribute('[data-testid="publish-progress"]', 'data-percent')).toBe('100');
  expect(await page.textContent('[data-testid="publish-progress-field"]')).toContain('Upload: 100 %');
  expect(await page.textContent('[data-testid="done"]')).toContain('Published 3.1.0.0 (Feature) for Dynamics 365 9.2');
  const after = await apiReleases();
  expect(after).toHaveLength(before.length + 1);
  const published = after.find((r) => r.version === '3.1.0.0');
  expect(published).toMatchObject({ lines: ['9.2'], kind: 'feature', platform: 'dynamics365', notes: 'Published from the console.' });
  await page.waitForFunction(() => document.querySelector('[data-testid="release-version"]')?.textContent === '3.1.0.0');
  expect(await page.textContent('[data-testid="release-row"] [data-testid="release-lines"]')).toBe('9.2');

  // Published twice: release_exists in plain words, still one 3.1.0.0.
  // (the form keeps the platform and lines of the last publication)
  await fillPublishForm(page, { file: zipFile('3.1.0.0'), version: '3.1.0.0' });
  await page.click('[data-testid="publish"]');
  await page.waitForSelector('text=This version is already published for these lines.');
  expect((await apiReleases()).filter((r) => r.version === '3.1.0.0')).toHaveLength(1);
  if (shots) await page.screenshot({ path: path.join(shots, 'releases-1366.png'), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);
}, 60_000);

test('the support matrix and the legacy-window timeline show the API’s dates, with today marked', async () => {
  const { page } = await world.newPage();
  await signIn(page, world.url, world.demo.adminApiKey, '/console/releases?addon=docgen');
  await page.waitForSelector('[data-testid="matrix-row"]');
  const matrix = (await world.call('GET', '/v1/addons/docgen/support-matrix')).body as {
    lines: Array<{ platform: string; line: string; releasedOn: string; mainstreamEndsOn: string; status: string; successor?: string; successorReleasedOn?: string; patchesUntil?: string }>;
  };
  const rows = await page.$$eval('[data-testid="matrix-row"]', (trs) =>
    trs.map((tr) => ({
      line: tr.getAttribute('data-line'),
      status: tr.querySelector('[data-testid="matrix-status"]')?.textContent,
      successor: tr.querySelector('[data-testid="matrix-successor"]')?.textContent,
      patchesUntil: tr.querySelector('[data-testid="matrix-patches-until"]')?.textContent,
    })),
  );
  expect(rows).toEqual(
    matrix.lines.map((l) => ({
      line: `${l.platform}/${l.line}`,
      status: l.status === 'supported' ? 'Supported' : expect.stringMatching(/^Discontinued: /),
      successor: l.successor ? `${l.successor} (released ${date(l.successorReleasedOn)})` : 'None yet',
      patchesUntil: l.patchesUntil ? date(l.patchesUntil) : '—',
    })),
  );
  expect(rows.find((r) => r.line === 'dynamics365/8.2')?.status).toBe('Discontinued: the platform line reached its end of life');

  const timeline = await page.$$eval('[data-testid="timeline-row"]', (trs) =>
    trs.map((tr) => ({
      line: tr.getAttribute('data-line'),
      released: tr.querySelector('[data-testid="tl-released"]')?.textContent,
      successor: tr.querySelector('[data-testid="tl-successor"]')?.textContent,
      patchesUntil: tr.querySelector('[data-testid="tl-patches-until"]')?.textContent,
      end: tr.querySelector('[data-testid="tl-end"]')?.textContent,
    })),
  );
  expect(timeline).toEqual(
    matrix.lines.map((l) => ({
      line: `${l.platform}/${l.line}`,
      released: date(l.releasedOn),
      successor: l.successorReleasedOn ? date(l.successorReleasedOn) : 'None yet',
      patchesUntil: l.patchesUntil ? date(l.patchesUntil) : '—',
      end: date(l.mainstreamEndsOn),
    })),
  );
  // Today is marked on each platform's chart, and the chart's accessible name states the same dates.
  const today = new Date().toISOString().slice(0, 10);
  expect(await page.$$('[data-testid="timeline-today"]')).toHaveLength(new Set(matrix.lines.map((l) => l.platform)).size);
  const name = await page.getAttribute('[data-testid="timeline-dynamics365"] [role="img"]', 'aria-label');
  expect(name).toContain(`today ${date(today)}`);
  const l91 = matrix.lines.find((l) => l.platform === 'dynamics365' && l.line === '9.1')!;
  expect(name).toContain(`9.1: released ${date(l91.releasedOn)}, successor ${date(l91.successorReleasedOn)}, patches until ${date(l91.patchesUntil)}`);
  // The marks sit on the axis's scale: from two year ticks, today's line and each line's end of mainstream.
  for (const platform of ['dynamics365', 'odoo']) {
    const chart = `[data-testid="timeline-${platform}"]`;
    const ticks = await page.$$eval(`${chart} [data-testid="timeline-tick"]`, (els) => els.map((e) => { const b = e.getBoundingClientRect(); return { year: Number(e.getAttribute('data-year')), x: b.left + b.width / 2 }; }));
    const [a, b] = [ticks[0], ticks[ticks.length - 1]];
    const xOf = (day: string) => a.x + ((Date.parse(`${day}T00:00:00Z`) - Date.UTC(a.year, 0, 1)) / (Date.UTC(b.year, 0, 1) - Date.UTC(a.year, 0, 1))) * (b.x - a.x);
    const todayX = await page.$eval(`${chart} [data-testid="timeline-today"]`, (e) => e.getBoundingClientRect().left);
    expect(Math.abs(todayX - xOf(today))).toBeLessThan(3);
    const ends = await page.$$eval(`${chart} [data-testid="timeline-end"]`, (els) => els.map((e) => e.getBoundingClientRect().left));
    const own = matrix.lines.filter((l) => l.platform === platform);
    ends.forEach((x, i) => expect(Math.abs(x - xOf(own[i].mainstreamEndsOn))).toBeLessThan(3));
  }
  expect(await page.$$('[data-testid="timeline-dynamics365"] [data-testid="timeline-bar"]')).toHaveLength(matrix.lines.filter((l) => l.platform === 'dynamics365').length);
  expect(await axeViolations(page)).toEqual([]);
});

test('on a tablet the area fits the width; roles: a publisher publishes, billing reads without the form', async () => {
  const { page } = await world.newPage({ width: 768, height: 1024 });
  await signIn(page, world.url, world.demo.adminApiKey, '/console/releases?addon=docgen');
  await page.waitForSelector('[data-testid="timeline-row"]');
  expect(await fitsWidth(page)).toBe(true);
  if (shots) await page.screenshot({ path: path.join(shots, 'releases-768.png'), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);

  const publisher = await world.call('POST', '/v1/api-keys', { name: 'Release manager (test)', role: 'publisher' });
  const billing = await world.call('POST', '/v1/api-keys', { name: 'Finance (test)', role: 'billing' });
  expect([publisher.status, billing.status]).toEqual([201, 201]);
  const asPublisher = (await world.newPage()).page;
  await signIn(asPublisher, world.url, publisher.body.apiKey, '/console/releases?addon=mailsync');
  await asPublisher.waitForSelector('[data-testid="release-row"]');
  expect(await asPublisher.$('[data-testid="publish-form"]')).not.toBeNull();
  const asBilling = (await world.newPage()).page;
  await signIn(asBilling, world.url, billing.body.apiKey, '/console/releases?addon=mailsync');
  await asBilling.waitForSelector('[data-testid="release-row"]');
  expect(await asBilling.$('[data-testid="publish-form"]')).toBeNull();
}, 60_000);
