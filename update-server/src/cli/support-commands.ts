/**
 * `assurance support …`: the vendor's side of support requests (SPEC §6): list and show them, classify, record when
 * the customer was told and when they approved, log time, close, and the month statement.
 */
import { SUPPORT_CLASSES, SUPPORT_STATUSES } from '@crm-assurance/license-core';
import { Argument, Command, Option } from 'commander';
import type { SupportRequestDetail, SupportRequestList, SupportStatement } from '../api/support-requests';
import type { CustomerList } from '../api/customers';
import type { ApiClient } from './api-client';
import type { CommandOptions } from './command-options';

interface Kit {
  client(cmd: Command): ApiClient;
  print<T>(cmd: Command, data: T, human: (d: T) => string): void;
  action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void>;
  money(m: { amount: number; currency: string } | undefined): string;
}

const CLASSES: string[] = [...SUPPORT_CLASSES];
const enc = encodeURIComponent;
/** Now (plus `offsetSeconds`) as a UTC instant to the second: the default time of a notice, approval or time entry. */
const nowSeconds = (offsetSeconds = 0): string => new Date(Math.floor(Date.now() / 1000 + offsetSeconds) * 1000).toISOString();
const minutes = (seconds: number): string => (seconds % 60 === 0 ? String(seconds / 60) : (seconds / 60).toFixed(2));

export function registerSupportCommands(program: Command, kit: Kit): void {
  const { client, print, action, money } = kit;
  const support = program.command('support').description('support requests filed from the configuration page (SPEC §6)');

  /** One request in a few lines: who, what, environment, classification, charge. */
  const detail = (d: SupportRequestDetail): string =>
    [
      `#${d.number} ${d.id} [${d.status}] ${d.summary}`,
      `  ${d.customerName ?? d.customerId}, org ${d.orgId}; add-on ${d.environment.addonVersion}, ${d.environment.platform} ${d.environment.platformVersion}, customisations ${d.environment.customisationsPresent ? 'present' : 'none'}`,
      d.contact ? `  contact ${[d.contact.name, d.contact.email].filter(Boolean).join(', ')}` : undefined,
      `  ${d.classification ? `classified ${d.classification}` : 'not classified yet'}${d.notifiedAt ? `, told ${d.notifiedAt}` : ''}${d.approvedAt ? `, approved ${d.approvedAt}` : ''}`,
      `  ${d.charge.loggedMinutes} min logged, ${minutes(d.charge.billableSeconds)} billable: ${money(d.charge.amount)} (${d.charge.note})`,
    ]
      .filter(Boolean)
      .join('\n');

  support
    .command('list')
    .option('--customer <id>', 'only this customer')
    .addOption(new Option('--status <status>', 'open or closed').choices(SUPPORT_STATUSES))
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const q = new URLSearchParams();
        if (o.customer) q.set('customerId', o.customer);
        if (o.status) q.set('status', o.status);
        const api = client(cmd);
        const r = await api.request<SupportRequestList>('GET', `/v1/support-requests${q.size ? `?${q}` : ''}`);
        // People read names, not ids (issue #13); the JSON keeps the ids.
        const names = new Map((await api.request<CustomerList>('GET', '/v1/customers')).customers.map((c) => [c.id, c.name]));
        print(cmd, r, (d) => d.requests.map((x) => `#${String(x.number).padEnd(4)} ${x.status.padEnd(6)} ${(x.classification ?? '-').padEnd(17)} ${(names.get(x.customerId) ?? x.customerId).padEnd(24)} ${x.summary}`).join('\n') || '(no requests)');
      }),
    );

  support
    .command('show')
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('GET', `/v1/support-requests/${enc(id)}`), detail);
      }),
    );

  support
    .command('classify')
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .addArgument(new Argument('<class>', CLASSES.join(' | ')).choices(CLASSES))
    .option('--note <text>', 'why')
    .action(
      action(async (id: string, classification: string, o: CommandOptions, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('POST', `/v1/support-requests/${enc(id)}/classification`, { classification, ...(o.note ? { note: o.note } : {}) }), detail);
      }),
    );

  support
    .command('notify')
    .description('record when the customer was told the cause is chargeable (billing never starts earlier)')
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .option('--at <instant>', 'when the customer was told, e.g. 2026-11-20T10:00:00Z (default: now)')
    .action(
      action(async (id: string, o: CommandOptions, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('POST', `/v1/support-requests/${enc(id)}/notice`, { notifiedAt: o.at ?? nowSeconds() }), detail);
      }),
    );

  support
    .command('approve')
    .description("record the customer's approval of chargeable work")
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .option('--at <instant>', 'when the customer approved, e.g. 2026-11-20T10:05:00Z (default: now)')
    .action(
      action(async (id: string, o: CommandOptions, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('POST', `/v1/support-requests/${enc(id)}/approval`, { approvedAt: o.at ?? nowSeconds() }), detail);
      }),
    );

  support
    .command('log')
    .description('log time worked on a request')
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .option('--from <instant>', 'when the work started (default: the given minutes ago)')
    .requiredOption('--minutes <n>', 'minutes worked', (v: string) => {
      if (!/^\d+$/.test(v)) throw new Error(`--minutes: expected whole minutes, got ${v}`);
      return Number(v);
    })
    .option('--note <text>', 'what was done')
    .action(
      action(async (id: string, o: CommandOptions, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('POST', `/v1/support-requests/${enc(id)}/time`, { from: o.from ?? nowSeconds(-60 * o.minutes), minutes: o.minutes, ...(o.note ? { note: o.note } : {}) }), detail);
      }),
    );

  support
    .command('close')
    .argument('<request>', 'request number (as the customer quotes it) or id')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) => {
        print(cmd, await client(cmd).request<SupportRequestDetail>('POST', `/v1/support-requests/${enc(id)}/close`), detail);
      }),
    );

  support
    .command('statement')
    .description('billable minutes and amounts per request and per customer for a month (vendor time zone)')
    .option('--month <YYYY-MM>', 'e.g. 2026-11 (default: this month, UTC)')
    .option('--customer <id>', 'only this customer')
    .action(
      action(async (o: CommandOptions, cmd: Command) => {
        const q = new URLSearchParams({ month: o.month ?? nowSeconds().slice(0, 7) });
        if (o.customer) q.set('customerId', o.customer);
        const r = await client(cmd).request<SupportStatement>('GET', `/v1/support/statement?${q}`);
        print(cmd, r, (d) =>
          [
            `support statement ${d.month} (${d.timeZone}, ${money(d.hourlyRate)} an hour)`,
            ...d.requests.map((x) => `  #${String(x.number).padEnd(4)} ${(d.customers.find((c) => c.customerId === x.customerId)?.customerName ?? x.customerId).padEnd(24)} ${(x.classification ?? '-').padEnd(17)} ${String(x.loggedMinutes).padStart(5)} min logged ${minutes(x.billableSeconds).padStart(6)} billable ${money(x.amount).padStart(14)}  ${x.summary}`),
            'per customer:',
            ...d.customers.map((c) => `  ${c.customerName} (${c.customerId}): ${minutes(c.billableSeconds)} min billable, ${money(c.amount)}`),
            `total ${d.totals.map(money).join(', ') || '0'}`,
          ].join('\n'),
        );
      }),
    );
}
