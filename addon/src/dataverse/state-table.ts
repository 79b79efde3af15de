/**
 * The add-on's settings as rows of its own table (decision D38), one row per setting, keyed by a GUID derived from
 * the setting's name so that every tab and every version finds the same row without a query. Writes are upserts
 * (PATCH by key); a conditional write uses the row's ETag (If-Match) or refuses to overwrite (If-None-Match: *), as
 * "Perform conditional operations using the Web API" documents, so two tabs cannot both take the install lock.
 */
import { AddonError } from '../client/client-error';
import type { SettingName, VersionedSetting, WriteCondition } from '../client/host-adapter';
import { DataverseError, type WebApi } from './web-api';

export interface StateTable {
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  nameColumn: string;
  valueColumn: string;
}

/** A name-based GUID (SHA-1, version-5 layout) of the table and the setting name. */
export async function settingRowId(table: string, name: SettingName): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(`crm-assurance:${table}:${name}`)));
  const b = digest.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function stateStore(api: WebApi, table: StateTable) {
  const path = async (name: SettingName) => `${table.entitySetName}(${await settingRowId(table.logicalName, name)})`;
  const noAccess = (error: DataverseError, what: string) =>
    new AddonError('state_access_denied', `You cannot ${what} the add-on's settings in this organisation (${error.message}). Ask your Dynamics 365 administrator for access to the add-on.`);

  return {
    async read(name: SettingName): Promise<VersionedSetting | undefined> {
      try {
        const row = await api<Record<string, unknown>>('GET', `${await path(name)}?$select=${table.valueColumn}`);
        const value = row.body[table.valueColumn];
        return typeof value === 'string' && value !== '' ? { value, etag: String(row.body['@odata.etag'] ?? '') } : undefined;
      } catch (error) {
        if (error instanceof DataverseError && error.status === 404) return undefined;
        if (error instanceof DataverseError && error.status === 403) throw noAccess(error, 'read');
        throw error;
      }
    },
    async write(name: SettingName, value: string, condition?: WriteCondition): Promise<string> {
      const headers: Record<string, string> = { Prefer: 'return=representation' };
      if (condition && 'ifMatch' in condition) headers['If-Match'] = condition.ifMatch;
      if (condition && 'ifNoneMatch' in condition) headers['If-None-Match'] = '*';
      try {
        const row = await api<Record<string, unknown>>('PATCH', `${await path(name)}?$select=${table.primaryId}`, { [table.nameColumn]: name, [table.valueColumn]: value }, headers);
        return String(row.body?.['@odata.etag'] ?? '');
      } catch (error) {
        if (condition && error instanceof DataverseError && (error.status === 412 || error.status === 404)) {
          throw new AddonError('setting_conflict', `The setting ${name} was changed by someone else meanwhile.`);
        }
        if (error instanceof DataverseError && error.status === 403) throw noAccess(error, 'change');
        throw error;
      }
    },
  };
}
