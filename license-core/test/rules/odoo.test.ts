/**
 * Issue #10, item 3: Odoo lines under the same rules as Dynamics 365 (SPEC §3, §4), from license-core alone, and
 * checkOdooModule (decisions L38–L41). Worked examples with Odoo's real line release dates.
 */
import {
  addonLineStatus,
  checkOdooModule,
  checkPublication,
  eligibleUpdates,
  evaluateRelease,
  legacyWindow,
  parseOdooModuleVersion,
  parsePlatformVersion,
  type PlatformLine,
  type Release,
  type TenantContext,
} from '../../src';
import { fieldOf } from './support';

const o = (line: string, releasedOn: string): PlatformLine => ({ platform: 'odoo', line, releasedOn });
// Odoo's releases: 16.0 on 2022-10-12, 17.0 on 2023-11-08, saas~17.2 on Odoo Online in 2024, 18.0 on 2024-10-02.
const odooLines = [o('16.0', '2022-10-12'), o('17.0', '2023-11-08'), o('saas~17.2', '2024-04-01'), o('18.0', '2024-10-02')];

const tenant: TenantContext = {
  tenantId: 't-odoo',
  licences: [{ addon: 'docgen', quantity: 1, listPrice: { amount: 1_000_000, currency: 'SEK' }, orderedOn: '2024-01-15' }],
  coverage: [{ from: '2024-01-15', to: '2027-12-31', activeFrom: '2024-01-20T08:00:00.000Z', invoiceId: 'inv-1', plan: 'maintenance' }],
  openInvoices: [],
  platform: 'odoo',
  platformVersion: '17.0+e',
};
const release: Release = {
  id: 'r-odoo',
  addon: 'docgen',
  version: '1.4.0',
  kind: 'feature',
  platform: 'odoo',
  lines: ['17.0'],
  publishedAt: '2024-06-01T08:00:00Z',
};
const judge = (r: Partial<Release>, t: Partial<TenantContext> = {}, asOf = '2026-07-01T00:00:00Z') =>
  evaluateRelease({ release: { ...release, ...r }, tenant: { ...tenant, ...t }, lines: odooLines, asOf });
const no = (reason: string) => ({ eligible: false, reason });
const yes = { eligible: true };

describe('Odoo versions and their lines (decision L38: the line is Odoo’s serie)', () => {
  it.each([
    ['17.0', '17.0'],
    ['17.0+e', '17.0'],
    ['18.0rc1', '18.0'],
    ['18.0alpha1+e', '18.0'],
    ['saas~17.2', 'saas~17.2'],
    ['saas~17.2+e', 'saas~17.2'],
    ['saas~17.4', 'saas~17.4'],
  ])('%s is on line %s', (version, line) => {
    expect(parsePlatformVersion(version, 'odoo').line).toBe(line);
  });

  it('a pre-release suffix alone says Odoo; it is refused as a Dynamics version', () => {
    expect(parsePlatformVersion('18.0rc1').platform).toBe('odoo');
    expect(fieldOf(() => parsePlatformVersion('18.0rc1', 'dynamics365'))).toBe('platformVersion');
    expect(fieldOf(() => parsePlatformVersion('18.0gamma', 'odoo'))).toBe('platformVersion');
  });
});

describe('Odoo releases under SPEC §3 and §4', () => {
  it('a release for line 17.0 reaches a 17.0 database but not a saas~17.2 one (Odoo refuses a 17.0.x module there)', () => {
    expect(judge({})).toEqual(yes);
    expect(judge({}, { platformVersion: 'saas~17.2+e' })).toEqual(no('platform_incompatible'));
    // The saas~17.2 build, published for that line, does.
    expect(judge({ lines: ['saas~17.2'] }, { platformVersion: 'saas~17.2+e' })).toEqual(yes);
    // And a Dynamics release never reaches an Odoo database.
    expect(judge({ platform: 'dynamics365', lines: ['17.0'] })).toEqual(no('platform_incompatible'));
  });

  it('the update list of an Odoo database leaves out versions built only for Dynamics 365, and the reverse (L42)', () => {
    const releases: Release[] = [
      { ...release, id: 'odoo-1.4.0' },
      { ...release, id: 'odoo-1.5.0-18', version: '1.5.0', lines: ['18.0'] },
      { ...release, id: 'crm-3.1', version: '3.1.0.0', platform: 'dynamics365', lines: ['9.2'] },
      // One version built for both platforms is listed on each, as its own platform's build.
      { ...release, id: 'odoo-3.2', version: '3.2.0', kind: 'patch', lines: ['17.0'], publishedAt: '2025-01-10T08:00:00Z' },
      { ...release, id: 'crm-3.2', version: '3.2.0.0', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2025-01-10T08:00:00Z' },
    ];
    const lines = [...odooLines, { platform: 'dynamics365' as const, line: '9.2', releasedOn: '2020-10-01' }];
    const list = (t: Partial<TenantContext>) => {
      const answer = eligibleUpdates({ addon: 'docgen', installedVersion: '1.0.0', releases, tenant: { ...tenant, ...t }, lines, asOf: '2026-07-01T00:00:00Z' });
      return { offered: answer.offered.map((r) => r.id), withheld: answer.withheld.map((w) => `${w.release.id}:${w.reason}`) };
    };
    // The 18.0 build is for this platform but another line: listed, as platform_incompatible (SPEC §3.4).
    expect(list({})).toEqual({ offered: ['odoo-3.2', 'odoo-1.4.0'], withheld: ['odoo-1.5.0-18:platform_incompatible'] });
    expect(list({ platform: 'dynamics365', platformVersion: '9.2.24012.196' })).toEqual({ offered: ['crm-3.2', 'crm-3.1'], withheld: [] });
  });

  it('legacy window: 17.0’s successor is 18.0 (SaaS lines skipped); patches until 18.0 + 2 years', () => {
    expect(legacyWindow(odooLines, '17.0', 'odoo')).toEqual({
      line: o('17.0', '2023-11-08'),
      successor: o('18.0', '2024-10-02'),
      patchesUntil: '2026-10-02',
      mainstreamEndsOn: '2028-11-08',
    });
    expect(legacyWindow(odooLines, '16.0', 'odoo')).toMatchObject({ successor: o('17.0', '2023-11-08'), patchesUntil: '2025-11-08', mainstreamEndsOn: '2027-10-12' });
    expect(legacyWindow(odooLines, 'saas~17.2', 'odoo')).toMatchObject({ successor: o('18.0', '2024-10-02'), patchesUntil: '2026-10-02' });
    expect(legacyWindow(odooLines, '18.0', 'odoo')).toEqual({ line: o('18.0', '2024-10-02'), mainstreamEndsOn: '2029-10-02' });
  });

  it('on 17.0 after 18.0 came out: patches yes, features no (unless featuresOnLegacy), nothing after 2026-10-02', () => {
    const afterSuccessor = { publishedAt: '2025-03-01T08:00:00Z' };
    expect(judge({ ...afterSuccessor, kind: 'patch' })).toEqual(yes);
    expect(judge({ ...afterSuccessor, kind: 'security' })).toEqual(yes);
    expect(judge({ ...afterSuccessor, kind: 'feature' })).toEqual(no('legacy_patch_only'));
    expect(judge({ ...afterSuccessor, kind: 'feature', featuresOnLegacy: true })).toEqual(yes);
    // Published on the last day of the window (vendor zone UTC) and the day after.
    expect(judge({ publishedAt: '2026-10-02T12:00:00Z', kind: 'patch' }, {}, '2026-11-01T00:00:00Z')).toEqual(yes);
    expect(judge({ publishedAt: '2026-10-03T12:00:00Z', kind: 'patch' }, {}, '2026-11-01T00:00:00Z')).toEqual(no('legacy_window_closed'));
    // Published before 18.0: unaffected.
    expect(judge({ publishedAt: '2024-09-30T08:00:00Z', kind: 'feature' })).toEqual(yes);
  });

  it('publishing to 16.0 after its window closed (2025-11-08) is refused unless it is a custom build', () => {
    const base = { platform: 'odoo' as const, releaseLines: ['16.0'], kind: 'patch' as const, lines: odooLines, asOf: '2026-01-10T00:00:00Z' };
    expect(checkPublication({ ...base, publishedAt: '2026-01-05T00:00:00Z' })).toMatchObject({ allowed: false, reason: 'legacy_window_closed', line: '16.0', patchesUntil: '2025-11-08' });
    expect(checkPublication({ ...base, publishedAt: '2025-11-08T12:00:00Z' })).toEqual({ allowed: true });
    expect(checkPublication({ ...base, publishedAt: '2026-01-05T00:00:00Z', customFor: ['t-odoo'] })).toEqual({ allowed: true });
  });

  it('support matrix: a discontinued Odoo line keeps its reason; other lines are supported', () => {
    const set = [{ platform: 'odoo' as const, line: '16.0', status: { status: 'discontinued' as const, reason: 'integrated_in_platform' as const } }];
    expect(addonLineStatus(set, 'odoo', '16.0')).toEqual({ status: 'discontinued', reason: 'integrated_in_platform' });
    expect(addonLineStatus(set, 'odoo', '17.0')).toEqual({ status: 'supported' });
    // The same line name on the other platform is another line.
    expect(addonLineStatus(set, 'dynamics365', '16.0')).toEqual({ status: 'supported' });
  });
});

describe('parseOdooModuleVersion (odoo/modules/module.py adapt_version)', () => {
  it('splits the series from the module version', () => {
    expect(parseOdooModuleVersion('17.0.1.4.0')).toEqual({ series: '17.0', moduleVersion: '1.4.0' });
    expect(parseOdooModuleVersion('17.0.1.4')).toEqual({ series: '17.0', moduleVersion: '1.4' });
    expect(parseOdooModuleVersion('saas~17.2.1.4.0')).toEqual({ series: 'saas~17.2', moduleVersion: '1.4.0' });
    expect(parseOdooModuleVersion('1.4.0')).toEqual({ moduleVersion: '1.4.0' });
    expect(parseOdooModuleVersion('1.4')).toEqual({ moduleVersion: '1.4' });
  });

  it.each([['1'], ['17.0.1.4.0.1'], ['v17.0.1.4.0'], ['17.0.x.4.0'], ['saas~17.2.1'], [''], [17], [null]])('refuses %p naming the field', (v) => {
    expect(fieldOf(() => parseOdooModuleVersion(v, 'module.version'))).toBe('module.version');
  });
});

describe('checkOdooModule (decisions L39, L40)', () => {
  const module = { name: 'northwind_docgen', version: '17.0.1.4.0', installable: true };
  const target = { releaseLines: ['17.0'], version: '1.4.0' };

  it('a module of the release’s series and version fits', () => {
    expect(checkOdooModule(module, target)).toEqual({ allowed: true, series: '17.0', moduleVersion: '1.4.0' });
    // Versions compare numerically: 1.4 = 1.4.0 = 1.4.0.0.
    expect(checkOdooModule({ ...module, version: '17.0.1.4' }, { ...target, version: '1.4.0.0' }).allowed).toBe(true);
    expect(checkOdooModule({ ...module, version: 'saas~17.2.1.4.0' }, { ...target, releaseLines: ['saas~17.2'] })).toEqual({ allowed: true, series: 'saas~17.2', moduleVersion: '1.4.0' });
    expect(checkOdooModule(module, { ...target, moduleName: 'northwind_docgen' }).allowed).toBe(true);
  });

  it('package_series_mismatch: the series must be every line the release targets', () => {
    expect(checkOdooModule(module, { ...target, releaseLines: ['18.0'] })).toEqual({ allowed: false, reason: 'package_series_mismatch', field: 'lines', series: '17.0', line: '18.0' });
    // One zip cannot serve two lines: Odoo refuses a 17.0.x module on 18.0 and on saas~17.2.
    expect(checkOdooModule(module, { ...target, releaseLines: ['17.0', '18.0'] })).toMatchObject({ reason: 'package_series_mismatch', line: '18.0' });
    expect(checkOdooModule(module, { ...target, releaseLines: ['saas~17.2'] })).toMatchObject({ reason: 'package_series_mismatch', series: '17.0', line: 'saas~17.2' });
    // A bare version names no series.
    expect(checkOdooModule({ ...module, version: '1.4.0' }, target)).toEqual({ allowed: false, reason: 'package_series_mismatch', field: 'lines', line: '17.0' });
  });

  it('package_version_mismatch, then package_name_mismatch, then package_not_installable', () => {
    expect(checkOdooModule(module, { ...target, version: '1.4.1' })).toEqual({ allowed: false, reason: 'package_version_mismatch', field: 'version', packageVersion: '1.4.0', version: '1.4.1' });
    expect(checkOdooModule(module, { ...target, moduleName: 'northwind_other' })).toEqual({
      allowed: false,
      reason: 'package_name_mismatch',
      field: 'artifact',
      name: 'northwind_docgen',
      moduleName: 'northwind_other',
    });
    expect(checkOdooModule({ ...module, installable: false }, target)).toEqual({ allowed: false, reason: 'package_not_installable', field: 'artifact' });
    // Order: the series first, then the version, then the name, then installable.
    const worst = { name: 'x', version: '16.0.9.0.0', installable: false };
    expect(checkOdooModule(worst, { ...target, moduleName: 'y' })).toMatchObject({ reason: 'package_series_mismatch' });
    expect(checkOdooModule({ ...worst, version: '17.0.9.0.0' }, { ...target, moduleName: 'y' })).toMatchObject({ reason: 'package_version_mismatch' });
    expect(checkOdooModule({ ...worst, version: '17.0.1.4.0' }, { ...target, moduleName: 'y' })).toMatchObject({ reason: 'package_name_mismatch' });
  });

  it('bad input names the field', () => {
    expect(fieldOf(() => checkOdooModule({ ...module, name: '../x' }, target))).toBe('module.name');
    expect(fieldOf(() => checkOdooModule({ ...module, version: '17.0.1.4.0.9' }, target))).toBe('module.version');
    expect(fieldOf(() => checkOdooModule({ ...module, installable: 'True' as unknown as boolean }, target))).toBe('module.installable');
    expect(fieldOf(() => checkOdooModule(module, { ...target, releaseLines: [] }))).toBe('release.releaseLines');
    expect(fieldOf(() => checkOdooModule(module, { ...target, releaseLines: ['17'] }))).toBe('release.releaseLines[0]');
    expect(fieldOf(() => checkOdooModule(module, { ...target, version: '1' }))).toBe('release.version');
    expect(fieldOf(() => checkOdooModule(module, { ...target, moduleName: 'a b' }))).toBe('release.moduleName');
  });
});
