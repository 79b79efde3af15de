/**
 * A throw-away PostgreSQL cluster for the tests (issue #14): `initdb` into a temp dir, `pg_ctl start` on a free port
 * of 127.0.0.1 with its unix socket in the temp dir, a fresh database per `createDatabase()`, and `pg_ctl stop` and
 * the temp dir removed at the end. initdb refuses root: as root the binaries run as the `postgres` user (Debian's
 * package makes it) through `runuser`, and the temp dir is theirs.
 *
 * When PostgreSQL is not installed the tests that need it FAIL with a message saying what to install; they are
 * never skipped (CI installs it, .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Where Debian installs the server binaries (/usr/lib/postgresql/<major>/bin), newest first. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: the PostgreSQL store tests need initdb and pg_ctl under /usr/lib/postgresql/<version>/bin. ' +
        'Install it with `apt-get install postgresql` (.ci/run does); these tests are never skipped.',
    );
  }
  return path.join(root, majors[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  /** The URL of a new, empty database; with `icuLocale`, one whose default collation is that ICU locale's. */
  createDatabase(options?: { icuLocale?: string }): Promise<string>;
  /** Runs SQL on a database (raw access for tests). */
  query(url: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    try {
      execFileSync(command, argv, { stdio: 'pipe', cwd: os.tmpdir() });
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`${tool} failed: ${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
    }
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    // Throw-away: no fsync, small memory, the socket in the temp dir (never /var/run/postgresql).
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=60`;
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', options]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  let n = 0;
  const query = async (url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase(options = {}) {
      const name = `t${process.pid}_${++n}`;
      const icu = options.icuLocale ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale}'` : '';
      await query(`${base}/postgres`, `CREATE DATABASE ${name}${icu}`);
      return `${base}/${name}`;
    },
    query,
    async stop() {
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One cluster per test file: started before its first test, stopped after its last. `cluster()` is the running one.
 */
export function usePostgresCluster(): () => PostgresCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the PostgreSQL test cluster did not start (see the error of beforeAll)');
    return cluster;
  };
}
