/**
 * Odoo module versions (decision O11). Odoo stores a module's version as `<series>.<module version>`: the series is
 * odoo/release.py's `major_version` ('.'.join of version_info[:2]: `17.0`, or `saas~17.2` on Odoo Online, whose
 * version_info[0] is the string 'saas~17'), and odoo/modules/module.py `adapt_version` prefixes a manifest version
 * that lacks it and, from 17.0, refuses a module part that is not 2 or 3 numbers. Our add-on version is the module
 * part (`1.4.0`); the series is the CRM line, as license-core's parsePlatformVersion reads it.
 */
import { parsePlatformVersion } from '@crm-assurance/license-core';

/** The Odoo lines the add-on is built for (issue #10): the majors, and Odoo Online's saas~X.Y lines. */
export const ODOO_MAJOR_SERIES = ['16.0', '17.0', '18.0'] as const;

export interface OdooModuleVersion {
  /** `17.0` or `saas~17.2`. */
  series: string;
  /** The add-on's own version, `1.4.0`. */
  module: string;
  /** `17.0.1.4.0`. */
  full: string;
}

const FULL = /^((?:saas~)?\d{1,4}\.\d{1,4})\.((?:0|[1-9]\d{0,8})\.(?:0|[1-9]\d{0,8})\.(?:0|[1-9]\d{0,8}))$/;

/** The reason a series is not one the add-on is built for, or undefined when it is. */
export function seriesProblem(series: string): string | undefined {
  let line: string;
  try {
    line = parsePlatformVersion(series, 'odoo').line;
  } catch {
    return `${series} is not an Odoo series`;
  }
  if (line !== series) return `${series} is not an Odoo series (the series is ${line})`;
  if (series.startsWith('saas~')) {
    const major = Number(series.slice(5).split('.')[0]);
    return major >= 16 && major <= 18 && !series.endsWith('.0') ? undefined : `${series} is not an Odoo Online line between 16.0 and 18.0 (saas~16.1 … saas~17.4)`;
  }
  return (ODOO_MAJOR_SERIES as readonly string[]).includes(series) ? undefined : `${series} is not one of the Odoo lines ${ODOO_MAJOR_SERIES.join(', ')} or an Odoo Online line saas~X.Y`;
}

/** Parses `17.0.1.4.0` / `saas~17.2.1.4.0`; undefined when it is not a series followed by a 3-part module version. */
export function parseOdooModuleVersion(text: string): OdooModuleVersion | undefined {
  const match = FULL.exec(text.trim());
  if (!match) return undefined;
  return { series: match[1], module: match[2], full: `${match[1]}.${match[2]}` };
}

/**
 * The add-on version in an installed module's version as ir.module.module reports it (`latest_version` /
 * `installed_version`, both series-prefixed by adapt_version): `17.0.1.4.0` → `1.4.0`. A version without the series
 * (an older import) is taken as it is when it has 2 or 3 numbers.
 */
export function moduleVersionPart(installed: string): string | undefined {
  const trimmed = installed.trim();
  const prefixed = /^(?:saas~)?\d{1,4}\.\d{1,4}\.(\d{1,9}(?:\.\d{1,9}){1,2})$/.exec(trimmed);
  if (prefixed) return prefixed[1];
  return /^\d{1,9}(?:\.\d{1,9}){1,2}$/.test(trimmed) ? trimmed : undefined;
}
