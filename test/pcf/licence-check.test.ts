/**
 * The LicenceBanner control's offline check (addon/LicenceBanner/licence-check.ts) against real signed licences:
 * every failure ends in "not licensed" with a reason, never in an exception.
 */
import { generateVendorKeys, createSigner } from '@crm-assurance/license-core/node';
import { bannerText, checkLicence, environmentVariableQuery, LicenceCheckHost, normaliseGuid } from '../../addon/LicenceBanner/licence-check';

const ORG = '3f2b9c41-7d5e-4a8b-9c0d-1e2f3a4b5c6d';
const CLIENT_URL = 'https://contoso.crm4.dynamics.com';
const ADDON = 'northwind-docgen';

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

const vendorJson = JSON.stringify({
  serverUrl: 'https://updates.example.test',
  addonId: ADDON,
  solutionUniqueName: 'NorthwindDocGen',
  rootCertPem: vendor.root.certPem,
  solutionFriendlyName: 'Northwind DocGen',
});

function host(options: { value?: string | null; defaultValue?: string | null; org?: LicenceCheckHost['org'] | null; webApiFails?: boolean; vendorStatus?: number } = {}) {
  const queries: string[] = [];
  const fetched: string[] = [];
  const h: LicenceCheckHost = {
    org: options.org === null ? undefined : (options.org ?? { id: `{${ORG.toUpperCase()}}`, clientUrl: `${CLIENT_URL}/` }),
    webAPI: {
      retrieveMultipleRecords: async (entity, query) => {
        queries.push(`${entity}${query ?? ''}`);
        if (options.webApiFails) throw new Error('Web API unavailable');
        const values = options.value === undefined ? [] : [{ value: options.value }];
        return { entities: [{ schemaname: 'cra_Licence', defaultvalue: options.defaultValue ?? null, environmentvariabledefinition_environmentvariablevalue: values }] };
      },
    },
    fetchText: async (url) => {
      fetched.push(url);
      if ((options.vendorStatus ?? 200) !== 200) throw new Error(`GET ${url}: HTTP ${options.vendorStatus}`);
      return vendorJson;
    },
  };
  return { h, queries, fetched };
}

describe('LicenceBanner offline licence check', () => {
  it('accepts a licence signed for this org and add-on, read with the documented query and the pinned root', async () => {
    const { h, queries, fetched } = host({ value: sign(vendor, ORG) });
    await expect(checkLicence(h)).resolves.toEqual({ licensed: true, addonName: 'Northwind DocGen', customerName: 'Contoso' });
    expect(queries).toEqual([
      "environmentvariabledefinition?$select=schemaname,defaultvalue&$filter=schemaname eq 'cra_Licence'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
    ]);
    expect(fetched).toEqual([`${CLIENT_URL}/WebResources/cra_/addon/vendor.json`]);
  });

  it('falls back to the definition default value when there is no value record', async () => {
    const { h } = host({ defaultValue: sign(vendor, ORG) });
    await expect(checkLicence(h)).resolves.toMatchObject({ licensed: true });
  });

  it.each([
    ['no Xrm (not inside Dynamics 365)', () => host({ org: null, value: sign(vendor, ORG) }), 'no_xrm'],
    ['no licence stored', () => host({}), 'no_licence'],
    ['an empty value', () => host({ value: '  ' }), 'no_licence'],
    ['the Web API failing', () => host({ webApiFails: true }), 'variable_unreadable'],
    ['vendor.json missing', () => host({ value: sign(vendor, ORG), vendorStatus: 404 }), 'vendor_settings_unreadable'],
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

  it('normalises GUID spellings and builds the query for any variable', () => {
    expect(normaliseGuid(' {3F2B9C41-7D5E-4A8B-9C0D-1E2F3A4B5C6D} ')).toBe(ORG);
    expect(environmentVariableQuery('cra_AutoUpdate')).toContain("schemaname eq 'cra_AutoUpdate'");
  });
});
