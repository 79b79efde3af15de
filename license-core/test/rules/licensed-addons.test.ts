import { addonLineStatus, licensedAddons } from '../../src';

describe('licensedAddons (SPEC §2: each order adds to what is held)', () => {
  it('adds the quantities of one add-on, feature and edition across orders, add-ons in alphabetical order', () => {
    expect(
      licensedAddons([
        { addon: 'mailsync', quantity: 5 },
        { addon: 'docgen', quantity: 1, edition: 'pro' },
        { addon: 'mailsync', quantity: 3 },
        { addon: 'docgen', quantity: 2, edition: 'pro' },
        { addon: 'docgen', quantity: 1, feature: 'pdf', edition: 'pro' },
        { addon: 'docgen', quantity: 4 },
      ]),
    ).toEqual([
      { addon: 'docgen', quantity: 3, edition: 'pro' },
      { addon: 'docgen', quantity: 1, feature: 'pdf', edition: 'pro' },
      { addon: 'docgen', quantity: 4 },
      { addon: 'mailsync', quantity: 8 },
    ]);
  });

  it('does not change the licences it is given', () => {
    const held = [{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', quantity: 2 }];
    licensedAddons(held);
    expect(held).toEqual([{ addon: 'docgen', quantity: 1 }, { addon: 'docgen', quantity: 2 }]);
  });
});

describe('addonLineStatus (SPEC §4)', () => {
  const set = [{ platform: 'dynamics365' as const, line: '9.0', status: { status: 'discontinued' as const, reason: 'platform_end_of_life' as const } }];
  it('is what the vendor set for that platform and line', () => {
    expect(addonLineStatus(set, 'dynamics365', '9.0')).toEqual(set[0].status);
  });
  it('is supported on a line the vendor never set, and on the same line name of another platform', () => {
    expect(addonLineStatus(set, 'dynamics365', '9.2')).toEqual({ status: 'supported' });
    expect(addonLineStatus(set, 'odoo', '9.0')).toEqual({ status: 'supported' });
  });
});
