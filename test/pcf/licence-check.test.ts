/**
 * The LicenceBanner control's offline check (addon/LicenceBanner/licence-check.ts) against real signed licences:
 * every failure ends in "not licensed" with a reason, never in an exception.
 */
import { generateVendorKeys, createSigner } from '@crm-assurance/license-core/node';
import { ADDON, STATE_TABLE, vendorSettings as vendorSettingsFor } from './support/vendor-settings';
import { bannerText, checkLicence, LicenceCheckHost, normaliseGuid, settingQuery } from '../../addon/LicenceBanner/licence-check';

const ORG = '3f2b9c41-7d5e-4a8b-9c0d-1e2f3a4b5c6d';
const CLIENT_URL = 'https://contoso.crm4.dynamics.com';

const vendor = generateVendorKeys({ vendorId: 'northwind', vendorName: 'Northwind Traders' });
const stranger = generateVendorKeys({ vendorId: 'mallory', vendorName: 'Mallory' });
const sign = (keys: typeof vendor, orgId: string, addon = ADDON): string =>
  createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: 'northwind' }).signLicence({
    aud: orgId,
    sub: 'LK-1',
    customer: { id: 'c1', name: 'Contoso' },
    org: { id: orgId, url: CLIENT_URL },
    addons: [{ addon, quantity: 1 }],
  });

/** vendor.json as the solution builder writes it (solution/src/vendor-json.ts), for publisher prefix nwa. */
const SETTINGS = 'nwa_/northwind-docgen/vendor.json';
const vendorSettings = vendorSettingsFor(vendor.root.certPem);

/**
 * A fake host: the state table holds `rows` (name → value); retrieveMultipleRecords understands exactly the query
 * the control sends ($select of the value column, $filter on the name column), anything else fails.
 */
function host(
  options: { value?: string | null; rows?: Record<string, string>; org?: LicenceCheckHost['org'] | null; webApiFails?: boolean; vendorStatus?: number; vendorJson?: string; settingsWebResource?: string | null } = {},
) {
  const queries: string[] = [];
  const fetched: string[] = [];
  const rows: Record<string, string | null> = { autoUpdate: 'yes', ...(options.rows ?? {}) };
  if (options.value !== undefined) rows.licence = options.value;
  const h: LicenceCheckHost = {
    org: options.org === null ? undefined : (options.org ?? { id: `{${ORG.toUpperCase()}}`, clientUrl: `${CLIENT_URL}/` }),
    settingsWebResource: options.settingsWebResource === null ? undefined : (options.settingsWebResource ?? SETTINGS),
    webAPI: {
      retrieveMultipleRecords: async (entity, query) => {
        queries.push(`${entity}${query ?? ''}`);
        if (options.webApiFails) throw new Error('Web API unavailable');
        if (entity !== STATE_TABLE.logicalName) throw new Error(`no table ${entity}`);
        const match = /^\?\$select=nwa_value&\$filter=nwa_name eq '([^']*)'$/.exec(query ?? '');
        if (!match) throw new Error(`unexpected query ${query}`);
        const name = match[1];
        return { entities: name in rows ? [{ nwa_value: rows[name], '@odata.etag': 'W/"1"' }] : [] };
      },
    },
    fetchText: async (url) => {
      fetched.push(url);
      if ((options.vendorStatus ?? 200) !== 200) throw new Error(`GET ${url}: HTTP ${options.vendorStatus}`);
      return options.vendorJson ?? JSON.stringify(vendorSettings);
    },
  };
  return { h, queries, fetched };
}

describe('LicenceBanner offline licence check', () => {
  it('accepts a licence signed for this org and add-on, read from the state table row "licence" and checked against the pinned root', async () => {
    const { h, queries, fetched } = host({ value: sign(vendor, ORG) });
    await expect(checkLicence(h)).resolves.toEqual({ licensed: true, addonName: 'Northwind DocGen', customerName: 'Contoso' });
    expect(queries).toEqual(["nwa_northwinddocgenstate?$select=nwa_value&$filter=nwa_name eq 'licence'"]);
    expect(fetched).toEqual([`${CLIENT_URL}/WebResources/nwa_/northwind-docgen/vendor.json`]);
  });

  it('finds vendor.json under whatever name the settingsWebResource property gives', async () => {
    const { h, fetched } = host({ value: sign(vendor, ORG), settingsWebResource: '/abc_/docgen/vendor.json' });
    await expect(checkLicence(h)).resolves.toMatchObject({ licensed: true });
    expect(fetched).toEqual([`${CLIENT_URL}/WebResources/abc_/docgen/vendor.json`]);
  });

  it('reads only the licence row, not another setting', async () => {
    const { h } = host({ rows: { licenceKey: 'LK-1', entitlement: sign(vendor, ORG) } });
    await expect(checkLicence(h)).resolves.toMatchObject({ licensed: false, reason: 'no_licence' });
  });

  it.each([
    ['no Xrm (not inside Dynamics 365)', () => host({ org: null, value: sign(vendor, ORG) }), 'no_xrm'],
    ['no licence stored', () => host({}), 'no_licence'],
    ['an empty value', () => host({ value: '  ' }), 'no_licence'],
    ['the Web API failing', () => host({ webApiFails: true }), 'state_unreadable'],
    ['vendor.json missing', () => host({ value: sign(vendor, ORG), vendorStatus: 404 }), 'vendor_settings_unreadable'],
    ['no settingsWebResource property', () => host({ value: sign(vendor, ORG), settingsWebResource: null }), 'vendor_settings_unreadable'],
    ['vendor.json without stateTable (an old build)', () => host({ value: sign(vendor, ORG), vendorJson: JSON.stringify({ ...vendorSettings, stateTable: undefined }) }), 'vendor_settings_unreadable'],
    [
      'vendor.json whose column name is not a plain identifier',
      () => host({ value: sign(vendor, ORG), vendorJson: JSON.stringify({ ...vendorSettings, stateTable: { ...STATE_TABLE, valueColumn: "x eq 'y'" } }) }),
      'vendor_settings_unreadable',
    ],
    ['a licence from another vendor root', () => host({ value: sign(stranger, ORG) }), 'licence_invalid'],
    ['a licence for another org', () => host({ value: sign(vendor, '11111111-2222-3333-4444-555555555555') }), 'licence_invalid'],
    ['a tampered token', () => host({ value: `${sign(vendor, ORG)}x` }), 'licence_invalid'],
    ['garbage', () => host({ value: 'not-a-jwt' }), 'licence_invalid'],
    ['a licence for another add-on', () => host({ value: sign(vendor, ORG, 'other-addon') }), 'addon_not_licensed'],
  ])('reports not licensed for %s', async (_label, make, reason) => {
    const result = await checkLicence(make().h);
    expect(result).toMatchObject({ licensed: false, reason });
    expect(bannerText(result)).toMatch(/^This organisation has no valid licence for (Northwind DocGen|this add-on)\. Open the add-on's configuration page to activate it\.$/);
  });

  it('normalises GUID spellings and builds the query for any setting, quoting quotes', () => {
    expect(normaliseGuid(' {3F2B9C41-7D5E-4A8B-9C0D-1E2F3A4B5C6D} ')).toBe(ORG);
    expect(settingQuery(STATE_TABLE, 'autoUpdate')).toBe("?$select=nwa_value&$filter=nwa_name eq 'autoUpdate'");
    expect(settingQuery(STATE_TABLE, "o'brien")).toBe("?$select=nwa_value&$filter=nwa_name eq 'o''brien'");
  });
});
