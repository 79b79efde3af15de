/**
 * The vendor settings (vendor.json as the vendor writes it): validated here, and written as the web resource
 * `<prefix>_/<addonId>/vendor.json` that the configuration page and the LicenceBanner control read:
 * `{ serverUrl, addonId, solutionUniqueName, solutionFriendlyName, rootCertPem, publisher, line, webApiVersion, stateTable }`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SOLUTION } from './components';
import type { Line } from './platform-lines';
import { LINES } from './platform-lines';
import { componentNames, type Publisher } from './names';
import { SolutionInputError } from './version';
import type { VendorJson } from '../../addon/LicenceBanner/vendor-json';

export interface VendorConfig {
  serverUrl: string;
  addonId: string;
  /** Default NorthwindDocGen. Letters, digits and underscores, starting with a letter or underscore. */
  solutionUniqueName?: string;
  /** The pinned vendor root certificate (PEM). */
  rootCertPem: string;
  /** Default "Northwind DocGen". */
  solutionFriendlyName?: string;
  solutionDescription?: string;
  /** The vendor's own Dataverse publisher (required): unique name, display name, prefix, option value prefix. */
  publisher: Publisher;
}

const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,64}$/;
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

/**
 * What every platform's build needs from vendor.json (the Dataverse solution and the Odoo module, solution/src/odoo):
 * serverUrl, addonId, and the root certificate to pin (a PEM, or the path of a PEM file). Returns a copy with the PEM
 * read in.
 */
export function validateVendorBase(vendor: unknown, baseDir?: string): Record<string, unknown> & Pick<VendorConfig, 'serverUrl' | 'addonId' | 'rootCertPem'> {
  if (!vendor || typeof vendor !== 'object') throw new SolutionInputError('vendor', 'vendor must be an object with serverUrl, addonId, rootCertPem and publisher');
  const v = { ...(vendor as Record<string, unknown>) };
  let url: URL | undefined;
  try {
    url = typeof v.serverUrl === 'string' ? new URL(v.serverUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SolutionInputError('vendor.serverUrl', `vendor.serverUrl must be an http(s) URL (got ${JSON.stringify(v.serverUrl)})`);
  }
  if (typeof v.addonId !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(v.addonId)) {
    throw new SolutionInputError('vendor.addonId', `vendor.addonId must be the add-on's id on the update server: lower-case letters, digits and dashes (got ${JSON.stringify(v.addonId)})`);
  }
  // rootCertPem may name a PEM file (relative to the vendor.json's folder when the CLI read it).
  if (typeof v.rootCertPem === 'string' && !PEM_CERT.test(v.rootCertPem)) {
    const file = path.resolve(baseDir ?? process.cwd(), v.rootCertPem);
    if (existsSync(file)) v.rootCertPem = readFileSync(file, 'utf8');
  }
  if (typeof v.rootCertPem !== 'string' || !PEM_CERT.test(v.rootCertPem)) {
    throw new SolutionInputError('vendor.rootCertPem', 'vendor.rootCertPem must be a PEM certificate (-----BEGIN CERTIFICATE-----) or the path of a PEM file');
  }
  return v as Record<string, unknown> & Pick<VendorConfig, 'serverUrl' | 'addonId' | 'rootCertPem'>;
}

export function validateVendor(vendor: unknown, baseDir?: string): VendorConfig {
  const v = validateVendorBase(vendor, baseDir);
  validatePublisher(v.publisher);
  if (v.solutionUniqueName !== undefined && (typeof v.solutionUniqueName !== 'string' || !UNIQUE_NAME.test(v.solutionUniqueName))) {
    throw new SolutionInputError(
      'vendor.solutionUniqueName',
      `vendor.solutionUniqueName must be letters, digits and underscores, starting with a letter or underscore (got ${JSON.stringify(v.solutionUniqueName)})`,
    );
  }
  for (const field of ['solutionFriendlyName', 'solutionDescription'] as const) {
    if (v[field] !== undefined && (typeof v[field] !== 'string' || (v[field] as string).trim() === '')) {
      throw new SolutionInputError(`vendor.${field}`, `vendor.${field} must be a non-empty string when given`);
    }
  }
  return v as unknown as VendorConfig;
}

/**
 * The vendor's publisher (solution.xml Publisher). The prefix names every component (names.ts), so it must follow
 * Dataverse's rules for a customization prefix: 2 to 8 lower-case letters or digits, starting with a letter, not
 * "mscrm"; option values start at optionValuePrefix × 10,000 (10000..99999).
 */
function validatePublisher(value: unknown): asserts value is Publisher {
  const fail = (field: string, message: string): never => {
    throw new SolutionInputError(`vendor.publisher${field ? `.${field}` : ''}`, `vendor.publisher${field ? `.${field}` : ''} ${message}`);
  };
  if (!value || typeof value !== 'object') fail('', 'is required: { "uniqueName", "friendlyName", "prefix", "optionValuePrefix" } of your own Dataverse publisher');
  const p = value as Record<string, unknown>;
  if (typeof p.uniqueName !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(p.uniqueName)) fail('uniqueName', `must be letters, digits and underscores, starting with a letter (got ${JSON.stringify(p.uniqueName)})`);
  if (typeof p.friendlyName !== 'string' || p.friendlyName.trim() === '' || p.friendlyName.length > 256) fail('friendlyName', 'must be a non-empty display name');
  if (typeof p.prefix !== 'string' || !/^[a-z][a-z0-9]{1,7}$/.test(p.prefix) || p.prefix.startsWith('mscrm')) {
    fail('prefix', `must be 2 to 8 lower-case letters or digits starting with a letter, and not "mscrm" (got ${JSON.stringify(p.prefix)})`);
  }
  if (typeof p.optionValuePrefix !== 'number' || !Number.isInteger(p.optionValuePrefix) || p.optionValuePrefix < 10000 || p.optionValuePrefix > 99999) {
    fail('optionValuePrefix', `must be a whole number from 10000 to 99999 (got ${JSON.stringify(p.optionValuePrefix)})`);
  }
  if (p.description !== undefined && typeof p.description !== 'string') fail('description', 'must be a string when given');
}

/** The vendor.json web resource (its type VendorJson lives with the control that reads it): what the configuration page and the control read at run time. */
export function vendorJson(vendor: VendorConfig, line: Line): string {
  const names = componentNames(vendor.publisher.prefix, vendor.addonId);
  const { schemaName: _schemaName, ...stateTable } = names.stateTable;
  const resource: VendorJson = {
    serverUrl: vendor.serverUrl,
    addonId: vendor.addonId,
    solutionUniqueName: vendor.solutionUniqueName ?? DEFAULT_SOLUTION.uniqueName,
    solutionFriendlyName: vendor.solutionFriendlyName ?? DEFAULT_SOLUTION.friendlyName,
    rootCertPem: vendor.rootCertPem,
    publisher: { uniqueName: vendor.publisher.uniqueName, friendlyName: vendor.publisher.friendlyName, prefix: vendor.publisher.prefix },
    line,
    webApiVersion: LINES[line].webApiVersion,
    stateTable,
  };
  return `${JSON.stringify(resource, null, 2)}\n`;
}
