/**
 * A reader for the Python literal subset Odoo manifests are written in (decision U82). Odoo reads
 * `__manifest__.py` with `ast.literal_eval` (odoo/modules/module.py `load_manifest`); this reads the part of that
 * language manifests use, and nothing is ever evaluated:
 *
 * - dict `{k: v, ...}` with string keys, list `[...]`, tuple `(a, b)` / `()` / `(a,)`, a parenthesised value `(v)`;
 *   trailing commas allowed;
 * - str: '…', "…", '''…''', """…""", prefixes `r`, `u` (any case), the escapes `\\ \' \" \a \b \f \n \r \t \v`,
 *   `\ooo`, `\xhh`, `\uXXXX`, `\UXXXXXXXX`, backslash-newline, unknown escapes kept as written (as Python does);
 *   adjacent strings concatenated (`'a' 'b'`);
 * - int (decimal, 0x/0o/0b, underscores) and float, with an optional sign; True, False, None;
 * - comments `# …` and backslash line continuations.
 *
 * Anything else (a name, a call such as `_('x')`, an operator, bytes, f-strings, sets, `\N{…}`) is refused with
 * PythonLiteralError naming the line. Nesting is limited to 64 levels.
 */

export class PythonLiteralError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'PythonLiteralError';
  }
}

export type PyValue = string | number | boolean | null | PyValue[] | PyDict;
/** A dict: string keys in source order (a repeated key keeps its last value, as in Python). */
export type PyDict = Map<string, PyValue>;

export function isPyDict(value: PyValue | undefined): value is PyDict {
  return value instanceof Map;
}

type Token =
  | { kind: 'punct'; value: '{' | '}' | '[' | ']' | '(' | ')' | ',' | ':'; line: number }
  | { kind: 'str'; value: string; line: number }
  | { kind: 'num'; value: number; line: number }
  | { kind: 'const'; value: boolean | null; line: number }
  | { kind: 'sign'; value: '-' | '+'; line: number }
  | { kind: 'end'; line: number };

const MAX_DEPTH = 64;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d[\d_]*)?|\.\d[\d_]*(?:[eE][+-]?\d[\d_]*)?)/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      // An explicit line continuation: a backslash at the end of a line.
      const rest = /^\\\r?\n/.exec(source.slice(i, i + 3));
      if (!rest) throw new PythonLiteralError(line, 'a backslash outside a string must end the line');
      i += rest[0].length;
      line++;
      continue;
    }
    if ('{}[](),:'.includes(c)) {
      tokens.push({ kind: 'punct', value: c as '{', line });
      i++;
      continue;
    }
    if (c === '-' || c === '+') {
      tokens.push({ kind: 'sign', value: c, line });
      i++;
      continue;
    }
    // A string, with an optional prefix.
    const prefix = /^([A-Za-z]{1,2})?(['"])/.exec(source.slice(i, i + 3));
    if (prefix) {
      const p = (prefix[1] ?? '').toLowerCase();
      if (p !== '' && p !== 'r' && p !== 'u') {
        throw new PythonLiteralError(line, `a ${p}-prefixed string is not allowed in a manifest (only plain, r and u strings)`);
      }
      const startLine = line;
      const read = readString(source, i + (prefix[1]?.length ?? 0), p === 'r', line);
      tokens.push({ kind: 'str', value: read.value, line: startLine });
      line = read.line;
      i = read.end;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = NUMBER.exec(source.slice(i, i + 400));
      if (!m || m[0] === '.') throw new PythonLiteralError(line, `unexpected ${JSON.stringify(c)}`);
      const text = m[0].replace(/_/g, '');
      const after = source[i + m[0].length];
      if (after !== undefined && /[A-Za-z0-9_]/.test(after)) throw new PythonLiteralError(line, `${m[0]}${after}… is not a number the manifest may hold`);
      let value: number;
      if (/^0[xob]/i.test(text)) value = Number(text.toLowerCase());
      else if (/[.eE]/.test(text)) value = Number(text);
      else {
        if (/^0\d/.test(text) && /[1-9]/.test(text)) throw new PythonLiteralError(line, `${m[0]}: leading zeros are not allowed in a Python int`);
        value = Number(text);
      }
      if (!Number.isFinite(value)) throw new PythonLiteralError(line, `${m[0].slice(0, 40)} is out of range`);
      tokens.push({ kind: 'num', value, line });
      i += m[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200));
    if (word) {
      if (word[0] === 'True' || word[0] === 'False' || word[0] === 'None') {
        tokens.push({ kind: 'const', value: word[0] === 'None' ? null : word[0] === 'True', line });
        i += word[0].length;
        continue;
      }
      const call = /^\s*\(/.test(source.slice(i + word[0].length, i + word[0].length + 20));
      throw new PythonLiteralError(
        line,
        `${word[0].slice(0, 40)}${call ? '(…), a function call,' : ', a name,'} is not a literal: the manifest must be a plain Python dict literal (nothing is evaluated)`,
      );
    }
    throw new PythonLiteralError(line, `${JSON.stringify(c)} is not allowed in a manifest literal (no operators or expressions)`);
  }
  tokens.push({ kind: 'end', line });
  return tokens;
}

function readString(source: string, start: number, raw: boolean, startLine: number): { value: string; end: number; line: number } {
  const quote = source[start];
  const triple = source.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  let line = startLine;
  let out = '';
  const n = source.length;
  while (true) {
    if (i >= n) throw new PythonLiteralError(startLine, 'a string is not closed');
    if (source.startsWith(delimiter, i)) return { value: out, end: i + delimiter.length, line };
    const c = source[i];
    if (c === '\n') {
      if (!triple) throw new PythonLiteralError(line, 'a line break inside a quoted string (use \\n or a triple-quoted string)');
      line++;
      out += c;
      i++;
      continue;
    }
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const next = source[i + 1];
    if (next === undefined) throw new PythonLiteralError(line, 'a string is not closed');
    if (raw) {
      // In a raw string a backslash stays, and keeps the next character from closing the string.
      out += c + next;
      if (next === '\n') line++;
      i += 2;
      continue;
    }
    if (next === '\n') {
      line++;
      i += 2;
      continue;
    }
    if (next === '\r' && source[i + 2] === '\n') {
      line++;
      i += 3;
      continue;
    }
    if (SIMPLE_ESCAPES[next] !== undefined) {
      out += SIMPLE_ESCAPES[next];
      i += 2;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(source.slice(i + 1, i + 4))![0];
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 1 + oct.length;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = source.slice(i + 2, i + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) throw new PythonLiteralError(line, `\\${next} needs ${hexLength} hex digits`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new PythonLiteralError(line, `\\${next}${hex} is not a Unicode code point`);
      out += String.fromCodePoint(code);
      i += 2 + hexLength;
      continue;
    }
    if (next === 'N') throw new PythonLiteralError(line, '\\N{…} (a character by name) is not supported in a manifest; write the character or \\u…');
    // Python keeps an unknown escape as written.
    out += c + next;
    i += 2;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at];
  }

  private take(): Token {
    return this.tokens[this.at++];
  }

  private isPunct(t: Token, value: string): boolean {
    return t.kind === 'punct' && t.value === value;
  }

  private expect(value: string, what: string): void {
    const t = this.take();
    if (!this.isPunct(t, value)) throw new PythonLiteralError(t.line, `expected ${JSON.stringify(value)} ${what}, found ${describe(t)}`);
  }

  document(): PyValue {
    const value = this.value(0);
    const t = this.peek();
    if (t.kind !== 'end') throw new PythonLiteralError(t.line, `${describe(t)} after the end of the literal: the manifest must be one dict`);
    return value;
  }

  /** After a value: a sign there is a binary operator (`'a' + 'b'`, `1 - 2`), which a literal may not hold. */
  private noOperator(): void {
    const t = this.peek();
    if (t.kind === 'sign') throw new PythonLiteralError(t.line, `"${t.value}" is not allowed: an operator makes an expression, and nothing in a manifest is evaluated`);
  }

  value(depth: number): PyValue {
    const value = this.atom(depth);
    this.noOperator();
    return value;
  }

  private atom(depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new PythonLiteralError(this.peek().line, `more than ${MAX_DEPTH} levels of nesting`);
    const t = this.take();
    switch (t.kind) {
      case 'str': {
        let value = t.value;
        while (this.peek().kind === 'str') value += (this.take() as { value: string }).value;
        return value;
      }
      case 'num':
      case 'const':
        return t.value;
      case 'sign': {
        const number = this.take();
        if (number.kind !== 'num') throw new PythonLiteralError(t.line, `${t.value} may only stand before a number, not before ${describe(number)}`);
        return t.value === '-' ? -number.value : number.value;
      }
      case 'end':
        throw new PythonLiteralError(t.line, 'the manifest ends where a value was expected');
      case 'punct':
        if (t.value === '{') return this.dict(depth, t.line);
        if (t.value === '[') return this.sequence(']', depth);
        if (t.value === '(') return this.parenthesised(depth);
        throw new PythonLiteralError(t.line, `${describe(t)} where a value was expected`);
    }
  }

  private sequence(close: ']' | ')', depth: number, first?: PyValue): PyValue[] {
    const items: PyValue[] = first === undefined ? [] : [first];
    while (!this.isPunct(this.peek(), close)) {
      items.push(this.value(depth + 1));
      if (this.isPunct(this.peek(), ',')) this.take();
      else break;
    }
    this.expect(close, 'to close the list or tuple');
    return items;
  }

  private parenthesised(depth: number): PyValue {
    if (this.isPunct(this.peek(), ')')) {
      this.take();
      return [];
    }
    const first = this.value(depth + 1);
    if (this.isPunct(this.peek(), ')')) {
      this.take();
      return first; // (v) is v, not a tuple
    }
    this.expect(',', 'in a tuple');
    return this.sequence(')', depth, first);
  }

  private dict(depth: number, line: number): PyDict {
    const dict: PyDict = new Map();
    while (!this.isPunct(this.peek(), '}')) {
      const keyToken = this.peek();
      const key = this.value(depth + 1);
      if (typeof key !== 'string') {
        if (this.isPunct(this.peek(), ',') || this.isPunct(this.peek(), '}')) throw new PythonLiteralError(keyToken.line, 'a set literal is not allowed in a manifest');
        throw new PythonLiteralError(keyToken.line, 'a manifest dict key must be a string');
      }
      this.expect(':', `after the key ${JSON.stringify(key.slice(0, 40))}`);
      dict.delete(key); // a repeated key takes the later place and value, as in Python
      dict.set(key, this.value(depth + 1));
      if (this.isPunct(this.peek(), ',')) this.take();
      else break;
    }
    const close = this.take();
    if (!this.isPunct(close, '}')) throw new PythonLiteralError(close.line, `expected "," or "}" in the dict opened on line ${line}, found ${describe(close)}`);
    return dict;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the file';
    case 'str':
      return `the string ${JSON.stringify(t.value.slice(0, 30))}`;
    case 'num':
    case 'const':
      return String(t.value);
    default:
      return JSON.stringify(t.value);
  }
}

/** Reads a Python literal (the whole source). Throws PythonLiteralError naming the line. */
export function parsePythonLiteral(source: string): PyValue {
  return new Parser(tokenize(source)).document();
}
