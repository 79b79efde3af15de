/**
 * The Odoo host adapter (issue #10): the update client's HostAdapter over Odoo's JSON-RPC on the admin's own session
 * (json-rpc.ts). Sources in odoo/odoo 16.0–18.0: addons/web/controllers/{webclient,session}.py (version_info,
 * get_session_info), odoo/addons/base/models/{ir_config_parameter,ir_module,ir_model}.py,
 * addons/base_import_module/{wizard/base_import_module.py,models/ir_module.py}. Decisions O10–O19 in
 * docs/decisions-odoo.md.
 */
import { AddonError } from '../client/client-error';
import type { HostAdapter, HostContext, ImportJobStatus, InstallPermission, InstalledSolutionInfo } from '../client/host-adapter';
import { configParameters, settingKey } from './config-parameters';
import { odooJsonRpc, OdooRpcError, type OdooRpc } from './json-rpc';
import { moduleVersionPart } from './versions';

export interface OdooHostSettings {
  /** The module's technical name (`northwind_docgen`): the ir.module.module name and the settings' key prefix. */
  moduleName: string;
  /** Same origin by default (''); the tests pass the emulator's URL. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** The page's address, for HostContext.orgUrl (default: location.origin). */
  origin?: string;
  /** An import that has not finished after this long is taken as failed (O16). Default 15 minutes. */
  importTimeoutMs?: number;
  now?: () => Date;
}

/** The session as /web/session/get_session_info answers it (odoo/addons/web/models/ir_http.py session_info). */
interface SessionInfo {
  uid: number | false | null;
  is_system?: boolean;
  is_admin?: boolean;
  name?: string;
  username?: string;
  db?: string;
  server_version?: string;
}

interface ModuleRow {
  id: number;
  name: string;
  state: string;
  latest_version: string | false;
  installed_version?: string | false;
  write_date?: string | false;
}

/** The record of an import (O16), in the parameter `<module>.import_job`: the import is one synchronous RPC in Odoo. */
export interface OdooImportJob {
  id: string;
  startedAt: string;
  completed: boolean;
  failure?: { code: string; text: string };
}

/** States of ir.module.module in which the module's data is in the database. */
const PRESENT = new Set(['installed', 'to upgrade', 'to remove']);
const DEFAULT_IMPORT_TIMEOUT_MS = 15 * 60_000;

/** Base64 of a byte array in the browser, in chunks (a large zip would overflow String.fromCharCode(...)). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Odoo's `YYYY-MM-DD HH:MM:SS` (UTC) as epoch milliseconds; NaN when absent. */
export function odooDateTime(value: string | false | undefined): number {
  return typeof value === 'string' ? Date.parse(`${value.replace(' ', 'T')}Z`) : NaN;
}

/**
 * The failure a 16.0 wizard leaves in `import_message` (16.0's import_zipfile collects each module's error as text
 * instead of raising; 17.0 and later raise a UserError, which rolls the import back).
 */
export function importMessageFailure(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const at = message.indexOf('Error while importing module');
  return at < 0 ? undefined : message.slice(at).trim();
}

export function odooHost(settings: OdooHostSettings): HostAdapter & { rpc: OdooRpc } {
  const rpc = odooJsonRpc(settings.baseUrl ?? '', settings.fetchImpl);
  const name = settings.moduleName;
  const params = configParameters(rpc, name);
  const now = settings.now ?? (() => new Date());
  const jobKey = settingKey(name, 'importJob');
  let session: Promise<SessionInfo> | undefined;
  const sessionInfo = () => (session ??= rpc.route<SessionInfo>('/web/session/get_session_info').catch((error: unknown) => {
    session = undefined;
    throw error;
  }));

  const moduleRow = async (): Promise<ModuleRow | undefined> =>
    (
      await rpc.callKw<ModuleRow[]>('ir.module.module', 'search_read', [[['name', '=', name]]], {
        fields: ['id', 'name', 'state', 'latest_version', 'installed_version', 'write_date'],
        limit: 1,
      })
    )[0];

  const readJob = async (): Promise<{ job: OdooImportJob; writeDate: string } | undefined> => {
    const row = await params.readKey(jobKey);
    if (!row) return undefined;
    try {
      const job = JSON.parse(row.value) as OdooImportJob;
      return typeof job?.id === 'string' ? { job, writeDate: row.writeDate } : undefined;
    } catch {
      return undefined;
    }
  };
  const writeJob = (job: OdooImportJob) => params.exchange(jobKey, JSON.stringify(job));

  const host: HostAdapter & { rpc: OdooRpc } = {
    rpc,
    async context(): Promise<HostContext> {
      const [info, version, uuid] = await Promise.all([
        sessionInfo(),
        rpc.route<{ server_version?: string }>('/web/webclient/version_info'),
        rpc.callKw<string | false>('ir.config_parameter', 'get_param', ['database.uuid']).catch((error: unknown) => {
          if (error instanceof OdooRpcError && error.code === 'access_denied') {
            throw new AddonError('state_access_denied', `This page needs the Settings access in Odoo (it reads the database's id, a system parameter). ${error.message}`);
          }
          throw error;
        }),
      ]);
      if (typeof uuid !== 'string' || uuid === '') throw new AddonError('odoo_error', 'Odoo did not give the database.uuid system parameter: the database has no id to bind the licence to.');
      const platformVersion = version.server_version ?? info.server_version;
      if (!platformVersion) throw new AddonError('odoo_error', 'Odoo did not say its version (/web/webclient/version_info has no server_version).');
      return {
        orgId: uuid.toLowerCase(),
        orgUrl: settings.origin ?? globalThis.location?.origin ?? '',
        platform: 'odoo',
        platformVersion,
        ...(typeof info.uid === 'number' ? { userId: String(info.uid) } : {}),
        ...(info.name ? { userName: info.name } : info.username ? { userName: info.username } : {}),
      };
    },
    readSetting: async (setting) => (await params.read(setting))?.value,
    readVersionedSetting: (setting) => params.read(setting),
    writeSetting: (setting, value, condition) => params.write(setting, value, condition),

    /**
     * ir.module.module: the add-on's version is the module part of `installed_version` (for an imported module it
     * is the latest_version, base_import_module _get_latest_version) or `latest_version`. Odoo has no managed and
     * unmanaged installs: always `managed`; an import applies at once, so nothing is ever pending (O15).
     */
    async installedSolution(): Promise<InstalledSolutionInfo | undefined> {
      const row = await moduleRow();
      if (!row || !PRESENT.has(row.state)) return undefined;
      const raw = (typeof row.installed_version === 'string' && row.installed_version) || (typeof row.latest_version === 'string' && row.latest_version) || '';
      const version = moduleVersionPart(raw);
      if (!version) throw new AddonError('odoo_error', `Odoo reports the module ${name} at version "${raw}", which is not <series>.<x>.<y>.<z>.`);
      return { version, managed: true };
    },

    /**
     * Installing needs the Settings group (base.group_system, which the menu and the system parameters need) and
     * Odoo's `env.is_admin()` (base_import_module refuses others): session_info's `is_system` and `is_admin`, the
     * same on 16.0–18.0, unlike res.users.has_group's calling convention (O14). Others are told whom to ask: the
     * active users of base.group_system, found through ir.model.data check_object_reference.
     */
    async installPermission(): Promise<InstallPermission> {
      const info = await sessionInfo();
      const missing = [...(info.is_system ? [] : ['base.group_system']), ...(info.is_admin ? [] : ['base.group_erp_manager'])];
      if (missing.length === 0) return { allowed: true, missing };
      const askWhom = await rpc
        .callKw<[string, number | false]>('ir.model.data', 'check_object_reference', ['base', 'group_system'])
        .then(async ([, groupId]) =>
          typeof groupId === 'number'
            ? (await rpc.callKw<Array<{ name: string }>>('res.users', 'search_read', [[['groups_id', 'in', [groupId]], ['share', '=', false]]], { fields: ['name'], limit: 20, order: 'name' })).map((u) => u.name)
            : [],
        )
        .catch(() => [] as string[]);
      return { allowed: false, missing, ...(askWhom.length > 0 ? { askWhom } : {}) };
    },

    /**
     * base_import_module's wizard, as its button does it: create a `base.import.module` record with the zip, then
     * `import_module` on it. For a module already installed, `_import_module` writes the new latest_version and
     * loads the data files in `update` mode, and the static files replace the module's attachments: there is no
     * separate upgrade step for an imported module (a button_immediate_upgrade would reload the registry from the
     * addons path, where imported modules are not; O15). The import is one synchronous RPC, so the job is recorded
     * before and after it (O16).
     */
    async importUpgrade(bytes, jobId) {
      const job: OdooImportJob = { id: jobId, startedAt: now().toISOString(), completed: false };
      await writeJob(job);
      let failure: { code: string; text: string } | undefined;
      try {
        const created = await rpc.callKw<number | number[]>('base.import.module', 'create', [[{ module_file: base64(bytes), state: 'init' }]]);
        const wizardId = Array.isArray(created) ? created[0] : created;
        await rpc.callKw('base.import.module', 'import_module', [[wizardId]]);
        const [wizard] = await rpc.callKw<Array<{ import_message?: string | false }>>('base.import.module', 'read', [[wizardId], ['import_message']]).catch(() => []);
        const text = importMessageFailure(wizard?.import_message);
        if (text) failure = { code: 'odoo_import', text };
      } catch (error) {
        const e = error instanceof OdooRpcError ? error : undefined;
        if (e?.code === 'session_expired') failure = { code: 'session_expired', text: e.message };
        else failure = { code: e?.exceptionName?.split('.').pop() ?? 'odoo_error', text: error instanceof Error ? error.message : String(error) };
      }
      await writeJob({ ...job, completed: true, ...(failure ? { failure } : {}) }).catch(() => undefined);
      if (failure) throw new AddonError('import_failed', failure.text);
    },

    /**
     * The import as recorded. While the record says it runs, the module's write_date tells whether the import's
     * transaction committed (the import writes the module record); an import that neither committed nor ended
     * within the timeout is over (its page went away, or Odoo's limit_time_real stopped the request).
     */
    async importJob(jobId): Promise<ImportJobStatus | undefined> {
      const stored = await readJob();
      if (!stored || stored.job.id !== jobId) return undefined;
      const { job, writeDate } = stored;
      if (job.completed) return { progress: 100, completed: true, ...(job.failure ? { failure: job.failure } : {}) };
      const row = await moduleRow();
      if (row && odooDateTime(row.write_date) >= odooDateTime(writeDate)) return { progress: 100, completed: true };
      if (now().getTime() - Date.parse(job.startedAt) > (settings.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS)) {
        return { progress: 100, completed: true, failure: { code: 'import_interrupted', text: 'The import did not finish in Odoo (the page that started it went away, or Odoo stopped the request).' } };
      }
      return { progress: 0, completed: false };
    },

    /** Nothing to do: the import already ran the module's data in update mode (O15). */
    async applyUpgrade() {},
    /** Nothing to do: Odoo rebuilds an asset bundle whose files changed when it is next requested (O15). */
    async publishAll() {},
    reload() {
      globalThis.location.reload();
    },
  };
  return host;
}
