/**
 * What the update client needs from the CRM it runs in. The Dataverse implementation is in ../dataverse, the Odoo
 * one in ../odoo.
 */
import type { Platform } from '@crm-assurance/license-core';

/**
 * Settings kept in the org. On Dataverse they are rows of the add-on's own state table (decision D38: environment
 * variable values are Memo columns of at most 2,000 characters, too small for a signed licence, and do not exist on
 * every line the vendor sells).
 */
export type SettingName = 'licenceKey' | 'licence' | 'entitlement' | 'manifestSerial' | 'trustState' | 'autoUpdate' | 'install';

export interface HostContext {
  orgId: string;
  orgUrl: string;
  platform: Platform;
  /** The CRM's full version, e.g. 9.2.24012.196. */
  platformVersion: string;
  userId?: string;
  userName?: string;
}

/** A stored setting with its version tag, for compare-and-set writes. */
export interface VersionedSetting {
  value: string;
  etag: string;
}

/** A condition on a write: only if the row is still at this version, or only if it does not exist yet. */
export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

/** The add-on's solution as the org reports it. */
export interface InstalledSolutionInfo {
  version: string;
  managed: boolean;
  /** A holding solution of a newer version waits to be promoted (an upgrade was imported but not applied). */
  upgradePending?: { version: string };
}

export interface ImportJobStatus {
  progress: number;
  completed: boolean;
  /** Set when the import failed: the platform's error code and text from the import log. */
  failure?: { code: string; text: string };
}

export interface InstallPermission {
  allowed: boolean;
  /** The privileges the current user lacks (platform names). */
  missing: string[];
  /** Who can install instead (Odoo: the active users of the Settings group, decision O14), when the platform can tell. */
  askWhom?: string[];
}

export interface HostAdapter {
  context(): Promise<HostContext>;
  readSetting(name: SettingName): Promise<string | undefined>;
  readVersionedSetting(name: SettingName): Promise<VersionedSetting | undefined>;
  /** Writes a setting; with a condition, rejects with AddonError `setting_conflict` when it no longer holds. Returns the new etag. */
  writeSetting(name: SettingName, value: string, condition?: WriteCondition): Promise<string>;
  /** The add-on's solution, or undefined when it is not installed. */
  installedSolution(): Promise<InstalledSolutionInfo | undefined>;
  /** Whether the current user may install updates, and what they lack. */
  installPermission(): Promise<InstallPermission>;
  /**
   * Starts importing a newer version as an upgrade (Dataverse: ImportSolution with HoldingSolution under the given
   * job id). Resolves when the import has finished; rejects (AddonError `import_failed`) when it failed. The import
   * goes on in the org even if this page goes away; importJob() follows it from anywhere.
   */
  importUpgrade(bytes: Uint8Array, jobId: string): Promise<void>;
  importJob(jobId: string): Promise<ImportJobStatus | undefined>;
  /** Applies an imported upgrade: what the new version dropped is removed (Dataverse: DeleteAndPromote). */
  applyUpgrade(): Promise<void>;
  publishAll(): Promise<void>;
  reload(): void;
}
