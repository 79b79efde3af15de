// SPEC §3 (which releases a tenant may download, in order of precedence) with the legacy rules of SPEC §4.
import {
  eligibleUpdates,
  evaluateRelease,
  
  rolloutBucket,
  type CoverageInterval,
  type Invoice,
  type PlatformLine,
  type Release,
  type TenantContext,
} from '../../src';
import { fieldOf } from './support';

const paid2026: CoverageInterval = { from: '2026-03-15', to: '2027-12-31', activeFrom: '2026-04-10T08:00:00.000Z', invoiceId: 'inv-1' };
const paid2028: CoverageInterval = { from: '2028-01-01', to: '2028-12-31', activeFrom: '2028-02-10T09:00:00.000Z', invoiceId: 'inv-2' };
const open2028: Invoice = {
  id: 'inv-2',
  kind: 'renewal',
  issuedOn: '2028-01-01',
  periodStart: '2028-01-01',
  periodEnd: '2028-12-31',
  total: { amount: 180_000, currency: 'EUR' },
};
const open2026: Invoice = { ...open2028, id: 'inv-1', kind: 'first', issuedOn: '2026-03-15', periodStart: '2026-03-15', periodEnd: '2027-12-31' };

const tenant: TenantContext = {
  tenantId: 't-1',
  licences: [{ addon: 'sales-plus', edition: 'pro', quantity: 1, listPrice: { amount: 1_000_000, currency: 'EUR' }, orderedOn: '2026-03-15' }],
  coverage: [paid2026],
  openInvoices: [],
  platform: 'dynamics365',
  platformVersion: '9.2.24012.196',
  region: 'EU',
  language: 'de-DE',
};
// 9.2 has no successor: legacy rules do not apply to it.
const lines: PlatformLine[] = [
  { platform: 'dynamics365', line: '9.1', releasedOn: '2018-10-01' },
  { platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' },
];
const release: Release = {
  id: 'r-1',
  addon: 'sales-plus',
  version: '2.0.0.0',
  kind: 'feature',
  platform: 'dynamics365',
  lines: ['9.1', '9.2'],
  publishedAt: '2026-06-01T08:00:00Z',
};
const asOf = '2026-07-01T00:00:00Z';

const judge = (r: Partial<Release>, t: Partial<TenantContext> = {}, extra: { asOf?: string; timeZone?: string; lines?: PlatformLine[] } = {}) =>
  evaluateRelease({ release: { ...release, ...r }, tenant: { ...tenant, ...t }, lines: extra.lines ?? lines, asOf: extra.asOf ?? asOf, ...(extra.timeZone ? { timeZone: extra.timeZone } : {}) });
const no = (reason: string) => ({ eligible: false, reason });
const yes = { eligible: true };

describe('evaluateRelease: 1. licence', () => {
  it('a licensed, paid, compatible, untargeted release is eligible', () => {
    expect(judge({})).toEqual(yes);
  });

  it('not_licensed: no licence for the add-on', () => {
    expect(judge({ addon: 'service-plus' })).toEqual(no('not_licensed'));
    expect(judge({}, { licences: [] })).toEqual(no('not_licensed'));
  });

  it('feature_not_licensed: the release needs a separately licensed feature', () => {
    expect(judge({ requiresFeature: 'ai-scoring' })).toEqual(no('feature_not_licensed'));
    const withFeature = [...tenant.licences, { ...tenant.licences[0], feature: 'ai-scoring' }];
    expect(judge({ requiresFeature: 'ai-scoring' }, { licences: withFeature })).toEqual(yes);
    // a feature licence of another add-on does not count
    const otherAddon = [...tenant.licences, { ...tenant.licences[0], addon: 'service-plus', feature: 'ai-scoring' }];
    expect(judge({ requiresFeature: 'ai-scoring' }, { licences: otherAddon })).toEqual(no('feature_not_licensed'));
  });
});

describe('evaluateRelease: 2. termination', () => {
  it('assurance_terminated from the termination instant on', () => {
    expect(judge({}, { terminatedAt: '2026-06-15T00:00:00Z' })).toEqual(no('assurance_terminated'));
    expect(judge({}, { terminatedAt: asOf })).toEqual(no('assurance_terminated'));
    expect(judge({}, { terminatedAt: '2026-07-01T00:00:01Z' })).toEqual(yes);
  });

  it('precedence: unlicensed AND terminated → not_licensed; feature missing AND terminated → feature_not_licensed', () => {
    expect(judge({ addon: 'service-plus' }, { terminatedAt: '2026-06-15T00:00:00Z' })).toEqual(no('not_licensed'));
    expect(judge({ requiresFeature: 'x' }, { terminatedAt: '2026-06-15T00:00:00Z' })).toEqual(no('feature_not_licensed'));
  });

  it('precedence: terminated AND published in unpaid time → assurance_terminated', () => {
    expect(judge({ publishedAt: '2028-03-01T00:00:00Z' }, { terminatedAt: '2026-06-15T00:00:00Z', openInvoices: [open2028] }, { asOf: '2028-04-01T00:00:00Z' })).toEqual(
      no('assurance_terminated'),
    );
  });
});

describe('evaluateRelease: 3. coverage', () => {
  const in2028 = { asOf: '2028-04-01T00:00:00Z' };

  it('not_covered: published after paid coverage, no invoice open for that time', () => {
    expect(judge({ publishedAt: '2028-03-01T00:00:00Z' }, {}, in2028)).toEqual(no('not_covered'));
  });

  it('not_paid: published in a time whose invoice is open', () => {
    expect(judge({ publishedAt: '2028-03-01T00:00:00Z' }, { openInvoices: [open2028] }, in2028)).toEqual(no('not_paid'));
  });

  it('published up to the order date: the purchase includes it, even unpaid', () => {
    expect(judge({ publishedAt: '2025-01-01T00:00:00Z' }, { coverage: [], openInvoices: [open2026] })).toEqual(yes);
    expect(judge({ publishedAt: '2026-03-15T18:00:00Z' }, { coverage: [], openInvoices: [open2026] })).toEqual(yes);
    expect(judge({ publishedAt: '2026-03-16T00:00:00Z' }, { coverage: [], openInvoices: [open2026] })).toEqual(no('not_paid'));
  });

  it('the earliest order date of the add-on counts', () => {
    const later = { ...tenant.licences[0], orderedOn: '2027-05-01' };
    expect(judge({ publishedAt: '2027-04-01T00:00:00Z' }, { licences: [later], coverage: [] })).toEqual(yes);
    // with an earlier licence of the same add-on (2027-03-01) the purchase no longer includes a 2027-04-01 release
    const licences = [later, { ...later, orderedOn: '2027-03-01' }];
    expect(judge({ publishedAt: '2027-04-01T00:00:00Z' }, { licences, coverage: [] })).toEqual(no('not_covered'));
    // licences of other add-ons do not count
    const other = [{ ...later, addon: 'service-plus', orderedOn: '2028-01-01' }, { ...later, orderedOn: '2027-03-01' }];
    expect(judge({ publishedAt: '2027-04-01T00:00:00Z' }, { licences: other, coverage: [] })).toEqual(no('not_covered'));
  });

  it('a renewal paid late covers a release published before the payment (whole period counts)', () => {
    const jan = { publishedAt: '2028-01-10T09:00:00Z' };
    expect(judge(jan, { openInvoices: [open2028] }, { asOf: '2028-02-01T00:00:00Z' })).toEqual(no('not_paid'));
    expect(judge(jan, { coverage: [paid2026, paid2028] }, { asOf: '2028-03-01T00:00:00Z' })).toEqual(yes);
    // coverage that becomes active only after asOf does not count yet
    expect(judge(jan, { coverage: [paid2026, paid2028] }, { asOf: '2028-02-01T00:00:00Z' })).toEqual(no('not_covered'));
  });

  it('perpetual fallback: what was published while paid stays downloadable after lapse', () => {
    expect(judge({ publishedAt: '2027-06-01T00:00:00Z' }, { openInvoices: [open2028] }, { asOf: '2029-01-01T00:00:00Z' })).toEqual(yes);
  });

  it('the publication date is taken in the vendor time zone', () => {
    const newYearsEve = { publishedAt: '2027-12-31T23:30:00Z' };
    expect(judge(newYearsEve, {}, in2028)).toEqual(yes);
    expect(judge(newYearsEve, {}, { ...in2028, timeZone: 'Europe/Berlin' })).toEqual(no('not_covered'));
  });

  it('precedence: not_paid before platform_incompatible', () => {
    expect(judge({ publishedAt: '2028-03-01T00:00:00Z', platform: 'odoo', lines: ['17.0'] }, { openInvoices: [open2028] }, in2028)).toEqual(no('not_paid'));
  });
});

describe('evaluateRelease: 3b. hot-fixes (SPEC §7)', () => {
  const hotfix: Partial<Release> = { kind: 'patch', hotfix: true };
  const maintenance: CoverageInterval = { ...paid2026, plan: 'maintenance' };

  it('hotfix_requires_agreement: covered by a calendar-year or Auto SSA plan is not enough', () => {
    expect(judge(hotfix)).toEqual(no('hotfix_requires_agreement'));
    expect(judge(hotfix, { coverage: [{ ...paid2026, plan: 'ssa-annual' }] })).toEqual(no('hotfix_requires_agreement'));
    // the same release without the hot-fix mark is an ordinary patch
    expect(judge({ kind: 'patch' })).toEqual(yes);
  });

  it('published inside paid maintenance coverage: eligible', () => {
    expect(judge(hotfix, { coverage: [maintenance] })).toEqual(yes);
  });

  it('the maintenance coverage must contain the publication and be paid by asOf', () => {
    const before = { ...maintenance, from: '2026-07-01' };
    expect(judge(hotfix, { coverage: [paid2026, before] })).toEqual(no('hotfix_requires_agreement'));
    const paidLater = { ...maintenance, activeFrom: '2026-07-02T00:00:00.000Z' };
    expect(judge(hotfix, { coverage: [paid2026, paidLater] })).toEqual(no('hotfix_requires_agreement'));
  });

  it('precedence: not_covered before hotfix_requires_agreement; hot-fix before platform', () => {
    expect(judge(hotfix, { coverage: [] })).toEqual(no('not_covered'));
    expect(judge({ ...hotfix, platform: 'odoo', lines: ['17.0'] })).toEqual(no('hotfix_requires_agreement'));
  });

  it('a hotfix flag that is not a boolean is named', () => {
    expect(fieldOf(() => judge({ hotfix: 'yes' as unknown as boolean }))).toBe('release.hotfix');
  });
});

describe('evaluateRelease: 4. platform', () => {
  it('platform_incompatible: another platform, or not the tenant line', () => {
    expect(judge({ platform: 'odoo', lines: ['17.0'] })).toEqual(no('platform_incompatible'));
    expect(judge({ lines: ['9.1'] })).toEqual(no('platform_incompatible'));
    expect(judge({ lines: ['9.1'] }, { platformVersion: '9.1.0.1234' }, { lines: [lines[0]] })).toEqual(yes);
  });

  it('an Odoo SaaS line must be named by the release', () => {
    const odoo = { platform: 'odoo' as const, platformVersion: 'saas~17.2' };
    const odooLines: PlatformLine[] = [{ platform: 'odoo', line: '17.0', releasedOn: '2023-11-08' }];
    expect(judge({ platform: 'odoo', lines: ['17.0'] }, odoo, { lines: odooLines })).toEqual(no('platform_incompatible'));
    expect(judge({ platform: 'odoo', lines: ['17.0', 'saas~17.2'] }, odoo, { lines: odooLines })).toEqual(yes);
  });
});

describe('evaluateRelease: 5. legacy window', () => {
  // Tenant stays on 9.1; its successor 9.2 was released on R = 2026-06-01; patches until 2028-06-01 inclusive.
  const legacyLines: PlatformLine[] = [
    { platform: 'dynamics365', line: '9.1', releasedOn: '2018-10-01' },
    { platform: 'dynamics365', line: '9.2', releasedOn: '2026-06-01' },
  ];
  const onOld = { platformVersion: '9.1.0.1234', coverage: [paid2026, { ...paid2028, to: '2029-12-31' }] };
  const later = { asOf: '2029-06-01T00:00:00Z', lines: legacyLines };
  const j = (r: Partial<Release>, t: Partial<TenantContext> = {}) => judge(r, { ...onOld, ...t }, later);

  it('releases published up to R are unaffected', () => {
    expect(j({ kind: 'feature', publishedAt: '2026-05-31T08:00:00Z' })).toEqual(yes);
    expect(j({ kind: 'feature', publishedAt: '2026-06-01T20:00:00Z' })).toEqual(yes);
  });

  it('inside the window only patch and security releases, unless featuresOnLegacy', () => {
    const inside = { publishedAt: '2026-06-02T08:00:00Z' };
    expect(j({ ...inside, kind: 'feature' })).toEqual(no('legacy_patch_only'));
    expect(j({ ...inside, kind: 'technology' })).toEqual(no('legacy_patch_only'));
    expect(j({ ...inside, kind: 'patch' })).toEqual(yes);
    expect(j({ ...inside, kind: 'security' })).toEqual(yes);
    expect(j({ ...inside, kind: 'feature', featuresOnLegacy: true })).toEqual(yes);
  });

  it('the last day of the window is inside; the day after is closed', () => {
    expect(j({ kind: 'patch', publishedAt: '2028-06-01T22:00:00Z' })).toEqual(yes);
    expect(j({ kind: 'patch', publishedAt: '2028-06-02T00:00:00Z' })).toEqual(no('legacy_window_closed'));
    expect(j({ kind: 'feature', featuresOnLegacy: true, publishedAt: '2028-06-02T00:00:00Z' })).toEqual(no('legacy_window_closed'));
  });

  it('after the window only a custom build for this tenant', () => {
    const closed = { kind: 'patch' as const, publishedAt: '2028-07-01T00:00:00Z' };
    expect(j({ ...closed, customFor: ['t-1'] })).toEqual(yes);
    expect(j({ ...closed, customFor: ['t-2'] })).toEqual(no('legacy_window_closed'));
  });

  it('precedence: legacy before targeting; platform before legacy', () => {
    expect(j({ kind: 'patch', publishedAt: '2028-07-01T00:00:00Z', regions: ['US'] })).toEqual(no('legacy_window_closed'));
    expect(j({ kind: 'feature', publishedAt: '2026-07-01T00:00:00Z', regions: ['US'] })).toEqual(no('legacy_patch_only'));
    expect(j({ kind: 'feature', publishedAt: '2028-07-01T00:00:00Z', lines: ['9.2'] })).toEqual(no('platform_incompatible'));
  });

  it('the newest line and a line the vendor has not registered have no window', () => {
    expect(judge({ kind: 'feature', publishedAt: '2028-07-01T00:00:00Z' }, { coverage: onOld.coverage }, later)).toEqual(yes);
    expect(judge({ lines: ['9.0'] }, { platformVersion: '9.0.5.1' }, { lines: legacyLines })).toEqual(yes);
  });
});

describe('evaluateRelease: 6. targeting', () => {
  it('customFor restricts to named tenants', () => {
    expect(judge({ customFor: ['t-2'] })).toEqual(no('not_targeted'));
    expect(judge({ customFor: ['t-2', 't-1'] })).toEqual(yes);
    expect(judge({ customFor: [] })).toEqual(yes);
  });

  it('regions match case-insensitively; a tenant without region is not in a restricted one', () => {
    expect(judge({ regions: ['us'] })).toEqual(no('not_targeted'));
    expect(judge({ regions: ['us', 'eu'] })).toEqual(yes);
    const { region: _drop, ...noRegion } = tenant;
    void _drop;
    expect(evaluateRelease({ release: { ...release, regions: ['EU'] }, tenant: noRegion, lines, asOf })).toEqual(no('not_targeted'));
  });

  it('languages match on the primary subtag', () => {
    expect(judge({ languages: ['de'] })).toEqual(yes);
    expect(judge({ languages: ['de-AT'] })).toEqual(yes);
    expect(judge({ languages: ['fr', 'en'] })).toEqual(no('not_targeted'));
    expect(judge({ languages: ['DE'] }, { language: 'de' })).toEqual(yes);
  });

  it('editions match the edition of the licence for the add-on', () => {
    expect(judge({ editions: ['enterprise'] })).toEqual(no('not_targeted'));
    expect(judge({ editions: ['Pro', 'enterprise'] })).toEqual(yes);
    // a tenant-level edition counts only when no licence line names one
    expect(judge({ editions: ['enterprise'] }, { edition: 'enterprise' })).toEqual(no('not_targeted'));
    const { edition: _e, ...plain } = tenant.licences[0];
    void _e;
    expect(judge({ editions: ['enterprise'] }, { licences: [plain], edition: 'enterprise' })).toEqual(yes);
  });

  it('channels: a tenant without a channel is on stable; a tenant on X gets stable and X', () => {
    expect(judge({ channel: 'beta' })).toEqual(no('not_targeted'));
    expect(judge({ channel: 'stable' })).toEqual(yes);
    expect(judge({ channel: 'beta' }, { channel: 'beta' })).toEqual(yes);
    expect(judge({ channel: 'stable' }, { channel: 'beta' })).toEqual(yes);
    expect(judge({}, { channel: 'beta' })).toEqual(yes);
    expect(judge({ channel: 'preview' }, { channel: 'beta' })).toEqual(no('not_targeted'));
  });

  it('staged rollout: FNV-1a of "tenantId:releaseId" mod 100 below the percent', () => {
    // FNV-1a 32-bit of "t-1:r-1" = 0xa4122667 = 2752652903 → bucket 3 (computed by hand with a reference implementation)
    expect(rolloutBucket('t-1', 'r-1')).toBe(3);
    expect(rolloutBucket('t-1', 'r-roll')).toBe(27); // 0xefba2faf
    expect(rolloutBucket('tenant-ä', 'r')).toBe(19); // UTF-8 bytes: 0x56c5c897
    expect(judge({ rolloutPercent: 3 })).toEqual(no('not_targeted'));
    expect(judge({ rolloutPercent: 4 })).toEqual(yes);
    expect(judge({ rolloutPercent: 0 })).toEqual(no('not_targeted'));
    expect(judge({ rolloutPercent: 100 })).toEqual(yes);
  });
});

describe('evaluateRelease: bad input', () => {
  it.each([
    [{ version: '2.x' }, 'release.version'],
    [{ kind: 'major' }, 'release.kind'],
    [{ platform: 'sap' }, 'release.platform'],
    [{ lines: ['9.2.1'] }, 'release.lines[0]'],
    [{ publishedAt: '2026-06-01' }, 'release.publishedAt'],
    [{ rolloutPercent: 150 }, 'release.rolloutPercent'],
    [{ regions: 'EU' }, 'release.regions'],
  ])('release %p → %s', (patch, field) => {
    expect(fieldOf(() => judge(patch as Partial<Release>))).toBe(field);
  });

  it.each([
    [{ platformVersion: 'latest' }, 'tenant.platformVersion'],
    [{ platform: 'sap' }, 'tenant.platform'],
    [{ tenantId: '' }, 'tenant.tenantId'],
    [{ coverage: [{ ...paid2026, activeFrom: 'yesterday' }] }, 'tenant.coverage[0].activeFrom'],
    [{ terminatedAt: '2026-13-01T00:00:00Z' }, 'tenant.terminatedAt'],
  ])('tenant %p → %s', (patch, field) => {
    expect(fieldOf(() => judge({}, patch as Partial<TenantContext>))).toBe(field);
  });

  it('asOf, time zone and lines', () => {
    expect(fieldOf(() => judge({}, {}, { asOf: 'now' }))).toBe('asOf');
    expect(fieldOf(() => judge({}, {}, { timeZone: 'Berlin' }))).toBe('timeZone');
    expect(fieldOf(() => judge({}, {}, { lines: [{ platform: 'dynamics365', line: '9.2', releasedOn: 'x' }] }))).toBe('lines[0].releasedOn');
  });
});

describe('eligibleUpdates', () => {
  const r = (id: string, version: string, patch: Partial<Release> = {}): Release => ({ ...release, id, version, ...patch });
  const releases = [
    r('r-190', '1.9.0.0'),
    r('r-210', '2.1.0.0'),
    r('r-300', '3.0', { publishedAt: '2028-03-01T00:00:00Z' }),
    r('r-200', '2.0.0.0'),
    r('r-2100', '2.10.0.0', { publishedAt: '2026-05-01T00:00:00Z' }),
    r('r-220', '2.2.0.0', { regions: ['US'] }),
    r('other', '5.0.0.0', { addon: 'service-plus' }),
  ];

  it('offers only newer releases of the add-on, newest first, with reasons for the rest', () => {
    const result = eligibleUpdates({
      addon: 'sales-plus',
      installedVersion: '2.0',
      releases,
      tenant: { ...tenant, openInvoices: [open2028] },
      lines,
      asOf: '2028-04-01T00:00:00Z',
    });
    expect(result.offered.map((x) => x.id)).toEqual(['r-2100', 'r-210']);
    expect(result.withheld.map((w) => [w.release.id, w.reason])).toEqual([
      ['r-300', 'not_paid'],
      ['r-220', 'not_targeted'],
    ]);
  });

  it('never offers a downgrade or the installed version', () => {
    const result = eligibleUpdates({ addon: 'sales-plus', installedVersion: '2.10.0.0', releases, tenant, lines, asOf });
    expect(result.offered).toEqual([]);
    expect(result.withheld.map((w) => w.release.id)).toEqual(['r-300']);
  });

  it('rejects a bad installed version or release list', () => {
    expect(fieldOf(() => eligibleUpdates({ addon: 'sales-plus', installedVersion: 'v2', releases, tenant, lines, asOf }))).toBe('installedVersion');
    expect(fieldOf(() => eligibleUpdates({ addon: 'sales-plus', installedVersion: '2.0', releases: [r('x', 'y')], tenant, lines, asOf }))).toBe(
      'releases[0].version',
    );
    expect(fieldOf(() => eligibleUpdates({ addon: '', installedVersion: '2.0', releases, tenant, lines, asOf }))).toBe('addon');
  });

  describe('issue #9: per-line builds of one version', () => {
    // A 9.1 build and a 9.2 build of 2.5.0.0 (lines do not overlap), plus a 9.2-only 2.6.0.0.
    const b91 = r('b-91', '2.5.0.0', { lines: ['9.1'], kind: 'patch' });
    const b92 = r('b-92', '2.5.0.0', { lines: ['9.2'], kind: 'patch' });
    const only92 = r('r-260', '2.6.0.0', { lines: ['9.2'], kind: 'patch' });
    const builds = [b91, only92, b92];
    // No registered lines: the legacy window of 9.1 (closed in 2022) stays out of these examples.
    const updates = (platformVersion: string, t: Partial<TenantContext> = {}) =>
      eligibleUpdates({ addon: 'sales-plus', installedVersion: '2.0', releases: builds, tenant: { ...tenant, platformVersion, ...t }, lines: [], asOf });

    it('a 9.2 org is offered the 9.2 build only, and the 9.1 build is not listed at all', () => {
      const result = updates('9.2.24012.196');
      expect(result.offered.map((x) => x.id)).toEqual(['r-260', 'b-92']);
      expect(result.withheld).toEqual([]);
    });

    it('a 9.1 org is offered the 9.1 build only; the 9.2-only version is withheld once', () => {
      const result = updates('9.1.0.28216');
      expect(result.offered.map((x) => x.id)).toEqual(['b-91']);
      expect(result.withheld.map((w) => [w.release.id, w.reason])).toEqual([['r-260', 'platform_incompatible']]);
    });

    it('when no build is eligible, the build for the tenant line gives the reason (not another line’s build)', () => {
      // Nothing paid: both builds are not_covered; the 9.1 tenant sees its own build's reason.
      const result = updates('9.1.0.28216', { coverage: [] });
      expect(result.withheld.map((w) => [w.release.id, w.reason])).toEqual([
        ['r-260', 'not_covered'],
        ['b-91', 'not_covered'],
      ]);
    });

    it('an org on a line no build targets sees the version once, as platform_incompatible', () => {
      const result = updates('9.0.2.100');
      expect(result.offered).toEqual([]);
      expect(result.withheld.map((w) => [w.release.version, w.reason])).toEqual([
        ['2.6.0.0', 'platform_incompatible'],
        ['2.5.0.0', 'platform_incompatible'],
      ]);
    });

    it('even overlapping builds (data from before the rule) are never offered twice', () => {
      const twin = r('b-92-twin', '2.5', { lines: ['9.2'], kind: 'patch' });
      const result = eligibleUpdates({ addon: 'sales-plus', installedVersion: '2.0', releases: [b92, twin], tenant, lines, asOf });
      expect(result.offered).toHaveLength(1);
      expect(result.withheld).toEqual([]);
    });
  });
});
