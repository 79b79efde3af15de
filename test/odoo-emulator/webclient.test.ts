/**
 * The emulator's web client in headless Chromium: log in through the /web/login form, open the client action of a
 * hand-made module imported through the API, see it render (owl from node_modules/@odoo/owl, `@odoo/owl` and
 * `@web/core/registry` provided to the module's web.assets_backend file); an asset that imports a module Odoo's
 * bundle would not provide, or (up to 17.0) one without the @odoo-module tag, does not load.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startOdooEmulator, type OdooEmulator, type OdooVersion } from './emulator';
import { componentJs, moduleZip } from './module-zip';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60000);
afterAll(() => browser?.close());

/** Opens `path`, which without a session redirects to the login form; logs in, then opens `path` again (a URL
 * fragment such as #action=… does not survive a form POST, in Odoo either). */
async function login(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  expect(page.url()).toContain('/web/login?redirect=');
  await page.fill('input[name=login]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/web/login')), page.click('button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe(path.split('#')[0]);
  if (path.includes('#')) {
    await page.goto('about:blank');
    await page.goto(`${url}${path}`);
  }
}

async function emulatorState(page: Page): Promise<{ ready: boolean; error: string | null; tag?: string }> {
  await page.waitForFunction(() => (window as unknown as { __odooEmulator?: { ready: boolean } }).__odooEmulator?.ready === true, undefined, { timeout: 15000 });
  return page.evaluate(() => (window as unknown as { __odooEmulator: { ready: boolean; error: string | null; tag?: string } }).__odooEmulator);
}

describe.each([
  ['17.0', '/web#action=tst_module.config'],
  ['18.0', '/odoo/action-tst_module.config'],
  ['16.0', '/web#action=tst_module.action_config'],
] as [OdooVersion, string][])('Odoo %s web client', (version, path) => {
  let emulator: OdooEmulator;
  beforeAll(async () => {
    emulator = await startOdooEmulator({ version, databases: [{ name: 'odoo', users: [{ login: 'admin', password: 'admin', groups: ['base.group_system'] }] }] });
    // Installed through the API, as an administrator would.
    const auth = await fetch(`${emulator.url}/web/session/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: 'odoo', login: 'admin', password: 'admin' } }) });
    const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0];
    const call = async (model: string, method: string, args: unknown[]) => {
      const res = await fetch(`${emulator.url}/web/dataset/call_kw/${model}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model, method, args, kwargs: {} } }) });
      const body = (await res.json()) as { result?: unknown; error?: unknown };
      if (body.error) throw new Error(JSON.stringify(body.error));
      return body.result;
    };
    const zip = await moduleZip({ version: `${version}.1.0.0`, js: componentJs('tst_module', `Rendered on ${version}`) });
    const id = await call('base.import.module', 'create', [{ module_file: zip.toString('base64'), state: 'init' }]);
    await call('base.import.module', 'import_module', [[id]]);
  });
  afterAll(() => emulator.close());

  test('logs in through the form and renders the client action with props { action }', async () => {
    const page = await browser.newPage();
    try {
      await login(page, emulator.url, path);
      const state = await emulatorState(page);
      expect(state).toMatchObject({ error: null, tag: 'tst_module.config' });
      expect(await page.textContent('.o_test_config h1')).toBe(`Rendered on ${version}`);
      expect(await page.textContent('.o_test_config .o_tag')).toBe('tst_module.config');
    } finally {
      await page.close();
    }
  });

  test('the login form refuses a wrong password and a missing CSRF token', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${emulator.url}/web/login`);
      await page.fill('input[name=login]', 'admin');
      await page.fill('input[name=password]', 'wrong');
      await page.click('button[type=submit]');
      expect(await page.textContent('.alert-danger')).toBe('Wrong login/password');
      const res = await fetch(`${emulator.url}/web/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=admin&password=admin&db=odoo' });
      expect(res.status).toBe(400);
    } finally {
      await page.close();
    }
  });
});

describe.each(['16.0', '17.0', '18.0'] as OdooVersion[])('Odoo %s web client refuses assets Odoo would not load', (version) => {
  let emulator: OdooEmulator;
  beforeEach(async () => {
    emulator = await startOdooEmulator({ version, databases: [{ name: 'odoo', users: [{ login: 'admin', password: 'admin', groups: ['base.group_system'] }] }] });
  });
  afterEach(() => emulator.close());

  async function open(js: string): Promise<{ error: string | null; text: string | null }> {
    await emulator.db('odoo').importModule(await moduleZip({ version: `${version}.1.0.0`, js }));
    const page = await browser.newPage();
    try {
      await login(page, emulator.url, version === '18.0' ? '/odoo/action-tst_module.config' : '/web#action=tst_module.config');
      const state = await emulatorState(page);
      return { error: state.error, text: await page.textContent('.o_action_manager') };
    } finally {
      await page.close();
    }
  }

  test('an import of a module Odoo does not provide to the bundle', async () => {
    const js = componentJs('tst_module').replace('import { registry } from "@web/core/registry";', 'import { registry } from "@web/core/registry";\nimport { useService } from "@web/core/utils/hooks";');
    const { error, text } = await open(js);
    expect(error).toContain('The following modules are needed by other modules but have not been defined');
    expect(error).toContain('@web/core/utils/hooks');
    expect(text).toBe('');
  });

  test('a file without the @odoo-module tag (transpiled only on 18.0)', async () => {
    const { error, text } = await open(componentJs('tst_module', 'untagged').replace('/** @odoo-module **/\n', ''));
    if (version === '18.0') {
      expect(error).toBeNull();
      expect(text).toContain('untagged');
    } else {
      expect(error).toContain('Cannot use import statement outside a module');
      expect(text).toBe('');
    }
  });
});
