/**
 * The offline licence check of the LicenceBanner control, kept apart from the DOM so that it can be tested and
 * reasoned about on its own. It never throws: every failure becomes `{ licensed: false, reason }`.
 *
 * Steps (the shared contract of issue #9; the add-on's configuration page keeps the same state):
 * 1. the org id and client URL come from `Xrm.Utility.getGlobalContext()` (no Xrm: not in Dynamics 365 → unlicensed);
 * 2. the vendor settings come from the add-on's vendor.json web resource, whose name is the control's
 *    `settingsWebResource` property (the solution build writes its default: `<prefix>_/<addonId>/vendor.json`);
 * 3. the signed licence is the value column of the add-on's state table row whose name column is `licence`,
 *    read through `context.webAPI` (table and column names from vendor.json's `stateTable`);
 * 4. `verifyLicence` (license-core, node-forge, no network) checks chain, signature, document type and audience;
 * 5. the licence must name this add-on (`addons[].addon === vendor.addonId`, without a feature restriction).
 */
import { verifyLicence } from '@crm-assurance/license-core';
import type { VendorJson } from './vendor-json';

/** The state table row that holds the signed licence (its name column). */
export const LICENCE_SETTING = 'licence';

/** The part of `ComponentFramework.WebApi` the check uses (declared here so the file needs no PCF typings). */
export interface RecordReader {
  retrieveMultipleRecords(entityType: string, options?: string): Promise<{ entities: unknown[] }>;
}

/** What the control needs from its surroundings; index.ts wires it to PCF and Xrm, tests can fake it. */
export interface LicenceCheckHost {
  webAPI: RecordReader;
  /** `Xrm.Utility.getGlobalContext()`'s view of the org, or undefined when Xrm is absent. */
  org: { id: string; clientUrl: string } | undefined;
  /** The vendor.json web resource's name (the control's `settingsWebResource` property), e.g. `nwa_/docgen/vendor.json`. */
  settingsWebResource: string | undefined;
  /** Fetches a URL and returns its body as text (throws on non-2xx). */
  fetchText: (url: string) => Promise<string>;
}

/** Where the add-on keeps its settings: one row per setting (vendor.json `stateTable`); the columns this control reads. */
export type StateTableNames = Pick<VendorJson['stateTable'], 'logicalName' | 'nameColumn' | 'valueColumn'>;

/** The pinned vendor settings of vendor.json (solution build time) this control reads; other fields are ignored here. */
export type VendorSettings = Pick<VendorJson, 'serverUrl' | 'addonId' | 'solutionUniqueName' | 'rootCertPem'> &
  Partial<Pick<VendorJson, 'solutionFriendlyName'>> & { stateTable: StateTableNames };

export type LicenceCheckReason =
  | 'no_xrm'
  | 'no_licence'
  | 'state_unreadable'
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

/** Column and table names come from vendor.json; only plain identifiers go into a query. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Web API query options for one setting's row: its value column, filtered on the name column. */
export function settingQuery(table: StateTableNames, setting: string): string {
  return `?$select=${table.valueColumn}&$filter=${table.nameColumn} eq '${setting.replace(/'/g, "''")}'`;
}

/** The value of one setting (trimmed; an empty value counts as missing). */
export async function readSetting(webAPI: RecordReader, table: StateTableNames, setting: string): Promise<string | undefined> {
  const result = await webAPI.retrieveMultipleRecords(table.logicalName, settingQuery(table, setting));
  const row = result.entities[0] as Record<string, unknown> | undefined;
  const value = row?.[table.valueColumn];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseVendorSettings(text: string): VendorSettings {
  const parsed = JSON.parse(text) as Partial<VendorSettings>;
  if (typeof parsed.rootCertPem !== 'string' || typeof parsed.addonId !== 'string') {
    throw new Error('vendor.json lacks rootCertPem or addonId');
  }
  const table = parsed.stateTable;
  if (!table || ![table.logicalName, table.nameColumn, table.valueColumn].every((name) => typeof name === 'string' && IDENTIFIER.test(name))) {
    throw new Error('vendor.json lacks stateTable (logicalName, nameColumn, valueColumn)');
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
    const resource = host.settingsWebResource?.trim().replace(/^\/+/, '');
    if (!resource) throw new Error('the control has no settingsWebResource (the vendor.json web resource)');
    vendor = parseVendorSettings(await host.fetchText(`${clientUrl}/WebResources/${resource}`));
  } catch (error) {
    return { licensed: false, addonName: undefined, reason: 'vendor_settings_unreadable', detail: message(error) };
  }
  const addonName = vendor.solutionFriendlyName;

  let token: string | undefined;
  try {
    token = await readSetting(host.webAPI, vendor.stateTable, LICENCE_SETTING);
  } catch (error) {
    return { licensed: false, addonName, reason: 'state_unreadable', detail: message(error) };
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
