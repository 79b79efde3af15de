/**
 * `npm run bench:http` (issue #14, item 6; decisions U75-U79): the table of issue #14 measured in one run, each row
 * beside a reference measured in the same run on the same machine. Numbers live here and in decision U79, never in
 * tests (a jest test only runs `--quick` and checks every row is printed).
 *
 * - The server under test is the COMPILED one (update-server/dist, built first by scripts/build.mjs, decision U69),
 *   started with `assurance-server start` in a process of its own, rate limit lifted (`--rate-limit 1000000`),
 *   logging at its default level (info) to /dev/null, as a production unit runs it.
 * - The load generator is autocannon 8 in another process (load.mjs): the machine has 2 cores, one for the client,
 *   one for the server. 64 connections (16 for downloads), medians of A/B pairs (server, then its reference).
 * - The vendor is seeded through the HTTP API (seed.ts): 200 releases over six years, then N customers, each with
 *   an order, its first invoice paid and an activated org; the requests visit every org in turn.
 * - References: a bare Express 5 JSON route (bare-express.mjs), nginx serving the same file statically (Debian's
 *   nginx), `node hello.mjs` for the cold start.
 * - `--quick`: N=100 only, 1-second runs, one pair: a smoke run (the rows of N=10,000 are measured on N=100 then).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  DIST,
  ROOT,
  freePort,
  initCompiled,
  load,
  peakRssMb,
  startBareExpress,
  startCompiled,
  startNginx,
  stop,
  timeToFirst200,
  type LoadResult,
  type ServerProcess,
} from './processes';
import { PLATFORM_VERSION, RELEASES, cloneCustomers, seedCatalogue, seedCustomers, type SeededOrg } from './seed';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [100] : [100, 10_000];
const DURATION = QUICK ? 1 : 5;
const PAIRS = QUICK ? 1 : 3;
const CONNECTIONS = 64;
const DOWNLOAD_CONNECTIONS = 16;
const COLD_STARTS = QUICK ? 1 : 3;
/** Customers seeded through the API; beyond them, copies written into the store (decision U76). */
const API_CUSTOMERS = 500;

interface Row {
  measure: string;
  now: string;
  reference: string;
  ratio: string;
  goal: string;
  met?: boolean;
  gap?: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mbps = (r: LoadResult): number => r.bytesPerSecond / 1e6;

/** Where the time goes, from the CPU profiles of this build (decision U78): printed beside a row that misses its goal. */
const CAUSES: Record<string, string> = {
  check:
    'every org in turn means a new manifest to sign for each: RSA-2048 (RS256, the add-on\'s protocol) is 21 % of the CPU profile, ' +
    'about 1 ms a signature, so one core signs at most ~1,000 new manifests a second; then the answer\'s JSON (~30 KB, 12 %), ' +
    'one HMAC download link with a random nonce per offered release (10 %), the judgement (9 %, U77 keeps it) and Express\'s routing (8 %)',
  checkAgain:
    'with the judgement and the signature cached, the per-request work left is the answer itself: ~30 KB of JSON (19 % of the profile), ' +
    'one HMAC download link with a fresh nonce per offered release (14 %: randomFillSync + HMAC), writev of the body (8 %) and Express\'s router (10 %)',
  entitlement: 'every org in turn means new claims to sign for each (RSA-2048, ~1 ms); the claims themselves are kept (U77)',
  activate: 'a write transaction per request (bindOrg, SQLite synchronous=FULL: one fsync per commit) and two signed documents',
  download: 'Node\'s HTTP server cannot sendfile: every byte is read into user space and written again',
  rss: 'V8\'s old space grows lazily under load (98 MB idle after start; the same load peaks ~50 MB lower with --max-old-space-size=100 at the same rate); the caches are bounded (U77)',
  cold: 'loading the bundle and the packages a start needs (express and its parsers, zod, jsonwebtoken, node-forge, xmldom, prom-client, pino) before listen; the billing run waits, pg, the OpenAPI document and the demo load on use (U78)',
};

interface Pair {
  server: LoadResult;
  reference: LoadResult;
}

async function pairs(run: () => Promise<LoadResult>, reference: () => Promise<LoadResult>): Promise<Pair[]> {
  const out: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) out.push({ server: await run(), reference: await reference() });
  return out;
}

function requestRow(measure: string, key: string, result: Pair[], goal: { ratio: number; p99?: number }): void {
  const rps = median(result.map((p) => p.server.requestsPerSecond));
  const p99 = median(result.map((p) => p.server.p99));
  const ref = median(result.map((p) => p.reference.requestsPerSecond));
  const refP99 = median(result.map((p) => p.reference.p99));
  const failed = result.reduce((n, p) => n + p.server.non2xx + p.server.errors, 0);
  const ratio = rps / ref;
  const met = ratio >= goal.ratio && (goal.p99 === undefined || p99 < goal.p99) && failed === 0;
  rows.push({
    measure,
    now: `${fmt(rps)} req/s, p99 ${fmt(p99)} ms${failed ? `, ${failed} failed` : ''}`,
    reference: `bare Express 5 JSON route ${fmt(ref)} req/s, p99 ${fmt(refP99)} ms`,
    ratio: fmt(ratio, 3),
    goal: `≥ ${goal.ratio}${goal.p99 !== undefined ? `, p99 < ${goal.p99} ms` : ''}`,
    met,
    ...(met ? {} : { gap: CAUSES[key] }),
  });
}

function bodiesFor(orgs: SeededOrg[], versions: string[], kind: 'check' | 'entitlement' | 'activate'): string[] {
  return orgs.map((o, i) => {
    if (kind === 'check') {
      return JSON.stringify({ licenceKey: o.licenceKey, orgId: o.orgId, platformVersion: PLATFORM_VERSION, addon: 'docgen', installedVersion: versions[versions.length - 1 - ((i * 7) % 60)] });
    }
    if (kind === 'entitlement') return JSON.stringify({ licenceKey: o.licenceKey, orgId: o.orgId, platformVersion: PLATFORM_VERSION, addon: 'docgen' });
    const n = Number(o.orgId.slice(-12));
    return JSON.stringify({ licenceKey: o.licenceKey, orgId: o.orgId, orgUrl: `https://bench${n}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion: PLATFORM_VERSION });
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function measureDownloads(dataDir: string, server: ServerProcess, org: SeededOrg, versions: string[], work: string): Promise<ServerProcess> {
  // A download link for the 5 MB release (the newest), from an update check as the add-on gets it.
  const check = (await (
    await fetch(`${server.url}/v1/updates/check`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ licenceKey: org.licenceKey, orgId: org.orgId, platformVersion: PLATFORM_VERSION, addon: 'docgen', installedVersion: versions[RELEASES - 2] }),
    })
  ).json()) as { updates: Array<{ downloadUrl: string; sha256: string; size: number }> };
  const update = check.updates.at(-1) ?? check.updates[0];
  if (!update) throw new Error(`no download offered: ${JSON.stringify(check).slice(0, 300)}`);
  const tokenPath = new URL(update.downloadUrl).pathname;
  const staticPath = `/static/sha256/${update.sha256.slice(0, 2)}/${update.sha256}`;
  const spec = (url: string) => ({ url, connections: DOWNLOAD_CONNECTIONS, duration: DURATION, mode: 'download' as const });

  // The server sends the bytes itself (no nginx), then nginx sends them after the server authorised (U68).
  const nginxDir = path.join(work, 'nginx');
  let nginx = await startNginx(nginxDir, path.join(dataDir, 'artifacts'), server.port);
  const direct: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    direct.push({ server: await load(spec(`${server.url}${tokenPath}`), [server.child.pid!]), reference: await load(spec(`${nginx.url}${staticPath}`), nginx.pids()) });
  }
  await stop(nginx.child, 'SIGQUIT');
  await stop(server.child);
  const accelerated = await startCompiled(dataDir, ['--accel-redirect', '/_artifacts/']);
  nginx = await startNginx(nginxDir, path.join(dataDir, 'artifacts'), accelerated.port);
  const viaNginx: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    viaNginx.push({
      server: await load(spec(`${nginx.url}${tokenPath}`), [accelerated.child.pid!, ...nginx.pids()]),
      reference: await load(spec(`${nginx.url}${staticPath}`), nginx.pids()),
    });
  }
  await stop(nginx.child, 'SIGQUIT');

  for (const [label, result] of [
    ['5 MB download, 16 connections, server alone (streams)', direct],
    ['5 MB download, 16 connections, behind nginx (X-Accel-Redirect)', viaNginx],
  ] as const) {
    const rate = median(result.map((p) => mbps(p.server)));
    const cpu = median(result.map((p) => (p.server.cpu / p.server.wall) * 100));
    const ref = median(result.map((p) => mbps(p.reference)));
    const refCpu = median(result.map((p) => (p.reference.cpu / p.reference.wall) * 100));
    const perMb = median(result.map((p) => p.server.cpu / Math.max(p.server.bytes, 1) / (p.reference.cpu / Math.max(p.reference.bytes, 1))));
    const failed = result.reduce((n, p) => n + p.server.non2xx + p.server.errors, 0);
    const ratio = rate / ref;
    const met = ratio >= 0.9 && failed === 0;
    rows.push({
      measure: label,
      now: `${fmt(rate)} MB/s at ${fmt(cpu)} % CPU${failed ? `, ${failed} failed` : ''}`,
      reference: `nginx static ${fmt(ref)} MB/s at ${fmt(refCpu)} % CPU`,
      ratio: `${fmt(ratio, 2)}; ${fmt(perMb, 1)}× CPU per MB`,
      goal: '≥ 0.9 of nginx',
      met,
      ...(met ? {} : { gap: label.includes('nginx') ? 'the server\'s authorisation (token, org, contract, evaluateRelease) per download, through the proxy' : CAUSES.download }),
    });
  }
  return accelerated;
}

async function coldStart(dataDir: string): Promise<void> {
  const ours: number[] = [];
  const hello: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const port = await freePort();
    const server = await timeToFirst200([path.join(DIST, 'assurance-server.js'), 'start', '--data', dataDir, '--port', String(port)], `http://127.0.0.1:${port}/healthz`);
    ours.push(server.ms);
    await stop(server.child);
    const helloPort = await freePort();
    const reference = await timeToFirst200([path.join(__dirname, 'hello.mjs'), String(helloPort)], `http://127.0.0.1:${helloPort}/healthz`);
    hello.push(reference.ms);
    await stop(reference.child);
  }
  const ms = median(ours);
  const ref = median(hello);
  const met = ms / ref < 3;
  rows.push({
    measure: `cold start to first /healthz 200, N=${fmt(SIZES.at(-1)!)}`,
    now: `${fmt(ms)} ms (renewal billing runs after listen, U78)`,
    reference: `node hello.mjs ${fmt(ref)} ms`,
    ratio: fmt(ms / ref, 1),
    goal: '< 3×',
    met,
    ...(met ? {} : { gap: CAUSES.cold }),
  });
}

async function fleetRow(): Promise<void> {
  const label = 'every tenant\'s offered/withheld updates, 10,000 × 200 releases (GET /v1/fleet)';
  // update-server/bench/fleet.ts (issue #14, item 4): the fleet report's own bench, imported when it is there.
  const file = path.join(__dirname, 'fleet.ts');
  let mod: { benchFleet?: (opts: { orgs: number; releases: number }) => Promise<{ ms: number; orgs: number; bytes: number }> };
  try {
    mod = (await import(file)) as typeof mod;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    rows.push({ measure: label, now: missing ? 'not built yet' : `failed: ${(error as Error).message}`, reference: '—', ratio: '—', goal: '< 1 s' });
    return;
  }
  if (typeof mod.benchFleet !== 'function') {
    rows.push({ measure: label, now: 'not built yet (fleet.ts has no benchFleet)', reference: '—', ratio: '—', goal: '< 1 s' });
    return;
  }
  const orgs = QUICK ? 1_000 : 10_000;
  const result = await mod.benchFleet({ orgs, releases: RELEASES });
  const met = result.ms < 1000 * (orgs / 10_000);
  rows.push({
    measure: label.replace('10,000', fmt(orgs)),
    now: `${fmt(result.ms)} ms (${fmt(result.bytes / 1e6, 1)} MB)`,
    reference: '—',
    ratio: '—',
    goal: '< 1 s',
    met,
    ...(met ? {} : { gap: 'the entry query and its rows (~0.35 s), the judgement of each entry (~0.35 s) and JSON; the accounts are kept while the manifest serial stands (decision U74, with the profile and the next steps)' }),
  });
}

function printTable(): void {
  const header: Row = { measure: 'measure', now: 'now', reference: 'reference', ratio: 'ratio', goal: 'goal' };
  const cells = (r: Row): string[] => [r.measure, r.now, r.reference, r.ratio, r.goal, r === header ? 'met' : r.met === undefined ? '—' : r.met ? 'yes' : 'no'];
  const all = [header, ...rows].map(cells);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)];
  const gaps = rows.filter((r) => r.gap).map((r) => `- gap, ${r.measure}: ${r.gap}`);
  process.stdout.write(`${[...out, '', ...gaps, ...notes].join('\n')}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`bench:http${QUICK ? ' --quick' : ''}: node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet', '--outdir', DIST], { stdio: 'inherit' });
  const work = mkdtempSync(path.join(os.tmpdir(), 'assurance-bench-'));
  const bare = await startBareExpress();
  const now = new Date();
  let server: ServerProcess | undefined;
  try {
    for (const n of SIZES) {
      const dataDir = path.join(work, `n${n}`);
      const adminKey = initCompiled(dataDir);
      server = await startCompiled(dataDir);
      const catalogue = await seedCatalogue(server.url, adminKey, now);
      const seedStarted = Date.now();
      // Decision U76: up to API_CUSTOMERS customers through the API; the rest are copies of those, written into the store.
      const viaApi = Math.min(n, API_CUSTOMERS);
      let orgs = await seedCustomers(server.url, adminKey, 0, viaApi, now);
      const apiSeconds = (Date.now() - seedStarted) / 1000;
      if (n > viaApi) {
        await stop(server.child);
        orgs = cloneCustomers(path.join(dataDir, 'assurance.sqlite'), orgs, n);
        server = await startCompiled(dataDir);
      }
      const seedSeconds = (Date.now() - seedStarted) / 1000;
      notes.push(
        `- N=${fmt(n)}: ${RELEASES} releases seeded through the API in ${fmt(catalogue.seconds, 1)} s; ${fmt(viaApi)} customers (customer, order, payment, activation) through the API in ${fmt(apiSeconds, 1)} s` +
          (n > viaApi ? `, ${fmt(n - viaApi)} more as copies of those written into the SQLite store (U76), ${fmt(seedSeconds, 1)} s in all.` : '.'),
      );
      log(`N=${n}: seeded in ${fmt(catalogue.seconds + seedSeconds, 1)} s`);
      const pid = server.child.pid!;
      const bareRun = (bodies: string[]) => () => load({ url: `${bare.url}/json`, method: 'POST', connections: CONNECTIONS, duration: DURATION, bodies, headers: JSON_HEADERS }, [bare.child.pid!]);
      const serverRun = (route: string, bodies: string[]) => () => load({ url: `${server!.url}${route}`, method: 'POST', connections: CONNECTIONS, duration: DURATION, bodies, headers: JSON_HEADERS }, [pid]);

      const checks = bodiesFor(orgs, catalogue.versions, 'check');
      requestRow(`POST /v1/updates/check, N=${fmt(n)}`, 'check', await pairs(serverRun('/v1/updates/check', checks), bareRun(checks)), { ratio: 0.5, p99: 25 });
      log(`N=${n}: update check measured`);
      if (n !== SIZES.at(-1)) {
        await stop(server.child);
        continue;
      }
      const suffix = QUICK ? ' (N=100 in --quick)' : '';
      const entitlements = bodiesFor(orgs, catalogue.versions, 'entitlement');
      requestRow(`POST /v1/entitlement, N=10,000${suffix}`, 'entitlement', await pairs(serverRun('/v1/entitlement', entitlements), bareRun(entitlements)), { ratio: 0.5 });
      const activations = bodiesFor(orgs, catalogue.versions, 'activate');
      requestRow(`POST /v1/activate, N=10,000${suffix}`, 'activate', await pairs(serverRun('/v1/activate', activations), bareRun(activations)), { ratio: 0.5 });
      log('entitlement and activate measured');
      if (QUICK) {
        // The N=10,000 update-check row, measured on N=100 in a smoke run.
        requestRow('POST /v1/updates/check, N=10,000 (N=100 in --quick)', 'check', await pairs(serverRun('/v1/updates/check', checks), bareRun(checks)), { ratio: 0.5, p99: 25 });
      }
      // The same 64 orgs asking again and again (one per connection): the answer and its signature come from the caches
      // (U77), what is left is the per-request work (HTTP, lookups, download links, JSON).
      const again = checks.slice(0, CONNECTIONS);
      requestRow(`POST /v1/updates/check, N=10,000${suffix}, the same ${CONNECTIONS} orgs again (cached)`, 'checkAgain', await pairs(serverRun('/v1/updates/check', again), bareRun(again)), { ratio: 0.5, p99: 25 });
      const rss = peakRssMb(pid);
      const bareRss = peakRssMb(bare.child.pid!);
      rows.push({
        measure: `server RSS peak, N=10,000${suffix}`,
        now: `${fmt(rss)} MB`,
        reference: `bare Express ${fmt(bareRss)} MB`,
        ratio: fmt(rss / bareRss, 1),
        goal: '< 200 MB',
        met: rss < 200,
        ...(rss < 200 ? {} : { gap: CAUSES.rss }),
      });
      server = await measureDownloads(dataDir, server, orgs[0]!, catalogue.versions, work);
      log('downloads measured');
      await stop(server.child);
      await fleetRow();
      log('fleet measured');
      await coldStart(dataDir);
    }
  } finally {
    await stop(server?.child);
    await stop(bare.child);
    rmSync(work, { recursive: true, force: true });
  }
  // Rows in the issue's order.
  const order = ['N=100', 'updates/check, N=10,000', 'orgs again', 'entitlement', 'activate', 'server alone', 'behind nginx', 'RSS', 'offered/withheld', 'cold start'];
  const rank = (measure: string): number => Math.max(...order.map((k, i) => (measure.includes(k) ? i : -1)));
  rows.sort((a, b) => rank(a.measure) - rank(b.measure));
  notes.push(
    `- ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}; load average after the run ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
      `autocannon in its own process, ${CONNECTIONS} connections (${DOWNLOAD_CONNECTIONS} for downloads), ${DURATION} s per run, median of ${PAIRS} A/B pair(s); ${fmt((Date.now() - started) / 1000)} s in all.`,
  );
  printTable();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:http failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
