/**
 * The console's Customers area (issue #15 item 4): the form checks that run before anything is sent, the search, the
 * roles' actions as the server allows them, and the bounded per-row contract calls (decisions C31, C34, C35, C36).
 */
import {
  amountText,
  boundedQueue,
  checkCancellation,
  checkPayment,
  checkReason,
  formField,
  matchesSearch,
  mayHere,
  nameConfirms,
  planWords,
  statusWords,
} from '../console/src/areas/customers-logic';

const today = '2026-11-29';

describe('the payment form', () => {
  test('an amount typed with grouping and decimals becomes minor units; paid today sends no paidAt', () => {
    expect(checkPayment({ amount: '1,234.50', reference: ' BANK-1 ', paidOn: today }, 'EUR', today)).toEqual({ ok: true, value: { amount: 123_450, reference: 'BANK-1' } });
    expect(checkPayment({ amount: '8000', reference: 'R', paidOn: '2026-11-02' }, 'EUR', today)).toEqual({ ok: true, value: { amount: 800_000, reference: 'R', paidAt: '2026-11-02T12:00:00.000Z' } });
    expect(checkPayment({ amount: '1500', reference: 'R', paidOn: today }, 'JPY', today)).toEqual({ ok: true, value: { amount: 1500, reference: 'R' } });
  });

  test('a bad amount, a missing reference and a future or missing date are refused at their field', () => {
    const bad = (form: { amount: string; reference: string; paidOn: string }) => {
      const r = checkPayment(form, 'EUR', today);
      return r.ok ? 'accepted' : `${r.field}: ${r.message}`;
    };
    expect(bad({ amount: '12,34.5x', reference: 'R', paidOn: today })).toMatch(/^amount: “12,34.5x” is not an amount in EUR/);
    expect(bad({ amount: '1.234', reference: 'R', paidOn: today })).toMatch(/^amount: /);
    expect(bad({ amount: '-5', reference: 'R', paidOn: today })).toMatch(/^amount: /);
    expect(bad({ amount: '0.00', reference: 'R', paidOn: today })).toBe('amount: The amount must be more than zero.');
    expect(bad({ amount: '', reference: 'R', paidOn: today })).toMatch(/^amount: Type the amount/);
    expect(bad({ amount: '10', reference: '   ', paidOn: today })).toMatch(/^reference: /);
    expect(bad({ amount: '10', reference: 'x'.repeat(201), paidOn: today })).toMatch(/^reference: /);
    expect(bad({ amount: '10', reference: 'R', paidOn: '2026-11-30' })).toBe('paidOn: The date paid cannot lie in the future.');
    expect(bad({ amount: '10', reference: 'R', paidOn: '2026-02-30' })).toMatch(/^paidOn: /);
    expect(bad({ amount: '10', reference: 'R', paidOn: '' })).toMatch(/^paidOn: /);
  });

  test('the open balance is prefilled as the form writes amounts', () => {
    expect(amountText(800_000, 'EUR')).toBe('8000.00');
    expect(amountText(123_405, 'EUR')).toBe('1234.05');
    expect(amountText(1500, 'JPY')).toBe('1500');
    expect(checkPayment({ amount: amountText(123_405, 'EUR'), reference: 'R', paidOn: today }, 'EUR', today)).toEqual({ ok: true, value: { amount: 123_405, reference: 'R' } });
  });
});

test('cancellation: the date received is required and not in the future; a fixed date is optional', () => {
  expect(checkCancellation({ receivedOn: today, cancellationDate: '' }, today)).toEqual({ ok: true, value: { receivedOn: today } });
  expect(checkCancellation({ receivedOn: today, cancellationDate: '2027-03-31' }, today)).toEqual({ ok: true, value: { receivedOn: today, cancellationDate: '2027-03-31' } });
  expect(checkCancellation({ receivedOn: '', cancellationDate: '' }, today)).toMatchObject({ ok: false, field: 'receivedOn' });
  expect(checkCancellation({ receivedOn: '2026-12-01', cancellationDate: '' }, today)).toMatchObject({ ok: false, field: 'receivedOn' });
  expect(checkCancellation({ receivedOn: today, cancellationDate: '31.03.2027' }, today)).toMatchObject({ ok: false, field: 'cancellationDate' });
});

test('termination: a reason, and the name typed exactly', () => {
  expect(checkReason('  ', 2000)).toMatchObject({ ok: false, field: 'reason' });
  expect(checkReason('x'.repeat(201), 200)).toMatchObject({ ok: false, field: 'reason' });
  expect(checkReason(' misuse ', 2000)).toEqual({ ok: true, value: 'misuse' });
  expect(nameConfirms('Litware Inc.', 'Litware Inc.')).toBe(true);
  expect(nameConfirms(' Litware Inc. ', 'Litware Inc.')).toBe(true);
  expect(nameConfirms('litware inc.', 'Litware Inc.')).toBe(false);
  expect(nameConfirms('Litware', 'Litware Inc.')).toBe(false);
  expect(nameConfirms('', '')).toBe(false);
});

test("the actions follow the server's roles: payments admin and billing, termination admin only", () => {
  const roles = ['admin', 'billing', 'partner', 'publisher'] as const;
  const who = (rule: (r: (typeof roles)[number]) => boolean) => roles.filter(rule);
  expect(who(mayHere.recordPayment)).toEqual(['admin', 'billing']);
  expect(who(mayHere.terminate)).toEqual(['admin']);
  expect(who(mayHere.cancel)).toEqual(['admin', 'billing', 'partner']);
  expect(who(mayHere.reissueKey)).toEqual(['admin', 'billing', 'partner']);
  expect(who(mayHere.seeCustomers)).toEqual(['admin', 'billing', 'partner']);
});

test('search by name or id, any case, every word', () => {
  const fabrikam = { id: 'fabrikam', name: 'Fabrikam Logistics AG' };
  expect(matchesSearch(fabrikam, 'fabri')).toBe(true);
  expect(matchesSearch(fabrikam, 'LOGISTICS ag')).toBe(true);
  expect(matchesSearch({ id: 'cus_123', name: 'Relecloud' }, 'cus_1')).toBe(true);
  expect(matchesSearch(fabrikam, 'fabrikam bank')).toBe(false);
  expect(matchesSearch(fabrikam, '  ')).toBe(true);
});

test('words for status, plan and the form field a refusal names', () => {
  expect(statusWords('unpaid')).toBe('Unpaid');
  expect(statusWords('none')).toBe('No contract yet');
  expect(planWords(undefined)).toBe('Calendar year');
  expect(planWords('ssa-quarterly')).toBe('Auto SSA, quarterly');
  expect(formField('amount.amount')).toBe('amount');
  expect(formField('paidAt')).toBe('paidOn');
  expect(formField('reference')).toBe('reference');
});

test('the per-row contract calls: each item once, at most `limit` at a time over every batch added', async () => {
  let running = 0;
  let most = 0;
  const done: number[] = [];
  const add = boundedQueue<number>(3, async (n) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, n * 3));
    running -= 1;
    if (n === 4) throw new Error('a failing call does not stop the queue');
    done.push(n);
  });
  add([5, 1, 4, 2]);
  add([1, 2, 3, 0, 6, 5]);
  add([]);
  await new Promise((r) => setTimeout(r, 200));
  expect(done.sort()).toEqual([0, 1, 2, 3, 5, 6]);
  expect(most).toBe(3);
  expect(running).toBe(0);
});
