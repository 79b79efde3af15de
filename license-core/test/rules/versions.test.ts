// SPEC §4 (platform versions and lines) and SPEC §3 (add-on versions, no downgrade).
import { compareAddonVersions, compareLines, parseAddonVersion, parsePlatformVersion } from '../../src';
import { fieldOf } from './support';

describe('parsePlatformVersion', () => {
  it('reads a Dynamics version of 2 to 4 parts; its line is the first two', () => {
    expect(parsePlatformVersion('9.2.24012.196')).toEqual({
      platform: 'dynamics365',
      parts: [9, 2, 24012, 196],
      line: '9.2',
      raw: '9.2.24012.196',
    });
    expect(parsePlatformVersion('9.1', 'dynamics365').line).toBe('9.1');
    expect(parsePlatformVersion('9.2.24012', 'dynamics365').parts).toEqual([9, 2, 24012]);
    expect(parsePlatformVersion('8.2.2.112').line).toBe('8.2');
  });

  it('reads Odoo majors and SaaS intermediate lines as lines of their own', () => {
    expect(parsePlatformVersion('17.0', 'odoo')).toEqual({ platform: 'odoo', parts: [17, 0], line: '17.0', raw: '17.0' });
    expect(parsePlatformVersion('saas~17.2', 'odoo')).toEqual({ platform: 'odoo', parts: [17, 2], line: 'saas~17.2', raw: 'saas~17.2' });
    expect(parsePlatformVersion('saas~17.2')).toMatchObject({ platform: 'odoo', line: 'saas~17.2' });
    expect(parsePlatformVersion('17.0+e')).toMatchObject({ platform: 'odoo', line: '17.0' });
  });

  it.each([['9'], ['9.2.1.2.3'], ['v9.2'], ['9.2-beta'], [''], [42], [null]])('rejects %p', (v) => {
    expect(fieldOf(() => parsePlatformVersion(v))).toBe('platformVersion');
  });

  it('rejects a version of the wrong platform and an unknown platform', () => {
    expect(fieldOf(() => parsePlatformVersion('saas~17.2', 'dynamics365'))).toBe('platformVersion');
    expect(fieldOf(() => parsePlatformVersion('9.2.24012.196', 'odoo'))).toBe('platformVersion');
    expect(fieldOf(() => parsePlatformVersion('9.2', 'sap' as never))).toBe('platform');
  });
});

describe('compareLines', () => {
  it('orders lines numerically, SaaS lines between majors', () => {
    expect(compareLines('9.10', '9.2')).toBe(1);
    expect(compareLines('9.1', '9.2')).toBe(-1);
    expect(compareLines('17.0', '17.0')).toBe(0);
    expect(compareLines('saas~17.2', '17.0')).toBe(1);
    expect(compareLines('saas~17.2', '18.0')).toBe(-1);
    expect(compareLines('saas~17.4', 'saas~17.2')).toBe(1);
  });

  it('rejects a non-line', () => {
    expect(fieldOf(() => compareLines('9.2.1', '9.2'))).toBe('a');
    expect(fieldOf(() => compareLines('9.2', 'latest'))).toBe('b');
  });
});

describe('add-on versions', () => {
  it('compares numerically with missing parts as 0', () => {
    expect(compareAddonVersions('1.10.0.0', '1.9.0.0')).toBe(1);
    expect(compareAddonVersions('1.9.0.0', '1.10.0.0')).toBe(-1);
    expect(compareAddonVersions('1.4', '1.4.0.0')).toBe(0);
    expect(compareAddonVersions('1.4.0.1', '1.4.1')).toBe(-1);
    expect(compareAddonVersions('2.0', '1.99.99.99')).toBe(1);
  });

  it('parseAddonVersion pads to four parts', () => {
    expect(parseAddonVersion('2.0')).toEqual({ parts: [2, 0, 0, 0], raw: '2.0' });
    expect(parseAddonVersion('1.4.3.12').parts).toEqual([1, 4, 3, 12]);
  });

  it.each([['1'], ['1.2.3.4.5'], ['1.x'], [' 1.2'], ['1.2.3-beta'], [''], [12]])('rejects %p', (v) => {
    expect(fieldOf(() => parseAddonVersion(v, 'installedVersion'))).toBe('installedVersion');
    expect(fieldOf(() => compareAddonVersions('1.0', v as string))).toBe('b');
  });
});
