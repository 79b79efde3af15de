/**
 * Every closed vocabulary is defined once, in license-core/src/vocabulary.ts (issue #11): no other source file lists
 * its members again. (Migrations, SQLite's and PostgreSQL's, are exempt: a schema's CHECK constraint is history and must
 * not change.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as vocabulary from '../src/vocabulary';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['license-core/src', 'update-server/src', 'addon/src', 'addon/LicenceBanner', 'solution/src'];
const EXEMPT = new Set(['license-core/src/vocabulary.ts', 'update-server/src/store/migrations.ts', 'update-server/src/store/postgres-migrations.ts']);

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (name === 'node_modules' || name === 'generated') return [];
    if (statSync(path.join(ROOT, relative)).isDirectory()) return files(relative);
    return relative.endsWith('.ts') && !EXEMPT.has(relative) ? [relative] : [];
  });
}

const tuples = Object.entries(vocabulary as Record<string, unknown>).filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1]) && entry[1].length >= 2);

test('the vocabulary module defines the tuples the types come from', () => {
  expect(tuples.map(([name]) => name)).toEqual(expect.arrayContaining(['RELEASE_KINDS', 'CONTRACT_PLANS', 'SUPPORT_CLASSES', 'INELIGIBLE_REASONS', 'PLATFORMS']));
});

test.each(tuples)('%s is not listed again anywhere else', (_name, members) => {
  // Two members in a row, quoted, as a list would write them.
  const [a, b] = members;
  const pattern = new RegExp(`['"]${a}['"]\\s*,\\s*['"]${b}['"]`);
  const offenders = SOURCES.flatMap(files).filter((file) => pattern.test(readFileSync(path.join(ROOT, file), 'utf8')));
  expect(offenders).toEqual([]);
});

// --- API error codes (issue #11) ------------------------------------------------------------------------------

const sources = (): { file: string; text: string }[] => SOURCES.flatMap(files).map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

test('no source lists API error codes again: a comma list of two of them is a second copy of API_ERROR_CODES', () => {
  const codes = new Set<string>(vocabulary.API_ERROR_CODES);
  const offenders = sources().flatMap(({ file, text }) =>
    [...text.matchAll(/['"]([a-z0-9_]+)['"]\s*,\s*['"]([a-z0-9_]+)['"]/g)]
      .filter((m) => codes.has(m[1] as string) && codes.has(m[2] as string))
      .map((m) => `${file}: ${m[0]}`),
  );
  expect(offenders).toEqual([]);
});

test('error codes are closed: no `code: string` field and no code type that ends in `| string`', () => {
  const offenders = sources().flatMap(({ file, text }) => [
    ...[...text.matchAll(/readonly code: string\b/g)].map((m) => `${file}: ${m[0]}`),
    ...[...text.matchAll(/type \w*Code\w* =[^;]*\|\s*string\s*;/g)].map((m) => `${file}: ${m[0]}`),
  ]);
  expect(offenders).toEqual([]);
});

test('one class has the API error shape (status, code, message, field): the server\'s ApiError, which the CLI client throws too', () => {
  const shape = /class (\w+)[^{]* extends Error \{\s*constructor\(\s*readonly status: number,\s*readonly code\b/g;
  const classes = sources().flatMap(({ file, text }) => [...text.matchAll(shape)].map((m) => `${file}: ${m[1]}`));
  expect(classes).toEqual(['update-server/src/api-error.ts: ApiError']);
});

test('every `<thing>_not_found` code is a NotFoundThing the server can name', () => {
  const things = vocabulary.API_ERROR_CODES.filter((c) => c.endsWith('_not_found')).map((c) => c.slice(0, -'_not_found'.length));
  // NotFoundThing is derived from the codes; this pins that each thing is a plain identifier (no spaces).
  expect(things.length).toBeGreaterThan(0);
  for (const thing of things) expect(thing).toMatch(/^[a-z]+(_[a-z]+)*$/);
});

test('isApiErrorCode accepts exactly the listed codes', () => {
  for (const code of vocabulary.API_ERROR_CODES) expect(vocabulary.isApiErrorCode(code)).toBe(true);
  for (const other of ['http_404', 'connection_failed', 'ERR_SIGNATURE_INVALID', '', undefined, 42]) expect(vocabulary.isApiErrorCode(other)).toBe(false);
});
