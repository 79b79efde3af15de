/**
 * The cards of the Dynamics 365 configuration page (issue #4) as DOM: licence, assurance, CRM platform, updates,
 * withheld updates, support. What they say comes from view-model.ts, shared with the Odoo page (decision O17).
 */
import type { SupportRequestSummary } from '../client/fetcher';
import type { AddonStatus, OfferedRelease } from '../client/update-client';
import { el, field } from './dom';
import { assuranceView, licenceView, platformView, supportView, updatesView } from './view-model';

/** The key input and its Activate button (Enter activates too). */
function keyForm(onActivate: (key: string) => void, label: string): HTMLElement {
  const input = el('input', { type: 'text', id: 'licence-key', 'data-testid': 'licence-key-input', placeholder: 'CRMA-XXXXX-XXXXX-XXXXX-XXXXX', 'aria-label': 'Licence key', autocomplete: 'off' });
  const button = el('button', { class: 'primary', 'data-testid': 'activate-button' }, label);
  button.addEventListener('click', () => onActivate(input.value));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') onActivate(input.value);
  });
  return el('div', { class: 'row' }, input, button);
}

export function licenceCard(status: AddonStatus, onActivate: (key: string) => void): HTMLElement {
  const card = el('section', { class: 'card', 'aria-labelledby': 'licence-h' }, el('h2', { id: 'licence-h' }, 'Licence'));
  const view = licenceView(status);
  if (!view.licensed) {
    card.append(el('p', { 'data-testid': 'licence-status', ...(view.warn ? { class: 'warn' } : {}) }, view.note), keyForm(onActivate, 'Activate'));
    return card;
  }
  const addons = el('ul', { class: 'plain' });
  for (const a of view.addons) addons.append(el('li', {}, a));
  // Issue #13: the key can be replaced (a wrong key typed first, or one the vendor re-issued). The current licence
  // stays in force until the new key is accepted.
  const change = el('details', { class: 'change-key', 'data-testid': 'change-key' }, el('summary', {}, 'Change licence key'));
  change.append(el('p', { class: 'muted' }, 'The licence above stays in force until the server accepts the new key.'), keyForm(onActivate, 'Use this key'));
  card.append(
    el('p', { 'data-testid': 'licence-status', class: 'ok' }, view.licensedTo),
    field(view.boundLabel, view.boundOrg),
    el('div', { class: 'field' }, el('span', { class: 'label' }, 'Licensed add-ons'), addons),
    change,
  );
  return card;
}

export function assuranceCard(status: AddonStatus): HTMLElement {
  const card = el('section', { class: 'card', 'aria-labelledby': 'assurance-h' }, el('h2', { id: 'assurance-h' }, 'Software Assurance'));
  const view = assuranceView(status);
  if (!view) return card;
  card.append(el('p', { 'data-testid': 'assurance-status', class: view.ok ? 'ok' : 'warn', 'data-status': view.status }, view.statusWord));
  for (const f of view.fields) card.append(field(f.label, f.value, f.testid));
  if (view.invoices.length > 0) {
    const list = el('ul', { class: 'plain', 'data-testid': 'open-invoices' });
    for (const inv of view.invoices) {
      list.append(el('li', { 'data-testid': 'open-invoice', 'data-invoice': inv.id }, inv.lead, el('strong', {}, inv.amount), inv.ofTotal, inv.overdue ? el('span', { class: 'warn' }, inv.due) : inv.due));
    }
    card.append(el('div', { class: 'field' }, el('span', { class: 'label' }, view.invoicesLabel), list));
  }
  if (view.offlineNote) card.append(el('p', { class: 'note', 'data-testid': 'offline-note' }, view.offlineNote));
  return card;
}

export function platformCard(status: AddonStatus): HTMLElement {
  const view = platformView(status);
  const card = el('section', { class: 'card', 'aria-labelledby': 'platform-h' }, el('h2', { id: 'platform-h' }, view.heading));
  card.append(el('p', { 'data-testid': 'platform-status' }, view.line), field('Installed add-on version', view.installedVersion, 'installed-version'), field(view.orgIdLabel, view.orgId, 'org-id'));
  return card;
}

export function updatesCard(
  status: AddonStatus,
  handlers: { onInstall: (u: OfferedRelease) => void; onAutoUpdate: (on: boolean) => void },
): HTMLElement {
  const view = updatesView(status);
  const card = el('section', { class: 'card wide', 'aria-labelledby': 'updates-h' }, el('h2', { id: 'updates-h' }, 'Updates'));
  const toggle = el('input', { type: 'checkbox', 'data-testid': 'auto-update-toggle', id: 'auto-update' });
  toggle.checked = view.autoUpdate;
  toggle.addEventListener('change', () => handlers.onAutoUpdate(toggle.checked));
  card.append(
    el('label', { class: 'toggle', for: 'auto-update' }, toggle, ' Install updates automatically when this page opens'),
    el(
      'div',
      { class: 'progress', hidden: '' },
      el('div', { class: 'track' }, el('div', { class: 'bar', role: 'progressbar', 'aria-label': 'Install progress', 'data-testid': 'progress-bar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' })),
      el('span', { class: 'phase' }),
    ),
  );
  if (view.blocked) card.append(el('p', { class: 'note warn', 'data-testid': view.blocked.testid }, view.blocked.text));
  if (view.installing) card.append(el('p', { class: 'note', 'data-testid': 'install-in-progress', 'data-version': view.installing.version }, view.installing.text));
  const list = el('ul', { class: 'releases', 'data-testid': 'updates-list' });
  if (view.empty) list.append(el('li', { class: 'empty' }, view.empty));
  for (const u of view.updates) {
    const button = view.offerInstall ? el('button', { class: 'primary', 'data-testid': 'install-button' }, 'Install') : undefined;
    if (button && view.installDisabled) button.disabled = true;
    button?.addEventListener('click', () => handlers.onInstall(u.update));
    list.append(
      el(
        'li',
        { 'data-testid': 'update-item', 'data-version': u.version },
        el('div', { class: 'title' }, el('strong', {}, `Version ${u.version}`), el('span', { class: `tag ${u.kind}` }, u.kind), el('span', { class: 'muted' }, u.published)),
        u.notes ? el('p', { class: 'notes' }, u.notes) : undefined,
        button,
      ),
    );
  }
  card.append(el('h3', {}, 'Available to you'), list);
  if (view.withheld.length > 0) {
    const withheld = el('ul', { class: 'releases', 'data-testid': 'withheld-list' });
    for (const w of view.withheld) {
      withheld.append(el('li', { 'data-testid': 'withheld-item', 'data-version': w.version, 'data-reason': w.reason }, el('strong', {}, `Version ${w.version}`), el('p', { class: 'notes' }, w.message)));
    }
    card.append(el('h3', {}, 'Newer, but not available to you'), withheld);
  }
  return card;
}

export interface ProblemReport {
  summary: string;
  description: string;
  customisationsPresent: boolean;
  contact: { name: string; email: string };
}

export function supportCard(status: AddonStatus, requests: SupportRequestSummary[], onSubmit: (report: ProblemReport) => void): HTMLElement {
  const card = el('section', { class: 'card wide', 'aria-labelledby': 'support-h', 'data-testid': 'support-card' }, el('h2', { id: 'support-h' }, 'Report a problem'));
  const view = supportView(status, requests);
  if (view.mode !== 'form') {
    card.append(el('p', { class: 'muted' }, view.note));
    return card;
  }
  const summary = el('input', { type: 'text', id: 'support-summary', 'data-testid': 'support-summary', maxlength: '200', placeholder: 'e.g. Quote documents stop generating after the update' });
  const description = el('textarea', { id: 'support-description', 'data-testid': 'support-description', rows: '5', maxlength: '8000', placeholder: 'What did you do, what happened, and what did you expect?' });
  const customised = el('input', { type: 'checkbox', id: 'support-customisations', 'data-testid': 'support-customisations' });
  const name = el('input', { type: 'text', id: 'support-contact-name', 'data-testid': 'support-contact-name', maxlength: '200', autocomplete: 'name' });
  const email = el('input', { type: 'text', id: 'support-contact-email', 'data-testid': 'support-contact-email', maxlength: '200', autocomplete: 'email', inputmode: 'email' });
  const submit = el('button', { class: 'primary', type: 'submit', 'data-testid': 'support-submit' }, 'Send to the vendor');
  const form = el(
    'form',
    { class: 'support-form', 'data-testid': 'support-form', novalidate: '' },
    el('label', { for: 'support-summary' }, 'Summary'),
    summary,
    el('label', { for: 'support-description' }, 'What happened'),
    description,
    el('label', { class: 'toggle', for: 'support-customisations' }, customised, ' This organisation has customised the add-on (changed its forms, fields, processes or code)'),
    el('div', { class: 'row' }, el('label', { for: 'support-contact-name' }, 'Your name'), name, el('label', { for: 'support-contact-email' }, 'E-mail'), email),
    el('p', { class: 'muted', 'data-testid': 'support-environment' }, view.environment),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit({ summary: summary.value, description: description.value, customisationsPresent: customised.checked, contact: { name: name.value, email: email.value } });
  });
  card.append(form);
  if (view.requests.length > 0) {
    const list = el('ul', { class: 'releases', 'data-testid': 'support-list' });
    for (const r of view.requests) {
      list.append(
        el(
          'li',
          { 'data-testid': 'support-item', 'data-number': String(r.number), 'data-status': r.status },
          el('div', { class: 'title' }, el('strong', {}, `#${r.number}`), el('span', {}, r.summary), el('span', { class: 'muted' }, r.filed)),
          el('p', { class: 'notes', 'data-testid': 'support-item-status' }, r.statusText),
        ),
      );
    }
    card.append(el('h3', {}, 'Your requests'), list);
  }
  return card;
}
