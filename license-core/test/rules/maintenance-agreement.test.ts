/** SPEC §7 (seed 004): maintenance agreements. */
import {
  maintenanceAgreementOn,
  maintenanceMinimumEnd,
  maintenanceMonthlyInvoice,
  maintenanceSupportDiscountBp,
  maintenanceUpgrade,
  maintenanceUpgradeRequest,
  upgradeFeeQuote,
  type Money,
} from '../../src';
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
  // The money ceiling (decision U33): the code line and the total, computed exactly, stay within 999,999,999,999,999.
  expect(fieldOf(() => maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(0), ratePerLine: sek(1_000_000), linesOfCode: 1_000_000_000 }))).toBe('linesOfCode');
  expect(fieldOf(() => maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(1_000_000), ratePerLine: sek(1_000_000), linesOfCode: 999_999_999 }))).toBe('linesOfCode');
  expect(maintenanceMonthlyInvoice({ periodStart: '2027-02-01', base: sek(0), ratePerLine: sek(1_000_000), linesOfCode: 999_999_999 }).total.amount).toBe(999_999_999_000_000);
  expect(fieldOf(() => maintenanceUpgrade({ start: '2027-02-01', upgradeFee: sek(1), previousUpgrades: [], requestedOn: '2027-01-01' }))).toBe('requestedOn');
});

describe('one "agreement in force" test for the support discount and the upgrade (issue #11)', () => {
  const terms = { base: sek(500_000), ratePerLine: sek(25), upgradeFee: sek(990_000), supportDiscountBp: 1500 };
  const agreement = { plan: 'maintenance' as const, maintenance: terms, contractStart: '2027-02-01' };
  it('none without a maintenance agreement; in force from the start through the last day', () => {
    expect(maintenanceAgreementOn({ plan: 'ssa-annual', contractStart: '2027-02-01' }, '2027-03-01')).toEqual({ kind: 'none' });
    expect(maintenanceAgreementOn({ plan: 'maintenance', contractStart: '2027-02-01' }, '2027-03-01')).toEqual({ kind: 'none' });
    expect(maintenanceAgreementOn(agreement, '2027-01-31')).toEqual({ kind: 'not-in-force' });
    expect(maintenanceAgreementOn(agreement, '2027-02-01')).toEqual({ kind: 'in-force', start: '2027-02-01', terms });
    expect(maintenanceAgreementOn({ ...agreement, effectiveEnd: '2028-01-31' }, '2028-02-01')).toEqual({ kind: 'not-in-force' });
  });
  it('a terminated agreement is not in force from the day of the termination', () => {
    const terminated = { ...agreement, terminatedOn: '2027-06-10' };
    expect(maintenanceAgreementOn(terminated, '2027-06-09').kind).toBe('in-force');
    expect(maintenanceAgreementOn(terminated, '2027-06-10').kind).toBe('not-in-force');
    expect(maintenanceSupportDiscountBp(terminated, '2027-06-09')).toBe(1500);
    expect(maintenanceSupportDiscountBp(terminated, '2027-06-10')).toBe(0);
  });
  it('a terminated agreement is not in force for an upgrade, whatever the day asked for', () => {
    const terminated = { ...agreement, terminatedOn: '2027-06-10', previousUpgrades: [] };
    expect(maintenanceUpgradeRequest(terminated, '2027-06-10')).toEqual({
      kind: 'refused',
      code: 'no_maintenance_agreement',
      field: 'requestedOn',
      message: 'requestedOn: the maintenance agreement is not in force on 2027-06-10',
    });
    expect(maintenanceUpgradeRequest(terminated, '2027-06-01')).toMatchObject({ kind: 'refused', code: 'no_maintenance_agreement' });
  });
  it('the included upgrade of its period, once; the next from the following period', () => {
    expect(maintenanceUpgradeRequest({ ...agreement, previousUpgrades: [] }, '2027-09-15')).toEqual({ kind: 'included', period: { start: '2027-02-01', end: '2028-01-31' }, fee: sek(990_000) });
    expect(maintenanceUpgradeRequest({ ...agreement, previousUpgrades: ['2027-09-15'] }, '2027-10-01')).toEqual({
      kind: 'refused',
      code: 'upgrade_not_included',
      field: 'requestedOn',
      message: 'the included upgrade of 2027-02-01..2028-01-31 was used; the next one is included from 2028-02-01',
    });
    expect(maintenanceUpgradeRequest({ plan: 'calendar-year', previousUpgrades: [] }, '2027-10-01')).toMatchObject({ code: 'no_maintenance_agreement' });
    expect(maintenanceUpgradeRequest({ plan: 'calendar-year', previousUpgrades: [] }, '2027-10-01')).not.toHaveProperty('field');
  });
  it('the upgrade fee is invoiced on the day the upgrade starts', () => {
    expect(upgradeFeeQuote({ requestedOn: '2027-09-15', fee: sek(990_000), toLine: '9.2' })).toEqual({
      periodStart: '2027-09-15',
      periodEnd: '2027-09-15',
      currency: 'SEK',
      lines: [{ from: '2027-09-15', to: '2027-09-15', amount: 990_000, description: 'One-off upgrade fee (to 9.2)' }],
      total: sek(990_000),
    });
  });
});
