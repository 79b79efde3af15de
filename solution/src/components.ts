/**
 * The fixed parts of the add-on's Dataverse solution. Component names carry the vendor's prefix and the add-on id
 * (names.ts); they must not change between releases: Dataverse matches components by them when a newer version of
 * the solution is imported over an older one.
 */
import { createHash } from 'node:crypto';

/** Solution component type codes (Dataverse `componenttype` choice). */
export const ComponentType = {
  Entity: 1,
  WebResource: 61,
  CustomControl: 66,
} as const;

/** Used when vendor.json names no solution of its own. */
export const DEFAULT_SOLUTION = {
  uniqueName: 'NorthwindDocGen',
  friendlyName: 'Northwind DocGen',
  description: 'Northwind DocGen for Dynamics 365, with CRM Assurance licensing and self-updates.',
} as const;

/** The PCF control: namespace and constructor of addon/LicenceBanner (its component name is `<prefix>_<namespace>.<constructor>`, names.ts). */
export const CONTROL = {
  namespace: 'CrmAssurance',
  constructorName: 'LicenceBanner',
  /** The manifest property whose default value the builder sets to the vendor.json web resource's name. */
  settingsProperty: 'settingsWebResource',
} as const;

/** Web resource type codes (Dataverse `webresourcetype` choice). */
export const WebResourceType = { Html: 1, Css: 2, Script: 3, Xml: 4 } as const;

export interface WebResourceSpec {
  displayName: string;
  description: string;
  type: number;
  /** The file name in the directory the configuration page build writes (or in vendor.json's case: generated); the web resource is `${prefix}_/${addonId}/${sourceFile}`. */
  sourceFile: string;
}

export const WEB_RESOURCES: readonly WebResourceSpec[] = [
  { displayName: 'Add-on configuration', description: 'Licence, assurance and update status of the add-on.', type: WebResourceType.Html, sourceFile: 'config.html' },
  { displayName: 'Add-on configuration (script)', description: 'Script bundle of the configuration page.', type: WebResourceType.Script, sourceFile: 'config.js' },
  // Dataverse has no JSON web resource type; JSON is a valid script body and is served as text either way.
  { displayName: 'Add-on vendor settings', description: 'Update server URL, add-on id, line, state table and the pinned vendor root certificate (written at solution build time).', type: WebResourceType.Script, sourceFile: 'vendor.json' },
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
