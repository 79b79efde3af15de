/**
 * What the configuration page shows, as plain data (issue #10, decision O17): every word and every choice of the
 * page, for both platforms, without a DOM. The Dynamics page (sections.ts, DOM) and the Odoo page (odoo/, OWL)
 * only render this. Wording is for CRM admins: what is true, and what to do about it.
 */
import {
  formatMoney,
  type ContractPlan,
  type ContractState,
  type DiscontinuedReason,
  type InvoiceKind,
  type Platform,
  type SupportClass,
  type SupportStatus,
  type VerificationErrorCode,
} from '@crm-assurance/license-core';
import type { AddonErrorCode } from '../client/client-error';
import type { SupportRequestSummary } from '../client/fetcher';
import type { InstallPermission } from '../client/host-adapter';
import { missingWords, type AddonStatus, type OfferedRelease, type ProgressPhase } from '../client/update-client';
import { formatDate, formatInstant } from './dates';

/** The words that differ between the CRMs. */
export interface PlatformWords {
  crm: string;
  /** What a licence binds to: a Dynamics 365 organisation, an Odoo database. */
  org: string;
  discontinued: Record<DiscontinuedReason, string>;
  phases: Record<ProgressPhase, string>;
  /** Why this user cannot install, and whom to ask. */
  notPermitted(permission: InstallPermission): string;
  unmanaged: string;
}

export const DYNAMICS_WORDS: PlatformWords = {
  crm: 'Dynamics 365',
  org: 'organisation',
  discontinued: {
    integrated_in_platform: 'its functions are now part of Dynamics 365 itself',
    platform_end_of_life: 'Microsoft’s 5-year lifecycle of this version has ended',
    insufficient_demand: 'too few customers use it on this version',
    other: 'the vendor stopped development for this version',
  },
  phases: {
    download: 'Downloading',
    verify: 'Checking signature and fingerprint',
    import: 'Importing into Dynamics 365',
    upgrade: 'Applying the upgrade (removing what the new version dropped)',
    publish: 'Publishing customisations',
    done: 'Done',
  },
  notPermitted: (permission) =>
    `You can see the updates, but installing them needs the System Administrator or System Customizer role (missing privileges: ${missingWords(permission.missing)}). Ask your Dynamics 365 administrator to open this page and install the update.`,
  unmanaged:
    'This organisation has the add-on installed as an unmanaged solution, so Dynamics 365 cannot apply the vendor’s updates (they are managed solutions). Export any changes you made to it, delete the unmanaged solution, and import the managed solution from the vendor; your licence stays valid.',
};

/** Whom to ask, in words: "Mitchell Admin", "A and B", "A, B and 2 more". */
function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  if (list.length <= 3) return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return `${list.slice(0, 2).join(', ')} and ${list.length - 2} more`;
}

export const ODOO_WORDS: PlatformWords = {
  crm: 'Odoo',
  org: 'database',
  discontinued: {
    integrated_in_platform: 'its functions are now part of Odoo itself',
    platform_end_of_life: 'Odoo no longer supports this version',
    insufficient_demand: 'too few customers use it on this version',
    other: 'the vendor stopped development for this version',
  },
  phases: {
    download: 'Downloading',
    verify: 'Checking signature and fingerprint',
    import: 'Importing the module into Odoo',
    upgrade: 'Updating the module’s data',
    publish: 'Checking the installed version',
    done: 'Done',
  },
  notPermitted: (permission) =>
    `You can see the updates, but installing them needs the Settings access rights in Odoo (Administration: Settings). ${
      permission.askWhom && permission.askWhom.length > 0 ? `Ask ${names(permission.askWhom)} to open this page and install the update.` : 'Ask your Odoo administrator to open this page and install the update.'
    }`,
  unmanaged: '',
};

export function platformWords(platform: Platform | undefined): PlatformWords {
  return platform === 'odoo' ? ODOO_WORDS : DYNAMICS_WORDS;
}

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

export function supportStatusWords(r: SupportRequestSummary): string {
  const parts = [SUPPORT_STATUS_WORDS[r.status] ?? r.status];
  parts.push(r.classification ? `the vendor classified it as ${SUPPORT_CLASS_WORDS[r.classification] ?? r.classification}` : 'not classified yet');
  if (r.approvedAt) parts.push(`you approved the chargeable work on ${formatDate(r.approvedAt)}`);
  else if (r.notifiedAt) parts.push(`the vendor asked for your approval of chargeable work on ${formatDate(r.notifiedAt)}: reply to the vendor`);
  return `${parts.join('; ')}.`;
}

/** Today in UTC, as a calendar date (the due dates are calendar dates). */
const todayUtc = (): string => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Cards

export type LicenceView =
  | { licensed: false; note: string; warn: boolean }
  | { licensed: true; licensedTo: string; boundLabel: string; boundOrg: string; addons: string[] };

export function licenceView(status: AddonStatus): LicenceView {
  if (status.needsLicence || !status.licence) {
    const words = platformWords(status.context.platform);
    return {
      licensed: false,
      warn: Boolean(status.storedKeyRefused),
      note: status.storedKeyRefused
        ? `The licence key stored in this ${words.org} is no longer valid: the vendor may have issued you a new one. Type the new licence key.`
        : `This ${words.org} has no licence yet. Type the licence key from your order confirmation.`,
    };
  }
  const l = status.licence;
  return {
    licensed: true,
    licensedTo: `Licensed to ${l.customer.name}`,
    boundLabel: status.context.platform === 'odoo' ? 'Bound database' : 'Bound organisation',
    boundOrg: `${l.org.url} (${l.org.id})`,
    addons: l.addons.map((a) => `${a.addon}${a.feature ? ` – ${a.feature}` : ''}${a.edition ? ` (${a.edition})` : ''}: ${a.quantity} ${a.quantity === 1 ? 'licence' : 'licences'}`),
  };
}

export interface FieldView {
  label: string;
  value: string;
  testid?: string;
}

export interface InvoiceView {
  id: string;
  lead: string;
  amount: string;
  /** " of €1,440.00" when part was paid. */
  ofTotal: string;
  overdue: boolean;
  due: string;
}

export interface AssuranceView {
  status: ContractState;
  statusWord: string;
  ok: boolean;
  fields: FieldView[];
  invoicesLabel: string;
  invoices: InvoiceView[];
  offlineNote?: string;
}

export function assuranceView(status: AddonStatus, today: string = todayUtc()): AssuranceView | undefined {
  const e = status.entitlement;
  if (!e) return undefined;
  const fields: FieldView[] = [{ label: 'Plan', value: PLAN_WORDS[e.plan as ContractPlan] ?? e.plan /* a plan newer than this add-on shows its code */, testid: 'plan' }];
  if (e.terminatedAt) fields.push({ label: 'Terminated on', value: formatDate(e.terminatedAt.slice(0, 10)) });
  fields.push({ label: 'Paid through', value: e.paidThrough ? formatDate(e.paidThrough) : 'nothing paid yet' });
  if (e.cancelledEffectiveEnd) fields.push({ label: 'Ends on (cancelled)', value: formatDate(e.cancelledEffectiveEnd) });
  else if (e.nextInvoiceOn) fields.push({ label: e.plan === 'calendar-year' ? 'Next renewal' : 'Next invoice', value: formatDate(e.nextInvoiceOn) });
  if (e.cancellationDeadline && !e.cancelledEffectiveEnd) fields.push({ label: 'Cancel by', value: formatDate(e.cancellationDeadline) });
  // Issue #13: which invoice to pay, how much and by when (from the signed entitlement).
  const invoices = (e.openInvoices ?? []).map((inv) => {
    const overdue = inv.dueOn < today;
    return {
      id: inv.id,
      lead: `${INVOICE_KIND_WORDS[inv.kind] ?? inv.kind} ${inv.id} for ${formatDate(inv.periodStart)} – ${formatDate(inv.periodEnd)}: `,
      amount: formatMoney(inv.outstanding),
      ofTotal: inv.outstanding.amount !== inv.total.amount ? ` of ${formatMoney(inv.total)}` : '',
      overdue,
      due: overdue ? `, overdue since ${formatDate(inv.dueOn)}` : `, due ${formatDate(inv.dueOn)}`,
    };
  });
  return {
    status: e.status,
    statusWord: STATUS_WORDS[e.status] ?? e.status,
    ok: e.status === 'active',
    fields,
    invoicesLabel: invoices.length === 1 ? 'Invoice to pay' : 'Invoices to pay',
    invoices,
    ...(status.offline
      ? {
          offlineNote: `Offline: the update server cannot be reached. This status was signed by the vendor and is valid until ${formatInstant(new Date(e.exp * 1000).toISOString())}. Check that this computer can reach the internet (or ask your IT whether the vendor's update server is blocked), then press Refresh; updates are checked again then.`,
        }
      : {}),
  };
}

export interface PlatformView {
  heading: string;
  line: string;
  installedVersion: string;
  orgIdLabel: string;
  orgId: string;
}

export function platformView(status: AddonStatus): PlatformView {
  const e = status.entitlement;
  const words = platformWords(status.context.platform);
  let line = `Version ${status.context.platformVersion}`;
  if (e) {
    if (e.lineStatus.status === 'discontinued') line += ` – line ${e.line}: discontinued for this add-on, because ${words.discontinued[e.lineStatus.reason] ?? e.lineStatus.reason}`;
    else if (e.patchesUntil) line += ` – line ${e.line}: legacy (version ${e.successor ?? 'newer'} is out); patches until ${formatDate(e.patchesUntil)}`;
    else line += ` – line ${e.line}: supported`;
  }
  return {
    heading: `${words.crm} version`,
    line,
    installedVersion: status.installedVersion,
    // The id the vendor needs to find this organisation (the key refusals tell the admin to quote it; issue #13).
    orgIdLabel: status.context.platform === 'odoo' ? 'Database id' : 'Organisation id',
    orgId: status.context.orgId,
  };
}

export interface UpdateItemView {
  version: string;
  kind: string;
  published: string;
  notes?: string;
  update: OfferedRelease;
}

export interface UpdatesView {
  autoUpdate: boolean;
  /** Why this user cannot install, in plain words (the offered updates stay listed, without Install buttons). */
  blocked?: { testid: string; text: string };
  installing?: { version: string; text: string };
  empty?: string;
  updates: UpdateItemView[];
  /** Whether items get an Install button (not when this user cannot install). */
  offerInstall: boolean;
  /** Install buttons are shown but disabled (an install runs). */
  installDisabled: boolean;
  withheld: Array<{ version: string; reason: string; message: string }>;
}

export function updatesView(status: AddonStatus): UpdatesView {
  const words = platformWords(status.context.platform);
  const blocked = status.unmanaged
    ? { testid: 'unmanaged-note', text: words.unmanaged }
    : !status.permission.allowed
      ? { testid: 'install-permission-note', text: words.notPermitted(status.permission) }
      : undefined;
  return {
    autoUpdate: status.autoUpdate,
    ...(blocked && status.updates.length > 0 ? { blocked } : {}),
    ...(status.installing
      ? { installing: { version: status.installing.toVersion, text: `Version ${status.installing.toVersion} is being installed by ${status.installing.by ?? 'someone'} (started ${status.installing.startedAt.slice(11, 16)} UTC).` } }
      : {}),
    ...(status.updates.length === 0 ? { empty: status.offline ? 'Updates cannot be checked while offline.' : 'You are up to date.' } : {}),
    updates: status.updates.map((u) => ({
      version: u.release.version,
      kind: u.release.kind,
      published: `published ${formatDate(u.release.publishedAt)}`,
      ...(u.release.notes ? { notes: u.release.notes } : {}),
      update: u,
    })),
    offerInstall: blocked === undefined,
    installDisabled: Boolean(status.installing),
    withheld: status.withheld.map((w) => ({ version: w.version, reason: w.reason, message: w.message })),
  };
}

export type SupportView =
  | { mode: 'needs-licence' | 'offline'; note: string }
  | { mode: 'form'; environment: string; requests: Array<{ number: number; summary: string; filed: string; status: string; statusText: string }> };

/**
 * "Report a problem" (SPEC §6): the admin describes the problem; the add-on and CRM versions go with it, and the
 * admin says whether the add-on was customised (a base bug reproduces without customisations and stays free).
 */
export function supportView(status: AddonStatus, requests: readonly SupportRequestSummary[]): SupportView {
  if (status.needsLicence || !status.licence) return { mode: 'needs-licence', note: 'Activate the licence first: requests are filed under your licence.' };
  if (status.offline) return { mode: 'offline', note: 'Requests can be sent once the update server can be reached again.' };
  const words = platformWords(status.context.platform);
  return {
    mode: 'form',
    environment: `Sent with the request: add-on version ${status.installedVersion}, ${words.crm} version ${status.context.platformVersion}, and your answer about customisations. The first 30 minutes of diagnosis are free; the vendor asks before any chargeable work.`,
    requests: requests.map((r) => ({ number: r.number, summary: r.summary, filed: `filed ${formatDate(r.createdAt)}`, status: r.status, statusText: supportStatusWords(r) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** The inputs an error can be about: the API's `field` (or the page's own) → the input's id (issue #13). */
export const FIELD_INPUTS: Record<string, string> = {
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

/** Whether the page shows the input of `field` for this status (else its error goes to the message bar). */
export function hasInput(field: string, status: AddonStatus | undefined): boolean {
  if (!status || FIELD_INPUTS[field] === undefined) return false;
  if (field === 'licenceKey') return true; // the licence card always has the key form (first key, or change key)
  return supportView(status, []).mode === 'form';
}

/** Plain words for the errors an admin can meet; the code stays visible for support. */
export function explain(error: unknown, platform?: Platform): { code: string; text: string; field?: string } {
  const e = error as { code?: string; message?: string; field?: string };
  const code = e?.code ?? 'unexpected';
  const words = platformWords(platform);
  const org = `${words.crm} ${words.org}`;
  // A refused input: the field's plain words, at the field (issue #13).
  if (code === 'invalid_input' && e.field !== undefined && FIELD_WORDS[e.field] !== undefined) return { code, text: FIELD_WORDS[e.field], field: e.field };
  // Typed by the closed code sets (issue #11): a label for a code that no longer exists does not compile.
  const labels: Partial<Record<AddonErrorCode | VerificationErrorCode, string>> = {
    ERR_SIGNATURE_INVALID: 'The answer from the update server has an invalid signature. It was refused; nothing was changed.',
    ERR_CHAIN_UNTRUSTED: 'The answer was not signed by this add-on’s vendor. It was refused; nothing was changed.',
    ERR_AUDIENCE_MISMATCH: `This licence belongs to another ${org}.`,
    ERR_TOKEN_EXPIRED: 'The signed answer has expired. Refresh the page.',
    ERR_CERT_REVOKED: 'The answer was signed with a key the vendor has revoked. It was refused; nothing was changed. Tell the vendor.',
    ERR_TOKEN_NOT_YET_VALID: 'The signed answer is dated in the future. Check the date and time of this computer, then refresh the page.',
    summary_missing: 'Describe the problem in a short summary.',
    description_missing: 'Describe what happened and what you expected.',
    ERR_MANIFEST_ROLLBACK: `The update server sent an older list of releases than this ${words.org === 'organisation' ? 'org' : words.org} has already seen. It was refused.`,
    org_bound_elsewhere: `This ${org} is already activated with another customer’s licence, so this key cannot be used here. Type that customer’s key, or ask the vendor to release the ${words.org} (quote its id, shown under ${words.crm} version).`,
    licence_key_invalid: 'This licence key is not valid. Check it against your order confirmation; if the vendor issued you a new key, type the new one.',
    org_limit_reached:
      words.org === 'organisation'
        ? 'This licence is already in use in as many organisations as it allows (one production organisation and its sandboxes). Ask the vendor to release one of them (quote this organisation’s id, shown under Dynamics 365 version), or type a licence key bought for this organisation.'
        : `This licence is already in use in as many ${words.org}s as it allows (one production ${words.org} and its test copies). Ask the vendor to release one of them (quote this ${words.org}’s id, shown under ${words.crm} version), or type a licence key bought for this ${words.org}.`,
    licence_key_malformed: 'A licence key looks like CRMA-7K2QF-M9XDR-4HV8T-PW3NC. Check it against your order confirmation.',
    licence_missing: 'Type the licence key from your order confirmation.',
    contact_email_invalid: 'Type an e-mail address like name@example.com, or leave it empty.',
    server_unreachable: 'The update server cannot be reached. Check the network, or try again later.',
    vendor_config_invalid: `The add-on’s vendor settings (vendor.json) are incomplete. Ask the vendor for a current build of the add-on for your ${words.crm} version.`,
    session_expired: 'Your Odoo session has ended. Sign in to Odoo again, then open this page again.',
  };
  // The org binding refusals name `orgId`; on this page the admin's way out is the key they typed.
  const field = e?.field === 'orgId' ? 'licenceKey' : e?.field;
  return { code, text: labels[code as keyof typeof labels] ?? e?.message ?? String(error), ...(field !== undefined ? { field } : {}) };
}
