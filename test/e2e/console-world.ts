/**
 * The vendor console's browser tests (issue #15): the demo vendor's server (startDemoServer: the demo's customers in
 * every state, two partners) with the console built into a folder of this run's own, and headless Debian Chromium.
 * `signIn(page, key)` goes through the sign-in form as a person would; `axeViolations(page)` runs axe-core.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../update-server/src/clock';
import { startDemoServer, type RunningDemo } from '../../update-server/src/demo/start-demo-server';
import { launchChromium } from '../support/browser';

const ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_OUT = path.join(ROOT, 'test-output', 'console');

export interface ConsoleWorld {
  demo: RunningDemo;
  url: string;
  browser: Browser;
  /** A fresh browser context (no cookies) at 1366×768 unless told otherwise. */
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** The demo customer in `state` (demo-vendor.ts), e.g. 'unpaid renewal'. */
  customer(state: string): RunningDemo['summary']['customers'][number];
  /** A vendor API call with the admin key (or `key`). */
  call(method: string, urlPath: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Builds the console once per test run into test-output (node update-server/console/build.mjs). */
export function buildConsoleForTests(): string {
  mkdirSync(path.dirname(CONSOLE_OUT), { recursive: true });
  const out = mkdtempSync(`${CONSOLE_OUT}-`);
  execFileSync(process.execPath, [path.join(ROOT, 'update-server', 'console', 'build.mjs'), out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  const consoleDir = buildConsoleForTests();
  const demo = await startDemoServer({ clock: systemClock, consoleDir });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    demo,
    url: demo.server.url,
    browser,
    async newPage(viewport = { width: 1366, height: 768 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    customer(state) {
      const found = demo.summary.customers.find((c) => c.state === state);
      if (!found) throw new Error(`no demo customer in state ${state}`);
      return found;
    },
    async call(method, urlPath, body, key = demo.adminApiKey) {
      const res = await fetch(`${demo.server.url}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await demo.server.close();
      rmSync(demo.dataDir, { recursive: true, force: true });
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form; waits for the console's frame. */
export async function signIn(page: Page, url: string, key: string, at = '/console'): Promise<void> {
  await page.goto(`${url}${at}`);
  await page.fill('[data-testid="api-key"]', key);
  await page.click('[data-testid="sign-in"]');
  await page.waitForSelector('[data-testid="signed-in-as"]');
}

/**
 * axe-core's violations on the page as it is now (rule id and targets), for `expect(...).toEqual([])`.
 * One known false positive is set aside, as Microsoft's own Accessibility Insights does (decision U86): Fluent UI's
 * focus manager (tabster) puts `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` at the edges of an arrow-key
 * group (a TabList, a Toolbar); such an element hands the focus on the moment it gets it and must stay hidden from
 * screen readers, so axe's `aria-hidden-focus` flags it by design. Only that rule and only nodes carrying
 * `data-tabster-dummy` are set aside; every other node of that rule still counts (a test feeds it one).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's Content-Security-Policy (script-src 'self') refuses an
  // injected <script>, as it should.
  // A dialog fading in is half transparent: axe would measure the contrast of a frame of the animation (seen on a
  // loaded machine). Wait until every running animation and transition has finished.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  await page.evaluate(readFileSync(path.join(require.resolve('axe-core'), '..', 'axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown; html: string }> }> }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
  return violations
    .map((v) => ({ id: v.id, nodes: v.id === 'aria-hidden-focus' ? v.nodes.filter((n) => !/^<i\b[^>]*\bdata-tabster-dummy=/.test(n.html)) : v.nodes }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** No page of the console scrolls sideways at this width (a tablet, 1366×768). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
