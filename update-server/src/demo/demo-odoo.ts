/**
 * The demo vendor's Odoo side (issue #10, decision U83): Odoo lines 16.0, 17.0, 18.0, DocGen's support matrix on
 * them, its Odoo release history, and an Odoo customer on a maintenance agreement (seed 004). Seeded through the
 * server's HTTP API like the rest of the demo (demo-vendor.ts calls these).
 *
 * The module zips of the releases are made by the Odoo module builder (`npm run odoo-module`, solution/src/odoo),
 * which is another part of the repository: `publishOdooReleases` is the one place it is plugged in.
 */
import { addDays } from '@crm-assurance/license-core';
import type { OrderPlaced } from '../api/orders';
import type { ReleasePublished } from '../api/releases';
import type { ApiClient } from '../cli/api-client';
import type { DemoCustomer, DemoSummary } from './demo-vendor';

/**
 * Odoo's major lines with their release dates: each was launched at Odoo Experience (16.0 on 2022-10-12, 17.0 on
 * 2023-11-08, 18.0 on 2024-10-02). These are the best-known dates; they could not be checked against odoo.com from
 * here. Correct them with `assurance line add --platform odoo`. Odoo Online's intermediate `saas~17.x` lines are
 * not registered: a database on one is offered only builds published for that line (decision L38).
 */
export const ODOO_LINES = [
  { line: '16.0', releasedOn: '2022-10-12' },
  { line: '17.0', releasedOn: '2023-11-08' },
  { line: '18.0', releasedOn: '2024-10-02' },
];

/** The technical name of DocGen's Odoo module (the zip's folder; decision U81). */
export const ODOO_MODULE_NAME = 'northwind_docgen';

export interface OdooReleaseSpec {
  addon: string;
  /** The add-on version, x.y.z: the module's version after the series. */
  version: string;
  kind: 'technology' | 'feature' | 'patch' | 'security';
  /** One build per line: an Odoo module zip is built for one series (decision L39). */
  lines: string[];
  publishedAt: string;
  notes: string;
  featuresOnLegacy?: boolean;
}

/**
 * DocGen's Odoo history, on fixed past dates so that the legacy windows (16.0 until 2025-11-08, 17.0 until
 * 2026-10-02) hold whenever the demo runs.
 */
export const ODOO_RELEASES: OdooReleaseSpec[] = [
  { addon: 'docgen', version: '1.0.0', kind: 'feature', lines: ['16.0'], publishedAt: '2023-03-01', notes: 'DocGen for Odoo 16.0.' },
  { addon: 'docgen', version: '1.1.0', kind: 'technology', lines: ['16.0', '17.0'], publishedAt: '2024-01-15', notes: 'Runs on Odoo 17.0.', featuresOnLegacy: true },
  { addon: 'docgen', version: '1.2.0', kind: 'feature', lines: ['17.0'], publishedAt: '2024-06-10', notes: 'Word templates with repeating tables.' },
  { addon: 'docgen', version: '1.3.0', kind: 'technology', lines: ['17.0', '18.0'], publishedAt: '2024-11-20', notes: 'Runs on Odoo 18.0.', featuresOnLegacy: true },
  { addon: 'docgen', version: '1.3.1', kind: 'patch', lines: ['17.0', '18.0'], publishedAt: '2025-05-05', notes: 'Fixes date formats in merged documents.' },
  { addon: 'docgen', version: '1.4.0', kind: 'feature', lines: ['18.0'], publishedAt: '2026-02-10', notes: 'PDF/A export (Odoo 18.0 only).' },
  { addon: 'docgen', version: '1.4.1', kind: 'patch', lines: ['17.0', '18.0'], publishedAt: '2026-06-03', notes: 'Fixes large attachments (17.0 legacy-window patch).' },
];

/** One build the module builder is asked for: `manifestVersion` is `<line>.<version>`, e.g. `17.0.1.4.1`. */
export interface OdooModuleBuild {
  addon: string;
  moduleName: string;
  version: string;
  line: string;
  manifestVersion: string;
  notes: string;
}

/** Makes the module zip of one build. The lead plugs in the builder of `npm run odoo-module` (solution/src/odoo). */
export type OdooModuleBuilder = (build: OdooModuleBuild) => Promise<Buffer>;

/** The catalogue: Odoo lines, DocGen's status on them, and a SEK price for the Odoo customer's order. */
export async function seedOdooCatalogue(api: ApiClient): Promise<void> {
  for (const l of ODOO_LINES) await api.request('POST', '/v1/platforms/odoo/lines', l);
  // SPEC §4: per add-on and line a status; DocGen's 16.0 module is no longer developed (few 16.0 customers left).
  await api.request('PUT', '/v1/addons/docgen/lines/odoo/16.0', { status: 'discontinued', reason: 'insufficient_demand' });
  await api.request('PUT', '/v1/addons/docgen/lines/odoo/18.0', { status: 'supported' });
  await api.request('PUT', '/v1/price-list/docgen', { listPrice: { amount: 9_900_000, currency: 'SEK' } });
}

/**
 * PLUG POINT for the Odoo releases (issue #10): publishes ODOO_RELEASES, one module zip per build and line, each
 * made by `build`. Without a builder nothing is published (the demo then has Odoo lines and an Odoo customer but no
 * Odoo releases): pass the `npm run odoo-module` builder here, from seedDemo's `odooModule` option.
 */
export async function publishOdooReleases(
  api: ApiClient,
  build: OdooModuleBuilder | undefined,
  o: { at: (date: string, hour?: number) => string; notFuture: (date: string) => boolean },
): Promise<DemoSummary['releases']> {
  const published: DemoSummary['releases'] = [];
  if (build === undefined) return published;
  for (const spec of ODOO_RELEASES) {
    if (!o.notFuture(spec.publishedAt)) continue;
    for (const line of spec.lines) {
      const manifestVersion = `${line}.${spec.version}`;
      const zip = await build({ addon: spec.addon, moduleName: ODOO_MODULE_NAME, version: spec.version, line, manifestVersion, notes: spec.notes });
      const metadata = {
        version: spec.version,
        kind: spec.kind,
        platform: 'odoo',
        lines: [line],
        publishedAt: o.at(spec.publishedAt, 8),
        notes: spec.notes,
        ...(spec.featuresOnLegacy ? { featuresOnLegacy: true } : {}),
      };
      const r = await api.publish<ReleasePublished>(spec.addon, { buffer: zip, fileName: `${ODOO_MODULE_NAME}-${manifestVersion}.zip` }, metadata);
      published.push({ id: r.id, addon: r.addon, version: r.version, kind: r.kind, lines: r.lines, publishedAt: r.publishedAt });
    }
  }
  return published;
}

/**
 * An Odoo customer on a maintenance agreement (SPEC §7, seed 004): billed monthly in SEK from a base plus a rate per
 * line of customer-specific code (Odoo's "cloc" count), one version upgrade a year included (not used yet: its
 * 17.0 database may move to 18.0) with a one-off fee of 9,900 SEK, 15 % off support hours. Its first month is paid;
 * the database is not activated, so that the key can be typed into the Odoo configuration page.
 */
export async function seedOdooCustomer(api: ApiClient, o: { today: string; pay: (invoiceId: string, amount: number, date: string) => Promise<void> }): Promise<DemoCustomer> {
  const customer = await api.request<{ id: string }>('POST', '/v1/customers', {
    id: 'vasa-verktyg',
    name: 'Vasa Verktyg AB',
    region: 'EU',
    language: 'sv',
    plan: 'maintenance',
    maintenance: { base: { amount: 400_000, currency: 'SEK' }, ratePerLine: { amount: 30, currency: 'SEK' }, upgradeFee: { amount: 990_000, currency: 'SEK' }, supportDiscountBp: 1500 },
  });
  const start = addDays(o.today, -20);
  const order = await api.request<OrderPlaced>('POST', `/v1/customers/${customer.id}/orders`, {
    orderedOn: start,
    currency: 'SEK',
    licences: [{ addon: 'docgen', quantity: 1 }],
    linesOfCode: 8_500,
  });
  await o.pay(order.invoice!.id, order.invoice!.outstanding, start);
  return {
    state: 'maintenance agreement (Odoo)',
    id: customer.id,
    name: 'Vasa Verktyg AB',
    licenceKey: order.licenceKey,
    platform: 'odoo',
    platformVersion: '17.0',
    note: `Odoo 17.0 database on a maintenance agreement from ${start} in SEK: 4,000 SEK a month plus 0.30 SEK a line of code (8,500 lines), one version upgrade a year included (fee 9,900 SEK); activate the key on the Odoo configuration page`,
  };
}
