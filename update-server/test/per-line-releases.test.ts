/**
 * Issue #9 "Dataverse fidelity" through a real server: per-line builds of one version, solution zips that must fit
 * the lines and version they are published for (refusals with real zips built here), and install reports that
 * are stored exactly once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { verifyManifest } from '@crm-assurance/license-core';
import { readFileSync } from 'node:fs';
import { activate, artifactFiles, customerWithOrder, publish, solutionZip, startHarness, zipWithLyingSize, type Harness } from './harness';

const V90 = '9.0.2.3034';
const V92 = '9.2.24012.196';

let h: Harness;
let rootCertPem: string;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  rootCertPem = readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8');
  // 9.0 is followed by 9.2 (no 9.1 registered here), so 9.0 is a legacy line open for patches until 2027-06-01.
  for (const [line, releasedOn] of [
    ['9.0', '2024-01-01'],
    ['9.2', '2025-06-01'],
  ]) {
    expect((await h.call('POST', '/v1/platforms/dynamics365/lines', { line, releasedOn })).status).toBe(201);
  }
  expect((await h.call('POST', '/v1/addons', { id: 'docgen', name: 'Northwind DocGen' })).status).toBe(201);
});
afterAll(async () => h.close());

const releaseCount = async (): Promise<number> => (await h.call('GET', '/v1/addons/docgen/releases')).body.releases.length;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const meta = (version: string, lines: string[], extra: Record<string, unknown> = {}) => ({
  version,
  kind: 'patch',
  platform: 'dynamics365',
  lines,
  publishedAt: '2026-03-01T08:00:00Z',
  ...extra,
});

describe('per-line builds of one version', () => {
  let build90: Buffer;
  let build92: Buffer;
  let rel90: any;
  let rel92: any;

  beforeAll(async () => {
    build90 = await solutionZip({ version: '1.5.0.0', packageLine: '9.0', extra: { 'build.txt': 'the 9.0 build' } });
    build92 = await solutionZip({ version: '1.5.0.0', packageLine: '9.2', extra: { 'build.txt': 'the 9.2 build' } });
    const a = await publish(h, 'docgen', meta('1.5.0.0', ['9.0']), build90);
    const b = await publish(h, 'docgen', meta('1.5.0.0', ['9.2']), build92);
    expect([a.status, b.status]).toEqual([201, 201]);
    rel90 = a.body;
    rel92 = b.body;
  });

  test('both builds are listed, each with what the server read from its solution.xml', async () => {
    expect(rel90.id).not.toBe(rel92.id);
    expect(rel90).toMatchObject({ version: '1.5.0.0', lines: ['9.0'], sha256: sha(build90), solution: { packageLine: '9.0', version: '1.5.0.0', managed: true, uniqueName: 'cra_docgen' } });
    expect(rel92).toMatchObject({ version: '1.5.0.0', lines: ['9.2'], sha256: sha(build92), solution: { packageLine: '9.2' } });
    const list = (await h.call('GET', '/v1/addons/docgen/releases')).body.releases;
    expect(list.filter((r: any) => r.version === '1.5.0.0').map((r: any) => r.id).sort()).toEqual([rel90.id, rel92.id].sort());
  });

  test('an org on 9.0 gets the 9.0 build and an org on 9.2 the 9.2 build: check, manifest and download', async () => {
    for (const [platformVersion, build, rel, orgId] of [
      [V90, build90, rel90, 'org-line-90'],
      [V92, build92, rel92, 'org-line-92'],
    ] as const) {
      const c = await customerWithOrder(h, '2026-03-10');
      expect((await activate(h, c.licenceKey, orgId, platformVersion)).status).toBe(201);
      const check = await h.call('POST', '/v1/updates/check', { licenceKey: c.licenceKey, orgId, platformVersion, addon: 'docgen', installedVersion: '1.0.0.0' }, null);
      expect(check.status).toBe(200);
      // Exactly one entry for 1.5.0.0, and it is this line's build; the other build is not even withheld.
      expect(check.body.updates.map((u: any) => [u.version, u.id])).toEqual([['1.5.0.0', rel.id]]);
      expect(check.body.withheld).toEqual([]);
      const manifest = verifyManifest(check.body.manifest, { rootCertPem, orgId, now: h.clock.now() });
      expect(manifest.releases.map((r) => [r.id, r.sha256])).toEqual([[rel.id, sha(build)]]);
      const res = await fetch(check.body.updates[0].downloadUrl);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(build)).toBe(true);
      // The other line's build, explained for this org: not for its line.
      const other = rel.id === rel90.id ? rel92 : rel90;
      const explain = await h.call('GET', `/v1/customers/${c.customerId}/releases/${other.id}/eligibility`);
      expect(explain.body).toMatchObject({ eligible: false, reason: 'platform_incompatible', buildForLine: rel.id });
    }
  });

  test('a build whose lines overlap a published build of the version is 409 release_exists naming the line; nothing stored', async () => {
    const files = artifactFiles(h);
    const count = await releaseCount();
    const zip = await solutionZip({ version: '1.5.0.0', packageLine: '9.0', extra: { 'build.txt': 'a second 9.0 build' } });
    const r = await publish(h, 'docgen', meta('1.5.0.0', ['9.0', '9.2']), zip);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'release_exists', field: 'metadata.lines' });
    expect(r.body.error.message).toContain('dynamics365 9.0 is published already');
    expect(r.body.error.message).toContain(rel90.id);
    // Versions compare numerically: 1.5 is 1.5.0.0.
    const short = await publish(h, 'docgen', meta('1.5', ['9.2']), await solutionZip({ version: '1.5', packageLine: '9.2' }));
    expect(short.status).toBe(409);
    expect(short.body.error.message).toContain('9.2');
    expect(artifactFiles(h)).toEqual(files);
    expect(await releaseCount()).toBe(count);
  });

  test('a line named twice is 400 on metadata.lines', async () => {
    const r = await publish(h, 'docgen', meta('1.6.0.0', ['9.2', '9.2']));
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('metadata.lines');
  });
});

describe('the zip must fit the lines it targets', () => {
  /** Publishes `zip` as 2.0.0.0 for `lines` and expects a refusal that leaves nothing behind. */
  async function refused(zip: Buffer, lines: string[] = ['9.2'], version = '2.0.0.0') {
    const files = artifactFiles(h);
    const count = await releaseCount();
    const r = await publish(h, 'docgen', meta(version, lines), zip);
    expect(r.status).toBe(400);
    expect(artifactFiles(h)).toEqual(files);
    expect(readdirSync(path.join(h.dataDir, 'artifacts', 'tmp'))).toEqual([]);
    expect(await releaseCount()).toBe(count);
    return r.body.error as { code: string; field: string; message: string };
  }

  test('package_line_too_new: a 9.2 package for a release that also targets 9.0', async () => {
    const error = await refused(await solutionZip({ version: '2.0.0.0', packageLine: '9.2' }), ['9.2', '9.0']);
    expect(error).toEqual({
      code: 'package_line_too_new',
      field: 'metadata.lines',
      message:
        'the solution was built for Dynamics 365 9.2 (SolutionPackageVersion) but the release targets 9.0; build it with `npm run solution -- --line 9.0` and publish that build for 9.0',
    });
    // The 9.0 package for both lines is fine (it imports into 9.2 too).
    const ok = await publish(h, 'docgen', meta('2.0.0.0', ['9.0', '9.2']), await solutionZip({ version: '2.0.0.0', packageLine: '9.0' }));
    expect(ok.status).toBe(201);
  });

  test('package_version_mismatch: the solution Version is not metadata.version', async () => {
    const error = await refused(await solutionZip({ version: '2.1.0.1', packageLine: '9.2' }), ['9.2'], '2.1.0.0');
    expect(error).toMatchObject({ code: 'package_version_mismatch', field: 'metadata.version' });
    expect(error.message).toContain('2.1.0.1');
  });

  test('package_unmanaged: an unmanaged solution', async () => {
    const error = await refused(await solutionZip({ version: '2.2.0.0', packageLine: '9.2', managed: false }), ['9.2'], '2.2.0.0');
    expect(error).toMatchObject({ code: 'package_unmanaged', field: 'artifact' });
    expect(error.message).toMatch(/unmanaged.*managed solutions only/);
  });

  test('package_invalid: garbage, a forged zip header, no solution.xml, bad XML, missing fields', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('this is not a zip at all, just some text pretending'), /not a zip/],
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(400, 0xab)]), /zip cannot be read/],
      [await solutionZip({ version: '2.3.0.0', packageLine: '9.2', withoutSolutionXml: true }), /no solution\.xml/],
      [await solutionZip({ version: '2.3.0.0', solutionXml: '<ImportExportXml SolutionPackageVersion="9.2"><SolutionManifest>' }), /not well-formed/],
      [await solutionZip({ version: '2.3.0.0' }), /no SolutionPackageVersion/],
      [await solutionZip({ version: '2.3.0.0', packageLine: '9.2', managed: 'yes' }), /Managed is "yes"/],
      [await solutionZip({ version: '2.3.0.0', solutionXml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><ImportExportXml SolutionPackageVersion="9.2" />' }), /DOCTYPE/],
      [await solutionZip({ version: '2.3.0.0', solutionXml: '<Other SolutionPackageVersion="9.2" />' }), /root element/],
    ];
    for (const [zip, message] of cases) {
      const error = await refused(zip, ['9.2'], '2.3.0.0');
      expect([error.code, error.field]).toEqual(['package_invalid', 'artifact']);
      expect(error.message).toMatch(message);
    }
  });

  test('a zip bomb is refused: an entry inflating far beyond its size, and a forged size on solution.xml', async () => {
    // 64 MiB of zeros deflate to about 64 KiB: declared honestly, the ratio gives it away.
    const bomb = await solutionZip({ version: '2.4.0.0', packageLine: '9.2', extra: { 'WebResources/bomb.bin': Buffer.alloc(64 * 1024 * 1024) } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await refused(bomb, ['9.2'], '2.4.0.0')).message).toMatch(/inflates \d+ times its size; refused \(zip bomb\?\)/);

    // solution.xml of 9 MiB whose headers claim 1,000 bytes: cut while inflating, whatever the header says.
    const big = `<?xml version="1.0"?><ImportExportXml SolutionPackageVersion="9.2"><SolutionManifest><UniqueName>x</UniqueName><Version>2.4.0.0</Version><Managed>1</Managed></SolutionManifest>${' '.repeat(9 * 1024 * 1024)}</ImportExportXml>`;
    const forged = zipWithLyingSize('solution.xml', Buffer.from(big), 1000);
    expect((await refused(forged, ['9.2'], '2.4.0.0')).message).toMatch(/solution\.xml inflates to more than 8 MiB/);
  });

  test('an Odoo artifact is read as an Odoo module, not as a solution (issue #10: odoo-module-releases.test.ts)', async () => {
    expect((await h.call('POST', '/v1/platforms/odoo/lines', { line: '17.0', releasedOn: '2023-11-01' })).status).toBe(201);
    const r = await publish(h, 'docgen', { version: '2.5.0.0', kind: 'feature', platform: 'odoo', lines: ['17.0'], publishedAt: '2026-03-01T08:00:00Z' }, 'an odoo module tarball');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'package_invalid', field: 'artifact' });
  });
});

describe('install reports exactly once', () => {
  let licenceKey: string;
  let customerId: string;
  const report = (extra: Record<string, unknown> = {}) => ({
    licenceKey,
    orgId: 'org-installs',
    addon: 'docgen',
    fromVersion: '1.0.0.0',
    toVersion: '1.5.0.0',
    outcome: 'succeeded',
    ...extra,
  });
  const installs = async (): Promise<any[]> => (await h.call('GET', `/v1/customers/${customerId}`)).body.installs;

  beforeAll(async () => {
    const c = await customerWithOrder(h, '2026-03-10');
    licenceKey = c.licenceKey;
    customerId = c.customerId;
    expect((await activate(h, licenceKey, 'org-installs', V92)).status).toBe(201);
  });

  test('the same installId twice is stored once; the second answer is the first record', async () => {
    const installId = randomUUID();
    const first = await h.call('POST', '/v1/installs', report({ installId }), null);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^ins_/), installId, recordedAt: expect.any(String) });
    h.clock.advance(60_000);
    const again = await h.call('POST', '/v1/installs', report({ installId }), null);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect((await installs()).filter((i) => i.installId === installId)).toHaveLength(1);
  });

  test('the same installId with other content is 409 install_conflict; nothing new is stored', async () => {
    const installId = randomUUID();
    expect((await h.call('POST', '/v1/installs', report({ installId }), null)).status).toBe(201);
    const before = (await installs()).length;
    const changed = await h.call('POST', '/v1/installs', report({ installId, outcome: 'failed', error: 'import failed' }), null);
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'install_conflict', field: 'installId' });
    expect((await installs()).length).toBe(before);
  });

  test('without installId every report is stored; a malformed installId is 400', async () => {
    const before = (await installs()).length;
    expect((await h.call('POST', '/v1/installs', report(), null)).status).toBe(201);
    expect((await h.call('POST', '/v1/installs', report(), null)).status).toBe(201);
    expect((await installs()).length).toBe(before + 2);
    const bad = await h.call('POST', '/v1/installs', report({ installId: 'not-a-uuid' }), null);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('installId');
  });
});
