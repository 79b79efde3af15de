/**
 * The models the emulator serves, with their fields and the access lines of odoo/addons/base/security/
 * ir.model.access.csv (and addons/base_import_module/security/ir.model.access.csv for the wizard), 16.0–18.0.
 * A model Odoo has but the emulator does not model is refused with its own error name (emulator.NotEmulated), never
 * silently answered.
 */
import type { AccessLine, ModelDef } from './orm';

const everyoneRead: AccessLine = { group: null, perms: { read: true } };
const userRead: AccessLine = { group: 'base.group_user', perms: { read: true } };
const all = { read: true, write: true, create: true, unlink: true };

export const MODEL_DEFS: ModelDef[] = [
  {
    name: 'res.groups',
    description: 'Access Groups',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      full_name: { type: 'char', string: 'Group Name', readonly: true },
      implied_ids: { type: 'many2many', string: 'Inherits', relation: 'res.groups' },
      users: { type: 'many2many', string: 'Users', relation: 'res.users' },
    },
    access: [userRead, { group: 'base.group_erp_manager', perms: all }],
  },
  {
    // res_users.py: groups_id holds the implied groups too (res.groups write/_apply_group adds them), so a domain on
    // groups_id finds the members of a group through its implications.
    name: 'res.users',
    description: 'User',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      login: { type: 'char', string: 'Login', required: true },
      active: { type: 'boolean', string: 'Active' },
      share: { type: 'boolean', string: 'Share User', readonly: true },
      groups_id: { type: 'many2many', string: 'Groups', relation: 'res.groups' },
      partner_id: { type: 'integer', string: 'Related Partner' },
    },
    access: [userRead, { group: 'base.group_erp_manager', perms: all }],
    unique: [['login', 'You can not have two users with the same login!']],
  },
  {
    name: 'ir.model',
    description: 'Models',
    recName: 'model',
    fields: { model: { type: 'char', string: 'Model', required: true }, name: { type: 'char', string: 'Model Description', required: true } },
    access: [everyoneRead, { group: 'base.group_system', perms: all }],
  },
  {
    name: 'ir.model.data',
    description: 'Model Data',
    recName: 'complete_name',
    fields: {
      name: { type: 'char', string: 'External Identifier', required: true },
      module: { type: 'char', string: 'Module', required: true },
      model: { type: 'char', string: 'Model Name', required: true },
      res_id: { type: 'integer', string: 'Record ID' },
      noupdate: { type: 'boolean', string: 'Non Updatable' },
      complete_name: { type: 'char', string: 'Complete ID', readonly: true },
    },
    access: [everyoneRead, { group: 'base.group_system', perms: all }],
  },
  {
    // addons/base_import_module/models/ir_module.py adds `imported` (and `module_type` from 17.0).
    name: 'ir.module.module',
    description: 'Module',
    fields: {
      name: { type: 'char', string: 'Technical Name', required: true, readonly: true },
      shortdesc: { type: 'char', string: 'Module Name', readonly: true },
      summary: { type: 'char', string: 'Summary', readonly: true },
      author: { type: 'char', string: 'Author', readonly: true },
      license: { type: 'char', string: 'License', readonly: true },
      state: {
        type: 'selection',
        string: 'Status',
        readonly: true,
        selection: [['uninstallable', 'Uninstallable'], ['uninstalled', 'Not Installed'], ['installed', 'Installed'], ['to upgrade', 'To be upgraded'], ['to remove', 'To be removed'], ['to install', 'To be installed']],
      },
      latest_version: { type: 'char', string: 'Installed Version', readonly: true },
      installed_version: { type: 'char', string: 'Latest Version', readonly: true },
      published_version: { type: 'char', string: 'Published Version', readonly: true },
      imported: { type: 'boolean', string: 'Imported Module' },
      application: { type: 'boolean', string: 'Application', readonly: true },
      icon: { type: 'char', string: 'Icon URL' },
    },
    access: [userRead, { group: 'base.group_system', perms: all }],
    unique: [['name', 'The name of the module must be unique!']],
  },
  {
    // odoo/addons/base/models/ir_config_parameter.py: key Char required, value Text required, _sql_constraints
    // key_uniq 'Key must be unique.'; base ir.model.access.csv: only base.group_system.
    name: 'ir.config_parameter',
    description: 'System Parameter',
    recName: 'key',
    fields: { key: { type: 'char', string: 'Key', required: true }, value: { type: 'text', string: 'Value', required: true } },
    access: [{ group: 'base.group_system', perms: all }],
    unique: [['key', 'Key must be unique.']],
  },
  {
    name: 'ir.actions.client',
    description: 'Client Action',
    fields: {
      name: { type: 'char', string: 'Action Name', required: true },
      type: { type: 'char', string: 'Action Type', readonly: true },
      tag: { type: 'char', string: 'Client action tag', required: true },
      target: { type: 'selection', string: 'Target Window', selection: [['current', 'Current Window'], ['new', 'New Window'], ['fullscreen', 'Full Screen'], ['main', 'Main action of Current Window']] },
      res_model: { type: 'char', string: 'Destination Model' },
      context: { type: 'char', string: 'Context Value', required: true },
      params: { type: 'text', string: 'Supplementary arguments' },
    },
    access: [everyoneRead, { group: 'base.group_system', perms: all }],
  },
  {
    name: 'ir.ui.menu',
    description: 'Menu',
    fields: {
      name: { type: 'char', string: 'Menu', required: true },
      parent_id: { type: 'many2one', string: 'Parent Menu', relation: 'ir.ui.menu' },
      action: { type: 'char', string: 'Action' },
      sequence: { type: 'integer', string: 'Sequence' },
      groups_id: { type: 'many2many', string: 'Groups', relation: 'res.groups' },
      active: { type: 'boolean', string: 'Active' },
      web_icon: { type: 'char', string: 'Web Icon File' },
    },
    access: [userRead, { group: 'base.group_system', perms: all }],
  },
  {
    // addons/base_import_module/wizard/base_import_module.py; security/ir.model.access.csv grants
    // base.group_system read, write and create (no unlink).
    name: 'base.import.module',
    description: 'Import Module',
    fields: {
      module_file: { type: 'binary', string: 'Module .ZIP file', required: true },
      state: { type: 'selection', string: 'Status', readonly: true, selection: [['init', 'init'], ['done', 'done']] },
      import_message: { type: 'text', string: 'Import Message' },
      force: { type: 'boolean', string: 'Force init' },
      with_demo: { type: 'boolean', string: 'Import demo data of module' },
      modules_dependencies: { type: 'text', string: 'Modules Dependencies' },
    },
    access: [{ group: 'base.group_system', perms: { read: true, write: true, create: true } }],
  },
  {
    name: 'ir.attachment',
    description: 'Attachment',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      url: { type: 'char', string: 'Url' },
      type: { type: 'selection', string: 'Type', selection: [['url', 'URL'], ['binary', 'File']] },
      res_model: { type: 'char', string: 'Resource Model' },
      datas: { type: 'binary', string: 'File Content (base64)' },
      mimetype: { type: 'char', string: 'Mime Type' },
      public: { type: 'boolean', string: 'Is public document' },
    },
    access: [{ group: 'base.group_system', perms: all }],
  },
  {
    // odoo/addons/base/models/ir_asset.py
    name: 'ir.asset',
    description: 'Asset',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      bundle: { type: 'char', string: 'Bundle name', required: true },
      directive: { type: 'selection', string: 'Directive', selection: [['append', 'Append'], ['prepend', 'Prepend'], ['after', 'After'], ['before', 'Before'], ['remove', 'Remove'], ['replace', 'Replace'], ['include', 'Include']] },
      path: { type: 'char', string: 'Path (or glob pattern)', required: true },
      target: { type: 'char', string: 'Target' },
      active: { type: 'boolean', string: 'active' },
      sequence: { type: 'integer', string: 'Sequence' },
    },
    access: [{ group: 'base.group_system', perms: all }],
  },
];

/** Models served over RPC; ir.attachment and ir.asset are kept as state (db(name)) but not served. */
export const RPC_MODELS = new Set(['res.groups', 'res.users', 'ir.model', 'ir.model.data', 'ir.module.module', 'ir.config_parameter', 'ir.actions.client', 'ir.ui.menu', 'base.import.module']);

/** Models of a 16.0–18.0 database with base, web and base_import_module that the emulator does not model. */
export const NOT_EMULATED_MODELS = new Set(['ir.attachment', 'ir.asset', 'res.partner', 'res.company', 'ir.ui.view', 'ir.actions.act_window', 'ir.actions.server', 'ir.cron', 'ir.rule', 'ir.model.access', 'ir.model.fields', 'res.lang', 'res.country', 'res.currency', 'ir.http', 'ir.qweb', 'ir.translation', 'res.config.settings', 'mail.message']);

/** Public BaseModel methods (odoo/models.py) the emulator does not implement: refused as not emulated, not as unknown. */
export const NOT_EMULATED_METHODS = new Set(['name_search', 'name_create', 'copy', 'copy_data', 'default_get', 'read_group', 'web_search_read', 'web_read', 'web_save', 'onchange', 'exists', 'name_get', 'export_data', 'load', 'get_views', 'load_views', 'toggle_active', 'action_archive', 'action_unarchive', 'search_fetch', 'fetch', 'has_access', 'check_access', 'web_read_group', 'get_metadata']);

/** The seed modules of a fresh database with the add-on's platform: base, web and base_import_module installed. */
export const SEED_MODULES: { name: string; shortdesc: string; state: string }[] = [
  { name: 'base', shortdesc: 'Base', state: 'installed' },
  { name: 'web', shortdesc: 'Web', state: 'installed' },
  { name: 'base_import_module', shortdesc: 'Base import module', state: 'installed' },
  { name: 'base_setup', shortdesc: 'Initial Setup Tools', state: 'installed' },
  { name: 'mail', shortdesc: 'Discuss', state: 'uninstalled' },
  { name: 'crm', shortdesc: 'CRM', state: 'uninstalled' },
  { name: 'web_studio', shortdesc: 'Studio', state: 'uninstallable' },
];
