/// <reference types="xrm" />
/**
 * The Dataverse host adapter: who and where (ClientGlobalContext + WhoAmI, on every line), settings in the add-on's
 * state table, the installed solution, the user's import privileges, and upgrades as Dataverse documents them:
 * ImportSolution with HoldingSolution under our own ImportJobId, then DeleteAndPromote (so that what a version
 * dropped is removed; a plain import would only update), then PublishAllXml. docs/dataverse-lines.md has the sources.
 */
import type { HostAdapter, HostContext, ImportJobStatus, InstallPermission, InstalledSolutionInfo, SettingName } from '../client/host-adapter';
import { AddonError } from '../client/client-error';
import { INSTALL_PRIVILEGES } from './install-privileges';
import { stateStore, type StateTable } from './state-table';
import { DataverseError, dataverseWebApi, type WebApi } from './web-api';

/** Base64 of a byte array in the browser, in chunks (a 10 MB solution would overflow String.fromCharCode(...)). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}


/** The global context of ClientGlobalContext.js.aspx, on every line (8.2 has no organizationSettings/userSettings). */
export interface GlobalContextLike {
  getClientUrl(): string;
  getVersion(): string;
  getUserName?(): string;
  userSettings?: { userName?: string };
}

export interface DataverseHostSettings {
  solutionUniqueName: string;
  webApiVersion: string;
  stateTable: StateTable;
}

const HOLDING_SUFFIX = '_Upgrade';

/** The failure in an import log (importjob.data): the `result` element of the solution manifest. */
export function importLogFailure(data: string | undefined): { code: string; text: string } | undefined {
  if (!data) return undefined;
  const result = /<result\b[^>]*\bresult="failure"[^>]*\/?>/.exec(data)?.[0];
  if (!result) return undefined;
  const attr = (attribute: string) => new RegExp(`\\b${attribute}="([^"]*)"`).exec(result)?.[1];
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { code: attr('errorcode') || 'unknown', text: decode(attr('errortext') || 'The import failed.') };
}

export function dataverseHost(globalContext: GlobalContextLike, settings: DataverseHostSettings, options: { fetchImpl?: typeof fetch } = {}): HostAdapter {
  const clientUrl = globalContext.getClientUrl();
  const api: WebApi = dataverseWebApi(clientUrl, settings.webApiVersion, options.fetchImpl);
  const state = stateStore(api, settings.stateTable);
  const name = settings.solutionUniqueName;
  let who: Promise<{ UserId: string; OrganizationId: string }> | undefined;
  const whoAmI = () => (who ??= api<{ UserId: string; OrganizationId: string }>('GET', 'WhoAmI()').then((r) => r.body));

  const solutionRow = async (uniqueName: string) =>
    (await api<{ value: Array<{ version: string; ismanaged: boolean }> }>('GET', `solutions?$filter=uniquename eq '${uniqueName}'&$select=version,ismanaged,uniquename`)).body.value[0];

  const host: HostAdapter = {
    async context(): Promise<HostContext> {
      const me = await whoAmI();
      return {
        orgId: me.OrganizationId.replace(/[{}]/g, '').toLowerCase(),
        orgUrl: clientUrl,
        platform: 'dynamics365',
        platformVersion: globalContext.getVersion(),
        userId: me.UserId.replace(/[{}]/g, '').toLowerCase(),
        userName: globalContext.userSettings?.userName ?? globalContext.getUserName?.(),
      };
    },
    readSetting: async (setting: SettingName) => (await state.read(setting))?.value,
    readVersionedSetting: (setting) => state.read(setting),
    writeSetting: (setting, value, condition) => state.write(setting, value, condition),

    async installedSolution(): Promise<InstalledSolutionInfo | undefined> {
      const [base, holding] = await Promise.all([solutionRow(name), solutionRow(name + HOLDING_SUFFIX)]);
      if (!base) return undefined;
      return { version: base.version, managed: base.ismanaged, ...(holding ? { upgradePending: { version: holding.version } } : {}) };
    },

    /**
     * RetrieveUserPrivileges lists the privileges of the user's roles; privilege names are looked up through the
     * privileges table, because RolePrivilege carries only ids on older lines. Privileges a user holds only through a
     * team are not seen (RetrieveUserPrivileges covers roles; decision D42).
     */
    async installPermission(): Promise<InstallPermission> {
      const me = await whoAmI();
      const filter = encodeURIComponent(INSTALL_PRIVILEGES.map((p) => `name eq '${p}'`).join(' or '));
      const [known, mine] = await Promise.all([
        api<{ value: Array<{ privilegeid: string; name: string }> }>('GET', `privileges?$select=privilegeid,name&$filter=${filter}`),
        api<{ RolePrivileges: Array<{ PrivilegeId: string }> }>('GET', `systemusers(${me.UserId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`),
      ]);
      const held = new Set(mine.body.RolePrivileges.map((p) => p.PrivilegeId.toLowerCase()));
      const missing = INSTALL_PRIVILEGES.filter((p) => {
        const row = known.body.value.find((k) => k.name === p);
        return !row || !held.has(row.privilegeid.toLowerCase());
      });
      return { allowed: missing.length === 0, missing };
    },

    async importUpgrade(bytes, jobId) {
      try {
        await api('POST', 'ImportSolution', {
          OverwriteUnmanagedCustomizations: false,
          PublishWorkflows: true,
          HoldingSolution: true,
          CustomizationFile: base64(bytes),
          ImportJobId: jobId,
        });
      } catch (error) {
        const code = error instanceof DataverseError ? error.dataverseCode : undefined;
        throw new AddonError('import_failed', `${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}`);
      }
    },

    async importJob(jobId): Promise<ImportJobStatus | undefined> {
      try {
        const job = (await api<{ progress?: number; completedon?: string | null; data?: string }>('GET', `importjobs(${jobId})?$select=progress,completedon,data`)).body;
        const failure = importLogFailure(job.data);
        return { progress: Math.round(job.progress ?? 0), completed: Boolean(job.completedon), ...(failure ? { failure } : {}) };
      } catch (error) {
        if (error instanceof DataverseError && error.status === 404) return undefined;
        throw error;
      }
    },

    async applyUpgrade() {
      await api('POST', 'DeleteAndPromote', { UniqueName: name });
    },
    async publishAll() {
      await api('POST', 'PublishAllXml');
    },
    reload() {
      globalThis.location.reload();
    },
  };
  return host;
}
