/**
 * Decision U82: `__manifest__.py` is read as the Python literal subset Odoo manifests use (Odoo reads it with
 * ast.literal_eval); nothing is evaluated and anything else is refused naming the line.
 */
import { parsePythonLiteral, PythonLiteralError, type PyValue } from '../src/artifacts/python-literal';

/** Maps to plain JSON (dicts as objects) to compare. */
const plain = (v: PyValue): unknown => (v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, plain(x)])) : Array.isArray(v) ? v.map(plain) : v);
const read = (source: string): unknown => plain(parsePythonLiteral(source));

function refusal(source: string): { line: number; message: string } {
  try {
    parsePythonLiteral(source);
  } catch (error) {
    expect(error).toBeInstanceOf(PythonLiteralError);
    return { line: (error as PythonLiteralError).line, message: (error as Error).message };
  }
  throw new Error('expected a PythonLiteralError');
}

describe('what manifests use', () => {
  test('a typical manifest: comments, both quotes, implicit concatenation, nested dicts and lists, trailing commas', () => {
    const source = `# -*- coding: utf-8 -*-
# Part of Northwind. See LICENSE.
{
    'name': "Northwind DocGen",   # the display name
    'version': '17.0.1.4.0',
    'summary': ("Documents from CRM data, "
                'kept up to date'),
    'description': """
Long text
  with 'quotes' and "quotes"
""",
    'depends': ['base', 'web',],
    'data': ('data/a.xml', 'data/b.xml'),
    'assets': {
        'web.assets_backend': [
            'northwind_docgen/static/src/**/*',
        ],
    },
    'installable': True, 'auto_install': False, 'price': 49.5, 'sequence': -1, 'images': [], 'x': None,
}
`;
    expect(read(source)).toEqual({
      name: 'Northwind DocGen',
      version: '17.0.1.4.0',
      summary: 'Documents from CRM data, kept up to date',
      description: "\nLong text\n  with 'quotes' and \"quotes\"\n",
      depends: ['base', 'web'],
      data: ['data/a.xml', 'data/b.xml'],
      assets: { 'web.assets_backend': ['northwind_docgen/static/src/**/*'] },
      installable: true,
      auto_install: false,
      price: 49.5,
      sequence: -1,
      images: [],
      x: null,
    });
  });

  test('escapes as Python reads them; raw and u strings; numbers; tuples', () => {
    expect(read(String.raw`'a\tb\n\'q\' \"d\" \\ \x41\u00e9\U0001F600 \101 \d'`)).toBe("a\tb\n'q' \"d\" \\ Aé😀 A \\d");
    expect(read(String.raw`r'C:\path\n'`)).toBe('C:\\path\\n');
    expect(read(String.raw`u'\u00e9t\u00e9'`)).toBe('été');
    expect(read("'line \\\ncontinued'")).toBe('line continued');
    expect(read('[0x1F, 0o17, 0b101, 1_000, 1.5e3, .5, 2., +3]')).toEqual([31, 15, 5, 1000, 1500, 0.5, 2, 3]);
    expect(read('((), (1,), (1), (1, 2,))')).toEqual([[], [1], 1, [1, 2]]);
    expect(read("{'a': 1,\n 'a': 2}")).toEqual({ a: 2 });
    expect(read("{'a': 1} \\\n")).toEqual({ a: 1 });
  });
});

describe('what is refused, naming the line', () => {
  test.each([
    ["{\n  'name': _('DocGen'),\n}", 2, /_\(…\), a function call, is not a literal/],
    ["{\n  'version': __import__('os').system('id'),\n}", 2, /__import__\(…\), a function call/],
    ["{\n\n  'v': VERSION,\n}", 3, /VERSION, a name, is not a literal/],
    ["{'v': '17.0.' + '1.0'}", 1, /"\+" is not allowed: an operator/],
    ["{'v': 2 - 1}", 1, /"-" is not allowed: an operator/],
    ["{'v': 2 * 3}", 1, /"\*" is not allowed/],
    ["{'v': [x for x in y]}", 1, /x, a name/],
    ["{'v': lambda: 1}", 1, /lambda, a name/],
    ["{'v': b'bytes'}", 1, /b-prefixed string/],
    ["{'v': f'{x}'}", 1, /f-prefixed string/],
    ["{'v': {1, 2}}", 1, /a set literal/],
    ["{1: 'a'}", 1, /key must be a string/],
    ["{'v': '\\N{DASH}'}", 1, /\\N\{…\}/],
    ["{'v': 'open\n'}", 1, /line break inside a quoted string/],
    ["{'v': 'never closed}", 1, /not closed/],
    ["{'v': 1}\n{'w': 2}", 2, /after the end of the literal/],
    ["{'v': 1", 1, /expected "," or "}"/],
    ["{'v': 012}", 1, /leading zeros/],
    ["{'v': 1j}", 1, /not a number the manifest may hold/],
    ["{'v': 1} ; import os", 1, /";" is not allowed/],
    ['', 1, /ends where a value was expected/],
  ])('%j is refused on line %i', (source, line, message) => {
    const r = refusal(source);
    expect(r.line).toBe(line);
    expect(r.message).toMatch(message);
    expect(r.message.startsWith(`line ${line}: `)).toBe(true);
  });

  test('nesting deeper than 64 levels is refused, not a stack overflow', () => {
    expect(refusal(`${'['.repeat(100)}${']'.repeat(100)}`).message).toMatch(/more than 64 levels/);
  });
});
