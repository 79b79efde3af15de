/**
 * `GET /v1/overview` (issue #15 item 2, decisions U87–U89): the console's first page. Loads every customer the key may
 * see (a partner key: its own customers only) with its licences, invoices and payments, and hands them to
 * license-core's portfolio(), which decides every number (decisions L43, L44). Thin glue: nothing is computed here.
 */
import { addDays, instantMillis, MAX_WINDOW_DAYS, portfolio, startOfDayInstant, type Instant, type PortfolioCustomer } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { route, validate } from '../api-error';
import type { Overview } from '../api/overview';
import type { AppContext } from '../app-context';
import { partnerScope, requireRole } from '../auth/vendor-auth';
import { loadAccount, type CustomerAccount } from '../customer-account';
import type { VendorSettings } from '../store/store';
import { calendarDate } from './schemas';

const days = z
  .string()
  .regex(/^\d{1,3}$/, `expected a whole number of days 0..${MAX_WINDOW_DAYS}`)
  .transform(Number)
  .refine((n) => n <= MAX_WINDOW_DAYS, `expected a whole number of days 0..${MAX_WINDOW_DAYS}`);

/** An unknown parameter is refused (a misspelt `asOf` must not silently answer today's numbers). */
export const overviewQuery = z.strictObject({
  asOf: calendarDate.optional().describe('the overview as of the end of this date in the vendor’s time zone (default: now)'),
  within: days.optional().describe(`cancellation deadlines within this many days (default 60, at most ${MAX_WINDOW_DAYS})`),
});

/** Now, or the last millisecond of the `asOf` date in the vendor's zone (as the fleet report, decision U74; U87). */
function overviewInstant(ctx: AppContext, settings: VendorSettings, asOf: string | undefined): Instant {
  if (asOf === undefined) return ctx.asOf();
  return new Date(instantMillis(startOfDayInstant(addDays(asOf, 1), settings.timeZone)) - 1).toISOString();
}

/** A stored account as portfolio() reads it (U88). */
export function portfolioCustomer(account: CustomerAccount): PortfolioCustomer {
  const { customer } = account;
  return {
    id: customer.id,
    name: customer.name,
    ...(customer.contractStart !== undefined ? { contractStart: customer.contractStart } : {}),
    ...(customer.plan !== undefined ? { plan: customer.plan } : {}),
    ...(customer.maintenance ? { maintenance: { base: customer.maintenance.base } } : {}),
    ...(customer.cancellation ? { cancellation: { receivedOn: customer.cancellation.receivedOn, effectiveEnd: customer.cancellation.effectiveEnd } } : {}),
    ...(customer.terminatedAt !== undefined ? { terminatedAt: customer.terminatedAt } : {}),
    ...(customer.previousAgreements ? { previousAgreements: customer.previousAgreements.map((a) => ({ start: a.start, end: a.end })) } : {}),
    licences: account.licences.map((l) => ({ listPrice: l.listPrice, orderedOn: l.orderedOn })),
    invoices: account.invoices,
    payments: account.payments,
  };
}

export function overviewRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get(
    '/v1/overview',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const query = validate(overviewQuery, req.query);
      const settings = await ctx.settings();
      const asOf = overviewInstant(ctx, settings, query.asOf);
      const customers = await ctx.store.listCustomers(partnerScope(req));
      const accounts = await Promise.all(customers.map((c) => loadAccount(ctx.store, c)));
      const answer: Overview = portfolio({
        customers: accounts.map(portfolioCustomer),
        asOf,
        timeZone: settings.timeZone,
        paymentTermDays: settings.paymentTermDays,
        rateBp: settings.assuranceRateBp,
        ...(query.within !== undefined ? { deadlineWithinDays: query.within } : {}),
      });
      res.json(answer);
    }),
  );
  return router;
}
