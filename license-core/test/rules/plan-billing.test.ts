// SPEC §5 (Auto SSA) and §7 (maintenance) as billing: first invoices, co-terming, billing runs, re-conclusion,
// and the contract status of term plans. Amounts are worked out by hand in the comments.
import {
  addedLicencesInvoice,
  billingRunVerdict,
  coTermInvoice,
  contractStatus,
  coverage,
  firstPlanInvoice,
  maintenanceInForce,
  planInvoicesDue,
  planReconclusion,
  termCancellation,
  type Invoice,
} from '../../src';
import { fieldOf } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const sek = (amount: number) => ({ amount, currency: 'SEK' });
// List prices 10,000.00 EUR; 18 % → assurance fee 180,000 a year.
const base = { listPrice: eur(1_000_000), orderedOn: '2027-01-15' };

describe('firstPlanInvoice', () => {
  it('Auto SSA: the first billing interval from the order date, at the plan price', () => {
    // quarterly: 180,000 × 3/12 × 0.99 = 44,550
    const q = firstPlanInvoice({ plan: 'ssa-quarterly', orderDate: '2027-01-15', licences: [base] });
    expect([q.periodStart, q.periodEnd, q.total.amount]).toEqual(['2027-01-15', '2027-04-14', 44_550]);
  });

  it('calendar-year: the SPEC §2 first period', () => {
    const q = firstPlanInvoice({ plan: 'calendar-year', orderDate: '2027-01-15', licences: [base] });
    expect([q.periodStart, q.periodEnd]).toEqual(['2027-01-15', '2028-12-31']);
  });

  it('maintenance: the first month, base plus the reported lines; without lines the field is named', () => {
    const maintenance = { base: sek(500_000), ratePerLine: sek(25) };
    // 500,000 + 25 × 12,000 = 800,000 öre
    const q = firstPlanInvoice({ plan: 'maintenance', orderDate: '2027-01-31', licences: [], maintenance, linesOfCode: 12_000 });
    expect([q.periodStart, q.periodEnd, q.total]).toEqual(['2027-01-31', '2027-02-27', sek(800_000)]);
    expect(fieldOf(() => firstPlanInvoice({ plan: 'maintenance', orderDate: '2027-01-31', licences: [], maintenance }))).toBe('linesOfCode');
    expect(fieldOf(() => firstPlanInvoice({ plan: 'maintenance', orderDate: '2027-01-31', licences: [], linesOfCode: 1 }))).toBe('maintenance');
    expect(fieldOf(() => firstPlanInvoice({ plan: 'gold' as never, orderDate: '2027-01-31', licences: [] }))).toBe('plan');
  });
});

describe('addedLicencesInvoice (co-terming)', () => {
  it('Auto SSA monthly: pro rata by days to the end of the invoiced interval', () => {
    // interval 2027-03-15..2027-04-14; order 2027-03-20 → 26 days; 180,000 × 26/365 = 12,821.9 → 12,822
    const q = addedLicencesInvoice({ plan: 'ssa-monthly', contractStart: '2027-01-15', orderDate: '2027-03-20', licences: [base] })!;
    expect([q.periodStart, q.periodEnd, q.total.amount]).toEqual(['2027-03-20', '2027-04-14', 12_822]);
  });

  it('Auto SSA annual: to the term end, at −2 %, one line per calendar year', () => {
    // 176,400 a year; 2027-10-01..12-31 = 92 days → 44,462.47 → 44,462; 2028-01-01..01-14 = 14/366 → 6,747.54 → 6,748
    const q = addedLicencesInvoice({ plan: 'ssa-annual', contractStart: '2027-01-15', orderDate: '2027-10-01', licences: [base] })!;
    expect(q.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2027-10-01', '2027-12-31', 44_462],
      ['2028-01-01', '2028-01-14', 6_748],
    ]);
    expect(q.total.amount).toBe(51_210);
  });

  it('calendar-year: the SPEC §2 co-term invoice to the period end', () => {
    const q = addedLicencesInvoice({ plan: 'calendar-year', contractStart: '2027-01-15', orderDate: '2027-03-20', licences: [base] });
    expect(q).toEqual(coTermInvoice({ orderDate: '2027-03-20', periodEnd: '2028-12-31', licences: [base] }));
  });

  it('maintenance: nothing to invoice; an order before the start is named', () => {
    expect(addedLicencesInvoice({ plan: 'maintenance', contractStart: '2027-01-15', orderDate: '2027-03-20', licences: [base] })).toBeUndefined();
    expect(fieldOf(() => addedLicencesInvoice({ plan: 'ssa-flex', contractStart: '2027-01-15', orderDate: '2027-01-14', licences: [base] }))).toBe('orderDate');
  });
});

describe('planInvoicesDue (billing runs)', () => {
  const ssa = { plan: 'ssa-quarterly' as const, contractStart: '2027-01-15', licences: [base], invoicedPeriodStarts: [] as string[] };

  it('Auto SSA: every interval started by the run date, in advance, catching up', () => {
    const due = planInvoicesDue({ ...ssa, date: '2027-07-15' });
    expect(due.map((d) => [d.period.start, d.period.end, d.quote.total.amount])).toEqual([
      ['2027-04-15', '2027-07-14', 44_550],
      ['2027-07-15', '2027-10-14', 44_550],
    ]);
    expect(planInvoicesDue({ ...ssa, date: '2027-07-14', invoicedPeriodStarts: ['2027-04-15'] })).toEqual([]);
  });

  it('Auto SSA: a licence added within an interval joins the next interval invoice', () => {
    // 1,500,000 of list prices → 270,000 × 3/12 × 0.99 = 66,825
    const added = { listPrice: eur(500_000), orderedOn: '2027-05-01' };
    const due = planInvoicesDue({ ...ssa, licences: [base, added], invoicedPeriodStarts: ['2027-04-15'], date: '2027-07-15' });
    expect(due.map((d) => d.quote.total.amount)).toEqual([66_825]);
  });

  it('Auto SSA: a fixed cancellation date cuts the last interval, priced pro rata; nothing after it or a termination', () => {
    // 2027-07-15..2027-08-31 = 48 days; 178,200 × 48/365 = 23,434.52 → 23,435
    const due = planInvoicesDue({ ...ssa, invoicedPeriodStarts: ['2027-04-15'], date: '2027-12-01', effectiveEnd: '2027-08-31' });
    expect(due.map((d) => [d.period.start, d.period.end, d.quote.total.amount])).toEqual([['2027-07-15', '2027-08-31', 23_435]]);
    expect(planInvoicesDue({ ...ssa, invoicedPeriodStarts: ['2027-04-15'], date: '2027-12-01', terminatedOn: '2027-07-15' })).toEqual([]);
  });

  it('maintenance: monthly from a 31 January start keeps month ends; needs the reported lines', () => {
    const m = { plan: 'maintenance' as const, contractStart: '2027-01-31', licences: [], invoicedPeriodStarts: [], maintenance: { base: sek(500_000), ratePerLine: sek(25) } };
    const due = planInvoicesDue({ ...m, date: '2027-03-31', linesOfCode: 10_000 });
    // 500,000 + 250,000 = 750,000 each
    expect(due.map((d) => [d.quote.periodStart, d.quote.periodEnd, d.quote.total.amount])).toEqual([
      ['2027-02-28', '2027-03-30', 750_000],
      ['2027-03-31', '2027-04-29', 750_000],
    ]);
    expect(due[0].quote.lines.map((l) => l.description)).toEqual(['Maintenance and support agreement (base)', 'Customer-specific code: 10000 lines']);
    expect(fieldOf(() => planInvoicesDue({ ...m, date: '2027-03-31' }))).toBe('linesOfCode');
    // nothing due: no lines needed
    expect(planInvoicesDue({ ...m, date: '2027-02-27' })).toEqual([]);
  });

  it('billingRunVerdict: a maintenance month without counted lines skips the customer; bad data names its field', () => {
    const m = { plan: 'maintenance' as const, contractStart: '2027-01-31', licences: [], invoicedPeriodStarts: [], maintenance: { base: sek(500_000), ratePerLine: sek(25) } };
    const billed = billingRunVerdict({ ...m, date: '2027-03-31', linesOfCode: 10_000 });
    expect(billed).toEqual({ billed: true, due: planInvoicesDue({ ...m, date: '2027-03-31', linesOfCode: 10_000 }) });
    expect(billingRunVerdict({ ...m, date: '2027-03-31' })).toMatchObject({ billed: false, code: 'lines_of_code_missing', field: 'linesOfCode' });
    expect(billingRunVerdict({ ...m, contractStart: '2027-02-30', date: '2027-03-31', linesOfCode: 1 })).toMatchObject({ billed: false, code: 'invalid_data', field: 'contractStart' });
  });

  it('billingRunVerdict: a month whose invoice would pass the money ceiling skips the customer as money_limit_exceeded (U33)', () => {
    // 1,000,000 öre a line × 10^9 lines = 10^15, one past the ceiling; still a safe integer.
    const m = { plan: 'maintenance' as const, contractStart: '2027-01-31', licences: [], invoicedPeriodStarts: [], maintenance: { base: sek(0), ratePerLine: sek(1_000_000) } };
    expect(billingRunVerdict({ ...m, date: '2027-02-28', linesOfCode: 1_000_000_000 })).toMatchObject({ billed: false, code: 'money_limit_exceeded', field: 'linesOfCode' });
    expect(billingRunVerdict({ ...m, date: '2027-02-28', linesOfCode: 999_999_999 })).toMatchObject({ billed: true });
  });

  it('Auto SSA monthly from 31 January: the invoices follow the intervals without gaps', () => {
    const due = planInvoicesDue({ plan: 'ssa-monthly', contractStart: '2027-01-31', licences: [{ ...base, orderedOn: '2027-01-31' }], invoicedPeriodStarts: [], date: '2027-04-30' });
    expect(due.map((d) => [d.quote.periodStart, d.quote.periodEnd])).toEqual([
      ['2027-02-28', '2027-03-30'],
      ['2027-03-31', '2027-04-29'],
      ['2027-04-30', '2027-05-30'],
    ]);
    // each a whole month at list price: 180,000 / 12 = 15,000
    expect(due.map((d) => d.quote.total.amount)).toEqual([15_000, 15_000, 15_000]);
  });

  it('calendar-year runs are SPEC §2 renewals', () => {
    const due = planInvoicesDue({ plan: 'calendar-year', contractStart: '2027-01-15', licences: [base], invoicedPeriodStarts: [], date: '2029-01-01' });
    expect(due.map((d) => [d.period.start, d.quote.total.amount])).toEqual([['2029-01-01', 180_000]]);
  });
});

describe('planReconclusion (SPEC §5 re-concluding after expiry)', () => {
  const annual = { plan: 'ssa-annual' as const, expiredOn: '2027-12-31', licences: [base] };

  it('day 30 after expiry: the gap is back-filled once at the plan price', () => {
    // gap 2028-01-01..01-29 = 29 days; 176,400 × 29/366 = 13,977.05 → 13,977
    const r = planReconclusion({ ...annual, concludedOn: '2028-01-30' });
    expect([r.daysSinceExpiry, r.multiplier, r.backFill!.periodStart, r.backFill!.periodEnd, r.backFill!.total.amount]).toEqual([30, 1, '2028-01-01', '2028-01-29', 13_977]);
    expect([r.first.periodStart, r.first.periodEnd, r.first.total.amount]).toEqual(['2028-01-30', '2029-01-29', 176_400]);
  });

  it('day 31: the gap is charged twice', () => {
    // 30 days × 2: 176,400 × 2 × 30/366 = 28,918.03 → 28,918
    const r = planReconclusion({ ...annual, concludedOn: '2028-01-31' });
    expect([r.daysSinceExpiry, r.multiplier, r.backFill!.total.amount]).toEqual([31, 2, 28_918]);
  });

  it('calendar-year and maintenance start afresh without back-fill (decision D24)', () => {
    const r = planReconclusion({ ...annual, plan: 'calendar-year', concludedOn: '2028-03-01' });
    expect([r.daysSinceExpiry, r.multiplier, r.backFill, r.first.periodEnd]).toEqual([61, 0, undefined, '2029-12-31']);
    expect(fieldOf(() => planReconclusion({ ...annual, concludedOn: '2027-12-31' }))).toBe('concludedOn');
  });
});

describe('contractStatus of a term plan', () => {
  const first: Invoice = { id: 'q1', kind: 'first', issuedOn: '2027-01-15', periodStart: '2027-01-15', periodEnd: '2027-04-14', total: eur(44_550), plan: 'ssa-quarterly' };
  const paid = [{ invoiceId: 'q1', amount: eur(44_550), paidAt: '2027-01-20T10:00:00Z', reference: 'b-1' }];
  const status = (asOf: string, extra: object = {}) =>
    contractStatus({ plan: 'ssa-quarterly', contractStart: '2027-01-15', invoices: [first], payments: paid, asOf, ...extra });

  it('the current period is the term; the next invoice is the next interval; notice 3 months before the term end', () => {
    const s = status('2027-03-01T12:00:00Z');
    expect(s.status).toBe('active');
    expect(s.currentPeriod).toEqual({ start: '2027-01-15', end: '2028-01-14' });
    expect(s.nextInvoiceOn).toBe('2027-04-15');
    expect(s.cancellationDeadline).toBe('2027-10-14');
    // after the deadline: the renewed term's deadline
    expect(status('2027-10-15T12:00:00Z').cancellationDeadline).toBe('2028-10-14');
    // the second interval not invoiced yet: lapsed
    expect(status('2027-04-20T12:00:00Z').status).toBe('lapsed');
  });

  it('no next invoice once the cancellation ends the contract within the invoiced interval', () => {
    const s = status('2027-11-01T12:00:00Z', { cancellation: { receivedOn: '2027-10-01', effectiveEnd: '2028-01-14' } });
    expect(s.nextInvoiceOn).toBeUndefined();
    expect(s.cancellationDeadline).toBeUndefined();
  });

  it('coverage carries the plan of the paying invoice; an upgrade fee pays for no coverage', () => {
    const fee: Invoice = { id: 'u1', kind: 'upgrade-fee', issuedOn: '2027-02-01', periodStart: '2027-02-01', periodEnd: '2027-02-01', total: sek(990_000) };
    const feePaid = { invoiceId: 'u1', amount: sek(990_000), paidAt: '2027-02-02T10:00:00Z', reference: 'b-2' };
    const c = coverage({ invoices: [first, fee], payments: [...paid, feePaid], asOf: '2027-03-01T00:00:00Z' });
    expect(c.map((i) => [i.invoiceId, i.plan])).toEqual([['q1', 'ssa-quarterly']]);
    expect(fieldOf(() => coverage({ invoices: [{ ...first, plan: 'gold' as never }], payments: [], asOf: '2027-03-01T00:00:00Z' }))).toBe('invoices[0].plan');
  });
});

describe('coverage after a re-conclusion', () => {
  it('an invoice of the ended agreement counts only up to its end, a back-fill covers the gap', () => {
    // Annual SSA invoiced 2027-01-15..2028-01-14, ended by a fixed date 2027-09-30; re-concluded 2027-10-20.
    const year: Invoice = { id: 'y1', kind: 'first', issuedOn: '2027-01-15', periodStart: '2027-01-15', periodEnd: '2028-01-14', total: eur(176_400), plan: 'ssa-annual' };
    const gap: Invoice = { id: 'b1', kind: 'back-fill', issuedOn: '2027-10-20', periodStart: '2027-10-01', periodEnd: '2027-10-19', total: eur(9_183), plan: 'ssa-annual' };
    const payments = [
      { invoiceId: 'y1', amount: eur(176_400), paidAt: '2027-01-20T10:00:00Z', reference: 'p1' },
      { invoiceId: 'b1', amount: eur(9_183), paidAt: '2027-10-21T10:00:00Z', reference: 'p2' },
    ];
    const endedAgreements = [{ start: '2027-01-15', end: '2027-09-30' }];
    const c = coverage({ invoices: [year, gap], payments, asOf: '2027-11-01T00:00:00Z', endedAgreements });
    expect(c.map((i) => [i.invoiceId, i.from, i.to])).toEqual([
      ['y1', '2027-01-15', '2027-09-30'],
      ['b1', '2027-10-01', '2027-10-19'],
    ]);
    expect(fieldOf(() => coverage({ invoices: [], payments: [], asOf: '2027-11-01T00:00:00Z', endedAgreements: [{ start: '2027-01-15', end: 'soon' }] }))).toBe('endedAgreements[0].end');
  });
});

describe('termCancellation of a maintenance agreement (SPEC §7, decision D25)', () => {
  it('one month of notice to the end of a monthly period, never before the 12-month minimum', () => {
    // minimum term 2027-01-15..2028-01-14; notice on 2027-05-02 ends it with the minimum term
    expect(termCancellation({ plan: 'maintenance', start: '2027-01-15', receivedOn: '2027-05-02' }).effectiveEnd).toBe('2028-01-14');
    // after the minimum: month by month; notice on 2028-03-14 is too late for the term ending that day
    // (deadline 2028-02-14) and ends it with the next one, 2028-04-14, whose deadline it meets
    expect(termCancellation({ plan: 'maintenance', start: '2027-01-15', receivedOn: '2028-03-14' })).toEqual({ deadline: '2028-03-14', effectiveEnd: '2028-04-14', onTime: false });
    expect(termCancellation({ plan: 'maintenance', start: '2027-01-15', receivedOn: '2028-03-15' }).effectiveEnd).toBe('2028-05-14');
  });

  it('a fixed date is not before what is invoiced already (decision D37)', () => {
    // annual SSA: the second year 2028-01-15..2029-01-14 is invoiced; a notice in June for 2028-12-31 is refused
    const input = { plan: 'ssa-annual' as const, start: '2027-01-15', receivedOn: '2028-06-01', invoicedUntil: '2029-01-14' };
    expect(fieldOf(() => termCancellation({ ...input, cancellationDate: '2028-12-31' }))).toBe('cancellationDate');
    expect(termCancellation({ ...input, cancellationDate: '2029-01-14' }).effectiveEnd).toBe('2029-01-14');
    // before that interval was invoiced, the same date is honoured (the interval is then invoiced pro rata)
    expect(termCancellation({ ...input, receivedOn: '2027-12-01', invoicedUntil: '2028-01-14', cancellationDate: '2028-12-31' }).effectiveEnd).toBe('2028-12-31');
  });

  it('a fixed date must end a monthly period', () => {
    expect(fieldOf(() => termCancellation({ plan: 'maintenance', start: '2027-01-15', receivedOn: '2027-05-02', cancellationDate: '2028-02-01' }))).toBe('cancellationDate');
    expect(termCancellation({ plan: 'maintenance', start: '2027-01-15', receivedOn: '2027-05-02', cancellationDate: '2028-02-14' }).effectiveEnd).toBe('2028-02-14');
  });
});

describe('maintenanceInForce (SPEC §7 "a valid agreement")', () => {
  it('from the start through the effective end; never from a termination day on', () => {
    expect(maintenanceInForce({ start: '2027-01-15', on: '2027-01-14' })).toBe(false);
    expect(maintenanceInForce({ start: '2027-01-15', on: '2027-01-15' })).toBe(true);
    expect(maintenanceInForce({ start: '2027-01-15', on: '2028-01-14', effectiveEnd: '2028-01-14' })).toBe(true);
    expect(maintenanceInForce({ start: '2027-01-15', on: '2028-01-15', effectiveEnd: '2028-01-14' })).toBe(false);
    expect(maintenanceInForce({ start: '2027-01-15', on: '2027-06-01', terminatedOn: '2027-06-01' })).toBe(false);
    expect(fieldOf(() => maintenanceInForce({ start: '2027-01-15', on: '2027-13-01' }))).toBe('on');
  });
});
