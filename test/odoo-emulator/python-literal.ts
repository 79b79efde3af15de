/**
 * Python's `ast.literal_eval` for a module manifest, which is how base_import_module reads `__manifest__.py`
 * (addons/base_import_module/models/ir_module.py, 16.0–18.0: `ast.literal_eval(f.read().decode())`): only literals
 * are accepted — strings (with adjacent-string concatenation), bytes, numbers (with a unary sign), True/False/None,
 * tuples, lists, dicts and sets. A name, call, attribute, operator, comprehension or f-string is refused with the
 * ValueError literal_eval raises ("malformed node or string"); text that does not parse is a SyntaxError.
 * Python values come back as JS values: dict → object (keys stringified), list/tuple/set → array, None → null.
 */
import { OdooError } from './versions';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

class Reader {
  pos = 0;
  depth = 0;
  constructor(readonly src: string) {}

  line(at = this.pos): number {
    return this.src.slice(0, at).split('\n').length;
  }
  syntax(): never {
    throw new OdooError('builtins.SyntaxError', `invalid syntax (<unknown>, line ${this.line()})`);
  }
  malformed(kind: string, at = this.pos): never {
    throw new OdooError('builtins.ValueError', `malformed node or string on line ${this.line(at)}: <ast.${kind} object>`);
  }
  /** Skips spaces, comments and (inside brackets) newlines; at depth 0 a newline ends the expression. */
  skip(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\f' || c === '\r') this.pos++;
      else if (c === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '\n' && this.depth > 0) this.pos++;
      else return;
    }
  }
  skipAll(): void {
    for (;;) {
      this.skip();
      if (this.src[this.pos] === '\n') this.pos++;
      else return;
    }
  }
  peek(): string | undefined {
    this.skip();
    return this.src[this.pos];
  }
  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

function readString(r: Reader): string {
  const prefixMatch = /^[rRbBuUfF]{0,2}(?='|")/.exec(r.src.slice(r.pos));
  const prefix = (prefixMatch?.[0] ?? '').toLowerCase();
  if (prefix.includes('f')) r.malformed('JoinedStr');
  r.pos += prefix.length;
  const raw = prefix.includes('r');
  const q = r.src[r.pos];
  const triple = r.src.startsWith(q.repeat(3), r.pos);
  const close = triple ? q.repeat(3) : q;
  r.pos += close.length;
  let out = '';
  for (;;) {
    if (r.pos >= r.src.length) r.syntax();
    if (r.src.startsWith(close, r.pos)) {
      r.pos += close.length;
      return out;
    }
    const c = r.src[r.pos];
    if (c === '\n' && !triple) r.syntax();
    if (c === '\\' && !raw) {
      const n = r.src[r.pos + 1];
      if (n === 'x' || n === 'u') {
        const len = n === 'x' ? 2 : 4;
        const hex = r.src.slice(r.pos + 2, r.pos + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) r.syntax();
        out += String.fromCharCode(parseInt(hex, 16));
        r.pos += 2 + len;
      } else {
        out += n in ESCAPES ? ESCAPES[n] : `\\${n}`;
        r.pos += 2;
      }
      continue;
    }
    if (c === '\\' && raw) {
      out += c + r.src[r.pos + 1];
      r.pos += 2;
      continue;
    }
    out += c;
    r.pos++;
  }
}

function readNumber(r: Reader): number {
  const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?[jJ]?)/.exec(r.src.slice(r.pos));
  if (!m || m[0] === '') r.syntax();
  const text = m[0].replace(/_/g, '');
  r.pos += m[0].length;
  if (/[jJ]$/.test(text)) r.malformed('Constant');
  if (/^0[xXoObB]/.test(text)) return Number(text);
  return Number(text);
}

function readValue(r: Reader): PyValue {
  const c = r.peek();
  const start = r.pos;
  if (c === undefined) r.syntax();
  if (c === '"' || c === "'" || (/[rRbBuUfF]/.test(c) && /^[rRbBuUfF]{1,2}['"]/.test(r.src.slice(r.pos)))) {
    let s = readString(r);
    // Adjacent string literals are one constant.
    while (/^\s*(?:[rRbBuU]{0,2})['"]/.test(r.src.slice(r.pos)) && r.peek() !== undefined && /['"rRbBuU]/.test(r.peek() as string)) {
      s += readString(r);
    }
    return afterValue(r, s, start);
  }
  if (c === '-' || c === '+') {
    r.pos++;
    const n = r.peek();
    if (n === undefined || !/[0-9.]/.test(n)) r.malformed('UnaryOp', start);
    const v = readNumber(r);
    return afterValue(r, c === '-' ? -v : v, start);
  }
  if (/[0-9.]/.test(c)) return afterValue(r, readNumber(r), start);
  if (c === '[' || c === '(' || c === '{') {
    r.pos++;
    r.depth++;
    const closer = c === '[' ? ']' : c === '(' ? ')' : '}';
    const items: PyValue[] = [];
    const entries: [PyValue, PyValue][] = [];
    let isDict: boolean | undefined = c === '{' ? undefined : false;
    let trailingComma = false;
    while (!r.eat(closer)) {
      const item = readValue(r);
      if (isDict === undefined) isDict = r.peek() === ':';
      if (isDict) {
        if (!r.eat(':')) r.syntax();
        entries.push([item, readValue(r)]);
      } else items.push(item);
      trailingComma = r.eat(',');
      if (!trailingComma && r.peek() !== closer) r.syntax();
    }
    r.depth--;
    // (x) is x, not a tuple.
    if (c === '(' && items.length === 1 && !trailingComma) return afterValue(r, items[0], start);
    if (isDict) {
      const obj: { [key: string]: PyValue } = {};
      for (const [k, v] of entries) {
        if (typeof k === 'object' && k !== null) throw new OdooError('builtins.TypeError', "unhashable type: 'list'");
        obj[String(k)] = v;
      }
      return afterValue(r, obj, start);
    }
    return afterValue(r, items, start);
  }
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(r.src.slice(r.pos))?.[0];
  if (word) {
    r.pos += word.length;
    if (word === 'True') return afterValue(r, true, start);
    if (word === 'False') return afterValue(r, false, start);
    if (word === 'None') return afterValue(r, null, start);
    // A name, or the head of a call / attribute / comprehension: not a literal.
    const next = r.peek();
    if (/^for\b/.test(r.src.slice(r.pos))) r.malformed('ListComp', start);
    r.malformed(next === '(' ? 'Call' : next === '.' ? 'Attribute' : 'Name', start);
  }
  return r.syntax();
}

/** After a value: an operator, call, subscript or attribute turns it into an expression literal_eval refuses. */
function afterValue(r: Reader, value: PyValue, start: number): PyValue {
  const n = r.peek();
  if (n !== undefined && /[-+*/%@&|^<>=!~]/.test(n)) r.malformed(n === '=' || n === '<' || n === '>' || n === '!' ? 'Compare' : 'BinOp', start);
  if (n === '(') r.malformed('Call', start);
  if (n === '[') r.malformed('Subscript', start);
  if (n === '.') r.malformed('Attribute', start);
  if (n !== undefined && /[A-Za-z_]/.test(n)) {
    const word = /^[A-Za-z_]+/.exec(r.src.slice(r.pos))?.[0];
    if (word === 'if' || word === 'for' || word === 'and' || word === 'or' || word === 'in' || word === 'not' || word === 'is') r.malformed(word === 'if' ? 'IfExp' : word === 'for' ? 'ListComp' : 'BoolOp', start);
    r.syntax();
  }
  return value;
}

/** `ast.literal_eval(source)`: one expression (a bare top-level tuple `a, b` included), nothing after it. */
export function literalEval(source: string): PyValue {
  const r = new Reader(source.replace(/^\uFEFF/, ''));
  r.skipAll();
  const first = readValue(r);
  let value: PyValue = first;
  if (r.peek() === ',') {
    const items = [first];
    while (r.eat(',')) {
      r.skip();
      if (r.pos >= r.src.length || r.src[r.pos] === '\n') break;
      items.push(readValue(r));
    }
    value = items;
  }
  r.skipAll();
  if (r.pos < r.src.length) r.syntax();
  return value;
}
