/** SPEC §3, §4 and issue #9: what `assurance explain` judges (eligibility-target.ts). */
import { buildForLine, eligibilityTarget, newestLine } from '../../src';

const org = (orgId: string, environment: 'production' | 'sandbox', platformVersion: string) => ({ orgId, environment, platformVersion });
const orgs = [org('sb', 'sandbox', '9.1.0.1'), org('prod', 'production', '9.2.0.1')];

it('the newest line by version order, not by text', () => {
  expect(newestLine(['9.10', '9.2', '9.1'])).toBe('9.10');
  expect(newestLine([])).toBeUndefined();
});

it('the version asked for, else the org asked for, else the production org, else the first', () => {
  expect(eligibilityTarget({ orgs, releaseLines: ['9.1'], platformVersion: '9.1.5.0' })).toEqual({ kind: 'target', platformVersion: '9.1.5.0', org: orgs[1], assumedPlatformVersion: false });
  expect(eligibilityTarget({ orgs, releaseLines: ['9.1'], orgId: 'sb' })).toEqual({ kind: 'target', platformVersion: '9.1.0.1', org: orgs[0], assumedPlatformVersion: false });
  expect(eligibilityTarget({ orgs, releaseLines: ['9.1'] })).toMatchObject({ platformVersion: '9.2.0.1', org: orgs[1] });
  expect(eligibilityTarget({ orgs: [orgs[0]], releaseLines: ['9.1'] })).toMatchObject({ org: orgs[0] });
  expect(eligibilityTarget({ orgs, releaseLines: ['9.1'], orgId: 'nope' })).toEqual({ kind: 'org_not_found' });
});

it('without an org or a version, the newest line the release targets, marked as assumed', () => {
  expect(eligibilityTarget({ orgs: [], releaseLines: ['9.2', '9.10'] })).toEqual({ kind: 'target', platformVersion: '9.10', assumedPlatformVersion: true });
});

it('the build of the same version for the judged line (issue #9)', () => {
  const r = (id: string, version: string, lines: string[]) => ({ id, version, platform: 'dynamics365' as const, lines });
  const release = r('a', '1.4.0', ['9.1']);
  const others = [release, r('b', '1.5.0', ['9.2']), r('c', '1.4', ['9.2'])];
  expect(buildForLine(release, others, 'dynamics365', '9.2')?.id).toBe('c');
  expect(buildForLine(release, others, 'odoo', '9.2')).toBeUndefined();
});
