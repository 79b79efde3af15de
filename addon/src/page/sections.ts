/**
 * The cards of the configuration page (issue #4): licence, assurance, CRM platform, updates, withheld updates.
 * Wording is for CRM admins: what is true, and what to do about it.
 */
import { formatMoney, type ContractPlan, type ContractState, type DiscontinuedReason, type InvoiceKind, type SupportClass, type SupportStatus } from '@crm-assurance/license-core';
import type { SupportRequestSummary } from '../client/fetcher';
import { missingWords, type AddonStatus, type OfferedRelease } from '../client/update-client';
import { formatDate, formatInstant } from './dates';
import { el, field } from './dom';

const STATUS_WORDS: Record<ContractState, string> = {
  active: 'Active',
  unpaid: 'Active, with an invoice to pay',
  lapsed: 'Lapsed: an invoice is overdue',
  cancelled: 'Ended (cancelled)',
  terminated: 'Terminated',
};

/** The plan families of SPEC §2, §5 and §7, as a CRM admin reads them. */
const PLAN_WORDS: Record<ContractPlan, string> = {
  'calendar-year': 'Software Assurance, renewed each calendar year',
  'ssa-annual': 'Auto SSA, billed yearly (2 % discount)',
  'ssa-quarterly': 'Auto SSA, billed quarterly (1 % discount)',
  'ssa-monthly': 'Auto SSA, billed monthly',
  'ssa-flex': 'Auto SSA full flex, month by month',
  maintenance: 'Maintenance agreement, billed monthly, hot-fixes included',
};

/** What an invoice was raised for, in an admin's words (no "renewal" for a first order). */
const INVOICE_KIND_WORDS: Record<InvoiceKind, string> = {
  first: 'First invoice',
  renewal: 'Renewal invoice',
  'co-term': 'Invoice for added licences',
  'back-fill': 'Back-fill invoice',
  'upgrade-fee': 'Upgrade fee invoice',
};

/** Today in UTC, as a calendar date (the due dates are calendar dates). */
const today = (): string => new Date().toISOString().slice(0, 10);

const SUPPORT_STATUS_WORDS: Record<SupportStatus, string> = { open: 'Open', closed: 'Closed' };

/** What the vendor made of a request, in an admin's words (SPEC §6; issue #13). */
const SUPPORT_CLASS_WORDS: Record<SupportClass, string> = {
  base_bug: 'a fault in the add-on (free)',
  incident: 'an incident (free)',
  customization_bug: 'caused by this organisation’s customisations (chargeable)',
  change_request: 'a change request (chargeable)',
  service_request: 'a service request (chargeable)',
  external_cause: 'caused outside the add-on (chargeable)',
};

function supportStatusWords(r: SupportRequestSummary): string {
  const parts = [SUPPORT_STATUS_WORDS[r.status] ?? r.status];
  parts.push(r.classification ? `the vendor classified it as ${SUPPORT_CLASS_WORDS[r.classification] ?? r.classification}` : 'not classified yet');
  if (r.approvedAt) parts.push(`you approved the chargeable work on ${formatDate(r.approvedAt)}`);
  else if (r.notifiedAt) parts.push(`the vendor asked for your approval of chargeable work on ${formatDate(r.notifiedAt)}: reply to the vendor`);
  return `${parts.join('; ')}.`;
}

const DISCONTINUED_WORDS: Record<DiscontinuedReason, string> = {
  integrated_in_platform: 'its functions are now part of Dynamics 365 itself',
  platform_end_of_life: 'Microsoft’s 5-year lifecycle of this version has ended',
  insufficient_demand: 'too few customers use it on this version',
  other: 'the vendor stopped development for this version',
};

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
  if (status.needsLicence || !status.licence) {
    card.append(
      el(
        'p',
        { 'data-testid': 'licence-status', ...(status.storedKeyRefused ? { class: 'warn' } : {}) },
        status.storedKeyRefused
          ? 'The licence key stored in this organisation is no longer valid: the vendor may have issued you a new one. Type the new licence key.'
          : 'This organisation has no licence yet. Type the licence key from your order confirmation.',
      ),
      keyForm(onActivate, 'Activate'),
    );
    return card;
  }
  const l = status.licence;
  const addons = el('ul', { class: 'plain' });
  for (const a of l.addons) {
    addons.append(el('li', {}, `${a.addon}${a.feature ? ` – ${a.feature}` : ''}${a.edition ? ` (${a.edition})` : ''}: ${a.quantity} ${a.quantity === 1 ? 'licence' : 'licences'}`));
  }
  // Issue #13: the key can be replaced (a wrong key typed first, or one the vendor re-issued). The current licence
  // stays in force until the new key is accepted.
  const change = el('details', { class: 'change-key', 'data-testid': 'change-key' }, el('summary', {}, 'Change licence key'));
  change.append(el('p', { class: 'muted' }, 'The licence above stays in force until the server accepts the new key.'), keyForm(onActivate, 'Use this key'));
  card.append(
    el('p', { 'data-testid': 'licence-status', class: 'ok' }, `Licensed to ${l.customer.name}`),
    field('Bound organisation', `${l.org.url} (${l.org.id})`),
    el('div', { class: 'field' }, el('span', { class: 'label' }, 'Licensed add-ons'), addons),
    change,
  );
  return card;
}

export function assuranceCard(status: AddonStatus): HTMLElement {
  const card = el('section', { class: 'card', 'aria-labelledby': 'assurance-h' }, el('h2', { id: 'assurance-h' }, 'Software Assurance'));
  const e = status.entitlement;
  if (!e) return card;
  const word = STATUS_WORDS[e.status] ?? e.status;
  card.append(el('p', { 'data-testid': 'assurance-status', class: e.status === 'active' ? 'ok' : 'warn', 'data-status': e.status }, word));
  card.append(field('Plan', PLAN_WORDS[e.plan as ContractPlan] ?? e.plan /* a plan newer than this add-on shows its code */, 'plan'));
  if (e.terminatedAt) card.append(field('Terminated on', formatDate(e.terminatedAt.slice(0, 10))));
  card.append(field('Paid through', e.paidThrough ? formatDate(e.paidThrough) : 'nothing paid yet'));
  if (e.cancelledEffectiveEnd) card.append(field('Ends on (cancelled)', formatDate(e.cancelledEffectiveEnd)));
  else if (e.nextInvoiceOn) card.append(field(e.plan === 'calendar-year' ? 'Next renewal' : 'Next invoice', formatDate(e.nextInvoiceOn)));
  if (e.cancellationDeadline && !e.cancelledEffectiveEnd) card.append(field('Cancel by', formatDate(e.cancellationDeadline)));
  // Issue #13: which invoice to pay, how much and by when (from the signed entitlement).
  if (e.openInvoices && e.openInvoices.length > 0) {
    const list = el('ul', { class: 'plain', 'data-testid': 'open-invoices' });
    for (const inv of e.openInvoices) {
      const overdue = inv.dueOn < today();
      list.append(
        el(
          'li',
          { 'data-testid': 'open-invoice', 'data-invoice': inv.id },
          `${INVOICE_KIND_WORDS[inv.kind] ?? inv.kind} ${inv.id} for ${formatDate(inv.periodStart)} – ${formatDate(inv.periodEnd)}: `,
          el('strong', {}, formatMoney(inv.outstanding)),
          inv.outstanding.amount !== inv.total.amount ? ` of ${formatMoney(inv.total)}` : '',
          overdue ? el('span', { class: 'warn' }, `, overdue since ${formatDate(inv.dueOn)}`) : `, due ${formatDate(inv.dueOn)}`,
        ),
      );
    }
    card.append(el('div', { class: 'field' }, el('span', { class: 'label' }, e.openInvoices.length === 1 ? 'Invoice to pay' : 'Invoices to pay'), list));
  }
  if (status.offline) {
    card.append(
      el(
        'p',
        { class: 'note', 'data-testid': 'offline-note' },
        `Offline: the update server cannot be reached. This status was signed by the vendor and is valid until ${formatInstant(new Date(e.exp * 1000).toISOString())}. Check that this computer can reach the internet (or ask your IT whether the vendor's update server is blocked), then press Refresh; updates are checked again then.`,
      ),
    );
  }
  return card;
}

export function platformCard(status: AddonStatus): HTMLElement {
  const e = status.entitlement;
  const card = el('section', { class: 'card', 'aria-labelledby': 'platform-h' }, el('h2', { id: 'platform-h' }, 'Dynamics 365 version'));
  let line = `Version ${status.context.platformVersion}`;
  if (e) {
    if (e.lineStatus.status === 'discontinued') line += ` – line ${e.line}: discontinued for this add-on, because ${DISCONTINUED_WORDS[e.lineStatus.reason] ?? e.lineStatus.reason}`;
    else if (e.patchesUntil) line += ` – line ${e.line}: legacy (version ${e.successor ?? 'newer'} is out); patches until ${formatDate(e.patchesUntil)}`;
    else line += ` – line ${e.line}: supported`;
  }
  card.append(
    el('p', { 'data-testid': 'platform-status' }, line),
    field('Installed add-on version', status.installedVersion, 'installed-version'),
    // The id the vendor needs to find this organisation (the key refusals tell the admin to quote it; issue #13).
    field('Organisation id', status.context.orgId, 'org-id'),
  );
  return card;
}

export function updatesCard(
  status: AddonStatus,
  handlers: { onInstall: (u: OfferedRelease) => void; onAutoUpdate: (on: boolean) => void },
): HTMLElement {
  const card = el('section', { class: 'card wide', 'aria-labelledby': 'updates-h' }, el('h2', { id: 'updates-h' }, 'Updates'));
  const toggle = el('input', { type: 'checkbox', 'data-testid': 'auto-update-toggle', id: 'auto-update' });
  toggle.checked = status.autoUpdate;
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
  // Why this user cannot install, in plain words (the offered updates stay listed).
  const blocked = status.unmanaged
    ? { testid: 'unmanaged-note', text: 'This organisation has the add-on installed as an unmanaged solution, so Dynamics 365 cannot apply the vendor’s updates (they are managed solutions). Export any changes you made to it, delete the unmanaged solution, and import the managed solution from the vendor; your licence stays valid.' }
    : !status.permission.allowed
      ? { testid: 'install-permission-note', text: `You can see the updates, but installing them needs the System Administrator or System Customizer role (missing privileges: ${missingWords(status.permission.missing)}). Ask your Dynamics 365 administrator to open this page and install the update.` }
      : undefined;
  if (blocked && status.updates.length > 0) card.append(el('p', { class: 'note warn', 'data-testid': blocked.testid }, blocked.text));
  if (status.installing) {
    card.append(el('p', { class: 'note', 'data-testid': 'install-in-progress', 'data-version': status.installing.toVersion }, `Version ${status.installing.toVersion} is being installed by ${status.installing.by ?? 'someone'} (started ${status.installing.startedAt.slice(11, 16)} UTC).`));
  }
  const list = el('ul', { class: 'releases', 'data-testid': 'updates-list' });
  if (status.updates.length === 0) list.append(el('li', { class: 'empty' }, status.offline ? 'Updates cannot be checked while offline.' : 'You are up to date.'));
  for (const u of status.updates) {
    const button = blocked ? undefined : el('button', { class: 'primary', 'data-testid': 'install-button' }, 'Install');
    if (button && status.installing) button.disabled = true;
    button?.addEventListener('click', () => handlers.onInstall(u));
    list.append(
      el(
        'li',
        { 'data-testid': 'update-item', 'data-version': u.release.version },
        el('div', { class: 'title' }, el('strong', {}, `Version ${u.release.version}`), el('span', { class: `tag ${u.release.kind}` }, u.release.kind), el('span', { class: 'muted' }, `published ${formatDate(u.release.publishedAt)}`)),
        u.release.notes ? el('p', { class: 'notes' }, u.release.notes) : undefined,
        button,
      ),
    );
  }
  card.append(el('h3', {}, 'Available to you'), list);
  if (status.withheld.length > 0) {
    const withheld = el('ul', { class: 'releases', 'data-testid': 'withheld-list' });
    for (const w of status.withheld) {
      withheld.append(
        el('li', { 'data-testid': 'withheld-item', 'data-version': w.version, 'data-reason': w.reason }, el('strong', {}, `Version ${w.version}`), el('p', { class: 'notes' }, w.message)),
      );
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

/**
 * "Report a problem" (SPEC §6): the admin describes the problem; the add-on and CRM versions go with it, and the
 * admin says whether the add-on was customised (a base bug reproduces without customisations and stays free).
 */
export function supportCard(status: AddonStatus, requests: SupportRequestSummary[], onSubmit: (report: ProblemReport) => void): HTMLElement {
  const card = el('section', { class: 'card wide', 'aria-labelledby': 'support-h', 'data-testid': 'support-card' }, el('h2', { id: 'support-h' }, 'Report a problem'));
  if (status.needsLicence || !status.licence) {
    card.append(el('p', { class: 'muted' }, 'Activate the licence first: requests are filed under your licence.'));
    return card;
  }
  if (status.offline) {
    card.append(el('p', { class: 'muted' }, 'Requests can be sent once the update server can be reached again.'));
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
    el(
      'p',
      { class: 'muted', 'data-testid': 'support-environment' },
      `Sent with the request: add-on version ${status.installedVersion}, ${status.context.platform === 'odoo' ? 'Odoo' : 'Dynamics 365'} version ${status.context.platformVersion}, and your answer about customisations. The first 30 minutes of diagnosis are free; the vendor asks before any chargeable work.`,
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit({ summary: summary.value, description: description.value, customisationsPresent: customised.checked, contact: { name: name.value, email: email.value } });
  });
  card.append(form);
  if (requests.length > 0) {
    const list = el('ul', { class: 'releases', 'data-testid': 'support-list' });
    for (const r of requests) {
      list.append(
        el(
          'li',
          { 'data-testid': 'support-item', 'data-number': String(r.number), 'data-status': r.status },
          el('div', { class: 'title' }, el('strong', {}, `#${r.number}`), el('span', {}, r.summary), el('span', { class: 'muted' }, `filed ${formatDate(r.createdAt)}`)),
          el('p', { class: 'notes', 'data-testid': 'support-item-status' }, supportStatusWords(r)),
        ),
      );
    }
    card.append(el('h3', {}, 'Your requests'), list);
  }
  return card;
}
