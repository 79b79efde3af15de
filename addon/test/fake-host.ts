/** An org in memory for the update client's tests (the host adapter without Dataverse), and the refusal code helper. */
import JSZip from 'jszip';
import { VerificationError } from '@crm-assurance/license-core';
import { AddonError } from '../src/client/client-error';
import type { HostAdapter, HostContext, ImportJobStatus, InstallPermission, SettingName, WriteCondition } from '../src/client/host-adapter';

export const ORG = 'c0ffee00-0000-4000-8000-0000000000aa';
export const OTHER_ORG = 'c0ffee00-0000-4000-8000-0000000000bb';

/** An org in memory: settings with versions, the installed solution, upgrades as holding solution + promote. */
export class FakeHost implements HostAdapter {
  settings = new Map<SettingName, string>();
  private versions = new Map<SettingName, number>();
  imported: Uint8Array[] = [];
  published = 0;
  pending?: string;
  jobs = new Map<string, ImportJobStatus>();
  constructor(
    public version: string,
    private readonly orgId = ORG,
  ) {}
  async context(): Promise<HostContext> {
    return { orgId: this.orgId, orgUrl: `https://${this.orgId}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion: '9.2.24012.196', userName: 'Admin' };
  }
  async readSetting(name: SettingName) {
    return this.settings.get(name);
  }
  async readVersionedSetting(name: SettingName) {
    const value = this.settings.get(name);
    return value === undefined ? undefined : { value, etag: `W/"${this.versions.get(name)}"` };
  }
  async writeSetting(name: SettingName, value: string, condition?: WriteCondition) {
    const current = this.settings.has(name) ? `W/"${this.versions.get(name)}"` : undefined;
    if (condition && 'ifNoneMatch' in condition && current) throw new AddonError('setting_conflict', 'exists');
    if (condition && 'ifMatch' in condition && condition.ifMatch !== current) throw new AddonError('setting_conflict', 'changed');
    this.settings.set(name, value);
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
    return `W/"${this.versions.get(name)}"`;
  }
  async installedSolution() {
    return { version: this.version, managed: true, ...(this.pending ? { upgradePending: { version: this.pending } } : {}) };
  }
  async installPermission(): Promise<InstallPermission> {
    return { allowed: true, missing: [] };
  }
  async importUpgrade(bytes: Uint8Array, jobId: string) {
    this.imported.push(bytes);
    const zip = await JSZip.loadAsync(bytes);
    this.pending = /<Version>([^<]+)<\/Version>/.exec(await zip.file('solution.xml')!.async('string'))![1];
    this.jobs.set(jobId, { progress: 100, completed: true });
  }
  async importJob(jobId: string) {
    return this.jobs.get(jobId);
  }
  async applyUpgrade() {
    this.version = this.pending!;
    this.pending = undefined;
  }
  async publishAll() {
    this.published++;
  }
  reload() {}
}

/** The code of the refusal `promise` ends in: a VerificationError's or an AddonError's (fails if it is accepted). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VerificationError || error instanceof AddonError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}
