/**
 * The configuration page's state machine, shared by the Dynamics page (page.ts, DOM) and the Odoo page (odoo/,
 * OWL): decision O17. Each time an admin opens the page it refreshes the signed licence and entitlement, checks for
 * updates, and installs the newest eligible one automatically when auto-update is on (SPEC §2: "downloaded
 * automatically when the configuration frontend is opened the next time"). It holds what the page shows
 * (PageView) and tells its renderer on every change; the renderer only draws and forwards the admin's actions.
 */
import type { Platform } from '@crm-assurance/license-core';
import type { SupportRequestSummary } from '../client/fetcher';
import type { UpdateClient, AddonStatus, OfferedRelease, ProgressPhase } from '../client/update-client';
import { explain, hasInput, platformWords } from './view-model';

export type PageState = 'loading' | 'needs-licence' | 'ready' | 'installing' | 'installed' | 'error';

export interface PageMessage {
  kind: 'error' | 'success' | 'info';
  text: string;
  code?: string;
}

export interface ProblemReport {
  summary: string;
  description: string;
  customisationsPresent: boolean;
  contact: { name: string; email: string };
}

export interface PageView {
  state: PageState;
  status?: AddonStatus;
  requests: SupportRequestSummary[];
  /** Goes up each time the cards must be drawn again (a new status or new requests), not on progress or messages. */
  renderCount: number;
  message?: PageMessage;
  /** An error about one input, shown at that input (issue #13, D60). */
  fieldError?: { field: string; text: string; code: string };
  progress?: { phase: ProgressPhase; percent: number; text: string };
  /** Which buttons are disabled: none, the Install buttons (following another install), or all (installing here). */
  disabled: 'none' | 'install' | 'all';
  /** The support form is being sent. */
  supportBusy: boolean;
}

export interface PageHost {
  reload(): void;
}

const RELOAD_DELAY_MS = 800;

export class PageController {
  private view: PageView = { state: 'loading', requests: [], renderCount: 0, disabled: 'none', supportBusy: false };
  private readonly listeners = new Set<(view: PageView) => void>();
  private client?: UpdateClient;
  private host?: PageHost;
  private platform?: Platform;

  constructor(private readonly setup: () => Promise<{ client: UpdateClient; host: PageHost; platform: Platform }>) {}

  get current(): PageView {
    return this.view;
  }

  subscribe(listener: (view: PageView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  private set(changes: Partial<PageView>): void {
    this.view = { ...this.view, ...changes };
    for (const listener of this.listeners) listener(this.view);
  }

  private render(status: AddonStatus, requests: SupportRequestSummary[]): void {
    this.set({ status, requests, renderCount: this.view.renderCount + 1 });
  }

  private explain(error: unknown) {
    return explain(error, this.platform);
  }

  /** An error about one input goes next to it; any other to the message bar. */
  private showError(error: unknown): void {
    const { code, text, field } = this.explain(error);
    if (field !== undefined && hasInput(field, this.view.status)) this.set({ fieldError: { field, text, code } });
    else this.set({ message: { kind: 'error', text, ...(code ? { code } : {}) } });
  }

  /** A new attempt starts clean: the field note and the message bar of the last one go. */
  private clearErrors(): void {
    this.set({ message: undefined, fieldError: undefined });
  }

  private progress = (phase: ProgressPhase, percent: number): void => {
    this.set({ progress: { phase, percent, text: `${platformWords(this.platform).phases[phase]} … ${percent}%` } });
  };

  /** Sets the page up (vendor settings, host, client) and opens it. */
  async start(): Promise<void> {
    try {
      const { client, host, platform } = await this.setup();
      this.client = client;
      this.host = host;
      this.platform = platform;
    } catch (error) {
      const { code, text } = this.explain(error);
      this.set({ message: { kind: 'error', text, code }, state: 'error' });
      return;
    }
    await this.refresh();
  }

  refresh(): Promise<void> {
    return this.run(() => this.client!.open());
  }

  private async run(open: () => Promise<AddonStatus>, success?: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.set({ state: 'loading' });
    try {
      const status = await open();
      // The organisation's earlier requests; the page works without them.
      const requests = status.licence && !status.offline ? await client.supportRequests().catch(() => []) : [];
      this.render(status, requests);
      if (success) this.set({ message: { kind: 'success', text: success } });
      if (status.needsLicence) return this.set({ state: 'needs-licence' });
      if (status.installing) return await this.follow(status);
      this.set({ state: 'ready' });
      const mayInstall = status.permission.allowed && !status.unmanaged;
      if (status.autoUpdate && mayInstall && status.updates.length > 0) await this.install(status.updates[0]);
    } catch (error) {
      const { code, text } = this.explain(error);
      this.set({ message: { kind: 'error', text, code }, state: 'error' });
    }
  }

  async install(update: OfferedRelease): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.set({ state: 'installing', disabled: 'all', message: { kind: 'info', text: `Installing version ${update.release.version} …` } });
    try {
      await client.install(update, this.progress);
      this.set({ message: { kind: 'success', text: `Version ${update.release.version} is installed. The page reloads now.` }, state: 'installed' });
      setTimeout(() => this.host?.reload(), RELOAD_DELAY_MS);
    } catch (error) {
      const { code, text } = this.explain(error);
      this.set({ message: { kind: 'error', text, code }, disabled: 'none', state: 'ready' });
    }
  }

  /** An install runs in this org (started here before a reload, or in another tab): show it, help it finish. */
  private async follow(status: AddonStatus): Promise<void> {
    const client = this.client!;
    const running = status.installing!;
    this.set({
      state: 'installing',
      disabled: 'install',
      message: { kind: 'info', text: `${running.by ?? 'Someone'} is installing version ${running.toVersion} (started ${running.startedAt.slice(11, 16)} UTC). This page follows it.`, code: 'install_in_progress' },
    });
    try {
      if ((await client.resume(this.progress)) === 'abandoned') {
        // The other page went away before its import started: nothing runs any more; show the org as it is.
        this.set({ disabled: 'none' });
        return await this.run(() => client.open());
      }
      this.set({ message: { kind: 'success', text: `Version ${running.toVersion} is installed. The page reloads now.` }, state: 'installed' });
      setTimeout(() => this.host?.reload(), RELOAD_DELAY_MS);
    } catch (error) {
      const { code, text } = this.explain(error);
      this.set({ message: { kind: 'error', text, code }, state: 'ready' });
    }
  }

  /** Activates a key typed on the page (first time, or to change the key): a refusal stays on the page, at the key. */
  async activate(key: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    const before = this.view.state;
    this.clearErrors();
    this.set({ state: 'loading' });
    let status: AddonStatus;
    try {
      status = await client.activate(key);
    } catch (error) {
      this.set({ state: before === 'loading' ? 'ready' : before });
      this.showError(error);
      return;
    }
    await this.run(() => Promise.resolve(status), 'Licence activated.');
  }

  async report(problem: ProblemReport): Promise<void> {
    const client = this.client;
    const status = this.view.status;
    if (!client || !status) return;
    this.clearErrors();
    this.set({ supportBusy: true });
    try {
      const filed = await client.reportProblem(problem);
      this.render(status, await client.supportRequests().catch(() => []));
      this.set({
        supportBusy: false,
        message: { kind: 'success', text: `Your request #${filed.number} was sent to the vendor. Quote this number when you talk to them.`, code: `support_request_${filed.number}` },
      });
    } catch (error) {
      this.set({ supportBusy: false });
      this.showError(error);
    }
  }

  async setAutoUpdate(on: boolean): Promise<void> {
    await this.client?.setAutoUpdate(on);
  }
}
