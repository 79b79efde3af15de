/**
 * importjob.data: the import log as Dataverse writes it (importjob table, column `data`,
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/importjob#BKMK_Data; the format is
 * what "Download log file" and RetrieveFormattedImportJobResults read). Root `importexportxml` with progress and
 * processed, one `solutionManifest` per solution, and the outcome as a `result` ELEMENT with `result`
 * (success|failure), `errorcode`, `errortext`, `datetime` and `datetimeticks` attributes; then one entry per component
 * (webResources/webResource, each with its own result).
 */
import type { SolutionPackage } from './solution-package';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** .NET ticks (100 ns since 0001-01-01) of an instant, as datetimeticks carries them. */
const ticks = (date: Date) => (BigInt(date.getTime()) * 10_000n + 621_355_968_000_000_000n).toString();

function result(ok: boolean, code = '0', text = ''): string {
  const now = new Date();
  return `<result result="${ok ? 'success' : 'failure'}" errorcode="${esc(code)}" errortext="${esc(text)}" datetime="${now.toISOString().slice(11, 22)}" datetimeticks="${ticks(now)}" />`;
}

export function importLog(state: { progress: number; pkg?: SolutionPackage; result?: { ok: true } | { ok: false; code: string; message: string } }): string {
  const { pkg, progress } = state;
  const processed = state.result !== undefined;
  const outcome = state.result ? (state.result.ok ? result(true) : result(false, state.result.code, state.result.message)) : '';
  const manifest = pkg
    ? `<solutionManifest languagecode="1033" id="${esc(pkg.uniqueName)}" LocalizedName="${esc(pkg.friendlyName)}" processed="${processed}">` +
      `<UniqueName>${esc(pkg.uniqueName)}</UniqueName><Version>${esc(pkg.version)}</Version><Managed>${pkg.managed ? 1 : 0}</Managed>` +
      `<results />${outcome}</solutionManifest>`
    : processed
      ? `<solutionManifest processed="true"><results />${outcome}</solutionManifest>`
      : '';
  const webResources = pkg && state.result?.ok
    ? `<webResources>${[...pkg.webResources.values()].map((w) => `<webResource id="{${w.id}}" name="${esc(w.name)}" processed="true">${result(true)}</webResource>`).join('')}</webResources>`
    : '';
  return `<importexportxml start="${ticks(new Date())}" progress="${progress}" processed="${processed}"><solutionManifests>${manifest}</solutionManifests>${webResources}</importexportxml>`;
}
