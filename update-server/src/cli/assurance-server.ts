/**
 * `assurance-server`: creates a data directory, serves it, or runs the demo vendor.
 *
 *   assurance-server init  --data DIR [--vendor-id ID --vendor-name NAME --time-zone TZ --cors-origin O ...]
 *   assurance-server start --data DIR [--port P --host H --cors-origin O ... --public-url URL]
 *   assurance-server demo  [--data DIR] [--port P] [--cors-origin O ...]
 */
import path from 'node:path';
import { Command } from 'commander';
import { createSettableClock, systemClock, type Clock } from '../clock';
import { type DemoSummary } from '../demo/demo-vendor';
import { startDemoServer } from '../demo/start-demo-server';
import { initDataDir, startServer, type RunningServer } from '../server';
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
  .option('--json', 'print JSON')
  .action(async (o: CommandOptions) => {
    const result = await initDataDir({
      dataDir: o.data,
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
  .action(async (o: CommandOptions) => {
    const server = await startServer({
      dataDir: o.data,
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
    'Try:',
    `  export ASSURANCE_SERVER=${info.url} ASSURANCE_API_KEY=${info.adminApiKey}`,
    `  npx assurance contract --customer ${summary.customers[1]?.id}`,
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
    if (o.json) process.stdout.write(`${JSON.stringify({ ...summary, url: server.url, dataDir, adminApiKey, rootCertificate: rootCert }, null, 2)}\n`);
    else printDemo(summary, { url: server.url, dataDir, adminApiKey, rootCert });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
