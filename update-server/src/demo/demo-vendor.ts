/**
 * The demo vendor "Northwind Add-ons" (time zone Europe/Berlin), seeded through the server's own HTTP API so
 * the demo exercises exactly what a vendor does: platform lines, two add-ons, a release history across
 * Dynamics lines, and customers in every contract state; DocGen on Odoo too (demo-odoo.ts, issue #10). Dates are relative to the server's clock ("today"),
 * so the states hold whenever the demo runs; release history uses fixed past dates.
 */
import { addDays, calendarDateOf, compareLines, type ReleaseKind } from '@crm-assurance/license-core';
import type { Customer } from '../api/customers';
import type { InvoiceList } from '../api/invoices';
import type { OrderPlaced } from '../api/orders';
import type { ReleasePublished } from '../api/releases';
import type { ApiKeyCreated } from '../api/settings';
import type { SupportRequestFiled } from '../api/support-requests';
import type { ApiClient } from '../cli/api-client';
import { createApiClient } from '../cli/api-client';
import { demoSolutionZip } from './demo-artifact';
import { publishOdooReleases, seedOdooCatalogue, seedOdooCustomer, type OdooModuleBuilder } from './demo-odoo';

export const DEMO_VENDOR = { vendorId: 'northwind', vendorName: 'Northwind Add-ons', timeZone: 'Europe/Berlin' };

/**
 * Dynamics 365 (online) version lines with their general-availability dates. These are the best-known dates
 * (8.2: Dynamics 365 launch, Nov 2016; 9.0: the "July 2017 update", GA Oct 2017; 9.1: the October 2018
 * release; 9.2: 2020 release wave 2, Oct 2020). They could not be confirmed against Microsoft Learn from here;
 * the first of the month is used where only the month is known. Correct them with `assurance line add`.
 */
export const DYNAMICS_LINES = [
  { line: '8.2', releasedOn: '2016-11-01' },
  { line: '9.0', releasedOn: '2017-10-01' },
  { line: '9.1', releasedOn: '2018-10-01' },
  { line: '9.2', releasedOn: '2020-10-01' },
];

export interface DemoCustomer {
  state: string;
  id: string;
  name: string;
  licenceKey: string;
  /** Absent: dynamics365. */
  platform?: 'dynamics365' | 'odoo';
  platformVersion: string;
  orgId?: string;
  partnerId?: string;
  note: string;
}

export interface DemoSummary {
  vendor: typeof DEMO_VENDOR;
  today: string;
  customers: DemoCustomer[];
  releases: Array<{ id: string; addon: string; version: string; kind: string; lines: string[]; publishedAt: string; customFor?: string[] }>;
  /** The key of partner alpine-partners (Relecloud's). */
  partnerApiKey: string;
  /** Every demo partner's key by partner id: a second partner (bergland-it, Woodgrove) shows partners kept apart (issue #15). */
  partnerApiKeys: Record<string, string>;
}

interface ReleaseSpec {
  addon: string;
  version: string;
  kind: ReleaseKind;
  lines: string[];
  publishedAt: string;
  notes: string;
  featuresOnLegacy?: boolean;
  customFor?: string;
  hotfix?: boolean;
  /** Issue #9: publish one build per line set instead of one build for all `lines` (each built for its oldest line). */
  builds?: string[][];
}

const ADDONS = [
  { id: 'docgen', name: 'Northwind DocGen' },
  { id: 'mailsync', name: 'Northwind MailSync' },
];

/** The demo's price list: the price of one licence (minor units). */
export const PRICE_LIST: ReadonlyArray<readonly [addon: string, amount: number, currency: string]> = [
  ['docgen', 1_100_000, 'EUR'],
  ['mailsync', 225_000, 'EUR'],
  ['mailsync', 600_000, 'SEK'],
];

export interface SeedDemoOptions {
  /** Builds the Odoo module zips of the demo's Odoo releases (issue #10); without it no Odoo release is published. */
  odooModule?: OdooModuleBuilder;
}

export async function seedDemo(baseUrl: string, adminKey: string, now: Date, options: SeedDemoOptions = {}): Promise<DemoSummary> {
  const api = createApiClient(baseUrl, adminKey);
  const tz = DEMO_VENDOR.timeZone;
  const today = calendarDateOf(now.toISOString(), tz);
  const Y = Number(today.slice(0, 4));
  const y = (offset: number, mmdd: string): string => `${Y + offset}-${mmdd}`;
  /** An instant on a date (10:00 Berlin-ish), never later than one hour ago. */
  const at = (date: string, hour = 9): string => {
    const wanted = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`).getTime();
    return new Date(Math.min(wanted, now.getTime() - 3_600_000)).toISOString();
  };
  const notFuture = (date: string): boolean => date <= today;

  // --- catalogue -----------------------------------------------------------------------------------------------
  for (const l of DYNAMICS_LINES) await api.request('POST', '/v1/platforms/dynamics365/lines', l);
  for (const a of ADDONS) await api.request('POST', '/v1/addons', a);
  await api.request('PUT', '/v1/addons/docgen/lines/dynamics365/8.2', { status: 'discontinued', reason: 'platform_end_of_life' });
  await api.request('PUT', '/v1/addons/mailsync/lines/dynamics365/9.1', { status: 'discontinued', reason: 'insufficient_demand' });
  await api.request('PUT', '/v1/addons/docgen/lines/dynamics365/9.2', { status: 'supported' });
  // The price list (U35): today's price of one licence. Orders are priced from it; customers onboarded from the
  // old system keep the prices of their existing contracts, which the admin key sets as overrides with a reason (U36).
  for (const [addonId, amount, currency] of PRICE_LIST) await api.request('PUT', `/v1/price-list/${addonId}`, { listPrice: { amount, currency } });
  // Issue #10: the same DocGen on Odoo (lines, support matrix, a SEK price).
  await seedOdooCatalogue(api);

  // --- customers (created before the releases so the custom build can name one) ---------------------------------------
  const partnerKey = await api.request<ApiKeyCreated>('POST', '/v1/api-keys', { name: 'Alpine Partners (demo)', role: 'partner', partnerId: 'alpine-partners' });
  const partner = createApiClient(baseUrl, partnerKey.apiKey);
  const secondPartnerKey = await api.request<ApiKeyCreated>('POST', '/v1/api-keys', { name: 'Bergland IT (demo)', role: 'partner', partnerId: 'bergland-it' });
  const secondPartner = createApiClient(baseUrl, secondPartnerKey.apiKey);
  // The vendor's own customers get readable ids (U47), so the README's commands can name them: `--customer fabrikam`.
  const customer = async (client: ApiClient, name: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await client.request<Customer>('POST', '/v1/customers', { name, region: 'EU', language: 'de', ...extra })).id;

  const ids = {
    contoso: await customer(api, 'Contoso Pharma GmbH', { id: 'contoso' }),
    fabrikam: await customer(api, 'Fabrikam Logistics AG', { id: 'fabrikam' }),
    adatum: await customer(api, 'Adatum Corporation', { id: 'adatum', language: 'en' }),
    litware: await customer(api, 'Litware Inc.', { id: 'litware', language: 'en' }),
    trey: await customer(api, 'Trey Research', { id: 'trey' }),
    wingtip: await customer(api, 'Wingtip Toys', { id: 'wingtip' }),
    proseware: await customer(api, 'Proseware, Inc.', { id: 'proseware', language: 'en' }),
    relecloud: await customer(partner, 'Relecloud (via Alpine Partners)'),
    woodgrove: await customer(secondPartner, 'Woodgrove Bank (via Bergland IT)'),
    // SPEC §5 and §7: an Auto SSA customer with prepaid credit, and a maintenance-agreement customer billed in SEK.
    tailspin: await customer(api, 'Tailspin Toys', { id: 'tailspin', language: 'en', plan: 'ssa-quarterly' }),
    fourthCoffee: await customer(api, 'Fourth Coffee AB', {
      id: 'fourth-coffee',
      language: 'sv',
      plan: 'maintenance',
      maintenance: { base: { amount: 500_000, currency: 'SEK' }, ratePerLine: { amount: 25, currency: 'SEK' }, upgradeFee: { amount: 990_000, currency: 'SEK' }, supportDiscountBp: 1500 },
    }),
  };

  // --- release history ---------------------------------------------------------------------------------------------
  const specs: ReleaseSpec[] = [
    { addon: 'docgen', version: '0.9.0.0', kind: 'feature', lines: ['8.2'], publishedAt: '2017-05-02', notes: 'First public release for Dynamics 365 8.2.' },
    { addon: 'docgen', version: '1.0.0.0', kind: 'feature', lines: ['9.0', '9.1'], publishedAt: '2019-03-12', notes: 'Rebuilt for the Unified Interface.' },
    { addon: 'docgen', version: '1.1.0.0', kind: 'feature', lines: ['9.1'], publishedAt: '2019-11-05', notes: 'Word templates with repeating tables.' },
    { addon: 'docgen', version: '1.2.0.0', kind: 'technology', lines: ['9.1', '9.2'], publishedAt: '2020-12-10', notes: 'Runs on Dynamics 365 9.2.', featuresOnLegacy: true },
    { addon: 'docgen', version: '1.2.1.0', kind: 'patch', lines: ['9.1', '9.2'], publishedAt: '2021-06-14', notes: 'Fixes date formats in merged documents (9.1 legacy-window patch).' },
    { addon: 'docgen', version: '2.0.0.0', kind: 'feature', lines: ['9.1', '9.2'], publishedAt: '2021-09-20', notes: 'New template designer (features stay on the current line).' },
    {
      addon: 'docgen',
      version: '2.0.1.0',
      kind: 'security',
      lines: ['9.1', '9.2'],
      builds: [['9.1'], ['9.2']],
      publishedAt: '2022-08-30',
      notes: 'Security fix for template uploads (last 9.1 patch in its legacy window; one build per line).',
    },
    { addon: 'docgen', version: '2.1.0.0', kind: 'feature', lines: ['9.2'], publishedAt: y(-2, '05-10'), notes: 'PDF/A export.' },
    { addon: 'docgen', version: '2.0.2.0', kind: 'patch', lines: ['9.1'], publishedAt: y(-1, '06-01'), notes: 'Custom build for Wingtip Toys on 9.1.', customFor: 'wingtip' },
    { addon: 'docgen', version: '2.2.0.0', kind: 'feature', lines: ['9.2'], publishedAt: y(-1, '04-15'), notes: 'E-signature connector.' },
    { addon: 'docgen', version: '2.2.1.0', kind: 'patch', lines: ['9.2'], publishedAt: y(-1, '11-03'), notes: 'Fixes large attachments.' },
    { addon: 'docgen', version: '3.0.0.0', kind: 'feature', lines: ['9.2'], publishedAt: y(0, '02-10'), notes: 'DocGen 3: AI-assisted templates.' },
    { addon: 'docgen', version: '3.0.1.0', kind: 'patch', lines: ['9.2'], publishedAt: y(0, '06-03'), notes: 'Fixes 3.0 template import.' },
    { addon: 'mailsync', version: '1.0.0.0', kind: 'feature', lines: ['9.2'], publishedAt: '2022-03-01', notes: 'First release: Exchange folder sync.' },
    { addon: 'mailsync', version: '1.1.0.0', kind: 'feature', lines: ['9.2'], publishedAt: y(-1, '09-01'), notes: 'Shared mailboxes.' },
    { addon: 'mailsync', version: '1.2.0.0', kind: 'feature', lines: ['9.2'], publishedAt: y(0, '03-20'), notes: 'Sync rules per team.' },
    { addon: 'mailsync', version: '1.2.1.0', kind: 'patch', hotfix: true, lines: ['9.2'], publishedAt: addDays(today, -3), notes: 'Hot-fix: duplicate appointments after a server move (maintenance agreements).' },
  ];
  const releases: DemoSummary['releases'] = [];
  for (const spec of specs) {
    if (!notFuture(spec.publishedAt)) continue;
    const name = ADDONS.find((a) => a.id === spec.addon)!.name;
    for (const lines of spec.builds ?? [spec.lines]) {
      const metadata: Record<string, unknown> = {
        version: spec.version,
        kind: spec.kind,
        platform: 'dynamics365',
        lines,
        publishedAt: at(spec.publishedAt, 8),
        notes: spec.notes,
        ...(spec.featuresOnLegacy ? { featuresOnLegacy: true } : {}),
        ...(spec.hotfix ? { hotfix: true } : {}),
        ...(spec.customFor ? { customFor: [ids[spec.customFor as keyof typeof ids]] } : {}),
      };
      // A managed solution built for the oldest line the build targets (issue #9: it imports there and later).
      const packageLine = [...lines].sort(compareLines)[0];
      const zip = demoSolutionZip({ addon: spec.addon, name, version: spec.version, notes: spec.notes, packageLine });
      const fileName = `${spec.addon}_${spec.version.replace(/\./g, '_')}_${packageLine.replace('.', '_')}_managed.zip`;
      const r = await api.publish<ReleasePublished>(spec.addon, { buffer: zip, fileName }, metadata);
      releases.push({ id: r.id, addon: r.addon, version: r.version, kind: r.kind, lines: r.lines, publishedAt: r.publishedAt, ...(r.customFor ? { customFor: r.customFor } : {}) });
    }
  }

  // --- orders and payments ----------------------------------------------------------------------------------------------
  const EUR = (amount: number) => ({ amount, currency: 'EUR' });
  /** A line at the price of the customer's existing contract (whole line), not the price list's: an admin override. */
  const contractPrice = (amount: number, reason = 'onboarded at the price of the existing contract') => ({ listPrice: EUR(amount), priceReason: reason });
  let refCounter = 0;
  const order = async (client: ApiClient, id: string, orderedOn: string, licences: unknown[], extra: Record<string, unknown> = {}): Promise<{ key: string; invoiceId: string; total: number }> => {
    const r = await client.request<OrderPlaced>('POST', `/v1/customers/${id}/orders`, { orderedOn, currency: 'EUR', licences, ...extra });
    return { key: r.licenceKey, invoiceId: r.invoice!.id, total: r.invoice!.outstanding };
  };
  const pay = async (invoiceId: string, amount: number, date: string): Promise<void> => {
    refCounter += 1;
    await api.request('POST', `/v1/invoices/${invoiceId}/payments`, { amount, paidAt: at(date, 10), reference: `DEMO-${String(refCounter).padStart(4, '0')}` });
  };
  const payRenewal = async (id: string, year: number, date: string): Promise<void> => {
    const { invoices } = await api.request<InvoiceList>('GET', `/v1/customers/${id}/invoices`);
    const inv = invoices.find((i) => i.kind === 'renewal' && i.periodStart === `${year}-01-01`);
    if (inv) await pay(inv.id, inv.total.amount, date);
  };

  const contoso = await order(api, ids.contoso, y(-2, '03-15'), [
    { addon: 'docgen', quantity: 3, ...contractPrice(1_200_000) },
    { addon: 'mailsync', quantity: 1, ...contractPrice(500_000) },
  ]);
  await pay(contoso.invoiceId, contoso.total, y(-2, '04-02'));
  const fabrikam = await order(api, ids.fabrikam, y(-3, '06-01'), [{ addon: 'docgen', quantity: 1, ...contractPrice(800_000) }]);
  await pay(fabrikam.invoiceId, fabrikam.total, y(-3, '06-20'));
  const adatumDate = addDays(today, -10);
  const adatum = await order(api, ids.adatum, adatumDate, [{ addon: 'docgen', quantity: 2, ...contractPrice(600_000, 'competitive upgrade offer, approved by sales') }]);
  const litware = await order(api, ids.litware, y(-4, '02-01'), [{ addon: 'docgen', quantity: 2, ...contractPrice(500_000) }]);
  await pay(litware.invoiceId, litware.total, y(-4, '02-20'));
  const trey = await order(api, ids.trey, y(-3, '01-15'), [{ addon: 'mailsync', quantity: 1, ...contractPrice(700_000) }]);
  await pay(trey.invoiceId, trey.total, y(-3, '02-01'));
  await api.request('POST', `/v1/customers/${ids.trey}/cancellation`, { receivedOn: y(-1, '08-20') });
  const wingtip = await order(api, ids.wingtip, '2020-02-10', [{ addon: 'docgen', quantity: 2, ...contractPrice(900_000) }]);
  await pay(wingtip.invoiceId, wingtip.total, '2020-02-25');
  const proseware = await order(api, ids.proseware, y(-2, '09-01'), [{ addon: 'docgen', quantity: 1, ...contractPrice(1_000_000) }]);
  await pay(proseware.invoiceId, proseware.total, y(-2, '09-15'));
  const relecloud = await order(partner, ids.relecloud, y(-1, '05-01'), [
    // The partner orders at the price list's prices (a partner key may not override one): 2 × 2,250.00 and 11,000.00.
    { addon: 'mailsync', quantity: 2 },
    { addon: 'docgen', quantity: 1 },
  ]);
  await pay(relecloud.invoiceId, relecloud.total, y(-1, '05-20'));
  const woodgrove = await order(secondPartner, ids.woodgrove, y(-1, '09-01'), [{ addon: 'docgen', quantity: 1 }]);
  await pay(woodgrove.invoiceId, woodgrove.total, y(-1, '09-20'));

  // Auto SSA, quarterly, started about five months ago; 200.00 EUR of service credits pay part of the first quarter.
  const tailspinStart = addDays(today, -150);
  await api.request('POST', `/v1/customers/${ids.tailspin}/credits`, { amount: EUR(20_000), reference: 'DEMO-SSC-0001', note: 'Software service credits bought with the licences' });
  const tailspin = await order(api, ids.tailspin, tailspinStart, [{ addon: 'docgen', quantity: 2, ...contractPrice(700_000, 'bundle price with the service credits') }]);
  await pay(tailspin.invoiceId, tailspin.total, tailspinStart);
  // Maintenance agreement, started about two months ago, counted at 12,000 lines of customer-specific code.
  const coffeeStart = addDays(today, -62);
  const fourthCoffee = await order(api, ids.fourthCoffee, coffeeStart, [{ addon: 'mailsync', quantity: 1 }], { currency: 'SEK', linesOfCode: 12_000 });
  await pay(fourthCoffee.invoiceId, fourthCoffee.total, coffeeStart);

  // Every periodic invoice up to today (renewals each 1 January, Auto SSA quarters, maintenance months), then the
  // ones that were paid.
  await api.request('POST', '/v1/billing/run', { date: today, linesOfCode: { [ids.fourthCoffee]: 12_400 } });
  for (const id of [ids.tailspin, ids.fourthCoffee]) {
    const { invoices } = await api.request<InvoiceList>('GET', `/v1/customers/${id}/invoices`);
    for (const inv of invoices) if (inv.kind === 'renewal' && inv.status === 'open') await pay(inv.id, inv.outstanding, inv.issuedOn);
  }
  await api.request('POST', `/v1/customers/${ids.fourthCoffee}/upgrades`, { requestedOn: addDays(today, -20), fromLine: '9.1', toLine: '9.2', note: 'Upgrade of the test and production instances' });
  await payRenewal(ids.contoso, Y, y(0, '01-20'));
  await payRenewal(ids.fabrikam, Y - 1, y(-1, '01-25'));
  await payRenewal(ids.trey, Y - 1, y(-1, '01-18'));
  for (let year = 2022; year <= Y; year++) await payRenewal(ids.wingtip, year, `${year}-01-15`);
  await payRenewal(ids.proseware, Y, y(0, '01-12'));

  // Orgs: the 9.1 customer and the terminated one are activated, the others wait for an admin to type the key in.
  const activate = async (key: string, orgId: string, url: string, platformVersion: string): Promise<void> => {
    await createApiClient(baseUrl, undefined).request('POST', '/v1/activate', { licenceKey: key, orgId, orgUrl: url, platform: 'dynamics365', platformVersion });
  };
  await activate(wingtip.key, 'demo-wingtip-prod', 'https://wingtip.crm4.dynamics.com', '9.1.0.28216');
  await activate(proseware.key, 'demo-proseware-prod', 'https://proseware.crm.dynamics.com', '9.2.24012.196');
  await api.request('POST', `/v1/customers/${ids.proseware}/termination`, { reason: 'Unauthorised use of program code: the managed solution was redistributed.' });
  await activate(fourthCoffee.key, 'demo-fourthcoffee-prod', 'https://fourthcoffee.crm4.dynamics.com', '9.2.24012.196');

  // Support requests (SPEC §6), filed the way the configuration page files them, then handled by the vendor.
  const file = async (key: string, orgId: string, addon: string, summary: string, description: string, addonVersion: string, platformVersion: string, customisationsPresent: boolean) =>
    createApiClient(baseUrl, undefined).request<SupportRequestFiled>('POST', '/v1/support-requests', {
      licenceKey: key,
      orgId,
      addon,
      summary,
      description,
      environment: { addonVersion, platformVersion, customisationsPresent },
    });
  const wingtipRequest = await file(wingtip.key, 'demo-wingtip-prod', 'docgen', 'Merged dates show the US format', 'Since the 2.0.2.0 custom build, merged dates in quotes read 11/20 instead of 20.11.', '2.0.2.0', '9.1.0.28216', false);
  await api.request('POST', `/v1/support-requests/${wingtipRequest.id}/classification`, { classification: 'base_bug', note: 'Reproduced in a standard org: our bug, free.' });
  await api.request('POST', `/v1/support-requests/${wingtipRequest.id}/time`, { from: at(today, 8), minutes: 50, note: 'Reproduced and fixed in 2.0.2.1' });
  const coffeeRequest = await file(fourthCoffee.key, 'demo-fourthcoffee-prod', 'mailsync', 'Shared mailbox stops syncing', 'The sales shared mailbox stopped syncing after we added our own routing plug-in.', '1.2.0.0', '9.2.24012.196', true);
  await api.request('POST', `/v1/support-requests/${coffeeRequest.id}/classification`, { classification: 'customization_bug', note: 'Caused by the customer routing plug-in.' });
  await api.request('POST', `/v1/support-requests/${coffeeRequest.id}/notice`, { notifiedAt: at(today, 7) });
  await api.request('POST', `/v1/support-requests/${coffeeRequest.id}/approval`, { approvedAt: at(today, 7) });
  await api.request('POST', `/v1/support-requests/${coffeeRequest.id}/time`, { from: at(today, 8), minutes: 90, note: 'Diagnosis and fix of the routing plug-in' });
  // Left open for the vendor to handle (the README's support commands start from it: request 3).
  await file(fourthCoffee.key, 'demo-fourthcoffee-prod', 'mailsync', 'Appointments appear twice', 'Since we moved the mailbox server, every appointment from the shared calendar appears twice.', '1.2.0.0', '9.2.24012.196', true);

  // The activated orgs' add-ons check for updates as they do each time the page opens, so the fleet report (issue
  // #14: `assurance fleet`) has their installed versions and judgements from the start. Proseware is terminated: its
  // add-on is refused, so it stays in the report without a check.
  const check = (key: string, orgId: string, addon: string, installedVersion: string, platformVersion: string) =>
    createApiClient(baseUrl, undefined).request('POST', '/v1/updates/check', { licenceKey: key, orgId, addon, installedVersion, platformVersion });
  await check(wingtip.key, 'demo-wingtip-prod', 'docgen', '2.0.2.0', '9.1.0.28216');
  await check(fourthCoffee.key, 'demo-fourthcoffee-prod', 'mailsync', '1.2.0.0', '9.2.24012.196');

  // Issue #10: DocGen's Odoo releases (when a module builder is plugged in) and an Odoo customer on a maintenance
  // agreement (seed 004), next to the Dynamics customers.
  releases.push(...(await publishOdooReleases(api, options.odooModule, { at, notFuture })));
  const vasa = await seedOdooCustomer(api, { today, pay });

  const v92 = '9.2.24012.196';
  const customers: DemoCustomer[] = [
    { state: 'paid', id: ids.contoso, name: 'Contoso Pharma GmbH', licenceKey: contoso.key, platformVersion: v92, note: `renewal ${Y} paid: gets this year's releases (DocGen 3.0)` },
    { state: 'unpaid renewal', id: ids.fabrikam, name: 'Fabrikam Logistics AG', licenceKey: fabrikam.key, platformVersion: v92, note: `renewal ${Y} open: this year's releases (DocGen 3.0) withheld as not_paid` },
    { state: 'new order, unpaid', id: ids.adatum, name: 'Adatum Corporation', licenceKey: adatum.key, platformVersion: v92, note: `ordered ${adatumDate}, invoice open within its payment term; releases up to the order date come with the purchase` },
    { state: 'lapsed', id: ids.litware, name: 'Litware Inc.', licenceKey: litware.key, platformVersion: v92, note: `paid through ${Y - 3}-12-31, renewals never paid: keeps what was published while paid` },
    { state: 'cancelled', id: ids.trey, name: 'Trey Research', licenceKey: trey.key, platformVersion: v92, note: `cancelled on time, ended ${Y - 1}-12-31: releases after that withheld as not_covered` },
    { state: 'legacy line (9.1)', id: ids.wingtip, name: 'Wingtip Toys', licenceKey: wingtip.key, platformVersion: '9.1.0.28216', orgId: 'demo-wingtip-prod', note: '9.1 org: patches published inside the legacy window (until 2022-10-01) and its custom build are offered; feature releases are not' },
    { state: 'terminated', id: ids.proseware, name: 'Proseware, Inc.', licenceKey: proseware.key, platformVersion: v92, orgId: 'demo-proseware-prod', note: 'extraordinary termination: nothing downloadable' },
    { state: 'Auto SSA (quarterly)', id: ids.tailspin, name: 'Tailspin Toys', licenceKey: tailspin.key, platformVersion: v92, note: `Auto SSA billed quarterly from ${tailspinStart} (1 % discount); 200.00 EUR of prepaid credit used on the first quarter` },
    { state: 'maintenance agreement', id: ids.fourthCoffee, name: 'Fourth Coffee AB', licenceKey: fourthCoffee.key, platformVersion: v92, orgId: 'demo-fourthcoffee-prod', note: `maintenance agreement from ${coffeeStart} in SEK: monthly base plus 25 öre a line of code, upgrade fee 9,900 SEK; gets the MailSync hot-fix` },
    { state: 'paid (partner)', id: ids.relecloud, name: 'Relecloud (via Alpine Partners)', licenceKey: relecloud.key, platformVersion: v92, partnerId: 'alpine-partners', note: 'managed by partner key alpine-partners' },
    { state: 'paid (second partner)', id: ids.woodgrove, name: 'Woodgrove Bank (via Bergland IT)', licenceKey: woodgrove.key, platformVersion: v92, partnerId: 'bergland-it', note: 'managed by partner key bergland-it: alpine-partners cannot see it' },
    vasa,
  ];
  const partnerApiKeys = { 'alpine-partners': partnerKey.apiKey, 'bergland-it': secondPartnerKey.apiKey };
  return { vendor: DEMO_VENDOR, today, customers, releases, partnerApiKey: partnerKey.apiKey, partnerApiKeys };
}
