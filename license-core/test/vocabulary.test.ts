/**
 * Every closed vocabulary is defined once, in license-core/src/vocabulary.ts (issue #11): no other source file lists
 * its members again. (Migrations are exempt: a schema's CHECK constraint is history and must not change.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as vocabulary from '../src/vocabulary';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['license-core/src', 'update-server/src', 'addon/src', 'addon/LicenceBanner', 'solution/src'];
const EXEMPT = new Set(['license-core/src/vocabulary.ts', 'update-server/src/store/migrations.ts']);

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
