/**
 * The vendor.json web resource the PCF tests serve to the control: one Northwind DocGen add-on on a 9.2 org, its
 * state table, and the root certificate of the test's own vendor keys.
 */
import type { VendorJson } from '../../../addon/LicenceBanner/vendor-json';

export const ADDON = 'northwind-docgen';
export const STATE_TABLE = { logicalName: 'nwa_northwinddocgenstate', entitySetName: 'nwa_northwinddocgenstates', primaryId: 'nwa_northwinddocgenstateid', nameColumn: 'nwa_name', valueColumn: 'nwa_value' };

export function vendorSettings(rootCertPem: string) {
  return {
    serverUrl: 'https://updates.example.test',
    addonId: ADDON,
    solutionUniqueName: 'NorthwindDocGen',
    solutionFriendlyName: 'Northwind DocGen',
    rootCertPem,
    publisher: { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa' },
    line: '9.2',
    webApiVersion: '9.2',
    stateTable: STATE_TABLE,
  } satisfies Partial<VendorJson>;
}
