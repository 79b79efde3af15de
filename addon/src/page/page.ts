/// <reference types="xrm" />
/**
 * The Dynamics 365 configuration page (web resource <prefix>_/<addon>/config.html): the shared state machine
 * (controller.ts) drawn with the DOM (sections.ts). The Odoo page draws the same controller with OWL (decision O17).
 */
import { axiosUpdateServer } from '../client/fetcher';
import { AddonError } from '../client/client-error';
import { UpdateClient, type VendorConfig } from '../client/update-client';
import { dataverseHost, type GlobalContextLike } from '../dataverse/dataverse-host';
import { PageController, type PageView } from './controller';
import { el } from './dom';
import { assuranceCard, licenceCard, platformCard, supportCard, updatesCard } from './sections';
import { FIELD_INPUTS } from './view-model';

async function loadVendor(): Promise<VendorConfig & { webApiVersion: string; stateTable: NonNullable<VendorConfig['stateTable']> }> {
  const response = await fetch('./vendor.json', { credentials: 'same-origin' });
  if (!response.ok) throw new AddonError('vendor_config_missing', 'The add-on’s vendor settings (vendor.json) are missing from the solution.');
  const vendor = (await response.json()) as VendorConfig;
  if (!vendor.webApiVersion || !vendor.stateTable) throw new AddonError('vendor_config_invalid', 'vendor.json lacks webApiVersion or stateTable.');
  return vendor as VendorConfig & { webApiVersion: string; stateTable: NonNullable<VendorConfig['stateTable']> };
}

/**
 * The org context of an HTML web resource: GetGlobalContext() from ClientGlobalContext.js.aspx, which the page
 * includes (that script does not define Xrm; docs/dataverse-lines.md). Opened inside a form, the parent's Xrm works too.
 */
function globalContext(): GlobalContextLike {
  const w = globalThis as unknown as { GetGlobalContext?: () => GlobalContextLike; parent?: { Xrm?: Xrm.XrmStatic } };
  const ctx = w.GetGlobalContext?.() ?? (w.parent?.Xrm?.Utility?.getGlobalContext?.() as GlobalContextLike | undefined);
  if (!ctx) throw Object.assign(new Error('Open this page from Dynamics 365: the organisation context is not available.'), { code: 'no_crm_context' });
  return ctx;
}

function showMessage(view: PageView): void {
  const box = document.querySelector<HTMLElement>('[data-testid="message"]');
  if (!box) return;
  if (!view.message) {
    box.hidden = true;
    box.textContent = '';
    delete box.dataset.kind;
    delete box.dataset.code;
    return;
  }
  box.hidden = false;
  box.dataset.kind = view.message.kind;
  if (view.message.code) box.dataset.code = view.message.code;
  else delete box.dataset.code;
  box.textContent = view.message.text;
}

/** The field note under its input, tied to it for screen readers (issue #13); the old notes go. */
function showFieldError(view: PageView, focus: boolean): void {
  document.querySelectorAll('.field-error').forEach((n) => n.remove());
  document.querySelectorAll('[aria-invalid="true"]').forEach((n) => {
    n.removeAttribute('aria-invalid');
    n.removeAttribute('aria-describedby');
  });
  const id = view.fieldError ? FIELD_INPUTS[view.fieldError.field] : undefined;
  const input = id === undefined ? null : document.getElementById(id);
  if (!view.fieldError || !input || id === undefined) return;
  const note = el('p', { class: 'field-error', id: `${id}-error`, 'data-testid': `${id}-error`, role: 'alert' });
  (input.closest('.row') ?? input).insertAdjacentElement('afterend', note);
  note.textContent = view.fieldError.text;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${id}-error`);
  if (focus) input.focus();
}

function showProgress(view: PageView): void {
  const wrap = document.querySelector<HTMLElement>('.progress');
  const bar = document.querySelector<HTMLElement>('[data-testid="progress-bar"]');
  if (!wrap || !bar || !view.progress) return;
  wrap.hidden = false;
  bar.style.width = `${view.progress.percent}%`;
  bar.setAttribute('aria-valuenow', String(view.progress.percent));
  wrap.querySelector('.phase')!.textContent = view.progress.text;
}

function main(): void {
  const app = document.getElementById('app')!;
  const controller = new PageController(async () => {
    const vendor = await loadVendor();
    const host = dataverseHost(globalContext(), { solutionUniqueName: vendor.solutionUniqueName, webApiVersion: vendor.webApiVersion, stateTable: vendor.stateTable });
    return { client: new UpdateClient(host, axiosUpdateServer(vendor.serverUrl), vendor), host, platform: 'dynamics365' };
  });

  let drawn = 0;
  let last: PageView | undefined;
  controller.subscribe((view) => {
    document.body.dataset.state = view.state;
    if (view.status && view.renderCount !== drawn) {
      drawn = view.renderCount;
      const status = view.status;
      app.replaceChildren(
        el(
          'div',
          { class: 'grid' },
          licenceCard(status, (key) => void controller.activate(key)),
          assuranceCard(status),
          platformCard(status),
          updatesCard(status, { onInstall: (u) => void controller.install(u), onAutoUpdate: (on) => void controller.setAutoUpdate(on) }),
          supportCard(status, view.requests, (problem) => void controller.report(problem)),
        ),
      );
    }
    if (view.message !== last?.message) showMessage(view);
    if (view.fieldError !== last?.fieldError || view.renderCount !== last?.renderCount) showFieldError(view, view.fieldError !== last?.fieldError);
    showProgress(view);
    if (view.disabled !== last?.disabled || view.renderCount !== last?.renderCount) {
      if (view.disabled === 'all') document.querySelectorAll<HTMLButtonElement>('button').forEach((b) => (b.disabled = true));
      else if (view.disabled === 'install') document.querySelectorAll<HTMLButtonElement>('[data-testid="install-button"]').forEach((b) => (b.disabled = true));
      else if (last?.disabled === 'all' && view.renderCount === last.renderCount) document.querySelectorAll<HTMLButtonElement>('button').forEach((b) => (b.disabled = false));
    }
    const submit = document.querySelector<HTMLButtonElement>('[data-testid="support-submit"]');
    if (submit && view.supportBusy !== last?.supportBusy) submit.disabled = view.supportBusy;
    last = view;
  });

  document.querySelector('[data-testid="refresh-button"]')?.addEventListener('click', () => void controller.refresh());
  void controller.start();
}

main();
