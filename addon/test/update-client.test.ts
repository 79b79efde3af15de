/**
 * The update client's trust decisions, against a real update server on loopback with real signatures. A wrapping
 * API plays the hostile network or server: it swaps tokens, bytes or lists, and each forgery must be refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateVendorKeys } from '@crm-assurance/license-core/node';
import { AddonError } from '../src/client/client-error';
import { axiosUpdateServer, type UpdateServerApi } from '../src/client/fetcher';
import { UpdateClient, type VendorConfig } from '../src/client/update-client';
import { codeOf, FakeHost, ORG, OTHER_ORG } from './fake-host';
import { activate, customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from '../../update-server/test/harness';


let h: Harness;
let vendor: VendorConfig;
let licenceKey: string;

beforeAll(async () => {
  h = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(h);
  for (const version of ['1.1.0.0', '1.2.0.0']) {
    const r = await publish(h, 'docgen', { version, kind: 'feature', platform: 'dynamics365', lines: ['9.2'] });
    expect(r.status).toBe(201);
  }
  const today = new Date().toISOString().slice(0, 10);
  const order = await customerWithOrder(h, today);
  licenceKey = order.licenceKey;
  await h.call('POST', `/v1/invoices/${order.invoice.id}/payments`, { amount: order.invoice.total.amount, paidAt: h.clock.now().toISOString(), reference: 'U-1' });
  vendor = { serverUrl: h.url, addonId: 'docgen', solutionUniqueName: 'NorthwindDocGen', rootCertPem: readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8') };
}, 60_000);
afterAll(() => h.close());

/** An API that behaves like the real one except where `override` says. */
function tampered(override: Partial<UpdateServerApi>): UpdateServerApi {
  return { ...axiosUpdateServer(h.url), ...override };
}


test('activate, check and install: only manifest-listed, newer releases; bytes verified; the install is reported', async () => {
  const host = new FakeHost('1.0.0.0');
  const client = new UpdateClient(host, axiosUpdateServer(h.url), vendor);
  const status = await client.activate(licenceKey);
  expect(status.licence?.org.id).toBe(ORG);
  expect(status.entitlement?.status).toBe('active');
  expect(status.updates.map((u) => u.release.version)).toEqual(['1.2.0.0', '1.1.0.0']);
  expect(Number(host.settings.get('manifestSerial'))).toBeGreaterThan(0);

  const phases: string[] = [];
  await client.install(status.updates[0], (phase) => phases.push(phase));
  expect(host.version).toBe('1.2.0.0');
  expect(host.published).toBe(1);
  expect(phases).toEqual(expect.arrayContaining(['download', 'verify', 'import', 'publish', 'done']));
  // Nothing older than installed is ever installed.
  expect(await codeOf(client.install(status.updates[1], () => undefined))).toBe('downgrade_refused');
  expect(host.version).toBe('1.2.0.0');
});

test('an artifact whose sha256 differs from the signed manifest is refused and nothing is imported', async () => {
  const host = new FakeHost('1.0.0.0');
  const real = axiosUpdateServer(h.url);
  const api = tampered({
    download: async (url, progress) => {
      const bytes = await real.download(url, progress);
      bytes[0] ^= 0x01;
      return bytes;
    },
  });
  const client = new UpdateClient(host, api, vendor);
  const status = await client.activate(licenceKey);
  expect(await codeOf(client.install(status.updates[0], () => undefined))).toBe('artifact_hash_mismatch');
  expect(host.imported).toHaveLength(0);
  expect(host.version).toBe('1.0.0.0');
});

test('an artifact with extra bytes is refused on its length', async () => {
  const host = new FakeHost('1.0.0.0');
  const real = axiosUpdateServer(h.url);
  const api = tampered({ download: async (url, p) => new Uint8Array([...(await real.download(url, p)), 0x20]) });
  const client = new UpdateClient(host, api, vendor);
  const status = await client.activate(licenceKey);
  expect(await codeOf(client.install(status.updates[0], () => undefined))).toBe('artifact_size_mismatch');
  expect(host.imported).toHaveLength(0);
});

test('an update the unsigned list offers but the signed manifest does not list is never offered', async () => {
  const host = new FakeHost('1.0.0.0');
  const real = axiosUpdateServer(h.url);
  const api = tampered({
    checkUpdates: async (body) => {
      const answer = await real.checkUpdates(body);
      return { ...answer, updates: [{ id: 'rel_injected', version: '9.9.9.9', downloadUrl: 'http://127.0.0.1:1/evil' }, ...answer.updates] };
    },
  });
  const status = await new UpdateClient(host, api, vendor).activate(licenceKey);
  expect(status.updates.map((u) => u.release.version)).toEqual(['1.2.0.0', '1.1.0.0']);
});

test('documents signed under a foreign root are refused', async () => {
  const foreign = generateVendorKeys({ vendorId: 'mallory', vendorName: 'Mallory Add-ons' });
  const client = new UpdateClient(new FakeHost('1.0.0.0'), axiosUpdateServer(h.url), { ...vendor, rootCertPem: foreign.root.certPem });
  expect(await codeOf(client.activate(licenceKey))).toBe('ERR_CHAIN_UNTRUSTED');
});

test('a licence and entitlement issued for another org are refused', async () => {
  // The same customer's sandbox org gets genuine tokens; replaying them to this org must fail.
  const other = await activate(h, licenceKey, OTHER_ORG, '9.2.24012.196', { environment: 'sandbox' });
  expect(other.status).toBe(201);
  const api = tampered({ activate: async () => ({ licence: other.body.licence, entitlement: other.body.entitlement }) });
  const host = new FakeHost('1.0.0.0');
  expect(await codeOf(new UpdateClient(host, api, vendor).activate(licenceKey))).toBe('ERR_AUDIENCE_MISMATCH');
  expect(host.settings.has('licence')).toBe(false);
});

test('a manifest older than one already seen is refused (rollback)', async () => {
  const host = new FakeHost('1.0.0.0');
  host.settings.set('manifestSerial', '999999');
  expect(await codeOf(new UpdateClient(host, axiosUpdateServer(h.url), vendor).activate(licenceKey))).toBe('ERR_MANIFEST_ROLLBACK');
});

test('an expired manifest is refused (freeze)', async () => {
  const host = new FakeHost('1.0.0.0');
  const real = axiosUpdateServer(h.url);
  let stale: string | undefined;
  // Keep the first manifest, and later serve it again after its 24 h lifetime.
  const api = tampered({
    checkUpdates: async (body) => {
      const answer = await real.checkUpdates(body);
      stale ??= answer.manifest;
      return { ...answer, manifest: stale };
    },
  });
  await new UpdateClient(host, api, vendor).activate(licenceKey);
  const twoDaysLater = () => new Date(Date.now() + 2 * 86_400_000);
  expect(await codeOf(new UpdateClient(host, api, vendor, twoDaysLater).open())).toBe('ERR_TOKEN_EXPIRED');
});

test('offline, the stored entitlement carries the status within its grace period, and not beyond', async () => {
  const host = new FakeHost('1.0.0.0');
  await new UpdateClient(host, axiosUpdateServer(h.url), vendor).activate(licenceKey);
  const unreachable = axiosUpdateServer('http://127.0.0.1:1');
  const offline = await new UpdateClient(host, unreachable, vendor).open();
  expect(offline.offline).toBe(true);
  expect(offline.entitlement?.status).toBe('active');
  expect(offline.updates).toEqual([]);
  const in15Days = () => new Date(Date.now() + 15 * 86_400_000);
  expect(await codeOf(new UpdateClient(host, unreachable, vendor, in15Days).open())).toBe('offline_grace_expired');
});

/** Counts the install reports a client sends, with their ids. */
function countingReports(reports: Array<{ installId?: string; outcome: string }>): UpdateServerApi {
  const real = axiosUpdateServer(h.url);
  return { ...real, reportInstall: async (body) => { reports.push(body); await real.reportInstall(body); } };
}

test('two tabs on one org: the install record lets one install and tells the other who is installing', async () => {
  const host = new FakeHost('1.0.0.0');
  const reports: Array<{ installId?: string; outcome: string }> = [];
  const first = new UpdateClient(host, countingReports(reports), vendor, undefined, 10);
  const second = new UpdateClient(host, countingReports(reports), vendor, undefined, 10);
  const status = await first.activate(licenceKey);
  const update = status.updates[0];
  const results = await Promise.allSettled([first.install(update, () => undefined), second.install(update, () => undefined)]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason).toMatchObject({ code: 'install_in_progress', message: expect.stringMatching(/Admin is installing version 1\.2\.0\.0/) });
  expect(host.imported).toHaveLength(1);
  expect(host.version).toBe('1.2.0.0');
  expect(reports).toEqual([expect.objectContaining({ outcome: 'succeeded', installId: expect.any(String) })]);
  expect(JSON.parse(host.settings.get('install')!)).toMatchObject({ phase: 'done', id: reports[0].installId });
});

test('a page that went away mid-import: the next page follows the import job, finishes the upgrade and reports once', async () => {
  const host = new FakeHost('1.0.0.0');
  const reports: Array<{ installId?: string; outcome: string }> = [];
  // The first page's host: once its import request is sent, the page is gone and never calls the org again.
  let dead = false;
  const goneHost = new Proxy(host, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (dead) return new Promise(() => undefined);
        if (prop === 'importUpgrade') {
          dead = true;
          const [bytes, jobId] = args as [Uint8Array, string];
          host.jobs.set(jobId, { progress: 40, completed: false });
          void host.importUpgrade(bytes, jobId).then(imported); // the org goes on importing
          return new Promise(() => undefined);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  let imported!: () => void;
  const finished = new Promise<void>((resolve) => (imported = resolve));
  const gone = new UpdateClient(goneHost, countingReports(reports), vendor, undefined, 10);
  const status = await gone.activate(licenceKey);
  void gone.install(status.updates[0], () => undefined);
  await finished;

  const reopened = new UpdateClient(host, countingReports(reports), vendor, undefined, 10);
  const again = await reopened.open();
  expect(again.installing).toMatchObject({ phase: 'import', toVersion: '1.2.0.0' });
  const phases: string[] = [];
  expect(await reopened.resume((phase) => phases.push(phase))).toBe('installed');
  expect(phases).toEqual(expect.arrayContaining(['import', 'upgrade', 'publish', 'done']));
  expect(host.version).toBe('1.2.0.0');
  expect(host.pending).toBeUndefined();
  expect(reports).toHaveLength(1);
  expect((await reopened.open()).installing).toBeUndefined();
});

test('an unmanaged install, or a user without the import privileges, gets a plain refusal before anything is downloaded', async () => {
  const downloads: string[] = [];
  const api = tampered({ download: async (url) => { downloads.push(url); return new Uint8Array(); } });
  const unmanaged = new FakeHost('1.0.0.0');
  unmanaged.installedSolution = async () => ({ version: '1.0.0.0', managed: false });
  const status = await new UpdateClient(unmanaged, api, vendor).activate(licenceKey);
  expect(status.unmanaged).toBe(true);
  expect(await codeOf(new UpdateClient(unmanaged, api, vendor).install(status.updates[0], () => undefined))).toBe('unmanaged_install');
  const notAdmin = new FakeHost('1.0.0.0');
  notAdmin.installPermission = async () => ({ allowed: false, missing: ['prvCreateCustomization'] });
  const client = new UpdateClient(notAdmin, api, vendor);
  const s2 = await client.activate(licenceKey);
  expect(s2.permission).toEqual({ allowed: false, missing: ['prvCreateCustomization'] });
  expect(await codeOf(client.install(s2.updates[0], () => undefined))).toBe('install_not_permitted');
  expect(downloads).toEqual([]);
});

test('a download whose tab went away is abandoned after a minute: another page may install, and resume says so', async () => {
  let now = Date.now();
  const clock = () => new Date(now);
  const host = new FakeHost('1.0.0.0');
  const api = axiosUpdateServer(h.url);
  const status = await new UpdateClient(host, api, vendor).activate(licenceKey);
  // A page took the install record and went away while downloading.
  await host.writeSetting('install', JSON.stringify({ id: 'gone', fromVersion: '1.0.0.0', toVersion: '1.2.0.0', phase: 'download', by: 'Dana', startedAt: clock().toISOString(), heartbeatAt: clock().toISOString() }), { ifNoneMatch: '*' });
  const other = new UpdateClient(host, api, vendor, clock, 10);
  expect(await codeOf(other.install(status.updates[0], () => undefined))).toBe('install_in_progress');
  now += 61_000; // no heartbeat for more than a minute
  expect((await other.open()).installing).toBeUndefined();
  expect(await other.resume(() => undefined)).toBe('abandoned');
  await other.install(status.updates[0], () => undefined);
  expect(host.version).toBe('1.2.0.0');
});

test('a report the server did not take is sent again, with the same install id, the next time a page opens online', async () => {
  const host = new FakeHost('1.0.0.0');
  const sent: Array<{ installId?: string; outcome: string }> = [];
  const real = axiosUpdateServer(h.url);
  const offlineReports = tampered({ reportInstall: async () => { throw new AddonError('server_unreachable', 'down'); } });
  const client = new UpdateClient(host, offlineReports, vendor, undefined, 10);
  const status = await client.activate(licenceKey);
  await client.install(status.updates[0], () => undefined);
  expect(host.version).toBe('1.2.0.0');
  expect(JSON.parse(host.settings.get('install')!)).toMatchObject({ phase: 'done', reported: false });

  const later = new UpdateClient(host, { ...real, reportInstall: async (body) => { sent.push(body); await real.reportInstall(body); } }, vendor, undefined, 10);
  await later.open();
  const record = JSON.parse(host.settings.get('install')!);
  expect(record).toMatchObject({ phase: 'done', reported: true });
  expect(sent).toEqual([expect.objectContaining({ installId: record.id, outcome: 'succeeded', fromVersion: '1.0.0.0', toVersion: '1.2.0.0' })]);
  await later.open(); // nothing left to send
  expect(sent).toHaveLength(1);
});
