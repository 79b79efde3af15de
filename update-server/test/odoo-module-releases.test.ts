/**
 * Issue #10, item 3 through a real server: Odoo lines and Odoo module releases. A module zip (built here with jszip)
 * must hold one module folder with a literal `__manifest__.py` whose version is `<line>.<release version>`, under
 * the add-on's module name; every refusal is a 400 naming the field and leaves nothing stored (decisions U80–U83).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { activate, artifactFiles, checkUpdates, customerWithOrder, publish, reasonOf, startHarness, versions, zipWithLyingSize, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  // Odoo's releases: 16.0 on 2022-10-12, 17.0 on 2023-11-08, 18.0 on 2024-10-02; saas~17.2 on Odoo Online.
  for (const [line, releasedOn] of [
    ['16.0', '2022-10-12'],
    ['17.0', '2023-11-08'],
    ['saas~17.2', '2024-04-01'],
    ['18.0', '2024-10-02'],
  ]) {
    expect((await h.call('POST', '/v1/platforms/odoo/lines', { line, releasedOn })).status).toBe(201);
  }
  expect((await h.call('POST', '/v1/addons', { id: 'docgen', name: 'Northwind DocGen' })).status).toBe(201);
});
afterAll(async () => h.close());

interface ModuleZip {
  name?: string;
  version?: string;
  /** Replaces __manifest__.py entirely. */
  manifest?: string;
  /** More entries, by path inside the zip (not under the module folder). */
  extra?: Record<string, Buffer | string>;
}

const manifestOf = (version: string, extra = ''): string => `# -*- coding: utf-8 -*-
{
    'name': "Northwind DocGen",
    'version': '${version}',
    'category': 'Productivity',
    'summary': ('Documents from CRM data, '
                "kept up to date"),  # implicit concatenation
    'author': 'Northwind',
    'license': 'OPL-1',
    'depends': ['base', 'web'],
    'data': ['data/config_action.xml'],
    'assets': {'web.assets_backend': ['northwind_docgen/static/src/**/*']},
    'installable': True,
    'application': False,${extra}
}
`;

/** A module zip as `npm run odoo-module` makes it: one folder, manifest, data, static. Deterministic bytes. */
async function moduleZip(o: ModuleZip = {}): Promise<Buffer> {
  const name = o.name ?? 'northwind_docgen';
  const zip = new JSZip();
  const date = new Date('2020-01-01T00:00:00Z');
  zip.file(`${name}/__manifest__.py`, o.manifest ?? manifestOf(o.version ?? '17.0.1.4.0'), { date });
  zip.file(`${name}/data/config_action.xml`, '<odoo><record id="action" model="ir.actions.client"><field name="tag">northwind_docgen.config</field></record></odoo>', { date });
  zip.file(`${name}/static/src/js/config_action.js`, '/** @odoo-module **/\n', { date });
  for (const [file, data] of Object.entries(o.extra ?? {})) zip.file(file, data, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const meta = (version: string, lines: string[], extra: Record<string, unknown> = {}) => ({
  version,
  kind: 'feature',
  platform: 'odoo',
  lines,
  publishedAt: '2026-03-01T08:00:00Z',
  ...extra,
});

const releaseCount = async (): Promise<number> => (await h.call('GET', '/v1/addons/docgen/releases')).body.releases.length;

/** Publishes `zip` and expects a 400 that leaves nothing behind: no artifact, no scratch file, no release. */
async function refused(zip: Buffer, lines: string[], version: string) {
  const files = artifactFiles(h);
  const count = await releaseCount();
  const r = await publish(h, 'docgen', meta(version, lines), zip);
  expect(r.status).toBe(400);
  expect(artifactFiles(h)).toEqual(files);
  expect(readdirSync(path.join(h.dataDir, 'artifacts', 'tmp'))).toEqual([]);
  expect(await releaseCount()).toBe(count);
  return r.body.error as { code: string; field: string; message: string };
}

describe('Odoo module releases', () => {
  let rel17: any;

  test('a module built for 17.0 of the release version is published, with what the server read', async () => {
    // A patch: 17.0 is a legacy line since 18.0 came out (2024-10-02), open for patches until 2026-10-02 (SPEC §4).
    const r = await publish(h, 'docgen', meta('1.4.0', ['17.0'], { kind: 'patch' }), await moduleZip());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ platform: 'odoo', lines: ['17.0'], version: '1.4.0', odooModule: { name: 'northwind_docgen', version: '17.0.1.4.0', series: '17.0' } });
    expect(r.body.solution).toBeUndefined();
    rel17 = r.body;
    // The saas~17.2 build of the same version, for its own line.
    const saas = await publish(h, 'docgen', meta('1.4.0', ['saas~17.2'], { kind: 'patch' }), await moduleZip({ version: 'saas~17.2.1.4.0' }));
    expect(saas.status).toBe(201);
    expect(saas.body.odooModule).toEqual({ name: 'northwind_docgen', version: 'saas~17.2.1.4.0', series: 'saas~17.2' });
  });

  test('a 17.0 database is offered the 17.0 build; the 17.0 build is platform_incompatible on an 18.0 database', async () => {
    // Ordered after the publication: the purchase includes it (SPEC §3.3), no payment needed.
    const { licenceKey } = await customerWithOrder(h, '2026-03-02');
    const odoo = { platform: 'odoo', orgUrl: 'https://acme.odoo.example' };
    expect((await activate(h, licenceKey, 'db-uuid-17', '17.0+e', odoo)).status).toBe(201);
    const on17 = await checkUpdates(h, licenceKey, 'db-uuid-17', '1.3.0', '17.0+e');
    expect(on17.status).toBe(200);
    expect(versions(on17.body.updates)).toContain('1.4.0');
    const other = await customerWithOrder(h, '2026-03-02');
    expect((await activate(h, other.licenceKey, 'db-uuid-18', '18.0', odoo)).status).toBe(201);
    const on18 = await checkUpdates(h, other.licenceKey, 'db-uuid-18', '1.3.0', '18.0');
    expect(versions(on18.body.updates)).not.toContain('1.4.0');
    expect(reasonOf(on18, '1.4.0')).toBe('platform_incompatible');
    // An Odoo Online database on saas~17.2 gets the saas~17.2 build of 1.4.0, not the 17.0 one (decision L38).
    const online = await customerWithOrder(h, '2026-03-02');
    // (The signed entitlement names the line: claims-shape.ts must take saas~17.2 as a line.)
    expect((await activate(h, online.licenceKey, 'db-uuid-saas', 'saas~17.2+e', odoo)).status).toBe(201);
    const onSaas = await checkUpdates(h, online.licenceKey, 'db-uuid-saas', '1.3.0', 'saas~17.2+e');
    expect(onSaas.body.line).toBe('saas~17.2');
    expect(onSaas.body.updates.map((u: any) => [u.version, u.lines])).toEqual([['1.4.0', ['saas~17.2']]]);
    expect(on17.body.updates.map((u: any) => [u.version, u.lines])).toEqual([['1.4.0', ['17.0']]]);
    expect(rel17.id).toBeDefined();
    // The legacy rules hold for Odoo lines as for Dynamics: a feature release for 17.0 after 18.0 is withheld.
    const feature = await publish(h, 'docgen', meta('1.4.5', ['17.0']), await moduleZip({ version: '17.0.1.4.5' }));
    expect(feature.body).toMatchObject({ version: '1.4.5' });
    expect(reasonOf(await checkUpdates(h, licenceKey, 'db-uuid-17', '1.3.0', '17.0+e'), '1.4.5')).toBe('legacy_patch_only');
  });

  test('package_series_mismatch: a 17.0 module for 18.0, for 17.0 and 18.0 at once, a bare version', async () => {
    const wrong = await refused(await moduleZip({ version: '17.0.1.5.0' }), ['18.0'], '1.5.0');
    expect(wrong).toEqual({
      code: 'package_series_mismatch',
      field: 'metadata.lines',
      message:
        'the module was built for Odoo 17.0 (__manifest__.py version 17.0.1.5.0) but the release targets 18.0; Odoo installs a module only on its own series: publish one build per line, each for its own line',
    });
    expect((await refused(await moduleZip({ version: '17.0.1.5.0' }), ['17.0', '18.0'], '1.5.0')).code).toBe('package_series_mismatch');
    const bare = await refused(await moduleZip({ version: '1.5.0' }), ['18.0'], '1.5.0');
    expect(bare).toMatchObject({ code: 'package_series_mismatch', field: 'metadata.lines' });
    expect(bare.message).toContain('write it as 18.0.1.5.0');
  });

  test('package_version_mismatch: the module version is not metadata.version', async () => {
    const error = await refused(await moduleZip({ version: '18.0.1.5.1' }), ['18.0'], '1.5.0');
    expect(error).toMatchObject({ code: 'package_version_mismatch', field: 'metadata.version' });
    expect(error.message).toContain('1.5.1');
  });

  test('package_name_mismatch: the add-on’s module is northwind_docgen since its first Odoo release', async () => {
    const error = await refused(await moduleZip({ name: 'northwind_other', version: '18.0.1.5.0' }), ['18.0'], '1.5.0');
    expect(error).toMatchObject({ code: 'package_name_mismatch', field: 'artifact' });
    expect(error.message).toContain('northwind_other');
  });

  test('package_not_installable: installable False', async () => {
    const manifest = manifestOf('18.0.1.5.0').replace("'installable': True", "'installable': False");
    expect(await refused(await moduleZip({ manifest }), ['18.0'], '1.5.0')).toMatchObject({ code: 'package_not_installable', field: 'artifact' });
  });

  test('package_invalid: two modules, a loose file, a manifest with a function call, Python code, a missing data file', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [await moduleZip({ version: '18.0.1.5.0', extra: { 'northwind_extra/__manifest__.py': "{'version': '18.0.1.0.0'}" } }), /2 top-level folders \(northwind_docgen, northwind_extra\)/],
      [await moduleZip({ version: '18.0.1.5.0', extra: { 'README.md': 'hello' } }), /README\.md.*lies at the zip's root/],
      [await moduleZip({ manifest: manifestOf('18.0.1.5.0', "\n    'description': _('translated'),") }), /__manifest__\.py line 15: _\(…\), a function call, is not a literal/],
      [await moduleZip({ manifest: `{'version': '18.0.' + '1.5.0'}` }), /__manifest__\.py line 1: "\+" is not allowed: an operator/],
      [await moduleZip({ manifest: `{'version': __import__('os').system('id')}` }), /line 1: __import__\(…\), a function call/],
      [await moduleZip({ version: '18.0.1.5.0', extra: { 'northwind_docgen/models/report.py': 'from odoo import models\n' } }), /models\/report\.py: Import Module .* loads no Python code/],
      [await moduleZip({ manifest: manifestOf('18.0.1.5.0').replace("'data/config_action.xml'", "'data/missing.xml'") }), /data file "data\/missing\.xml", which is not in the zip/],
      [await moduleZip({ manifest: "['not', 'a', 'dict']" }), /must be a dict literal/],
      [await moduleZip({ manifest: "{'name': 'x'}" }), /'version' must be a string/],
      [await moduleZip({ manifest: "{'version': '18.0.1.5.x'}" }), /not an Odoo module version/],
      [Buffer.from('not a zip at all, just text pretending to be one'), /not a zip/],
    ];
    for (const [zip, message] of cases) {
      const error = await refused(zip, ['18.0'], '1.5.0');
      expect([error.code, error.field]).toEqual(['package_invalid', 'artifact']);
      expect(error.message).toMatch(message);
    }
    // A zip without the manifest.
    const bare = new JSZip();
    bare.file('northwind_docgen/data/x.xml', '<odoo/>');
    expect((await refused(await bare.generateAsync({ type: 'nodebuffer' }), ['18.0'], '1.5.0')).message).toMatch(/has no __manifest__\.py/);
  });

  test('a zip bomb is refused: an entry inflating far beyond its size, and a forged size on __manifest__.py', async () => {
    const bomb = await moduleZip({ version: '18.0.1.5.0', extra: { 'northwind_docgen/static/src/bomb.bin': Buffer.alloc(64 * 1024 * 1024) } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await refused(bomb, ['18.0'], '1.5.0')).message).toMatch(/inflates \d+ times its size; refused \(zip bomb\?\)/);
    // A manifest of 1 MiB whose headers claim 100 bytes: cut at 256 KiB while inflating.
    const big = Buffer.from(`{'version': '18.0.1.5.0', 'summary': '${'x'.repeat(1024 * 1024)}'}`);
    expect((await refused(zipWithLyingSize('northwind_docgen/__manifest__.py', big, 100), ['18.0'], '1.5.0')).message).toMatch(/__manifest__\.py inflates to more than 256 KiB/);
  });

  test('after all the refusals the good 18.0 build is published', async () => {
    const r = await publish(h, 'docgen', meta('1.5.0', ['18.0']), await moduleZip({ version: '18.0.1.5.0' }));
    expect(r.status).toBe(201);
    expect(r.body.odooModule).toEqual({ name: 'northwind_docgen', version: '18.0.1.5.0', series: '18.0' });
  });
});
