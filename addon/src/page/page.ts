/// <reference types="xrm" />
/**
 * The configuration page (web resource <prefix>_/<addon>/config.html). Each time an admin opens it, it refreshes the
 * signed licence and entitlement, checks for updates, and installs the newest eligible one automatically when
 * auto-update is on (SPEC §2: "downloaded automatically when the configuration frontend is opened the next time").
 */
import { axiosUpdateServer } from '../client/fetcher';
import type { VerificationErrorCode } from '@crm-assurance/license-core';
import { AddonError, type AddonErrorCode } from '../client/client-error';
import { UpdateClient, type AddonStatus, type OfferedRelease, type VendorConfig } from '../client/update-client';
import { dataverseHost, type GlobalContextLike } from '../dataverse/dataverse-host';
import { el } from './dom';
import type { SupportRequestSummary } from '../client/fetcher';
import { assuranceCard, licenceCard, platformCard, supportCard, updatesCard, type ProblemReport } from './sections';

type PageState = 'loading' | 'needs-licence' | 'ready' | 'installing' | 'installed' | 'error';

const PHASE_WORDS = {
  download: 'Downloading',
  verify: 'Checking signature and fingerprint',
  import: 'Importing into Dynamics 365',
  upgrade: 'Applying the upgrade (removing what the new version dropped)',
  publish: 'Publishing customisations',
  done: 'Done',
};

/** The inputs an error can be about: the API's `field` (or the page's own) → the input's id (issue #13). */
const FIELD_INPUTS: Record<string, string> = {
  licenceKey: 'licence-key',
  summary: 'support-summary',
  description: 'support-description',
  'contact.name': 'support-contact-name',
  'contact.email': 'support-contact-email',
};

/** Plain words for a refused input, whatever the validator said (the raw text never reaches the admin). */
const FIELD_WORDS: Record<string, string> = {
  licenceKey: 'A licence key looks like CRMA-7K2QF-M9XDR-4HV8T-PW3NC. Check it against your order confirmation.',
  summary: 'Describe the problem in a short summary (up to 200 characters).',
  description: 'Describe what happened and what you expected (up to 8,000 characters).',
  'contact.name': 'Type your name (up to 200 characters), or leave it empty.',
  'contact.email': 'Type an e-mail address like name@example.com, or leave it empty.',
};

/** Shows `text` under the input of `field`, tied to it for screen readers; false when the page has no such input. */
function showFieldError(field: string | undefined, text: string): boolean {
  const id = field === undefined ? undefined : FIELD_INPUTS[field];
  const input = id === undefined ? null : document.getElementById(id);
  if (!input || id === undefined) return false;
  let note = document.getElementById(`${id}-error`);
  if (!note) {
    note = el('p', { class: 'field-error', id: `${id}-error`, 'data-testid': `${id}-error`, role: 'alert' });
    (input.closest('.row') ?? input).insertAdjacentElement('afterend', note);
  }
  note.textContent = text;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${id}-error`);
  input.focus();
  return true;
}

/** A new attempt starts clean: the field notes and the message bar of the last one go. */
function clearFieldErrors(): void {
  const box = document.querySelector<HTMLElement>('[data-testid="message"]');
  if (box) {
    box.hidden = true;
    box.textContent = '';
    delete box.dataset.kind;
    delete box.dataset.code;
  }
  document.querySelectorAll('.field-error').forEach((n) => n.remove());
  document.querySelectorAll('[aria-invalid="true"]').forEach((n) => {
    n.removeAttribute('aria-invalid');
    n.removeAttribute('aria-describedby');
  });
}

/** An error about one input goes next to it; any other to the message bar. */
function showError(error: unknown): void {
  const { code, text, field } = explain(error);
  if (!showFieldError(field, text)) showMessage('error', text, code);
}

/** Plain words for the errors an admin can meet; the code stays visible for support. */
function explain(error: unknown): { code: string; text: string; field?: string } {
  const e = error as { code?: string; message?: string; field?: string };
  const code = e.code ?? 'unexpected';
  // A refused input: the field's plain words, at the field (issue #13).
  if (code === 'invalid_input' && e.field !== undefined && FIELD_WORDS[e.field] !== undefined) return { code, text: FIELD_WORDS[e.field], field: e.field };
  // Typed by the closed code sets (issue #11): a label for a code that no longer exists does not compile.
  const words: Partial<Record<AddonErrorCode | VerificationErrorCode, string>> = {
    ERR_SIGNATURE_INVALID: 'The answer from the update server has an invalid signature. It was refused; nothing was changed.',
    ERR_CHAIN_UNTRUSTED: 'The answer was not signed by this add-on’s vendor. It was refused; nothing was changed.',
    ERR_AUDIENCE_MISMATCH: 'This licence belongs to another Dynamics 365 organisation.',
    ERR_TOKEN_EXPIRED: 'The signed answer has expired. Refresh the page.',
    ERR_CERT_REVOKED: 'The answer was signed with a key the vendor has revoked. It was refused; nothing was changed. Tell the vendor.',
    ERR_TOKEN_NOT_YET_VALID: 'The signed answer is dated in the future. Check the date and time of this computer, then refresh the page.',
    summary_missing: 'Describe the problem in a short summary.',
    description_missing: 'Describe what happened and what you expected.',
    ERR_MANIFEST_ROLLBACK: 'The update server sent an older list of releases than this org has already seen. It was refused.',
    org_bound_elsewhere:
      'This Dynamics 365 organisation is already activated with another customer’s licence, so this key cannot be used here. Type that customer’s key, or ask the vendor to release the organisation (quote its id, shown under Dynamics 365 version).',
    licence_key_invalid: 'This licence key is not valid. Check it against your order confirmation; if the vendor issued you a new key, type the new one.',
    org_limit_reached:
      'This licence is already in use in as many organisations as it allows (one production organisation and its sandboxes). Ask the vendor to release one of them (quote this organisation’s id, shown under Dynamics 365 version), or type a licence key bought for this organisation.',
    licence_key_malformed: 'A licence key looks like CRMA-7K2QF-M9XDR-4HV8T-PW3NC. Check it against your order confirmation.',
    licence_missing: 'Type the licence key from your order confirmation.',
    contact_email_invalid: 'Type an e-mail address like name@example.com, or leave it empty.',
    server_unreachable: 'The update server cannot be reached. Check the network, or try again later.',
    vendor_config_invalid: 'The add-on’s vendor settings (vendor.json) are incomplete. Ask the vendor for a current build of the add-on for your Dynamics 365 version.',
  };
  // The org binding refusals name `orgId`; on this page the admin's way out is the key they typed.
  const field = e.field === 'orgId' ? 'licenceKey' : e.field;
  return { code, text: words[code as keyof typeof words] ?? e.message ?? String(error), ...(field !== undefined ? { field } : {}) };
}

function setState(state: PageState): void {
  document.body.dataset.state = state;
}

function showMessage(kind: 'error' | 'success' | 'info', text: string, code?: string): void {
  const box = document.querySelector<HTMLElement>('[data-testid="message"]');
  if (!box) return;
  box.hidden = false;
  box.dataset.kind = kind;
  if (code) box.dataset.code = code;
  else delete box.dataset.code;
  box.textContent = text;
}

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

async function main(): Promise<void> {
  const app = document.getElementById('app')!;
  let client: UpdateClient;
  let host: ReturnType<typeof dataverseHost>;
  try {
    const vendor = await loadVendor();
    host = dataverseHost(globalContext(), { solutionUniqueName: vendor.solutionUniqueName, webApiVersion: vendor.webApiVersion, stateTable: vendor.stateTable });
    client = new UpdateClient(host, axiosUpdateServer(vendor.serverUrl), vendor);
  } catch (error) {
    const { code, text } = explain(error);
    showMessage('error', text, code);
    setState('error');
    return;
  }

  const progress = (phase: keyof typeof PHASE_WORDS, percent: number) => {
    const wrap = document.querySelector<HTMLElement>('.progress');
    const bar = document.querySelector<HTMLElement>('[data-testid="progress-bar"]');
    if (!wrap || !bar) return;
    wrap.hidden = false;
    bar.style.width = `${percent}%`;
    bar.setAttribute('aria-valuenow', String(percent));
    wrap.querySelector('.phase')!.textContent = `${PHASE_WORDS[phase]} … ${percent}%`;
  };

  const install = async (update: OfferedRelease) => {
    setState('installing');
    document.querySelectorAll<HTMLButtonElement>('button').forEach((b) => (b.disabled = true));
    showMessage('info', `Installing version ${update.release.version} …`);
    try {
      await client.install(update, progress);
      showMessage('success', `Version ${update.release.version} is installed. The page reloads now.`);
      setState('installed');
      setTimeout(() => host.reload(), 800);
    } catch (error) {
      const { code, text } = explain(error);
      showMessage('error', text, code);
      document.querySelectorAll<HTMLButtonElement>('button').forEach((b) => (b.disabled = false));
      setState('ready');
    }
  };

  /** An install runs in this org (started here before a reload, or in another tab): show it, help it finish. */
  const follow = async (status: AddonStatus): Promise<void> => {
    const running = status.installing!;
    setState('installing');
    document.querySelectorAll<HTMLButtonElement>('[data-testid="install-button"]').forEach((b) => (b.disabled = true));
    showMessage('info', `${running.by ?? 'Someone'} is installing version ${running.toVersion} (started ${running.startedAt.slice(11, 16)} UTC). This page follows it.`, 'install_in_progress');
    try {
      if ((await client.resume(progress)) === 'abandoned') {
        // The other page went away before its import started: nothing runs any more; show the org as it is.
        return await run(() => client.open());
      }
      showMessage('success', `Version ${running.toVersion} is installed. The page reloads now.`);
      setState('installed');
      setTimeout(() => host.reload(), 800);
    } catch (error) {
      const { code, text } = explain(error);
      showMessage('error', text, code);
      setState('ready');
    }
  };

  const report = async (status: AddonStatus, problem: ProblemReport) => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="support-submit"]');
    if (button) button.disabled = true;
    clearFieldErrors();
    try {
      const filed = await client.reportProblem(problem);
      render(status, await client.supportRequests().catch(() => []));
      showMessage('success', `Your request #${filed.number} was sent to the vendor. Quote this number when you talk to them.`, `support_request_${filed.number}`);
    } catch (error) {
      showError(error);
      if (button) button.disabled = false;
    }
  };

  /** Activates a key typed on the page (first time, or to change the key): a refusal stays on the page, at the key. */
  const activate = async (key: string) => {
    const before = (document.body.dataset.state ?? 'ready') as PageState;
    clearFieldErrors();
    setState('loading');
    let status: AddonStatus;
    try {
      status = await client.activate(key);
    } catch (error) {
      setState(before === 'loading' ? 'ready' : before);
      showError(error);
      return;
    }
    await run(() => Promise.resolve(status), 'Licence activated.');
  };

  const render = (status: AddonStatus, requests: SupportRequestSummary[] = []) => {
    app.replaceChildren(
      el(
        'div',
        { class: 'grid' },
        licenceCard(status, (key) => void activate(key)),
        assuranceCard(status),
        platformCard(status),
        updatesCard(status, { onInstall: (u) => void install(u), onAutoUpdate: (on) => void client.setAutoUpdate(on) }),
        supportCard(status, requests, (problem) => void report(status, problem)),
      ),
    );
  };

  const run = async (open: () => Promise<AddonStatus>, success?: string): Promise<void> => {
    setState('loading');
    try {
      const status = await open();
      // The organisation's earlier requests; the page works without them.
      const requests = status.licence && !status.offline ? await client.supportRequests().catch(() => []) : [];
      render(status, requests);
      if (success) showMessage('success', success);
      if (status.needsLicence) return setState('needs-licence');
      if (status.installing) return await follow(status);
      setState('ready');
      const mayInstall = status.permission.allowed && !status.unmanaged;
      if (status.autoUpdate && mayInstall && status.updates.length > 0) await install(status.updates[0]);
    } catch (error) {
      const { code, text } = explain(error);
      showMessage('error', text, code);
      setState('error');
    }
  };

  document.querySelector('[data-testid="refresh-button"]')?.addEventListener('click', () => void run(() => client.open()));
  await run(() => client.open());
}

void main();
