/// <reference types="xrm" />
/**
 * The Dataverse host adapter (issue #4): org id, client URL and version from Xrm's global context; settings in
 * environment variables; the installed version from `solutions`; installs with the Web API action ImportSolution
 * (base64 CustomizationFile, ImportJobId), following the import job's progress, then PublishAllXml.
 */
import type { HostAdapter, HostContext, SettingName } from '../client/host-adapter';
import { AddonError } from '../client/client-error';
import { readEnvironmentVariable, writeEnvironmentVariable } from './environment-variables';
import { dataverseWebApi, type WebApi } from './web-api';

/** Base64 of a byte array in the browser, in chunks (a 10 MB solution would overflow String.fromCharCode(...)). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function newGuid(): string {
  return globalThis.crypto.randomUUID();
}

export function dataverseHost(globalContext: Xrm.GlobalContext, solutionUniqueName: string, options: { pollMs?: number } = {}): HostAdapter {
  const clientUrl = globalContext.getClientUrl();
  const api: WebApi = dataverseWebApi(clientUrl);
  const pollMs = options.pollMs ?? 500;
  const context: HostContext = {
    orgId: globalContext.organizationSettings.organizationId.replace(/[{}]/g, '').toLowerCase(),
    orgUrl: clientUrl,
    platform: 'dynamics365',
    platformVersion: globalContext.getVersion(),
    userName: globalContext.userSettings?.userName,
  };

  return {
    context: async () => context,
    readSetting: (name: SettingName) => readEnvironmentVariable(api, name),
    writeSetting: (name: SettingName, value: string) => writeEnvironmentVariable(api, name, value),
    async installedVersion() {
      const result = await api<{ value: Array<{ version: string }> }>(
        'GET',
        `solutions?$filter=uniquename eq '${solutionUniqueName}'&$select=version,uniquename,solutionid`,
      );
      return result.value[0]?.version;
    },
    async importSolution(bytes, onProgress) {
      const importJobId = newGuid();
      let done = false;
      const importing = api('POST', 'ImportSolution', {
        OverwriteUnmanagedCustomizations: true,
        PublishWorkflows: true,
        CustomizationFile: base64(bytes),
        ImportJobId: importJobId,
      }).finally(() => {
        done = true;
      });
      // Follow the import job while the action runs (the job row appears once the import has started).
      const follow = (async () => {
        while (!done) {
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          try {
            const job = await api<{ progress?: number }>('GET', `importjobs(${importJobId})?$select=progress,completedon,solutionname`);
            if (!done && typeof job.progress === 'number') onProgress(Math.round(job.progress));
          } catch {
            // not there yet
          }
        }
      })();
      try {
        await importing;
      } catch (error) {
        throw new AddonError('import_failed', error instanceof Error ? error.message : String(error));
      } finally {
        await follow;
      }
      onProgress(100);
    },
    async publishAll() {
      await api('POST', 'PublishAllXml');
    },
    reload() {
      globalThis.location.reload();
    },
  };
}
