/**
 * The vendor settings pinned into the solution: validated here, written as the web resource
 * `cra_/addon/vendor.json` (`{ serverUrl, addonId, solutionUniqueName, rootCertPem }` plus the display name the
 * LicenceBanner control shows).
 */
import { DEFAULT_SOLUTION } from './components';
import { SolutionInputError } from './version';

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
}

const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,64}$/;
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

export function validateVendor(vendor: unknown): VendorConfig {
  if (!vendor || typeof vendor !== 'object') throw new SolutionInputError('vendor', 'vendor must be an object with serverUrl, addonId and rootCertPem');
  const v = vendor as Record<string, unknown>;
  let url: URL | undefined;
  try {
    url = typeof v.serverUrl === 'string' ? new URL(v.serverUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SolutionInputError('vendor.serverUrl', `vendor.serverUrl must be an http(s) URL (got ${JSON.stringify(v.serverUrl)})`);
  }
  if (typeof v.addonId !== 'string' || v.addonId.trim() === '') throw new SolutionInputError('vendor.addonId', 'vendor.addonId must be a non-empty string');
  if (typeof v.rootCertPem !== 'string' || !PEM_CERT.test(v.rootCertPem)) {
    throw new SolutionInputError('vendor.rootCertPem', 'vendor.rootCertPem must be a PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
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

export function vendorJson(vendor: VendorConfig): string {
  return `${JSON.stringify(
    {
      serverUrl: vendor.serverUrl,
      addonId: vendor.addonId,
      solutionUniqueName: vendor.solutionUniqueName ?? DEFAULT_SOLUTION.uniqueName,
      rootCertPem: vendor.rootCertPem,
      solutionFriendlyName: vendor.solutionFriendlyName ?? DEFAULT_SOLUTION.friendlyName,
    },
    null,
    2,
  )}\n`;
}
