/**
 * The add-on's update client: what the configuration page does each time an admin opens it (SPEC §2 "activated
 * after payment and downloaded automatically when the configuration frontend is opened the next time").
 *
 * open(): refresh the signed licence and entitlement (online), or fall back to the stored ones within the
 * entitlement's offline grace; then ask for updates and keep only those the signed manifest lists.
 * install(): download, check length + sha256 against the manifest, import through the host, publish, report.
 * It never installs anything older than what is installed, or anything the manifest does not vouch for.
 */
import { compareAddonVersions, type EntitlementClaims, type LicenceClaims, type ManifestRelease } from '@crm-assurance/license-core';
import { checkArtifact } from './artifact-check';
import { AddonError } from './client-error';
import type { SupportRequestSummary, UpdateServerApi, WithheldUpdate } from './fetcher';
import type { HostAdapter, HostContext } from './host-adapter';
import { ManifestTrust } from './manifest-trust';

export interface VendorConfig {
  serverUrl: string;
  addonId: string;
  solutionUniqueName: string;
  rootCertPem: string;
}

export interface OfferedRelease {
  /** As the signed manifest states it: version, kind, size, sha256, notes. */
  release: ManifestRelease;
  downloadUrl: string;
}

export interface AddonStatus {
  context: HostContext;
  installedVersion: string;
  /** No licence key stored yet: the page asks for one. */
  needsLicence: boolean;
  licence?: LicenceClaims;
  entitlement?: EntitlementClaims;
  /** The server was unreachable; the status comes from the stored entitlement (within its grace period). */
  offline: boolean;
  updates: OfferedRelease[];
  withheld: WithheldUpdate[];
  autoUpdate: boolean;
}

export type InstallPhase = 'download' | 'verify' | 'import' | 'publish' | 'done';

const NOT_INSTALLED = '0.0.0.0';

export class UpdateClient {
  private readonly trust: Promise<ManifestTrust>;

  constructor(
    private readonly host: HostAdapter,
    private readonly api: UpdateServerApi,
    private readonly vendor: VendorConfig,
    now: () => Date = () => new Date(),
  ) {
    this.trust = host.context().then(
      (ctx) =>
        new ManifestTrust(
          vendor.rootCertPem,
          ctx.orgId,
          {
            readSerial: async () => Number((await host.readSetting('cra_ManifestSerial')) ?? '0') || 0,
            writeSerial: (serial) => host.writeSetting('cra_ManifestSerial', String(serial)),
          },
          now,
        ),
    );
  }

  /** Binds the licence key to this org (the admin types it once), then opens as usual. */
  async activate(licenceKey: string): Promise<AddonStatus> {
    const key = licenceKey.trim();
    if (key === '') throw new AddonError('licence_missing', 'Type the licence key from your order confirmation.');
    await this.refreshDocuments(key, await this.host.context());
    await this.host.writeSetting('cra_LicenceKey', key);
    return this.open();
  }

  async open(): Promise<AddonStatus> {
    const context = await this.host.context();
    const installedVersion = (await this.host.installedVersion()) ?? NOT_INSTALLED;
    const autoUpdate = (await this.host.readSetting('cra_AutoUpdate')) !== 'no';
    const base: AddonStatus = { context, installedVersion, needsLicence: false, offline: false, updates: [], withheld: [], autoUpdate };
    const licenceKey = await this.host.readSetting('cra_LicenceKey');
    if (!licenceKey) return { ...base, needsLicence: true };

    let licence: LicenceClaims;
    let entitlement: EntitlementClaims;
    try {
      ({ licence, entitlement } = await this.refreshDocuments(licenceKey, context));
    } catch (error) {
      if (!(error instanceof AddonError && error.code === 'server_unreachable')) throw error;
      return { ...base, ...(await this.offlineStatus()), offline: true };
    }

    const trust = await this.trust;
    const check = await this.api.checkUpdates({
      licenceKey,
      orgId: context.orgId,
      platformVersion: context.platformVersion,
      addon: this.vendor.addonId,
      installedVersion,
    });
    const manifest = await trust.manifest(check.manifest);
    // Only what the signed manifest vouches for, and only newer than installed (SPEC §3: no silent downgrade).
    const updates: OfferedRelease[] = [];
    for (const offered of check.updates) {
      const release = manifest.releases.find((r) => r.id === offered.id);
      if (release && compareAddonVersions(release.version, installedVersion) > 0) updates.push({ release, downloadUrl: offered.downloadUrl });
    }
    updates.sort((a, b) => compareAddonVersions(b.release.version, a.release.version));
    return { ...base, licence, entitlement, updates, withheld: check.withheld };
  }

  /**
   * Files a support request (SPEC §6) with the environment attached: the installed add-on version and the org's
   * CRM version come from the org itself; whether customisations are present is the admin's answer.
   */
  async reportProblem(problem: { summary: string; description: string; customisationsPresent: boolean; contact?: { name?: string; email?: string } }): Promise<{ number: number }> {
    const summary = problem.summary.trim();
    const description = problem.description.trim();
    if (summary === '') throw new AddonError('summary_missing', 'Describe the problem in a short summary.');
    if (description === '') throw new AddonError('description_missing', 'Describe what happened and what you expected.');
    const licenceKey = await this.host.readSetting('cra_LicenceKey');
    if (!licenceKey) throw new AddonError('licence_missing', 'Activate a licence first.');
    const context = await this.host.context();
    const contact = { ...(problem.contact?.name?.trim() ? { name: problem.contact.name.trim() } : {}), ...(problem.contact?.email?.trim() ? { email: problem.contact.email.trim() } : {}) };
    const filed = await this.api.fileSupportRequest({
      licenceKey,
      orgId: context.orgId,
      addon: this.vendor.addonId,
      summary,
      description,
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
      environment: {
        addonVersion: (await this.host.installedVersion()) ?? NOT_INSTALLED,
        platformVersion: context.platformVersion,
        customisationsPresent: problem.customisationsPresent,
      },
    });
    return { number: filed.number };
  }

  /** The organisation's support requests, newest first. */
  async supportRequests(): Promise<SupportRequestSummary[]> {
    const licenceKey = await this.host.readSetting('cra_LicenceKey');
    if (!licenceKey) return [];
    const context = await this.host.context();
    return (await this.api.supportRequests({ licenceKey, orgId: context.orgId })).requests;
  }

  async setAutoUpdate(on: boolean): Promise<void> {
    await this.host.writeSetting('cra_AutoUpdate', on ? 'yes' : 'no');
  }

  async install(update: OfferedRelease, onProgress: (phase: InstallPhase, percent: number) => void): Promise<void> {
    const context = await this.host.context();
    const licenceKey = await this.host.readSetting('cra_LicenceKey');
    if (!licenceKey) throw new AddonError('licence_missing', 'Activate a licence first.');
    const fromVersion = (await this.host.installedVersion()) ?? NOT_INSTALLED;
    const { release } = update;
    if (compareAddonVersions(release.version, fromVersion) <= 0) {
      throw new AddonError('downgrade_refused', `Version ${release.version} is not newer than the installed ${fromVersion}; it is not installed.`);
    }
    const report = (outcome: 'succeeded' | 'failed', error?: string) =>
      this.api
        .reportInstall({ licenceKey, orgId: context.orgId, addon: this.vendor.addonId, fromVersion, toVersion: release.version, outcome, ...(error ? { error } : {}) })
        .catch(() => undefined); // the report is best effort; the install result stands either way

    try {
      onProgress('download', 0);
      const bytes = await this.api.download(update.downloadUrl, (received, total) =>
        onProgress('download', Math.round((received / (total || release.size || 1)) * 100)),
      );
      onProgress('verify', 100);
      await checkArtifact(bytes, release);
      onProgress('import', 0);
      await this.host.importSolution(bytes, (percent) => onProgress('import', percent));
      onProgress('publish', 100);
      await this.host.publishAll();
      const installed = await this.host.installedVersion();
      if (installed !== release.version) {
        throw new AddonError('import_failed', `The import finished, but the org reports version ${installed ?? 'none'} instead of ${release.version}.`);
      }
    } catch (error) {
      const failure = error instanceof AddonError ? error : new AddonError('import_failed', error instanceof Error ? error.message : String(error));
      await report('failed', `${failure.code}: ${failure.message}`);
      throw failure;
    }
    await report('succeeded');
    onProgress('done', 100);
  }

  /** Online: a fresh licence (re-signed with the current signing certificate, decision S6) and entitlement. */
  private async refreshDocuments(licenceKey: string, context: HostContext): Promise<{ licence: LicenceClaims; entitlement: EntitlementClaims }> {
    const trust = await this.trust;
    const answer = await this.api.activate({
      licenceKey,
      orgId: context.orgId,
      orgUrl: context.orgUrl,
      platform: context.platform,
      platformVersion: context.platformVersion,
      addon: this.vendor.addonId,
    });
    const licence = trust.licence(answer.licence);
    const entitlement = trust.entitlement(answer.entitlement);
    await this.host.writeSetting('cra_Licence', answer.licence);
    await this.host.writeSetting('cra_Entitlement', answer.entitlement);
    return { licence, entitlement };
  }

  /** Offline: the stored documents, as long as the entitlement's grace (its exp) has not passed. */
  private async offlineStatus(): Promise<{ licence: LicenceClaims; entitlement: EntitlementClaims }> {
    const trust = await this.trust;
    const storedLicence = await this.host.readSetting('cra_Licence');
    const storedEntitlement = await this.host.readSetting('cra_Entitlement');
    if (!storedLicence || !storedEntitlement) {
      throw new AddonError('server_unreachable', 'The update server cannot be reached, and no licence has been stored in this org yet.');
    }
    const licence = trust.licence(storedLicence);
    try {
      return { licence, entitlement: trust.entitlement(storedEntitlement) };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_TOKEN_EXPIRED') {
        throw new AddonError(
          'offline_grace_expired',
          'The update server has not been reachable for longer than the offline grace period. Connect to the internet to refresh the assurance status.',
        );
      }
      throw error;
    }
  }
}
