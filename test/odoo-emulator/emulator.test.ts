/**
 * The Odoo emulator enforces what Odoo's source enforces (each test names the source file it follows), per version.
 * Every refusal also proves that nothing was stored.
 */
import JSZip from 'jszip';
import { startOdooEmulator, type OdooEmulator, type OdooVersion } from './emulator';
import { literalEval } from './python-literal';
import { moduleZip } from './module-zip';

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data: { name: string; message: string } };
}

class Client {
  cookie = '';
  constructor(readonly url: string) {}
  async json(path: string, params: Record<string, unknown> = {}): Promise<RpcAnswer> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.cookie }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 1 }) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    expect(res.status).toBe(200);
    return (await res.json()) as RpcAnswer;
  }
  async login(login = 'admin', password = 'admin', db = 'odoo'): Promise<RpcAnswer> {
    return this.json('/web/session/authenticate', { db, login, password });
  }
  async call(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<RpcAnswer> {
    return this.json(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  }
  async ok(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<unknown> {
    const answer = await this.call(model, method, args, kwargs);
    if (answer.error) throw new Error(`${model}.${method}: ${answer.error.data.name}: ${answer.error.data.message}`);
    return answer.result;
  }
}

const USERS = [
  { login: 'admin', password: 'admin', name: 'Mitchell Admin', groups: ['base.group_system'] },
  { login: 'sales', password: 'sales', name: 'Sally Sales', groups: ['base.group_user'] },
  { login: 'rights', password: 'rights', name: 'Rita Rights', groups: ['base.group_erp_manager'] },
];

async function start(version: OdooVersion): Promise<OdooEmulator> {
  return startOdooEmulator({ version, databases: [{ name: 'odoo', users: USERS, uuid: '2f6b1b7e-2c1a-4a8e-9a53-1f0e8a2b9c01' }] });
}

async function importZip(client: Client, zip: Buffer): Promise<RpcAnswer> {
  const created = await client.call('base.import.module', 'create', [{ module_file: zip.toString('base64'), state: 'init' }]);
  if (created.error) return created;
  return client.call('base.import.module', 'import_module', [[created.result as number]]);
}

describe('ast.literal_eval for manifests (base_import_module reads __manifest__.py with it)', () => {
  test('literals: dicts, lists, tuples, strings (concatenated, escaped), numbers, True/False/None, comments', () => {
    expect(literalEval(`# comment\n{'a': [1, -2.5, (3,)], "b": 'x' "y", 'c': True, 'd': None, 'e': '''t\\n''', 'f': {1, 2},}\n`)).toEqual({ a: [1, -2.5, [3]], b: 'xy', c: true, d: null, e: 't\n', f: [1, 2] });
  });
  test.each([
    ["{'depends': __import__('os').listdir('/')}", 'Call'],
    ["{'version': VERSION}", 'Name'],
    ["{'a': 1 + 1}", 'BinOp'],
    ["{'a': [x for x in 'ab']}", 'ListComp'],
    ["{'a': f'x'}", 'JoinedStr'],
    ["{'a': os.path}", 'Attribute'],
  ])('refuses what is not a literal: %s', (source, node) => {
    expect(() => literalEval(source)).toThrow(new RegExp(`malformed node or string on line 1: <ast.${node} object>`));
  });
  test('refuses text that does not parse', () => {
    expect(() => literalEval("{'a': 1")).toThrow(/invalid syntax/);
    expect(() => literalEval("{'a': 1} junk")).toThrow(/invalid syntax/);
  });
});

describe.each(['16.0', '17.0', '18.0', 'saas~17.2'] as OdooVersion[])('Odoo %s: version, sessions, errors', (version) => {
  let emulator: OdooEmulator;
  beforeAll(async () => {
    emulator = await start(version);
  });
  afterAll(() => emulator.close());

  test('version_info and common.version answer the server version (odoo/service/common.py exp_version)', async () => {
    const client = new Client(emulator.url);
    const info = (await client.json('/web/webclient/version_info')).result as Record<string, unknown>;
    expect(info).toMatchObject({ server_version: version, server_serie: version, protocol_version: 1 });
    expect((info.server_version_info as unknown[]).slice(3, 4)).toEqual(['final']);
    expect((await client.json('/jsonrpc', { service: 'common', method: 'version', args: [] })).result).toEqual(info);
    expect((await client.json('/web/database/list')).result).toEqual(['odoo']);
  });

  test('a type=json route refuses a non-JSON request (odoo/http.py JsonRPCDispatcher.is_compatible_with)', async () => {
    const res = await fetch(`${emulator.url}/web/webclient/version_info`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(400);
  });

  test('no session / expired session / destroyed session → SessionExpiredException, code 100 (odoo/http.py)', async () => {
    const client = new Client(emulator.url);
    const anonymous = await client.call('ir.module.module', 'search_read', [[]], { fields: ['name'] });
    expect(anonymous.error).toMatchObject({ code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException' } });
    const wrong = await client.login('admin', 'nope');
    expect(wrong.error?.data.name).toBe('odoo.exceptions.AccessDenied');
    const ok = await client.login();
    expect(ok.result).toMatchObject({ uid: 2, is_system: true, is_admin: true, db: 'odoo', server_version: version });
    expect(client.cookie).toMatch(/^session_id=/);
    expect(((await client.json('/web/session/get_session_info')).result as { uid: number }).uid).toBe(2);
    emulator.expireSessions();
    expect((await client.json('/web/session/get_session_info')).error?.code).toBe(100);
    await client.login();
    await client.json('/web/session/destroy');
    expect((await client.call('ir.module.module', 'search_read', [[]])).error?.code).toBe(100);
  });

  test('/jsonrpc object checks the password on every call; common.login answers false for bad credentials (odoo/service)', async () => {
    const client = new Client(emulator.url);
    expect((await client.json('/jsonrpc', { service: 'common', method: 'login', args: ['odoo', 'admin', 'admin'] })).result).toBe(2);
    expect((await client.json('/jsonrpc', { service: 'common', method: 'login', args: ['odoo', 'admin', 'nope'] })).result).toBe(false);
    const ok = await client.json('/jsonrpc', { service: 'object', method: 'execute_kw', args: ['odoo', 2, 'admin', 'ir.config_parameter', 'get_param', ['database.uuid']] });
    expect(ok.result).toBe('2f6b1b7e-2c1a-4a8e-9a53-1f0e8a2b9c01');
    const bad = await client.json('/jsonrpc', { service: 'object', method: 'execute_kw', args: ['odoo', 2, 'nope', 'ir.config_parameter', 'get_param', ['database.uuid']] });
    expect(bad.error?.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
  });

  test('private and unknown methods, unknown models are refused as Odoo refuses them', async () => {
    const client = new Client(emulator.url);
    await client.login();
    const priv = await client.call('ir.config_parameter', '_get_param', ['database.uuid']);
    expect(priv.error?.data.name).toBe('odoo.exceptions.AccessError');
    expect(priv.error?.data.message).toMatch(/^Private methods \(such as .*_get_param'?\) cannot be called remotely\.$/);
    const unknown = await client.call('ir.config_parameter', 'no_such_method', []);
    expect(unknown.error?.data.name).toBe('builtins.AttributeError');
    const model = await client.call('x_no.such.model', 'search_read', [[]]);
    expect(model.error?.data.name).toBe('builtins.KeyError');
  });
});

describe.each(['16.0', '17.0', '18.0'] as OdooVersion[])('Odoo %s: ir.config_parameter, users and groups', (version) => {
  let emulator: OdooEmulator;
  let admin: Client;
  let sales: Client;
  beforeAll(async () => {
    emulator = await start(version);
    admin = new Client(emulator.url);
    sales = new Client(emulator.url);
    await admin.login();
    await sales.login('sales', 'sales');
  });
  afterAll(() => emulator.close());

  test('database.uuid is seeded and readable by a system user (odoo/service/db.py, ir_config_parameter.py)', async () => {
    expect(await admin.ok('ir.config_parameter', 'get_param', ['database.uuid'])).toBe('2f6b1b7e-2c1a-4a8e-9a53-1f0e8a2b9c01');
  });

  test('only base.group_system reads or writes parameters (base ir.model.access.csv)', async () => {
    for (const [method, args] of [['get_param', ['database.uuid']], ['search_read', [[['key', '=', 'database.uuid']]]], ['set_param', ['tst.key', 'v']]] as const) {
      const answer = await sales.call('ir.config_parameter', method, [...args]);
      expect(answer.error?.data.name).toBe('odoo.exceptions.AccessError');
      expect(answer.error?.data.message).toContain("'System Parameter' (ir.config_parameter)");
      expect(answer.error?.data.message).toContain('Administration/Settings');
    }
    expect(emulator.db('odoo').params()['tst.key']).toBeUndefined();
  });

  test('set_param creates, writes, and deletes on an empty value; search_read gives id, value and write_date', async () => {
    expect(await admin.ok('ir.config_parameter', 'set_param', ['tst_module.licence', 'v1'])).toBe(false);
    const [first] = (await admin.ok('ir.config_parameter', 'search_read', [[['key', '=', 'tst_module.licence']]], { fields: ['key', 'value', 'write_date'] })) as { id: number; value: string; write_date: string }[];
    expect(first.value).toBe('v1');
    expect(await admin.ok('ir.config_parameter', 'set_param', ['tst_module.licence', 'v2'])).toBe('v1');
    const [second] = (await admin.ok('ir.config_parameter', 'read', [[first.id], ['value', 'write_date']])) as { value: string; write_date: string }[];
    expect(second.value).toBe('v2');
    expect(second.write_date > first.write_date).toBe(true);
    expect(await admin.ok('ir.config_parameter', 'set_param', ['tst_module.licence', false])).toBe('v2');
    expect(emulator.db('odoo').params()['tst_module.licence']).toBeUndefined();
  });

  test('key is unique and required, value required; the default parameters cannot be deleted or renamed', async () => {
    const dup = await admin.call('ir.config_parameter', 'create', [{ key: 'database.uuid', value: 'x' }]);
    expect(dup.error?.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Key must be unique.' });
    const noValue = await admin.call('ir.config_parameter', 'create', [{ key: 'tst.novalue' }]);
    expect(noValue.error?.data.message).toContain('Field: Value (value)');
    const [uuid] = (await admin.ok('ir.config_parameter', 'search', [[['key', '=', 'database.uuid']]])) as number[];
    expect((await admin.call('ir.config_parameter', 'unlink', [[uuid]])).error?.data.message).toBe('You cannot delete the database.uuid record.');
    expect((await admin.call('ir.config_parameter', 'write', [[uuid], { key: 'other' }])).error?.data.message).toContain('You cannot rename config parameters');
    expect(emulator.db('odoo').params()).toMatchObject({ 'database.uuid': '2f6b1b7e-2c1a-4a8e-9a53-1f0e8a2b9c01' });
    expect(emulator.db('odoo').params()['tst.novalue']).toBeUndefined();
  });

  test('has_group per version (res_users.py: @api.model up to 17.0, a record method with ensure_one in 18.0)', async () => {
    if (version === '18.0') {
      expect(await admin.ok('res.users', 'has_group', [[2], 'base.group_system'])).toBe(true);
      expect(await sales.ok('res.users', 'has_group', [[3], 'base.group_system'])).toBe(false);
      expect((await admin.call('res.users', 'has_group', ['base.group_system'])).error).toBeDefined();
    } else {
      expect(await admin.ok('res.users', 'has_group', ['base.group_system'])).toBe(true);
      expect(await sales.ok('res.users', 'has_group', ['base.group_system'])).toBe(false);
      expect((await admin.call('res.users', 'has_group', [[2], 'base.group_system'])).error?.data.name).toBe('builtins.TypeError');
    }
  });

  test('whom to ask: the settings group by check_object_reference, its users by search_read on groups_id', async () => {
    const [model, groupId] = (await sales.ok('ir.model.data', 'check_object_reference', ['base', 'group_system'])) as [string, number];
    expect(model).toBe('res.groups');
    const users = (await sales.ok('res.users', 'search_read', [[['groups_id', 'in', [groupId]]]], { fields: ['name'] })) as { name: string }[];
    expect(users.map((u) => u.name)).toEqual(['Mitchell Admin']);
  });
});

describe.each(['16.0', '17.0', '18.0'] as OdooVersion[])('Odoo %s: base_import_module', (version) => {
  let emulator: OdooEmulator;
  let admin: Client;
  const series = version;
  beforeAll(async () => {
    emulator = await start(version);
    admin = new Client(emulator.url);
    await admin.login();
  });
  afterAll(() => emulator.close());

  test('imports a data module: module record, data, static files as attachments, assets; .py files ignored', async () => {
    const zip = await moduleZip({ version: `${series}.1.0.0`, files: { 'models/evil.py': 'import os', '__init__.py': 'from . import models' } });
    const answer = await importZip(admin, zip);
    expect(answer.error).toBeUndefined();
    expect(answer.result).toMatchObject({ res_model: 'base.import.module', context: { module_name: ['tst_module'] } });
    const [mod] = (await admin.ok('ir.module.module', 'search_read', [[['name', '=', 'tst_module']]], { fields: ['name', 'state', 'latest_version', 'installed_version', 'imported'] })) as Record<string, unknown>[];
    expect(mod).toMatchObject({ state: 'installed', latest_version: `${series}.1.0.0`, installed_version: `${series}.1.0.0`, imported: true });
    const db = emulator.db('odoo');
    expect(db.assets()).toEqual(['/tst_module/static/src/js/config_action.js']);
    expect(db.ignoredFiles('tst_module').sort()).toEqual(['tst_module/__init__.py', 'tst_module/models/evil.py']);
    expect(db.records('ir.actions.client').map((a) => a.tag)).toEqual(['tst_module.config']);
    expect(db.records('ir.ui.menu').filter((m) => m.name === 'tst_module')).toHaveLength(1);
    const res = await fetch(`${emulator.url}/tst_module/static/src/vendor.json`);
    expect(await res.json()).toEqual({ vendor: 'Test vendor' });
    expect((await fetch(`${emulator.url}/tst_module/models/evil.py`)).status).toBe(404);
  });

  test('re-importing an installed module updates it in place (mode update): new version, no duplicate records', async () => {
    const zip = await moduleZip({ version: `${series}.1.1.0`, js: "/** @odoo-module **/\nimport { registry } from \"@web/core/registry\";\nregistry.category('actions').add('tst_module.config', class {});\n" });
    expect((await importZip(admin, zip)).error).toBeUndefined();
    const db = emulator.db('odoo');
    expect(db.module('tst_module')).toMatchObject({ state: 'installed', latest_version: `${series}.1.1.0` });
    expect(db.records('ir.actions.client')).toHaveLength(1);
    expect(db.records('ir.ui.menu').filter((m) => m.name === 'tst_module')).toHaveLength(1);
    expect(db.attachment('/tst_module/static/src/js/config_action.js')?.toString()).toContain('class {}');
  });

  test('button_immediate_upgrade on an imported module leaves it "to upgrade": its code is not on disk (ir_module.py)', async () => {
    const other = await moduleZip({ name: 'tst_upgrade', version: `${series}.1.0.0` });
    await emulator.db('odoo').importModule(other);
    const id = emulator.db('odoo').module('tst_upgrade')?.id as number;
    await admin.ok('ir.module.module', 'button_immediate_upgrade', [[id]]);
    expect(emulator.db('odoo').module('tst_upgrade')?.state).toBe('to upgrade');
  });

  test('only admins import: the wizard needs base.group_system, _import_zipfile env.is_admin()', async () => {
    const sales = new Client(emulator.url);
    await sales.login('sales', 'sales');
    const refused = await importZip(sales, await moduleZip({ name: 'tst_sales', version: `${series}.1.0.0` }));
    expect(refused.error?.data.name).toBe('odoo.exceptions.AccessError');
    expect(refused.error?.data.message).toContain("'Import Module' (base.import.module)");
    expect(emulator.db('odoo').module('tst_sales')).toBeUndefined();
  });

  test('refuses a file that is not a zip', async () => {
    const answer = await importZip(admin, Buffer.from('not a zip at all'));
    expect(answer.error?.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: 'Only zip files are supported.' });
  });

  const failing: [string, () => Promise<Buffer>, RegExp][] = [
    ['a manifest that is not a literal', () => moduleZip({ name: 'tst_bad', manifest: "{'name': 'x', 'version': '1.0', 'depends': __import__('os').listdir('/')}" }), /malformed node or string/],
    ['an unmet dependency', () => moduleZip({ name: 'tst_bad', version: '1.0', depends: ['base', 'crm'] }), version === '16.0' ? /Unmet module dependencies: \n\n - CRM/ : /would install the dependencies crm/],
    ['a dependency that is no module', () => moduleZip({ name: 'tst_bad', version: '1.0', depends: ['base', 'no_such_module'] }), version === '16.0' ? /Unmet module dependencies/ : /Unknown module dependencies:\n - no_such_module/],
    ['malformed data XML', () => moduleZip({ name: 'tst_bad', version: '1.0', dataXml: '<odoo><record id="a" model="ir.actions.client"></odoo>' }), /ParseError|XMLSyntaxError|while parsing/],
    ['data XML for an unknown model', () => moduleZip({ name: 'tst_bad', version: '1.0', dataXml: '<odoo><record id="a" model="x_unknown.model"><field name="name">x</field></record></odoo>' }), /KeyError: 'x_unknown.model'/],
    ['an asset glob (the bundle could not resolve it for an imported module)', () => moduleZip({ name: 'tst_bad', version: '1.0', assets: ['tst_bad/static/src/**/*'] }), /cannot contain glob wildcards/],
  ];
  test.each(failing)('refuses %s and keeps nothing (17.0+: UserError; 16.0: reported in import_message)', async (_label, make, message) => {
    const before = emulator.db('odoo').records('ir.actions.client').length;
    const answer = await importZip(admin, await make());
    if (version === '16.0') {
      // 16.0 import_zipfile catches the module's error and reports it; the call itself succeeds.
      expect(answer.error).toBeUndefined();
      const wizard = emulator.db('odoo').records('base.import.module').pop() as Record<string, unknown>;
      expect(String(wizard.import_message)).toMatch(message);
      expect(String(wizard.import_message)).toContain("Error while importing module 'tst_bad'");
    } else {
      expect(answer.error?.data.name).toBe('odoo.exceptions.UserError');
      expect(answer.error?.data.message).toMatch(/^Error while importing module 'tst_bad'\./);
      expect(answer.error?.data.message).toMatch(message);
      expect(emulator.db('odoo').module('tst_bad')).toBeUndefined();
      expect(emulator.db('odoo').attachments().filter((a) => a.url.startsWith('/tst_bad/'))).toEqual([]);
    }
    expect(emulator.db('odoo').records('ir.actions.client').length).toBe(before);
  });

  test('the version series: 17.0+ adapt_version refuses another series; 16.0 stores the version as written', async () => {
    const other = version === '16.0' ? '17.0' : '16.0';
    const answer = await importZip(admin, await moduleZip({ name: 'tst_series', version: `${other}.1.0.0` }));
    if (version === '16.0') {
      expect(answer.error).toBeUndefined();
      expect(emulator.db('odoo').module('tst_series')?.latest_version).toBe('17.0.1.0.0');
    } else {
      expect(answer.error?.data.message).toContain(`Invalid version '${other}.1.0.0'. Modules should have a version in format`);
      expect(emulator.db('odoo').module('tst_series')).toBeUndefined();
      // A version without the series is prefixed with the server's (adapt_version).
      expect((await importZip(admin, await moduleZip({ name: 'tst_series', version: '1.2.0' }))).error).toBeUndefined();
      expect(emulator.db('odoo').module('tst_series')?.latest_version).toBe(`${series}.1.2.0`);
    }
  });

  test('a zip entry over MAX_FILE_SIZE is refused before anything is extracted', async () => {
    const zip = new JSZip();
    zip.file('tst_big/__manifest__.py', "{'name': 'big', 'version': '1.0'}");
    zip.file('tst_big/static/big.bin', 'small');
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    // Declare 100 MiB + 1 as the entry's uncompressed size, in its local header and its central directory record.
    const declared = 100 * 1024 * 1024 + 1;
    for (let i = 0; i < bytes.length - 4; i++) {
      const sig = bytes.readUInt32LE(i);
      const nameAt = sig === 0x04034b50 ? i + 30 : sig === 0x02014b50 ? i + 46 : -1;
      if (nameAt < 0) continue;
      const nameLength = bytes.readUInt16LE(sig === 0x04034b50 ? i + 26 : i + 28);
      if (bytes.toString('utf8', nameAt, nameAt + nameLength) === 'tst_big/static/big.bin') bytes.writeUInt32LE(declared, sig === 0x04034b50 ? i + 22 : i + 24);
    }
    const answer = await importZip(admin, bytes);
    expect(answer.error?.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: "File 'tst_big/static/big.bin' exceed maximum allowed file size" });
    expect(emulator.db('odoo').module('tst_big')).toBeUndefined();
  });
});
