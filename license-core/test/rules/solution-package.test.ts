/** Issue #9 (SPEC §3.4, §4): a Dataverse solution package must fit the lines and version it is published for. */
import { checkSolutionPackage } from '../../src';
import { fieldOf } from './support';

const managed92 = { packageLine: '9.2', packageVersion: '1.5.0.0', managed: true };

test('a package built for the oldest targeted line, or an older one, fits', () => {
  expect(checkSolutionPackage(managed92, { releaseLines: ['9.2'], version: '1.5.0.0' })).toEqual({ allowed: true, packageLine: '9.2' });
  expect(checkSolutionPackage({ ...managed92, packageLine: '9.0' }, { releaseLines: ['9.2', '9.1'], version: '1.5.0.0' })).toEqual({ allowed: true, packageLine: '9.0' });
  // SolutionPackageVersion with four parts reads as its line.
  expect(checkSolutionPackage({ ...managed92, packageLine: '9.1.0.0' }, { releaseLines: ['9.1'], version: '1.5.0.0' })).toEqual({ allowed: true, packageLine: '9.1' });
});

test('a package newer than the OLDEST targeted line is refused (a 9.2 package cannot go into a 9.0 org)', () => {
  expect(checkSolutionPackage(managed92, { releaseLines: ['9.2', '9.0'], version: '1.5.0.0' })).toEqual({
    allowed: false,
    reason: 'package_line_too_new',
    field: 'lines',
    packageLine: '9.2',
    oldestLine: '9.0',
  });
  // Numeric line order: 9.10 is newer than 9.2.
  expect(checkSolutionPackage({ ...managed92, packageLine: '9.10' }, { releaseLines: ['9.2'], version: '1.5.0.0' })).toMatchObject({ reason: 'package_line_too_new' });
});

test('the solution version must be the release version (numerically)', () => {
  expect(checkSolutionPackage(managed92, { releaseLines: ['9.2'], version: '1.5.0.1' })).toEqual({
    allowed: false,
    reason: 'package_version_mismatch',
    field: 'version',
    packageVersion: '1.5.0.0',
    version: '1.5.0.1',
  });
  expect(checkSolutionPackage(managed92, { releaseLines: ['9.2'], version: '1.5' }).allowed).toBe(true);
});

test('an unmanaged solution is refused; the line is judged first, then the version', () => {
  expect(checkSolutionPackage({ ...managed92, managed: false }, { releaseLines: ['9.2'], version: '1.5.0.0' })).toEqual({ allowed: false, reason: 'package_unmanaged', field: 'artifact' });
  expect(checkSolutionPackage({ ...managed92, managed: false }, { releaseLines: ['9.0'], version: '2.0.0.0' })).toMatchObject({ reason: 'package_line_too_new' });
  expect(checkSolutionPackage({ ...managed92, managed: false }, { releaseLines: ['9.2'], version: '2.0.0.0' })).toMatchObject({ reason: 'package_version_mismatch' });
});

test('bad input names the field', () => {
  const target = { releaseLines: ['9.2'], version: '1.5.0.0' };
  expect(fieldOf(() => checkSolutionPackage({ ...managed92, packageLine: 'nine' }, target))).toBe('package.packageLine');
  expect(fieldOf(() => checkSolutionPackage({ ...managed92, packageVersion: '1.x' }, target))).toBe('package.packageVersion');
  expect(fieldOf(() => checkSolutionPackage({ ...managed92, managed: 1 as unknown as boolean }, target))).toBe('package.managed');
  expect(fieldOf(() => checkSolutionPackage(managed92, { ...target, releaseLines: [] }))).toBe('target.releaseLines');
  expect(fieldOf(() => checkSolutionPackage(managed92, { ...target, releaseLines: ['x'] }))).toBe('target.releaseLines[0]');
  expect(fieldOf(() => checkSolutionPackage(managed92, { ...target, version: 'v1' }))).toBe('target.version');
});
