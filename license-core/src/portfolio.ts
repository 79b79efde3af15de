/**
 * The vendor's portfolio as of a day (issue #15 item 2, the console's overview; decisions L43, L44): ARR per currency,
 * renewals coming up, open and overdue invoices, lapsed and cancelled contracts, cancellation deadlines coming up.
 *
 * Pure: each customer's contract facts, licences, invoices and payments come in as the server stores them, with the
 * `asOf` instant; the contract's state is contractStanding's (SPEC §2), the prices are the plans' own (invoice.ts,
 * auto-ssa.ts, maintenance-agreement.ts). Money is integer minor units and every sum is kept per currency (SPEC §1).
 */
import { addDays, calendarDateOf, instantMillis, parseCalendarDate, parseInstant } from './calendar-date';
import { contractStanding } from './contract-status';
import { balancesUntil, paymentsByInvoice } from './coverage-pass';
import { parseInvoice, parsePayment } from './coverage';
import { InvalidInputError } from './errors';
import { assuranceFee, parseRate, sumListPrices } from './invoice';
import { divideRounded, requireWithinMoneyCeiling } from './money';
import { isTermPlan, parsePlan, planTerms, type ContractPlan } from './plan';
import { termContaining } from './term-plan';
import type { CalendarDate, ContractState, Instant, Invoice, Money, Payment } from './types';
import type { CancellationState, InvoiceKind } from './vocabulary';

/** Renewals within this many days are "coming up" (issue #15: "renewals in the next 90 days"). */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;
/** Cancellation deadlines within this many days are "coming up" (decision L44). */
export const DEFAULT_DEADLINE_WINDOW_DAYS = 60;
/** The longest window the overview looks ahead (a year and a bit: a calendar-year deadline is at most a year away). */
export const MAX_WINDOW_DAYS = 400;

/** One customer as the overview reads it (the server's stored records, without its ids of orders). */
export interface PortfolioCustomer {
  id: string;
  name: string;
  /** Unset while the customer has ordered nothing: no contract, nothing to count but its invoices (none). */
  contractStart?: CalendarDate;
  plan?: ContractPlan;
  /** A maintenance agreement's monthly base (SPEC §7). */
  maintenance?: { base: Money };
  cancellation?: { receivedOn: CalendarDate; effectiveEnd: CalendarDate };
  terminatedAt?: Instant;
  previousAgreements?: { start: CalendarDate; end: CalendarDate }[];
  licences: { listPrice: Money; orderedOn: CalendarDate }[];
  invoices: (Invoice & { dueOn: CalendarDate })[];
  payments: Payment[];
}

export interface PortfolioInput {
  customers: PortfolioCustomer[];
  asOf: Instant;
  /** Vendor time zone for "today" (default 'UTC'). */
  timeZone?: string;
  paymentTermDays?: number;
  /** The assurance rate (default 1800 bp, SPEC §2). */
  rateBp?: number;
  renewalWithinDays?: number;
  deadlineWithinDays?: number;
}

export interface CustomerRef {
  customerId: string;
  customerName: string;
}

export interface ArrItem extends CustomerRef {
  plan: ContractPlan;
  status: ContractState;
  amount: Money;
}
export interface RenewalItem extends CustomerRef {
  plan: ContractPlan;
  status: ContractState;
  /** The first day of the renewed term (the renewal invoice's period start). */
  renewsOn: CalendarDate;
  /** What the renewed term is expected to bring: its recurring amount at today's licences and prices (L43). */
  expected: Money;
}
export interface InvoiceItem extends CustomerRef {
  invoiceId: string;
  kind: InvoiceKind;
  issuedOn: CalendarDate;
  dueOn: CalendarDate;
  total: Money;
  outstanding: Money;
  /** Days past the due date (0 on the due date and before it). */
  daysOverdue: number;
}
export interface LapsedItem extends CustomerRef {
  plan: ContractPlan;
  paidThrough?: CalendarDate;
  openInvoices: number;
}
export interface CancelledItem extends CustomerRef {
  plan: ContractPlan;
  receivedOn: CalendarDate;
  effectiveEnd: CalendarDate;
  /** `running` until its effective end (inclusive), then `ended`. */
  state: CancellationState;
}
export interface DeadlineItem extends CustomerRef {
  plan: ContractPlan;
  status: ContractState;
  /** The last day notice may arrive to end the contract at the end of its running term. */
  deadline: CalendarDate;
  daysLeft: number;
}

export interface MoneyList<T> {
  count: number;
  /** Per currency, sorted by currency code: never summed across currencies (SPEC §1). */
  totals: (Money & { count: number })[];
  items: T[];
}
export interface PlainList<T> {
  count: number;
  items: T[];
}

export interface Portfolio {
  asOf: CalendarDate;
  renewalWithinDays: number;
  deadlineWithinDays: number;
  arr: MoneyList<ArrItem>;
  renewals: MoneyList<RenewalItem>;
  openInvoices: MoneyList<InvoiceItem>;
  overdueInvoices: MoneyList<InvoiceItem>;
  lapsed: PlainList<LapsedItem>;
  cancelled: PlainList<CancelledItem>;
  cancellationDeadlines: PlainList<DeadlineItem>;
}

function windowDays(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_WINDOW_DAYS) {
    throw new InvalidInputError(field, `${field}: expected a whole number of days 0..${MAX_WINDOW_DAYS}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Per-currency totals in BigInt (exact), then within the money ceiling (decision U33). */
function totalsOf(items: { money: Money }[], field: string): (Money & { count: number })[] {
  const sums = new Map<string, { sum: bigint; count: number }>();
  for (const { money } of items) {
    const t = sums.get(money.currency) ?? { sum: 0n, count: 0 };
    t.sum += BigInt(money.amount);
    t.count += 1;
    sums.set(money.currency, t);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, t]) => ({ amount: requireWithinMoneyCeiling(t.sum, field, `the ${currency} total`), currency, count: t.count }));
}

function moneyList<T>(items: T[], money: (item: T) => Money, field: string): MoneyList<T> {
  return { count: items.length, totals: totalsOf(items.map((i) => ({ money: money(i) })), field), items };
}

/**
 * The recurring amount of a contract per billing interval and the number of intervals in a year (decision L43):
 * - calendar-year (SPEC §2): the annual assurance fee of the licences held, one interval a year;
 * - Auto SSA (SPEC §5): the interval invoice at the plan's adjusted price (annual −2 %, quarterly −1 %, monthly list,
 *   flex +3 %), rounded once per interval as it is invoiced, 12 / billing months intervals a year;
 * - maintenance (SPEC §7): the monthly base, twelve a year (the lines of customer-specific code are counted per
 *   billing run, so they are not known ahead and not counted).
 * Undefined when there is nothing recurring to count (no licence held yet, or no maintenance base stored).
 */
function recurring(c: PortfolioCustomer, plan: ContractPlan, today: CalendarDate, rateBp: number, field: string): { perInterval: Money; intervalMonths: number } | undefined {
  if (plan === 'maintenance') {
    if (c.maintenance === undefined) return undefined;
    return { perInterval: c.maintenance.base, intervalMonths: 1 };
  }
  const held = c.licences.filter((l) => l.orderedOn <= today);
  if (held.length === 0) return undefined;
  if (plan === 'calendar-year') {
    try {
      return { perInterval: assuranceFee(held, rateBp), intervalMonths: 12 };
    } catch (error) {
      throw prefixed(error, field);
    }
  }
  const terms = planTerms(plan);
  let sum: bigint;
  let currency: string;
  try {
    ({ sum, currency } = sumListPrices(held));
  } catch (error) {
    throw prefixed(error, field);
  }
  // As auto-ssa.ts ssaIntervalInvoice: round(sum × rate × months × (10000 + adj) / (10000 × 12 × 10000)), once.
  const numerator = sum * BigInt(rateBp) * BigInt(terms.billingMonths) * BigInt(10_000 + terms.priceAdjustmentBp);
  const amount = divideRounded(numerator, 10_000n * 12n * 10_000n, `${field}.licences`);
  return { perInterval: { amount, currency }, intervalMonths: terms.billingMonths };
}

function prefixed(error: unknown, field: string): unknown {
  if (error instanceof InvalidInputError) return new InvalidInputError(`${field}.${error.field}`, `${field}.${error.message}`);
  return error;
}

function times(m: Money, n: number, field: string): Money {
  return { amount: requireWithinMoneyCeiling(BigInt(m.amount) * BigInt(n), field, 'the yearly amount'), currency: m.currency };
}

/** The overview of all `customers` as of `asOf` (issue #15 item 2; what counts where: decisions L43, L44). */
export function portfolio(input: PortfolioInput): Portfolio {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  if (!Array.isArray(input.customers)) throw new InvalidInputError('customers', 'customers: expected a list');
  const asOf = parseInstant(input.asOf, 'asOf');
  const asOfMs = instantMillis(asOf);
  const timeZone = input.timeZone ?? 'UTC';
  const today = calendarDateOf(asOf, timeZone);
  const rateBp = parseRate(input.rateBp);
  const renewalWithinDays = windowDays(input.renewalWithinDays, 'renewalWithinDays', DEFAULT_RENEWAL_WINDOW_DAYS);
  const deadlineWithinDays = windowDays(input.deadlineWithinDays, 'deadlineWithinDays', DEFAULT_DEADLINE_WINDOW_DAYS);
  const renewalUntil = addDays(today, renewalWithinDays);
  const deadlineUntil = addDays(today, deadlineWithinDays);

  const arr: ArrItem[] = [];
  const renewals: RenewalItem[] = [];
  const open: InvoiceItem[] = [];
  const lapsed: LapsedItem[] = [];
  const cancelled: CancelledItem[] = [];
  const deadlines: DeadlineItem[] = [];

  input.customers.forEach((c, i) => {
    const field = `customers[${i}]`;
    if (typeof c !== 'object' || c === null) throw new InvalidInputError(field, `${field}: expected an object`);
    const ref: CustomerRef = { customerId: c.id, customerName: c.name };

    // Open invoices: issued by today and not fully paid by asOf (payments after asOf are not known yet).
    const invoices = c.invoices.map((inv, k) => ({ ...parseInvoice(inv, `${field}.invoices[${k}]`), dueOn: parseCalendarDate(inv.dueOn, `${field}.invoices[${k}].dueOn`) }));
    const payments = c.payments.map((p, k) => parsePayment(p, `${field}.payments[${k}]`));
    const balances = balancesUntil(invoices, paymentsByInvoice(payments), asOfMs);
    invoices.forEach((inv, k) => {
      const balance = balances[k];
      if (inv.issuedOn > today || balance.fullyPaidAt !== undefined || balance.outstanding <= 0) return;
      const daysOverdue = today > inv.dueOn ? Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${inv.dueOn}T00:00:00Z`)) / 86_400_000) : 0;
      open.push({
        ...ref,
        invoiceId: inv.id,
        kind: inv.kind,
        issuedOn: inv.issuedOn,
        dueOn: inv.dueOn,
        total: inv.total,
        outstanding: { amount: balance.outstanding, currency: inv.total.currency },
        daysOverdue,
      });
    });

    if (c.contractStart === undefined) return;
    const plan = c.plan === undefined ? 'calendar-year' : parsePlan(c.plan, `${field}.plan`);
    const { status } = contractStanding({
      contractStart: c.contractStart,
      plan,
      invoices,
      payments,
      asOf,
      timeZone,
      ...(input.paymentTermDays !== undefined ? { paymentTermDays: input.paymentTermDays } : {}),
      ...(c.cancellation ? { cancellation: c.cancellation } : {}),
      ...(c.terminatedAt !== undefined ? { terminatedAt: c.terminatedAt } : {}),
      ...(c.previousAgreements ? { endedAgreements: c.previousAgreements } : {}),
    });
    const terminated = status.status === 'terminated';

    if (c.cancellation !== undefined && !terminated) {
      cancelled.push({ ...ref, plan, receivedOn: c.cancellation.receivedOn, effectiveEnd: c.cancellation.effectiveEnd, state: today > c.cancellation.effectiveEnd ? 'ended' : 'running' });
    }
    if (status.status === 'lapsed') lapsed.push({ ...ref, plan, ...(status.paidThrough !== undefined ? { paidThrough: status.paidThrough } : {}), openInvoices: status.openInvoices.length });
    if (terminated || status.status === 'cancelled') return;

    const amount = recurring(c, plan, today, rateBp, field);
    // L43: ARR counts running contracts (active, or unpaid within the payment term), a cancelled one until its end.
    const running = status.status === 'active' || status.status === 'unpaid';
    if (amount !== undefined && running) {
      arr.push({ ...ref, plan, status: status.status, amount: times(amount.perInterval, 12 / amount.intervalMonths, `${field}.licences`) });
    }

    // Renewal: the first day after the running term of a running contract, unless a cancellation ends the contract
    // with that term (L43). A lapsed contract is in the lapsed list, not expected to bring its renewal.
    const day = today < c.contractStart ? c.contractStart : today;
    const termEnd = isTermPlan(plan) ? termContaining({ plan, start: c.contractStart, date: day }).end : status.currentPeriod?.end;
    if (running && termEnd !== undefined && amount !== undefined && (c.cancellation === undefined || c.cancellation.effectiveEnd > termEnd)) {
      const renewsOn = addDays(termEnd, 1);
      if (renewsOn > today && renewsOn <= renewalUntil) {
        const renewalMonths = isTermPlan(plan) ? planTerms(plan).renewalMonths : 12;
        renewals.push({ ...ref, plan, status: status.status, renewsOn, expected: times(amount.perInterval, renewalMonths / amount.intervalMonths, `${field}.licences`) });
      }
    }

    if (status.cancellationDeadline !== undefined && status.cancellationDeadline >= today && status.cancellationDeadline <= deadlineUntil) {
      const daysLeft = Math.round((Date.parse(`${status.cancellationDeadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      deadlines.push({ ...ref, plan, status: status.status, deadline: status.cancellationDeadline, daysLeft });
    }
  });

  const byName = (a: CustomerRef, b: CustomerRef) => a.customerName.localeCompare(b.customerName, 'en') || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
  const byDate = <T extends CustomerRef>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : byName(a, b));
  open.sort(byDate((x) => x.dueOn));
  arr.sort(byName);
  renewals.sort(byDate((x) => x.renewsOn));
  lapsed.sort(byName);
  cancelled.sort(byDate((x) => x.effectiveEnd));
  deadlines.sort(byDate((x) => x.deadline));
  const overdue = open.filter((x) => x.daysOverdue > 0);
  return {
    asOf: today,
    renewalWithinDays,
    deadlineWithinDays,
    arr: moneyList(arr, (x) => x.amount, 'customers'),
    renewals: moneyList(renewals, (x) => x.expected, 'customers'),
    openInvoices: moneyList(open, (x) => x.outstanding, 'customers'),
    overdueInvoices: moneyList(overdue, (x) => x.outstanding, 'customers'),
    lapsed: { count: lapsed.length, items: lapsed },
    cancelled: { count: cancelled.length, items: cancelled },
    cancellationDeadlines: { count: deadlines.length, items: deadlines },
  };
}
