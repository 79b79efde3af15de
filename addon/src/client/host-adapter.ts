/**
 * What the update client needs from the CRM it runs in. The Dataverse implementation is in ../dataverse; an
 * Odoo one would implement the same interface.
 */
import type { Platform } from '@crm-assurance/license-core';

/** Settings kept in the org (Dataverse: environment variables of the solution, design.md). */
export type SettingName = 'cra_LicenceKey' | 'cra_Licence' | 'cra_Entitlement' | 'cra_ManifestSerial' | 'cra_AutoUpdate';

export interface HostContext {
  orgId: string;
  orgUrl: string;
  platform: Platform;
  /** The CRM's full version, e.g. 9.2.24012.196. */
  platformVersion: string;
  userName?: string;
}

export interface HostAdapter {
  context(): Promise<HostContext>;
  readSetting(name: SettingName): Promise<string | undefined>;
  writeSetting(name: SettingName, value: string): Promise<void>;
  /** The installed version of the add-on's solution, or undefined when it is not installed. */
  installedVersion(): Promise<string | undefined>;
  /** Imports a solution package; rejects (leaving the installed version as it was) when the import fails. */
  importSolution(bytes: Uint8Array, onProgress: (percent: number) => void): Promise<void>;
  publishAll(): Promise<void>;
  reload(): void;
}
