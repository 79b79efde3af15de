/**
 * Issue #16, the recipes in deploy/ are run, not only read (decision U67):
 * - the systemd unit's ExecStart runs with its Environment= lines (paths moved into a temporary folder): it serves,
 *   ExecReload's SIGHUP reloads the signing keys, and KillSignal stops it cleanly within TimeoutStopSec;
 * - the container recipe copies every workspace's package.json before `npm ci` (a new workspace must be added there);
 * - Debian's real nginx runs deploy/nginx.conf (ports and certificate paths moved): TLS in front of the server,
 *   http redirected to https, a release upload larger than nginx's default body limit, the download links the
 *   server builds carry the public https address (X-Forwarded-* trusted), and nginx sends the download bytes after
 *   the server authorised them (X-Accel-Redirect, U68), with ranges and the headers the add-on page needs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { initDataDir } from '../src/server';
import { activate, customerWithOrder, seedCatalogue, solutionZip, startHarness, V92, type Harness } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');
const CRM_ORIGIN = 'https://contoso.crm4.dynamics.com';

/** The `Key=value` lines of one [Section] of a systemd unit, in order. */
function unitSection(text: string, section: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let inside = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inside = line === `[${section}]`;
    else if (inside && line && !line.startsWith('#')) {
      const eq = line.indexOf('=');
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function waitFor(read: () => string, pattern: RegExp, what: string, exited: Promise<unknown>): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = pattern.exec(read());
      if (m) {
        clearInterval(timer);
        resolve(m);
      }
    }, 25);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`${what} exited early:\n${read()}`));
    });
  });
}

describe('the systemd unit (deploy/assurance-server.service)', () => {
  test('ExecStart with the unit\'s environment serves; ExecReload reloads the keys; KillSignal stops it cleanly in time', async () => {
    const unit = readFileSync(path.join(DEPLOY, 'assurance-server.service'), 'utf8');
    const service = unitSection(unit, 'Service');
    const value = (key: string): string => {
      const found = service.find(([k]) => k === key);
      if (!found) throw new Error(`the unit has no ${key}=`);
      return found[1];
    };
    const varLib = mkdtempSync(path.join(os.tmpdir(), 'assurance-unit-'));
    const move = (s: string): string => s.replaceAll('/opt/crm-assurance', ROOT).replaceAll('/var/lib/crm-assurance', varLib);
    try {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
      for (const [, v] of service.filter(([k]) => k === 'Environment')) {
        const eq = v.indexOf('=');
        env[v.slice(0, eq)] = move(v.slice(eq + 1));
      }
      expect(env.ASSURANCE_DATA).toBe(path.join(varLib, 'data'));
      await initDataDir({ dataDir: env.ASSURANCE_DATA, vendorId: 'vendor', vendorName: 'Unit Vendor' });
      env.ASSURANCE_PORT = '0'; // the unit's 8080 may be taken on a test machine
      const [program, ...args] = move(value('ExecStart')).split(/\s+/);
      expect(program).toBe('/usr/bin/node');
      const child = spawn(process.execPath, args, { env, cwd: move(value('WorkingDirectory')), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const [, url] = await waitFor(() => stderr, /listening on (http:\/\/\S+)/, 'the unit\'s server', exited);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      expect(value('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
      child.kill('SIGHUP');
      await waitFor(() => stderr, /signing keys reloaded/, 'the unit\'s server', exited);

      expect(value('KillSignal')).toBe('SIGTERM');
      const stopWithin = Number(value('TimeoutStopSec')) * 1000;
      const graceMs = Number(env.ASSURANCE_SHUTDOWN_GRACE) * 1000;
      expect(graceMs).toBeLessThan(stopWithin); // requests in flight finish before systemd would SIGKILL
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      rmSync(varLib, { recursive: true, force: true });
    }
  }, 30_000);
});

/** A systemd command line as systemd reads it: `$$` is `$` and `%%` is `%` (systemd.service, "Command lines"). */
const unescapeSystemd = (line: string): string => line.replaceAll('$$', '$').replaceAll('%%', '%');

describe('the nightly backup (deploy/assurance-backup.service and .timer)', () => {
  test('the service\'s commands, with its environment, make an archive that restores; the timer runs it daily', async () => {
    const timer = unitSection(readFileSync(path.join(DEPLOY, 'assurance-backup.timer'), 'utf8'), 'Timer');
    expect(timer).toContainEqual(['OnCalendar', '*-*-* 02:30:00']);
    expect(timer).toContainEqual(['Persistent', 'true']);
    const service = unitSection(readFileSync(path.join(DEPLOY, 'assurance-backup.service'), 'utf8'), 'Service');
    const lib = mkdtempSync(path.join(os.tmpdir(), 'assurance-backup-unit-'));
    const move = (v: string): string => v.replaceAll('/opt/crm-assurance', ROOT).replaceAll('/var/lib/crm-assurance', path.join(lib, 'lib')).replaceAll('/var/backups/crm-assurance', path.join(lib, 'backups'));
    try {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };
      for (const [, v] of service.filter(([k]) => k === 'Environment')) env[v.slice(0, v.indexOf('='))] = move(v.slice(v.indexOf('=') + 1));
      // EnvironmentFile= holds the passphrase on a real machine.
      expect(service.find(([k]) => k === 'EnvironmentFile')?.[1]).toBe('/etc/crm-assurance/backup.env');
      env.ASSURANCE_BACKUP_PASSPHRASE = 'a passphrase for the unit test';
      await initDataDir({ dataDir: env.ASSURANCE_DATA, vendorId: 'vendor', vendorName: 'Backup Vendor' });
      for (const key of ['ExecStartPre', 'ExecStart', 'ExecStartPost']) {
        const line = move(unescapeSystemd(service.find(([k]) => k === key)?.[1] ?? ''));
        expect(line).not.toBe('');
        execFileSync('/bin/sh', ['-c', line.replace('/usr/bin/node', process.execPath)], { env, stdio: 'pipe' });
      }
      const archives = readdirSync(path.join(lib, 'backups'));
      expect(archives).toHaveLength(1);
      expect(archives[0]).toMatch(/^assurance-\d{8}T\d{6}Z\.tar$/);
      const restored = path.join(lib, 'restored');
      execFileSync(process.execPath, [path.join(ROOT, 'update-server/bin/assurance-server.js'), 'restore', path.join(lib, 'backups', archives[0]), '--data', restored], { env, stdio: 'pipe' });
      expect(readdirSync(restored)).toEqual(expect.arrayContaining(['keys', 'root.pem']));
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the container recipe (deploy/Dockerfile)', () => {
  test('copies every workspace\'s package.json before npm ci, and runs the server\'s bin', () => {
    const dockerfile = readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
    const workspaces = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const beforeCi = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));
    for (const w of workspaces) expect(beforeCi).toContain(`COPY ${w}/package.json ${w}/`);
    const entry = /ENTRYPOINT \["node", "([^"]+)"\]/.exec(dockerfile);
    expect(entry).not.toBeNull();
    expect(readdirSync(path.join(ROOT, path.dirname(entry![1])))).toContain(path.basename(entry![1]));
    // The grace period ends before `docker stop` (10 s) sends SIGKILL.
    expect(Number(/ASSURANCE_SHUTDOWN_GRACE=(\d+)/.exec(dockerfile)?.[1])).toBeLessThan(10);
  });
});

describe('nginx in front (deploy/nginx.conf, Debian\'s nginx)', () => {
  let h: Harness;
  let dir: string;
  let nginx: ChildProcess;
  let httpsPort: number;
  let httpPort: number;
  let ca: string;

  beforeAll(async () => {
    h = await startHarness({ config: { trustProxy: true, accelRedirect: '/_artifacts/' }, settings: { corsOrigins: [CRM_ORIGIN] } });
    await seedCatalogue(h);
    dir = mkdtempSync(path.join(os.tmpdir(), 'assurance-nginx-'));
    chmodSync(dir, 0o755);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=updates.example.com', '-addext', 'subjectAltName=DNS:updates.example.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    ca = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    [httpsPort, httpPort] = [await freePort(), await freePort()];

    let site = readFileSync(path.join(DEPLOY, 'nginx.conf'), 'utf8');
    const replace = (from: string | RegExp, to: string): void => {
      const before = site;
      site = site.replace(from, to);
      if (site === before) throw new Error(`deploy/nginx.conf no longer has ${String(from)}: update this test with it`);
    };
    replace('server 127.0.0.1:8080;', `server 127.0.0.1:${h.server.port};`);
    replace(/\n\s*listen \[::\]:80;/, '');
    replace(/\n\s*listen \[::\]:443 ssl http2;/, '');
    replace('listen 80;', `listen 127.0.0.1:${httpPort};`);
    replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
    replace('/etc/letsencrypt/live/updates.example.com/fullchain.pem', path.join(dir, 'cert.pem'));
    replace('/etc/letsencrypt/live/updates.example.com/privkey.pem', path.join(dir, 'key.pem'));
    replace('alias /var/lib/crm-assurance/data/artifacts/;', `alias ${path.join(h.dataDir, 'artifacts')}/;`);
    writeFileSync(path.join(dir, 'site.conf'), site);
    for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, t), { mode: 0o777 });
    const root = process.getuid?.() === 0;
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        root ? 'user root;' : '',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '  access_log off;',
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${dir}/${t};`),
        `  include ${dir}/site.conf;`,
        '}',
      ].join('\n'),
    );
    const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
      try {
        execFileSync(p, ['-v'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    if (!nginxBin) throw new Error('nginx is not installed (Debian package nginx; .ci/run installs it)');
    execFileSync(nginxBin, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
    nginx = spawn(nginxBin, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    for (let i = 0; i < 200; i += 1) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(httpsPort, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }, 60_000);

  afterAll(async () => {
    if (nginx) {
      nginx.kill('SIGQUIT');
      await new Promise((r) => nginx.once('exit', r));
    }
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A request through nginx over TLS, as a client of https://updates.example.com does. */
  function viaNginx(method: string, urlPath: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: httpsPort, servername: 'updates.example.com', ca, method, path: urlPath, headers: { host: 'updates.example.com', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const json = async (method: string, urlPath: string, body: unknown, key: string | null = h.adminKey) => {
    const r = await viaNginx(method, urlPath, Buffer.from(JSON.stringify(body)), { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) });
    return { status: r.status, body: JSON.parse(r.bytes.toString('utf8')) };
  };

  test('the vendor console signs in through nginx over TLS: a Secure cookie; a write with it needs the CSRF token (issue #15, U84)', async () => {
    const key = Buffer.from(JSON.stringify({ apiKey: h.adminKey }));
    const signIn = await viaNginx('POST', '/console/session', key, { 'content-type': 'application/json', origin: 'https://updates.example.com' });
    expect(signIn.status).toBe(201);
    const setCookie = signIn.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; HttpOnly/i);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = JSON.parse(signIn.bytes.toString('utf8'));
    const body = Buffer.from(JSON.stringify({ name: 'Console via nginx' }));
    const without = await viaNginx('POST', '/v1/customers', body, { 'content-type': 'application/json', cookie });
    expect(without.status).toBe(403);
    const withToken = await viaNginx('POST', '/v1/customers', body, { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken });
    expect(withToken.status).toBe(201);
  });

  test('plain http is redirected to https', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port: httpPort, path: '/healthz', headers: { host: 'updates.example.com' } }, resolve).on('error', reject));
    res.resume();
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('https://updates.example.com/healthz');
  });

  test('a release larger than nginx\'s default body limit uploads; the update check links to the https address; the download passes through', async () => {
    expect((await viaNginx('GET', '/healthz')).status).toBe(200);
    // 3 MiB of incompressible payload: nginx's default client_max_body_size (1 MiB) would answer 413.
    h.clock.set('2026-03-01T10:00:00Z');
    const zip = await solutionZip({ version: '1.0.0.0', packageLine: '9.2', extra: { 'payload.bin': randomBytes(3 * 1024 * 1024) } });
    const form = new FormData();
    form.append('metadata', JSON.stringify({ version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] }));
    form.append('artifact', new Blob([new Uint8Array(zip)]), 'docgen-1.0.0.0.zip');
    const encoded = new Request('http://encode.invalid/', { method: 'POST', body: form });
    const upload = await viaNginx('POST', '/v1/addons/docgen/releases', Buffer.from(await encoded.arrayBuffer()), {
      authorization: `Bearer ${h.adminKey}`,
      'content-type': encoded.headers.get('content-type') ?? '',
    });
    expect(upload.status).toBe(201);
    const release = JSON.parse(upload.bytes.toString('utf8'));
    expect(release.sha256).toBe(createHash('sha256').update(zip).digest('hex'));

    h.clock.set('2026-03-15T10:00:00Z');
    const { licenceKey } = await customerWithOrder(h, '2026-03-15');
    expect((await activate(h, licenceKey, 'org-nginx')).status).toBe(201);
    const check = await json('POST', '/v1/updates/check', { licenceKey, orgId: 'org-nginx', platformVersion: V92, addon: 'docgen', installedVersion: '0.9.0.0' }, null);
    expect(check.status).toBe(200);
    const link: string = check.body.updates[0].downloadUrl;
    // Behind the proxy, the server builds its links from X-Forwarded-Proto and Host: the public https address.
    expect(link.startsWith('https://updates.example.com/v1/downloads/')).toBe(true);
    const token = new URL(link).pathname;

    // The server itself only authorises (U68): its answer names the file in nginx's internal location, no bytes.
    const direct = await fetch(`${h.url}${token}`);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('x-accel-redirect')).toBe(`/_artifacts/sha256/${release.sha256.slice(0, 2)}/${release.sha256}`);
    expect((await direct.arrayBuffer()).byteLength).toBe(0);

    // Through nginx: the whole file, with the server's headers the add-on page needs (CORS from the CRM, the sha256).
    const download = await viaNginx('GET', token, undefined, { origin: CRM_ORIGIN });
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(download.bytes).digest('hex')).toBe(release.sha256);
    expect(download.headers['access-control-allow-origin']).toBe(CRM_ORIGIN);
    expect(download.headers['x-content-sha256']).toBe(release.sha256);
    expect(download.headers.etag).toBe(`"${release.sha256}"`);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toBe('attachment; filename="docgen-1.0.0.0.zip"');
    // A range, sent by nginx from the file.
    const part = await viaNginx('GET', token, undefined, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${zip.length}`);
    expect(part.bytes.equals(zip.subarray(100, 200))).toBe(true);
    // The internal location cannot be asked for directly, and a forged link is refused by the server, not served.
    expect((await viaNginx('GET', `/_artifacts/sha256/${release.sha256.slice(0, 2)}/${release.sha256}`)).status).toBe(404);
    const forged = await viaNginx('GET', `${token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.bytes.toString('utf8')).error.code).toBe('download_token_invalid');
  }, 60_000);
});
