/**
 * The slice of Odoo's ORM the emulator needs (odoo/models.py): tables of records with typed fields, domains
 * (odoo/osv/expression.py: prefix '&', '|', '!' and leaves `[field, operator, value]`), model access rights
 * (odoo/addons/base/models/ir_model.py `ir.model.access` `check`, fed by each model's ir.model.access.csv lines) and
 * the RPC shapes of read / search_read (many2one as `[id, display_name]`, x2many as id lists, unset as `false`).
 */
import { accessError, missingError, OdooError, validationError } from './versions';

export type FieldType = 'char' | 'text' | 'integer' | 'boolean' | 'selection' | 'many2one' | 'many2many' | 'one2many' | 'binary' | 'datetime' | 'float';

export interface FieldDef {
  type: FieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  selection?: [string, string][];
}

export type Row = Record<string, unknown> & { id: number };
export type Operation = 'read' | 'write' | 'create' | 'unlink';

/** One line of an ir.model.access.csv: the group's xmlid (null: every user) and its perm_read/write/create/unlink. */
export interface AccessLine {
  group: string | null;
  perms: Partial<Record<Operation, boolean>>;
}

export interface ModelDef {
  name: string;
  /** `_description`, used in access error messages. */
  description: string;
  /** `_rec_name` (default 'name'). */
  recName?: string;
  fields: Record<string, FieldDef>;
  access: AccessLine[];
  /** `_sql_constraints` unique keys: [field, message]. */
  unique?: [string, string][];
}

/** The groups of odoo/addons/base/security/base_groups.xml that access messages name (category / name). */
export const GROUP_LABELS: Record<string, string> = {
  'base.group_user': 'User types/Internal User',
  'base.group_erp_manager': 'Administration/Access Rights',
  'base.group_system': 'Administration/Settings',
  'base.group_no_one': 'Extra Rights/Technical Features',
  'base.group_portal': 'User types/Portal',
  'base.group_public': 'User types/Public',
};

export class Table {
  readonly rows = new Map<number, Row>();
  private next = 1;
  constructor(readonly def: ModelDef) {}

  insert(values: Record<string, unknown>, now: string, uid: number): Row {
    const row: Row = { id: this.next++, create_date: now, write_date: now, create_uid: uid, write_uid: uid, ...values } as Row;
    this.rows.set(row.id, row);
    return row;
  }
  /** Like insert, with a chosen id (seed data such as the admin user, uid 2). */
  insertWithId(id: number, values: Record<string, unknown>, now: string): Row {
    const row: Row = { create_date: now, write_date: now, create_uid: 1, write_uid: 1, ...values, id } as Row;
    this.rows.set(id, row);
    this.next = Math.max(this.next, id + 1);
    return row;
  }
  displayName(row: Row): string {
    return String(row[this.def.recName ?? 'name'] ?? `${this.def.name},${row.id}`);
  }
}

/**
 * ir.model.access `check` (odoo/addons/base/models/ir_model.py): an operation is allowed when one access line of the
 * model grants it to a group of the user (or to everyone); the refusal names the groups that would be allowed.
 */
export function checkAccess(def: ModelDef, userGroups: ReadonlySet<string>, operation: Operation, superuser: boolean): void {
  if (superuser) return;
  const allowed = def.access.some((line) => line.perms[operation] && (line.group === null || userGroups.has(line.group)));
  if (allowed) return;
  const groups = def.access.filter((line) => line.perms[operation] && line.group).map((line) => `\t- ${GROUP_LABELS[line.group as string] ?? line.group}`);
  const verb = { read: 'read', write: 'modify', create: 'create', unlink: 'delete' }[operation];
  const base = `You are not allowed to ${verb} '${def.description}' (${def.name}) records.`;
  throw accessError(
    groups.length > 0
      ? `${base}\n\nThis operation is allowed for the following groups:\n${groups.join('\n')}\n\nContact your administrator to request access if necessary.`
      : `${base}\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.`,
  );
}

type Domain = unknown[];

function leafMatches(table: Table, row: Row, leaf: unknown[]): boolean {
  if (leaf.length !== 3 || typeof leaf[0] !== 'string' || typeof leaf[1] !== 'string') {
    throw new OdooError('builtins.ValueError', `Invalid leaf ${JSON.stringify(leaf)}`);
  }
  const [path, operator, value] = leaf as [string, string, unknown];
  if (path === 'id') return compare(row.id, operator, value);
  const field = table.def.fields[path];
  if (!field) throw new OdooError('builtins.ValueError', `Invalid field ${table.def.name}.${path} in leaf ${JSON.stringify(leaf)}`);
  const current = row[path];
  if (field.type === 'many2many' || field.type === 'one2many') {
    const ids = (current as number[] | undefined) ?? [];
    const wanted = Array.isArray(value) ? value : [value];
    if (operator === 'in' || operator === '=') return ids.some((id) => wanted.includes(id));
    if (operator === 'not in' || operator === '!=') return !ids.some((id) => wanted.includes(id));
    throw new OdooError('builtins.ValueError', `Invalid operator ${operator} on x2many in the emulator`);
  }
  return compare(current ?? false, operator, value);
}

function compare(current: unknown, operator: string, value: unknown): boolean {
  const norm = (v: unknown) => (v === null || v === undefined ? false : v);
  const c = norm(current);
  switch (operator) {
    case '=':
    case '==':
      return c === norm(value);
    case '!=':
    case '<>':
      return c !== norm(value);
    case 'in':
      return Array.isArray(value) && value.map(norm).includes(c);
    case 'not in':
      return Array.isArray(value) && !value.map(norm).includes(c);
    case 'like':
      return typeof c === 'string' && c.includes(String(value));
    case 'ilike':
      return typeof c === 'string' && c.toLowerCase().includes(String(value).toLowerCase());
    case 'not ilike':
      return !(typeof c === 'string' && c.toLowerCase().includes(String(value).toLowerCase()));
    case '=like':
    case '=ilike': {
      const pattern = new RegExp(`^${String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, operator === '=ilike' ? 'i' : '');
      return typeof c === 'string' && pattern.test(c);
    }
    case '>':
      return (c as number) > (value as number);
    case '>=':
      return (c as number) >= (value as number);
    case '<':
      return (c as number) < (value as number);
    case '<=':
      return (c as number) <= (value as number);
    default:
      throw new OdooError('builtins.ValueError', `Invalid operator '${operator}'`);
  }
}

/** odoo/osv/expression.py: a prefix-notation domain; leaves not joined by an operator are ANDed. */
export function matches(table: Table, row: Row, domain: Domain): boolean {
  if (!Array.isArray(domain)) throw new OdooError('builtins.ValueError', `Invalid domain ${JSON.stringify(domain)}`);
  let i = 0;
  const parse = (): boolean => {
    const item = domain[i++];
    if (item === '&') return both(parse(), parse(), (a, b) => a && b);
    if (item === '|') return both(parse(), parse(), (a, b) => a || b);
    if (item === '!') return !parse();
    if (Array.isArray(item)) return leafMatches(table, row, item);
    throw new OdooError('builtins.ValueError', `Invalid domain term ${JSON.stringify(item)}`);
  };
  const both = (a: boolean, b: boolean, f: (a: boolean, b: boolean) => boolean) => f(a, b);
  let result = true;
  while (i < domain.length) result = parse() && result;
  return result;
}

export function search(table: Table, domain: Domain, options: { offset?: number; limit?: number | null; order?: string | null; activeTest?: boolean } = {}): Row[] {
  let rows = [...table.rows.values()].filter((row) => matches(table, row, domain));
  // Records with an `active` field that is false are left out unless the domain names `active` (active_test).
  if ('active' in table.def.fields && options.activeTest !== false && !JSON.stringify(domain).includes('"active"')) {
    rows = rows.filter((row) => row.active !== false);
  }
  const order = (options.order ?? 'id').split(',')[0].trim().split(/\s+/);
  const [field, dir] = [order[0], (order[1] ?? 'asc').toLowerCase()];
  rows.sort((a, b) => {
    const x = a[field] as string | number;
    const y = b[field] as string | number;
    return (x < y ? -1 : x > y ? 1 : a.id - b.id) * (dir === 'desc' ? -1 : 1);
  });
  const offset = options.offset ?? 0;
  return rows.slice(offset, options.limit ? offset + options.limit : undefined);
}

export function browse(table: Table, ids: unknown, uid: number): Row[] {
  const list = Array.isArray(ids) ? ids : [ids];
  if (!list.every((id) => Number.isInteger(id))) throw new OdooError('builtins.TypeError', `Invalid ids ${JSON.stringify(ids)} for ${table.def.name}`);
  const missing = list.filter((id) => !table.rows.has(id as number));
  if (missing.length > 0) {
    throw missingError(`Record does not exist or has been deleted.\n(Record: ${table.def.name}(${missing.join(', ')},), User: ${uid})`);
  }
  return list.map((id) => table.rows.get(id as number) as Row);
}

/** The value of a field as read() answers it over RPC. */
export function readValue(tables: Map<string, Table>, table: Table, row: Row, name: string): unknown {
  if (name === 'id') return row.id;
  if (name === 'display_name') return table.displayName(row);
  const field = table.def.fields[name] ?? (['create_date', 'write_date'].includes(name) ? { type: 'datetime' as const } : ['create_uid', 'write_uid'].includes(name) ? { type: 'many2one' as const, relation: 'res.users' } : undefined);
  if (!field) throw new OdooError('builtins.ValueError', `Invalid field '${name}' on model '${table.def.name}'`);
  const value = row[name];
  if (field.type === 'many2one') {
    if (!value) return false;
    const target = tables.get(field.relation as string);
    const ref = target?.rows.get(value as number);
    return [value, ref && target ? target.displayName(ref) : String(value)];
  }
  if (field.type === 'many2many' || field.type === 'one2many') return [...((value as number[] | undefined) ?? [])];
  if (field.type === 'boolean') return Boolean(value);
  if (field.type === 'integer' || field.type === 'float') return value ?? 0;
  return value === undefined || value === null || value === '' ? false : value;
}

export function readRows(tables: Map<string, Table>, table: Table, rows: Row[], fields: unknown): Record<string, unknown>[] {
  const names = Array.isArray(fields) && fields.length > 0 ? (fields as string[]) : Object.keys(table.def.fields).filter((f) => table.def.fields[f].type !== 'binary');
  return rows.map((row) => {
    const out: Record<string, unknown> = { id: row.id };
    for (const name of names) out[name] = readValue(tables, table, row, name);
    return out;
  });
}

/** Checks written values: known, writable fields; required ones set (as PostgreSQL's NOT NULL would refuse). */
export function checkValues(table: Table, values: unknown, creating: boolean): Record<string, unknown> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new OdooError('builtins.TypeError', `${table.def.name}: values must be a dict, not ${JSON.stringify(values)}`);
  }
  const vals = values as Record<string, unknown>;
  for (const name of Object.keys(vals)) {
    if (!(name in table.def.fields)) {
      throw new OdooError('builtins.ValueError', `Invalid field '${name}' on model '${table.def.name}'`);
    }
  }
  const required = Object.entries(table.def.fields).filter(([, f]) => f.required);
  for (const [name, field] of required) {
    const value = vals[name];
    if ((creating && (value === undefined || value === false || value === null)) || (!creating && name in vals && (value === false || value === null))) {
      // odoo/sql_db.py + odoo/service/model.py convert_pgerror_not_null.
      throw validationError(
        'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${table.def.description} (${table.def.name})\nField: ${field.string} (${name})`,
      );
    }
  }
  return vals;
}

/** `_sql_constraints` unique: odoo/service/model.py convert_pgerror_unique → "The operation cannot be completed: <message>". */
export function checkUnique(table: Table, row: Record<string, unknown>, selfId?: number): void {
  for (const [field, message] of table.def.unique ?? []) {
    const clash = [...table.rows.values()].some((other) => other.id !== selfId && other[field] === row[field]);
    if (clash) throw validationError(`The operation cannot be completed: ${message}`);
  }
}

/** fields_get: the attributes odoorpc reads to build its model proxies (type, string, relation, required, ...). */
export function fieldsGet(table: Table): Record<string, unknown> {
  const out: Record<string, unknown> = { id: { type: 'integer', string: 'ID', readonly: true, required: false } };
  for (const [name, f] of Object.entries(table.def.fields)) {
    out[name] = { type: f.type, string: f.string, required: Boolean(f.required), readonly: Boolean(f.readonly), ...(f.relation ? { relation: f.relation } : {}), ...(f.selection ? { selection: f.selection } : {}) };
  }
  out.display_name = { type: 'char', string: 'Display Name', readonly: true, required: false };
  return out;
}
