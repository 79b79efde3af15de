/**
 * vendor.json for the Odoo module (decision O19): the settings every build needs (solution/src/vendor-json.ts
 * validateVendorBase: serverUrl, addonId, the root certificate to pin) and an optional `odoo` section:
 *
 *   "odoo": { "moduleName": "northwind_docgen", "title": "Northwind DocGen", "author": "Northwind Traders",
 *             "website": "https://northwind.example", "summary": "…" }
 *
 * The Dataverse publisher is not needed here, so one vendor.json serves both platforms.
 */
import { SolutionInputError } from '../version';
import { validateVendorBase } from '../vendor-json';

export interface OdooVendor {
  serverUrl: string;
  addonId: string;
  rootCertPem: string;
  moduleName: string;
  title: string;
  summary: string;
  author?: string;
  website?: string;
}

/**
 * An Odoo technical name: the module's folder, a Python package name under odoo.addons, and the prefix of its
 * system parameters. Lower-case letters, digits and underscores, starting with a letter (Odoo's own modules and the
 * apps store follow this), 2 to 64 characters.
 */
const TECHNICAL_NAME = /^[a-z][a-z0-9_]{1,63}$/;
/**
 * base_import_module writes over an installed module of the same name (models/ir_module.py _import_module: an
 * existing ir.module.module record is updated), so a name of one of Odoo's own modules would overwrite it. These are
 * the ones an add-on id is most likely to collide with; any core name is wrong, this list only catches the likely.
 */
const ODOO_CORE_NAMES = new Set([
  'base', 'web', 'mail', 'bus', 'crm', 'sale', 'sales', 'account', 'stock', 'purchase', 'project', 'hr', 'website', 'contacts', 'calendar',
  'product', 'portal', 'documents', 'knowledge', 'helpdesk', 'survey', 'event', 'fleet', 'mrp', 'pos', 'point_of_sale', 'base_import_module',
  'base_import', 'web_studio', 'spreadsheet', 'sign', 'approvals', 'timesheet', 'hr_timesheet', 'note', 'link_tracker', 'utm', 'digest',
]);

/** The default technical name for an add-on id: `northwind-docgen` → `northwind_docgen`; a leading digit gets `crma_`. */
export function defaultModuleName(addonId: string): string {
  const name = addonId.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `crma_${name}`;
}

function optionalText(section: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = section[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new SolutionInputError(`vendor.odoo.${field}`, `vendor.odoo.${field} must be a non-empty string of at most ${max} characters when given (got ${JSON.stringify(value)})`);
  }
  return value.trim();
}

export function validateOdooVendor(vendor: unknown, baseDir?: string): OdooVendor {
  const v = validateVendorBase(vendor, baseDir);
  const raw = v.odoo;
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new SolutionInputError('vendor.odoo', 'vendor.odoo must be an object { moduleName?, title?, author?, website?, summary? } when given');
  }
  const section = (raw ?? {}) as Record<string, unknown>;
  const moduleName = section.moduleName ?? defaultModuleName(v.addonId);
  if (typeof moduleName !== 'string' || !TECHNICAL_NAME.test(moduleName)) {
    throw new SolutionInputError(
      'vendor.odoo.moduleName',
      `vendor.odoo.moduleName must be an Odoo technical name: 2 to 64 lower-case letters, digits and underscores, starting with a letter (got ${JSON.stringify(moduleName)})`,
    );
  }
  if (ODOO_CORE_NAMES.has(moduleName)) {
    throw new SolutionInputError('vendor.odoo.moduleName', `vendor.odoo.moduleName "${moduleName}" is the name of one of Odoo's own modules, which importing the add-on would overwrite; choose a name of your own (e.g. <vendor>_${moduleName})`);
  }
  const website = optionalText(section, 'website', 256);
  if (website !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(website).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new SolutionInputError('vendor.odoo.website', `vendor.odoo.website must be an http(s) URL when given (got ${JSON.stringify(website)})`);
  }
  const fallbackTitle = typeof v.solutionFriendlyName === 'string' && v.solutionFriendlyName.trim() !== '' ? v.solutionFriendlyName.trim() : v.addonId;
  const title = optionalText(section, 'title', 128) ?? fallbackTitle;
  const publisherName = (v.publisher as { friendlyName?: unknown } | undefined)?.friendlyName;
  const author = optionalText(section, 'author', 128) ?? (typeof publisherName === 'string' && publisherName.trim() !== '' ? publisherName.trim() : undefined);
  return {
    serverUrl: v.serverUrl,
    addonId: v.addonId,
    rootCertPem: v.rootCertPem,
    moduleName,
    title,
    summary: optionalText(section, 'summary', 256) ?? `Licence, Software Assurance and updates of ${title}`,
    ...(author ? { author } : {}),
    ...(website ? { website } : {}),
  };
}
