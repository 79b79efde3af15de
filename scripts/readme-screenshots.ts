/**
 * `npm run screenshots`: the README's pictures of the configuration page, taken from the real demo (`npm run demo`)
 * in headless Debian Chromium: Contoso (paid, an update offered), Fabrikam (renewal unpaid, the update withheld) and
 * the Odoo database of Vasa Verktyg (issue #10).
 * The demo runs on its usual ports for the duration and is stopped afterwards.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchChromium } from '../test/support/browser';

const ROOT = path.resolve(__dirname, '..');

async function startDemo(): Promise<{ pages: Array<{ url: string; key: string }>; stop: () => void }> {
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
  return { pages: urls.map((url, i) => ({ url, key: keys[i] })), stop: () => process.kill(-child.pid!, 'SIGTERM') };
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
  } finally {
    await browser.close();
    demo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
