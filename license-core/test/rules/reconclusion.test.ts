/** SPEC §5: re-concluding once the contract ended (reconclusion.ts). */
import { contractEndedBefore, reconclusionVerdict } from '../../src';

it('a contract ended before a day when it was cancelled and its last day has passed', () => {
  expect(contractEndedBefore({ contractStart: '2026-03-15', effectiveEnd: '2027-12-31' }, '2028-01-01')).toBe(true);
  expect(contractEndedBefore({ contractStart: '2026-03-15', effectiveEnd: '2027-12-31' }, '2027-12-31')).toBe(false);
  expect(contractEndedBefore({ contractStart: '2026-03-15' }, '2099-01-01')).toBe(false);
  expect(contractEndedBefore({}, '2099-01-01')).toBe(false);
});

it('re-concludes after the end, naming the agreement it follows', () => {
  const ended = { contractStart: '2026-03-15', effectiveEnd: '2027-12-31', terminated: false, concludedOn: '2028-02-01' };
  expect(reconclusionVerdict(ended)).toEqual({ kind: 'reconcludes', plan: 'calendar-year', previousStart: '2026-03-15', expiredOn: '2027-12-31' });
  expect(reconclusionVerdict({ ...ended, currentPlan: 'ssa-annual' })).toMatchObject({ plan: 'ssa-annual' });
  expect(reconclusionVerdict({ ...ended, currentPlan: 'ssa-annual', plan: 'ssa-flex' })).toMatchObject({ plan: 'ssa-flex' });
});

it('a new maintenance agreement needs its prices (SPEC §7), asked for or kept from the customer', () => {
  const ended = { contractStart: '2026-03-15', effectiveEnd: '2027-12-31', terminated: false, concludedOn: '2028-02-01', plan: 'maintenance' as const };
  const sek = (amount: number) => ({ amount, currency: 'SEK' });
  const terms = { base: sek(500_000), ratePerLine: sek(25), upgradeFee: sek(990_000), supportDiscountBp: 1500 };
  expect(reconclusionVerdict(ended)).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'maintenance' });
  expect(reconclusionVerdict({ ...ended, currentMaintenance: terms })).toMatchObject({ kind: 'reconcludes', plan: 'maintenance', maintenance: terms });
});

it('refuses without a contract, after a termination, and while the contract runs', () => {
  expect(reconclusionVerdict({ terminated: false, concludedOn: '2028-02-01' })).toMatchObject({ kind: 'refused', code: 'no_contract' });
  expect(reconclusionVerdict({ contractStart: '2026-03-15', effectiveEnd: '2027-12-31', terminated: true, concludedOn: '2028-02-01' })).toMatchObject({ code: 'customer_terminated' });
  expect(reconclusionVerdict({ contractStart: '2026-03-15', terminated: false, concludedOn: '2028-02-01' })).toEqual({
    kind: 'refused',
    code: 'contract_running',
    field: 'concludedOn',
    message: 'the contract is running (not cancelled); nothing to re-conclude',
  });
  expect(reconclusionVerdict({ contractStart: '2026-03-15', effectiveEnd: '2027-12-31', terminated: false, concludedOn: '2027-12-31' })).toMatchObject({
    code: 'contract_running',
    message: 'concludedOn: the contract runs through 2027-12-31; a new agreement can start from the day after',
  });
});
