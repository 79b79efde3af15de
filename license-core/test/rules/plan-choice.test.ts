/** SPEC §2, §5, §7: the plan a customer is on, its terms, and the plan lock (plan-choice.ts). */
import { effectivePlan, planChange, planChoice, planLocked, type MaintenanceTerms } from '../../src';

const sek = (amount: number) => ({ amount, currency: 'SEK' });
const terms: MaintenanceTerms = { base: sek(500_000), ratePerLine: sek(25), upgradeFee: sek(990_000), supportDiscountBp: 1500 };

it('the calendar-year plan is the default (SPEC §2)', () => {
  expect(effectivePlan(undefined)).toBe('calendar-year');
  expect(effectivePlan('ssa-flex')).toBe('ssa-flex');
});

it('a maintenance agreement needs its prices (SPEC §7); other plans keep no maintenance terms', () => {
  expect(planChoice({ plan: 'maintenance' })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'maintenance' });
  expect(planChoice({ plan: 'maintenance', maintenance: terms })).toEqual({ kind: 'chosen', plan: 'maintenance', maintenance: terms });
  expect(planChoice({ plan: 'ssa-annual', maintenance: terms })).toEqual({ kind: 'chosen', plan: 'ssa-annual' });
});

it('the plan is locked once a contract started (SPEC §5)', () => {
  expect(planLocked(undefined)).toBe(false);
  expect(planLocked('2026-03-15')).toBe(true);
  expect(planChange({ plan: 'ssa-quarterly' })).toEqual({ kind: 'chosen', plan: 'ssa-quarterly' });
  expect(planChange({ contractStart: '2026-03-15', plan: 'ssa-quarterly' })).toEqual({
    kind: 'refused',
    code: 'plan_locked',
    field: 'plan',
    message: 'plan: the contract started on 2026-03-15; a plan changes when a new contract is concluded after this one ended',
  });
  // Missing prices are the request's fault, named before the lock.
  expect(planChange({ contractStart: '2026-03-15', plan: 'maintenance' })).toMatchObject({ code: 'invalid_input' });
});
