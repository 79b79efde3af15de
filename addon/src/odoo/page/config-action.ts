/**
 * The Odoo configuration page (issue #10): an OWL 2 component registered as the client action `<module>.config`.
 * It draws the same state machine and view model as the Dynamics page (../../page/controller.ts, view-model.ts;
 * decision O17) with an OWL template, and talks to Odoo through the Odoo host adapter on the admin's session.
 * The module build (solution/src/odoo) bundles this file and registers the action (build.ts).
 */
import { Component, onMounted, onWillUnmount, useState, xml } from '@odoo/owl';
import { AddonError } from '../../client/client-error';
import { axiosUpdateServer } from '../../client/fetcher';
import { UpdateClient, type VendorConfig } from '../../client/update-client';
import { PageController, type PageView } from '../../page/controller';
import { assuranceView, FIELD_INPUTS, licenceView, platformView, supportView, updatesView } from '../../page/view-model';
import { odooHost } from '../odoo-host';

/** vendor.json as the Odoo module carries it (static/src/vendor.json; solution/src/odoo/module-build.ts). */
export type OdooVendorConfig = VendorConfig & { odoo: { moduleName: string; title?: string } };

async function loadVendor(moduleName: string): Promise<OdooVendorConfig> {
  const response = await fetch(`/${moduleName}/static/src/vendor.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new AddonError('vendor_config_missing', 'The add-on’s vendor settings (vendor.json) are missing from the module.');
  const vendor = (await response.json()) as OdooVendorConfig;
  if (!vendor.serverUrl || !vendor.addonId || !vendor.rootCertPem) throw new AddonError('vendor_config_invalid', 'vendor.json lacks serverUrl, addonId or rootCertPem.');
  return vendor;
}

/** The key input and its button, used twice (first key, change key). */
const KEY_FORM = `
<div class="crma-row">
  <input type="text" id="licence-key" data-testid="licence-key-input" placeholder="CRMA-XXXXX-XXXXX-XXXXX-XXXXX" aria-label="Licence key" autocomplete="off" t-model="form.key" t-att-aria-invalid="invalid('licenceKey')" t-att-aria-describedby="describedBy('licenceKey')" t-on-keydown="(ev) => ev.key === 'Enter' and this.activate()"/>
  <button class="btn btn-primary" data-testid="activate-button" t-att-disabled="view.disabled === 'all'" t-on-click="() => this.activate()"><t t-esc="licence.licensed ? 'Use this key' : 'Activate'"/></button>
</div>
<p t-if="fieldIs('licenceKey')" class="crma-field-error" id="licence-key-error" data-testid="licence-key-error" role="alert" t-esc="view.fieldError.text"/>`;

const TEMPLATE = xml`
<div class="o_crma_config" t-att-data-state="view.state">
  <header class="crma-command-bar">
    <h1 class="crma-product" t-esc="title"/>
    <span class="crma-subtitle">Licence, Software Assurance and updates</span>
    <button type="button" class="crma-command" data-testid="refresh-button" t-att-disabled="view.disabled === 'all'" t-on-click="() => this.controller.refresh()">&#x21bb; Refresh</button>
  </header>
  <div t-if="view.message" class="crma-message" data-testid="message" role="status" aria-live="polite" t-att-data-kind="view.message.kind" t-att-data-code="view.message.code" t-esc="view.message.text"/>
  <main class="crma-main">
    <p t-if="!view.status" class="crma-loading">Checking licence and updates …</p>
    <div t-else="" class="crma-grid">
      <section class="crma-card" aria-labelledby="licence-h">
        <h2 id="licence-h">Licence</h2>
        <t t-if="!licence.licensed">
          <p data-testid="licence-status" t-att-class="licence.warn ? 'warn' : ''" t-esc="licence.note"/>
          ${KEY_FORM}
        </t>
        <t t-else="">
          <p data-testid="licence-status" class="ok" t-esc="licence.licensedTo"/>
          <div class="crma-field"><span class="crma-label" t-esc="licence.boundLabel"/><span class="crma-value" t-esc="licence.boundOrg"/></div>
          <div class="crma-field"><span class="crma-label">Licensed add-ons</span>
            <ul class="crma-plain"><li t-foreach="licence.addons" t-as="addon" t-key="addon_index" t-esc="addon"/></ul>
          </div>
          <details class="crma-change-key" data-testid="change-key">
            <summary>Change licence key</summary>
            <p class="crma-muted">The licence above stays in force until the server accepts the new key.</p>
            ${KEY_FORM}
          </details>
        </t>
      </section>
      <section class="crma-card" aria-labelledby="assurance-h">
        <h2 id="assurance-h">Software Assurance</h2>
        <t t-if="assurance">
          <p data-testid="assurance-status" t-att-class="assurance.ok ? 'ok' : 'warn'" t-att-data-status="assurance.status" t-esc="assurance.statusWord"/>
          <div t-foreach="assurance.fields" t-as="f" t-key="f.label" class="crma-field"><span class="crma-label" t-esc="f.label"/><span class="crma-value" t-att-data-testid="f.testid" t-esc="f.value"/></div>
          <div t-if="assurance.invoices.length" class="crma-field"><span class="crma-label" t-esc="assurance.invoicesLabel"/>
            <ul class="crma-plain" data-testid="open-invoices">
              <li t-foreach="assurance.invoices" t-as="inv" t-key="inv.id" data-testid="open-invoice" t-att-data-invoice="inv.id"><t t-esc="inv.lead"/><strong t-esc="inv.amount"/><t t-esc="inv.ofTotal"/><span t-if="inv.overdue" class="warn" t-esc="inv.due"/><t t-else="" t-esc="inv.due"/></li>
            </ul>
          </div>
          <p t-if="assurance.offlineNote" class="crma-note" data-testid="offline-note" t-esc="assurance.offlineNote"/>
        </t>
      </section>
      <section class="crma-card" aria-labelledby="platform-h">
        <h2 id="platform-h" t-esc="platform.heading"/>
        <p data-testid="platform-status" t-esc="platform.line"/>
        <div class="crma-field"><span class="crma-label">Installed add-on version</span><span class="crma-value" data-testid="installed-version" t-esc="platform.installedVersion"/></div>
        <div class="crma-field"><span class="crma-label" t-esc="platform.orgIdLabel"/><span class="crma-value" data-testid="org-id" t-esc="platform.orgId"/></div>
      </section>
      <section class="crma-card crma-wide" aria-labelledby="updates-h">
        <h2 id="updates-h">Updates</h2>
        <label class="crma-toggle"><input type="checkbox" data-testid="auto-update-toggle" t-att-checked="updates.autoUpdate" t-on-change="(ev) => this.controller.setAutoUpdate(ev.target.checked)"/> Install updates automatically when this page opens</label>
        <div t-if="view.progress" class="crma-progress">
          <div class="crma-track"><div class="crma-bar" role="progressbar" aria-label="Install progress" data-testid="progress-bar" aria-valuemin="0" aria-valuemax="100" t-att-aria-valuenow="view.progress.percent" t-att-style="'width: ' + view.progress.percent + '%'"/></div>
          <span class="crma-phase" t-esc="view.progress.text"/>
        </div>
        <p t-if="updates.blocked" class="crma-note warn" t-att-data-testid="updates.blocked.testid" t-esc="updates.blocked.text"/>
        <p t-if="updates.installing" class="crma-note" data-testid="install-in-progress" t-att-data-version="updates.installing.version" t-esc="updates.installing.text"/>
        <h3>Available to you</h3>
        <ul class="crma-releases" data-testid="updates-list">
          <li t-if="updates.empty" class="empty" t-esc="updates.empty"/>
          <li t-foreach="updates.updates" t-as="u" t-key="u.version" data-testid="update-item" t-att-data-version="u.version">
            <div class="crma-title"><strong>Version <t t-esc="u.version"/></strong><span t-att-class="'crma-tag ' + u.kind" t-esc="u.kind"/><span class="crma-muted" t-esc="u.published"/></div>
            <p t-if="u.notes" class="crma-notes" t-esc="u.notes"/>
            <button t-if="updates.offerInstall" class="btn btn-primary" data-testid="install-button" t-att-disabled="updates.installDisabled or view.disabled !== 'none'" t-on-click="() => this.controller.install(u.update)">Install</button>
          </li>
        </ul>
        <t t-if="updates.withheld.length">
          <h3>Newer, but not available to you</h3>
          <ul class="crma-releases" data-testid="withheld-list">
            <li t-foreach="updates.withheld" t-as="w" t-key="w.version" data-testid="withheld-item" t-att-data-version="w.version" t-att-data-reason="w.reason"><strong>Version <t t-esc="w.version"/></strong><p class="crma-notes" t-esc="w.message"/></li>
          </ul>
        </t>
      </section>
      <section class="crma-card crma-wide" aria-labelledby="support-h" data-testid="support-card">
        <h2 id="support-h">Report a problem</h2>
        <p t-if="support.mode !== 'form'" class="crma-muted" t-esc="support.note"/>
        <t t-else="">
          <form class="crma-support-form" data-testid="support-form" novalidate="" t-on-submit.prevent="() => this.report()">
            <label for="support-summary">Summary</label>
            <input type="text" id="support-summary" data-testid="support-summary" maxlength="200" placeholder="e.g. Quote documents stop generating after the update" t-model="form.summary" t-att-aria-invalid="invalid('summary')" t-att-aria-describedby="describedBy('summary')"/>
            <p t-if="fieldIs('summary')" class="crma-field-error" id="support-summary-error" data-testid="support-summary-error" role="alert" t-esc="view.fieldError.text"/>
            <label for="support-description">What happened</label>
            <textarea id="support-description" data-testid="support-description" rows="5" maxlength="8000" placeholder="What did you do, what happened, and what did you expect?" t-model="form.description" t-att-aria-invalid="invalid('description')" t-att-aria-describedby="describedBy('description')"/>
            <p t-if="fieldIs('description')" class="crma-field-error" id="support-description-error" data-testid="support-description-error" role="alert" t-esc="view.fieldError.text"/>
            <label class="crma-toggle" for="support-customisations"><input type="checkbox" id="support-customisations" data-testid="support-customisations" t-model="form.customisationsPresent"/> This database has customised the add-on (changed its views, fields, automations or code)</label>
            <div class="crma-row">
              <label for="support-contact-name">Your name</label><input type="text" id="support-contact-name" data-testid="support-contact-name" maxlength="200" autocomplete="name" t-model="form.name"/>
              <label for="support-contact-email">E-mail</label><input type="text" id="support-contact-email" data-testid="support-contact-email" maxlength="200" autocomplete="email" inputmode="email" t-model="form.email" t-att-aria-invalid="invalid('contact.email')" t-att-aria-describedby="describedBy('contact.email')"/>
            </div>
            <p t-if="fieldIs('contact.email') or fieldIs('contact.name')" class="crma-field-error" t-att-id="fieldId + '-error'" t-att-data-testid="fieldId + '-error'" role="alert" t-esc="view.fieldError.text"/>
            <p class="crma-muted" data-testid="support-environment" t-esc="support.environment"/>
            <button type="submit" class="btn btn-primary" data-testid="support-submit" t-att-disabled="view.supportBusy or view.disabled === 'all'">Send to the vendor</button>
          </form>
          <t t-if="support.requests.length">
            <h3>Your requests</h3>
            <ul class="crma-releases" data-testid="support-list">
              <li t-foreach="support.requests" t-as="r" t-key="r.number" data-testid="support-item" t-att-data-number="r.number" t-att-data-status="r.status">
                <div class="crma-title"><strong>#<t t-esc="r.number"/></strong><span t-esc="r.summary"/><span class="crma-muted" t-esc="r.filed"/></div>
                <p class="crma-notes" data-testid="support-item-status" t-esc="r.statusText"/>
              </li>
            </ul>
          </t>
        </t>
      </section>
    </div>
  </main>
</div>`;

interface FormState {
  key: string;
  summary: string;
  description: string;
  customisationsPresent: boolean;
  name: string;
  email: string;
}

/**
 * The client action's component class for one module (its technical name locates vendor.json and the settings).
 */
export function configAction(moduleName: string) {
  return class ConfigAction extends Component {
    static override template = TEMPLATE;
    static override props = ["*"];
    controller!: PageController;
    state!: { view: PageView; title: string };
    form!: FormState;

    override setup(): void {
      this.state = useState({ view: { state: 'loading', requests: [], renderCount: 0, disabled: 'none', supportBusy: false } as PageView, title: 'Add-on configuration' });
      this.form = useState<FormState>({ key: '', summary: '', description: '', customisationsPresent: false, name: '', email: '' });
      this.controller = new PageController(async () => {
        const vendor = await loadVendor(moduleName);
        if (vendor.odoo?.title) this.state.title = vendor.odoo.title;
        const host = odooHost({ moduleName });
        return { client: new UpdateClient(host, axiosUpdateServer(vendor.serverUrl), vendor), host, platform: 'odoo' };
      });
      let unsubscribe: (() => void) | undefined;
      let drawn = 0;
      onMounted(() => {
        unsubscribe = this.controller.subscribe((view) => {
          // New cards (a new status): the form starts empty, as the Dynamics page's new DOM does.
          if (view.renderCount !== drawn && view.supportBusy === false && !view.fieldError) {
            drawn = view.renderCount;
            Object.assign(this.form, { key: '', summary: '', description: '', customisationsPresent: false, name: '', email: '' });
          }
          this.state.view = view;
        });
        void this.controller.start();
      });
      onWillUnmount(() => unsubscribe?.());
    }

    get view(): PageView {
      return this.state.view;
    }
    get title(): string {
      return this.state.title;
    }
    get licence() {
      return licenceView(this.view.status!);
    }
    get assurance() {
      return assuranceView(this.view.status!);
    }
    get platform() {
      return platformView(this.view.status!);
    }
    get updates() {
      return updatesView(this.view.status!);
    }
    get support() {
      return supportView(this.view.status!, this.view.requests);
    }
    /** The input id of the field the current error is about. */
    get fieldId(): string {
      return this.view.fieldError ? (FIELD_INPUTS[this.view.fieldError.field] ?? '') : '';
    }
    /** aria-invalid="true" on the input an error is about (D60), nothing on the others. */
    invalid(field: string): string | undefined {
      return this.fieldIs(field) ? 'true' : undefined;
    }
    describedBy(field: string): string | undefined {
      return this.fieldIs(field) ? `${FIELD_INPUTS[field]}-error` : undefined;
    }
    fieldIs(field: string): boolean {
      return this.view.fieldError?.field === field;
    }
    activate(): void {
      void this.controller.activate(this.form.key);
    }
    report(): void {
      const f = this.form;
      void this.controller.report({ summary: f.summary, description: f.description, customisationsPresent: f.customisationsPresent, contact: { name: f.name, email: f.email } });
    }
  };
}
