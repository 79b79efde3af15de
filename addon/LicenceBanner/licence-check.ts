/**
 * The offline licence check of the LicenceBanner control, kept apart from the DOM so that it can be tested and
 * reasoned about on its own. It never throws: every failure becomes `{ licensed: false, reason }`.
 *
 * Steps (design.md "The Dataverse solution"; contract shared with the add-on's update client):
 * 1. the org id and client URL come from `Xrm.Utility.getGlobalContext()` (no Xrm: not in Dynamics 365 → unlicensed);
 * 2. the signed licence is the current value of the environment variable `cra_Licence`, read through
 *    `context.webAPI` (value record first, the definition's default value as fallback);
 * 3. the pinned vendor root comes from the web resource `cra_/addon/vendor.json` written at solution build time;
 * 4. `verifyLicence` (license-core, node-forge, no network) checks chain, signature, document type and audience;
 * 5. the licence must name this add-on (`addons[].addon === vendor.addonId`, without a feature restriction).
 */
import { verifyLicence } from '@crm-assurance/license-core';

export const LICENCE_VARIABLE = 'cra_Licence';
export const VENDOR_WEB_RESOURCE = 'cra_/addon/vendor.json';

/** The part of `ComponentFramework.WebApi` the check uses (declared here so the file needs no PCF typings). */
export interface RecordReader {
  retrieveMultipleRecords(entityType: string, options?: string): Promise<{ entities: unknown[] }>;
}

/** What the control needs from its surroundings; index.ts wires it to PCF and Xrm, tests can fake it. */
export interface LicenceCheckHost {
  webAPI: RecordReader;
  /** `Xrm.Utility.getGlobalContext()`'s view of the org, or undefined when Xrm is absent. */
  org: { id: string; clientUrl: string } | undefined;
  /** Fetches a URL and returns its body as text (throws on non-2xx). */
  fetchText: (url: string) => Promise<string>;
}

/** The pinned vendor settings of vendor.json (solution build time). */
export interface VendorSettings {
  serverUrl: string;
  addonId: string;
  solutionUniqueName: string;
  rootCertPem: string;
  /** Optional display name of the add-on (added by the solution builder for the banner text). */
  solutionFriendlyName?: string;
}

export type LicenceCheckReason =
  | 'no_xrm'
  | 'no_licence'
  | 'variable_unreadable'
  | 'vendor_settings_unreadable'
  | 'licence_invalid'
  | 'addon_not_licensed';

export type LicenceCheckResult =
  | { licensed: true; addonName: string | undefined; customerName: string }
  | { licensed: false; addonName: string | undefined; reason: LicenceCheckReason; detail?: string };

/** Dataverse returns GUIDs in several spellings ({UPPER}, lower); licences carry them lower-case without braces. */
export function normaliseGuid(id: string): string {
  return id.trim().replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
}

/** The documented environment-variable query: the definition by schema name, its value record expanded. */
export function environmentVariableQuery(schemaName: string): string {
  return (
    `?$select=schemaname,defaultvalue&$filter=schemaname eq '${schemaName}'` +
    '&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)'
  );
}

/** The current value of an environment variable: the value record when present, else the default value. */
export async function readEnvironmentVariable(
  webAPI: LicenceCheckHost['webAPI'],
  schemaName: string,
): Promise<string | undefined> {
  const result = await webAPI.retrieveMultipleRecords('environmentvariabledefinition', environmentVariableQuery(schemaName));
  const definition = result.entities[0] as
    | { defaultvalue?: string | null; environmentvariabledefinition_environmentvariablevalue?: { value?: string | null }[] }
    | undefined;
  if (!definition) return undefined;
  const current = definition.environmentvariabledefinition_environmentvariablevalue?.[0]?.value;
  const value = current ?? definition.defaultvalue ?? undefined;
  return value !== undefined && value !== null && value.trim() !== '' ? value.trim() : undefined;
}

function parseVendorSettings(text: string): VendorSettings {
  const parsed = JSON.parse(text) as Partial<VendorSettings>;
  if (typeof parsed.rootCertPem !== 'string' || typeof parsed.addonId !== 'string') {
    throw new Error('vendor.json lacks rootCertPem or addonId');
  }
  return parsed as VendorSettings;
}

function message(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Runs the whole check; resolves, never rejects. */
export async function checkLicence(host: LicenceCheckHost, now: Date = new Date()): Promise<LicenceCheckResult> {
  if (!host.org) return { licensed: false, addonName: undefined, reason: 'no_xrm' };
  const clientUrl = host.org.clientUrl.replace(/\/+$/, '');

  let vendor: VendorSettings;
  try {
    vendor = parseVendorSettings(await host.fetchText(`${clientUrl}/WebResources/${VENDOR_WEB_RESOURCE}`));
  } catch (error) {
    return { licensed: false, addonName: undefined, reason: 'vendor_settings_unreadable', detail: message(error) };
  }
  const addonName = vendor.solutionFriendlyName;

  let token: string | undefined;
  try {
    token = await readEnvironmentVariable(host.webAPI, LICENCE_VARIABLE);
  } catch (error) {
    return { licensed: false, addonName, reason: 'variable_unreadable', detail: message(error) };
  }
  if (!token) return { licensed: false, addonName, reason: 'no_licence' };

  try {
    const claims = verifyLicence(token, { rootCertPem: vendor.rootCertPem, orgId: normaliseGuid(host.org.id), now });
    const coversAddon = claims.addons.some((entry) => entry.addon === vendor.addonId && !entry.feature && entry.quantity > 0);
    if (!coversAddon) return { licensed: false, addonName, reason: 'addon_not_licensed' };
    return { licensed: true, addonName, customerName: claims.customer.name };
  } catch (error) {
    return { licensed: false, addonName, reason: 'licence_invalid', detail: message(error) };
  }
}

/** The words the admin reads in the banner (plain, actionable, no error codes). */
export function bannerText(result: LicenceCheckResult): string {
  const name = result.addonName ?? 'this add-on';
  return `This organisation has no valid licence for ${name}. Open the add-on's configuration page to activate it.`;
}
