/**
 * Fixture data directories, one per schema version that was ever on main (issue #16 item 3, decision U57):
 *
 *   npx tsx scripts/schema-fixtures.ts            makes the fixtures that are missing, keeps the others
 *   npx tsx scripts/schema-fixtures.ts --force v5 makes v5 again (only when v5's fixture is wrong: it is a record)
 *   npx tsx scripts/schema-fixtures.ts --list     prints the schema history of main and what it would do
 *
 * The history is read from git: the first-parent commits of HEAD that changed update-server/src/store/migrations.ts,
 * and SQLITE_MIGRATIONS as each of them had it. A schema version is made by THAT version's own code: the last
 * first-parent commit before the next migration change (HEAD for the newest) is checked out in a temporary
 * `git worktree` with today's node_modules hard-linked in (`cp -al`), and its own `assurance-server demo` seeds a
 * data directory. Every table the demo left empty is topped up through that version's own HTTP API (the demo server
 * is still running then). The server is stopped, the WAL checkpointed, and the data directory copied into
 * update-server/test/fixtures/schema/vN/ with a fixture.json saying what is in it. Versions that never existed on
 * main (two migrations landed in one commit) are listed as skipped in update-server/test/fixtures/schema/index.json,
 * which schema-upgrade.test.ts reads. Run it from a clean checkout of main after adding a migration: it makes the
 * new version's fixture from HEAD.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = path.resolve(__dirname, '..');
const MIGRATIONS = 'update-server/src/store/migrations.ts';
const FIXTURES = path.join(ROOT, 'update-server/test/fixtures/schema');
/** Artifacts bigger than this are left out of a fixture (and listed in its fixture.json). */
const MAX_FILE_BYTES = 200 * 1024;
/** All fixtures together stay under this. */
const MAX_TOTAL_BYTES = 3 * 1024 * 1024;

export interface SchemaState {
  /** The number of migrations, i.e. the user_version a database made by this code has. */
  version: number;
  /** The first-parent commit that made SQLITE_MIGRATIONS what it is in this state. */
  introducedBy: string;
  /** The last first-parent commit with this schema: the code that makes the fixture. */
  madeBy: string;
  migrations: string[];
}

export interface SkippedVersion {
  version: number;
  reason: string;
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** SQLITE_MIGRATIONS as `commit` had it (the file is evaluated, not parsed by pattern). */
async function migrationsAt(commit: string, scratch: string): Promise<string[]> {
  const file = path.join(scratch, `migrations-${commit}.ts`);
  writeFileSync(file, git(['show', `${commit}:${MIGRATIONS}`]));
  const mod = (await import(pathToFileURL(file).href)) as { SQLITE_MIGRATIONS: readonly string[] };
  return [...mod.SQLITE_MIGRATIONS];
}

/** Every schema main has had, oldest first, and the versions that never existed on their own. */
export async function schemaHistory(scratch: string): Promise<{ states: SchemaState[]; skipped: SkippedVersion[]; today: string[] }> {
  const changes = git(['rev-list', '--first-parent', '--reverse', 'HEAD', '--', MIGRATIONS]).split('\n').filter(Boolean);
  const head = git(['rev-parse', 'HEAD']);
  const states: SchemaState[] = [];
  const skipped: SkippedVersion[] = [];
  for (const [i, commit] of changes.entries()) {
    const migrations = await migrationsAt(commit, scratch);
    const next = changes[i + 1];
    const madeBy = next ? git(['rev-parse', `${next}^1`]) : head;
    const previous = states.at(-1)?.version ?? 0;
    if (migrations.length < previous) throw new Error(`${commit} has fewer migrations (${migrations.length}) than before (${previous}): a shipped migration was removed`);
    for (let v = previous + 1; v < migrations.length; v++) {
      skipped.push({ version: v, reason: `migrations ${previous + 1}..${migrations.length} landed together in ${commit.slice(0, 7)}: no database of schema ${v} was ever made on main` });
    }
    if (migrations.length === previous && migrations.every((m, k) => m === states.at(-1)!.migrations[k])) {
      states.at(-1)!.madeBy = madeBy; // only comments changed: the same schema, made by code up to the next change
      continue;
    }
    states.push({ version: migrations.length, introducedBy: commit, madeBy, migrations });
  }
  return { states, skipped, today: await migrationsAt(head, scratch) };
}

/** How a past state's migrations map onto today's: `{ version: 5, todays: 6 }` when migration 5 then is today's 6. */
function migrationMap(state: SchemaState, today: string[]): Array<{ version: number; todays: number | null }> {
  return state.migrations.map((sql, k) => ({ version: k + 1, todays: today[k] === sql ? k + 1 : today.indexOf(sql) >= 0 ? today.indexOf(sql) + 1 : null }));
}

function fixtureName(state: SchemaState, states: SchemaState[]): string {
  const same = states.filter((s) => s.version === state.version);
  return same.length === 1 || same[0] === state ? `v${state.version}` : `v${state.version}-${state.madeBy.slice(0, 7)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Running an old version

interface Demo {
  process: ChildProcess;
  summary: DemoSummary;
  stderr: () => string;
}

interface DemoSummary {
  url: string;
  dataDir: string;
  adminApiKey: string;
  customers: Array<{ id: string; name: string; state: string; licenceKey?: string; orgId?: string; partnerId?: string }>;
  releases: Array<{ id: string; addon: string; version: string }>;
  [key: string]: unknown;
}

async function startDemo(worktree: string, dataDir: string): Promise<Demo> {
  const child = spawn(process.execPath, ['update-server/bin/assurance-server.js', 'demo', '--data', dataDir, '--port', '0', '--json'], { cwd: worktree, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const summary = await new Promise<DemoSummary>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no summary in 180 s:\n${err}`)), 180_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        const parsed = JSON.parse(out) as DemoSummary;
        clearTimeout(timer);
        resolve(parsed);
      } catch {
        // not all of it yet
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing its summary:\n${err}\n${out}`));
    });
  });
  return { process: child, summary, stderr: () => err };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function tableCounts(dbFile: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    return Object.fromEntries(names.map((n) => [n, Number((db.prepare(`SELECT count(*) AS n FROM "${n}"`).get() as { n: number }).n)]));
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Top-ups: one row in a table the demo left empty, through the old version's own HTTP API

interface Api {
  url: string;
  adminKey: string;
  summary: DemoSummary;
  db: () => Database.Database;
  call(method: string, urlPath: string, body?: unknown, key?: string | null): Promise<{ status: number; body: unknown }>;
}

type TopUp = (api: Api) => Promise<string>;

async function expect(api: Api, method: string, urlPath: string, body: unknown, statuses: number[], key?: string | null): Promise<Record<string, unknown>> {
  const r = await api.call(method, urlPath, body, key);
  if (!statuses.includes(r.status)) throw new Error(`${method} ${urlPath} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
}

function columnsOf(api: Api, table: string): string[] {
  const db = api.db();
  try {
    return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** The demo customer with a licence key and an activated org that is still served (not terminated). */
function boundCustomer(api: Api): { id: string; licenceKey: string; orgId: string } {
  const c = api.summary.customers.find((x) => x.licenceKey && x.orgId && x.state !== 'terminated');
  if (!c?.licenceKey || !c.orgId) throw new Error('the demo summary names no customer with a licence key and an org');
  return { id: c.id, licenceKey: c.licenceKey, orgId: c.orgId };
}

const TOP_UPS: Record<string, TopUp> = {
  // The add-on reports an install (all versions: POST /v1/installs; installId from schema 4 on).
  installs: async (api) => {
    const c = boundCustomer(api);
    const withId = columnsOf(api, 'installs').includes('install_id');
    const body = {
      ...(withId ? { installId: '6f1d3a52-5c1e-4b7a-9d35-00000000feed' } : {}),
      licenceKey: c.licenceKey,
      orgId: c.orgId,
      addon: 'docgen',
      fromVersion: '1.0.0.0',
      toVersion: '1.1.0.0',
      outcome: 'succeeded',
    };
    await expect(api, 'POST', '/v1/installs', body, [201], null);
    return `POST /v1/installs (add-on report for ${c.orgId}${withId ? ', with installId' : ''})`;
  },
  // The add-on checks for updates (schema 7 on: the check is stored for the fleet report, decision U71).
  update_checks: async (api) => {
    const c = boundCustomer(api);
    const db = api.db();
    let platformVersion: string;
    try {
      platformVersion = (JSON.parse((db.prepare(`SELECT data FROM orgs WHERE org_id = ?`).get(c.orgId) as { data: string }).data) as { platformVersion: string }).platformVersion;
    } finally {
      db.close();
    }
    const body = { licenceKey: c.licenceKey, orgId: c.orgId, platformVersion, addon: 'docgen', installedVersion: '1.0.0.0' };
    await expect(api, 'POST', '/v1/updates/check', body, [200], null);
    return `POST /v1/updates/check (add-on check of ${c.orgId}, docgen 1.0.0.0)`;
  },
};

/**
 * Rows the demo made but with a column it never set. A licence key re-issue (columns reissued_at/reissue_reason, then
 * migration 5, today's 6) is done once so the fixture carries one: it is the data a renumbered migration would lose.
 */
async function extraData(api: Api): Promise<{ calls: Array<{ table: string; call: string }>; reissued?: Record<string, unknown> }> {
  if (!columnsOf(api, 'licence_keys').includes('reissued_at')) return { calls: [] };
  const db = api.db();
  let key: { id: string; customer_id: string } | undefined;
  try {
    if ((db.prepare(`SELECT count(*) AS n FROM licence_keys WHERE reissued_at IS NOT NULL`).get() as { n: number }).n > 0) return { calls: [] };
    const target = api.summary.customers.find((c) => c.state === 'unpaid renewal');
    if (!target) throw new Error('the demo summary names no customer with an unpaid renewal');
    key = db.prepare(`SELECT id, customer_id FROM licence_keys WHERE customer_id = ? ORDER BY created_at LIMIT 1`).get(target.id) as typeof key;
  } finally {
    db.close();
  }
  if (!key) throw new Error('no licence key to re-issue');
  const reason = 'schema fixture: a re-issued key';
  const r = await expect(api, 'POST', `/v1/customers/${key.customer_id}/licence-keys/${key.id}/reissue`, { reason }, [200]);
  return {
    calls: [{ table: 'licence_keys', call: `POST /v1/customers/${key.customer_id}/licence-keys/${key.id}/reissue (sets reissued_at, reissue_reason)` }],
    reissued: { customerId: key.customer_id, id: key.id, secret: r.licenceKey, hint: r.hint, reissuedAt: r.reissuedAt, reason },
  };
}

// ---------------------------------------------------------------------------------------------------------------

function copyTree(from: string, to: string, dropped: Array<{ file: string; bytes: number; reason: string }>, rel = ''): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const name = path.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (name === path.join('artifacts', 'tmp')) continue; // upload scratch, cleaned at start
      copyTree(source, path.join(to, entry.name), dropped, name);
      continue;
    }
    const bytes = statSync(source).size;
    if (entry.name === '.gitignore') {
      // init's "ignore everything here" would hide the fixture from git.
      dropped.push({ file: name, bytes, reason: 'the data directory ignores itself; a fixture must be committed' });
      continue;
    }
    if (/-(wal|shm)$/.test(entry.name)) throw new Error(`${source}: the WAL was not checkpointed`);
    if (name.startsWith('artifacts') && bytes > MAX_FILE_BYTES) {
      dropped.push({ file: name, bytes, reason: `artifact bigger than ${MAX_FILE_BYTES} bytes` });
      continue;
    }
    copyFileSync(source, path.join(to, entry.name));
  }
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(p) : statSync(p).size;
  }
  return total;
}

async function makeFixture(state: SchemaState, name: string, today: string[], scratch: string): Promise<void> {
  const worktree = path.join(scratch, `wt-${name}`);
  const dataDir = path.join(scratch, `data-${name}`);
  const dbFile = path.join(dataDir, 'assurance.sqlite');
  process.stderr.write(`\n${name}: schema ${state.version}, made by ${state.madeBy.slice(0, 7)} (${git(['show', '-s', '--format=%s', state.madeBy]).slice(0, 80)})\n`);
  git(['worktree', 'add', '--detach', worktree, state.madeBy]);
  try {
    execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(worktree, 'node_modules')]);
    const demo = await startDemo(worktree, dataDir);
    const topUps: Array<{ table: string; call: string }> = [];
    let counts: Record<string, number>;
    let reissued: Record<string, unknown> | undefined;
    try {
      const api: Api = {
        url: demo.summary.url,
        adminKey: demo.summary.adminApiKey,
        summary: demo.summary,
        db: () => new Database(dbFile, { readonly: true, fileMustExist: true }),
        async call(method, urlPath, body, key) {
          const headers: Record<string, string> = {};
          const k = key === undefined ? demo.summary.adminApiKey : key;
          if (k) headers.authorization = `Bearer ${k}`;
          if (body !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(`${demo.summary.url}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
          const text = await res.text();
          return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
        },
      };
      const before = tableCounts(dbFile);
      process.stderr.write(`  the demo left empty: ${Object.keys(before).filter((t) => before[t] === 0).join(', ') || 'nothing'}\n`);
      for (const table of Object.keys(before).filter((t) => before[t] === 0)) {
        if (tableCounts(dbFile)[table]! > 0) continue; // an earlier top-up filled it too
        const topUp = TOP_UPS[table];
        if (!topUp) throw new Error(`${name}: the demo left table ${table} empty and this script knows no API call that fills it: add one to TOP_UPS`);
        topUps.push({ table, call: await topUp(api) });
      }
      const extra = await extraData(api);
      topUps.push(...extra.calls);
      reissued = extra.reissued;
      counts = tableCounts(dbFile);
      const empty = Object.keys(counts).filter((t) => counts[t] === 0);
      if (empty.length > 0) throw new Error(`${name}: still empty after the top-ups: ${empty.join(', ')}`);
    } finally {
      await stop(demo.process);
    }

    // One clean file: the WAL checkpointed into the database and removed.
    const db = new Database(dbFile, { fileMustExist: true });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const userVersion = Number(db.pragma('user_version', { simple: true }));
    db.close();
    // Nothing has it open now: an empty WAL and its index can go (SQLite removes them itself on a clean close).
    if (existsSync(`${dbFile}-wal`) && statSync(`${dbFile}-wal`).size === 0) rmSync(`${dbFile}-wal`);
    if (!existsSync(`${dbFile}-wal`)) rmSync(`${dbFile}-shm`, { force: true });
    if (userVersion !== state.version) throw new Error(`${name}: the database has user_version ${userVersion}, expected ${state.version}`);

    const target = path.join(FIXTURES, name);
    rmSync(target, { recursive: true, force: true });
    const dropped: Array<{ file: string; bytes: number; reason: string }> = [];
    copyTree(dataDir, target, dropped);
    // Read from the scratch copy: opening the fixture itself, even read-only, would make -wal/-shm files beside it.
    const record = describeFixture(state, name, today, dbFile, demo.summary, counts, topUps, dropped, reissued);
    writeFileSync(path.join(target, 'fixture.json'), `${JSON.stringify(record, null, 2)}\n`);
    process.stderr.write(`  ${name}: ${treeBytes(target)} bytes, tables ${JSON.stringify(counts)}\n`);
  } finally {
    git(['worktree', 'remove', '--force', worktree]);
  }
}

function describeFixture(
  state: SchemaState,
  name: string,
  today: string[],
  dbFile: string,
  summary: DemoSummary,
  counts: Record<string, number>,
  topUps: Array<{ table: string; call: string }>,
  dropped: Array<{ file: string; bytes: number; reason: string }>,
  reissued: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string, ...params: unknown[]): Record<string, string | number | null> => {
      const row = db.prepare(sql).get(...params) as Record<string, string | number | null> | undefined;
      if (!row) throw new Error(`${name}: nothing for ${sql}`);
      return row;
    };
    // The customer: the demo's paid one (it has an invoice, a payment and a licence key that activates).
    const paid = summary.customers.find((c) => c.state === 'paid' && c.licenceKey);
    if (!paid?.licenceKey) throw new Error(`${name}: the demo summary names no paid customer with a licence key`);
    const customer = one(`SELECT id, name, partner_id, contract_start FROM customers WHERE id = ?`, paid.id);
    const payment = one(`SELECT id, invoice_id, customer_id, reference, amount, currency, paid_at FROM payments WHERE customer_id = ? ORDER BY paid_at LIMIT 1`, paid.id);
    const invoice = one(`SELECT id, customer_id, kind, issued_on, period_start, period_end, data FROM invoices WHERE id = ?`, payment.invoice_id);
    const invoiceData = JSON.parse(invoice.data as string) as { total: { amount: number; currency: string } };
    const org = one(`SELECT org_id, customer_id, environment, data FROM orgs ORDER BY org_id LIMIT 1`);
    const release = one(`SELECT id, addon, version, platform, sha256, size FROM releases ORDER BY published_at DESC, id LIMIT 1`);
    const key = one(`SELECT id, customer_id, hint FROM licence_keys WHERE customer_id = ? ORDER BY created_at LIMIT 1`, paid.id);
    return {
      schemaVersion: state.version,
      fixture: name,
      introducedBy: state.introducedBy,
      madeBy: state.madeBy,
      madeBySubject: git(['show', '-s', '--format=%s', state.madeBy]).slice(0, 200),
      migrations: migrationMap(state, today),
      migrationsSha256: sha256(JSON.stringify(state.migrations)),
      vendorId: (summary.vendor as { vendorId?: string } | undefined)?.vendorId ?? null,
      adminApiKey: summary.adminApiKey,
      // When init ran (the first API key): the upgrade test runs its clock from here, so certificates are valid.
      madeAt: one(`SELECT min(created_at) AS at FROM api_keys`).at,
      customer: { id: customer.id, name: customer.name, partnerId: customer.partner_id, contractStart: customer.contract_start },
      invoice: { id: invoice.id, customerId: invoice.customer_id, kind: invoice.kind, issuedOn: invoice.issued_on, periodStart: invoice.period_start, periodEnd: invoice.period_end, total: invoiceData.total },
      payment: { id: payment.id, invoiceId: payment.invoice_id, reference: payment.reference, amount: payment.amount, currency: payment.currency, paidAt: payment.paid_at },
      org: { orgId: org.org_id, customerId: org.customer_id, environment: org.environment, licenceKeyId: (JSON.parse(org.data as string) as { licenceKeyId?: string }).licenceKeyId ?? null },
      release: { id: release.id, addon: release.addon, version: release.version, platform: release.platform, sha256: release.sha256, size: release.size },
      licenceKey: { id: key.id, customerId: key.customer_id, hint: key.hint, secret: paid.licenceKey },
      reissuedLicenceKey: reissued ?? null,
      customerIds: summary.customers.map((c) => c.id),
      releaseIds: (db.prepare(`SELECT id FROM releases ORDER BY id`).all() as Array<{ id: string }>).map((r) => r.id),
      tables: counts,
      topUps,
      dropped,
    };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = new Set(args.filter((_a, i) => args[i - 1] === '--force'));
  const listOnly = args.includes('--list');
  if (git(['status', '--porcelain', '--', MIGRATIONS]) !== '') throw new Error(`${MIGRATIONS} has uncommitted changes: commit the migration first (the fixture is made from HEAD)`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'schema-fixtures-'));
  try {
    const { states, skipped, today } = await schemaHistory(scratch);
    for (const s of skipped) process.stderr.write(`schema ${s.version}: skipped, ${s.reason}\n`);
    mkdirSync(FIXTURES, { recursive: true });
    for (const state of states) {
      const name = fixtureName(state, states);
      const exists = existsSync(path.join(FIXTURES, name, 'fixture.json'));
      const moved = migrationMap(state, today).filter((m) => m.todays !== m.version);
      if (moved.length > 0) {
        process.stderr.write(
          `schema ${state.version}: WARNING its ${moved.map((m) => `migration ${m.version} is ${m.todays === null ? 'not in today\'s list' : `today's ${m.todays}`}`).join(', ')}: sqlite/db.ts's RENUMBERED must recognise such a database (decision U59)\n`,
        );
      }
      process.stderr.write(`schema ${state.version}: ${name} from ${state.madeBy.slice(0, 7)} (introduced by ${state.introducedBy.slice(0, 7)}) ${exists && !force.has(name) ? 'exists, kept' : 'to make'}\n`);
      if (listOnly || (exists && !force.has(name))) continue;
      await makeFixture(state, name, today, scratch);
    }
    if (listOnly) return;
    const index = {
      about: 'Written by scripts/schema-fixtures.ts (decision U57). schema-upgrade.test.ts requires a fixture for every schema version 1..SQLITE_MIGRATIONS.length except the skipped ones.',
      // What each fixture says made it (a kept fixture was made from an earlier HEAD than this run's).
      fixtures: states.map((s) => {
        const recorded = JSON.parse(readFileSync(path.join(FIXTURES, fixtureName(s, states), 'fixture.json'), 'utf8')) as { madeBy: string };
        return { fixture: fixtureName(s, states), schemaVersion: s.version, madeBy: recorded.madeBy, introducedBy: s.introducedBy };
      }),
      skipped,
    };
    writeFileSync(path.join(FIXTURES, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    const total = treeBytes(FIXTURES);
    process.stderr.write(`\nfixtures: ${total} bytes in ${FIXTURES}\n`);
    if (total > MAX_TOTAL_BYTES) throw new Error(`the fixtures take ${total} bytes, more than ${MAX_TOTAL_BYTES}: drop artifacts (MAX_FILE_BYTES)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
