/**
 * The fleet of `npm run bench` (issue #14, item 6 "fleet" row): a vendor with 200 releases over six years and
 * 10,000 tenants with mixed contracts, generated from a fixed seed so every run judges the same data.
 *
 * Releases: one add-on on Dynamics 365 lines 9.0 (legacy, closed), 9.1 (legacy, closed), 9.2 (legacy, patches
 * only since 9.3) and 9.3, plus Odoo 17.0 / saas~17.2 / 18.0 builds; several builds of one version (decision L31),
 * hot-fixes (SPEC §7), a licensed feature, targeting (regions, languages, a beta channel, a staged rollout, custom
 * builds).
 * Tenants: calendar-year contracts paid every year, lapsed ones (stopped paying), one with an open invoice inside
 * the payment term, cancelled ones, terminated ones, and term plans (Auto SSA quarterly, maintenance monthly:
 * dozens of invoices each).
 */
import type { ContractPlan, Invoice, Payment, PlatformLine, Release, TenantContext } from '../src';

export const FLEET_AS_OF = '2026-11-22T10:00:00.000Z';
export const FLEET_TIME_ZONE = 'Europe/Berlin';
export const FLEET_ADDON = 'docgen';
export const FLEET_PAYMENT_TERM_DAYS = 30;

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const date = (ms: number): string => iso(ms).slice(0, 10);
const pad = (n: number): string => String(n).padStart(2, '0');

export const FLEET_LINES: PlatformLine[] = [
  { platform: 'dynamics365', line: '9.0', releasedOn: '2017-11-01' },
  { platform: 'dynamics365', line: '9.1', releasedOn: '2018-10-01' },
  { platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' },
  { platform: 'dynamics365', line: '9.3', releasedOn: '2025-10-01' },
  { platform: 'odoo', line: '17.0', releasedOn: '2023-11-08' },
  { platform: 'odoo', line: 'saas~17.2', releasedOn: '2024-04-01' },
  { platform: 'odoo', line: '18.0', releasedOn: '2024-10-02' },
];

/** 200 releases from 2021-01-04 to 2026-11-16, newest last (as a store lists them). */
export function fleetReleases(count = 200): Release[] {
  const random = seededRandom(14);
  const start = Date.UTC(2021, 0, 4, 9, 0, 0);
  const span = Date.UTC(2026, 10, 16, 9, 0, 0) - start;
  const releases: Release[] = [];
  let major = 1;
  let minor = 0;
  let patch = 0;
  for (let i = 0; releases.length < count; i++) {
    // Publication times spread over the six years, some late in the evening UTC (the next day in Berlin).
    const at = start + Math.floor((span * i) / count) + (random() < 0.2 ? 14 * 3600_000 + 30 * 60_000 : 0);
    const roll = random();
    let kind: Release['kind'];
    if (i > 0 && i % 40 === 0) {
      major++;
      minor = 0;
      patch = 0;
      kind = 'technology';
    } else if (roll < 0.3) {
      minor++;
      patch = 0;
      kind = 'feature';
    } else {
      patch++;
      kind = roll < 0.4 ? 'security' : 'patch';
    }
    const version = `${major}.${minor}.${patch}.0`;
    const publishedAt = iso(at);
    const id = `r${pad(Math.floor(i / 100))}${pad(i % 100)}`;
    const base: Release = { id, addon: FLEET_ADDON, version, kind, platform: 'dynamics365', lines: [], publishedAt };
    const dynamicsLines = at < Date.UTC(2025, 9, 1) ? ['9.0', '9.1', '9.2'] : ['9.1', '9.2', '9.3'];
    if (kind === 'technology' && releases.length + 2 <= count) {
      // Decision L31: one version, one build per line.
      releases.push({ ...base, id: `${id}a`, lines: dynamicsLines.slice(0, 2) });
      releases.push({ ...base, id: `${id}b`, lines: dynamicsLines.slice(2) });
      continue;
    }
    const extra: Partial<Release> = {};
    const r = random();
    if (kind === 'patch' && r < 0.15) extra.hotfix = true;
    else if (kind === 'feature' && r < 0.1) extra.requiresFeature = 'ai-summaries';
    else if (r < 0.14) extra.regions = ['EU', 'CH'];
    else if (r < 0.17) extra.languages = ['de', 'fr'];
    else if (r < 0.2) extra.channel = 'beta';
    else if (r < 0.24) extra.rolloutPercent = 25;
    else if (r < 0.26) extra.customFor = ['t00042', 't00777', 't04242'];
    else if (r < 0.3) extra.editions = ['enterprise'];
    if (kind === 'feature' && r > 0.9) extra.featuresOnLegacy = true;
    if (at >= Date.UTC(2023, 10, 8) && random() < 0.25) {
      releases.push({ ...base, ...extra, platform: 'odoo', lines: at >= Date.UTC(2024, 9, 2) ? ['17.0', 'saas~17.2', '18.0'] : ['17.0'] });
    } else {
      releases.push({ ...base, ...extra, lines: dynamicsLines });
    }
  }
  return releases;
}

export type ContractKind = 'paid' | 'lapsed' | 'unpaid' | 'cancelled' | 'terminated' | 'ssa-quarterly' | 'maintenance';

export interface FleetTenant {
  id: string;
  kind: ContractKind;
  plan: ContractPlan;
  contractStart: string;
  invoices: Invoice[];
  payments: Payment[];
  cancellation?: { receivedOn: string; effectiveEnd: string };
  terminatedAt?: string;
  /** The org's platform version and installed add-on version. */
  target: Pick<TenantContext, 'platform' | 'platformVersion' | 'region' | 'language' | 'edition' | 'channel'>;
  licences: TenantContext['licences'];
  installedVersion: string;
}

const KINDS: [ContractKind, number][] = [
  ['paid', 0.45],
  ['lapsed', 0.15],
  ['unpaid', 0.08],
  ['cancelled', 0.08],
  ['terminated', 0.04],
  ['ssa-quarterly', 0.1],
  ['maintenance', 0.1],
];

const PLATFORM_VERSIONS: TenantContext['platformVersion'][] = ['9.0.2.3034', '9.1.0.4412', '9.2.24012.196', '9.2.23103.101', '9.3.25061.12'];
const ODOO_VERSIONS = ['17.0+e', 'saas~17.2', '18.0'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** The invoices of one tenant's contract, with payments for those it paid. */
function billing(
  random: () => number,
  id: string,
  kind: ContractKind,
  startMs: number,
  endMs: number,
): { invoices: Invoice[]; payments: Payment[] } {
  const invoices: Invoice[] = [];
  const payments: Payment[] = [];
  const amount = 100_000 + Math.floor(random() * 900_000);
  const add = (invoice: Invoice, paid: boolean): void => {
    invoices.push(invoice);
    if (!paid) return;
    const issued = Date.parse(`${invoice.issuedOn}T00:00:00Z`);
    const paidAt = issued + (1 + Math.floor(random() * 20)) * DAY + 3600_000 * Math.floor(random() * 24);
    if (random() < 0.2) {
      // Paid in two parts.
      const first = Math.floor(invoice.total.amount / 3);
      payments.push({ invoiceId: invoice.id, amount: { amount: first, currency: 'EUR' }, paidAt: iso(paidAt), reference: `${invoice.id}-a` });
      payments.push({ invoiceId: invoice.id, amount: { amount: invoice.total.amount - first, currency: 'EUR' }, paidAt: iso(paidAt + 5 * DAY), reference: `${invoice.id}-b` });
    } else {
      payments.push({ invoiceId: invoice.id, amount: { amount: invoice.total.amount, currency: 'EUR' }, paidAt: iso(paidAt), reference: `${invoice.id}-p` });
    }
  };
  if (kind === 'ssa-quarterly' || kind === 'maintenance') {
    const months = kind === 'maintenance' ? 1 : 3;
    const s = new Date(startMs);
    for (let k = 0; ; k++) {
      const from = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + k * months, 1);
      if (from > endMs) break;
      const to = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + (k + 1) * months, 1) - DAY;
      const open = from > endMs - 20 * DAY && random() < 0.5;
      add(
        {
          id: `${id}-i${k}`,
          kind: k === 0 ? 'first' : 'renewal',
          issuedOn: date(from),
          periodStart: date(from),
          periodEnd: date(to),
          total: { amount: Math.floor(amount / (12 / months)), currency: 'EUR' },
          plan: kind === 'maintenance' ? 'maintenance' : 'ssa-quarterly',
        },
        !open,
      );
    }
    return { invoices, payments };
  }
  // Calendar-year plan: the first period to 31 Dec of the next year, then calendar years (SPEC §2).
  const startYear = new Date(startMs).getUTCFullYear();
  const lastYear = new Date(endMs).getUTCFullYear();
  add(
    {
      id: `${id}-i0`,
      kind: 'first',
      issuedOn: date(startMs),
      periodStart: date(startMs),
      periodEnd: `${startYear + 1}-12-31`,
      total: { amount, currency: 'EUR' },
    },
    kind !== 'unpaid' || startYear + 1 < lastYear,
  );
  for (let year = startYear + 2, k = 1; year <= lastYear; year++, k++) {
    const lastOne = year === lastYear;
    const paid = kind === 'unpaid' ? !lastOne : kind === 'lapsed' ? !lastOne && random() < 0.5 : true;
    add(
      {
        id: `${id}-i${k}`,
        kind: 'renewal',
        issuedOn: `${year}-01-01`,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        total: { amount: Math.floor(amount / 2), currency: 'EUR' },
      },
      paid,
    );
  }
  return { invoices, payments };
}

/** `count` tenants, deterministic for a seed (another seed: other tenants of the same mix, e.g. to warm up). */
export function fleetTenants(count = 10_000, seed = 6): FleetTenant[] {
  const random = seededRandom(seed);
  const asOfMs = Date.parse(FLEET_AS_OF);
  const tenants: FleetTenant[] = [];
  for (let i = 0; i < count; i++) {
    const id = `t${String(i).padStart(5, '0')}`;
    let roll = random();
    let kind: ContractKind = 'paid';
    for (const [k, share] of KINDS) {
      if (roll < share) {
        kind = k;
        break;
      }
      roll -= share;
    }
    // Contracts started between 2020 and 2025 (an unpaid one: its first invoice of this month is open).
    const startMs =
      kind === 'unpaid' && random() < 0.5
        ? asOfMs - (3 + Math.floor(random() * 15)) * DAY
        : Date.UTC(2020, 0, 1) + Math.floor(random() * 6 * 365) * DAY;
    const contractStart = date(startMs);
    const plan: ContractPlan = kind === 'maintenance' ? 'maintenance' : kind === 'ssa-quarterly' ? 'ssa-quarterly' : 'calendar-year';
    let endMs = asOfMs;
    let cancellation: FleetTenant['cancellation'];
    let terminatedAt: string | undefined;
    if (kind === 'cancelled') {
      const year = Math.max(new Date(startMs).getUTCFullYear() + 1, 2022 + Math.floor(random() * 4));
      cancellation = { receivedOn: `${year}-09-15`, effectiveEnd: `${year}-12-31` };
      endMs = Date.UTC(year, 11, 31);
    } else if (kind === 'terminated') {
      const at = startMs + Math.floor(random() * (asOfMs - startMs));
      terminatedAt = iso(at);
      endMs = at;
    } else if (kind === 'lapsed') {
      endMs = Date.UTC(2023 + Math.floor(random() * 3), 0, 1);
      if (endMs < startMs) endMs = asOfMs;
    }
    const { invoices, payments } = billing(random, id, kind, startMs, endMs);
    const odoo = random() < 0.15;
    const target: FleetTenant['target'] = odoo
      ? { platform: 'odoo', platformVersion: pick(random, ODOO_VERSIONS) }
      : { platform: 'dynamics365', platformVersion: pick(random, PLATFORM_VERSIONS) };
    if (random() < 0.6) target.region = pick(random, ['EU', 'US', 'CH']);
    if (random() < 0.6) target.language = pick(random, ['de-DE', 'en-US', 'fr-CH']);
    if (random() < 0.05) target.channel = 'beta';
    const edition = pick(random, ['standard', 'enterprise']);
    const licences: TenantContext['licences'] = [
      { addon: FLEET_ADDON, edition, quantity: 1 + Math.floor(random() * 50), listPrice: { amount: 1_000_000, currency: 'EUR' }, orderedOn: contractStart },
    ];
    if (random() < 0.2) {
      licences.push({ addon: FLEET_ADDON, feature: 'ai-summaries', quantity: 5, listPrice: { amount: 200_000, currency: 'EUR' }, orderedOn: contractStart });
    }
    const installedVersion = random() < 0.3 ? '1.0.0.0' : `${1 + Math.floor(random() * 4)}.${Math.floor(random() * 5)}.0.0`;
    tenants.push({
      id,
      kind,
      plan,
      contractStart,
      invoices,
      payments,
      ...(cancellation ? { cancellation } : {}),
      ...(terminatedAt !== undefined ? { terminatedAt } : {}),
      target,
      licences,
      installedVersion,
    });
  }
  return tenants;
}
