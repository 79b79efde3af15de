/**
 * The fleet report's speed (issue #14 item 4: 10,000 orgs × 200 releases in under a second for the whole route, store
 * query + judgement + serialisation). `benchFleet` seeds a fresh SQLite store directly through the Store interface (not
 * through HTTP), starts the server on loopback and times `GET /v1/fleet` as JSON and as CSV. `npm run bench:http`
 * imports it; standalone:
 *
 *   npx tsx update-server/bench/fleet.ts [--orgs 10000] [--releases 200]
 *
 * The data directory lives in /dev/shm when there is one (seeding writes one transaction per record, each synced; on
 * tmpfs that costs nothing, and reads are served from the page cache either way), and is removed afterwards. Numbers
 * belong in a decision (docs/decisions-update-server.md, U74), never in a test.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, firstPlanInvoice, renewalInvoice, type CalendarDate, type PlatformLine, type ReleaseKind } from '@crm-assurance/license-core';
import pino from 'pino';
import { seededRandom } from '../../license-core/bench/fleet-data';
import { createSettableClock } from '../src/clock';
import { dataPaths } from '../src/config';
import { newInvoice } from '../src/contract-billing';
import { initDataDir, startServer } from '../src/server';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { InvoiceRecord, ReleaseRecord, Store } from '../src/store/store';

export interface FleetBench {
  /** The slower of the JSON and CSV medians (3 timed requests each, after one untimed request that compiles the release set). */
  ms: number;
  orgs: number;
  /** Bytes of the JSON answer. */
  bytes: number;
  jsonMs: number;
  csvMs: number;
  csvBytes: number;
  /** The first request on a fresh server (the release set compiled, prepared statements made). */
  coldMs: number;
  seedMs: number;
}

export const NOW = '2026-03-15T10:00:00.000Z';
const LINES: PlatformLine[] = [
  { platform: 'dynamics365', line: '9.0', releasedOn: '2017-10-01' },
  { platform: 'dynamics365', line: '9.1', releasedOn: '2018-10-01' },
  { platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' },
];
const PLATFORM_VERSIONS: Record<string, string> = { '9.0': '9.0.2.3034', '9.1': '9.1.0.28216', '9.2': '9.2.24012.196' };
const KINDS: ReleaseKind[] = ['feature', 'patch', 'patch', 'security', 'technology'];

/** license-core's bench generator (mulberry32), so that every run seeds the same fleet. */
const random = seededRandom;

const day = (from: CalendarDate, rnd: () => number, spanDays: number): CalendarDate => addDays(from, Math.floor(rnd() * spanDays));

/** `count` releases of `docgen` over six years, newest version last: lines as the legacy windows allowed them (SPEC §4). */
function releasesOf(count: number, rnd: () => number): ReleaseRecord[] {
  const out: ReleaseRecord[] = [];
  const first = Date.parse('2020-03-01T08:00:00Z');
  const step = (Date.parse('2026-02-28T08:00:00Z') - first) / Math.max(1, count - 1);
  for (let i = 0; i < count; i++) {
    const publishedAt = new Date(first + Math.round(i * step)).toISOString();
    const kind = KINDS[i % KINDS.length]!;
    // 9.0's patches ended 2020-10-01 and 9.1's 2022-10-01 (two years after the successor); features only on the newest line.
    const lines = publishedAt < '2020-10-01' ? ['9.0', '9.1', '9.2'] : publishedAt < '2022-10-01' && kind !== 'feature' ? ['9.1', '9.2'] : ['9.2'];
    const version = `${1 + Math.floor(i / 40)}.${Math.floor(i / 8) % 5}.${i % 8}.0`;
    out.push({
      id: `rel_${String(i).padStart(4, '0')}`,
      addon: 'docgen',
      version,
      kind,
      platform: 'dynamics365',
      lines,
      publishedAt,
      ...(i % 25 === 7 ? { regions: ['FR'] } : {}),
      ...(i % 40 === 13 ? { rolloutPercent: 50 } : {}),
      ...(i % 50 === 21 ? { hotfix: true } : {}),
      size: 1000 + i,
      sha256: rnd().toString(16).slice(2).padEnd(64, '0').slice(0, 64),
      fileName: `docgen-${version}.zip`,
      createdAt: publishedAt,
    });
  }
  return out;
}

/** One customer with its first order, renewals through 2026, payments (some missing), an org, its last check and maybe an install. */
async function seedCustomer(store: Store, i: number, releases: ReleaseRecord[], rnd: () => number): Promise<void> {
  const customerId = `cus_${String(i).padStart(6, '0')}`;
  const orderedOn = day('2020-01-01', rnd, 6 * 365);
  const createdAt = `${orderedOn}T09:00:00.000Z`;
  const now = new Date(createdAt);
  await store.insertCustomer({ id: customerId, name: `Customer ${i}${i % 97 === 0 ? ', "quoted" Ltd' : ''}`, ...(i % 10 === 0 ? { partnerId: `partner-${i % 3}` } : {}), region: i % 7 === 0 ? 'FR' : 'DE', createdAt });
  const licence = { id: `lic_${i}`, orderId: `ord_${i}`, customerId, addon: 'docgen', quantity: 1 + (i % 5), listPrice: { amount: 1_000_000 * (1 + (i % 5)), currency: 'EUR' }, orderedOn };
  const first = newInvoice(firstPlanInvoice({ plan: 'calendar-year', orderDate: orderedOn, licences: [licence], rateBp: 1800 }), {
    customerId,
    orderId: `ord_${i}`,
    kind: 'first',
    issuedOn: orderedOn,
    plan: 'calendar-year',
    paymentTermDays: 30,
    now,
  });
  await store.insertOrder(
    {
      order: { id: `ord_${i}`, customerId, orderedOn, licenceKeyId: `key_${i}`, invoiceId: first.id, createdAt },
      licences: [licence],
      licenceKey: { id: `key_${i}`, customerId, orderId: `ord_${i}`, keyHash: `hash-${i}`, hint: 'BENCH', createdAt },
      invoices: [first],
      contract: { contractStart: orderedOn, plan: 'calendar-year' },
    },
    () => 0,
  );
  const renewals: InvoiceRecord[] = [];
  for (let year = Number(first.periodEnd.slice(0, 4)) + 1; year <= 2026; year++) {
    const issuedOn = `${year - 1}-12-01`;
    renewals.push(
      newInvoice(renewalInvoice({ periodStart: `${year}-01-01`, licences: [licence], rateBp: 1800 }), { customerId, kind: 'renewal', issuedOn, plan: 'calendar-year', paymentTermDays: 30, now: new Date(`${issuedOn}T03:00:00Z`) }),
    );
  }
  if (renewals.length > 0) await store.insertRenewalInvoices(renewals, () => 0);
  // 85 % pay everything, 10 % leave 2026 unpaid, 5 % stopped paying in 2024 (lapsed).
  const payer = rnd();
  for (const invoice of [first, ...renewals]) {
    const year = Number(invoice.periodStart.slice(0, 4));
    if ((payer > 0.85 && year >= 2026) || (payer > 0.95 && year >= 2024)) continue;
    await store.recordPayment({ id: `pay_${invoice.id}`, invoiceId: invoice.id, amount: invoice.total, paidAt: `${addDays(invoice.issuedOn, 10)}T12:00:00.000Z`, reference: `ref-${invoice.id}`, createdAt });
  }
  const line = rnd() < 0.7 ? '9.2' : rnd() < 0.67 ? '9.1' : '9.0';
  const orgId = `org-${i}`;
  await store.bindOrg(
    { orgId, customerId, orgUrl: `https://org-${i}.crm4.dynamics.com`, environment: 'production', platform: 'dynamics365', platformVersion: PLATFORM_VERSIONS[line]!, line, licenceKeyId: `key_${i}`, activatedAt: createdAt, lastSeenAt: createdAt },
    2,
  );
  // Installed: a release at most two years old at the check, so about half of the releases are newer.
  const installed = releases[Math.floor(rnd() * releases.length * 0.9)]!;
  await store.recordUpdateCheck({ orgId, customerId, addon: 'docgen', installedVersion: installed.version, platformVersion: PLATFORM_VERSIONS[line]!, line, checkedAt: NOW });
  if (i % 3 === 0) {
    await store.recordInstall({ id: `ins_${i}`, customerId, orgId, addon: 'docgen', fromVersion: '1.0.0.0', toVersion: installed.version, outcome: i % 30 === 0 ? 'failed' : 'succeeded', ...(i % 30 === 0 ? { error: 'Import failed, "solution" missing' } : {}), recordedAt: '2026-03-01T12:00:00.000Z' });
  }
}

async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number; status: number; body: Buffer }> {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length, status: res.status, body };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A data directory (made by init) seeded with `orgs` customers, one org each, and `releases` releases; the clock is NOW. */
export async function seedFleet(dataDir: string, opts: { orgs: number; releases: number }): Promise<{ adminApiKey: string }> {
  const init = await initDataDir({ dataDir, vendorId: 'bench', vendorName: 'Bench Vendor', clock: createSettableClock(NOW, { frozen: true }) });
  const store = openSqliteStore(dataPaths(dataDir).database);
  const rnd = random(14);
  try {
    for (const line of LINES) await store.upsertPlatformLine(line);
    await store.insertAddon({ id: 'docgen', name: 'DocGen', createdAt: '2020-01-01T00:00:00.000Z' });
    const releases = releasesOf(opts.releases, rnd);
    for (const r of releases) await store.insertRelease(r);
    for (let i = 0; i < opts.orgs; i++) await seedCustomer(store, i, releases, rnd);
  } finally {
    await store.close();
  }
  return { adminApiKey: init.adminApiKey };
}

export async function benchFleet(opts: { orgs: number; releases: number }): Promise<FleetBench> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dataDir = mkdtempSync(path.join(base, 'assurance-bench-fleet-'));
  const clock = createSettableClock(NOW, { frozen: true });
  try {
    const seedStarted = Date.now();
    const { adminApiKey } = await seedFleet(dataDir, opts);
    const seedMs = Date.now() - seedStarted;

    const server = await startServer({ dataDir, clock, log: pino({ level: 'silent' }), config: { dailyBilling: false } });
    try {
      const url = `${server.url}/v1/fleet`;
      const auth = { authorization: `Bearer ${adminApiKey}` };
      const cold = await timed(url, auth);
      if (cold.status !== 200) throw new Error(`GET /v1/fleet answered ${cold.status}: ${cold.body.toString('utf8').slice(0, 300)}`);
      const orgs = (JSON.parse(cold.body.toString('utf8')) as { count: number }).count;
      const json: number[] = [];
      const csv: number[] = [];
      let csvBytes = 0;
      for (let k = 0; k < 3; k++) {
        json.push((await timed(url, auth)).ms);
        const answer = await timed(`${url}?format=csv`, auth);
        csv.push(answer.ms);
        csvBytes = answer.bytes;
      }
      const jsonMs = median(json);
      const csvMs = median(csv);
      return { ms: Math.max(jsonMs, csvMs), orgs, bytes: cold.bytes, jsonMs, csvMs, csvBytes, coldMs: cold.ms, seedMs };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive whole number`);
  return value;
}

if (require.main === module) {
  const orgs = option('orgs', 10_000);
  const releases = option('releases', 200);
  benchFleet({ orgs, releases })
    .then((r) => {
      const mb = (n: number): string => (n / 1e6).toFixed(1);
      process.stdout.write(
        `fleet ${r.orgs} orgs x ${releases} releases: ${r.ms.toFixed(0)} ms (JSON ${r.jsonMs.toFixed(0)} ms, ${mb(r.bytes)} MB; CSV ${r.csvMs.toFixed(0)} ms, ${mb(r.csvBytes)} MB; cold ${r.coldMs.toFixed(0)} ms; seeded in ${(r.seedMs / 1000).toFixed(1)} s) goal < 1000 ms: ${r.ms < 1000 ? 'met' : 'NOT met'}\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    });
}
