/**
 * The add-on's settings as Odoo system parameters (`ir.config_parameter`, key `<module>.<setting>`), decision O13.
 * odoo/addons/base/models/ir_config_parameter.py: `key` is a required unique Char, `value` a required Text (no size
 * limit), the model is readable and writable by base.group_system only, and `set_param(key, value)` returns the
 * value it replaced (False when there was none; an empty value would delete the parameter, which we never write).
 *
 * Odoo has no compare-and-set over RPC. What it has: every RPC is one transaction at REPEATABLE READ, and a
 * transaction that updates a row another one updated meanwhile fails with a serialization error that Odoo retries
 * from the start (odoo/service/model.py). So `set_param` is an atomic exchange: it returns the value it really
 * replaced. A conditional write exchanges, then compares what it replaced with what it expected (the version tag is
 * a hash of the value); when someone else's value was replaced, it puts that value back (a second exchange) and
 * reports `setting_conflict`. The race left (O13): a reader between the two exchanges sees the loser's value for a
 * moment, and a winner that writes again in that moment sees a conflict too (a false conflict, never a lost
 * update of the winner's first write).
 */
import { AddonError } from '../client/client-error';
import type { SettingName, VersionedSetting, WriteCondition } from '../client/host-adapter';
import { OdooRpcError, type OdooRpc } from './json-rpc';

const MODEL = 'ir.config_parameter';

/** `licenceKey` → `licence_key`: Odoo's parameter keys are dotted snake_case (e.g. `web.base.url`). */
export function settingKey(moduleName: string, name: SettingName | string): string {
  return `${moduleName}.${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

/** The version tag of a stored value: SHA-256 of the value, 16 hex digits (the value is all set_param gives back). */
export async function valueTag(value: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return `"${Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

export interface StoredParameter {
  id: number;
  value: string;
  /** Odoo's `YYYY-MM-DD HH:MM:SS` (UTC). */
  writeDate: string;
}

function noAccess(error: OdooRpcError, what: string): AddonError {
  return new AddonError(
    'state_access_denied',
    `You cannot ${what} the add-on's settings in this Odoo database: they are system parameters, which only users with the Settings access (Administration: Settings) may use. ${error.message}`,
  );
}

export function configParameters(rpc: OdooRpc, moduleName: string) {
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof OdooRpcError && error.code === 'access_denied') throw noAccess(error, what);
      throw error;
    }
  };

  const readKey = (key: string): Promise<StoredParameter | undefined> =>
    guard('read', async () => {
      const rows = await rpc.callKw<Array<{ id: number; value: string | false; write_date: string | false }>>(MODEL, 'search_read', [[['key', '=', key]]], {
        fields: ['id', 'key', 'value', 'write_date'],
        limit: 1,
      });
      const row = rows[0];
      return row && typeof row.value === 'string' && row.value !== '' ? { id: row.id, value: row.value, writeDate: typeof row.write_date === 'string' ? row.write_date : '' } : undefined;
    });

  /** set_param: the value it replaced (undefined when there was none). */
  const exchange = (key: string, value: string): Promise<string | undefined> =>
    guard('change', async () => {
      const old = await rpc.callKw<string | false | null>(MODEL, 'set_param', [key, value]);
      return typeof old === 'string' && old !== '' ? old : undefined;
    });

  return {
    readKey,
    exchange,
    async read(name: SettingName): Promise<VersionedSetting | undefined> {
      const row = await readKey(settingKey(moduleName, name));
      return row ? { value: row.value, etag: await valueTag(row.value) } : undefined;
    },
    async write(name: SettingName, value: string, condition?: WriteCondition): Promise<string> {
      if (value === '') throw new AddonError('setting_conflict', `The setting ${name} cannot be empty (Odoo would delete it).`);
      const key = settingKey(moduleName, name);
      const tag = await valueTag(value);
      if (!condition) {
        await exchange(key, value);
        return tag;
      }
      // Cheap refusal first (no write at all when the tag is already stale).
      const current = await readKey(key);
      const currentTag = current ? await valueTag(current.value) : undefined;
      const holds = 'ifMatch' in condition ? currentTag === condition.ifMatch : currentTag === undefined;
      if (!holds) throw new AddonError('setting_conflict', `The setting ${name} was changed by someone else meanwhile.`);
      const replaced = await exchange(key, value);
      const replacedTag = replaced === undefined ? undefined : await valueTag(replaced);
      const expected = 'ifMatch' in condition ? condition.ifMatch : undefined;
      if (replacedTag === expected) return tag;
      // We replaced someone else's value: put it back, unless a third writer came in between (then theirs stays).
      if (replaced !== undefined) {
        const ours = await exchange(key, replaced);
        if (ours !== value && ours !== undefined) await exchange(key, ours);
      }
      throw new AddonError('setting_conflict', `The setting ${name} was changed by someone else meanwhile.`);
    },
  };
}
