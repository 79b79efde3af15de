/** SPEC §7 (seed 004): maintenance agreements. */
import { maintenanceMinimumEnd, maintenanceMonthlyInvoice, maintenanceUpgrade, type Money } from '../../src';
import { fieldOf } from './support';

const sek = (amount: number): Money => ({ amount, currency: 'SEK' });

it('the monthly price is a base plus a rate per line of customer-specific code', () => {
  // SEK 2,500.00 base + 12,400 lines × 0.05 SEK (5 öre) = 250,000 + 62,000 = 312,000 öre.
  const q = maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(250_000), ratePerLine: sek(5), linesOfCode: 12_400 });
  expect(q.periodEnd).toBe('2027-02-28');
  expect(q.lines.map((l) => l.amount)).toEqual([250_000, 62_000]);
  expect(q.total).toEqual(sek(312_000));
});

it('the minimum term is 12 months', () => {
  expect(maintenanceMinimumEnd('2027-02-01')).toBe('2028-01-31');
});

describe('one upgrade per 12-month period, each with its one-off fee', () => {
  const base = { start: '2027-02-01', upgradeFee: sek(990_000) };
  it('the first upgrade of a period is included; the fee is always charged', () => {
    expect(maintenanceUpgrade({ ...base, previousUpgrades: [], requestedOn: '2027-09-15' })).toEqual({
      period: { start: '2027-02-01', end: '2028-01-31' },
      included: true,
      fee: sek(990_000),
    });
  });
  it('a second one in the same period is not included', () => {
    expect(maintenanceUpgrade({ ...base, previousUpgrades: ['2027-09-15'], requestedOn: '2028-01-31' }).included).toBe(false);
  });
  it('the next period starts on the anniversary', () => {
    expect(maintenanceUpgrade({ ...base, previousUpgrades: ['2027-09-15'], requestedOn: '2028-02-01' })).toMatchObject({
      period: { start: '2028-02-01', end: '2029-01-31' },
      included: true,
    });
  });
});

it('bad input names the field', () => {
  expect(fieldOf(() => maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(1), ratePerLine: { amount: 5, currency: 'EUR' }, linesOfCode: 1 }))).toBe('ratePerLine.currency');
  expect(fieldOf(() => maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(1), ratePerLine: sek(5), linesOfCode: -1 }))).toBe('linesOfCode');
  expect(fieldOf(() => maintenanceUpgrade({ start: '2027-02-01', upgradeFee: sek(1), previousUpgrades: [], requestedOn: '2027-01-01' }))).toBe('requestedOn');
});
