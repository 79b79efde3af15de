/**
 * The LicenceBanner control in Microsoft's PCF test harness (pcf-start, port 8181) in headless Chromium.
 *
 * - pcf-start serves the built control (the cached pcf-scripts build) plus its harness page; it has no option to
 *   keep browser-sync from opening a desktop browser, so a preload (support/no-browser-open.cjs) turns that off.
 * - The harness page loads React 16 UMD builds from unpkg. Those requests are answered from the react@16.14.0 and
 *   react-dom@16.14.0 packages installed in node_modules (same file names, same versions); every other request
 *   that leaves the loopback interface is aborted, so the test never touches the internet.
 * - In the harness there is no Xrm, so the control must show its non-blocking banner and still render the field.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ensureControlBuild } from '../../solution/src/control-build';

const REPO = path.resolve(__dirname, '..', '..');
const PCF_START = path.join(REPO, 'node_modules', 'pcf-start', 'bin', 'pcf-start.js');
const NO_OPEN = path.join(__dirname, 'support', 'no-browser-open.cjs');
const OUTPUT_DIR = path.join(REPO, 'test-output');
const BANNER = /^This organisation has no valid licence for (.+)\. Open the add-on's configuration page to activate it\.$/;

/** React UMD files from node_modules, found from this test (hoisted root first, then test/node_modules). */
function reactUmd(pkg: 'react' | 'react-dom', file: string, version: string): Buffer {
  for (const base of [path.join(REPO, 'node_modules'), path.join(REPO, 'test', 'node_modules')]) {
    const dir = path.join(base, pkg);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const installed = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    if (installed !== version) continue;
    const umd = path.join(dir, 'umd', path.basename(file));
    if (existsSync(umd)) return readFileSync(umd);
  }
  throw new Error(`${pkg}@${version} umd/${file} is not installed under node_modules (the harness asks for it)`);
}

/** unpkg.com/react@16.14.0/umd/react.development.js → node_modules/react/umd/react.development.js (same for react-dom). */
const UNPKG_REACT = /^https:\/\/unpkg\.com\/(react|react-dom)@(16\.[0-9]+\.[0-9]+)\/umd\/([A-Za-z0-9.-]+\.js)$/;

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

let harness: ChildProcess | undefined;
let harnessLog = '';
let browser: Browser | undefined;
const served: string[] = [];
const blocked: string[] = [];

function startHarness(codePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PCF_START, '--codePath', codePath], {
      cwd: path.join(REPO, 'addon'),
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${NO_OPEN}`.trim(),
        BROWSER: 'none',
        PP_TOOLS_TELEMETRY_OPTOUT: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: afterAll ends pcf-start and anything it started, by this group id only
    });
    harness = child;
    const timer = setTimeout(() => reject(new Error(`pcf-start did not report its URL within 60 s:\n${harnessLog}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      harnessLog += chunk.toString();
      // browser-sync moves to the next free port when 8181 is taken; take the URL it reports.
      const match = /Local:\s+(http:\/\/localhost:[0-9]+)/.exec(harnessLog);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pcf-start exited early (${code}):\n${harnessLog}`));
    });
  });
}

async function routeHarnessRequests(page: Page): Promise<void> {
  await page.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || isLoopback(url)) return route.continue();
    const react = UNPKG_REACT.exec(url.href);
    if (react) {
      const [, pkg, version, file] = react;
      served.push(url.href);
      return route.fulfill({
        status: 200,
        contentType: 'application/javascript; charset=utf-8',
        body: reactUmd(pkg as 'react' | 'react-dom', file, version),
      });
    }
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
}

beforeAll(async () => {
  const controlDir = await ensureControlBuild('development');
  const baseUrl = await startHarness(controlDir);
  browser = await launchChromium();
  (globalThis as { harnessBaseUrl?: string }).harnessBaseUrl = baseUrl;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (harness?.pid && harness.exitCode === null) {
    try {
      process.kill(-harness.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

describe('LicenceBanner in the pcf-start harness', () => {
  it('shows the non-blocking banner (no Xrm in the harness) above the editable field', async () => {
    const baseUrl = (globalThis as { harnessBaseUrl?: string }).harnessBaseUrl as string;
    expect(baseUrl).toMatch(/^http:\/\/localhost:[0-9]+$/);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await routeHarnessRequests(page);

    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    const banner = page.locator('[data-testid="cra-licence-banner"]');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(banner.textContent()).resolves.toMatch(BANNER);
    await expect(banner.getAttribute('data-reason')).resolves.toBe('no_xrm');
    await expect(banner.getAttribute('role')).resolves.toBe('status');

    // The field still renders below the banner and takes input: the banner never blocks the form.
    const input = page.locator('input.cra-licence-banner-input');
    await expect(input.isVisible()).resolves.toBe(true);
    await input.fill('typed while unlicensed');
    await expect(input.inputValue()).resolves.toBe('typed while unlicensed');
    const [bannerBox, inputBox] = await Promise.all([banner.boundingBox(), input.boundingBox()]);
    expect(bannerBox && inputBox && bannerBox.y < inputBox.y).toBe(true);

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'pcf-harness-licence-banner.png'), fullPage: true });

    // React came from node_modules, nothing went to the internet, and the control threw nothing.
    expect(served.some((url) => url.includes('/react@16.14.0/'))).toBe(true);
    expect(served.some((url) => url.includes('/react-dom@16.14.0/'))).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
