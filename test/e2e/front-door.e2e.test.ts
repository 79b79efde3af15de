/**
 * Issue #13, the admin's path on the configuration page, in headless Chromium against a real update server and the
 * Dataverse emulator: each mistake an admin makes gets plain words at the field it is about (tied with
 * aria-describedby) and a next step; the key can be changed; and axe-core finds no accessibility violation at
 * 1366×768 nor at 400 px wide, where the page fits without scrolling sideways.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { settingRowId } from '../../addon/src/dataverse/state-table';
import type { DataverseEmulator } from '../dataverse-emulator/emulator';
import { state, startWorld, text, type World } from './world';

let world: World;
let org: DataverseEmulator;

beforeAll(async () => {
  world = await startWorld();
  org = await world.org({ orgId: 'f0f0f0f0-3333-4333-8333-000000000003', orgUniqueName: 'frontdoor' });
  await org.install(await world.zip('1.0.0.0'));
  await world.publishVersion('1.1.0.0', 'Templates for quotes.');
  // The admin keeps auto-update off here: the page stays on the offered update instead of installing it.
  org.writeRow('nwa_docgenstate', await settingRowId('nwa_docgenstate', 'autoUpdate'), { nwa_name: 'autoUpdate', nwa_value: 'no' });
}, 240_000);
afterAll(() => world?.close());

/** The error shown at an input: its text, and that the input points at it. */
async function fieldError(page: Page, inputId: string): Promise<string> {
  await page.waitForSelector(`#${inputId}-error`);
  expect(await page.getAttribute(`#${inputId}`, 'aria-invalid')).toBe('true');
  expect(await page.getAttribute(`#${inputId}`, 'aria-describedby')).toBe(`${inputId}-error`);
  return (await page.textContent(`#${inputId}-error`))?.trim() ?? '';
}

async function typeKey(page: Page, key: string): Promise<void> {
  await page.fill('#licence-key', key);
  await page.click('[data-testid="activate-button"]');
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.join(require.resolve('axe-core'), '..', 'axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  return result;
}

test('typed mistakes get plain words at the key field, and the key of another customer names the way out', async () => {
  const first = await world.paidCustomer('FD-1');
  const other = await world.paidCustomer('FD-2');
  const page = await world.openConfigPage(org);
  await state(page, 'needs-licence');

  await typeKey(page, '   ');
  expect(await fieldError(page, 'licence-key')).toBe('Type the licence key from your order confirmation.');
  await typeKey(page, 'CRMA-123');
  expect(await fieldError(page, 'licence-key')).toMatch(/^A licence key looks like CRMA-7K2QF-M9XDR-4HV8T-PW3NC\./);
  await typeKey(page, 'CRMA-AAAAA-BBBBB-CCCCC-DDDDD');
  expect(await fieldError(page, 'licence-key')).toMatch(/^This licence key is not valid\. Check it against your order confirmation; if the vendor issued you a new key, type the new one\.$/);
  // The validator's own words never reach the admin.
  expect(await page.textContent('body')).not.toMatch(/Too small|expected string|>=/);
  expect(org.tableRow('nwa_docgenstate', 'licenceKey')).toBeUndefined();

  await typeKey(page, first.licenceKey);
  await state(page, 'ready');
  expect(await page.$('#licence-key-error')).toBeNull();
  expect(await text(page, 'licence-status')).toMatch(/^Licensed to /);

  // Another customer's key on this org: refused at the field with the next step; the licence in force stays.
  await page.click('[data-testid="change-key"] summary');
  await typeKey(page, other.licenceKey);
  expect(await fieldError(page, 'licence-key')).toMatch(/already activated with another customer’s licence.*ask the vendor to release the organisation/);
  expect(await text(page, 'licence-status')).toMatch(/^Licensed to /);

  // The vendor re-issues the first key: the admin types the new one under "Change licence key".
  const keyId = (await world.server.call('GET', `/v1/customers/${first.customerId}`)).body.licenceKeys[0].id as string;
  const reissued = await world.server.call('POST', `/v1/customers/${first.customerId}/licence-keys/${keyId}/reissue`, { reason: 'typed into a chat' });
  await page.reload();
  await state(page, 'needs-licence');
  expect(await text(page, 'licence-status')).toMatch(/no longer valid.*Type the new licence key/);
  await typeKey(page, reissued.body.licenceKey as string);
  await state(page, 'ready');
  expect(await text(page, 'licence-status')).toMatch(/^Licensed to /);
  await page.context().close();

  // The same key in a second production org: the licence allows one; the page says what to do, at the key.
  const second = await world.org({ orgId: 'f0f0f0f0-3333-4333-8333-000000000004', orgUniqueName: 'frontdoor2' });
  await second.install(await world.zip('1.0.0.0'));
  const other2 = await world.openConfigPage(second);
  await state(other2, 'needs-licence');
  await typeKey(other2, reissued.body.licenceKey as string);
  expect(await fieldError(other2, 'licence-key')).toMatch(/already in use in as many organisations as it allows.*Ask the vendor to release one of them.*or type a licence key bought for this organisation/);
  expect(second.tableRow('nwa_docgenstate', 'licenceKey')).toBeUndefined();
  // The id the message tells the admin to quote is on the page.
  expect(await text(other2, 'org-id')).toBe('f0f0f0f0-3333-4333-8333-000000000004');
  await other2.context().close();
}, 120_000);

test('a support request with a wrong e-mail address is stopped at that field, and nothing is filed', async () => {
  const page = await world.openConfigPage(org);
  await state(page, 'ready');
  await page.fill('#support-summary', 'Quotes stop generating');
  await page.fill('#support-description', 'Since the update no quote document is generated.');
  await page.fill('#support-contact-email', 'dana at litware');
  await page.click('[data-testid="support-submit"]');
  expect(await fieldError(page, 'support-contact-email')).toBe('Type an e-mail address like name@example.com, or leave it empty.');
  expect((await world.server.call('GET', '/v1/support-requests')).body.requests).toEqual([]);
  await page.fill('#support-contact-email', 'dana@litware.example');
  await page.click('[data-testid="support-submit"]');
  await page.waitForSelector('[data-testid="message"][data-kind="success"]');
  expect(await page.$('#support-contact-email-error')).toBeNull();
  await page.context().close();
}, 60_000);

test.each([
  [1366, 768],
  [400, 800],
])('axe finds no violation at %i px wide, and the page fits the width', async (width, height) => {
  const page = await world.openConfigPage(org);
  await page.setViewportSize({ width, height });
  await state(page, 'ready');
  await page.waitForSelector('[data-testid="support-item"]');
  // The install progress is hidden until an install runs: show it as an install does, so axe checks it too.
  await page.evaluate(() => {
    const wrap = document.querySelector<HTMLElement>('.progress')!;
    wrap.hidden = false;
    wrap.querySelector('.phase')!.textContent = 'Downloading … 40%';
    document.querySelector('[data-testid="progress-bar"]')!.setAttribute('aria-valuenow', '40');
  });
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await page.context().close();
}, 60_000);
