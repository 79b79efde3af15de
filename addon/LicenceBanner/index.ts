import { IInputs, IOutputs } from './generated/ManifestTypes';
import { bannerText, checkLicence, LicenceCheckHost, LicenceCheckResult } from './licence-check';

/** `Xrm.Utility.getGlobalContext()` when the control runs inside Dynamics 365; undefined elsewhere (harness, canvas). */
function xrmOrg(): LicenceCheckHost['org'] {
  try {
    const xrm = (globalThis as { Xrm?: Xrm.XrmStatic }).Xrm;
    const globalContext = xrm?.Utility?.getGlobalContext?.();
    if (!globalContext) return undefined;
    const id = globalContext.organizationSettings?.organizationId;
    const clientUrl = globalContext.getClientUrl();
    return id && clientUrl ? { id, clientUrl } : undefined;
  } catch {
    return undefined;
  }
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * CrmAssurance.LicenceBanner: a field control for a single-line text column. On init it checks the org's signed
 * licence offline (licence-check.ts) and, when the org is not licensed, shows a non-blocking banner above the
 * field. The field itself always renders and stays editable; a failing check never breaks the form.
 */
export class LicenceBanner implements ComponentFramework.StandardControl<IInputs, IOutputs> {
  private root: HTMLDivElement | undefined;
  private banner: HTMLDivElement | undefined;
  private input: HTMLInputElement | undefined;
  private value: string | undefined;
  private notifyOutputChanged: (() => void) | undefined;
  private destroyed = false;
  private readonly onInput = (): void => {
    this.value = this.input?.value ?? '';
    this.notifyOutputChanged?.();
  };

  public init(
    context: ComponentFramework.Context<IInputs>,
    notifyOutputChanged: () => void,
    _state: ComponentFramework.Dictionary,
    container: HTMLDivElement,
  ): void {
    this.notifyOutputChanged = notifyOutputChanged;

    this.root = document.createElement('div');
    this.root.className = 'cra-licence-banner-root';
    this.root.setAttribute('data-licence', 'checking'); // → licensed | unlicensed once the check has finished

    this.banner = document.createElement('div');
    this.banner.className = 'cra-licence-banner';
    this.banner.setAttribute('role', 'status');
    this.banner.setAttribute('aria-live', 'polite');
    this.banner.setAttribute('data-testid', 'cra-licence-banner');
    this.banner.hidden = true;

    this.input = document.createElement('input');
    this.input.type = 'text';
    this.input.className = 'cra-licence-banner-input';
    this.input.addEventListener('input', this.onInput);

    this.root.appendChild(this.banner);
    this.root.appendChild(this.input);
    container.appendChild(this.root);

    const settingsWebResource = context.parameters.settingsWebResource?.raw ?? undefined;
    let host: LicenceCheckHost;
    try {
      host = { webAPI: context.webAPI, org: xrmOrg(), settingsWebResource, fetchText };
    } catch {
      host = { webAPI: context.webAPI, org: undefined, settingsWebResource, fetchText };
    }
    checkLicence(host)
      .then((result) => this.showResult(result))
      .catch((error: unknown) => this.showResult({ licensed: false, addonName: undefined, reason: 'licence_invalid', detail: String(error) }));
  }

  public updateView(context: ComponentFramework.Context<IInputs>): void {
    if (!this.input) return;
    const raw = context.parameters.value.raw;
    this.value = raw ?? '';
    if (document.activeElement !== this.input) this.input.value = this.value;
    this.input.disabled = context.mode.isControlDisabled;
    this.input.setAttribute('aria-label', context.parameters.value.attributes?.DisplayName ?? 'Value');
  }

  public getOutputs(): IOutputs {
    return { value: this.value };
  }

  public destroy(): void {
    this.destroyed = true;
    this.input?.removeEventListener('input', this.onInput);
    this.root?.remove();
  }

  private showResult(result: LicenceCheckResult): void {
    if (this.destroyed || !this.banner) return;
    this.root?.setAttribute('data-licence', result.licensed ? 'licensed' : 'unlicensed');
    if (result.licensed) {
      this.banner.hidden = true;
      this.banner.textContent = '';
      return;
    }
    this.banner.textContent = bannerText(result);
    this.banner.setAttribute('data-reason', result.reason);
    this.banner.hidden = false;
  }
}
