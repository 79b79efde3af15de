/**
 * Issue #16, items 1 and 2 (decisions U52–U56): `assurance-server backup` while a server serves and keeps taking
 * writes, `assurance-server restore` into a new folder, and a second server on it that answers as the first did for
 * everything acknowledged before the backup began. Then every refusal of a damaged, tampered or foreign archive,
 * each leaving nothing behind. The CLI runs as child processes, so the backup is truly concurrent with the server.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pino from 'pino';
import * as tar from 'tar-stream';
import { verifyEntitlement, verifyLicence } from '@crm-assurance/license-core';
import { createSettableClock } from '../src/clock';
import { initDataDir, startServer, type RunningServer } from '../src/server';
import { backupDataDir } from '../src/backup/backup';
import { restoreBackup } from '../src/backup/restore';
import { SQLITE_MIGRATIONS } from '../src/store/migrations';
import { activate, checkUpdates, customerWithOrder, publish, seedCatalogue, serverResponseChecker, solutionZip, startHarness, type Harness, type ResponseCheck } from './harness';

const BIN = path.join(__dirname, '..', 'bin', 'assurance-server.js');
const PASSPHRASE = 'tide-pool lantern 4711';
const run = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `assurance-server ...` as a child process; the passphrase comes from the environment unless `env` says otherwise. */
async function serverCli(args: string[], env: Record<string, string | undefined> = { ASSURANCE_BACKUP_PASSPHRASE: PASSPHRASE }): Promise<Ran> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete childEnv.ASSURANCE_BACKUP_PASSPHRASE;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: childEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A JSON client of another server, every answer checked against its OpenAPI document (as the harness does). */
function clientOf(url: string, adminKey: string) {
  let checker: Promise<ResponseCheck> | undefined;
  return async (method: string, urlPath: string, body?: unknown, key: string | null = adminKey): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    checker ??= serverResponseChecker(url);
    (await checker)({ method, url: urlPath, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
    return { status: res.status, body: parsed };
  };
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'assurance-backup-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a backup taken while the server takes writes restores into a server that answers as before', () => {
  let h: Harness;
  let second: RunningServer | undefined;
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  test('seed, back up under load, restore, compare through the API', async () => {
    h = await startHarness({ now: '2026-03-15T10:00:00Z' });
    await seedCatalogue(h);
    const rootCertPem = readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8');

    // The vendor's state before the backup: a release, customers with orders and invoices, payments, an activation.
    const content = await solutionZip({ version: '2.0.0.0', packageLine: '9.2', extra: { 'payload.txt': 'release bytes before the backup' } });
    const release = await publish(h, 'docgen', { version: '2.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-03-01T10:00:00Z' }, content);
    expect(release.status).toBe(201);
    const paid = await customerWithOrder(h, '2026-03-10');
    const pay = await h.call('POST', `/v1/invoices/${paid.invoice.id}/payments`, { amount: paid.invoice.total.amount, paidAt: '2026-03-12T10:00:00Z', reference: 'SEPA-BEFORE-1' });
    expect(pay.status).toBe(201);
    expect((await activate(h, paid.licenceKey, 'org-before')).status).toBe(201);
    const open = await customerWithOrder(h, '2026-03-11');
    expect((await h.call('POST', `/v1/invoices/${open.invoice.id}/payments`, { amount: 1000, paidAt: '2026-03-12T11:00:00Z', reference: 'SEPA-BEFORE-2' })).status).toBe(201);
    const spare = await customerWithOrder(h, '2026-03-12'); // its key is first activated on the restored server
    expect((await h.call('POST', `/v1/invoices/${spare.invoice.id}/payments`, { amount: spare.invoice.total.amount, paidAt: '2026-03-13T10:00:00Z', reference: 'SEPA-BEFORE-3' })).status).toBe(201);

    // What the first server acknowledged before the backup began.
    const readAll = async (call: (m: string, p: string) => Promise<{ status: number; body: any }>) => {
      const list = await call('GET', '/v1/customers');
      expect(list.status).toBe(200);
      const customers: Record<string, { detail: any; invoices: any[] }> = {};
      for (const c of list.body.customers) {
        const [detail, invoices] = await Promise.all([call('GET', `/v1/customers/${c.id}`), call('GET', `/v1/customers/${c.id}/invoices`)]);
        customers[c.id] = { detail: detail.body, invoices: invoices.body.invoices };
      }
      const releases = await call('GET', '/v1/addons/docgen/releases');
      return { customers, releases: releases.body };
    };
    const before = await readAll((m, p) => h.call(m, p));
    expect(Object.keys(before.customers)).toHaveLength(3);
    expect(before.customers[paid.customerId]!.detail.orgs).toEqual([expect.objectContaining({ orgId: 'org-before' })]);

    // The backup as a child process, while this process keeps writing through the API until it is done.
    const archive = path.join(work, 'under-load.tar');
    const child = spawn(process.execPath, [BIN, 'backup', '--data', h.dataDir, '--to', archive, '--json'], {
      env: { ...process.env, ASSURANCE_BACKUP_PASSPHRASE: PASSPHRASE, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    const duringCustomers: string[] = [];
    const duringPayments: string[] = [];
    for (let i = 0; running; i += 1) {
      const c = await h.call('POST', '/v1/customers', { name: `During backup ${i}` });
      expect(c.status).toBe(201);
      duringCustomers.push(c.body.id);
      const p = await h.call('POST', `/v1/invoices/${open.invoice.id}/payments`, { amount: 1, paidAt: '2026-03-14T10:00:00Z', reference: `DURING-${i}` });
      expect(p.status).toBe(201);
      duringPayments.push(p.body.payment.id);
    }
    expect(await exited).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ file: archive, vendorId: 'northwind', schemaVersion: SQLITE_MIGRATIONS.length, artifacts: 1 });
    expect(duringCustomers.length).toBeGreaterThan(0); // the backup really ran under load

    // The private keys are not readable in the archive (encrypted), while the data directory holds them in clear.
    const bytes = readFileSync(archive);
    expect(readFileSync(path.join(h.dataDir, 'keys', 'signing-key.pem'), 'utf8')).toContain('PRIVATE KEY');
    expect(bytes.includes('PRIVATE KEY')).toBe(false);
    expect(bytes.includes(readFileSync(path.join(h.dataDir, 'keys', 'download-secret'), 'utf8').trim())).toBe(false);

    // Restore into a new folder and start a second server on it, on the same clock.
    const restored = path.join(work, 'restored');
    const r = await serverCli(['restore', archive, '--data', restored, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dataDir: restored, vendorId: 'northwind', schemaVersion: SQLITE_MIGRATIONS.length, artifacts: 1 });
    expect(readFileSync(path.join(restored, '.gitignore'), 'utf8')).toContain('*');
    for (const key of ['root-key.pem', 'signing-key.pem', 'download-secret']) expect(readdirSync(path.join(restored, 'keys'))).toContain(key);
    const mode = (file: string): number => statSync(file).mode & 0o777;
    expect(mode(path.join(restored, 'keys'))).toBe(0o700);
    expect(mode(path.join(restored, 'keys', 'signing-key.pem'))).toBe(0o600);
    expect(mode(path.join(restored, 'keys', 'download-secret'))).toBe(0o600);
    expect(readFileSync(path.join(restored, 'root.pem'), 'utf8')).toBe(rootCertPem);

    second = await startServer({ dataDir: restored, clock: createSettableClock(h.clock.now().toISOString()), log: pino({ level: 'silent' }), config: { dailyBilling: false } });
    const call2 = clientOf(second.url, h.adminKey); // the same admin key works
    const after = await readAll(call2);

    // Every customer, licence key, activation and release acknowledged before is there, as it was.
    expect(after.releases).toEqual(before.releases);
    for (const [id, was] of Object.entries(before.customers)) {
      expect(after.customers[id]?.detail).toEqual(was.detail);
      const invoices = after.customers[id]!.invoices;
      expect(invoices.map((i: any) => i.id)).toEqual(was.invoices.map((i: any) => i.id));
      if (id !== open.customerId) expect(invoices).toEqual(was.invoices);
      for (const invoice of was.invoices) {
        const now = invoices.find((i: any) => i.id === invoice.id);
        expect(now.payments).toEqual(expect.arrayContaining(invoice.payments));
      }
    }
    // Writes acknowledged during the backup are there or not, each whole: the snapshot is one instant.
    const restoredDuring = duringCustomers.filter((id) => after.customers[id] !== undefined);
    expect(Object.keys(after.customers).sort()).toEqual([...Object.keys(before.customers), ...restoredDuring].sort());
    const openInvoice = after.customers[open.customerId]!.invoices[0];
    expect(openInvoice.paid).toBe(openInvoice.payments.reduce((sum: number, p: any) => sum + p.amount.amount, 0));

    // A licence key issued before the backup activates a new org; its signatures verify against the same root;
    // the release downloads with the same sha256.
    const act = await call2('POST', '/v1/activate', { licenceKey: spare.licenceKey, orgId: 'org-after-restore', orgUrl: 'https://after.crm4.dynamics.com', platform: 'dynamics365', platformVersion: '9.2.24012.196' }, null);
    expect(act.status).toBe(201);
    const now = h.clock.now();
    expect(verifyLicence(act.body.licence, { rootCertPem, orgId: 'org-after-restore', now })).toMatchObject({ iss: 'northwind', customer: { id: spare.customerId } });
    expect(verifyEntitlement(act.body.entitlement, { rootCertPem, orgId: 'org-after-restore', now })).toMatchObject({ status: 'active' });
    const check = await call2('POST', '/v1/updates/check', { licenceKey: spare.licenceKey, orgId: 'org-after-restore', platformVersion: '9.2.24012.196', addon: 'docgen', installedVersion: '1.0.0.0' }, null);
    expect(check.status).toBe(200);
    const offered = check.body.updates.find((u: any) => u.version === '2.0.0.0');
    expect(offered.downloadUrl).toContain(second.url);
    const download = await fetch(offered.downloadUrl);
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(release.body.sha256);
    // The org activated before the backup is still bound: its update check works on the restored server.
    const before2 = await call2('POST', '/v1/updates/check', { licenceKey: paid.licenceKey, orgId: 'org-before', platformVersion: '9.2.24012.196', addon: 'docgen', installedVersion: '1.0.0.0' }, null);
    expect(before2.status).toBe(200);
    expect(before2.body.updates.map((u: any) => u.version)).toContain('2.0.0.0');
    // And a download link the first server handed out works on the second (the same download secret).
    const firstLink = (await checkUpdates(h, paid.licenceKey, 'org-before', '1.0.0.0')).body.updates.find((u: any) => u.version === '2.0.0.0').downloadUrl as string;
    const relinked = await fetch(firstLink.replace(h.url, second.url));
    expect(relinked.status).toBe(200);
    expect(sha256(Buffer.from(await relinked.arrayBuffer()))).toBe(release.body.sha256);
  }, 120_000);
});

/** Reads a tar into memory (small test archives). */
async function readTar(file: string): Promise<Array<{ name: string; data: Buffer; mode: number }>> {
  const entries: Array<{ name: string; data: Buffer; mode: number }> = [];
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      entries.push({ name: entry.header.name, data: Buffer.concat(chunks), mode: entry.header.mode });
    }
  })();
  extract.end(readFileSync(file));
  await done;
  return entries;
}

async function writeTar(file: string, entries: Array<{ name: string; data: Buffer; mode: number }>): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  })();
  for (const e of entries) await new Promise<void>((resolve, reject) => pack.entry({ name: e.name, size: e.data.length, mode: e.mode }, e.data, (err) => (err ? reject(err) : resolve())));
  pack.finalize();
  await collected;
  writeFileSync(file, Buffer.concat(chunks));
}

describe('refusals: each with a message naming what is wrong, exit 1, and nothing left behind', () => {
  let dataDir: string;
  let good: string;
  let restores: string;
  let attempt = 0;

  beforeAll(async () => {
    dataDir = path.join(work, 'small-data');
    await initDataDir({ dataDir, vendorId: 'northwind', vendorName: 'Northwind Add-ons' });
    good = path.join(work, 'good.tar');
    const made = await serverCli(['backup', '--data', dataDir, '--to', good]);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain(`to ${good}`);
    restores = path.join(work, 'restores');
    mkdirSync(restores);
  }, 60_000);

  /** Runs a restore that must be refused; checks the message and that the restores folder is as it was. */
  async function refusedRestore(archive: string, message: RegExp, options: { target?: string; passphrase?: string } = {}): Promise<void> {
    attempt += 1;
    const target = options.target ?? path.join(restores, `new-${attempt}`);
    const listing = readdirSync(restores).sort();
    const r = await serverCli(['restore', archive, '--data', target], { ASSURANCE_BACKUP_PASSPHRASE: options.passphrase ?? PASSPHRASE });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(readdirSync(restores).sort()).toEqual(listing);
  }

  test('the good archive restores (the refusals below differ from it in one thing each)', async () => {
    const target = path.join(restores, 'ok');
    const r = await serverCli(['restore', good, '--data', target]);
    expect(r.stdout).toContain(`into ${target}`);
    expect(r.code).toBe(0);
    rmSync(target, { recursive: true });
  }, 30_000);

  test('one byte flipped in a data file', async () => {
    const bytes = readFileSync(good);
    expect(bytes.subarray(0, 16).toString('latin1')).toContain('assurance.sqlite'); // the first entry; its data from byte 512
    bytes[512 + 4096] ^= 0x01;
    const damaged = path.join(work, 'flipped.tar');
    writeFileSync(damaged, bytes);
    await refusedRestore(damaged, /the archive is damaged: assurance\.sqlite does not match its checksum in the manifest/);
  }, 30_000);

  test('a changed file with its checksum rewritten in the manifest: the MAC catches it', async () => {
    const entries = await readTar(good);
    const root = entries.find((e) => e.name === 'root.pem')!;
    root.data = Buffer.from(root.data.toString('utf8').replace('-----END CERTIFICATE-----', '-----END CERTIFICATE-----\n# swapped'), 'utf8');
    const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
    const manifest = JSON.parse(manifestEntry.data.toString('utf8'));
    const listed = manifest.files.find((f: any) => f.path === 'root.pem');
    listed.size = root.data.length;
    listed.sha256 = sha256(root.data);
    manifestEntry.data = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    const tampered = path.join(work, 'tampered.tar');
    await writeTar(tampered, entries);
    await refusedRestore(tampered, /was tampered with: its manifest does not carry the MAC/);
  }, 30_000);

  test('a truncated archive', async () => {
    const bytes = readFileSync(good);
    const truncated = path.join(work, 'truncated.tar');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedRestore(truncated, /truncated\.tar: not a readable backup archive: it is truncated or damaged/);
    // Cut at an entry boundary, before the manifest: also refused.
    const entries = await readTar(good);
    const cut = path.join(work, 'cut.tar');
    await writeTar(cut, entries.filter((e) => e.name !== 'manifest.json' && e.name !== 'manifest.mac'));
    await refusedRestore(cut, /the archive is corrupt: it ends before its manifest\.json \(truncated\?\)/);
  }, 30_000);

  test('a wrong passphrase, and none at all', async () => {
    await refusedRestore(good, /--passphrase: wrong passphrase for this archive/, { passphrase: 'not the passphrase at all' });
    const target = path.join(restores, 'new');
    const r = await serverCli(['restore', good, '--data', target], {});
    expect(r.stderr).toContain('--passphrase: the passphrase of the backup is required (prefer the environment variable ASSURANCE_BACKUP_PASSPHRASE');
    expect(r.code).toBe(1);
    expect(existsSync(target)).toBe(false);
  }, 30_000);

  test('a restore into a non-empty directory', async () => {
    const target = path.join(restores, 'occupied');
    mkdirSync(target);
    writeFileSync(path.join(target, 'notes.txt'), 'mine');
    await refusedRestore(good, /--data: .*occupied is not empty \(it holds notes\.txt\); restore into a new or empty directory/, { target });
    expect(readdirSync(target)).toEqual(['notes.txt']);
    rmSync(target, { recursive: true });
  }, 30_000);

  test('an archive of a newer schema than this server', async () => {
    const newer = path.join(work, 'newer-data');
    await initDataDir({ dataDir: newer, vendorId: 'northwind', vendorName: 'Northwind Add-ons' });
    const db = new Database(path.join(newer, 'assurance.sqlite'));
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    const archive = path.join(work, 'newer.tar');
    expect((await serverCli(['backup', '--data', newer, '--to', archive])).code).toBe(0);
    await refusedRestore(archive, new RegExp(`holds a store of schema version ${SQLITE_MIGRATIONS.length + 1}, newer than this server's \\(${SQLITE_MIGRATIONS.length}\\)`));
  }, 30_000);

  test('a backup to an existing file, without a passphrase, or of a release whose file is missing', async () => {
    const existing = path.join(work, 'existing.tar');
    writeFileSync(existing, 'an earlier backup');
    const r = await serverCli(['backup', '--data', dataDir, '--to', existing]);
    expect(r.stderr).toContain(`--to: ${existing} exists already; a backup never overwrites a file`);
    expect(r.code).toBe(1);
    expect(readFileSync(existing, 'utf8')).toBe('an earlier backup');
    expect(existsSync(`${existing}.tmp`)).toBe(false);

    const none = path.join(work, 'none.tar');
    const noPassphrase = await serverCli(['backup', '--data', dataDir, '--to', none], {});
    expect(noPassphrase.stderr).toContain('--passphrase: a passphrase is required (prefer the environment variable ASSURANCE_BACKUP_PASSPHRASE');
    const short = await serverCli(['backup', '--data', dataDir, '--to', none, '--passphrase', 'short']);
    expect(short.stderr).toContain('--passphrase: use at least 12 characters');
    expect(readdirSync(work).filter((f) => f.startsWith('none.tar'))).toEqual([]);
  }, 30_000);

  test('the library refuses with stable codes (BackupError), for the archives made above', async () => {
    const restore = (file: string, passphrase = PASSPHRASE, dataDir = path.join(restores, 'library')) => restoreBackup({ file: path.join(work, file), dataDir, passphrase });
    await expect(restore('good.tar', 'not the passphrase at all')).rejects.toMatchObject({ name: 'BackupError', code: 'wrong_passphrase', field: 'passphrase' });
    await expect(restore('flipped.tar')).rejects.toMatchObject({ code: 'checksum_mismatch', field: 'file' });
    await expect(restore('tampered.tar')).rejects.toMatchObject({ code: 'manifest_tampered', field: 'file' });
    await expect(restore('truncated.tar')).rejects.toMatchObject({ code: 'archive_unreadable', field: 'file' });
    await expect(restore('cut.tar')).rejects.toMatchObject({ code: 'archive_corrupt', field: 'file' });
    await expect(restore('newer.tar')).rejects.toMatchObject({ code: 'newer_schema', field: 'file' });
    await expect(restore('no-such.tar')).rejects.toMatchObject({ code: 'archive_unreadable', field: 'file' });
    await expect(restore('good.tar', PASSPHRASE, work)).rejects.toMatchObject({ code: 'target_not_empty', field: 'data' });
    await expect(backupDataDir({ dataDir, to: path.join(work, 'good.tar'), passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'target_exists', field: 'to' });
    await expect(backupDataDir({ dataDir, to: path.join(work, 'no-dir', 'x.tar'), passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'target_dir_missing', field: 'to' });
    await expect(backupDataDir({ dataDir: path.join(work, 'nothing'), to: path.join(work, 'x.tar'), passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'not_initialised', field: 'data' });
    expect(existsSync(path.join(restores, 'library'))).toBe(false);
  }, 30_000);

  test('a signing key and certificate that do not belong together (a rotation half-way) are not backed up', async () => {
    const mixed = path.join(work, 'mixed-data');
    await initDataDir({ dataDir: mixed, vendorId: 'northwind', vendorName: 'Northwind Add-ons' });
    writeFileSync(path.join(mixed, 'keys', 'signing-cert.pem'), readFileSync(path.join(mixed, 'root.pem')));
    const to = path.join(work, 'mixed.tar');
    await expect(backupDataDir({ dataDir: mixed, to, passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'keys_inconsistent', field: 'data', message: expect.stringContaining('do not belong together') });
    expect(readdirSync(work).filter((f) => f.startsWith('mixed.tar'))).toEqual([]);
  }, 30_000);

  test('the help says the environment variable is the safer way to give the passphrase', async () => {
    const [backup, restore] = await Promise.all([serverCli(['backup', '--help']), serverCli(['restore', '--help'])]);
    for (const help of [backup.stdout, restore.stdout]) expect(help.replace(/\s+/g, ' ')).toContain('safer in the environment variable ASSURANCE_BACKUP_PASSPHRASE (a command line shows in `ps`)');
  }, 30_000);
});

describe('an artifact a release points at must be on disk', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  test('a missing artifact is an error naming it, and no archive is written', async () => {
    h = await startHarness({ now: '2026-03-15T10:00:00Z' });
    await seedCatalogue(h);
    const release = await publish(h, 'docgen', { version: '2.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-03-01T10:00:00Z' });
    expect(release.status).toBe(201);
    const sha = release.body.sha256 as string;
    rmSync(path.join(h.dataDir, 'artifacts', 'sha256', sha.slice(0, 2), sha));
    const to = path.join(work, 'missing-artifact.tar');
    const r = await serverCli(['backup', '--data', h.dataDir, '--to', to]);
    expect(r.stderr).toContain(`release ${release.body.id} points at artifact ${sha}, which is missing`);
    expect(r.code).toBe(1);
    expect(readdirSync(work).filter((f) => f.startsWith('missing-artifact'))).toEqual([]);
  }, 60_000);
});
