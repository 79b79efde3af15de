/**
 * What each Odoo version the emulator serves does differently, as far as the add-on meets it. Read from Odoo's source
 * (github.com/odoo/odoo, branch named in each entry); where a branch could not be read the entry says so and takes the
 * stricter reading (docs/decisions-odoo.md, "The Odoo emulator", O2).
 */

export type OdooVersion = '16.0' | '17.0' | '18.0' | 'saas~17.2';
export const ODOO_VERSIONS: readonly OdooVersion[] = ['16.0', '17.0', '18.0', 'saas~17.2'];

export interface VersionRules {
  /** odoo/release.py: `version_info`, `serie` (= major_version), `version`. */
  versionInfo: [number | string, number, number, string, number, string];
  serie: string;
  serverVersion: string;
  /**
   * odoo/modules/module.py `adapt_version`: 16.0 only prefixes a version that does not start with the serie; 17.0 and
   * later also check that what is left is `x.y` or `x.y.z` and raise ValueError otherwise ("Invalid version ...").
   */
  adaptVersionChecks: boolean;
  /**
   * addons/base_import_module/models/ir_module.py `_import_module`: 16.0 raises UserError "Unmet module dependencies"
   * for any dependency that is not installed; 17.0 installs the known ones (button_immediate_install); 18.0 also
   * raises "Unknown module dependencies" for names that are no module at all. The emulator installs nothing (it has
   * no other modules to install): a known but uninstalled dependency is refused on every version, stricter (O4).
   */
  dependencyMessage: 'unmet' | 'unknown';
  /**
   * odoo/addons/base/models/res_users.py `has_group`: up to 17.0 an `@api.model` method (over RPC it answers for the
   * calling user, args `[group_xmlid]`); 18.0 a record method with `ensure_one()` (args `[[uid], group_xmlid]`).
   * saas~17.2 follows 18.0 (the change landed between them; stricter reading, O2).
   */
  hasGroup: 'model' | 'record';
  /**
   * odoo/tools/js_transpiler.py `is_odoo_module`: up to 17.0 only files whose first comment is `@odoo-module` are
   * transpiled (others are served as classic scripts, where an `import` line is a SyntaxError); 18.0 transpiles
   * every file under static/src unless it says `@odoo-module ignore`.
   */
  odooModuleTagRequired: boolean;
  /** addons/web/controllers/home.py (18.0): the `/odoo` routes (`/odoo/action-<id|xmlid|tag>`). */
  odooUrlRoutes: boolean;
  /**
   * odoo/service/model.py (17.0+ `get_public_method`) vs odoo/addons/web/controllers/dataset.py + odoo/api.py
   * (16.0 `check_method_name`): the wording of the refusals of a private or unknown method.
   */
  methodErrors: 'v16' | 'v17';
}

export const RULES: Record<OdooVersion, VersionRules> = {
  '16.0': {
    versionInfo: [16, 0, 0, 'final', 0, ''],
    serie: '16.0',
    serverVersion: '16.0',
    adaptVersionChecks: false,
    dependencyMessage: 'unmet',
    hasGroup: 'model',
    odooModuleTagRequired: true,
    odooUrlRoutes: false,
    methodErrors: 'v16',
  },
  '17.0': {
    versionInfo: [17, 0, 0, 'final', 0, ''],
    serie: '17.0',
    serverVersion: '17.0',
    adaptVersionChecks: true,
    dependencyMessage: 'unknown',
    hasGroup: 'model',
    odooModuleTagRequired: true,
    odooUrlRoutes: false,
    methodErrors: 'v17',
  },
  'saas~17.2': {
    versionInfo: ['saas~17', 2, 0, 'final', 0, ''],
    serie: 'saas~17.2',
    serverVersion: 'saas~17.2',
    adaptVersionChecks: true,
    dependencyMessage: 'unknown',
    hasGroup: 'record',
    odooModuleTagRequired: true,
    odooUrlRoutes: false,
    methodErrors: 'v17',
  },
  '18.0': {
    versionInfo: [18, 0, 0, 'final', 0, ''],
    serie: '18.0',
    serverVersion: '18.0',
    adaptVersionChecks: true,
    dependencyMessage: 'unknown',
    hasGroup: 'record',
    odooModuleTagRequired: false,
    odooUrlRoutes: true,
    methodErrors: 'v17',
  },
};

/**
 * odoo/modules/module.py `adapt_version` (per branch, see `adaptVersionChecks`). Throws the ValueError text Odoo
 * raises; base_import_module wraps it in "Error while importing module".
 */
export function adaptVersion(rules: VersionRules, version: string): string {
  const serie = rules.serie;
  let base: string;
  let adapted: string;
  if (version === serie || !version.startsWith(`${serie}.`)) {
    base = version;
    adapted = `${serie}.${version}`;
  } else {
    base = version.slice(serie.length + 1);
    adapted = version;
  }
  if (rules.adaptVersionChecks && !/^[0-9]+\.[0-9]+(?:\.[0-9]+)?$/.test(base)) {
    throw new OdooError('builtins.ValueError', `Invalid version '${base}'. Modules should have a version in format \`x.y\`, \`x.y.z\`, \`${serie}.x.y\` or \`${serie}.x.y.z\`.`);
  }
  return adapted;
}

/**
 * An exception as Odoo serialises it (odoo/http.py `serialize_exception`): `name` is the exception's module-qualified
 * class name, `message` its text.
 */
export class OdooError extends Error {
  constructor(
    readonly odooName: string,
    message: string,
    /** JSON-RPC error code: 200 for server errors, 100 for an expired session (odoo/http.py). */
    readonly code: 100 | 200 = 200,
  ) {
    super(message);
  }
}

export const accessError = (message: string) => new OdooError('odoo.exceptions.AccessError', message);
export const userError = (message: string) => new OdooError('odoo.exceptions.UserError', message);
export const validationError = (message: string) => new OdooError('odoo.exceptions.ValidationError', message);
export const accessDenied = () => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied');
export const missingError = (message: string) => new OdooError('odoo.exceptions.MissingError', message);
export const sessionExpired = () => new OdooError('odoo.http.SessionExpiredException', 'Session expired', 100);
