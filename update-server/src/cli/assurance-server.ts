/**
 * `assurance-server`: creates a data directory, serves it, or runs the demo vendor.
 *
 *   assurance-server init  --data DIR [--vendor-id ID --vendor-name NAME --time-zone TZ --cors-origin O ...]
 *   assurance-server start --data DIR [--port P --host H --cors-origin O ... --public-url URL] [--database postgres://…]
 *   assurance-server demo  [--data DIR] [--port P] [--cors-origin O ...]
 *   assurance-server create-api-key      --data DIR --name N --role R [--partner P] [--shell]   (a lost key, a script's own key)
 *   assurance-server signing-keys        --data DIR            the signing certificates: current, retired, revoked
 *   assurance-server rotate-signing-key  --data DIR [--revoke-reason TEXT] [--validity-years N]
 *   assurance-server revoke-signing-cert --data DIR --serial HEX --reason TEXT
 * A running server picks up rotated keys and revocations on SIGHUP (or at its next start).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { createSettableClock, systemClock, type Clock } from '../clock';
import { type DemoSummary } from '../demo/demo-vendor';
import { startDemoServer, writeDemoEnv } from '../demo/start-demo-server';
import { dataPaths } from '../config';
import { initDataDir, startServer, type RunningServer } from '../server';
import { certificateHealth, loadSigningKeys, revokeSigningCertificate, rotateSigningKey } from '../signing-keys';
import { openSqliteStore } from '../store/sqlite-store';
import { API_KEY_ROLES } from '../store/store';
import { newApiKey } from '../auth/api-keys';
import { newId } from '../app-context';
import type { CommandOptions } from './command-options';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: expected 0..65535, got ${value}`);
  return n;
}

function clockFrom(asOf: string | undefined): Clock {
  if (!asOf) return systemClock;
  const clock = createSettableClock(asOf);
  return clock;
}

/** SIGHUP: read the signing keys again (after rotate-signing-key or revoke-signing-cert), without a restart. */
function reloadOnHangup(server: RunningServer): void {
  process.on('SIGHUP', () => {
    server
      .reloadSigningKeys()
      .then((keys) => process.stderr.write(`signing keys reloaded: certificate ${keys.current.serial}, ${keys.revoked.length} revoked\n`))
      .catch((error: unknown) => process.stderr.write(`signing keys NOT reloaded (still signing with the previous key): ${(error as Error).message}\n`));
  });
}

/** The store of an initialised data directory (the key commands need one), or a clear error naming --data. */
function initialisedStore(dataDir: string): string {
  const file = dataPaths(dataDir).database;
  if (!existsSync(file)) throw new Error(`--data: ${dataDir} is not initialised (run \`assurance-server init --data ${dataDir}\`)`);
  return file;
}

async function vendorNameOf(dataDir: string): Promise<string> {
  const file = initialisedStore(dataDir);
  const store = openSqliteStore(file);
  try {
    const settings = await store.getSettings();
    if (!settings) throw new Error(`--data: ${dataDir} has no vendor settings`);
    return settings.vendorName;
  } finally {
    await store.close();
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function stopOnSignals(server: RunningServer): void {
  const stop = (): void => {
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const program = new Command();
program.name('assurance-server').description('The crm-assurance update server').showHelpAfterError();

program
  .command('init')
  .description('create the store, the vendor root + signing certificates and an admin API key (printed once)')
  .requiredOption('--data <dir>', 'data directory')
  .option('--vendor-id <id>', 'vendor id (the iss of signed documents)', 'vendor')
  .option('--vendor-name <name>', 'vendor name', 'My Add-on Company')
  .option('--time-zone <tz>', 'IANA time zone of contract dates', 'Europe/Berlin')
  .option('--rate-bp <bp>', 'assurance rate in basis points', '1800')
  .option('--sandbox-orgs <n>', 'sandbox orgs allowed per customer', '2')
  .option('--cors-origin <origin>', "CRM origin allowed to call the add-on routes (repeatable)", collect)
  .option('--database <url>', 'a postgres:// URL: keep the store in that PostgreSQL database instead of the data directory (keys and artifacts stay there)')
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    const result = await initDataDir({
      dataDir: o.data,
      ...(o.database ? { database: String(o.database) } : {}),
      vendorId: o.vendorId,
      vendorName: o.vendorName,
      settings: {
        timeZone: o.timeZone,
        assuranceRateBp: Number(o.rateBp),
        sandboxOrgsAllowed: Number(o.sandboxOrgs),
        corsOrigins: o.corsOrigin ?? [],
      },
    });
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ dataDir: path.resolve(result.dataDir), adminApiKey: result.adminApiKey, rootCertificate: path.resolve(result.rootCertPath), settings: result.settings }, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      [
        `Initialised ${path.resolve(result.dataDir)} for ${result.settings.vendorName} (${result.settings.vendorId}).`,
        '',
        `Admin API key (shown once, keep it safe):`,
        `  ${result.adminApiKey}`,
        '',
        `Root certificate (pin it into the add-on): ${path.resolve(result.rootCertPath)}`,
        `Start with: assurance-server start --data ${o.data} --port 8080`,
        '',
      ].join('\n'),
    );
  });

program
  .command('start')
  .description('serve a data directory')
  .requiredOption('--data <dir>', 'data directory')
  .option('--port <port>', 'port', port, 8080)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--cors-origin <origin>', 'extra CRM origin for the add-on routes (repeatable)', collect)
  .option('--public-url <url>', 'public base URL for download links')
  .option('--upload-limit-mb <mb>', 'largest release file in MiB', '256')
  .option('--rate-limit <n>', 'add-on requests per minute per client', '120')
  .option('--trust-proxy', 'trust X-Forwarded-* headers')
  .option('--as-of <instant>', 'run the server clock from this instant (demos, tests)')
  .option('--database <url>', 'the postgres:// URL the data directory was initialised with (several instances may share it)')
  .action(async (o: CommandOptions) => {
    const server = await startServer({
      dataDir: o.data,
      ...(o.database ? { database: String(o.database) } : {}),
      port: o.port,
      host: o.host,
      clock: clockFrom(o.asOf),
      config: {
        extraCorsOrigins: o.corsOrigin ?? [],
        uploadLimitBytes: Number(o.uploadLimitMb) * 1024 * 1024,
        addonRateLimit: { windowMs: 60_000, max: Number(o.rateLimit) },
        trustProxy: Boolean(o.trustProxy),
        ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      },
    });
    process.stderr.write(`assurance-server listening on ${server.url}\n`);
    stopOnSignals(server);
    reloadOnHangup(server);
  });

program
  .command('create-api-key')
  .description('create a vendor API key in a data directory, without a running server (the first one, or after losing the admin key)')
  .requiredOption('--data <dir>', 'data directory')
  .requiredOption('--name <name>', 'who or what uses the key')
  .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES).makeOptionMandatory())
  .option('--partner <partnerId>', 'the partner id of a partner key')
  .option('--shell', 'print `export ASSURANCE_API_KEY=…` for eval "$(…)"')
  .action(async (o: CommandOptions) => {
    if ((o.role === 'partner') !== (o.partner !== undefined)) throw new Error('--partner: a partner key needs its partner id, and only a partner key has one');
    const store = openSqliteStore(initialisedStore(o.data));
    try {
      const { secret, record } = newApiKey({ id: newId('akey'), name: String(o.name), role: o.role, now: new Date(), ...(o.partner ? { partnerId: String(o.partner) } : {}) });
      await store.insertApiKey(record);
      if (o.shell) process.stdout.write(`export ASSURANCE_API_KEY=${secret}\n`);
      else process.stdout.write(`${o.role} API key ${record.id} (${record.name}), shown once:\n  ${secret}\n`);
    } finally {
      await store.close();
    }
  });

program
  .command('signing-keys')
  .description('list the signing certificates of a data directory: the current one, retired ones and revoked ones')
  .requiredOption('--data <dir>', 'data directory')
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    initialisedStore(o.data);
    const keys = await loadSigningKeys(o.data, 'list');
    const now = new Date();
    const revokedBy = new Map(keys.revoked.map((r) => [r.serial, r]));
    const rows = [{ ...keys.current, role: 'current' }, ...keys.retired.map((c) => ({ ...c, role: 'retired' }))].map((c) => ({
      ...c,
      ...certificateHealth(c, now),
      ...(revokedBy.has(c.serial) ? { revoked: revokedBy.get(c.serial) } : {}),
    }));
    if (o.json) {
      printJson({ certificates: rows, revoked: keys.revoked });
      return;
    }
    for (const c of rows) {
      const state = c.revoked ? `REVOKED ${c.revoked.revokedAt.slice(0, 10)} (${c.revoked.reason})` : c.status === 'expired' ? 'expired' : `${c.status}, ${c.daysLeft} days left`;
      process.stdout.write(`${c.role.padEnd(8)} ${c.serial}  ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}  ${state}\n`);
    }
  });

program
  .command('rotate-signing-key')
  .description('issue a new signing key and certificate from the root; the old certificate stays valid for verification (or is revoked with --revoke-reason)')
  .requiredOption('--data <dir>', 'data directory')
  .option('--validity-years <n>', 'validity of the new certificate in years (capped by the root)', '2')
  .option('--revoke-reason <text>', 'also revoke the certificate being replaced (its key leaked); listed in every manifest from now on')
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    const years = Number(o.validityYears);
    if (!Number.isInteger(years) || years < 1 || years > 10) throw new Error(`--validity-years: expected 1..10, got ${o.validityYears}`);
    const result = await rotateSigningKey(o.data, { now: new Date(), vendorName: await vendorNameOf(o.data), validityYears: years, ...(o.revokeReason !== undefined ? { revokeReason: o.revokeReason } : {}) });
    if (o.json) {
      printJson(result);
      return;
    }
    process.stdout.write(
      [
        `New signing certificate ${result.current.serial}, valid until ${result.current.notAfter}.`,
        result.revoked
          ? `Revoked ${result.previous.serial}: every manifest lists it, and add-ons refuse documents it signed once they have read one.`
          : `The previous certificate ${result.previous.serial} stays valid for verification until ${result.previous.notAfter}.`,
        'A running server signs with the new key after `kill -HUP <pid>` (or a restart).',
        '',
      ].join('\n'),
    );
  });

program
  .command('revoke-signing-cert')
  .description('revoke a retired signing certificate (its key leaked); listed in every manifest from now on')
  .requiredOption('--data <dir>', 'data directory')
  .requiredOption('--serial <hex>', 'the certificate serial (see `signing-keys`)')
  .requiredOption('--reason <text>', 'why it is revoked')
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    initialisedStore(o.data);
    const revoked = await revokeSigningCertificate(o.data, { serial: String(o.serial), reason: String(o.reason), now: new Date() });
    if (o.json) printJson(revoked);
    else process.stdout.write(`Revoked ${revoked.serial} (${revoked.reason}). A running server lists it after \`kill -HUP <pid>\` (or a restart).\n`);
  });

function printDemo(summary: DemoSummary, info: { url: string; dataDir: string; adminApiKey: string; rootCert: string }): void {
  const lines = [
    '',
    `Demo vendor ${summary.vendor.vendorName} (${summary.vendor.timeZone}), today ${summary.today}`,
    `  server        ${info.url}`,
    `  data dir      ${info.dataDir}`,
    `  admin key     ${info.adminApiKey}`,
    `  partner key   ${summary.partnerApiKey}  (alpine-partners)`,
    `  root cert     ${info.rootCert}`,
    `  OpenAPI       ${info.url}/v1/openapi.json`,
    '',
    'Customers and their licence keys (type one into the add-on\'s configuration page):',
    ...summary.customers.map(
      (c) => `  ${c.state.padEnd(20)} ${c.licenceKey}  ${c.id}  ${c.name}${c.orgId ? `  [org ${c.orgId}, ${c.platformVersion}]` : ''}\n  ${''.padEnd(20)} ${c.note}`,
    ),
    '',
    'Try (in another terminal in this directory; demo.env holds the two variables below):',
    `  . ./demo.env          # export ASSURANCE_SERVER=${info.url} ASSURANCE_API_KEY=…`,
    `  npx assurance contract --customer ${summary.customers[1]?.id ?? 'fabrikam'}`,
    `  npx assurance explain --customer ${summary.customers[1]?.id} --release ${summary.releases.find((r) => r.version === '3.0.0.0')?.id ?? '<release id>'} --platform-version 9.2.24012.196`,
    `  npx assurance addon releases --addon docgen`,
    `(The same summary is in ${path.join(info.dataDir, 'demo.json')}.)`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

program
  .command('demo')
  .description('start a server populated with the demo vendor (a fresh data directory unless --data names one)')
  .option('--data <dir>', 'data directory (reused if it holds a demo already)')
  .option('--port <port>', 'port', port, 8080)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--cors-origin <origin>', 'CRM origin for the add-on routes (repeatable)', collect)
  .option('--public-url <url>', 'public base URL for download links')
  .option('--as-of <instant>', 'run the demo at another instant, e.g. 2022-06-15T10:00:00Z (vendor views only: documents signed then do not verify in real time)')
  .option('--json', 'print the demo summary as JSON on stdout')
  .action(async (o: CommandOptions) => {
    const clock = clockFrom(o.asOf);
    if (o.asOf) process.stderr.write(`demo clock starts at ${clock.now().toISOString()}: signed licences, entitlements and manifests carry that time and will not verify against a real clock\n`);
    const { server, summary, dataDir, adminApiKey, rootCert } = await startDemoServer({
      ...(o.data ? { dataDir: o.data } : {}),
      port: o.port,
      host: o.host,
      corsOrigins: o.corsOrigin ?? [],
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      clock,
    });
    stopOnSignals(server);
    await writeDemoEnv(process.cwd(), { server, adminApiKey });
    if (o.json) process.stdout.write(`${JSON.stringify({ ...summary, url: server.url, dataDir, adminApiKey, rootCertificate: rootCert }, null, 2)}\n`);
    else printDemo(summary, { url: server.url, dataDir, adminApiKey, rootCert });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
