/**
 * `assurance plan | credit | reconclude | upgrade`: the plan commands of the vendor CLI (issue #5, SPEC §5 and §7).
 * They call the server's API; the server and license-core decide.
 */
import { Command, Option } from 'commander';
import type { Reconcluded, UpgradeList, UpgradeRecorded } from '../api/agreements';
import type { CreditAccount, CreditDeposited } from '../api/credits';
import type { Customer } from '../api/customers';
import type { Invoice } from '../api/invoices';
import type { ApiClient } from './api-client';
import type { CommandOptions } from './command-options';

interface Kit {
  client(cmd: Command): ApiClient;
  print<T>(cmd: Command, data: T, human: (d: T) => string): void;
  action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void>;
  money(m: { amount: number; currency: string } | undefined): string;
  moneyOption(name: string, value: string): { amount: number; currency: string };
  maintenanceOptions(o: CommandOptions): Record<string, unknown> | undefined;
  invoiceLine(i: Invoice): string;
  PLANS: string[];
}

const path = (customer: string, rest: string) => `/v1/customers/${encodeURIComponent(customer)}/${rest}`;

function maintenanceFlags(cmd: Command): Command {
  return cmd
    .option('--base <minor:currency>', 'maintenance: monthly base price, e.g. 500000:SEK')
    .option('--rate-per-line <minor:currency>', 'maintenance: monthly price per line of customer-specific code, e.g. 25:SEK')
    .option('--upgrade-fee <minor:currency>', 'maintenance: one-off fee of the included upgrade, e.g. 990000:SEK')
    .option('--support-discount-bp <bp>', 'maintenance: discount on the support hourly rate, in basis points', (v: string) => {
      if (!/^\d+$/.test(v)) throw new Error(`--support-discount-bp: expected an integer, got ${v}`);
      return Number(v);
    });
}

export function registerPlanCommands(program: Command, kit: Kit): void {
  const { client, print, action, money } = kit;

  const plan = program.command('plan').description("a customer's plan (chosen before the first order)");
  maintenanceFlags(
    plan
      .command('set')
      .requiredOption('--customer <id>', 'customer id')
      .addOption(new Option('--plan <plan>', 'plan').choices(kit.PLANS).makeOptionMandatory()),
  ).action(
    action(async (o: CommandOptions, cmd: Command) => {
      const terms = kit.maintenanceOptions(o);
      const r = await client(cmd).request<Customer>('PUT', path(o.customer, 'plan'), { plan: o.plan, ...(terms ? { maintenance: terms } : {}) });
      print(cmd, r, (d) => `customer ${d.id} is on plan ${d.plan}`);
    }),
  );

  const credit = program.command('credit').description('prepaid credit, used before anything is invoiced (SPEC §5)');
  credit
    .command('add')
    .requiredOption('--customer <id>', 'customer id')
    .requiredOption('--amount <minor:currency>', 'amount, e.g. 50000:EUR')
    .requiredOption('--reference <ref>', 'reference (makes the call idempotent)')
    .option('--note <text>', 'note')
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const r = await client(cmd).request<CreditDeposited>('POST', path(o.customer, 'credits'), {
          amount: kit.moneyOption('amount', o.amount),
          reference: o.reference,
          ...(o.note ? { note: o.note } : {}),
        });
        print(cmd, r, (d) => `${d.duplicate ? 'already recorded' : 'recorded'} credit ${d.entry.id}; balance ${d.balance.map(money).join(', ')}`);
      }),
    );
  credit
    .command('list')
    .requiredOption('--customer <id>', 'customer id')
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const r = await client(cmd).request<CreditAccount>('GET', path(o.customer, 'credits'));
        print(cmd, r, (d) =>
          [`balance ${d.balance.map(money).join(', ') || '0'}`, ...d.entries.map((e) => `  ${e.createdAt.slice(0, 10)} ${e.kind.padEnd(7)} ${money(e.amount).padStart(14)}  ${e.invoiceId ?? e.reference}`)].join('\n'),
        );
      }),
    );

  maintenanceFlags(
    program
      .command('reconclude')
      .description('conclude a new agreement after the last one ended (Auto SSA back-fills the gap, SPEC §5)')
      .requiredOption('--customer <id>', 'customer id')
      .requiredOption('--concluded-on <date>', 'first day of the new agreement')
      .addOption(new Option('--plan <plan>', 'plan of the new agreement (default: the previous one)').choices(kit.PLANS))
      .option('--lines <n>', 'maintenance: lines of customer-specific code for the first month', (v: string) => {
        if (!/^\d+$/.test(v)) throw new Error(`--lines: expected an integer, got ${v}`);
        return Number(v);
      }),
  ).action(
    action(async (o: CommandOptions, cmd: Command) => {
      const terms = kit.maintenanceOptions(o);
      const r = await client(cmd).request<Reconcluded>('POST', path(o.customer, 'reconclusion'), {
        concludedOn: o.concludedOn,
        ...(o.plan ? { plan: o.plan } : {}),
        ...(terms ? { maintenance: terms } : {}),
        ...(o.lines !== undefined ? { linesOfCode: o.lines } : {}),
      });
      print(cmd, r, (d) =>
        [
          `new ${d.plan} agreement from ${d.contractStart}; ${d.daysSinceExpiry} days after the last one ended (${d.previousAgreement.end})`,
          d.backFillMultiplier === 2 ? 'the gap is charged twice (more than 30 days)' : d.backFillMultiplier === 1 ? 'the gap is back-filled at the normal price' : 'no back-fill',
          ...d.invoices.map((i) => kit.invoiceLine(i)),
        ].join('\n'),
      );
    }),
  );

  const upgrade = program.command('upgrade').description('platform-version upgrades under a maintenance agreement (SPEC §7)');
  upgrade
    .command('add')
    .requiredOption('--customer <id>', 'customer id')
    .requiredOption('--requested-on <date>', 'the day the upgrade starts')
    .option('--from-line <line>', 'CRM line before, e.g. 16.0')
    .option('--to-line <line>', 'CRM line after, e.g. 17.0')
    .option('--note <text>', 'note')
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const r = await client(cmd).request<UpgradeRecorded>('POST', path(o.customer, 'upgrades'), {
          requestedOn: o.requestedOn,
          ...(o.fromLine ? { fromLine: o.fromLine } : {}),
          ...(o.toLine ? { toLine: o.toLine } : {}),
          ...(o.note ? { note: o.note } : {}),
        });
        print(cmd, r, (d) => `upgrade ${d.upgrade.id}: the included upgrade of ${d.upgrade.period.start}..${d.upgrade.period.end}\n${kit.invoiceLine(d.invoice)}`);
      }),
    );
  upgrade
    .command('list')
    .requiredOption('--customer <id>', 'customer id')
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const r = await client(cmd).request<UpgradeList>('GET', path(o.customer, 'upgrades'));
        print(cmd, r, (d) => d.upgrades.map((u) => `${u.requestedOn}  ${u.fromLine ?? '?'} → ${u.toLine ?? '?'}  (period ${u.period.start}..${u.period.end}, invoice ${u.invoiceId})`).join('\n') || '(no upgrades)');
      }),
    );
}
