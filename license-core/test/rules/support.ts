/** Shared by the rule tests: the field an InvalidInputError names, and a first invoice with its first renewal. */
import { InvalidInputError, type Invoice } from '../../src';

/** Runs `fn`, expects an InvalidInputError, and returns the field it names. */
export function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as InvalidInputError).field;
  }
  throw new Error('expected an InvalidInputError');
}

/** SPEC §2 example: ordered 2026-03-15, first period to 2027-12-31 (324,000); renewal 2028 (180,000). */
export const inv1: Invoice = {
  id: 'inv-1',
  kind: 'first',
  issuedOn: '2026-03-15',
  periodStart: '2026-03-15',
  periodEnd: '2027-12-31',
  total: { amount: 324_000, currency: 'EUR' },
};
export const inv2: Invoice = {
  id: 'inv-2',
  kind: 'renewal',
  issuedOn: '2028-01-01',
  periodStart: '2028-01-01',
  periodEnd: '2028-12-31',
  total: { amount: 180_000, currency: 'EUR' },
};
