/**
 * One Odoo database: its records (orm.ts tables for models.ts), its users and groups, and the public methods RPC
 * clients call (odoo/api.py `call_kw`: `@api.model` methods get the arguments as given, record methods take the ids
 * first). Sources are cited per method; the import of a module zip follows addons/base_import_module (O3–O6).
 */
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { parseDataXml, type XmlOp } from './data-xml';
import { MODEL_DEFS, NOT_EMULATED_METHODS, NOT_EMULATED_MODELS, RPC_MODELS, SEED_MODULES } from './models';
import { browse, checkAccess, checkUnique, checkValues, fieldsGet, readRows, search, Table, type Operation, type Row } from './orm';
import { literalEval, type PyValue } from './python-literal';
import { accessDenied, accessError, adaptVersion, OdooError, userError, validationError, type OdooVersion, type VersionRules } from './versions';

export interface UserSpec {
  login: string;
  password: string;
  name?: string;
  /** Group xmlids; implied groups are added (base.group_system → base.group_erp_manager → base.group_user). */
  groups?: string[];
  active?: boolean;
}

export interface DatabaseSpec {
  name: string;
  users?: UserSpec[];
  /** database.uuid; a random UUID by default (odoo/service/db.py `_initialize_db` seeds it). */
  uuid?: string;
}

/** base_groups.xml: the groups and what they imply. */
const GROUPS: { xmlid: string; name: string; implies: string[] }[] = [
  { xmlid: 'base.group_user', name: 'Internal User', implies: [] },
  { xmlid: 'base.group_portal', name: 'Portal', implies: [] },
  { xmlid: 'base.group_public', name: 'Public', implies: [] },
  { xmlid: 'base.group_no_one', name: 'Technical Features', implies: [] },
  { xmlid: 'base.group_erp_manager', name: 'Access Rights', implies: ['base.group_user'] },
  { xmlid: 'base.group_system', name: 'Settings', implies: ['base.group_erp_manager'] },
];

/** odoo/addons/base/models/ir_config_parameter.py `_default_parameters`: cannot be deleted or renamed. */
const DEFAULT_PARAMETERS = ['database.secret', 'database.uuid', 'database.create_date', 'web.base.url', 'base.login_cooldown_after', 'base.login_cooldown_duration'];

/** addons/base_import_module/models/ir_module.py MAX_FILE_SIZE (each file of the zip, uncompressed). */
export const MAX_FILE_SIZE = 100 * 1024 * 1024;
const MANIFEST_NAMES = ['__manifest__.py', '__openerp__.py'];
export const SUPERUSER_ID = 1;

export interface CallContext {
  uid: number;
}

type Args = { positional: unknown[]; keywords: Record<string, unknown> };
type MethodImpl = { kind: 'model' | 'records'; params: string[]; defaults?: Record<string, unknown>; run: (uid: number, ids: number[], a: Record<string, unknown>) => unknown | Promise<unknown> };

export interface ImportedModuleFiles {
  name: string;
  /** Files the import did not extract (Python code, files not listed as data): odoo ignores them. */
  ignored: string[];
}

export class OdooDatabase {
  readonly tables = new Map<string, Table>();
  private readonly passwords = new Map<number, string>();
  readonly ignoredFiles = new Map<string, string[]>();
  private clock = 0;
  private readonly methods = new Map<string, Map<string, MethodImpl>>();

  constructor(
    readonly name: string,
    readonly version: OdooVersion,
    readonly rules: VersionRules,
    spec: DatabaseSpec,
    baseUrl: () => string,
  ) {
    for (const def of MODEL_DEFS) this.tables.set(def.name, new Table(def));
    this.seed(spec, baseUrl());
    this.registerMethods();
  }

  now(): string {
    // A strictly increasing write_date (Odoo's is the transaction's timestamp, to the microsecond).
    const t = new Date(Date.now() + this.clock++);
    return t.toISOString().replace('T', ' ').replace('Z', '').slice(0, 19) + `.${String(this.clock % 1000000).padStart(6, '0')}`;
  }

  table(model: string): Table {
    const t = this.tables.get(model);
    if (!t) throw new Error(`no table ${model}`);
    return t;
  }

  private xmlid(module: string, name: string, model: string, resId: number, noupdate = false): void {
    this.table('ir.model.data').insert({ module, name, model, res_id: resId, noupdate, complete_name: `${module}.${name}` }, this.now(), SUPERUSER_ID);
  }

  /** ir.model.data `_xmlid_lookup`: ValueError "External ID not found in the system: x" when absent. */
  xmlidLookup(full: string): { model: string; resId: number; noupdate: boolean; row: Row } {
    const [module, name] = full.includes('.') ? [full.slice(0, full.indexOf('.')), full.slice(full.indexOf('.') + 1)] : ['', full];
    const row = [...this.table('ir.model.data').rows.values()].find((r) => r.module === module && r.name === name);
    if (!row) throw new OdooError('builtins.ValueError', `External ID not found in the system: ${full}`);
    return { model: row.model as string, resId: row.res_id as number, noupdate: Boolean(row.noupdate), row };
  }

  private seed(spec: DatabaseSpec, baseUrl: string): void {
    const now = this.now();
    const groups = this.table('res.groups');
    for (const g of GROUPS) {
      const row = groups.insert({ name: g.name, full_name: g.name, implied_ids: [], users: [] }, now, SUPERUSER_ID);
      const [module, name] = g.xmlid.split('.');
      this.xmlid(module, name, 'res.groups', row.id, true);
    }
    for (const g of GROUPS) this.groupRow(g.xmlid).implied_ids = g.implies.map((x) => this.groupRow(x).id);
    const users = this.table('res.users');
    users.insertWithId(SUPERUSER_ID, { name: 'OdooBot', login: '__system__', active: false, share: false, groups_id: [] }, now);
    this.xmlid('base', 'user_root', 'res.users', SUPERUSER_ID, true);
    const specs = spec.users ?? [{ login: 'admin', password: 'admin', name: 'Mitchell Admin', groups: ['base.group_system'] }];
    specs.forEach((u, i) => {
      const id = i + 2;
      users.insertWithId(id, { name: u.name ?? u.login, login: u.login, active: u.active !== false, share: false, groups_id: [], partner_id: id + 1 }, now);
      this.passwords.set(id, u.password);
      this.setGroups(id, u.groups ?? ['base.group_user']);
      if (i === 0) this.xmlid('base', 'user_admin', 'res.users', id, true);
    });
    const models = this.table('ir.model');
    for (const def of MODEL_DEFS) models.insert({ model: def.name, name: def.description }, now, SUPERUSER_ID);
    for (const m of NOT_EMULATED_MODELS) if (!this.tables.has(m)) models.insert({ model: m, name: m }, now, SUPERUSER_ID);
    const modules = this.table('ir.module.module');
    for (const m of SEED_MODULES) {
      const installed = m.state === 'installed';
      const row = modules.insert({ name: m.name, shortdesc: m.shortdesc, state: m.state, author: 'Odoo S.A.', license: 'LGPL-3', imported: false, latest_version: installed ? `${this.rules.serie}.1.0` : false, installed_version: `${this.rules.serie}.1.0`, application: false }, now, SUPERUSER_ID);
      this.xmlid('base', `module_${m.name}`, 'ir.module.module', row.id, true);
    }
    const params = this.table('ir.config_parameter');
    // odoo/addons/base/data/ir_config_parameter_data.xml + odoo/service/db.py: uuid, create_date, secret, web.base.url.
    params.insert({ key: 'database.uuid', value: spec.uuid ?? randomUUID() }, now, SUPERUSER_ID);
    params.insert({ key: 'database.create_date', value: now.slice(0, 19) }, now, SUPERUSER_ID);
    params.insert({ key: 'database.secret', value: randomUUID() }, now, SUPERUSER_ID);
    params.insert({ key: 'web.base.url', value: baseUrl }, now, SUPERUSER_ID);
    const menus = this.table('ir.ui.menu');
    const root = menus.insert({ name: 'Settings', parent_id: false, sequence: 550, groups_id: [this.groupRow('base.group_erp_manager').id], active: true, action: false }, now, SUPERUSER_ID);
    this.xmlid('base', 'menu_administration', 'ir.ui.menu', root.id, true);
    const technical = menus.insert({ name: 'Technical', parent_id: root.id, sequence: 110, groups_id: [this.groupRow('base.group_no_one').id], active: true, action: false }, now, SUPERUSER_ID);
    this.xmlid('base', 'menu_custom', 'ir.ui.menu', technical.id, true);
  }

  private groupRow(xmlid: string): Row {
    return this.table('res.groups').rows.get(this.xmlidLookup(xmlid).resId) as Row;
  }

  /** res.users groups_id with the implied groups (res_groups.py `implied_ids`, applied on write). */
  private setGroups(uid: number, xmlids: string[]): void {
    const ids = new Set<number>();
    const add = (id: number) => {
      if (ids.has(id)) return;
      ids.add(id);
      for (const implied of (this.table('res.groups').rows.get(id)?.implied_ids as number[]) ?? []) add(implied);
    };
    for (const x of xmlids) add(this.groupRow(x).id);
    const user = this.table('res.users').rows.get(uid) as Row;
    user.groups_id = [...ids];
    for (const g of this.table('res.groups').rows.values()) {
      const members = new Set((g.users as number[]) ?? []);
      if (ids.has(g.id)) members.add(uid);
      else members.delete(uid);
      g.users = [...members];
    }
  }

  userGroups(uid: number): Set<string> {
    const user = this.table('res.users').rows.get(uid);
    const ids = new Set((user?.groups_id as number[]) ?? []);
    return new Set([...this.table('ir.model.data').rows.values()].filter((r) => r.model === 'res.groups' && ids.has(r.res_id as number)).map((r) => `${r.module}.${r.name}`));
  }

  /** odoo/api.py Environment.is_admin: the superuser, or a user in base.group_erp_manager (res_users.py `_is_admin`). */
  isAdmin(uid: number): boolean {
    return uid === SUPERUSER_ID || this.userGroups(uid).has('base.group_erp_manager');
  }
  isSystem(uid: number): boolean {
    return uid === SUPERUSER_ID || this.userGroups(uid).has('base.group_system');
  }

  /** res.users `_login` / `_check_credentials`: the uid of an active user whose password matches, else AccessDenied. */
  authenticate(login: string, password: string): number {
    const user = [...this.table('res.users').rows.values()].find((u) => u.login === login && u.active !== false);
    if (!user || this.passwords.get(user.id) !== password) throw accessDenied();
    return user.id;
  }
  checkCredentials(uid: number, password: string): void {
    const user = this.table('res.users').rows.get(uid);
    if (!user || user.active === false || this.passwords.get(uid) !== password) throw accessDenied();
  }

  // ---------------------------------------------------------------- RPC

  /**
   * odoo/api.py `call_kw` + odoo/service/model.py: refuses a private method (AccessError) or an unknown one
   * (AttributeError) by the version's wording, then runs the method as `@api.model` (arguments as given) or on
   * records (first argument: the ids). Every call is a transaction: on error nothing it wrote is kept.
   */
  call(uid: number, model: string, method: string, args: unknown, kwargs: unknown): Promise<unknown> {
    // One transaction at a time per database (PostgreSQL serialises Odoo's concurrent writes; here a queue does).
    const run = this.queue.then(() => this.callNow(uid, model, method, args, kwargs));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
  private queue: Promise<void> = Promise.resolve();

  private async callNow(uid: number, model: string, method: string, args: unknown, kwargs: unknown): Promise<unknown> {
    if (!this.tables.has(model) && !NOT_EMULATED_MODELS.has(model)) {
      throw new OdooError('builtins.KeyError', `'${model}'`);
    }
    if (method.startsWith('_')) {
      throw accessError(this.rules.methodErrors === 'v16' ? `Private methods (such as ${method}) cannot be called remotely.` : `Private methods (such as '${model}.${method}') cannot be called remotely.`);
    }
    if (!RPC_MODELS.has(model)) throw new OdooError('emulator.NotEmulated', `The emulator does not serve the model ${model}.`);
    const impl = this.methods.get(model)?.get(method) ?? this.methods.get('*')?.get(method);
    if (!impl) {
      if (NOT_EMULATED_METHODS.has(method)) throw new OdooError('emulator.NotEmulated', `The emulator does not implement ${model}.${method}.`);
      throw new OdooError('builtins.AttributeError', this.rules.methodErrors === 'v16' ? `type object '${model}' has no attribute '${method}'` : `The method '${model}.${method}' does not exist`);
    }
    const positional = Array.isArray(args) ? [...args] : [];
    const keywords = { ...((kwargs as Record<string, unknown>) ?? {}) };
    delete keywords.context;
    let ids: number[] = [];
    if (impl.kind === 'records') {
      if (positional.length === 0) throw new OdooError('builtins.IndexError', 'list index out of range');
      const first = positional.shift();
      ids = (Array.isArray(first) ? first : [first]) as number[];
      browse(this.table(model), ids, uid);
    }
    const a = bind(`${model}.${method}`, impl, { positional, keywords });
    return this.transaction(() => impl.run(uid, ids, a));
  }

  /** Runs fn as one transaction: on error nothing it wrote is kept (the cursor rolls back). */
  private async transaction<T>(fn: () => T | Promise<T>): Promise<T> {
    const snapshot = this.snapshot();
    try {
      return await fn();
    } catch (error) {
      this.restore(snapshot);
      throw error;
    }
  }

  /** An import by the superuser (test set-up), queued and transactional like an RPC call. */
  importAsSuperuser(zip: Buffer): Promise<[string, string[]]> {
    const run = this.queue.then(() => this.transaction(() => this.importZipfile(SUPERUSER_ID, zip, false, false)));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private snapshot(): Map<string, Map<number, Row>> {
    const copy = new Map<string, Map<number, Row>>();
    for (const [name, t] of this.tables) copy.set(name, new Map([...t.rows].map(([id, row]) => [id, structuredClone(row)])));
    return copy;
  }
  private restore(snapshot: Map<string, Map<number, Row>>): void {
    for (const [name, rows] of snapshot) {
      const t = this.table(name);
      t.rows.clear();
      for (const [id, row] of rows) t.rows.set(id, row);
    }
  }

  private access(uid: number, model: string, operation: Operation): void {
    checkAccess(this.table(model).def, this.userGroups(uid), operation, uid === SUPERUSER_ID);
  }

  private define(model: string, name: string, impl: MethodImpl): void {
    if (!this.methods.has(model)) this.methods.set(model, new Map());
    this.methods.get(model)?.set(name, impl);
  }

  // Generic ORM methods (odoo/models.py), for every served model ('*').
  create(uid: number, model: string, vals: Record<string, unknown>): Row {
    this.access(uid, model, 'create');
    const t = this.table(model);
    const values = checkValues(t, { ...this.defaults(model), ...vals }, true);
    checkUnique(t, values);
    return t.insert(values, this.now(), uid);
  }
  write(uid: number, model: string, ids: number[], vals: Record<string, unknown>): true {
    this.access(uid, model, 'write');
    const t = this.table(model);
    const values = checkValues(t, vals, false);
    for (const row of browse(t, ids, uid)) {
      checkUnique(t, { ...row, ...values }, row.id);
      Object.assign(row, values, { write_date: this.now(), write_uid: uid });
    }
    return true;
  }
  unlink(uid: number, model: string, ids: number[]): true {
    this.access(uid, model, 'unlink');
    const t = this.table(model);
    for (const row of browse(t, ids, uid)) t.rows.delete(row.id);
    return true;
  }
  private defaults(model: string): Record<string, unknown> {
    if (model === 'base.import.module') return { state: 'init', force: false, with_demo: false };
    if (model === 'ir.actions.client') return { type: 'ir.actions.client', target: 'current', context: '{}' };
    if (model === 'ir.ui.menu') return { active: true, sequence: 10, groups_id: [] };
    return {};
  }

  private registerMethods(): void {
    const t = (m: string) => this.table(m);
    this.define('*', 'search_read', {
      kind: 'model',
      params: ['domain', 'fields', 'offset', 'limit', 'order'],
      defaults: { domain: [], fields: null, offset: 0, limit: null, order: null },
      run: (uid, _ids, a) => {
        const model = a.__model as string;
        this.access(uid, model, 'read');
        const rows = search(t(model), (a.domain as unknown[]) ?? [], { offset: a.offset as number, limit: a.limit as number | null, order: a.order as string | null });
        return readRows(this.tables, t(model), rows, a.fields);
      },
    });
    this.define('*', 'search', {
      kind: 'model',
      params: ['domain', 'offset', 'limit', 'order'],
      defaults: { offset: 0, limit: null, order: null },
      run: (uid, _ids, a) => {
        const model = a.__model as string;
        this.access(uid, model, 'read');
        return search(t(model), (a.domain as unknown[]) ?? [], { offset: a.offset as number, limit: a.limit as number | null, order: a.order as string | null }).map((r) => r.id);
      },
    });
    this.define('*', 'search_count', {
      kind: 'model',
      params: ['domain', 'limit'],
      defaults: { limit: null },
      run: (uid, _ids, a) => {
        const model = a.__model as string;
        this.access(uid, model, 'read');
        return search(t(model), (a.domain as unknown[]) ?? [], { limit: a.limit as number | null }).length;
      },
    });
    this.define('*', 'read', {
      kind: 'records',
      params: ['fields', 'load'],
      defaults: { fields: null, load: '_classic_read' },
      run: (uid, ids, a) => {
        const model = a.__model as string;
        this.access(uid, model, 'read');
        return readRows(this.tables, t(model), browse(t(model), ids, uid), a.fields);
      },
    });
    this.define('*', 'fields_get', {
      kind: 'model',
      params: ['allfields', 'attributes'],
      defaults: { allfields: null, attributes: null },
      run: (_uid, _ids, a) => fieldsGet(t(a.__model as string)),
    });
    this.define('*', 'create', {
      kind: 'model',
      params: ['vals_list'],
      run: (uid, _ids, a) => {
        const model = a.__model as string;
        // odoo/models.py create (api.model_create_multi): a dict gives an id, a list of dicts a list of ids.
        if (Array.isArray(a.vals_list)) return a.vals_list.map((v) => this.createOne(uid, model, v as Record<string, unknown>).id);
        return this.createOne(uid, model, a.vals_list as Record<string, unknown>).id;
      },
    });
    this.define('*', 'write', { kind: 'records', params: ['vals'], run: (uid, ids, a) => this.writeChecked(uid, a.__model as string, ids, a.vals as Record<string, unknown>) });
    this.define('*', 'unlink', { kind: 'records', params: [], run: (uid, ids, a) => this.unlinkChecked(uid, a.__model as string, ids) });

    // odoo/addons/base/models/ir_config_parameter.py
    this.define('ir.config_parameter', 'get_param', {
      kind: 'model',
      params: ['key', 'default'],
      defaults: { default: false },
      run: (uid, _ids, a) => {
        // get_param: check_access_rights('read') (16.0/17.0), check_access('read') (18.0), then the stored value.
        this.access(uid, 'ir.config_parameter', 'read');
        const row = [...t('ir.config_parameter').rows.values()].find((r) => r.key === a.key);
        return row?.value ?? a.default;
      },
    });
    this.define('ir.config_parameter', 'set_param', {
      kind: 'model',
      params: ['key', 'value'],
      run: (uid, _ids, a) => {
        // set_param: an existing parameter is written (or deleted when value is False/None), a missing one created;
        // returns the old value or False.
        this.access(uid, 'ir.config_parameter', 'read');
        const row = [...t('ir.config_parameter').rows.values()].find((r) => r.key === a.key);
        const value = a.value;
        if (row) {
          const old = row.value;
          if (value !== false && value !== null && value !== undefined) {
            if (old !== value) this.writeChecked(uid, 'ir.config_parameter', [row.id], { value });
          } else this.unlinkChecked(uid, 'ir.config_parameter', [row.id]);
          return old;
        }
        if (value !== false && value !== null && value !== undefined) this.createOne(uid, 'ir.config_parameter', { key: a.key, value });
        return false;
      },
    });

    // odoo/addons/base/models/res_users.py has_group (see versions.ts hasGroup).
    this.define('res.users', 'has_group', {
      kind: this.rules.hasGroup === 'model' ? 'model' : 'records',
      params: ['group_ext_id'],
      run: (uid, ids, a) => {
        const ext = a.group_ext_id;
        if (typeof ext !== 'string' || !ext.includes('.')) throw new OdooError('builtins.AssertionError', 'External ID must be fully qualified');
        let who = uid;
        if (this.rules.hasGroup === 'record') {
          if (ids.length !== 1) throw new OdooError('builtins.ValueError', `Expected singleton: res.users(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`);
          who = ids[0];
        }
        return this.userGroups(who).has(ext);
      },
    });

    // odoo/addons/base/models/ir_model.py IrModelData.check_object_reference (16.0–18.0).
    this.define('ir.model.data', 'check_object_reference', {
      kind: 'model',
      params: ['module', 'xml_id', 'raise_on_access_error'],
      defaults: { raise_on_access_error: false },
      run: (uid, _ids, a) => {
        const { model, resId } = this.xmlidLookup(`${a.module}.${a.xml_id}`);
        let visible = true;
        try {
          this.access(uid, model, 'read');
        } catch {
          visible = false;
        }
        if (visible) return [model, resId];
        if (a.raise_on_access_error) throw accessError(`Not enough access rights on the external ID '${a.module}.${a.xml_id}'`);
        return [model, false];
      },
    });

    // odoo/addons/base/models/ir_module.py button_immediate_upgrade: admins only (@assert_log_admin_access). An
    // imported module has no code on disk: loading skips it (base_import_module `_get_modules_to_load_domain`,
    // 17.0+; 16.0 finds no manifest), so it stays 'to upgrade'. The import already ran its data in update mode (O4).
    this.define('ir.module.module', 'button_immediate_upgrade', {
      kind: 'records',
      params: [],
      run: (uid, ids) => {
        if (!this.isAdmin(uid)) throw accessDenied();
        for (const row of browse(t('ir.module.module'), ids, uid)) {
          if (row.state !== 'installed' && row.state !== 'to upgrade') throw userError(`Cannot upgrade module "${row.name}". It is not installed.`);
          row.state = row.imported ? 'to upgrade' : 'installed';
          row.write_date = this.now();
        }
        return { type: 'ir.actions.client', tag: 'reload' };
      },
    });
    this.define('ir.module.module', 'button_immediate_install', {
      kind: 'records',
      params: [],
      run: (uid) => {
        if (!this.isAdmin(uid)) throw accessDenied();
        throw new OdooError('emulator.NotEmulated', 'The emulator has no module code to install; import a module zip instead.');
      },
    });

    // addons/base_import_module/wizard/base_import_module.py import_module.
    this.define('base.import.module', 'import_module', {
      kind: 'records',
      params: [],
      run: async (uid, ids) => {
        if (ids.length !== 1) throw new OdooError('builtins.ValueError', `Expected singleton: base.import.module(${ids.join(', ')})`);
        this.access(uid, 'base.import.module', 'read');
        const wizard = t('base.import.module').rows.get(ids[0]) as Row;
        const bytes = Buffer.from(String(wizard.module_file ?? ''), 'base64');
        const [message, names] = await this.importZipfile(uid, bytes, Boolean(wizard.force), Boolean(wizard.with_demo));
        Object.assign(wizard, { state: 'done', import_message: message, write_date: this.now() });
        return { name: 'Import Module', view_mode: 'form', target: 'new', res_id: wizard.id, res_model: 'base.import.module', type: 'ir.actions.act_window', context: { module_name: names } };
      },
    });
  }

  private createOne(uid: number, model: string, vals: Record<string, unknown>): Row {
    if (model === 'ir.config_parameter' && typeof vals === 'object' && vals) return this.create(uid, model, this.checkParamKey(vals));
    return this.create(uid, model, vals);
  }
  private writeChecked(uid: number, model: string, ids: number[], vals: Record<string, unknown>): true {
    if (model === 'ir.config_parameter' && vals && 'key' in vals) {
      // ir_config_parameter.py write: the default parameters cannot be renamed (reading their keys needs read access).
      this.access(uid, model, 'read');
      const illegal = browse(this.table(model), ids, uid).filter((r) => DEFAULT_PARAMETERS.includes(r.key as string)).map((r) => r.key);
      if (illegal.length > 0) throw validationError(`You cannot rename config parameters with keys ${illegal.join(', ')}`);
      vals = this.checkParamKey(vals);
    } else if (model === 'ir.config_parameter' && vals) vals = this.checkParamKey(vals);
    if (model === 'res.users' && vals && 'groups_id' in vals) throw new OdooError('emulator.NotEmulated', 'The emulator does not write user groups over RPC.');
    return this.write(uid, model, ids, vals);
  }
  private unlinkChecked(uid: number, model: string, ids: number[]): true {
    if (model === 'ir.config_parameter') {
      // ir_config_parameter.py unlink: "You cannot delete the %s record."
      this.access(uid, model, 'unlink');
      const protectedRow = browse(this.table(model), ids, uid).find((r) => DEFAULT_PARAMETERS.includes(r.key as string));
      if (protectedRow) throw validationError(`You cannot delete the ${protectedRow.key} record.`);
    }
    return this.unlink(uid, model, ids);
  }
  /** Char/Text fields store text: a number is converted (fields.py _String.convert_to_cache), other types refused. */
  private checkParamKey(vals: Record<string, unknown>): Record<string, unknown> {
    if ('key' in vals && vals.key !== false && typeof vals.key !== 'string') throw new OdooError('builtins.ValueError', `Wrong value for ir.config_parameter.key: ${JSON.stringify(vals.key)}`);
    if ('value' in vals && vals.value !== false && vals.value !== null && typeof vals.value !== 'string' && typeof vals.value !== 'number') {
      throw new OdooError('builtins.ValueError', `Wrong value for ir.config_parameter.value: ${JSON.stringify(vals.value)}`);
    }
    return typeof vals.value === 'number' ? { ...vals, value: String(vals.value) } : vals;
  }

  // ---------------------------------------------------------------- base_import_module

  /**
   * addons/base_import_module/models/ir_module.py `_import_zipfile` (17.0/18.0; 16.0 `import_zipfile`): admins only,
   * a zip, no file over MAX_FILE_SIZE; extracts per module only its manifest, the data files its manifest lists
   * (.xml/.csv/.sql) and static/ — nothing else (Python code is never extracted, hence never run); imports each
   * top-level folder. 17.0+: the first error aborts the call (UserError, transaction rolled back). 16.0: errors are
   * reported in the returned message and the call succeeds (O3).
   */
  async importZipfile(uid: number, bytes: Buffer, force: boolean, withDemo: boolean): Promise<[string, string[]]> {
    if (!this.isAdmin(uid)) throw accessError('Only administrators can install data modules.');
    if (bytes.length === 0) throw new OdooError('builtins.Exception', 'No file sent.');
    const entries = await readZip(bytes);
    if (!entries) throw userError('Only zip files are supported.');
    // The sizes the archive declares are checked before anything is extracted (zipfile ZipInfo.file_size).
    for (const e of entries) if (e.size > MAX_FILE_SIZE) throw userError(`File '${e.name}' exceed maximum allowed file size`);
    for (const e of entries) {
      try {
        e.data = await e.read();
      } catch {
        throw new OdooError('zipfile.BadZipFile', `Bad CRC-32 or size for '${e.name}'`);
      }
    }
    for (const e of entries) {
      if (e.name.startsWith('/') || e.name.split('/').includes('..')) throw userError(`The emulator refuses the zip entry '${e.name}' (absolute or parent path).`);
    }
    // The manifests at <module>/<manifest>, and the data files each lists.
    const dataFiles = new Map<string, Set<string>>();
    for (const e of entries) {
      const parts = e.name.split('/');
      if (parts.length !== 2 || !MANIFEST_NAMES.includes(parts[1])) continue;
      let terp: PyValue;
      try {
        terp = literalEval(e.data.toString('utf8'));
      } catch {
        continue;
      }
      if (typeof terp !== 'object' || terp === null || Array.isArray(terp)) continue;
      const kinds = ['data', 'init_xml', 'update_xml', ...(withDemo ? ['demo'] : [])];
      const files = new Set<string>();
      for (const kind of kinds) {
        const list = terp[kind] ?? [];
        if (!Array.isArray(list)) throw new OdooError('builtins.TypeError', `can only concatenate list (not "${typeof list}") to list`);
        for (const f of list) if (typeof f === 'string' && ['.xml', '.csv', '.sql'].includes(extname(f))) files.add(`${parts[0]}/${f}`);
      }
      dataFiles.set(parts[0], files);
    }
    const extracted = new Map<string, Map<string, Buffer>>();
    const ignored = new Map<string, string[]>();
    for (const e of entries) {
      if (e.dir) continue;
      const mod = e.name.split('/')[0];
      const isManifest = e.name.split('/').length === 2 && MANIFEST_NAMES.includes(e.name.split('/')[1]);
      const keep = isManifest || dataFiles.get(mod)?.has(e.name) || e.name.startsWith(`${mod}/static`);
      if (e.name.split('/').length < 2) continue;
      if (!keep) {
        ignored.set(mod, [...(ignored.get(mod) ?? []), e.name]);
        continue;
      }
      if (!extracted.has(mod)) extracted.set(mod, new Map());
      extracted.get(mod)?.set(e.name.slice(mod.length + 1), e.data);
    }
    const names = [...extracted.keys()].sort();
    const success: string[] = [];
    const errors: [string, string][] = [];
    for (const mod of names) {
      try {
        if (this.importModule(mod, extracted.get(mod) as Map<string, Buffer>, force, withDemo)) success.push(mod);
        this.ignoredFiles.set(mod, ignored.get(mod) ?? []);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (this.version !== '16.0') throw userError(`Error while importing module '${mod}'.\n\n ${text} \n\n`);
        errors.push([mod, text]);
      }
    }
    if (this.version === '16.0') {
      const lines = success.map((m) => `Successfully imported module '${m}'`);
      for (const [m, text] of errors) lines.push(`Error while importing module '${m}'.\n\n ${text} \n Make sure those modules are installed and try again.`);
      return [lines.join('\n'), names];
    }
    return ['', names];
  }

  /** addons/base_import_module/models/ir_module.py `_import_module`, run as superuser (`self.sudo()`). */
  private importModule(module: string, files: Map<string, Buffer>, force: boolean, withDemo: boolean): boolean {
    const manifestName = MANIFEST_NAMES.find((n) => files.has(n));
    if (!manifestName) return false;
    const terp = literalEval((files.get(manifestName) as Buffer).toString('utf8'));
    if (typeof terp !== 'object' || terp === null || Array.isArray(terp)) {
      throw new OdooError('builtins.ValueError', 'dictionary update sequence element #0 has length 1; 2 is required');
    }
    if (Object.keys(terp).length === 0) return false;
    const modules = this.table('ir.module.module');
    const known = [...modules.rows.values()];
    const installed = new Set(known.filter((m) => m.state === 'installed').map((m) => m.name as string));
    const values: Record<string, unknown> = {
      shortdesc: terp.name ?? false,
      summary: terp.summary ?? false,
      author: terp.author ?? 'Odoo S.A.',
      license: terp.license ?? 'LGPL-3',
      application: Boolean(terp.application),
      icon: typeof terp.icon === 'string' ? terp.icon : files.has('static/description/icon.png') ? `/${module}/static/description/icon.png` : '/base/static/description/icon.png',
    };
    if ('version' in terp) {
      // 16.0 stores the manifest's version as written; 17.0+ adapt_version (prefix the serie, check the format).
      const version = String(terp.version);
      values.latest_version = this.version === '16.0' ? version : adaptVersion(this.rules, version);
    }
    const depends = (terp.depends ?? []) as string[];
    const unmet = depends.filter((d) => !installed.has(d));
    if (unmet.length > 0) {
      const unknown = unmet.filter((d) => !known.some((m) => m.name === d));
      if (this.rules.dependencyMessage === 'unknown' && unknown.length > 0) throw userError(`Unknown module dependencies:\n - ${unknown.join('\n - ')}`);
      if (this.rules.dependencyMessage === 'unmet') {
        const names = known.filter((m) => unmet.includes(m.name as string)).map((m) => m.shortdesc);
        throw userError(`Unmet module dependencies: \n\n - ${names.join('\n - ')}`);
      }
      throw new OdooError('emulator.NotEmulated', `Odoo ${this.version} would install the dependencies ${unmet.join(', ')} first; the emulator has no module code to install.`);
    }
    // The emulator's own refusals (stricter than Odoo or not emulated) come before anything is written.
    const assetCommands = this.assetCommands(module, (terp.assets ?? {}) as Record<string, PyValue[]>);
    const existing = known.find((m) => m.name === module);
    let mode: 'init' | 'update';
    if (existing) {
      Object.assign(existing, values, { state: 'installed', installed_version: values.latest_version ?? existing.latest_version, write_date: this.now() });
      mode = force ? 'init' : 'update';
    } else {
      if (terp.installable === false) throw new OdooError('builtins.AssertionError', 'Module not installable');
      const row = modules.insert({ name: module, state: 'installed', imported: true, ...values, installed_version: values.latest_version ?? false }, this.now(), SUPERUSER_ID);
      this.xmlid('base', `module_${module}`, 'ir.module.module', row.id, true);
      mode = 'init';
    }
    const kinds = ['data', 'init_xml', 'update_xml', ...(withDemo ? ['demo'] : [])];
    for (const kind of kinds) {
      for (const filename of (terp[kind] ?? []) as string[]) {
        const ext = extname(filename);
        if (!['.xml', '.csv', '.sql'].includes(ext)) continue; // "skip unsupported file"
        const content = files.get(filename);
        if (!content) throw new OdooError('builtins.FileNotFoundError', `File not found: ${module}/${filename}`);
        if (ext !== '.xml') throw new OdooError('emulator.NotEmulated', `${module}/${filename}: the emulator loads XML data files only (Odoo also loads ${ext}).`);
        this.applyXml(module, filename, parseDataXml(`${module}/${filename}`, content.toString('utf8')), mode);
      }
    }
    // Static files → ir.attachment (url /<module>/static/..., res_model ir.ui.view, public).
    const attachments = this.table('ir.attachment');
    for (const [path, data] of files) {
      if (!path.startsWith('static')) continue;
      const url = `/${module}/${path}`;
      const values2 = { name: path.split('/').pop(), url, res_model: 'ir.ui.view', type: 'binary', datas: data.toString('base64'), public: true, mimetype: mimeOf(path) };
      const found = [...attachments.rows.values()].find((r) => r.url === url && r.type === 'binary' && r.res_model === 'ir.ui.view');
      if (found) Object.assign(found, values2, { write_date: this.now() });
      else {
        const row = attachments.insert(values2, this.now(), SUPERUSER_ID);
        this.xmlid(module, `attachment_${url}`.replace(/\./g, '_').replace(/ /g, '_'), 'ir.attachment', row.id);
      }
    }
    // Assets → ir.asset named <module>.<bundle>.<path>, with an ir.model.data record each.
    const assetTable = this.table('ir.asset');
    for (const vals of assetCommands) {
      const found = [...assetTable.rows.values()].find((r) => r.name === vals.name);
      if (found) Object.assign(found, vals);
      else {
        const row = assetTable.insert(vals, this.now(), SUPERUSER_ID);
        this.xmlid(module, `${vals.bundle}_${vals.path}`.replace(/\./g, '_'), 'ir.asset', row.id);
      }
    }
    const mod = known.find((m) => m.name === module) ?? [...modules.rows.values()].find((m) => m.name === module);
    if (mod) mod.depends = depends;
    return true;
  }

  /** ir_asset.py `_process_command` for each manifest asset command, with the emulator's refusals (O6). */
  private assetCommands(module: string, assets: Record<string, PyValue[]>): { name: string; bundle: string; directive: string; target: string | false; path: string; active: boolean; sequence: number }[] {
    const out = [];
    for (const [bundle, commands] of Object.entries(assets)) {
      if (!Array.isArray(commands)) throw new OdooError('builtins.TypeError', `'${typeof commands}' object is not iterable`);
      for (const command of commands) {
        let directive = 'append';
        let target: string | false = false;
        let path: string;
        if (typeof command === 'string') path = command;
        else if (Array.isArray(command) && command.every((c) => typeof c === 'string')) {
          directive = command[0] as string;
          if (['after', 'before', 'replace'].includes(directive)) [target, path] = [command[1] as string, command[2] as string];
          else path = command[1] as string;
        } else throw new OdooError('builtins.ValueError', `Invalid asset command ${JSON.stringify(command)}`);
        if (!['append', 'prepend'].includes(directive)) throw new OdooError('emulator.NotEmulated', `Asset directive '${directive}' is not emulated.`);
        if (/[*?[\]]/.test(path)) {
          // Stricter than 16.0–18.0 (O6): an imported module has no files on disk, so ir.asset `_get_paths` cannot
          // expand a glob and the bundle asks for an attachment at the glob's URL, which does not exist. Odoo's
          // master branch refuses it at import with this message.
          throw userError(`The assets path in the manifest of imported module '${module}' cannot contain glob wildcards (e.g., *, **).`);
        }
        path = path.startsWith('/') ? path : `/${path}`;
        out.push({ name: `${module}.${bundle}.${path}`, bundle, directive, target: target as string | false, path, active: true, sequence: 16 });
      }
    }
    return out;
  }

  /** odoo/tools/convert.py `_tag_record` / `_tag_menuitem`, for the models the emulator has. */
  private applyXml(module: string, file: string, ops: XmlOp[], mode: 'init' | 'update'): void {
    const where = (line: number) => `while parsing ${module}/${file}:${line}`;
    const fullId = (id: string, line: number) => {
      if (!id.includes('.')) return `${module}.${id}`;
      const other = id.split('.')[0];
      if (other !== module && ![...this.table('ir.module.module').rows.values()].some((m) => m.name === other && m.state === 'installed')) {
        throw new OdooError('odoo.tools.convert.ParseError', `${where(line)}\nThe ID "${id}" refers to an uninstalled module`);
      }
      return id;
    };
    const ref = (id: string, line: number) => {
      try {
        return this.xmlidLookup(fullId(id, line));
      } catch (error) {
        throw new OdooError('odoo.tools.convert.ParseError', `${where(line)}\n${(error as Error).message}`);
      }
    };
    const upsert = (model: string, id: string | undefined, values: Record<string, unknown>, noupdate: boolean, line: number) => {
      const t = this.table(model);
      const xml = id ? fullId(id, line) : undefined;
      let existing: { resId: number; noupdate: boolean } | undefined;
      if (xml) {
        try {
          existing = this.xmlidLookup(xml);
        } catch {
          existing = undefined;
        }
      }
      if (existing && t.rows.has(existing.resId)) {
        if (mode === 'update' && existing.noupdate) return existing.resId;
        const row = t.rows.get(existing.resId) as Row;
        Object.assign(row, checkValues(t, values, false), { write_date: this.now() });
        return row.id;
      }
      let row: Row;
      try {
        row = t.insert(checkValues(t, { ...this.defaults(model), ...values }, true), this.now(), SUPERUSER_ID);
      } catch (error) {
        throw new OdooError('odoo.tools.convert.ParseError', `${where(line)}\n${(error as Error).message}`);
      }
      if (xml) {
        const [m, n] = [xml.slice(0, xml.indexOf('.')), xml.slice(xml.indexOf('.') + 1)];
        this.xmlid(m, n, model, row.id, noupdate);
      }
      return row.id;
    };
    for (const op of ops) {
      if (op.kind === 'record') {
        if (!this.tables.has(op.model) || !['ir.actions.client', 'ir.ui.menu', 'ir.config_parameter'].includes(op.model)) {
          if (!this.tables.has(op.model) && !NOT_EMULATED_MODELS.has(op.model)) throw new OdooError('odoo.tools.convert.ParseError', `${where(op.line)}\nKeyError: '${op.model}'`);
          throw new OdooError('emulator.NotEmulated', `${where(op.line)}: records of ${op.model} are not emulated.`);
        }
        const t = this.table(op.model);
        const values: Record<string, unknown> = {};
        for (const f of op.fields) {
          const def = t.def.fields[f.name];
          if (!def) throw new OdooError('odoo.tools.convert.ParseError', `${where(op.line)}\nInvalid field '${f.name}' on model '${op.model}'`);
          if (f.ref !== undefined) {
            const target = ref(f.ref, op.line);
            values[f.name] = def.type === 'char' ? `${target.model},${target.resId}` : target.resId;
          } else if (f.eval !== undefined) {
            const replaced = f.eval.replace(/ref\(\s*['"]([^'"]+)['"]\s*\)/g, (_m, id: string) => String(ref(id, op.line).resId));
            try {
              values[f.name] = literalEval(replaced);
            } catch {
              throw new OdooError('emulator.NotEmulated', `${where(op.line)}: the emulator evaluates only literals and ref() in eval="${f.eval}"`);
            }
          } else values[f.name] = f.text ?? '';
        }
        upsert(op.model, op.id, values, op.noupdate, op.line);
      } else {
        const values: Record<string, unknown> = {};
        if (op.parent) values.parent_id = ref(op.parent, op.line).resId;
        if (op.action) {
          const action = ref(op.action, op.line);
          values.action = `${action.model},${action.resId}`;
          if (!op.name) values.name = this.table(action.model).rows.get(action.resId)?.name;
        }
        if (op.name) values.name = op.name;
        if (op.sequence !== undefined) values.sequence = op.sequence;
        if (op.webIcon) values.web_icon = op.webIcon;
        if (op.active !== undefined) values.active = op.active;
        if (op.groups) {
          values.groups_id = op.groups
            .split(',')
            .map((g) => g.trim())
            .filter((g) => g && !g.startsWith('-'))
            .map((g) => ref(g, op.line).resId);
        }
        upsert('ir.ui.menu', op.id, values, op.noupdate, op.line);
      }
    }
  }

  /** The installed modules' files of a bundle, in load order (ir.asset prepend/append). */
  bundleFiles(bundle: string): string[] {
    const installed = new Set([...this.table('ir.module.module').rows.values()].filter((m) => m.state === 'installed' || m.state === 'to upgrade').map((m) => m.name));
    const assets = [...this.table('ir.asset').rows.values()].filter((a) => a.bundle === bundle && a.active !== false && installed.has((a.name as string).split('.')[0]));
    return [...assets.filter((a) => a.directive === 'prepend'), ...assets.filter((a) => a.directive === 'append')].map((a) => a.path as string);
  }

  /** ir.http `_serve_attachment`: a binary attachment by url (served with sudo, so without login). */
  attachment(url: string): { data: Buffer; mimetype: string } | undefined {
    const row = [...this.table('ir.attachment').rows.values()].find((r) => r.url === url && r.type === 'binary');
    return row ? { data: Buffer.from(row.datas as string, 'base64'), mimetype: row.mimetype as string } : undefined;
  }
}

function bind(name: string, impl: MethodImpl, call: Args): Record<string, unknown> {
  const out: Record<string, unknown> = { ...impl.defaults };
  if (call.positional.length > impl.params.length) {
    throw new OdooError('builtins.TypeError', `${name}() takes ${impl.params.length + 1} positional arguments but ${call.positional.length + 1} were given`);
  }
  impl.params.forEach((p, i) => {
    if (i < call.positional.length) out[p] = call.positional[i];
  });
  for (const [k, v] of Object.entries(call.keywords)) {
    if (!impl.params.includes(k)) throw new OdooError('builtins.TypeError', `${name}() got an unexpected keyword argument '${k}'`);
    out[k] = v;
  }
  for (const p of impl.params) {
    if (!(p in out)) throw new OdooError('builtins.TypeError', `${name}() missing 1 required positional argument: '${p}'`);
  }
  out.__model = name.slice(0, name.lastIndexOf('.'));
  return out;
}

function extname(path: string): string {
  const base = path.split('/').pop() ?? '';
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i).toLowerCase() : '';
}

function mimeOf(path: string): string {
  const ext = extname(path);
  return ({ '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.xml': 'text/xml', '.html': 'text/html' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

export interface ZipEntry {
  name: string;
  dir: boolean;
  size: number;
  data: Buffer;
  read: () => Promise<Buffer>;
}

/** The zip's entries, or null when it is no zip (Python's zipfile.is_zipfile). */
async function readZip(bytes: Buffer): Promise<ZipEntry[] | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return null;
  }
  const entries: ZipEntry[] = [];
  for (const file of Object.values(zip.files)) {
    const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    entries.push({ name: file.name, dir: file.dir, size, data: Buffer.alloc(0), read: async () => (file.dir ? Buffer.alloc(0) : file.async('nodebuffer')) });
  }
  return entries;
}
