/**
 * Does an uploaded Odoo module fit the release it is published as? (issue #10; the twin of checkSolutionPackage)
 *
 * An Odoo module declares its version in `__manifest__.py` as `<series>.<x>.<y>[.<z>]`, e.g. `17.0.1.4.0`: the
 * server series it was built for (`17.0`, `saas~17.2`) and the module's own version (`1.4.0`). Odoo refuses to load
 * a module whose series is not the server's (odoo/modules/module.py `check_version`), and updates a module by its
 * technical name (the zip's top-level folder; base_import_module `_import_module` looks the module up by name).
 * So (decisions L39, L40):
 *
 * 1. `package_series_mismatch` (field `lines`): the manifest's series is not EVERY line the release targets. An
 *    Odoo build therefore targets exactly one line; a version without a series (`1.4.0`, which Odoo would install
 *    on any series) is refused too: the series is how the build says which line it was made and tested for.
 * 2. `package_version_mismatch` (field `version`): the module version is not the release version (numerically,
 *    as add-on versions compare: `1.4` = `1.4.0`, SPEC §3).
 * 3. `package_name_mismatch` (field `artifact`): the module's technical name is not the add-on's Odoo module name
 *    (when the add-on has one): another name would install beside the customer's module instead of updating it.
 * 4. `package_not_installable` (field `artifact`): the manifest says `installable: False`.
 *
 * The checks run in this order and the first failure is the answer. Reading the zip is the caller's business.
 */
import { compareAddonVersions, parseAddonVersion } from './addon-version';
import { InvalidInputError } from './errors';
import { isLine } from './platform-version';

export interface OdooModuleVersion {
  /** The series (`17.0`, `saas~17.2`), or undefined for a bare module version (`1.4.0`). */
  series?: string;
  /** The module's own version, two or three numeric parts (`1.4.0`). */
  moduleVersion: string;
}

// odoo/modules/module.py adapt_version: 2 to 5 dot-separated parts; with a series, 2 or 3 module parts follow it.
const SERIES_VERSION = /^((?:saas~)?\d{1,4}\.\d{1,4})\.(\d{1,9}\.\d{1,9}(?:\.\d{1,9})?)$/;
const BARE_VERSION = /^\d{1,9}\.\d{1,9}(?:\.\d{1,9})?$/;

/**
 * Splits a manifest version into series and module version. Four or five parts: the first two are the series;
 * two or three numeric parts: a bare module version (Odoo prefixes the server's series when it loads it).
 */
export function parseOdooModuleVersion(value: unknown, field = 'version'): OdooModuleVersion {
  if (typeof value === 'string') {
    const match = SERIES_VERSION.exec(value);
    if (match && isLine(match[1])) return { series: match[1], moduleVersion: match[2] };
    if (BARE_VERSION.test(value)) return { moduleVersion: value };
  }
  throw new InvalidInputError(
    field,
    `${field}: expected an Odoo module version such as 17.0.1.4.0 or saas~17.2.1.4.0 (series, then 2 or 3 numeric parts), got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/** What the server read from the module zip's `__manifest__.py` and folder name. */
export interface OdooModuleFacts {
  /** The technical name: the zip's single top-level folder. */
  name: string;
  /** The manifest's `version`, e.g. `17.0.1.4.0`. */
  version: string;
  /** The manifest's `installable` (Odoo's default is true). */
  installable: boolean;
}

export interface OdooModuleTarget {
  /** The lines the release targets (Odoo). */
  releaseLines: string[];
  /** The release version (metadata.version). */
  version: string;
  /** The add-on's Odoo module name, when it has one (decision U81: fixed by its first Odoo release). */
  moduleName?: string;
}

export type OdooModuleCheck =
  | { allowed: true; series: string; moduleVersion: string }
  | { allowed: false; reason: 'package_series_mismatch'; field: 'lines'; series?: string; line: string }
  | { allowed: false; reason: 'package_version_mismatch'; field: 'version'; packageVersion: string; version: string }
  | { allowed: false; reason: 'package_name_mismatch'; field: 'artifact'; name: string; moduleName: string }
  | { allowed: false; reason: 'package_not_installable'; field: 'artifact' };

const MODULE_NAME = /^[A-Za-z0-9_]{1,64}$/;

export function checkOdooModule(info: OdooModuleFacts, release: OdooModuleTarget): OdooModuleCheck {
  if (typeof info !== 'object' || info === null) throw new InvalidInputError('module', 'module: expected an object');
  if (typeof release !== 'object' || release === null) throw new InvalidInputError('release', 'release: expected an object');
  if (typeof info.name !== 'string' || !MODULE_NAME.test(info.name)) {
    throw new InvalidInputError('module.name', `module.name: expected a module technical name such as northwind_docgen, got ${JSON.stringify(info.name)}`);
  }
  const { series, moduleVersion } = parseOdooModuleVersion(info.version, 'module.version');
  if (typeof info.installable !== 'boolean') throw new InvalidInputError('module.installable', 'module.installable: expected true or false');
  if (!Array.isArray(release.releaseLines) || release.releaseLines.length === 0) {
    throw new InvalidInputError('release.releaseLines', 'release.releaseLines: expected at least one platform line');
  }
  release.releaseLines.forEach((line, i) => {
    if (!isLine(line)) {
      throw new InvalidInputError(`release.releaseLines[${i}]`, `release.releaseLines[${i}]: expected a version line such as 17.0 or saas~17.2, got ${JSON.stringify(line)}`);
    }
  });
  const version = parseAddonVersion(release.version, 'release.version').raw;
  if (release.moduleName !== undefined && (typeof release.moduleName !== 'string' || !MODULE_NAME.test(release.moduleName))) {
    throw new InvalidInputError('release.moduleName', `release.moduleName: expected a module technical name, got ${JSON.stringify(release.moduleName)}`);
  }

  const other = release.releaseLines.find((line) => line !== series);
  if (other !== undefined) return { allowed: false, reason: 'package_series_mismatch', field: 'lines', ...(series !== undefined ? { series } : {}), line: other };
  if (compareAddonVersions(moduleVersion, version) !== 0) {
    return { allowed: false, reason: 'package_version_mismatch', field: 'version', packageVersion: moduleVersion, version };
  }
  if (release.moduleName !== undefined && info.name !== release.moduleName) {
    return { allowed: false, reason: 'package_name_mismatch', field: 'artifact', name: info.name, moduleName: release.moduleName };
  }
  if (!info.installable) return { allowed: false, reason: 'package_not_installable', field: 'artifact' };
  return { allowed: true, series: series!, moduleVersion };
}
