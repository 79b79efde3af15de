// Issue #15 item 2, decisions L43/L44: the overview of a vendor's contracts (ARR, renewals, open and overdue
// invoices, lapsed, cancelled, cancellation deadlines). Values computed by hand from SPEC §2, §5, §7 and the seeds.
import { InvalidInputError, portfolio, type PortfolioCustomer } from '../../src';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const licence = (amount: number, orderedOn: string, currency = 'EUR') => ({ listPrice: { amount, currency }, orderedOn });

// SPEC §2's example: licences 10,000.00 EUR ordered 2026-03-15, fee 1,800.00, first invoice 3,240.00 to 2027-12-31.
const contoso: PortfolioCustomer = {
  id: 'c-contoso',
  name: 'Contoso',
  contractStart: '2026-03-15',
  licences: [licence(1_000_000, '2026-03-15')],
  invoices: [{ id: 'inv-1', kind: 'first', issuedOn: '2026-03-15', dueOn: '2026-04-14', periodStart: '2026-03-15', periodEnd: '2027-12-31', total: eur(324_000) }],
  payments: [{ invoiceId: 'inv-1', amount: eur(324_000), paidAt: '2026-04-01T10:00:00Z', reference: 'p1' }],
};

const at = (date: string) => `${date}T12:00:00Z`;

describe('portfolio: ARR (L43)', () => {
  it('a calendar-year contract counts its annual fee (18 % of the list prices)', () => {
    const p = portfolio({ customers: [contoso], asOf: at('2026-05-01') });
    expect(p.arr.totals).toEqual([{ amount: 180_000, currency: 'EUR', count: 1 }]);
    expect(p.arr.items).toEqual([{ customerId: 'c-contoso', customerName: 'Contoso', plan: 'calendar-year', status: 'active', amount: eur(180_000) }]);
  });

  it('a quarterly Auto SSA is annualised from its invoiced quarter (−1 %): 44,550 × 4', () => {
    const quarterly: PortfolioCustomer = {
      id: 'c-q',
      name: 'Quarterly',
      contractStart: '2026-01-01',
      plan: 'ssa-quarterly',
      licences: [licence(1_000_000, '2026-01-01')],
      invoices: [{ id: 'q1', kind: 'first', issuedOn: '2026-01-01', dueOn: '2026-01-31', periodStart: '2026-01-01', periodEnd: '2026-03-31', total: eur(44_550), plan: 'ssa-quarterly' }],
      payments: [{ invoiceId: 'q1', amount: eur(44_550), paidAt: '2026-01-05T10:00:00Z', reference: 'q1' }],
    };
    expect(portfolio({ customers: [quarterly], asOf: at('2026-02-01') }).arr.totals).toEqual([{ amount: 178_200, currency: 'EUR', count: 1 }]);
    // Monthly at list price: 15,000 × 12; full flex at +3 %: 15,450 × 12.
    const monthly = { ...quarterly, plan: 'ssa-monthly' as const, invoices: [{ ...quarterly.invoices[0], periodEnd: '2026-01-31', total: eur(15_000) }], payments: [{ ...quarterly.payments[0], amount: eur(15_000) }] };
    expect(portfolio({ customers: [monthly], asOf: at('2026-01-20') }).arr.items[0].amount).toEqual(eur(180_000));
    const flex = { ...monthly, plan: 'ssa-flex' as const, invoices: [{ ...monthly.invoices[0], total: eur(15_450) }], payments: [{ ...monthly.payments[0], amount: eur(15_450) }] };
    expect(portfolio({ customers: [flex], asOf: at('2026-01-20') }).arr.items[0].amount).toEqual(eur(185_400));
  });

  it('a maintenance agreement counts twelve monthly bases, in its own currency, never summed with EUR', () => {
    const odoo: PortfolioCustomer = {
      id: 'c-m',
      name: 'Maintained AB',
      contractStart: '2026-03-20',
      plan: 'maintenance',
      maintenance: { base: { amount: 450_000, currency: 'SEK' } },
      licences: [],
      invoices: [{ id: 'm1', kind: 'first', issuedOn: '2026-03-20', dueOn: '2026-04-19', periodStart: '2026-03-20', periodEnd: '2026-04-19', total: { amount: 470_000, currency: 'SEK' }, plan: 'maintenance' }],
      payments: [{ invoiceId: 'm1', amount: { amount: 470_000, currency: 'SEK' }, paidAt: '2026-03-21T10:00:00Z', reference: 'm1' }],
    };
    const p = portfolio({ customers: [contoso, odoo], asOf: at('2026-04-01') });
    expect(p.arr.totals).toEqual([
      { amount: 180_000, currency: 'EUR', count: 1 },
      { amount: 5_400_000, currency: 'SEK', count: 1 },
    ]);
  });

  it('a terminated customer is left out of ARR, renewals and deadlines, but its open invoice is still owed', () => {
    const terminated: PortfolioCustomer = {
      ...contoso,
      id: 'c-t',
      name: 'Terminated',
      terminatedAt: '2027-06-01T09:00:00Z',
      invoices: [...contoso.invoices, { id: 'inv-x', kind: 'upgrade-fee', issuedOn: '2027-05-01', dueOn: '2027-05-31', periodStart: '2027-05-01', periodEnd: '2027-05-01', total: eur(99_000) }],
    };
    const p = portfolio({ customers: [contoso, terminated], asOf: at('2027-08-15') });
    expect(p.arr.items.map((i) => i.customerId)).toEqual(['c-contoso']);
    expect(p.cancellationDeadlines.items.map((i) => i.customerId)).toEqual(['c-contoso']);
    expect(p.overdueInvoices.items.map((i) => i.invoiceId)).toEqual(['inv-x']);
    expect(p.lapsed.count).toBe(0);
  });

  it('a lapsed contract is not in ARR nor the renewals and is listed as lapsed with its open invoices', () => {
    const unpaid: PortfolioCustomer = { ...contoso, payments: [] };
    const p = portfolio({ customers: [unpaid], asOf: at('2026-05-01') });
    expect(p.arr.count).toBe(0);
    expect(p.lapsed.items).toEqual([{ customerId: 'c-contoso', customerName: 'Contoso', plan: 'calendar-year', openInvoices: 1 }]);
    // Nor among the renewals: 1 Jan 2028 is within 90 days of 15 Oct 2027, but a lapsed contract is not expected to renew.
    const later = portfolio({ customers: [unpaid], asOf: at('2027-10-15') });
    expect(later.lapsed.count).toBe(1);
    expect(later.renewals.count).toBe(0);
  });
});

describe('portfolio: customers without a running contract', () => {
  it('a customer that has ordered nothing is counted nowhere; one whose order starts later is not counted yet', () => {
    const prospect: PortfolioCustomer = { id: 'c-p', name: 'Prospect', licences: [], invoices: [], payments: [] };
    // An order dated ahead (1 June): its first invoice is issued that day, so it is not open yet, nor the contract lapsed.
    const later: PortfolioCustomer = {
      ...contoso,
      id: 'c-l',
      name: 'Later',
      contractStart: '2026-06-01',
      licences: [licence(1_000_000, '2026-06-01')],
      invoices: [{ ...contoso.invoices[0], id: 'inv-l', issuedOn: '2026-06-01', dueOn: '2026-07-01', periodStart: '2026-06-01' }],
      payments: [],
    };
    const p = portfolio({ customers: [prospect, later], asOf: at('2026-05-01') });
    expect([p.arr.count, p.renewals.count, p.openInvoices.count, p.lapsed.count, p.cancelled.count]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('portfolio: renewals and deadlines', () => {
  it('the calendar-year renewal on 1 January is within 90 days from 3 October (90 days), not from 2 October', () => {
    const on = portfolio({ customers: [contoso], asOf: at('2027-10-03') });
    expect(on.renewals.items).toEqual([{ customerId: 'c-contoso', customerName: 'Contoso', plan: 'calendar-year', status: 'active', renewsOn: '2028-01-01', expected: eur(180_000) }]);
    expect(on.renewals.totals).toEqual([{ amount: 180_000, currency: 'EUR', count: 1 }]);
    expect(portfolio({ customers: [contoso], asOf: at('2027-10-02') }).renewals.count).toBe(0);
  });

  it('a cancelled contract does not renew; it is listed as running until its effective end, then as ended', () => {
    const cancelling: PortfolioCustomer = { ...contoso, cancellation: { receivedOn: '2027-09-01', effectiveEnd: '2027-12-31' } };
    const running = portfolio({ customers: [cancelling], asOf: at('2027-11-01') });
    expect(running.renewals.count).toBe(0);
    expect(running.arr.count).toBe(1);
    expect(running.cancellationDeadlines.count).toBe(0);
    expect(running.cancelled.items).toEqual([{ customerId: 'c-contoso', customerName: 'Contoso', plan: 'calendar-year', receivedOn: '2027-09-01', effectiveEnd: '2027-12-31', state: 'running' }]);
    const ended = portfolio({ customers: [cancelling], asOf: at('2028-01-01') });
    expect(ended.cancelled.items[0].state).toBe('ended');
    expect(ended.arr.count).toBe(0);
  });

  it('cancellation deadlines within 60 days (default) or the days asked for', () => {
    // 30 Sep 2027 is the deadline for the period ending 31 Dec 2027 (SPEC §2); from 15 Aug it is 46 days away.
    const p = portfolio({ customers: [contoso], asOf: at('2027-08-15') });
    expect(p.cancellationDeadlines.items).toEqual([{ customerId: 'c-contoso', customerName: 'Contoso', plan: 'calendar-year', status: 'active', deadline: '2027-09-30', daysLeft: 46 }]);
    expect(portfolio({ customers: [contoso], asOf: at('2027-08-15'), deadlineWithinDays: 45 }).cancellationDeadlines.count).toBe(0);
    // On the deadline itself it is still coming up (notice that day is on time), with 0 days left.
    expect(portfolio({ customers: [contoso], asOf: at('2027-09-30') }).cancellationDeadlines.items[0].daysLeft).toBe(0);
  });

  it('leap year: an annual Auto SSA started on 29 Feb 2028 renews on 28 Feb 2029', () => {
    const leap: PortfolioCustomer = {
      id: 'c-leap',
      name: 'Leap',
      contractStart: '2028-02-29',
      plan: 'ssa-annual',
      licences: [licence(1_000_000, '2028-02-29')],
      invoices: [{ id: 'l1', kind: 'first', issuedOn: '2028-02-29', dueOn: '2028-03-30', periodStart: '2028-02-29', periodEnd: '2029-02-27', total: eur(176_400), plan: 'ssa-annual' }],
      payments: [{ invoiceId: 'l1', amount: eur(176_400), paidAt: '2028-03-01T10:00:00Z', reference: 'l1' }],
    };
    const p = portfolio({ customers: [leap], asOf: at('2028-12-15') });
    // 180,000 × 0.98 = 176,400 a year; renews the day after its term (29 Feb + 12 months − 1 day = 27 Feb 2029).
    expect(p.renewals.items).toEqual([{ customerId: 'c-leap', customerName: 'Leap', plan: 'ssa-annual', status: 'active', renewsOn: '2029-02-28', expected: eur(176_400) }]);
    expect(p.arr.totals).toEqual([{ amount: 176_400, currency: 'EUR', count: 1 }]);
  });
});

describe('portfolio: open and overdue invoices', () => {
  const open: PortfolioCustomer = { ...contoso, payments: [{ invoiceId: 'inv-1', amount: eur(100_000), paidAt: '2026-03-20T10:00:00Z', reference: 'part' }] };

  it('an invoice due today is open, not overdue; the next day it is overdue by 1 day', () => {
    const dueToday = portfolio({ customers: [open], asOf: at('2026-04-14') });
    expect(dueToday.openInvoices.totals).toEqual([{ amount: 224_000, currency: 'EUR', count: 1 }]);
    expect(dueToday.openInvoices.items[0]).toMatchObject({ invoiceId: 'inv-1', outstanding: eur(224_000), total: eur(324_000), daysOverdue: 0 });
    expect(dueToday.overdueInvoices).toEqual({ count: 0, totals: [], items: [] });
    const next = portfolio({ customers: [open], asOf: at('2026-04-15') });
    expect(next.overdueInvoices.count).toBe(1);
    expect(next.overdueInvoices.items[0].daysOverdue).toBe(1);
  });

  it('leap year: due 28 Feb 2028 is 2 days overdue on 1 March (29 Feb counts)', () => {
    const c: PortfolioCustomer = { ...contoso, invoices: [{ ...contoso.invoices[0], dueOn: '2028-02-28' }], payments: [] };
    expect(portfolio({ customers: [c], asOf: at('2028-03-01') }).overdueInvoices.items[0].daysOverdue).toBe(2);
  });

  it('payments after asOf are not known yet; an invoice issued after asOf is not open yet', () => {
    const paidLater: PortfolioCustomer = { ...contoso, payments: [{ ...contoso.payments[0], paidAt: '2026-04-20T10:00:00Z' }] };
    expect(portfolio({ customers: [paidLater], asOf: at('2026-04-10') }).openInvoices.count).toBe(1);
    expect(portfolio({ customers: [paidLater], asOf: at('2026-04-21') }).openInvoices.count).toBe(0);
    expect(portfolio({ customers: [paidLater], asOf: at('2026-03-14') }).openInvoices.count).toBe(0);
  });
});

describe('portfolio: bad input names the field', () => {
  it.each([
    [{ customers: 'x', asOf: at('2026-01-01') }, 'customers'],
    [{ customers: [], asOf: 'yesterday' }, 'asOf'],
    [{ customers: [], asOf: at('2026-01-01'), deadlineWithinDays: -1 }, 'deadlineWithinDays'],
    [{ customers: [], asOf: at('2026-01-01'), renewalWithinDays: 1.5 }, 'renewalWithinDays'],
    [{ customers: [{ ...contoso, invoices: [{ ...contoso.invoices[0], dueOn: '2026-02-30' }] }], asOf: at('2026-05-01') }, 'customers[0].invoices[0].dueOn'],
    [{ customers: [{ ...contoso, plan: 'weekly' }], asOf: at('2026-05-01') }, 'customers[0].plan'],
  ])('%#: %j names %s', (input, field) => {
    let error: unknown;
    try {
      portfolio(input as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
  });
});
