/**
 * What the browser end-to-end tests share: a real update server on loopback, the add-on built as real per-line
 * solution zips by the solution builder, Dataverse emulator orgs, and headless Debian Chromium that may talk to
 * loopback only.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { calendarDateOf } from '@crm-assurance/license-core';
import { buildSolution } from '../../solution/src/build-solution';
import { customerWithOrder, publish, seedCatalogue, serverResponseChecker, startHarness, type Harness } from '../../update-server/test/harness';
import { startDataverseEmulator, type DataverseEmulator, type EmulatorOptions } from '../dataverse-emulator/emulator';
import { launchChromium } from '../support/browser';

export const SOLUTION = 'NorthwindDocGen';
export const CONFIG_PAGE = '/WebResources/nwa_/docgen/config.html';
export const STATE_TABLE = 'nwa_docgenstate';
export const PUBLISHER = { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa', optionValuePrefix: 72310 };
export const OUT = path.resolve(__dirname, '../../test-output/e2e');

export interface World {
  server: Harness;
  browser: Browser;
  /** The add-on's solution zip of a version for a line (managed unless said otherwise), built once. */
  zip(version: string, line?: string, managed?: boolean): Promise<Buffer>;
  publishVersion(version: string, notes: string, line?: string, extra?: Record<string, unknown>): Promise<{ id: string; sha256: string }>;
  /** A new emulated org whose origin the update server accepts. */
  org(options: Omit<EmulatorOptions, 'importStepMs'> & { importStepMs?: number }): Promise<DataverseEmulator>;
  /** A customer with a paid order dated today: its licence key. */
  paidCustomer(reference: string): Promise<{ customerId: string; licenceKey: string }>;
  /** The install reports the server recorded for a customer. */
  installs(customerId: string): Array<Record<string, unknown> & { installId?: string }>;
  openConfigPage(org: DataverseEmulator, options?: { user?: string }): Promise<Page>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  mkdirSync(OUT, { recursive: true });
  const zipDir = mkdtempSync(path.join(os.tmpdir(), 'cra-e2e-zips-'));
  const zips = new Map<string, Buffer>();
  const orgs: DataverseEmulator[] = [];
  // The server signs with the real clock, so the browser (real time) accepts what it signs.
  const server = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(server);
  const browser = await launchChromium();
  const checker = serverResponseChecker(server.url);
  const answerChecks: Promise<void>[] = [];
  const answerMismatches: string[] = [];

  const world: World = {
    server,
    browser,
    async zip(version, line = '9.2', managed = true) {
      const key = `${version}@${line}${managed ? '' : ':unmanaged'}`;
      const existing = zips.get(key);
      if (existing) return existing;
      const rootCertPem = readFileSync(path.join(server.dataDir, 'root.pem'), 'utf8');
      const built = await buildSolution({
        version,
        line,
        managed,
        vendor: { serverUrl: server.url, addonId: 'docgen', solutionUniqueName: SOLUTION, rootCertPem, publisher: PUBLISHER },
        outDir: zipDir,
      });
      const bytes = readFileSync(built.zipPath);
      zips.set(key, bytes);
      return bytes;
    },
    async publishVersion(version, notes, line = '9.2', extra = {}) {
      const res = await publish(server, 'docgen', { version, kind: 'feature', platform: 'dynamics365', lines: [line], notes, ...extra }, await world.zip(version, line));
      if (res.status !== 201) throw new Error(`publish ${version} for ${line}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async org(options) {
      const org = await startDataverseEmulator({ importStepMs: 120, ...options });
      orgs.push(org);
      const res = await server.call('PATCH', '/v1/settings', { corsOrigins: orgs.map((o) => o.url) });
      if (res.status !== 200) throw new Error(`settings: ${JSON.stringify(res.body)}`);
      return org;
    },
    async paidCustomer(reference) {
      const today = calendarDateOf(server.clock.now().toISOString(), 'Europe/Berlin');
      const { customerId, licenceKey, invoice } = await customerWithOrder(server, today);
      const paid = await server.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: invoice.total.amount, paidAt: server.clock.now().toISOString(), reference });
      if (paid.status !== 201) throw new Error(`payment: ${JSON.stringify(paid.body)}`);
      return { customerId, licenceKey };
    },
    installs(customerId) {
      const db = new Database(path.join(server.dataDir, 'assurance.sqlite'), { readonly: true });
      try {
        const rows = db.prepare('SELECT data, install_id FROM installs WHERE customer_id = ? ORDER BY recorded_at').all(customerId) as Array<{ data: string; install_id: string | null }>;
        return rows.map((r) => ({ ...(JSON.parse(r.data) as Record<string, unknown>), ...(r.install_id ? { installId: r.install_id } : {}) }));
      } finally {
        db.close();
      }
    },
    async openConfigPage(org, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      await context.route('**/*', (route) => {
        const host = new URL(route.request().url()).hostname;
        return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
      });
      if (options.user) await context.addCookies([{ name: 'emulator_user', value: options.user, url: org.url }]);
      const page = await context.newPage();
      // Every answer the page gets from the update server is checked against the server's OpenAPI document, as the
      // harness's own client does (decision D54); world.close() fails on a mismatch. CORS preflights are the
      // browser's, not an API operation.
      page.on('response', (response) => {
        const request = response.request();
        if (!response.url().startsWith(server.url) || request.method() === 'OPTIONS') return;
        answerChecks.push(
          (async () => {
            const contentType = response.headers()['content-type'] ?? null;
            let body: unknown;
            if (contentType?.includes('application/json')) {
              try {
                body = await response.json();
              } catch {
                return; // the page went away before the body could be read: nothing to check
              }
            }
            try {
              (await checker)({ method: request.method(), url: response.url(), status: response.status(), contentType, body });
            } catch (error) {
              answerMismatches.push((error as Error).message);
            }
          })(),
        );
      });
      await page.goto(org.url + CONFIG_PAGE);
      return page;
    },
    async close() {
      await Promise.all(answerChecks);
      await browser.close();
      await Promise.all([...orgs.map((o) => o.close()), server.close().catch(() => undefined)]);
      rmSync(zipDir, { recursive: true, force: true });
      if (answerMismatches.length > 0) throw new Error(`the page got answers the OpenAPI document refuses:\n${answerMismatches.join('\n')}`);
    },
  };
  return world;
}

export const state = (page: Page, s: string) => page.waitForSelector(`body[data-state="${s}"]`, { timeout: 30_000 });
export const text = async (page: Page, testid: string) => (await page.textContent(`[data-testid="${testid}"]`))?.trim() ?? '';
export const setting = (org: DataverseEmulator, name: string) => org.tableRow(STATE_TABLE, name)?.nwa_value as string | undefined;

export async function waitFor(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Activates a licence on a freshly opened page (auto-update switched off first when asked). */
export async function activate(page: Page, org: DataverseEmulator, licenceKey: string, options: { autoUpdate?: boolean } = {}): Promise<void> {
  await state(page, 'needs-licence');
  if (options.autoUpdate === false) {
    await page.uncheck('[data-testid="auto-update-toggle"]');
    await waitFor(() => setting(org, 'autoUpdate') === 'no', 'the auto-update setting to be stored');
  }
  await page.fill('[data-testid="licence-key-input"]', licenceKey);
  await page.click('[data-testid="activate-button"]');
}
