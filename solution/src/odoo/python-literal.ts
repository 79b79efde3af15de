/**
 * Python literals for `__manifest__.py`, which Odoo reads with ast.literal_eval (base_import_module
 * models/ir_module.py; odoo/modules/module.py load_manifest): strings, numbers, booleans, lists and dicts only.
 */
export type PythonValue = string | number | boolean | PythonValue[] | { [key: string]: PythonValue };

/** A single-quoted Python string: backslash, quote and control characters escaped; other text as UTF-8. */
export function pythonString(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
  const escaped = text.replace(/[\\'\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === "'") return "\\'";
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

export function pythonLiteral(value: PythonValue, indent = 0): string {
  const pad = '    '.repeat(indent + 1);
  const end = '    '.repeat(indent);
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a Python literal cannot be NaN or infinite');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => pythonLiteral(item, indent + 1)).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${pythonString(k)}: ${pythonLiteral(v, indent + 1)},`).join('\n')}\n${end}}`;
}
