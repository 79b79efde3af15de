/**
 * `npm run screenshots`: the README's pictures of the configuration page, taken from the real demo (`npm run demo`)
 * in headless Debian Chromium: Contoso (paid, an update offered), Fabrikam (renewal unpaid, the update withheld) and
 * the Odoo database of Vasa Verktyg (issue #10); and the vendor console's overview and fleet, signed in with the demo's
 * admin key (issue #15).
 * The demo runs on its usual ports for the duration and is stopped afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { launchChromium } from '../test/support/browser';

const ROOT = path.resolve(__dirname, '..');

async function startDemo(): Promise<{ pages: Array<{ url: string; key: string }>; console: { url: string; key: string }; stop: () => void }> {
  // The demo from its sources serves the console from update-server/dist/console: build it first.
  execFileSync(process.execPath, [path.join(ROOT, 'update-server/console/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
      if (out.includes('Ctrl+C stops the demo')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code}`)));
  });
  const urls = [...out.matchAll(/^ {2}open {3}(\S+)$/gm)].map((m) => m[1]);
  const keys = [...out.matchAll(/^ {2}type {3}(\S+)$/gm)].map((m) => m[1]);
  const consoleUrl = /open (\S+\/console) and sign in/.exec(out)?.[1];
  const adminKey = /^ {2}admin {4}(\S+)$/m.exec(out)?.[1];
  if (!consoleUrl || !adminKey) throw new Error('the demo printed no console address or admin key');
  return { pages: urls.map((url, i) => ({ url, key: keys[i] })), console: { url: consoleUrl, key: adminKey }, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

async function main(): Promise<void> {
  const demo = await startDemo();
  const browser = await launchChromium();
  try {
    const shots = ['docs/config-page.png', 'docs/config-page-withheld.png'];
    for (const [i, { url, key }] of demo.pages.slice(0, shots.length).entries()) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-state="needs-licence"]', { timeout: 30_000 });
      await page.fill('[data-testid="licence-key-input"]', key);
      await page.click('[data-testid="activate-button"]');
      await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
      await page.screenshot({ path: path.join(ROOT, shots[i]), fullPage: true });
      process.stdout.write(`wrote ${shots[i]}\n`);
      await context.close();
    }
    // The Odoo database (issue #10): sign in to Odoo as its administrator, then the OWL page of the add-on.
    const odoo = demo.pages.find((p) => p.url.includes('/web/login'));
    if (!odoo) throw new Error('the demo printed no Odoo page');
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(odoo.url);
    await page.fill('#login', 'admin');
    await page.fill('#password', 'admin');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.o_crma_config[data-state="needs-licence"]', { timeout: 30_000 });
    // Installing by hand, so the picture shows what is offered and what is withheld.
    await page.uncheck('[data-testid="auto-update-toggle"]');
    await page.fill('[data-testid="licence-key-input"]', odoo.key);
    await page.click('[data-testid="activate-button"]');
    await page.waitForSelector('.o_crma_config[data-state="ready"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(ROOT, 'docs/config-page-odoo.png'), fullPage: true });
    process.stdout.write('wrote docs/config-page-odoo.png\n');
    await context.close();

    // The vendor console (issue #15) at 1366×768: the overview, then the fleet.
    const vendor = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const consolePage = await vendor.newPage();
    await consolePage.goto(demo.console.url);
    await consolePage.fill('[data-testid="api-key"]', demo.console.key);
    await consolePage.click('[data-testid="sign-in"]');
    await consolePage.waitForSelector('[data-testid="signed-in-as"]');
    for (const [area, file] of [['overview', 'docs/console-overview.png'], ['fleet', 'docs/console-fleet.png']] as const) {
      await consolePage.goto(`${demo.console.url}/${area}`);
      await consolePage.waitForSelector('[data-testid="signed-in-as"]');
      await consolePage.waitForLoadState('networkidle');
      await consolePage.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null, undefined, { timeout: 30_000 });
      await consolePage.screenshot({ path: path.join(ROOT, file), fullPage: false });
      process.stdout.write(`wrote ${file}\n`);
    }
    await vendor.close();
  } finally {
    await browser.close();
    demo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
