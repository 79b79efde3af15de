/** The payment term (payment-term.ts). */
import { invoiceDueOn } from '../../src';
import { fieldOf } from './support';

it('an invoice is due paymentTermDays after it is issued', () => {
  expect(invoiceDueOn('2026-12-15', 30)).toBe('2027-01-14');
  expect(invoiceDueOn('2026-12-15', 0)).toBe('2026-12-15');
  expect(fieldOf(() => invoiceDueOn('2026-12-15', -1))).toBe('paymentTermDays');
});
