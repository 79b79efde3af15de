/** SPEC §4: publishing to a closed legacy line; issue #3: publishedAt only in the past. */
import { checkPublication, InvalidInputError, type PlatformLine } from '../../src';

// 9.2 released 2020-10-01 → 9.1 gets patches until 2022-10-01 inclusive.
const lines: PlatformLine[] = [
  { platform: 'dynamics365', line: '9.1', releasedOn: '2018-10-01' },
  { platform: 'dynamics365', line: '9.2', releasedOn: '2020-10-01' },
];
const base = { platform: 'dynamics365' as const, lines, asOf: '2026-11-22T10:00:00.000Z', timeZone: 'Europe/Berlin' };

test('a release for the current line is allowed', () => {
  expect(checkPublication({ ...base, releaseLines: ['9.2'], publishedAt: '2026-11-01T08:00:00Z' })).toEqual({ allowed: true });
});

test('the last day of the legacy window is still open (inclusive)', () => {
  // 2022-10-01 21:59Z is 23:59 on 1 Oct in Berlin (CEST, +2).
  expect(checkPublication({ ...base, releaseLines: ['9.1'], publishedAt: '2022-10-01T21:59:00Z' })).toEqual({ allowed: true });
});

test('the day after the window is refused, naming the line and the last patch day', () => {
  // 2022-10-01 22:00Z is already 2 Oct in Berlin.
  expect(checkPublication({ ...base, releaseLines: ['9.2', '9.1'], publishedAt: '2022-10-01T22:00:00Z' })).toEqual({
    allowed: false,
    reason: 'legacy_window_closed',
    field: 'lines',
    line: '9.1',
    patchesUntil: '2022-10-01',
  });
});

test('a custom build for named tenants may still go to a closed line', () => {
  expect(checkPublication({ ...base, releaseLines: ['9.1'], publishedAt: '2026-11-01T08:00:00Z', customFor: ['cus-1'] })).toEqual({
    allowed: true,
  });
  expect(checkPublication({ ...base, releaseLines: ['9.1'], publishedAt: '2026-11-01T08:00:00Z', customFor: [] }).allowed).toBe(false);
});

test('a publication instant after asOf is refused; one equal to asOf is fine', () => {
  expect(checkPublication({ ...base, releaseLines: ['9.2'], publishedAt: '2026-11-22T10:00:00.001Z' })).toEqual({
    allowed: false,
    reason: 'published_in_future',
    field: 'publishedAt',
  });
  expect(checkPublication({ ...base, releaseLines: ['9.2'], publishedAt: base.asOf }).allowed).toBe(true);
});

test('a line the vendor never registered has no window to close', () => {
  expect(checkPublication({ ...base, releaseLines: ['8.2'], publishedAt: '2026-11-01T08:00:00Z' }).allowed).toBe(true);
});

test('bad input names the field', () => {
  const call = (over: object) => () => checkPublication({ ...base, releaseLines: ['9.2'], publishedAt: '2026-11-01T08:00:00Z', ...over });
  expect(call({ publishedAt: 'yesterday' })).toThrow(expect.objectContaining({ field: 'publishedAt' }));
  expect(call({ releaseLines: [] })).toThrow(expect.objectContaining({ field: 'releaseLines' }));
  expect(call({ platform: 'sap' })).toThrow(InvalidInputError);
});

test('SPEC §7: a hot-fix must be a patch or security release', () => {
  const at = { ...base, releaseLines: ['9.2'], publishedAt: '2026-11-01T08:00:00Z' };
  expect(checkPublication({ ...at, kind: 'feature', hotfix: true })).toEqual({ allowed: false, reason: 'hotfix_kind', field: 'hotfix' });
  expect(checkPublication({ ...at, kind: 'patch', hotfix: true })).toEqual({ allowed: true });
  expect(checkPublication({ ...at, kind: 'security', hotfix: true })).toEqual({ allowed: true });
  expect(checkPublication({ ...at, kind: 'feature', hotfix: false })).toEqual({ allowed: true });
});

describe('issue #9: one build per line and version', () => {
  const at = { ...base, publishedAt: '2026-11-01T08:00:00Z' };
  const published = [{ id: 'rel_90', lines: ['9.0'] }];

  test('a 9.2 build next to a published 9.0 build is allowed', () => {
    expect(checkPublication({ ...at, releaseLines: ['9.2'], publishedBuilds: published })).toEqual({ allowed: true });
    expect(checkPublication({ ...at, releaseLines: ['8.2', '9.2'], publishedBuilds: published })).toEqual({ allowed: true });
  });

  test('an overlapping line set is refused, naming the first shared line and the published build', () => {
    expect(checkPublication({ ...at, releaseLines: ['9.2', '9.0'], publishedBuilds: [{ id: 'rel_92', lines: ['9.1'] }, ...published] })).toEqual({
      allowed: false,
      reason: 'release_exists',
      field: 'lines',
      line: '9.0',
      releaseId: 'rel_90',
    });
  });

  test('a line named twice or a malformed build list is bad input', () => {
    const call = (over: object) => () => checkPublication({ ...at, releaseLines: ['9.2'], ...over });
    expect(call({ releaseLines: ['9.2', '9.2'] })).toThrow(expect.objectContaining({ field: 'releaseLines[1]' }));
    expect(call({ releaseLines: ['nine'] })).toThrow(expect.objectContaining({ field: 'releaseLines[0]' }));
    expect(call({ publishedBuilds: [{ id: 'x' }] })).toThrow(expect.objectContaining({ field: 'publishedBuilds[0]' }));
  });
});
