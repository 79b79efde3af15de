/**
 * The fleet row of `npm run bench` (issue #14): every tenant's offered and withheld updates, judged in-process with
 * the public API. Measured: the update check with the functions of issue #14 (the release set compiled once with
 * compileReleaseSet, contractStanding for status and coverage in one pass, eligibleUpdates). Also printed: a cold
 * pass (the first of the process), and the sequence the server calls today (update-server/src/customer-account.ts
 * tenantContext: contractStatus, then coverage; routes/updates.ts: eligibleUpdates with the store's list). The
 * reference, in the same run, is a plain loop over the same data doing only the "newer than installed" comparison.
 *
 * Alone: `npx tsx license-core/bench/fleet.ts [tenants]` (default 10,000).
 */
import { performance } from 'node:perf_hooks';
import {
  compileReleaseSet,
  contractStanding,
  contractStatus,
  coverage,
  eligibleUpdates,
  parseAddonVersion,
  type CompiledReleaseSet,
  type ContractStatusInput,
  type CoverageInterval,
  type EligibleUpdatesInput,
  type Invoice,
  type Release,
  type TenantContext,
} from '../src';
import {
  FLEET_ADDON,
  FLEET_AS_OF,
  FLEET_LINES,
  FLEET_PAYMENT_TERM_DAYS,
  FLEET_TIME_ZONE,
  fleetReleases,
  fleetTenants,
  type FleetTenant,
} from './fleet-data';

/** One tenant's update check with the functions of issue #14: a compiled release set, contractStanding. */
function checkTenant(t: FleetTenant, releases: CompiledReleaseSet): ReturnType<typeof eligibleUpdates> {
  const { status, coverage: intervals } = contractStanding(statusInput(t));
  return eligibleUpdates(updatesInput(t, releases, intervals, status.openInvoices));
}

/** The same, as the server calls license-core today (update-server/src/customer-account.ts, routes/updates.ts). */
function checkTenantAsToday(t: FleetTenant, releases: readonly Release[]): ReturnType<typeof eligibleUpdates> {
  const status = contractStatus(statusInput(t));
  const intervals = coverage({
    invoices: t.invoices,
    payments: t.payments,
    asOf: FLEET_AS_OF,
    timeZone: FLEET_TIME_ZONE,
    ...(t.terminatedAt !== undefined ? { terminatedAt: t.terminatedAt } : {}),
    ...(t.cancellation ? { effectiveEnd: t.cancellation.effectiveEnd } : {}),
  });
  return eligibleUpdates(updatesInput(t, releases, intervals, status.openInvoices));
}

function statusInput(t: FleetTenant): ContractStatusInput {
  return {
    contractStart: t.contractStart,
    plan: t.plan,
    invoices: t.invoices,
    payments: t.payments,
    asOf: FLEET_AS_OF,
    timeZone: FLEET_TIME_ZONE,
    paymentTermDays: FLEET_PAYMENT_TERM_DAYS,
    ...(t.cancellation ? { cancellation: t.cancellation } : {}),
    ...(t.terminatedAt !== undefined ? { terminatedAt: t.terminatedAt } : {}),
  };
}

function updatesInput(
  t: FleetTenant,
  releases: readonly Release[] | CompiledReleaseSet,
  intervals: CoverageInterval[],
  openInvoices: Invoice[],
): EligibleUpdatesInput {
  const tenant: TenantContext = {
    tenantId: t.id,
    licences: t.licences,
    coverage: intervals,
    openInvoices,
    ...t.target,
    ...(t.terminatedAt !== undefined ? { terminatedAt: t.terminatedAt } : {}),
  };
  return { addon: FLEET_ADDON, installedVersion: t.installedVersion, releases, tenant, lines: FLEET_LINES, asOf: FLEET_AS_OF, timeZone: FLEET_TIME_ZONE };
}

/** FNV-1a over a string, folded into `hash`: a fingerprint of every answer, so a faster engine must answer the same. */
function fold(hash: number, s: string): number {
  let h = hash;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function summary(
  tenants: FleetTenant[],
  check: (t: FleetTenant) => ReturnType<typeof eligibleUpdates>,
): { hash: number; offered: number; reasons: Record<string, number> } {
  let hash = 0x811c9dc5;
  let offered = 0;
  const reasons: Record<string, number> = {};
  tenants.forEach((t) => {
    const a = check(t);
    hash = fold(hash, t.id);
    for (const r of a.offered) hash = fold(hash, `+${r.id}`);
    for (const w of a.withheld) {
      hash = fold(hash, `-${w.release.id}:${w.reason}`);
      reasons[w.reason] = (reasons[w.reason] ?? 0) + 1;
    }
    offered += a.offered.length;
  });
  return { hash, offered, reasons };
}

export interface FleetResult {
  tenants: number;
  releases: number;
  /** The release set compiled once (compileReleaseSet), as the fleet report and a server holding it per serial. */
  ms: number;
  /** The cold pass: as many other tenants, first thing in the process (compiled set). */
  coldMs: number;
  /** CPU time of the measured pass (user + system, all threads: includes the garbage collector's helpers). */
  cpuMs: number;
  /** As the server calls it today: the plain list on every call (recognised field by field), contractStatus and coverage. */
  listMs: number;
  referenceMs: number;
  offered: number;
  reasons: Record<string, number>;
  fingerprint: string;
}

export function runFleet(tenantCount = 10_000, releaseCount = 200): FleetResult {
  const releases = fleetReleases(releaseCount);
  const tenants = fleetTenants(tenantCount);
  // First, a cold pass: OTHER tenants of the same mix (another seed) in a fresh process, while the optimising
  // compiler is still at work; it also warms the process up, as a server that has answered update checks before.
  // Then the measured pass over the fleet. Both numbers are printed.
  const warmUp = fleetTenants(tenantCount, 7);
  const coldStart = performance.now();
  const warmUpSet = compileReleaseSet(fleetReleases(releaseCount));
  for (const t of warmUp) checkTenant(t, warmUpSet);
  const coldMs = performance.now() - coldStart;

  // The measured passes keep what a report row would (the counts), not the 10,000 answers: holding those is the
  // report's memory, not the rules' time. The answers are compared afterwards, in passes not measured.
  let count = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const compiled = compileReleaseSet(releases);
  for (const t of tenants) count += checkTenant(t, compiled).offered.length;
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;

  const listStart = performance.now();
  for (const t of tenants) count -= checkTenantAsToday(t, releases).offered.length;
  const listMs = performance.now() - listStart;
  if (count !== 0) throw new Error('the two call sequences offered different numbers of updates');

  // Reference: the same tenants and releases, only the version comparison, over pre-parsed versions.
  const parsed = releases.map((r) => parseAddonVersion(r.version).parts);
  const installed = tenants.map((t) => parseAddonVersion(t.installedVersion).parts);
  const refStart = performance.now();
  let newer = 0;
  for (const own of installed) {
    for (const parts of parsed) {
      for (let k = 0; k < 4; k++) {
        if (parts[k] !== own[k]) {
          if (parts[k] > own[k]) newer++;
          break;
        }
      }
    }
  }
  const referenceMs = performance.now() - refStart;
  if (newer < 0) throw new Error('unreachable'); // keeps the loop's result alive

  const { hash, offered, reasons } = summary(tenants, (t) => checkTenant(t, compiled));
  if (summary(tenants, (t) => checkTenantAsToday(t, releases)).hash !== hash) throw new Error('the two call sequences answered differently');
  return { tenants: tenantCount, releases: releases.length, ms, coldMs, cpuMs: (cpu.user + cpu.system) / 1000, listMs, referenceMs, offered, reasons, fingerprint: hash.toString(16).padStart(8, '0') };
}

export function printFleet(r: FleetResult): void {
  const judgements = r.tenants * r.releases;
  const pad = 48;
  console.log(
    `${`fleet (${r.tenants.toLocaleString('en-US')} tenants x ${r.releases} releases)`.padEnd(pad)} ${Math.round(r.ms).toLocaleString('en-US').padStart(10)} ms` +
      `  ${((r.ms * 1000) / judgements).toFixed(3)} µs/judgement  (CPU ${Math.round(r.cpuMs).toLocaleString('en-US')} ms)`,
  );
  console.log(
    `${'  cold: other tenants, first pass of the process'.padEnd(pad)} ${Math.round(r.coldMs).toLocaleString('en-US').padStart(10)} ms` +
      `  ${((r.coldMs * 1000) / judgements).toFixed(3)} µs/judgement`,
  );
  console.log(
    `${'  as called today: list, contractStatus, coverage'.padEnd(pad)} ${Math.round(r.listMs).toLocaleString('en-US').padStart(10)} ms` +
      `  ${((r.listMs * 1000) / judgements).toFixed(3)} µs/judgement`,
  );
  console.log(
    `${'  reference: version comparison only'.padEnd(pad)} ${r.referenceMs.toFixed(1).padStart(10)} ms  ratio ${(r.ms / Math.max(r.referenceMs, 0.001)).toFixed(0)}x (goal: fleet < 1,000 ms)`,
  );
  const reasons = Object.entries(r.reasons)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`  answers: offered ${r.offered}; withheld ${reasons}; fingerprint ${r.fingerprint}`);
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  printFleet(runFleet(n));
}
