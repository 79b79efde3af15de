/** SPEC §2, §5: what an order does to the contract (order.ts). */
import { orderCurrency, orderVerdict, type MaintenanceTerms, type Money } from '../../src';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const sek = (amount: number): Money => ({ amount, currency: 'SEK' });
const lic = (listPrice: Money) => ({ listPrice });
const terms: MaintenanceTerms = { base: sek(500_000), ratePerLine: sek(25), upgradeFee: sek(990_000), supportDiscountBp: 1500 };
const base = { terminated: false, held: [], ordered: [lic(eur(1_000_000))] };

describe('one agreement per customer, so one currency (SPEC §5)', () => {
  it('the held licences set the currency; the first ordered one before that', () => {
    expect(orderCurrency({ ordered: [lic(sek(1)), lic(sek(2))] })).toEqual({ kind: 'priced', currency: 'SEK' });
    expect(orderCurrency({ heldCurrency: 'EUR', ordered: [lic(eur(1))] })).toEqual({ kind: 'priced', currency: 'EUR' });
  });
  it('a licence in another currency is refused, naming it', () => {
    expect(orderCurrency({ heldCurrency: 'EUR', ordered: [lic(eur(1)), lic(sek(2))] })).toEqual({
      kind: 'refused',
      code: 'invalid_input',
      field: 'licences.1.listPrice.currency',
      message: "licences.1.listPrice.currency: the customer's licences are priced in EUR",
    });
  });
  it('held licences count only once a contract started', () => {
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', held: [lic(sek(1))] })).toMatchObject({ kind: 'starts-contract', currency: 'EUR' });
    expect(orderVerdict({ ...base, contractStart: '2026-01-01', orderedOn: '2026-03-15', held: [lic(sek(1))] })).toMatchObject({ kind: 'refused', field: 'licences.0.listPrice.currency' });
  });
});

describe('starts, re-concludes or co-terms', () => {
  it('the first order starts the contract, calendar-year unless another plan was chosen (SPEC §2)', () => {
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15' })).toEqual({ kind: 'starts-contract', currency: 'EUR', plan: 'calendar-year' });
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', currentPlan: 'ssa-annual' })).toMatchObject({ kind: 'starts-contract', plan: 'ssa-annual' });
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', currentPlan: 'ssa-annual', plan: 'ssa-flex' })).toMatchObject({ kind: 'starts-contract', plan: 'ssa-flex' });
  });
  it('a maintenance plan needs its prices (SPEC §7); they carry over', () => {
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', plan: 'maintenance' })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'maintenance' });
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', plan: 'maintenance', currentMaintenance: terms })).toMatchObject({ kind: 'starts-contract', plan: 'maintenance', maintenance: terms });
  });
  it('an order after the contract ended re-concludes (SPEC §5), on the day after its last day only', () => {
    const ended = { ...base, contractStart: '2026-03-15', effectiveEnd: '2027-12-31', currentPlan: 'ssa-annual' as const };
    expect(orderVerdict({ ...ended, orderedOn: '2028-01-01' })).toEqual({ kind: 'reconcludes', currency: 'EUR', plan: 'ssa-annual', previousStart: '2026-03-15', expiredOn: '2027-12-31' });
    expect(orderVerdict({ ...ended, orderedOn: '2027-12-31' })).toEqual({ kind: 'co-terms', currency: 'EUR', plan: 'ssa-annual', contractStart: '2026-03-15' });
  });
  it('an order during the contract co-terms; it cannot precede the start nor change the plan (the plan lock)', () => {
    const running = { ...base, contractStart: '2026-03-15' };
    expect(orderVerdict({ ...running, orderedOn: '2026-06-01', plan: 'calendar-year' })).toEqual({ kind: 'co-terms', currency: 'EUR', plan: 'calendar-year', contractStart: '2026-03-15' });
    expect(orderVerdict({ ...running, orderedOn: '2026-03-14' })).toEqual({ kind: 'refused', code: 'invalid_input', field: 'orderedOn', message: 'orderedOn: before the contract start 2026-03-15' });
    expect(orderVerdict({ ...running, orderedOn: '2026-06-01', plan: 'ssa-monthly' })).toMatchObject({ kind: 'refused', code: 'plan_locked', field: 'plan' });
  });
  it('after an extraordinary termination nothing more is ordered (SPEC §2)', () => {
    expect(orderVerdict({ ...base, contractStart: '2026-03-15', terminated: true, orderedOn: '2026-06-01' })).toMatchObject({ kind: 'refused', code: 'customer_terminated' });
  });
});

describe('the order names its currency (U35)', () => {
  it('another currency than the held licences is refused naming `currency`', () => {
    expect(orderCurrency({ heldCurrency: 'EUR', currency: 'SEK', ordered: [lic(sek(1))] })).toEqual({
      kind: 'refused',
      code: 'invalid_input',
      field: 'currency',
      message: "currency: the customer's licences are priced in EUR",
    });
    expect(orderVerdict({ ...base, contractStart: '2026-01-01', orderedOn: '2026-03-15', currency: 'SEK', held: [lic(eur(1))], ordered: [lic(sek(1))] })).toMatchObject({ kind: 'refused', field: 'currency' });
  });
  it('sets the currency before the first contract; the held licences and the order may agree', () => {
    expect(orderCurrency({ currency: 'SEK', ordered: [lic(sek(1))] })).toEqual({ kind: 'priced', currency: 'SEK' });
    expect(orderCurrency({ heldCurrency: 'EUR', currency: 'EUR', ordered: [lic(eur(1))] })).toEqual({ kind: 'priced', currency: 'EUR' });
    expect(orderVerdict({ ...base, orderedOn: '2026-03-15', currency: 'EUR', held: [lic(sek(1))] })).toMatchObject({ kind: 'starts-contract', currency: 'EUR' });
  });
});
