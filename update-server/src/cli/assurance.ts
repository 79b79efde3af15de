/**
 * `assurance`: the vendor's command line for the update server's API.
 *
 *   assurance --server http://127.0.0.1:8080 --api-key cra_admin_… publish docgen.zip --addon docgen \
 *     --version 3.1.0.0 --kind patch --line 9.2
 *
 * Server and key also come from ASSURANCE_SERVER and ASSURANCE_API_KEY. Every command takes --json (machine
 * output on stdout, nothing else). Money amounts are integer minor units (cents), as in the API.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { CONTRACT_PLANS, DISCONTINUED_REASONS, INELIGIBLE_REASONS, isApiErrorCode, LINE_STATUSES, moneyToDecimal, PLATFORMS, RELEASE_KINDS, type ApiErrorCode } from '@crm-assurance/license-core';
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { Addon, AddonLineStatus, SupportMatrix } from '../api/addons';
import type { CancellationRecorded, TerminationRecorded } from '../api/agreements';
import type { BillingRun } from '../api/billing';
import type { Contract, Customer, CustomerDetail, CustomerList, Eligibility, LicenceKeyReissued } from '../api/customers';
import type { FleetReport, FleetRow } from '../api/fleet';
import type { Invoice, InvoiceList, PaymentRecorded } from '../api/invoices';
import type { OrderPlaced } from '../api/orders';
import type { PlatformLineList, PlatformLineSaved } from '../api/platform-lines';
import type { Price, PriceList } from '../api/price-list';
import type { ReleaseList, ReleasePublished } from '../api/releases';
import type { ApiKeyCreated } from '../api/settings';
import { ApiError } from '../api-error';
import { createApiClient, type ApiClient } from './api-client';
import { registerPlanCommands } from './plan-commands';
import { registerSupportCommands } from './support-commands';
import { API_KEY_ROLES } from '../store/store';
import type { CommandOptions } from './command-options';

interface GlobalOptions {
  server: string;
  apiKey?: string;
  json?: boolean;
}

const program = new Command();
program
  .name('assurance')
  .description('Vendor CLI of the crm-assurance update server')
  .addOption(new Option('--server <url>', 'update server URL').env('ASSURANCE_SERVER').default('http://127.0.0.1:8080'))
  // Issue #13: the key comes from the environment, and help says so without printing it (a secret is never shown).
  .addOption(new Option('--api-key <key>', 'vendor API key').env('ASSURANCE_API_KEY'))
  .option('--json', 'print JSON only')
  .showHelpAfterError();

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

function client(cmd: Command): ApiClient {
  const g = globals(cmd);
  return createApiClient(g.server, g.apiKey);
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function integer(name: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new Error(`${name}: expected an integer, got ${value}`);
    return Number(value);
  };
}

/** Prints the result: JSON with --json, else the short human line plus the interesting fields. */
function print<T>(cmd: Command, data: T, human: (d: T) => string): void {
  if (globals(cmd).json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else process.stdout.write(`${human(data)}\n`);
}

function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(...args);
    } catch (error) {
      const json = globals(cmd).json;
      if (error instanceof ApiError) {
        if (json) process.stdout.write(`${JSON.stringify({ error: { status: error.status, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } }, null, 2)}\n`);
        else {
          process.stderr.write(`error ${error.status || ''} ${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}\n`);
          const hint = isApiErrorCode(error.code) ? PUBLISH_HINTS[error.code] : undefined;
          if (hint) process.stderr.write(`  ${hint}\n`);
        }
      } else {
        if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'cli_error', message: (error as Error).message } }, null, 2)}\n`);
        else process.stderr.write(`error: ${(error as Error).message}\n`);
      }
      process.exitCode = 1;
    }
  };
}

/** What to do about a refused publish (issue #9); printed under the server's message. */
const PUBLISH_HINTS: Partial<Record<ApiErrorCode, string>> = {
  release_exists: 'each build of a version must target other lines; list them with `assurance addon releases --addon <id>`',
  package_line_too_new: 'a solution imports only into its own CRM line and newer ones: publish one build per line, each for the lines it was built for',
  package_version_mismatch: '--version must be the Version in the zip’s solution.xml',
  package_unmanaged: 'publish the managed export (…_managed.zip), not the unmanaged one',
  package_invalid: 'publish the solution zip exported from Dataverse or built with `npm run solution`, or for Odoo the module zip built with `npm run odoo-module`',
  package_series_mismatch: 'an Odoo module installs only on its own series: publish one build per line, its __manifest__.py version <line>.<version>',
  package_name_mismatch: 'the module folder must keep the name of the add-on’s earlier Odoo releases',
  package_not_installable: 'set installable to True in __manifest__.py',
};

/** "1764.00 EUR", "500 JPY": the currency's own fraction digits (license-core's moneyToDecimal). */
const money = (m: { amount: number; currency: string } | undefined): string => (m ? `${moneyToDecimal(m)} ${m.currency}` : '-');

const PLANS: string[] = [...CONTRACT_PLANS];

/** `500000:SEK` → { amount: 500000, currency: 'SEK' }. */
function moneyOption(name: string, value: string): { amount: number; currency: string } {
  const m = /^(\d+):([A-Z]{3})$/.exec(value);
  if (!m) throw new Error(`--${name} ${value}: expected minorUnits:CURRENCY, e.g. 500000:SEK`);
  return { amount: Number(m[1]), currency: m[2] };
}

/** The maintenance prices from --base, --rate-per-line, --upgrade-fee, --support-discount-bp (all or none). */
function maintenanceOptions(o: CommandOptions): Record<string, unknown> | undefined {
  const given = [o.base, o.ratePerLine, o.upgradeFee, o.supportDiscountBp].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given < 4) throw new Error('maintenance prices need all of --base, --rate-per-line, --upgrade-fee and --support-discount-bp');
  return {
    base: moneyOption('base', o.base),
    ratePerLine: moneyOption('rate-per-line', o.ratePerLine),
    upgradeFee: moneyOption('upgrade-fee', o.upgradeFee),
    supportDiscountBp: o.supportDiscountBp,
  };
}

/** `docgen:2`, `docgen:2:enterprise`, `docgen:2=500000` (an override of the whole line's price, U36) → an order line. */
function orderLine(spec: string, currency: string, priceReason: string | undefined): { addon: string; quantity: number; edition?: string; listPrice?: { amount: number; currency: string }; priceReason?: string } {
  const m = /^([^:=]+):(\d+)(?::([^:=]+))?(?:=(\d+))?$/.exec(spec);
  if (!m) {
    // The old form addon:quantity:listPriceMinor:currency named its own price; prices now come from the price list.
    const old = /^[^:]+:\d+:\d+:[A-Z]{3}/.test(spec) ? ' (prices come from the price list now: `assurance price-list set`; an admin overrides one with =minorUnits and --price-reason)' : '';
    throw new Error(`--licence ${spec}: expected addon:quantity[:edition][=minorUnits], e.g. docgen:5 or docgen:5:enterprise${old}`);
  }
  const [, addonId, quantity, edition, override] = m;
  if (override !== undefined && priceReason === undefined) throw new Error(`--licence ${spec}: an overridden price needs --price-reason`);
  return {
    addon: addonId!,
    quantity: Number(quantity),
    ...(edition !== undefined ? { edition } : {}),
    ...(override !== undefined ? { listPrice: { amount: Number(override), currency }, priceReason: priceReason! } : {}),
  };
}

function invoiceLine(i: Invoice): string {
  const credit = i.creditApplied ? `, ${money({ amount: i.creditApplied, currency: i.total.currency })} from prepaid credit` : '';
  return `invoice ${i.id} (${i.kind}) ${i.periodStart}..${i.periodEnd}: ${money(i.total)} ${i.status}${credit}`;
}

// --- publish --------------------------------------------------------------------------------------------------

program
  .command('publish')
  .description('publish a release file for an add-on')
  .argument('<file>', 'the release artifact (e.g. the solution zip)')
  .requiredOption('--addon <id>', 'add-on id')
  .requiredOption('--version <version>', 'add-on version, e.g. 3.1.0.0')
  .addOption(new Option('--kind <kind>', 'release kind').choices(RELEASE_KINDS).makeOptionMandatory())
  .option('--platform <platform>', 'CRM platform', 'dynamics365')
  .requiredOption('--line <line>', 'platform line(s), repeatable or comma separated', collect)
  .option('--published-at <instant>', 'publication instant in the past (importing history)')
  .option('--features-on-legacy', 'offer this non-patch release on legacy lines too')
  .option('--hotfix', 'a hot-fix (patch or security): only for customers with a maintenance agreement (SPEC §7)')
  .option('--requires-feature <feature>', 'a separately licensed feature the release needs')
  .option('--region <region>', 'limit to region(s)', collect)
  .option('--language <language>', 'limit to language(s)', collect)
  .option('--edition <edition>', 'limit to edition(s)', collect)
  .option('--channel <channel>', 'release channel (default stable)')
  .option('--rollout <percent>', 'staged rollout percentage', integer('rollout'))
  .option('--custom-for <customerId>', 'custom build for these customer ids', collect)
  .option('--notes <text>', 'release notes')
  .action(
    action(async (file: string, o: CommandOptions, cmd: Command) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no such file: ${file}`);
      const metadata: Record<string, unknown> = { version: o.version, kind: o.kind, platform: o.platform, lines: o.line };
      if (o.publishedAt) metadata.publishedAt = o.publishedAt;
      if (o.featuresOnLegacy) metadata.featuresOnLegacy = true;
      if (o.hotfix) metadata.hotfix = true;
      if (o.requiresFeature) metadata.requiresFeature = o.requiresFeature;
      if (o.region) metadata.regions = o.region;
      if (o.language) metadata.languages = o.language;
      if (o.edition) metadata.editions = o.edition;
      if (o.channel) metadata.channel = o.channel;
      if (o.rollout !== undefined) metadata.rolloutPercent = o.rollout;
      if (o.customFor) metadata.customFor = o.customFor;
      if (o.notes) metadata.notes = o.notes;
      const showBar = !globals(cmd).json && process.stderr.isTTY;
      const bar = showBar ? new SingleBar({ format: 'upload [{bar}] {percentage}% {value}/{total} bytes', stream: process.stderr }, Presets.shades_classic) : undefined;
      let started = false;
      try {
        const release = await client(cmd).publish<ReleasePublished>(o.addon, { file }, metadata, (sent, total) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.update(sent);
        });
        bar?.stop();
        print(
          cmd,
          release,
          (r) =>
            `published ${r.addon} ${r.version} (${r.kind}, ${r.platform} ${r.lines.join(', ')}) as ${r.id}\n  sha256 ${r.sha256}, ${r.size} bytes, manifest serial ${r.serial}` +
            (r.solution ? `\n  managed solution ${r.solution.uniqueName} ${r.solution.version}, built for ${r.platform} ${r.solution.packageLine}` : '') +
            (r.odooModule ? `\n  Odoo module ${r.odooModule.name} ${r.odooModule.version}, built for odoo ${r.odooModule.series}` : ''),
        );
      } finally {
        if (started) bar?.stop();
      }
    }),
  );

// --- platform lines, add-ons --------------------------------------------------------------------------------------

const line = program.command('line').description('CRM platform lines');
line
  .command('add')
  .description('add or update a platform line (e.g. Dynamics 9.2)')
  .option('--platform <platform>', 'CRM platform', 'dynamics365')
  .requiredOption('--line <line>', 'line, e.g. 9.2')
  .requiredOption('--released-on <date>', 'release date YYYY-MM-DD')
  .option('--mainstream-ends-on <date>', 'end of mainstream (default +5 years)')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const body: Record<string, unknown> = { line: o.line, releasedOn: o.releasedOn };
      if (o.mainstreamEndsOn) body.mainstreamEndsOn = o.mainstreamEndsOn;
      const r = await client(cmd).request<PlatformLineSaved>('POST', `/v1/platforms/${encodeURIComponent(o.platform)}/lines`, body);
      print(cmd, r, (d) => `${d.platform} ${d.line} released ${d.releasedOn}, mainstream until ${d.mainstreamEndsOn}${d.successor ? `, successor ${d.successor}, patches until ${d.patchesUntil}` : ''}`);
    }),
  );
line
  .command('list')
  .option('--platform <platform>', 'CRM platform', 'dynamics365')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<PlatformLineList>('GET', `/v1/platforms/${encodeURIComponent(o.platform)}/lines`);
      print(cmd, r, (d) => d.lines.map((l) => `${l.platform} ${l.line}  released ${l.releasedOn}`).join('\n') || '(no lines)');
    }),
  );

const addon = program.command('addon').description('add-ons');
addon
  .command('add')
  .requiredOption('--id <id>', 'add-on id, e.g. docgen')
  .requiredOption('--name <name>', 'display name')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<Addon>('POST', '/v1/addons', { id: o.id, name: o.name });
      print(cmd, r, (d) => `add-on ${d.id} (${d.name}) created`);
    }),
  );
addon
  .command('line-status')
  .description("set an add-on's status on a platform line")
  .requiredOption('--addon <id>', 'add-on id')
  .option('--platform <platform>', 'CRM platform', 'dynamics365')
  .requiredOption('--line <line>', 'line')
  .addOption(new Option('--status <status>', 'status').choices(LINE_STATUSES).makeOptionMandatory())
  .addOption(new Option('--reason <reason>', 'why discontinued').choices(DISCONTINUED_REASONS))
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const body: Record<string, unknown> = { status: o.status };
      if (o.reason) body.reason = o.reason;
      const r = await client(cmd).request<AddonLineStatus>('PUT', `/v1/addons/${encodeURIComponent(o.addon)}/lines/${encodeURIComponent(o.platform)}/${encodeURIComponent(o.line)}`, body);
      print(cmd, r, (d) => `${d.addon} on ${d.platform} ${d.line}: ${d.status}${d.reason ? ` (${d.reason})` : ''}`);
    }),
  );
addon
  .command('matrix')
  .description('support matrix of an add-on')
  .requiredOption('--addon <id>', 'add-on id')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<SupportMatrix>('GET', `/v1/addons/${encodeURIComponent(o.addon)}/support-matrix`);
      print(cmd, r, (d) =>
        d.lines
          .map((l) => `${l.platform} ${l.line.padEnd(6)} ${l.status.padEnd(12)} ${l.successor ? `successor ${l.successor}, patches until ${l.patchesUntil}` : 'current line'}`)
          .join('\n'),
      );
    }),
  );
addon
  .command('releases')
  .requiredOption('--addon <id>', 'add-on id')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<ReleaseList>('GET', `/v1/addons/${encodeURIComponent(o.addon)}/releases`);
      // A version may have one build per line (issue #9): the lines and the package line tell them apart.
      print(cmd, r, (d) =>
        d.releases
          .map((x) => `${x.id}  ${x.version.padEnd(9)} ${x.kind.padEnd(10)} ${x.lines.join(',').padEnd(10)} ${x.publishedAt}${x.solution ? `  package ${x.solution.packageLine}` : ''}${x.odooModule ? `  module ${x.odooModule.version}` : ''}`)
          .join('\n'),
      );
    }),
  );

// --- the price list (U35) ---------------------------------------------------------------------------------------------

/** `docgen`, `docgen (edition enterprise)`, `docgen (feature esign)`. */
const product = (p: { addon: string; edition?: string; feature?: string }): string =>
  `${p.addon}${p.edition !== undefined ? ` (edition ${p.edition})` : ''}${p.feature !== undefined ? ` (feature ${p.feature})` : ''}`;

const priceList = program.command('price-list').description("the vendor's price list: the price of one licence per add-on, edition, feature and currency");
priceList
  .command('set')
  .description('set the price of one licence (admin key); replaces the price of that product in that currency')
  .requiredOption('--addon <id>', 'add-on id')
  .requiredOption('--price <minorUnits:CURRENCY>', 'price of ONE licence, e.g. 400000:EUR')
  .option('--edition <edition>', 'the edition it prices (default: the add-on without an edition)')
  .option('--feature <feature>', 'the separately licensed feature it prices')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const body = { listPrice: moneyOption('price', o.price), ...(o.edition !== undefined ? { edition: o.edition } : {}), ...(o.feature !== undefined ? { feature: o.feature } : {}) };
      const r = await client(cmd).request<Price>('PUT', `/v1/price-list/${encodeURIComponent(o.addon)}`, body);
      print(cmd, r, (d) => `${product(d)}: ${money(d.listPrice)} per licence`);
    }),
  );
priceList
  .command('list')
  .option('--addon <id>', 'one add-on only')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<PriceList>('GET', `/v1/price-list${o.addon !== undefined ? `?addon=${encodeURIComponent(o.addon)}` : ''}`);
      print(cmd, r, (d) => d.prices.map((p) => `${product(p).padEnd(36)} ${money(p.listPrice).padStart(16)}  (set ${p.updatedAt})`).join('\n') || '(no prices)');
    }),
  );
priceList
  .command('remove')
  .description('remove the price of a product in a currency (admin key); orders of it are then refused')
  .requiredOption('--addon <id>', 'add-on id')
  .requiredOption('--currency <code>', 'e.g. EUR')
  .option('--edition <edition>', 'the edition whose price to remove')
  .option('--feature <feature>', 'the feature whose price to remove')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const query = new URLSearchParams({ currency: o.currency, ...(o.edition !== undefined ? { edition: o.edition } : {}), ...(o.feature !== undefined ? { feature: o.feature } : {}) });
      await client(cmd).request<unknown>('DELETE', `/v1/price-list/${encodeURIComponent(o.addon)}?${query.toString()}`);
      const removed = { addon: o.addon, currency: o.currency, ...(o.edition !== undefined ? { edition: o.edition } : {}), ...(o.feature !== undefined ? { feature: o.feature } : {}), removed: true };
      print(cmd, removed, (d) => `${product(d)} in ${d.currency}: price removed`);
    }),
  );

// --- customers, orders, invoices, payments ----------------------------------------------------------------------------

const customer = program.command('customer').description('customers');
customer
  .command('add')
  .requiredOption('--name <name>', 'customer name')
  .option('--id <id>', 'your own id for the customer, e.g. contoso (lower-case letters, digits, dashes); default a generated cus_… id')
  .option('--region <region>', 'region, e.g. EU')
  .option('--language <language>', 'language, e.g. de')
  .option('--partner <partnerId>', 'partner id')
  .addOption(new Option('--plan <plan>', 'the plan the first order starts (default calendar-year)').choices(PLANS))
  .option('--base <minor:currency>', 'maintenance: monthly base price, e.g. 500000:SEK')
  .option('--rate-per-line <minor:currency>', 'maintenance: monthly price per line of customer-specific code, e.g. 25:SEK')
  .option('--upgrade-fee <minor:currency>', 'maintenance: one-off fee of the included upgrade, e.g. 990000:SEK')
  .option('--support-discount-bp <bp>', 'maintenance: discount on the support hourly rate, in basis points', integer('support-discount-bp'))
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const body: Record<string, unknown> = { name: o.name };
      if (o.id) body.id = o.id;
      if (o.region) body.region = o.region;
      if (o.language) body.language = o.language;
      if (o.partner) body.partnerId = o.partner;
      if (o.plan) body.plan = o.plan;
      const terms = maintenanceOptions(o);
      if (terms) body.maintenance = terms;
      const r = await client(cmd).request<Customer>('POST', '/v1/customers', body);
      print(cmd, r, (d) => `customer ${d.id} (${d.name}) created${d.plan ? `, plan ${d.plan}` : ''}`);
    }),
  );
customer
  .command('list')
  .action(
    action(async (_o: unknown, cmd: Command) => {
      const r = await client(cmd).request<CustomerList>('GET', '/v1/customers');
      print(cmd, r, (d) => d.customers.map((c) => `${c.id}  ${c.name}${c.partnerId ? `  (partner ${c.partnerId})` : ''}${c.terminatedAt ? '  TERMINATED' : ''}`).join('\n') || '(no customers)');
    }),
  );
customer
  .command('show')
  .argument('<id>', 'customer id')
  .action(
    action(async (id: string, _o: unknown, cmd: Command) => {
      const r = await client(cmd).request<CustomerDetail>('GET', `/v1/customers/${encodeURIComponent(id)}`);
      print(cmd, r, (d) => JSON.stringify(d, null, 2));
    }),
  );

program
  .command('contract')
  .description("a customer's contract: periods, status, next invoice, cancellation deadline, coverage")
  .requiredOption('--customer <id>', 'customer id')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<Contract>('GET', `/v1/customers/${encodeURIComponent(o.customer)}/contract`);
      print(cmd, r, (d) =>
        [
          d.plan ? `plan ${d.plan}${d.billingInterval ? `, billing interval ${d.billingInterval.start}..${d.billingInterval.end}` : ''}` : undefined,
          `status ${d.status}${d.currentPeriod ? `, period ${d.currentPeriod.start}..${d.currentPeriod.end}` : ''}`,
          d.paidThrough ? `paid through ${d.paidThrough}` : 'nothing paid yet',
          d.nextInvoiceOn ? `next invoice ${d.nextInvoiceOn}` : undefined,
          d.cancellationDeadline ? `cancellation deadline ${d.cancellationDeadline}` : undefined,
          d.cancellation ? `cancelled (received ${d.cancellation.receivedOn}), ends ${d.cancellation.effectiveEnd}` : undefined,
          d.terminatedAt ? `TERMINATED at ${d.terminatedAt}` : undefined,
          d.creditBalance?.length ? `prepaid credit ${d.creditBalance.map(money).join(', ')}` : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }),
  );

program
  .command('order')
  .description('record an order; prints the licence key (once) and the invoice')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--ordered-on <date>', 'order date YYYY-MM-DD (may lie in the past)')
  .requiredOption('--currency <code>', 'the currency the lines are priced in from the price list, e.g. EUR')
  .requiredOption(
    '--licence <spec>',
    'addon:quantity[:edition], repeatable; priced from the price list. addon:quantity[:edition]=minorUnits overrides the price of the whole line (admin key, with --price-reason)',
    (v: string, p: string[] = []) => [...p, v],
  )
  .option('--price-reason <text>', 'why the overridden prices differ from the price list (recorded on the licences)')
  .addOption(new Option('--plan <plan>', 'the plan of a contract this order starts (first order, or after the last ended)').choices(PLANS))
  .option('--lines <n>', 'maintenance: lines of customer-specific code for the first month', integer('lines'))
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const licences = (o.licence as string[]).map((spec) => orderLine(spec, o.currency, o.priceReason));
      if (o.priceReason !== undefined && !licences.some((l) => l.listPrice !== undefined)) throw new Error('--price-reason: only with a price override (addon:quantity=minorUnits)');
      const r = await client(cmd).request<OrderPlaced>('POST', `/v1/customers/${encodeURIComponent(o.customer)}/orders`, {
        orderedOn: o.orderedOn,
        currency: o.currency,
        licences,
        ...(o.plan ? { plan: o.plan } : {}),
        ...(o.lines !== undefined ? { linesOfCode: o.lines } : {}),
      });
      print(cmd, r, (d) =>
        [
          `order ${d.orderId} (plan ${d.plan})`,
          `licence key ${d.licenceKey}  (shown once: give it to the customer's CRM admin)`,
          d.reconcluded ? `re-concluded: the agreement of ${d.reconcluded.previousAgreement.start}..${d.reconcluded.previousAgreement.end} had ended` : undefined,
          ...d.licences.map(
            (l) =>
              `${product(l)} x${l.quantity}: ${money(l.listPrice)}${l.priceOverride ? ` (price overridden: ${l.priceOverride.reason}; price list ${money(l.priceOverride.listed)})` : ''}`,
          ),
          ...d.invoices.map((i) => invoiceLine(i)),
          d.invoices.length === 0 ? 'no invoice: the plan does not price licences' : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }),
  );

program
  .command('invoices')
  .requiredOption('--customer <id>', 'customer id')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<InvoiceList>('GET', `/v1/customers/${encodeURIComponent(o.customer)}/invoices`);
      print(cmd, r, (d) =>
        d.invoices.map((i) => `${i.id}  ${i.kind.padEnd(11)} ${i.periodStart}..${i.periodEnd}  ${money(i.total).padStart(14)}  ${i.status}${i.status === 'open' ? ` (outstanding ${money({ amount: i.outstanding, currency: i.total.currency })})` : ''}`).join('\n') || '(no invoices)',
      );
    }),
  );

program
  .command('payment')
  .description('record a payment (idempotent by reference)')
  .requiredOption('--invoice <id>', 'invoice id')
  .requiredOption('--amount <minor>', 'amount in minor units (cents)', integer('amount'))
  .option('--paid-at <instant>', 'when it was paid (default now)')
  .requiredOption('--reference <ref>', 'bank reference (makes the call idempotent)')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<PaymentRecorded>('POST', `/v1/invoices/${encodeURIComponent(o.invoice)}/payments`, {
        amount: o.amount,
        // Without --paid-at the server records now, and a rerun is the same payment (idempotent, issue #13).
        ...(o.paidAt ? { paidAt: o.paidAt } : {}),
        reference: o.reference,
      });
      print(cmd, r, (d) => `${d.duplicate ? 'already recorded' : 'recorded'} payment ${d.payment.id}: invoice ${d.invoice.id} is ${d.invoice.status}${d.invoice.status === 'open' ? `, outstanding ${money({ amount: d.invoice.outstanding, currency: d.invoice.total.currency })}` : ''}`);
    }),
  );

program
  .command('cancel')
  .description('record an ordinary cancellation notice')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--received-on <date>', 'date the notice arrived')
  .option('--cancellation-date <date>', 'Auto SSA / maintenance: a fixed cancellation date set in advance')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<CancellationRecorded>('POST', `/v1/customers/${encodeURIComponent(o.customer)}/cancellation`, {
        receivedOn: o.receivedOn,
        ...(o.cancellationDate ? { cancellationDate: o.cancellationDate } : {}),
      });
      print(cmd, r, (d) => `cancellation ${d.onTime ? 'on time' : `late (deadline was ${d.deadline})`}: assurance ends ${d.effectiveEnd}`);
    }),
  );

program
  .command('terminate')
  .description('extraordinary termination (immediate; cuts live download links)')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--reason <text>', 'reason')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<TerminationRecorded>('POST', `/v1/customers/${encodeURIComponent(o.customer)}/termination`, { reason: o.reason });
      print(cmd, r, (d) => `terminated ${d.customerId} at ${d.terminatedAt}`);
    }),
  );

customer
  .command('reissue-key')
  .description('re-issue a licence key that leaked or was lost: a new key (shown once), the old one stops working, orgs stay bound')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--key <keyId>', 'licence key id (see `customer show`)')
  .requiredOption('--reason <text>', 'why the key is replaced')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<LicenceKeyReissued>(
        'POST',
        `/v1/customers/${encodeURIComponent(o.customer)}/licence-keys/${encodeURIComponent(o.key)}/reissue`,
        { reason: o.reason },
      );
      print(cmd, r, (d) =>
        [
          `New licence key for ${d.customerId} (${d.licenceKeyId}), shown once:`,
          `  ${d.licenceKey}`,
          `The previous key stopped working. ${d.orgs.length === 0 ? 'No org is bound through it yet.' : `Orgs that stay bound; their admins type the new key on the configuration page: ${d.orgs.map((o) => `${o.orgId} (${o.environment})`).join(', ')}`}`,
        ].join('\n'),
      );
    }),
  );

program
  .command('billing')
  .description('issue the periodic invoices due by a date: renewals, Auto SSA intervals, maintenance months')
  .requiredOption('--date <date>', 'YYYY-MM-DD')
  .option('--lines <customer=lines>', 'maintenance: lines of customer-specific code counted for this run, repeatable', (v: string, p: string[] = []) => [...p, v])
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const linesOfCode: Record<string, number> = {};
      for (const spec of (o.lines as string[] | undefined) ?? []) {
        const m = /^([^=]+)=(\d+)$/.exec(spec);
        if (!m) throw new Error(`--lines ${spec}: expected customerId=lines, e.g. cus_abc=12000`);
        linesOfCode[m[1]] = Number(m[2]);
      }
      const api = client(cmd);
      const r = await api.request<BillingRun>('POST', '/v1/billing/run', { date: o.date, ...(Object.keys(linesOfCode).length ? { linesOfCode } : {}) });
      // People read names (issue #13); JSON keeps the ids only.
      const names = globals(cmd).json ? new Map<string, string>() : new Map((await api.request<CustomerList>('GET', '/v1/customers')).customers.map((c) => [c.id, c.name]));
      const who = (id: string) => (names.has(id) ? `${names.get(id)} (${id})` : id);
      print(cmd, r, (d) =>
        [
          `${d.issued.length} invoice(s) issued for ${d.date}`,
          ...d.issued.map((i) => `  ${who(i.customerId)} ${invoiceLine(i)}`),
          ...d.skipped.map((s) => `  skipped ${who(s.customerId)}: ${s.message}`),
        ].join('\n'),
      );
    }),
  );

program
  .command('explain')
  .description('why a customer may or may not download a release')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--release <id>', 'release id')
  .option('--platform-version <version>', "the org's CRM version (default: the customer's production org)")
  .option('--org <orgId>', 'judge for this activated org')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const q = new URLSearchParams();
      if (o.platformVersion) q.set('platformVersion', o.platformVersion);
      if (o.org) q.set('orgId', o.org);
      const r = await client(cmd).request<Eligibility>(
        'GET',
        `/v1/customers/${encodeURIComponent(o.customer)}/releases/${encodeURIComponent(o.release)}/eligibility${q.size ? `?${q}` : ''}`,
      );
      print(cmd, r, (d) => `${d.eligible ? 'ELIGIBLE' : `WITHHELD (${d.reason})`}: ${d.addon} ${d.version} for ${d.customerId} on ${d.platform} ${d.platformVersion}${d.assumedPlatformVersion ? ' (no activated org: judged for the newest line the release targets)' : ''}\n${d.message}`);
    }),
  );

/** One line per org and add-on: what it runs, its last check and install, offered and withheld versions. */
function fleetLine(r: FleetRow): string {
  const who = `${r.customerName} (${r.customerId}) ${r.orgId} ${r.environment} ${r.platform} ${r.platformVersion}`;
  if (r.addon === undefined) return `${who}: no update check yet`;
  const install = r.lastInstall ? `; last install ${r.lastInstall.outcome} ${r.lastInstall.fromVersion} -> ${r.lastInstall.toVersion} ${r.lastInstall.recordedAt}` : '';
  const head = `${who}: ${r.addon} ${r.installedVersion ?? '?'}${r.checkedAt ? `, checked ${r.checkedAt}` : ''}${install}`;
  if (r.offered === undefined) return head;
  const withheld = (r.withheld ?? []).map((g) => `  withheld (${g.reason}): ${g.versions.join(' ')}`);
  return [head, `  offered: ${r.offered.length > 0 ? r.offered.join(' ') : 'none'}`, ...withheld].join('\n');
}

// Issue #14 item 4: the fleet report (GET /v1/fleet, decisions U71–U74).
program
  .command('fleet')
  .description('every activated org: its add-on version, CRM version and line, last check and install, and the newer releases offered or withheld (why)')
  .option('--addon <id>', 'only this add-on')
  .option('--line <line>', 'only orgs on this CRM line, e.g. 9.1')
  .addOption(new Option('--platform <platform>', 'only orgs on this CRM platform').choices(PLATFORMS))
  .addOption(new Option('--reason <reason>', 'only rows with a release withheld for this reason, or offered').choices([...INELIGIBLE_REASONS, 'offered']))
  .option('--customer <id>', "only this customer's orgs")
  .option('--as-of <date>', 'judge as of the end of this date (YYYY-MM-DD, vendor time zone); default now')
  .addOption(new Option('--format <format>', 'csv or json (default: a readable list; --json prints JSON)').choices(['csv', 'json']))
  .option('--out <file>', 'write the report to this file instead of stdout (CSV with a BOM, as the server sends it, for spreadsheets)')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const q = new URLSearchParams();
      for (const [option, name] of [['addon', 'addon'], ['line', 'line'], ['platform', 'platform'], ['reason', 'reason'], ['customer', 'customer'], ['asOf', 'asOf']] as const) {
        if (o[option] !== undefined) q.set(name, String(o[option]));
      }
      const csv = o.format === 'csv';
      q.set('format', csv ? 'csv' : 'json');
      const answer = await client(cmd).request<FleetReport | string>('GET', `/v1/fleet?${q}`);
      // The client reads text without its BOM; a file for a spreadsheet gets it back.
      const text = csv ? String(answer).replace(/^\uFEFF/, '') : o.format === 'json' || globals(cmd).json ? `${JSON.stringify(answer, null, 2)}\n` : undefined;
      if (o.out !== undefined) {
        const report = answer as FleetReport;
        writeFileSync(o.out, text !== undefined ? (csv ? `\uFEFF${text}` : text) : `${report.rows.map(fleetLine).join('\n')}\n`);
        if (!globals(cmd).json) process.stderr.write(`fleet report written to ${o.out}\n`);
        return;
      }
      if (text !== undefined) {
        process.stdout.write(text);
        return;
      }
      const report = answer as FleetReport;
      process.stdout.write(`${report.count} org(s) and add-on(s) as of ${report.asOf}\n${report.rows.map(fleetLine).join('\n')}${report.rows.length > 0 ? '\n' : ''}`);
    }),
  );

const key = program.command('key').description('vendor API keys (admin)');
key
  .command('create')
  .requiredOption('--name <name>', 'who uses the key')
  .addOption(new Option('--role <role>', 'role').choices(API_KEY_ROLES).makeOptionMandatory())
  .option('--partner <partnerId>', 'partner id (role partner)')
  .action(
    action(async (o: CommandOptions, cmd: Command) => {
      const r = await client(cmd).request<ApiKeyCreated>('POST', '/v1/api-keys', { name: o.name, role: o.role, ...(o.partner ? { partnerId: o.partner } : {}) });
      print(cmd, r, (d) => `API key ${d.id} (${d.role}${d.partnerId ? ` for ${d.partnerId}` : ''}):\n${d.apiKey}\n(shown once)`);
    }),
  );

registerPlanCommands(program, { client, print, action, money, moneyOption, maintenanceOptions, invoiceLine, PLANS });
registerSupportCommands(program, { client, print, action, money });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
