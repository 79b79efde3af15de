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
 *   assurance-server backup  --data DIR --to FILE [--passphrase TEXT] [--database postgres://…]   (or env ASSURANCE_BACKUP_PASSPHRASE, ASSURANCE_DATABASE)
 *   assurance-server restore FILE --data NEWDIR [--passphrase TEXT] [--database postgres://…/emptydb]
 * A running server picks up rotated keys and revocations on SIGHUP (or at its next start).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createSettableClock, systemClock, type Clock } from '../clock';
import type { DemoSummary } from '../demo/demo-vendor';
import { dataPaths } from '../config';
import { initDataDir, startServer, type RunningServer } from '../server';
import { certificateHealth, loadSigningKeys, revokeSigningCertificate, rotateSigningKey } from '../signing-keys';
import { openSqliteStore } from '../store/sqlite-store';
import { API_KEY_ROLES } from '../store/store';
import { newApiKey } from '../auth/api-keys';
import { newId } from '../app-context';
import type { CommandOptions } from './command-options';
import { onUse } from '../on-use';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0..65535');
  return n;
}

/** A whole-number option in [min, max] (commander's error names the flag or the variable it came from, U66). */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number ${min}..${max}`);
    return n;
  };
}

/** A yes/no option: the bare flag is yes; a value (from the flag or its variable) must say which (U66). */
function yesNo(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new InvalidArgumentError('expected yes or no');
}

/** An nginx location path: starts and ends with `/`, plain path characters only (U68). */
function accelLocation(value: string): string {
  if (!/^\/[A-Za-z0-9._~/-]*\/$/.test(value)) throw new InvalidArgumentError('expected a location path that starts and ends with /, e.g. /_artifacts/');
  return value;
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

/**
 * SIGTERM / SIGINT: a graceful stop (decision U65): the requests in flight finish, then the store closes and the
 * process exits 0. A second signal while stopping exits at once (1), as an impatient Ctrl-C expects.
 */
function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: stopping now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`${signal}: stopping (finishing the requests in flight)\n`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
  .addOption(new Option('--database <url>', 'a postgres:// URL: keep the store in that PostgreSQL database instead of the data directory (keys and artifacts stay there)').env('ASSURANCE_DATABASE'))
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

// Decision U66: `start` takes each setting from its flag or, when the flag is absent, from its environment variable
// (12-factor: a systemd unit's Environment= or a container's -e); the help shows the variable beside each flag.
program
  .command('start')
  .description('serve a data directory; every option can also come from the environment variable shown')
  .addOption(new Option('--data <dir>', 'data directory').env('ASSURANCE_DATA').makeOptionMandatory())
  .addOption(new Option('--port <port>', 'port').env('ASSURANCE_PORT').argParser(port).default(8080))
  .addOption(new Option('--host <host>', 'interface to listen on').env('ASSURANCE_HOST').default('127.0.0.1'))
  .addOption(new Option('--cors-origin <origin>', 'extra CRM origin for the add-on routes (repeatable; comma-separated in the variable)').env('ASSURANCE_CORS_ORIGINS').argParser(collect))
  .addOption(new Option('--public-url <url>', 'public base URL for download links').env('ASSURANCE_PUBLIC_URL'))
  .addOption(new Option('--upload-limit-mb <mb>', 'largest release file in MiB').env('ASSURANCE_UPLOAD_LIMIT_MB').argParser(wholeNumber(1, 4096)).default(256))
  .addOption(new Option('--rate-limit <n>', 'add-on requests per minute per client').env('ASSURANCE_RATE_LIMIT').argParser(wholeNumber(1, 1_000_000)).default(120))
  .addOption(new Option('--accel-redirect <location>', "nginx's internal location of the artifacts folder, e.g. /_artifacts/: nginx sends the downloads (deploy/nginx.conf)").env('ASSURANCE_ACCEL_REDIRECT').argParser(accelLocation))
  .addOption(new Option('--trust-proxy [yes|no]', 'trust X-Forwarded-* headers (behind a reverse proxy)').env('ASSURANCE_TRUST_PROXY').argParser(yesNo).default(false))
  .addOption(new Option('--shutdown-grace <seconds>', 'on SIGTERM, how long requests in flight may take before they are cut').env('ASSURANCE_SHUTDOWN_GRACE').argParser(wholeNumber(1, 3600)).default(10))
  .addOption(new Option('--log-level <level>', 'log level').env('LOG_LEVEL').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
  .option('--as-of <instant>', 'run the server clock from this instant (demos, tests)')
  .addOption(new Option('--database <url>', 'the postgres:// URL the data directory was initialised with (several instances may share it; the variable keeps a password out of `ps`)').env('ASSURANCE_DATABASE'))
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
        trustProxy: o.trustProxy === true,
        ...(o.accelRedirect ? { accelRedirect: String(o.accelRedirect) } : {}),
        shutdownGraceMs: Number(o.shutdownGrace) * 1000,
        logLevel: String(o.logLevel),
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

// Issue #16 (decisions U52–U56): backup and restore of a data directory.
const PASSPHRASE_HELP = 'the archive passphrase; safer in the environment variable ASSURANCE_BACKUP_PASSPHRASE (a command line shows in `ps`)';
const passphraseOf = (o: CommandOptions): string | undefined => (o.passphrase as string | undefined) ?? process.env.ASSURANCE_BACKUP_PASSPHRASE;

program
  .command('backup')
  .description('back up a data directory into one archive while its server runs: the store (SQLite online backup), the keys (private ones encrypted with the passphrase) and the release files')
  .requiredOption('--data <dir>', 'data directory')
  .requiredOption('--to <file>', 'the archive to create (never overwritten)')
  .option('--passphrase <text>', PASSPHRASE_HELP)
  .addOption(new Option('--database <url>', 'the postgres:// URL the data directory was initialised with: its store is dumped with pg_dump (decision U70)').env('ASSURANCE_DATABASE'))
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (on-use.ts)
    const { backupDataDir } = onUse<typeof import('../backup/backup')>(() => require('../backup/backup'));
    const result = await backupDataDir({ dataDir: String(o.data), to: String(o.to), passphrase: passphraseOf(o), ...(o.database ? { database: String(o.database) } : {}) });
    if (o.json) printJson(result);
    else process.stdout.write(`Backed up ${path.resolve(String(o.data))} (vendor ${result.vendorId}, schema ${result.schemaVersion}) to ${result.file}: ${result.files} files, ${result.artifacts} release files, ${result.bytes} bytes.\n`);
  });

program
  .command('restore')
  .description('restore a backup archive into a new data directory (refuses a damaged or tampered archive, a wrong passphrase, a newer schema, a non-empty directory)')
  .argument('<file>', 'the archive made by `assurance-server backup`')
  .requiredOption('--data <dir>', 'the new data directory (absent or empty)')
  .option('--passphrase <text>', PASSPHRASE_HELP)
  .option('--database <url>', 'for an archive of a PostgreSQL store: the postgres:// URL of an empty database to pg_restore it into (decision U70)')
  .option('--json', 'print JSON')
  .action(async (file: string, o: CommandOptions) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (on-use.ts)
    const { restoreBackup } = onUse<typeof import('../backup/restore')>(() => require('../backup/restore'));
    const result = await restoreBackup({ file, dataDir: String(o.data), passphrase: passphraseOf(o), ...(o.database ? { database: String(o.database) } : {}) });
    if (o.json) printJson(result);
    else process.stdout.write(`Restored ${file} (vendor ${result.vendorId}, schema ${result.schemaVersion}, taken ${result.createdAt}) into ${result.dataDir}.\nStart it with: assurance-server start --data ${String(o.data)}${o.database ? ' --database <the same URL>' : ''}\n`);
  });

function printDemo(summary: DemoSummary, info: { url: string; dataDir: string; adminApiKey: string; rootCert: string }): void {
  const lines = [
    '',
    `Demo vendor ${summary.vendor.vendorName} (${summary.vendor.timeZone}), today ${summary.today}`,
    `  server        ${info.url}`,
    `  data dir      ${info.dataDir}`,
    `  admin key     ${info.adminApiKey}`,
    ...Object.entries(summary.partnerApiKeys ?? { 'alpine-partners': summary.partnerApiKey }).map(([partner, key]) => `  partner key   ${key}  (${partner})`),
    `  console       ${info.url}/console  (sign in with a key above)`,
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
    // Decision U78: the demo, backup and restore (axios, jszip, the emulator, pg_dump's glue) load when their command
    // runs, not on every `start` (they were a third of a cold start).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (on-use.ts)
    const { startDemoServer, writeDemoEnv } = onUse<typeof import('../demo/start-demo-server')>(() => require('../demo/start-demo-server'));
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
