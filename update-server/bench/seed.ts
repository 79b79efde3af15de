/**
 * The vendor `npm run bench:http` measures (issue #14, item 6; decision U76), seeded through the server's own HTTP
 * API as a vendor would: Dynamics lines 8.2-9.2, the add-on `docgen`, 200 releases over six years (features,
 * technology releases, patches and security fixes on 9.1 and 9.2; the newest a 5 MB file for the download row), and
 * N customers, each with one order, its first invoice paid and one activated org on 9.2.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { newId } from '../src/app-context';
import { demoSolutionZip } from '../src/demo/demo-artifact';
import { hashLicenceKey, licenceKeyHint, newLicenceKey } from '../src/licence-key';

export const PLATFORM_VERSION = '9.2.24012.196';
export const RELEASES = 200;
/** The newest release, on 9.2: 5 MB of incompressible bytes in its solution zip (the download row). */
export const DOWNLOAD_BYTES = 5 * 1024 * 1024;

export interface SeededOrg {
  licenceKey: string;
  orgId: string;
  customerId: string;
}

export interface SeededVendor {
  orgs: SeededOrg[];
  versions: string[];
  seconds: { releases: number; customers: number };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads a few fields of the API's answers
async function call(base: string, key: string | null, method: string, urlPath: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const answer = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Release i of 200: a version, kind and lines as a six-year history has them (9.1 until its legacy window closes). */
function releaseSpec(i: number, now: Date): { version: string; kind: string; lines: string[]; publishedAt: string } {
  const major = 1 + Math.floor(i / 40);
  const minor = Math.floor(i / 8) % 5;
  const patch = i % 8;
  const kind = patch === 0 ? (i % 40 === 0 && i > 0 ? 'technology' : 'feature') : i % 7 === 0 ? 'security' : 'patch';
  const sixYears = 6 * 365 * 86_400_000;
  const publishedAt = new Date(now.getTime() - sixYears + Math.floor(((i + 1) * (sixYears - 7 * 86_400_000)) / RELEASES));
  publishedAt.setUTCHours(8, 0, 0, 0);
  const lines = i < 55 ? ['9.1', '9.2'] : ['9.2']; // 9.1's legacy window closes 2022-10-01 (SPEC §4)
  return { version: `${major}.${minor}.${patch}.0`, kind, lines, publishedAt: publishedAt.toISOString() };
}

async function bigSolutionZip(version: string): Promise<Buffer> {
  const small = demoSolutionZip({ addon: 'docgen', name: 'DocGen', version, packageLine: '9.2' });
  const zip = await JSZip.loadAsync(small);
  zip.file('WebResources/cra_bundle.bin', randomBytes(DOWNLOAD_BYTES - small.length - 400), { compression: 'STORE' });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

async function publish(base: string, key: string, metadata: Record<string, unknown>, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append('artifact', new Blob([new Uint8Array(bytes)]), `docgen_${String(metadata.version).replace(/\./g, '_')}_managed.zip`);
  const res = await fetch(`${base}/v1/addons/docgen/releases`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  if (res.status !== 201) throw new Error(`publish ${String(metadata.version)}: ${res.status} ${await res.text()}`);
}

/** Runs `work(i)` for i in [0, n) with `concurrency` calls in flight. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        await work(i);
      }
    }),
  );
}

/** The catalogue and the release history (once per data directory). */
export async function seedCatalogue(base: string, adminKey: string, now: Date): Promise<{ versions: string[]; seconds: number }> {
  const started = Date.now();
  for (const [line, releasedOn] of [
    ['8.2', '2016-11-01'],
    ['9.0', '2017-10-01'],
    ['9.1', '2018-10-01'],
    ['9.2', '2020-10-01'],
  ]) {
    await call(base, adminKey, 'POST', '/v1/platforms/dynamics365/lines', { line, releasedOn });
  }
  await call(base, adminKey, 'POST', '/v1/addons', { id: 'docgen', name: 'Northwind DocGen' });
  await call(base, adminKey, 'PUT', '/v1/price-list/docgen', { listPrice: { amount: 120_000, currency: 'EUR' } });
  const versions: string[] = [];
  for (let i = 0; i < RELEASES; i++) {
    const spec = releaseSpec(i, now);
    versions.push(spec.version);
    const last = i === RELEASES - 1;
    const bytes = last ? await bigSolutionZip(spec.version) : demoSolutionZip({ addon: 'docgen', name: 'DocGen', version: spec.version, packageLine: spec.lines[0] });
    await publish(base, adminKey, { ...spec, ...(last ? { kind: 'patch' } : {}), platform: 'dynamics365', notes: `DocGen ${spec.version}` }, bytes);
  }
  return { versions, seconds: (Date.now() - started) / 1000 };
}

/**
 * Customers `from` .. `to - 1`: each ordered this year (no renewal due before 1 January), paid, and activated on
 * one org. Through the API with `concurrency` requests in flight.
 */
export async function seedCustomers(base: string, adminKey: string, from: number, to: number, now: Date, concurrency = 16): Promise<SeededOrg[]> {
  const orgs: SeededOrg[] = new Array(to - from);
  const year = now.getUTCFullYear();
  const daysSoFar = Math.max(1, Math.floor((now.getTime() - Date.UTC(year, 0, 1)) / 86_400_000));
  await pool(to - from, concurrency, async (k) => {
    const i = from + k;
    const orderedOn = new Date(Date.UTC(year, 0, 1) + (i % daysSoFar) * 86_400_000).toISOString().slice(0, 10);
    const customer = await call(base, adminKey, 'POST', '/v1/customers', { name: `Bench customer ${i}`, region: 'EU', language: 'de' });
    const order = await call(base, adminKey, 'POST', `/v1/customers/${customer.id}/orders`, { orderedOn, currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 + (i % 5) }] });
    await call(base, adminKey, 'POST', `/v1/invoices/${order.invoice.id}/payments`, { amount: order.invoice.outstanding, paidAt: `${orderedOn}T12:00:00.000Z`, reference: `BENCH-${i}` });
    const orgId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await call(base, null, 'POST', '/v1/activate', { licenceKey: order.licenceKey, orgId, orgUrl: `https://bench${i}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion: PLATFORM_VERSION });
    orgs[k] = { licenceKey: order.licenceKey, orgId, customerId: customer.id };
  });
  return orgs;
}

/** The tables that hold a customer's records, and the column that names the customer. */
const CUSTOMER_TABLES: Array<[table: string, customerColumn: string]> = [
  ['customers', 'id'],
  ['orders', 'customer_id'],
  ['licence_keys', 'customer_id'],
  ['licences', 'customer_id'],
  ['invoices', 'customer_id'],
  ['payments', 'customer_id'],
  ['orgs', 'customer_id'],
];

/**
 * Customers `templates.length` .. `n - 1` written straight into the SQLite file (the server stopped), each a copy of
 * one customer seeded through the API with every id, the licence key (a new key, its hash and hint), the org, its
 * URL, the name and the payment reference made its own. Decision U76: 10,000 customers through the API would take
 * about 7 minutes on this machine (500 took 20 s: four requests each, one fsync per write); the copies have the API's
 * shapes exactly.
 */
export function cloneCustomers(databaseFile: string, templates: SeededOrg[], n: number): SeededOrg[] {
  const db = new Database(databaseFile);
  const out: SeededOrg[] = [...templates];
  try {
    const select = new Map(CUSTOMER_TABLES.map(([table, column]) => [table, db.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`)]));
    const template = templates.map((t, index) => {
      const rows = new Map(CUSTOMER_TABLES.map(([table]) => [table, select.get(table)!.all(t.customerId) as Array<Record<string, unknown>>]));
      const ids = new Set<string>();
      for (const [table, list] of rows) for (const row of list) ids.add(String(table === 'orgs' ? row.org_id : row.id));
      return { t, index, rows, ids: [...ids] };
    });
    const inserts = new Map<string, Database.Statement>();
    const insert = (table: string, row: Record<string, unknown>): void => {
      const columns = Object.keys(row);
      let statement = inserts.get(table);
      if (!statement) {
        statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
        inserts.set(table, statement);
      }
      statement.run(row);
    };
    db.transaction(() => {
      for (let i = templates.length; i < n; i++) {
        const { t, index, rows, ids } = template[i % templates.length]!;
        const licenceKey = newLicenceKey();
        const orgId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const renamed = new Map<string, string>(ids.map((id) => [id, id === t.orgId ? orgId : newId(id.split('_')[0]!)]));
        const rewrite = (value: unknown): unknown => {
          if (typeof value !== 'string') return value;
          let s = value;
          for (const [from, to] of renamed) if (s.includes(from)) s = s.split(from).join(to);
          return s
            .replace(`bench${index}.crm4`, `bench${i}.crm4`)
            .replace(new RegExp(`^Bench customer ${index}$`), `Bench customer ${i}`)
            .replace(new RegExp(`"name":"Bench customer ${index}"`), `"name":"Bench customer ${i}"`)
            .replace(new RegExp(`^BENCH-${index}$`), `BENCH-${i}`);
        };
        for (const [table] of CUSTOMER_TABLES) {
          for (const row of rows.get(table)!) {
            const copy = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, rewrite(v)]));
            if (table === 'licence_keys') {
              copy.key_hash = hashLicenceKey(licenceKey);
              copy.hint = licenceKeyHint(licenceKey);
            }
            insert(table, copy);
          }
        }
        out.push({ licenceKey, orgId, customerId: renamed.get(t.customerId)! });
      }
    })();
  } finally {
    db.close();
  }
  return out;
}
