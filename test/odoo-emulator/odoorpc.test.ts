/**
 * A real third-party client keeps the emulator honest: Debian's python3-odoorpc (odoorpc_check.py) logs in, reads the
 * version, search_reads ir.module.module, reads and sets an ir.config_parameter and imports a module zip through the
 * base.import.module wizard; a user outside base.group_system is refused both. `.ci/run` installs python3-odoorpc.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOdooEmulator, type OdooEmulator, type OdooVersion } from './emulator';
import { moduleZip } from './module-zip';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, 'odoorpc_check.py');
const UUID = '0b7c1d2e-3f40-4a51-8c62-7d8e9fa0b1c2';

type Step = { ok?: unknown; error?: { name: string; message: string } };
interface CheckOutput {
  server_version: string;
  databases: string[];
  version_info: Record<string, unknown>;
  login: Step;
  modules?: Step;
  uuid?: Step;
  set_param?: Step;
  read_param?: Step;
  group_system?: Step;
  import?: Step;
  imported?: Step;
}

async function check(url: string, login: string, password: string, zipPath: string): Promise<CheckOutput> {
  try {
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, url, 'odoo', login, password, zipPath], { timeout: 60000 });
    return JSON.parse(stdout) as CheckOutput;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    if (/No module named 'odoorpc'/.test(e.stderr ?? '')) throw new Error('python3-odoorpc is missing: apt-get install -y python3-odoorpc (.ci/run does)');
    throw new Error(`odoorpc_check.py failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

describe.each(['16.0', '17.0', '18.0', 'saas~17.2'] as OdooVersion[])('odoorpc against the Odoo %s emulator', (version) => {
  let emulator: OdooEmulator;
  let dir: string;
  let zipPath: string;
  beforeAll(async () => {
    emulator = await startOdooEmulator({
      version,
      databases: [{ name: 'odoo', uuid: UUID, users: [{ login: 'admin', password: 'admin', groups: ['base.group_system'] }, { login: 'sales', password: 'sales', groups: ['base.group_user'] }] }],
    });
    dir = mkdtempSync(join(tmpdir(), 'odoorpc-'));
    zipPath = join(dir, 'tst_module.zip');
    writeFileSync(zipPath, await moduleZip({ version: `${version}.1.4.0` }));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an administrator logs in, reads, sets a parameter and imports a module', async () => {
    const out = await check(emulator.url, 'admin', 'admin', zipPath);
    expect(out.server_version).toBe(version);
    expect(out.databases).toEqual(['odoo']);
    expect(out.version_info).toMatchObject({ server_serie: version, protocol_version: 1 });
    expect(out.login).toEqual({ ok: 2 });
    expect((out.modules?.ok as { name: string; state: string }[]).map((m) => [m.name, m.state])).toEqual([
      ['base', 'installed'],
      ['web', 'installed'],
      ['base_import_module', 'installed'],
    ]);
    expect(out.uuid).toEqual({ ok: UUID });
    expect(out.read_param?.ok).toEqual([expect.objectContaining({ key: 'odoorpc_check.setting', value: 'from odoorpc' })]);
    expect(emulator.db('odoo').params()['odoorpc_check.setting']).toBe('from odoorpc');
    expect(out.import).toEqual({ ok: { res_model: 'base.import.module', modules: ['tst_module'] } });
    expect(out.imported?.ok).toEqual([expect.objectContaining({ name: 'tst_module', state: 'installed', latest_version: `${version}.1.4.0` })]);
    expect(emulator.db('odoo').module('tst_module')).toMatchObject({ imported: true, state: 'installed' });
  });

  test('a user outside base.group_system can neither read parameters nor import', async () => {
    const modulesBefore = emulator.db('odoo').installedModules().length;
    const out = await check(emulator.url, 'sales', 'sales', zipPath);
    expect(out.login).toEqual({ ok: 3 });
    expect(out.uuid?.error?.name).toBe('odoo.exceptions.AccessError');
    expect(out.set_param?.error?.name).toBe('odoo.exceptions.AccessError');
    expect(out.import?.error?.name).toBe('odoo.exceptions.AccessError');
    expect(out.import?.error?.message).toContain('base.import.module');
    expect(emulator.db('odoo').installedModules().length).toBe(modulesBefore);
    expect(emulator.db('odoo').records('base.import.module').every((w) => w.create_uid === 2)).toBe(true);
  });

  test('a wrong password is refused', async () => {
    const out = await check(emulator.url, 'admin', 'wrong', zipPath);
    expect(out.login.error?.name).toBe('odoo.exceptions.AccessDenied');
  });
});
