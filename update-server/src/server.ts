/**
 * A data directory and a running server:
 * - `initDataDir` creates the SQLite store, the vendor's root + signing certificates (license-core's
 *   generateVendorKeys; key files mode 0600, outside SQLite), the download-token secret and the first admin API
 *   key (returned once, stored hashed);
 * - `startServer` opens a data directory, creates the app and listens; then, a little later (decision U78), it runs the
 *   renewal billing hourly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { calendarDateOf } from '@crm-assurance/license-core';
import { generateVendorKeys } from '@crm-assurance/license-core/node';
import pino, { type Logger } from 'pino';
import { createApp, type AssuranceApp } from './app';
import { newId } from './app-context';
import { createArtifactStore } from './artifacts/artifact-store';
import { newApiKey } from './auth/api-keys';
import { systemClock, type Clock } from './clock';
import { dataPaths, defaultConfig, type ServerConfig } from './config';
import { runRenewalBilling } from './renewal-billing';
import { certificateHealth, loadSigningKeys, type SigningKeys } from './signing-keys';
import { openStore } from './store/open-store';
import { DEFAULT_SETTINGS, type VendorSettings } from './store/store';

export interface InitOptions {
  dataDir: string;
  vendorId: string;
  vendorName: string;
  settings?: Partial<Omit<VendorSettings, 'vendorId' | 'vendorName'>>;
  clock?: Clock;
  /** A `postgres://` URL: the store is that database instead of the data directory's SQLite file (issue #14, U63). */
  database?: string;
}

export interface InitResult {
  dataDir: string;
  adminApiKey: string;
  rootCertPath: string;
  settings: VendorSettings;
}

async function writeSecret(file: string, data: string | Buffer): Promise<void> {
  await fs.writeFile(file, data, { mode: 0o600, flag: 'wx' });
  await fs.chmod(file, 0o600);
}

export async function initDataDir(options: InitOptions): Promise<InitResult> {
  const paths = dataPaths(options.dataDir);
  const clock = options.clock ?? systemClock;
  if (existsSync(paths.database) || existsSync(paths.signingKey)) {
    throw new Error(`${options.dataDir} is initialised already (found ${existsSync(paths.database) ? paths.database : paths.signingKey})`);
  }
  if (options.database) await refuseInitialisedDatabase(options.database);
  // Issue #13: a data directory made inside a repository is never committed (it holds the keys): git ignores it all.
  // Only a directory init makes (or finds empty) gets that `.gitignore`: `--data .` in a repository must not hide the
  // repository, and a `.gitignore` already there is the vendor's.
  const fresh = !existsSync(options.dataDir) || (await fs.readdir(options.dataDir)).length === 0;
  await fs.mkdir(paths.keys, { recursive: true, mode: 0o700 });
  if (fresh) await fs.writeFile(path.join(options.dataDir, '.gitignore'), '# crm-assurance data: keys, the store and artifacts; never commit it\n*\n', { flag: 'wx' });
  await fs.chmod(paths.keys, 0o700);
  const now = clock.now();
  const keys = generateVendorKeys({ vendorId: options.vendorId, vendorName: options.vendorName, now });
  await writeSecret(paths.rootKey, keys.root.keyPem);
  await writeSecret(paths.signingKey, keys.signing.keyPem);
  await fs.writeFile(paths.signingCert, keys.signing.certPem, { flag: 'wx' });
  await fs.writeFile(paths.rootCert, keys.root.certPem, { flag: 'wx' });
  await writeSecret(paths.downloadSecret, randomBytes(32).toString('base64'));
  await createArtifactStore(paths.artifacts);

  const settings: VendorSettings = { vendorId: options.vendorId, vendorName: options.vendorName, ...DEFAULT_SETTINGS, ...options.settings };
  const store = await openStore(options.database ?? paths.database);
  try {
    await store.saveSettings(settings);
    const { secret, record } = newApiKey({ id: newId('akey'), name: 'admin (created by init)', role: 'admin', now });
    await store.insertApiKey(record);
    return { dataDir: options.dataDir, adminApiKey: secret, rootCertPath: paths.rootCert, settings };
  } finally {
    await store.close();
  }
}

/** U63: a database that has vendor settings belongs to a data directory already; init never overwrites it. */
async function refuseInitialisedDatabase(database: string): Promise<void> {
  const store = await openStore(database);
  try {
    if (await store.getSettings()) throw new Error(`--database: the database is initialised already (it has vendor settings); start with it instead`);
  } finally {
    await store.close();
  }
}

export interface StartOptions {
  dataDir: string;
  /** A `postgres://` URL: the store is that database (several instances may share it with one data directory's keys). */
  database?: string;
  port?: number;
  host?: string;
  clock?: Clock;
  config?: Partial<ServerConfig>;
  log?: Logger;
}

export interface RunningServer {
  app: AssuranceApp;
  server: Server;
  url: string;
  port: number;
  /** Reads the signing keys again after `rotate-signing-key` / `revoke-signing-cert` (the CLI's `start` does it on SIGHUP). */
  reloadSigningKeys(): Promise<SigningKeys>;
  /**
   * Stops gracefully (decision U65): no new connections, the requests in flight are answered, then the store
   * closes. After `graceMs` (default the config's `shutdownGraceMs`) the connections still open are cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Decision U39: say at start (and after a reload) which certificate signs, and warn before it expires. */
function reportSigningKeys(keys: SigningKeys & { recovered: string }, now: Date, log: Logger): void {
  if (keys.recovered !== 'none') log.warn({ outcome: keys.recovered }, 'an interrupted signing-key rotation was completed or undone');
  const health = certificateHealth(keys.current, now);
  const fields = { serial: keys.current.serial, notAfter: keys.current.notAfter, daysLeft: health.daysLeft, revoked: keys.revoked.length };
  if (health.status === 'expired') log.error(fields, 'the signing certificate has EXPIRED: add-ons refuse every document; run `assurance-server rotate-signing-key`');
  else if (health.status === 'expiring') log.warn(fields, `the signing certificate expires in ${health.daysLeft} days: run \`assurance-server rotate-signing-key\``);
  else log.info(fields, 'signing certificate');
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const paths = dataPaths(options.dataDir);
  if (!existsSync(options.database ? paths.signingKey : paths.database)) throw new Error(`${options.dataDir} is not initialised: run \`assurance-server init --data ${options.dataDir}\``);
  const config = defaultConfig(options.dataDir, options.config);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? pino({ level: config.logLevel });
  const store = await openStore(options.database ?? paths.database);
  const settings = await store.getSettings();
  if (!settings) throw new Error(`${options.dataDir} has no vendor settings`);
  const secret = await fs.readFile(paths.downloadSecret, 'utf8');
  const keys = await loadSigningKeys(options.dataDir, settings.vendorId);
  reportSigningKeys(keys, clock.now(), log);
  const artifacts = await createArtifactStore(paths.artifacts, { cleanScratch: true });
  if (artifacts.scratchRemoved.files > 0) log.warn({ ...artifacts.scratchRemoved }, 'removed upload scratch files left by an earlier process');
  const app = createApp({ store, artifacts, signer: keys.signer, revokedCerts: keys.revoked.map((r) => r.serial), config, clock, downloadSecret: Buffer.from(secret.trim(), 'base64'), log });

  // Not app.listen: Express 5 calls its callback on a listen error too, and a busy port then crashed on address().
  // Decision U65: while the server shuts down, every answer carries `Connection: close`, so a keep-alive client
  // does not send its next request on a connection about to close, and the requests in flight are counted.
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    app(req, res);
  });
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`--port: ${host}:${port} is in use by another program; stop it or choose another port (--port ${port + 1})`);
    if (code === 'EACCES') throw new Error(`--port: this user may not listen on ${host}:${port}; choose a port above 1023`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`--host: ${host} is not an address of this machine`);
    throw error;
  }
  // Daily renewal billing (SPEC §2: invoiced on 1 January); idempotent, so hourly checks are harmless.
  // Decision U78: the first run starts `firstBillingDelayMs` after listen, not at once: on SQLite a run reads every
  // customer without yielding, and a run at start kept the first /healthz waiting (1.2 s at 10,000 customers).
  // It stays exclusive (U62: `waitMs: 0` skips the hour when another instance runs it; `billingRun` here).
  let billingTimer: NodeJS.Timeout | undefined;
  let firstBilling: NodeJS.Timeout | undefined;
  let billingRun: Promise<void> | undefined;
  if (config.dailyBilling) {
    const bill = (): void => {
      if (closing || billingRun) return;
      const ctx = app.locals.ctx;
      billingRun = ctx
        .settings()
        // U62: when another instance is running it now, this one skips the hour (waits for nothing).
        .then((s) => runRenewalBilling(store, s, calendarDateOf(clock.now().toISOString(), s.timeZone), clock.now(), {}, log, { waitMs: 0 }))
        .then((r) => {
          if (r.busy) log.info({ date: r.date }, 'renewal billing: another instance is running it');
          if (r.issued.length > 0) log.info({ date: r.date, issued: r.issued.length }, 'renewal invoices issued');
        })
        .catch((err: unknown) => log.error({ err }, 'renewal billing failed'))
        .finally(() => {
          billingRun = undefined;
        });
    };
    firstBilling = setTimeout(() => {
      bill();
      billingTimer = setInterval(bill, 60 * 60 * 1000);
      billingTimer.unref();
    }, config.firstBillingDelayMs);
    firstBilling.unref();
  }

  server.keepAliveTimeout = 5000;
  const address = server.address() as AddressInfo;
  const listening = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${listening === '0.0.0.0' ? '127.0.0.1' : listening}:${address.port}`;
  log.info({ url, dataDir: config.dataDir, vendor: settings.vendorId }, 'update server listening');
  let closed: Promise<void> = Promise.resolve();
  return {
    app,
    server,
    url,
    port: address.port,
    async reloadSigningKeys() {
      const reloaded = await loadSigningKeys(options.dataDir, settings.vendorId);
      app.locals.ctx.documents.useKeys(reloaded.signer, reloaded.revoked.map((r) => r.serial));
      reportSigningKeys(reloaded, clock.now(), log);
      return reloaded;
    },
    async close(closeOptions = {}) {
      // Decision U65: a graceful stop. No new connections; the requests in flight finish (an upload, a payment)
      // and each is answered before its connection closes; idle keep-alive connections close at once. Only after
      // `graceMs` are the connections still open cut. The billing run in progress ends its customer (each one is
      // its own transaction, U34) before the store closes, so nothing acknowledged is lost.
      if (closing) return closed;
      closing = true;
      const graceMs = closeOptions.graceMs ?? config.shutdownGraceMs;
      if (firstBilling) clearTimeout(firstBilling);
      if (billingTimer) clearInterval(billingTimer);
      closed = (async () => {
        const pending = inFlight.size;
        if (pending > 0) log.info({ inFlight: pending, graceMs }, 'shutting down: finishing the requests in flight');
        let forced = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A connection whose answer has just been sent becomes idle: close it too, until none is left.
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          const cut = setTimeout(() => {
            forced = inFlight.size > 0;
            server.closeAllConnections();
          }, graceMs);
          server.once('close', () => {
            clearInterval(sweep);
            clearTimeout(cut);
          });
        });
        if (forced) log.warn({ graceMs }, 'shutdown grace period over: the requests still in flight were cut');
        if (billingRun) await billingRun;
        await store.close();
        log.info('update server stopped');
      })();
      return closed;
    },
  };
}
