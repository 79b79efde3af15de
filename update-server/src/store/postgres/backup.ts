/**
 * The PostgreSQL side of backups (issue #16 item 1, decision U70): the store is dumped with PostgreSQL's own
 * pg_dump, from a snapshot exported by a REPEATABLE READ transaction that also reads the facts the archive's
 * manifest records (schema version, vendor id, the releases' artifacts), so the dump and the facts are one instant
 * of the database while servers keep writing. A restore runs pg_restore in one transaction into an empty database;
 * `emptyPublicSchema` undoes a restore that a later step refused. The binaries come from the newest
 * /usr/lib/postgresql/<major>/bin (Debian's layout), else from PATH; a password in the URL is passed to them in
 * PGPASSWORD, never on their command line (`ps` shows that).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { SnapshotFacts } from '../sqlite/backup';
import type { Row } from './db';

/** The path of a PostgreSQL client tool: the newest Debian server package's, else the bare name (found on PATH). */
export function pgTool(tool: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin', tool))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? path.join(root, majors[0]!, 'bin', tool) : tool;
}

/** The URL without its password, and the environment that carries the password instead. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { dbname: parsed.toString(), env };
}

/** Runs a client tool; rejects with its stderr (the first lines) when it fails. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const { dbname, env } = connection(url);
  return new Promise((resolve, reject) => {
    execFile(pgTool(tool), [...args, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const why = (stderr || error.message).trim().split('\n').slice(0, 5).join('\n');
      reject(new Error(`${tool} failed: ${why}`));
    });
  });
}

async function factsOn(client: Client): Promise<SnapshotFacts> {
  const tables = new Set((await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.name));
  const version = tables.has('schema_version') ? (await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]?.v ?? 0 : 0;
  const settings = tables.has('settings') ? (await client.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'vendor'`)).rows[0] : undefined;
  const vendorId = settings ? (JSON.parse(settings.value) as { vendorId?: string }).vendorId : undefined;
  const artifacts = tables.has('releases')
    ? (await client.query<Row>('SELECT id, sha256, size FROM releases ORDER BY sha256, id')).rows.map((r) => ({ sha256: String(r.sha256), size: Number(r.size), release: String(r.id) }))
    : [];
  return { schemaVersion: Number(version), vendorId, artifacts };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * Dumps the database at `url` into the new file `target` (pg_dump's custom format) and returns the facts of the
 * same snapshot. The exporting transaction stays open until pg_dump is done (the snapshot lives only as long).
 */
export async function dumpPostgres(url: string, target: string): Promise<SnapshotFacts> {
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = String((await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id);
    const facts = await factsOn(client);
    await runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--file=${target}`], url);
    await client.query('COMMIT');
    return facts;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tables of the public schema (a restore target must have none). */
export async function publicTables(url: string): Promise<string[]> {
  const client = await connect(url);
  try {
    return (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** pg_restore of `dump` into the (empty) database at `url`, all or nothing; then the facts of what it restored. */
export async function restorePostgres(url: string, dump: string): Promise<SnapshotFacts> {
  await runTool('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', dump], url);
  const client = await connect(url);
  try {
    return await factsOn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops every table of the public schema (with their identity sequences): undoes a restore a later step refused. */
export async function emptyPublicSchema(url: string): Promise<void> {
  const client = await connect(url);
  try {
    const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.name);
    if (tables.length > 0) await client.query(`DROP TABLE ${tables.map((t) => `public."${t.replace(/"/g, '""')}"`).join(', ')} CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
