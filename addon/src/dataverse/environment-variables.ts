/**
 * The add-on's settings live in the org as environment variables of its solution (design.md). Read: the
 * definition by schema name with its current value expanded (falling back to the default value); write: create
 * the value record, or update it.
 */
import type { WebApi } from './web-api';

interface DefinitionRow {
  environmentvariabledefinitionid: string;
  defaultvalue?: string | null;
  environmentvariabledefinition_environmentvariablevalue?: Array<{ value?: string | null; environmentvariablevalueid: string }>;
}

async function definition(api: WebApi, schemaName: string): Promise<DefinitionRow | undefined> {
  const query =
    `environmentvariabledefinitions?$filter=schemaname eq '${schemaName.replace(/'/g, "''")}'` +
    '&$select=schemaname,defaultvalue,environmentvariabledefinitionid' +
    '&$expand=environmentvariabledefinition_environmentvariablevalue($select=value,environmentvariablevalueid)';
  const result = await api<{ value: DefinitionRow[] }>('GET', query);
  return result.value[0];
}

export async function readEnvironmentVariable(api: WebApi, schemaName: string): Promise<string | undefined> {
  const row = await definition(api, schemaName);
  const value = row?.environmentvariabledefinition_environmentvariablevalue?.[0]?.value ?? row?.defaultvalue;
  return value === null || value === undefined || value === '' ? undefined : value;
}

export async function writeEnvironmentVariable(api: WebApi, schemaName: string, value: string): Promise<void> {
  const row = await definition(api, schemaName);
  if (!row) throw new Error(`The environment variable ${schemaName} is not defined in this org: is the add-on's solution installed?`);
  const existing = row.environmentvariabledefinition_environmentvariablevalue?.[0];
  if (existing) {
    await api('PATCH', `environmentvariablevalues(${existing.environmentvariablevalueid})`, { value });
  } else {
    await api('POST', 'environmentvariablevalues', {
      value,
      'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${row.environmentvariabledefinitionid})`,
    });
  }
}
