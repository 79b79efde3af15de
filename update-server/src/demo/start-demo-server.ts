/**
 * Starts the demo vendor's server: a fresh data directory (or a demo one reused), the demo data seeded once,
 * and its summary (licence keys, customers, releases) written to DIR/demo.json. `writeDemoEnv` writes the shell
 * variables the README's commands need (`. ./demo.env`, issue #13).
 */
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock';
import { dataPaths } from '../config';
import { initDataDir, startServer, type RunningServer } from '../server';
import { DEMO_VENDOR, seedDemo, type DemoSummary } from './demo-vendor';
import type { OdooModuleBuilder } from './demo-odoo';

export interface DemoServerOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  corsOrigins?: string[];
  publicUrl?: string;
  clock: Clock;
  /**
   * The Odoo module builder for the demo's Odoo releases (issue #10), given the running server's URL and root
   * certificate (the module pins both). Without it the demo publishes no Odoo release.
   */
  odooModule?: (server: { url: string; rootCertPem: string }) => OdooModuleBuilder;
  /** Where the vendor console's built page is (tests build it into a folder of their own; default update-server/dist/console). */
  consoleDir?: string;
}

export interface RunningDemo {
  server: RunningServer;
  summary: DemoSummary;
  dataDir: string;
  adminApiKey: string;
  rootCert: string;
}

export async function startDemoServer(o: DemoServerOptions): Promise<RunningDemo> {
  const dataDir = path.resolve(o.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'assurance-demo-')));
  const demoFile = path.join(dataDir, 'demo.json');
  const fresh = !existsSync(dataPaths(dataDir).database);
  let adminApiKey: string;
  if (fresh) {
    await fs.mkdir(dataDir, { recursive: true });
    const init = await initDataDir({
      dataDir,
      vendorId: DEMO_VENDOR.vendorId,
      vendorName: DEMO_VENDOR.vendorName,
      settings: { timeZone: DEMO_VENDOR.timeZone, corsOrigins: o.corsOrigins ?? [] },
      clock: o.clock,
    });
    adminApiKey = init.adminApiKey;
  } else if (existsSync(demoFile)) {
    adminApiKey = JSON.parse(await fs.readFile(demoFile, 'utf8')).adminApiKey;
  } else {
    throw new Error(`${dataDir} holds a server that is not a demo; use \`assurance-server start\``);
  }
  const server = await startServer({
    dataDir,
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.host !== undefined ? { host: o.host } : {}),
    clock: o.clock,
    config: {
      extraCorsOrigins: o.corsOrigins ?? [],
      logLevel: process.env.LOG_LEVEL ?? 'warn',
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      ...(o.consoleDir ? { consoleDir: o.consoleDir } : {}),
    },
  });
  const rootCert = dataPaths(dataDir).rootCert;
  let summary: DemoSummary;
  if (fresh) {
    const odooModule = o.odooModule?.({ url: server.url, rootCertPem: await fs.readFile(rootCert, 'utf8') });
    summary = await seedDemo(server.url, adminApiKey, o.clock.now(), odooModule ? { odooModule } : {});
    await fs.writeFile(demoFile, JSON.stringify({ ...summary, url: server.url, dataDir, adminApiKey, rootCertificate: rootCert }, null, 2), { mode: 0o600 });
  } else {
    summary = JSON.parse(await fs.readFile(demoFile, 'utf8')) as DemoSummary;
  }
  return { server, summary, dataDir, adminApiKey, rootCert };
}

/** The file a shell sources to run the README's `assurance` commands against the demo (mode 0600: it holds the admin key). */
export const DEMO_ENV_FILE = 'demo.env';

export async function writeDemoEnv(dir: string, demo: Pick<RunningDemo, 'server' | 'adminApiKey'>): Promise<string> {
  const file = path.join(dir, DEMO_ENV_FILE);
  const text = [
    '# The demo vendor: `. ./demo.env` in a shell, then the README\'s `npx assurance ...` commands work as written.',
    `export ASSURANCE_SERVER=${demo.server.url}`,
    `export ASSURANCE_API_KEY=${demo.adminApiKey}`,
    '',
  ].join('\n');
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return file;
}
