/**
 * Issue #10, item 4: the demo's Odoo side. Odoo lines with their release dates, DocGen's support matrix on them,
 * an Odoo customer on a maintenance agreement (seed 004) with a licence key, and the Odoo release history, which
 * the server accepts build by build when a module builder is plugged in (here a jszip stand-in for
 * `npm run odoo-module`).
 */
import JSZip from 'jszip';
import { ODOO_MODULE_NAME, ODOO_RELEASES, type OdooModuleBuild } from '../src/demo/demo-odoo';
import { seedDemo, type DemoSummary } from '../src/demo/demo-vendor';
import { checkUpdates, reasonOf, startHarness, versions, type Harness } from './harness';

/** A minimal module zip of one build, shaped as the real builder's (one folder, a literal manifest). */
async function standInModule(b: OdooModuleBuild): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date('2020-01-01T00:00:00Z');
  zip.file(`${b.moduleName}/__manifest__.py`, `{'name': 'Northwind DocGen', 'version': '${b.manifestVersion}', 'license': 'OPL-1', 'depends': ['base', 'web'], 'data': []}\n`, { date });
  zip.file(`${b.moduleName}/static/description/notes.txt`, b.notes, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

let h: Harness;
let summary: DemoSummary;
const builds: OdooModuleBuild[] = [];
beforeAll(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  summary = await seedDemo(h.url, h.adminKey, h.clock.now(), {
    odooModule: async (b) => {
      builds.push(b);
      return standInModule(b);
    },
  });
});
afterAll(async () => h.close());

const odooCustomer = () => summary.customers.find((c) => c.platform === 'odoo')!;

test('Odoo lines 16.0, 17.0, 18.0 with their release dates, and DocGen’s support matrix on them', async () => {
  const matrix = (await h.call('GET', '/v1/addons/docgen/support-matrix')).body.lines.filter((l: any) => l.platform === 'odoo');
  expect(matrix).toEqual([
    { platform: 'odoo', line: '16.0', releasedOn: '2022-10-12', mainstreamEndsOn: '2027-10-12', status: 'discontinued', reason: 'insufficient_demand', successor: '17.0', successorReleasedOn: '2023-11-08', patchesUntil: '2025-11-08' },
    { platform: 'odoo', line: '17.0', releasedOn: '2023-11-08', mainstreamEndsOn: '2028-11-08', status: 'supported', successor: '18.0', successorReleasedOn: '2024-10-02', patchesUntil: '2026-10-02' },
    { platform: 'odoo', line: '18.0', releasedOn: '2024-10-02', mainstreamEndsOn: '2029-10-02', status: 'supported' },
  ]);
});

test('an Odoo customer on a maintenance agreement (seed 004), next to the Dynamics customers', async () => {
  const c = odooCustomer();
  expect(c).toMatchObject({ id: 'vasa-verktyg', platform: 'odoo', platformVersion: '17.0' });
  expect(c.licenceKey).toMatch(/\S{10,}/);
  expect(c.orgId).toBeUndefined(); // to be activated on the Odoo configuration page
  expect(summary.customers.filter((x) => x.platform !== 'odoo').length).toBeGreaterThanOrEqual(10);
  const contract = (await h.call('GET', `/v1/customers/${c.id}/contract`)).body;
  expect(contract).toMatchObject({ status: 'active', plan: 'maintenance' });
  const invoices = (await h.call('GET', `/v1/customers/${c.id}/invoices`)).body.invoices;
  expect(invoices).toHaveLength(1);
  // One month: 4,000 SEK base + 8,500 lines × 0.30 SEK = 6,550 SEK, paid.
  expect(invoices[0]).toMatchObject({ total: { amount: 655_000, currency: 'SEK' }, outstanding: 0 });
});

test('every Odoo build of the history is published, one module per line, under one module name', async () => {
  const expected = ODOO_RELEASES.flatMap((r) => r.lines.map((line) => `${line}.${r.version}`));
  expect(builds.map((b) => b.manifestVersion)).toEqual(expected);
  expect(new Set(builds.map((b) => b.moduleName))).toEqual(new Set([ODOO_MODULE_NAME]));
  const odoo = (await h.call('GET', '/v1/addons/docgen/releases')).body.releases.filter((r: any) => r.platform === 'odoo');
  expect(odoo.map((r: any) => r.odooModule.version).sort()).toEqual([...expected].sort());
  expect(summary.releases.filter((r) => odoo.some((x: any) => x.id === r.id))).toHaveLength(expected.length);
});

test('the Odoo customer’s 17.0 database: the 17.0 patch is offered, the 18.0-only feature is not', async () => {
  const c = odooCustomer();
  const activation = await h.call('POST', '/v1/activate', { licenceKey: c.licenceKey, orgId: 'odoo-db-uuid', orgUrl: 'https://vasa.odoo.example', platform: 'odoo', platformVersion: '17.0+e' }, null);
  expect(activation.status).toBe(201);
  const check = await checkUpdates(h, c.licenceKey, 'odoo-db-uuid', '1.3.1', '17.0+e');
  expect(versions(check.body.updates)).toEqual(['1.4.1']);
  expect(reasonOf(check, '1.4.0')).toBe('platform_incompatible');
});
