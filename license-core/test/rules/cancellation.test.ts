/** SPEC §2, §5, §7: what a cancellation notice means, by plan (cancellation.ts's cancellationRequest). */
import { cancellationRequest, invoicedUntil } from '../../src';

const inv = (kind: string, periodStart: string, periodEnd: string) => ({ kind, periodStart, periodEnd });

it('invoicedUntil: the latest coverage invoice of this agreement (decision D37)', () => {
  const invoices = [inv('first', '2026-01-31', '2026-04-29'), inv('renewal', '2026-04-30', '2026-07-30'), inv('upgrade-fee', '2026-09-01', '2026-09-01'), inv('renewal', '2025-01-01', '2099-01-01')];
  expect(invoicedUntil({ contractStart: '2026-01-31', invoices })).toBe('2026-07-30');
  expect(invoicedUntil({ contractStart: '2026-01-31', invoices: [] })).toBeUndefined();
});

describe('cancellationRequest', () => {
  const base = { terminated: false, invoices: [] };
  it('calendar-year: on time by 30 September ends on 31 December; later, a year later (SPEC §2)', () => {
    expect(cancellationRequest({ ...base, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2028-09-30' })).toEqual({
      kind: 'cancels',
      onTime: true,
      deadline: '2028-09-30',
      effectiveEnd: '2028-12-31',
      fixedDate: false,
    });
    expect(cancellationRequest({ ...base, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2028-10-01' })).toMatchObject({ onTime: false, effectiveEnd: '2029-12-31' });
  });
  it('calendar-year: no fixed date, and no notice before the start', () => {
    expect(cancellationRequest({ ...base, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2026-06-01', cancellationDate: '2026-12-31' })).toMatchObject({
      kind: 'refused',
      code: 'invalid_input',
      field: 'cancellationDate',
    });
    expect(cancellationRequest({ ...base, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2026-03-14' })).toEqual({
      kind: 'refused',
      code: 'invalid_input',
      field: 'receivedOn',
      message: 'receivedOn: before the contract start 2026-03-15',
    });
  });
  it('term plans: by term notice, or a fixed date not before what is invoiced (SPEC §5, D37)', () => {
    expect(cancellationRequest({ ...base, plan: 'ssa-annual', contractStart: '2026-01-31', receivedOn: '2026-06-01' })).toMatchObject({ kind: 'cancels', effectiveEnd: '2027-01-30', onTime: true, fixedDate: false });
    const invoices = [inv('first', '2026-01-31', '2026-04-29'), inv('renewal', '2026-04-30', '2026-07-30')];
    expect(cancellationRequest({ ...base, invoices, plan: 'ssa-flex', contractStart: '2026-01-31', receivedOn: '2026-05-01', cancellationDate: '2026-07-30' })).toMatchObject({ kind: 'cancels', effectiveEnd: '2026-07-30', fixedDate: true });
    expect(cancellationRequest({ ...base, invoices, plan: 'ssa-flex', contractStart: '2026-01-31', receivedOn: '2026-05-01', cancellationDate: '2026-06-30' })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'cancellationDate' });
  });
  it('refuses without a contract, after a termination, and a second time', () => {
    expect(cancellationRequest({ ...base, plan: 'calendar-year', receivedOn: '2026-06-01' })).toMatchObject({ kind: 'refused', code: 'no_contract' });
    expect(cancellationRequest({ ...base, terminated: true, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2026-06-01' })).toMatchObject({ code: 'customer_terminated' });
    expect(cancellationRequest({ ...base, cancelled: { receivedOn: '2026-06-01', effectiveEnd: '2027-12-31' }, plan: 'calendar-year', contractStart: '2026-03-15', receivedOn: '2026-07-01' })).toEqual({
      kind: 'refused',
      code: 'already_cancelled',
      message: 'cancelled already (received 2026-06-01, ends 2027-12-31)',
    });
  });
});
