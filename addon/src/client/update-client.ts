/**
 * The add-on's update client: what the configuration page does each time an admin opens it (SPEC §2 "activated
 * after payment and downloaded automatically when the configuration frontend is opened the next time").
 *
 * open(): refresh the signed licence and entitlement (online), or fall back to the stored ones within the
 * entitlement's offline grace; then ask for updates and keep only those the signed manifest lists.
 * install(): download, check length + sha256 against the manifest, import through the host, publish, report.
 * It never installs anything older than what is installed, or anything the manifest does not vouch for.
 */
import { compareAddonVersions, type EntitlementClaims, type LicenceClaims, type ManifestRelease, type Platform } from '@crm-assurance/license-core';
import { checkArtifact } from './artifact-check';
import { AddonError } from './client-error';
import type { SupportRequestSummary, UpdateServerApi, WithheldUpdate } from './fetcher';
import type { HostAdapter, HostContext, ImportJobStatus, InstallPermission } from './host-adapter';
import { InstallLock, isActive, type InstallRecord } from './install-run';
import { hostTrustStates, ManifestTrust } from './manifest-trust';
import type { VendorJson } from '../../LicenceBanner/vendor-json';

/** The vendor settings the solution build pins into the add-on (vendor.json); a build older than issue #9 lacks the optional ones. */
export type VendorConfig = Pick<VendorJson, 'serverUrl' | 'addonId' | 'solutionUniqueName' | 'rootCertPem'> &
  Partial<Omit<VendorJson, 'serverUrl' | 'addonId' | 'solutionUniqueName' | 'rootCertPem'>>;

export interface OfferedRelease {
  /** As the signed manifest states it: version, kind, size, sha256, notes. */
  release: ManifestRelease;
  downloadUrl: string;
}

export interface AddonStatus {
  context: HostContext;
  installedVersion: string;
  /** No licence key stored yet, or the stored one was refused: the page asks for one. */
  needsLicence: boolean;
  /** The stored licence key was refused (the vendor re-issued it, decision U40): the page asks for the new one. */
  storedKeyRefused?: boolean;
  licence?: LicenceClaims;
  entitlement?: EntitlementClaims;
  /** The server was unreachable; the status comes from the stored entitlement (within its grace period). */
  offline: boolean;
  updates: OfferedRelease[];
  withheld: WithheldUpdate[];
  autoUpdate: boolean;
  /** The add-on's solution is installed unmanaged: Dataverse cannot upgrade it with the vendor's managed updates. */
  unmanaged: boolean;
  /** Whether this user may install (Dataverse: import and publish privileges), and what they lack. */
  permission: InstallPermission;
  /** An install that is running in this org right now (started here or in another tab). */
  installing?: InstallRecord;
}

/** What the page shows while installing (not the install record's phases: install-run.ts InstallPhase). */
export type ProgressPhase = 'download' | 'verify' | 'import' | 'upgrade' | 'publish' | 'done';

const NOT_INSTALLED = '0.0.0.0';
/** How often a downloading tab tells the others it is still there (well inside install-run.ts's STALE_MS). */
const HEARTBEAT_MS = 10_000;
/** An import job that has not appeared this long after the record entered `import` never started. */
const STALE_IMPORT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function asAddonError(error: unknown): AddonError {
  return error instanceof AddonError ? error : new AddonError('import_failed', error instanceof Error ? error.message : String(error));
}

/** Dataverse refuses a managed import over an unmanaged install of the same solution (docs/dataverse-lines.md). */
export function unmanagedError(): AddonError {
  return new AddonError(
    'unmanaged_install',
    'This organisation has the add-on installed as an unmanaged solution, so Dynamics 365 cannot apply the vendor’s updates (they are managed solutions). Export any changes you made to it, delete the unmanaged solution, and import the managed solution from the vendor; your licence stays valid.',
  );
}

/** The first few missing privileges, and how many more. */
export function missingWords(missing: readonly string[]): string {
  return missing.length <= 3 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`;
}

export function notPermittedError(permission: InstallPermission, platform: Platform = 'dynamics365'): AddonError {
  if (platform === 'odoo') {
    // Odoo: the Settings group and env.is_admin() (decision O14); the adapter names who has them.
    const ask = permission.askWhom && permission.askWhom.length > 0 ? permission.askWhom.slice(0, 3).join(', ') : 'your Odoo administrator';
    return new AddonError('install_not_permitted', `Installing updates needs the Settings access rights in Odoo (Administration: Settings). Ask ${ask} to open this page and install the update.`);
  }
  return new AddonError(
    'install_not_permitted',
    `Installing updates needs the System Administrator or System Customizer role (missing privileges: ${missingWords(permission.missing)}). Ask your Dynamics 365 administrator to open this page and install the update.`,
  );
}

export class UpdateClient {
  private readonly trust: Promise<ManifestTrust>;
  private readonly lock: InstallLock;
  /** ETags of install records this client wrote (it owns the phase they are in). */
  private readonly owned = new Set<string>();

  constructor(
    private readonly host: HostAdapter,
    private readonly api: UpdateServerApi,
    private readonly vendor: VendorConfig,
    private readonly now: () => Date = () => new Date(),
    private readonly pollMs = 500,
  ) {
    this.lock = new InstallLock(host, now);
    this.trust = host.context().then(
      (ctx) =>
        new ManifestTrust(vendor.rootCertPem, ctx.orgId, hostTrustStates(host), now),
    );
  }

  /** Binds the licence key to this org (the admin types it once), then opens as usual. */
  async activate(licenceKey: string): Promise<AddonStatus> {
    const key = licenceKey.trim();
    if (key === '') throw new AddonError('licence_missing', 'Type the licence key from your order confirmation.', 'licenceKey');
    // The shape of a key (CRMA and four groups of five letters or digits), checked before anything is sent (issue #13).
    if (!/^CRMA[-\s]*([0-9A-Za-z]{5}[-\s]*){4}$/i.test(key)) {
      throw new AddonError('licence_key_malformed', 'A licence key looks like CRMA-7K2QF-M9XDR-4HV8T-PW3NC. Check it against your order confirmation.', 'licenceKey');
    }
    await this.refreshDocuments(key, await this.host.context());
    await this.host.writeSetting('licenceKey', key);
    return this.open();
  }

  async open(): Promise<AddonStatus> {
    const context = await this.host.context();
    const [solution, permission, install] = await Promise.all([this.host.installedSolution(), this.host.installPermission(), this.lock.read()]);
    const installedVersion = solution?.version ?? NOT_INSTALLED;
    const autoUpdate = (await this.host.readSetting('autoUpdate')) !== 'no';
    const base: AddonStatus = {
      context,
      installedVersion,
      needsLicence: false,
      offline: false,
      updates: [],
      withheld: [],
      autoUpdate,
      unmanaged: solution !== undefined && !solution.managed,
      permission,
      ...(install && isActive(install.record, this.now().getTime()) ? { installing: install.record } : {}),
    };
    const licenceKey = await this.host.readSetting('licenceKey');
    if (!licenceKey) return { ...base, needsLicence: true };

    let licence: LicenceClaims;
    let entitlement: EntitlementClaims;
    let tokens: { licence: string; entitlement: string };
    try {
      ({ licence, entitlement, tokens } = await this.refreshDocuments(licenceKey, context));
    } catch (error) {
      // A re-issued key (decision U40): the org stays bound, and the admin types the new key (activate).
      if (error instanceof AddonError && error.code === 'licence_key_invalid') return { ...base, needsLicence: true, storedKeyRefused: true };
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
    // The manifest may have revoked a signing certificate (decision S18): the documents must not come from it.
    [licence, entitlement] = await Promise.all([trust.licence(tokens.licence), trust.entitlement(tokens.entitlement)]);
    // Only what the signed manifest vouches for, and only newer than installed (SPEC §3: no silent downgrade).
    const updates: OfferedRelease[] = [];
    for (const offered of check.updates) {
      const release = manifest.releases.find((r) => r.id === offered.id);
      if (release && compareAddonVersions(release.version, installedVersion) > 0) updates.push({ release, downloadUrl: offered.downloadUrl });
    }
    updates.sort((a, b) => compareAddonVersions(b.release.version, a.release.version));
    await this.reportPending(licenceKey, context.orgId).catch(() => undefined);
    return { ...base, licence, entitlement, updates, withheld: check.withheld };
  }

  /**
   * Files a support request (SPEC §6) with the environment attached: the installed add-on version and the org's
   * CRM version come from the org itself; whether customisations are present is the admin's answer.
   */
  async reportProblem(problem: { summary: string; description: string; customisationsPresent: boolean; contact?: { name?: string; email?: string } }): Promise<{ number: number }> {
    const summary = problem.summary.trim();
    const description = problem.description.trim();
    if (summary === '') throw new AddonError('summary_missing', 'Describe the problem in a short summary.', 'summary');
    if (description === '') throw new AddonError('description_missing', 'Describe what happened and what you expected.', 'description');
    const email = problem.contact?.email?.trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      throw new AddonError('contact_email_invalid', 'Type an e-mail address like name@example.com, or leave it empty.', 'contact.email');
    }
    const licenceKey = await this.host.readSetting('licenceKey');
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
        addonVersion: (await this.host.installedSolution())?.version ?? NOT_INSTALLED,
        platformVersion: context.platformVersion,
        customisationsPresent: problem.customisationsPresent,
      },
    });
    return { number: filed.number };
  }

  /** The organisation's support requests, newest first. */
  async supportRequests(): Promise<SupportRequestSummary[]> {
    const licenceKey = await this.host.readSetting('licenceKey');
    if (!licenceKey) return [];
    const context = await this.host.context();
    return (await this.api.supportRequests({ licenceKey, orgId: context.orgId })).requests;
  }

  async setAutoUpdate(on: boolean): Promise<void> {
    await this.host.writeSetting('autoUpdate', on ? 'yes' : 'no');
  }

  /**
   * Installs a newer release as an upgrade, under the org-wide install lock (install-run.ts): download, check length
   * and sha256 against the signed manifest, import as a holding solution, apply the upgrade (what the new version
   * dropped is removed), publish, and report the outcome once.
   */
  async install(update: OfferedRelease, onProgress: (phase: ProgressPhase, percent: number) => void): Promise<void> {
    const context = await this.host.context();
    const licenceKey = await this.host.readSetting('licenceKey');
    if (!licenceKey) throw new AddonError('licence_missing', 'Activate a licence first.');
    const solution = await this.host.installedSolution();
    const fromVersion = solution?.version ?? NOT_INSTALLED;
    const { release } = update;
    if (solution && !solution.managed) throw unmanagedError();
    const permission = await this.host.installPermission();
    if (!permission.allowed) throw notPermittedError(permission, context.platform);
    if (compareAddonVersions(release.version, fromVersion) <= 0) {
      throw new AddonError('downgrade_refused', `Version ${release.version} is not newer than the installed ${fromVersion}; it is not installed.`);
    }

    let current = await this.lock.acquire({ id: globalThis.crypto.randomUUID(), fromVersion, toVersion: release.version, ...(context.userName ? { by: context.userName } : {}) });
    let bytes: Uint8Array;
    // The download's heartbeat (install-run.ts): one write at a time, each on the version the previous one left.
    let heartbeat: Promise<void> = Promise.resolve();
    try {
      onProgress('download', 0);
      let beat = Date.now();
      bytes = await this.api.download(update.downloadUrl, (received, total) => {
        onProgress('download', Math.round((received / (total || release.size || 1)) * 100));
        if (Date.now() - beat > HEARTBEAT_MS) {
          beat = Date.now();
          heartbeat = heartbeat.then(async () => {
            const next = await this.lock.advance(current, {}).catch(() => undefined);
            if (next) current = next;
          });
        }
      });
      await heartbeat;
      onProgress('verify', 100);
      await checkArtifact(bytes, release);
    } catch (error) {
      await heartbeat;
      const failure = asAddonError(error);
      await this.finish(current, licenceKey, context.orgId, { outcome: 'failed', error: `${failure.code}: ${failure.message}` });
      throw failure;
    }
    const importJobId = globalThis.crypto.randomUUID();
    const importing = await this.lock.advance(current, { phase: 'import', importJobId, progress: 0 });
    if (!importing) throw new AddonError('install_in_progress', 'Another tab took over this install; this page shows its progress.');
    onProgress('import', 0);
    // The import runs in the org; follow it (also from other tabs) while the request is open.
    const imported = this.host.importUpgrade(bytes, importJobId).then(
      () => undefined,
      (error: unknown) => asAddonError(error),
    );
    await this.drive(importing, licenceKey, context.orgId, onProgress, imported);
  }

  /**
   * A reopened page (or a second tab) carries on with an install that is running in the org: it follows the import
   * job, and does whichever phase it wins (install-run.ts). Resolves with `installed` when the install finished,
   * `abandoned` when nothing runs any more (a download whose tab went away); rejects with the install's failure.
   */
  async resume(onProgress: (phase: ProgressPhase, percent: number) => void): Promise<'installed' | 'abandoned'> {
    const licenceKey = await this.host.readSetting('licenceKey');
    const current = await this.lock.read();
    if (!licenceKey || !current || !isActive(current.record, this.now().getTime())) return 'abandoned';
    const context = await this.host.context();
    await this.drive(current, licenceKey, context.orgId, onProgress);
    return (await this.lock.read())?.record.phase === 'done' ? 'installed' : 'abandoned';
  }

  private async drive(
    start: { record: InstallRecord; etag: string },
    licenceKey: string,
    orgId: string,
    onProgress: (phase: ProgressPhase, percent: number) => void,
    imported?: Promise<AddonError | undefined>,
  ): Promise<void> {
    let current: { record: InstallRecord; etag: string } | undefined = start;
    for (;;) {
      if (!current) {
        current = await this.lock.read();
        if (!current) return;
      }
      const record: InstallRecord = current.record;
      if (record.phase === 'done') return onProgress('done', 100);
      if (record.phase === 'failed') throw new AddonError('import_failed', record.error ?? `Version ${record.toVersion} could not be installed.`);
      if (record.phase === 'import') {
        const job: ImportJobStatus | undefined = record.importJobId ? await this.host.importJob(record.importJobId) : undefined;
        if (job) onProgress('import', job.progress);
        const requestFailure = imported ? await Promise.race([imported, sleep(this.pollMs).then(() => 'pending' as const)]) : 'pending';
        if (job?.completed || (requestFailure !== 'pending' && requestFailure !== undefined)) {
          const failure: string | undefined = job?.failure ? `${job.failure.code}: ${job.failure.text}` : requestFailure instanceof AddonError ? `${requestFailure.code}: ${requestFailure.message}` : undefined;
          current = await this.own(
            failure ? this.lock.advance(current, { phase: 'report', outcome: 'failed', error: failure }) : this.lock.advance(current, { phase: 'promote', progress: 100 }),
          );
          continue;
        }
        if (!job && !imported && this.now().getTime() - Date.parse(record.heartbeatAt) > STALE_IMPORT_MS) {
          // The import request never reached the org (the page went away first): the install is over.
          current = await this.own(this.lock.advance(current, { phase: 'report', outcome: 'failed', error: 'import_failed: the import never started in the org' }));
          continue;
        }
        current = await this.lock.read();
        continue;
      }
      if (record.phase === 'download') {
        if (!isActive(record, this.now().getTime())) return; // abandoned: nothing runs any more
        await sleep(this.pollMs);
        current = await this.lock.read();
        continue;
      }
      // promote, publish, report: done by whoever moved the record into the phase; others watch, and take over
      // only when its owner went silent.
      const mine = this.owned.has(current.etag);
      if (!mine && isActive(record, this.now().getTime())) {
        await sleep(this.pollMs);
        current = await this.lock.read();
        continue;
      }
      if (!mine) {
        current = await this.own(this.lock.advance(current, {}));
        continue;
      }
      current = await this.step(current, licenceKey, orgId, onProgress);
    }
  }

  /** Remembers that this client wrote the record (so it does the phase the record is now in). */
  private async own(next: Promise<{ record: InstallRecord; etag: string } | undefined>): Promise<{ record: InstallRecord; etag: string } | undefined> {
    const written = await next;
    if (written) this.owned.add(written.etag);
    return written;
  }

  /** Does one short phase and moves the record on (undefined when another tab got there first). */
  private async step(
    current: { record: InstallRecord; etag: string },
    licenceKey: string,
    orgId: string,
    onProgress: (phase: ProgressPhase, percent: number) => void,
  ): Promise<{ record: InstallRecord; etag: string } | undefined> {
    const { record } = current;
    try {
      if (record.phase === 'promote') {
        onProgress('upgrade', 100);
        const solution = await this.host.installedSolution();
        if (solution?.upgradePending) await this.host.applyUpgrade();
        return await this.own(this.lock.advance(current, { phase: 'publish' }));
      }
      if (record.phase === 'publish') {
        onProgress('publish', 100);
        await this.host.publishAll();
        const installed = (await this.host.installedSolution())?.version;
        if (installed !== record.toVersion) {
          return await this.own(this.lock.advance(current, { phase: 'report', outcome: 'failed', error: `import_failed: the import finished, but the org reports version ${installed ?? 'none'} instead of ${record.toVersion}` }));
        }
        return await this.own(this.lock.advance(current, { phase: 'report', outcome: 'succeeded' }));
      }
    } catch (error) {
      const failure = asAddonError(error);
      return await this.own(this.lock.advance(current, { phase: 'report', outcome: 'failed', error: `${failure.code}: ${failure.message}` }));
    }
    // report
    await this.finish(current, licenceKey, orgId, { outcome: record.outcome ?? 'failed', ...(record.error ? { error: record.error } : {}) });
    return this.lock.read();
  }

  /**
   * Reports the outcome under the install's id (the server keeps one record per id), then closes the record. A
   * report the server did not acknowledge is marked `reported: false` and sent again, with the same id, the next
   * time a page opens online (reportPending), so the vendor hears of every install exactly once.
   */
  private async finish(current: { record: InstallRecord; etag: string }, licenceKey: string, orgId: string, result: { outcome: 'succeeded' | 'failed'; error?: string }): Promise<void> {
    const { record } = current;
    const reported = await this.sendReport({ ...record, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) }, licenceKey, orgId);
    await this.lock.advance(current, { phase: result.outcome === 'succeeded' ? 'done' : 'failed', outcome: result.outcome, reported, ...(result.error ? { error: result.error } : {}) });
  }

  private async sendReport(record: InstallRecord, licenceKey: string, orgId: string): Promise<boolean> {
    return this.api
      .reportInstall({ installId: record.id, licenceKey, orgId, addon: this.vendor.addonId, fromVersion: record.fromVersion, toVersion: record.toVersion, outcome: record.outcome ?? 'failed', ...(record.error ? { error: record.error.slice(0, 4000) } : {}) })
      .then(
        () => true,
        () => false, // the install result stands either way; the report is sent again later
      );
  }

  /** Sends the report of a finished install that the server has not acknowledged yet (see finish). */
  private async reportPending(licenceKey: string, orgId: string): Promise<void> {
    const current = await this.lock.read();
    if (!current || current.record.reported !== false || (current.record.phase !== 'done' && current.record.phase !== 'failed')) return;
    if (await this.sendReport(current.record, licenceKey, orgId)) await this.lock.advance(current, { reported: true });
  }

  /** Online: a fresh licence (re-signed with the current signing certificate, decision S6) and entitlement. */
  private async refreshDocuments(
    licenceKey: string,
    context: HostContext,
  ): Promise<{ licence: LicenceClaims; entitlement: EntitlementClaims; tokens: { licence: string; entitlement: string } }> {
    const trust = await this.trust;
    const answer = await this.api.activate({
      licenceKey,
      orgId: context.orgId,
      orgUrl: context.orgUrl,
      platform: context.platform,
      platformVersion: context.platformVersion,
      addon: this.vendor.addonId,
    });
    const licence = await trust.licence(answer.licence);
    const entitlement = await trust.entitlement(answer.entitlement);
    await this.host.writeSetting('licence', answer.licence);
    await this.host.writeSetting('entitlement', answer.entitlement);
    return { licence, entitlement, tokens: { licence: answer.licence, entitlement: answer.entitlement } };
  }

  /** Offline: the stored documents, as long as the entitlement's grace (its exp) has not passed. */
  private async offlineStatus(): Promise<{ licence: LicenceClaims; entitlement: EntitlementClaims }> {
    const trust = await this.trust;
    const storedLicence = await this.host.readSetting('licence');
    const storedEntitlement = await this.host.readSetting('entitlement');
    if (!storedLicence || !storedEntitlement) {
      throw new AddonError('server_unreachable', 'The update server cannot be reached, and no licence has been stored in this org yet.');
    }
    const licence = await trust.licence(storedLicence);
    try {
      return { licence, entitlement: await trust.entitlement(storedEntitlement) };
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
