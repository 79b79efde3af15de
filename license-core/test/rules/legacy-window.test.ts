// SPEC §4: legacy windows (successor release R + 2 years, inclusive) and the 5-year mainstream lifecycle.
import { legacyWindow, parsePlatformLine, parsePlatformLines, type PlatformLine } from '../../src';
import { fieldOf } from './support';

const d = (line: string, releasedOn: string): PlatformLine => ({ platform: 'dynamics365', line, releasedOn });
const o = (line: string, releasedOn: string): PlatformLine => ({ platform: 'odoo', line, releasedOn });
// deliberately out of order
const lines = [d('9.2', '2026-04-01'), d('9.0', '2017-11-01'), d('9.1', '2024-02-29'), o('18.0', '2024-10-02'), o('17.0', '2023-11-08'), o('saas~17.2', '2024-04-01'), o('16.0', '2022-10-12')];

describe('legacyWindow', () => {
  it('patches until the successor release + 2 years; 29 Feb + 2 years = 28 Feb', () => {
    expect(legacyWindow(lines, '9.0')).toEqual({
      line: d('9.0', '2017-11-01'),
      successor: d('9.1', '2024-02-29'),
      patchesUntil: '2026-02-28',
      mainstreamEndsOn: '2022-11-01',
    });
    expect(legacyWindow(lines, '9.1')).toMatchObject({ successor: d('9.2', '2026-04-01'), patchesUntil: '2028-04-01' });
  });

  it('the newest line has no successor and no patch limit', () => {
    expect(legacyWindow(lines, '9.2')).toEqual({ line: d('9.2', '2026-04-01'), mainstreamEndsOn: '2031-04-01' });
  });

  it('Odoo: a major line skips SaaS lines for its successor; a SaaS line is followed by the next line', () => {
    expect(legacyWindow(lines, '17.0')).toMatchObject({ successor: o('18.0', '2024-10-02'), patchesUntil: '2026-10-02' });
    expect(legacyWindow(lines, 'saas~17.2')).toMatchObject({ successor: o('18.0', '2024-10-02') });
    expect(legacyWindow(lines, '16.0')).toMatchObject({ successor: o('17.0', '2023-11-08'), patchesUntil: '2025-11-08' });
  });

  it('a vendor-set mainstream end wins over the 5-year default', () => {
    const custom = [{ ...d('9.0', '2017-11-01'), mainstreamEndsOn: '2023-06-30' }];
    expect(legacyWindow(custom, '9.0').mainstreamEndsOn).toBe('2023-06-30');
  });

  it('rejects an unknown line, an ambiguous one, and bad line data', () => {
    expect(fieldOf(() => legacyWindow(lines, '9.3'))).toBe('line');
    const both = [d('9.0', '2017-11-01'), o('9.0', '2015-10-01')];
    expect(fieldOf(() => legacyWindow(both, '9.0'))).toBe('line');
    expect(legacyWindow(both, '9.0', 'odoo').line.platform).toBe('odoo');
    expect(fieldOf(() => legacyWindow([d('9.0', '2017-02-30')], '9.0'))).toBe('lines[0].releasedOn');
    expect(fieldOf(() => legacyWindow([{ ...d('9.0', '2017-01-01'), platform: 'sap' as never }], '9.0'))).toBe('lines[0].platform');
    expect(fieldOf(() => legacyWindow([d('nine', '2017-01-01')], 'nine'))).toBe('lines[0].line');
  });
});

describe('parsePlatformLine (SPEC §4: mainstream support ends inside the line life)', () => {
  it('refuses a mainstream end before the release, naming the field', () => {
    expect(fieldOf(() => parsePlatformLine({ platform: 'dynamics365', line: '9.3', releasedOn: '2027-04-01', mainstreamEndsOn: '2027-03-31' }))).toBe('mainstreamEndsOn');
    expect(fieldOf(() => parsePlatformLines([d('9.2', '2026-04-01'), { ...d('9.3', '2027-04-01'), mainstreamEndsOn: '2020-01-01' }]))).toBe('lines[1].mainstreamEndsOn');
  });
  it('accepts a mainstream end on the release day or later', () => {
    expect(parsePlatformLine({ platform: 'dynamics365', line: '9.3', releasedOn: '2027-04-01', mainstreamEndsOn: '2027-04-01' }).mainstreamEndsOn).toBe('2027-04-01');
  });
});
