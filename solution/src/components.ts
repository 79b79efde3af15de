/**
 * The fixed contract of the add-on's Dataverse solution (shared with the add-on's update client and host adapter;
 * design.md "The Dataverse solution"). Names here must not change between releases: Dataverse matches components
 * by them when a newer version of the solution is imported over an older one.
 */
import { createHash } from 'node:crypto';

/** Solution component type codes (Dataverse `componenttype` choice). */
export const ComponentType = {
  Entity: 1,
  WebResource: 61,
  CustomControl: 66,
  EnvironmentVariableDefinition: 380,
} as const;

export const PUBLISHER = {
  uniqueName: 'CrmAssurance',
  friendlyName: 'CRM Assurance',
  description: 'Vendor of the CRM Assurance add-ons.',
  customizationPrefix: 'cra',
  /** Choice values of the publisher start here (Dataverse allows 10000..99999). */
  optionValuePrefix: 10371,
} as const;

export const DEFAULT_SOLUTION = {
  uniqueName: 'NorthwindDocGen',
  friendlyName: 'Northwind DocGen',
  description: 'Northwind DocGen for Dynamics 365, with CRM Assurance licensing and self-updates.',
} as const;

export const CONTROL = {
  namespace: 'CrmAssurance',
  constructorName: 'LicenceBanner',
  /** The solution component name: `<prefix>_<namespace>.<constructor>`. */
  name: 'cra_CrmAssurance.LicenceBanner',
} as const;

/** Web resource type codes (Dataverse `webresourcetype` choice). */
export const WebResourceType = { Html: 1, Css: 2, Script: 3, Xml: 4 } as const;

export interface WebResourceSpec {
  name: string;
  displayName: string;
  description: string;
  type: number;
  /** The file name in the directory the configuration page build writes (or in vendor.json's case: generated). */
  sourceFile: string;
}

export const CONFIG_PAGE = 'cra_/addon/config.html';

export const WEB_RESOURCES: readonly WebResourceSpec[] = [
  { name: CONFIG_PAGE, displayName: 'Add-on configuration', description: 'Licence, assurance and update status of the add-on.', type: WebResourceType.Html, sourceFile: 'config.html' },
  { name: 'cra_/addon/config.js', displayName: 'Add-on configuration (script)', description: 'Script bundle of the configuration page.', type: WebResourceType.Script, sourceFile: 'config.js' },
  // Dataverse has no JSON web resource type; JSON is a valid script body and is served as text either way.
  { name: 'cra_/addon/vendor.json', displayName: 'Add-on vendor settings', description: 'Update server URL, add-on id and the pinned vendor root certificate (written at solution build time).', type: WebResourceType.Script, sourceFile: 'vendor.json' },
];

/** Environment variable types (Dataverse `environmentvariabledefinition.type` choice). */
export const EnvironmentVariableType = { String: 100000000, Number: 100000001, Boolean: 100000002, Json: 100000003 } as const;

export interface EnvironmentVariableSpec {
  schemaName: string;
  displayName: string;
  description: string;
  type: number;
  defaultValue?: string;
}

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariableSpec[] = [
  { schemaName: 'cra_LicenceKey', displayName: 'Licence key', description: 'The licence key the administrator entered on the configuration page.', type: EnvironmentVariableType.String },
  { schemaName: 'cra_Licence', displayName: 'Licence', description: 'The signed licence (JWT) issued by the vendor for this organisation.', type: EnvironmentVariableType.String },
  { schemaName: 'cra_Entitlement', displayName: 'Assurance entitlement', description: 'The last signed assurance entitlement (JWT) received from the vendor.', type: EnvironmentVariableType.String },
  { schemaName: 'cra_ManifestSerial', displayName: 'Highest manifest serial', description: 'The highest release manifest serial seen; older manifests are rejected as rollbacks.', type: EnvironmentVariableType.String },
  { schemaName: 'cra_AutoUpdate', displayName: 'Automatic updates', description: 'yes: install eligible updates automatically when the configuration page opens; no: only offer them.', type: EnvironmentVariableType.String, defaultValue: 'yes' },
];

/**
 * A stable GUID for a named component (name-based, SHA-1, RFC 4122 version 5 layout). The same web resource keeps
 * the same id in every release, so importing a newer solution updates it instead of colliding with it.
 */
export function stableGuid(name: string): string {
  const namespace = 'crm-assurance/solution-component/';
  const bytes = createHash('sha1').update(namespace + name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
