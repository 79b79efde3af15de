/**
 * `GET /v1/fleet/installs?from&to&addon&platform&customer` (issue #15 item 3, decisions U90–U92): how the installs the add-ons
 * reported (`POST /v1/installs`) went, counted per day and outcome, for the console's "install outcomes over time".
 *
 * Days are UTC calendar days (the date of the report's `recordedAt`, U90); every day from `from` to `to` is in the
 * answer, a day without a report with zeros, so a chart needs no gap filling. At most 366 days (U91). Roles as
 * `GET /v1/fleet`; a partner key counts its own customers' installs only (U92).
 */
import { addDays, calendarDateOf, daysInclusive, INSTALL_OUTCOMES, type InstallOutcome } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, route, validate } from '../api-error';
import type { InstallOutcomeDays } from '../api/fleet';
import type { AppContext } from '../app-context';
import { partnerScope, requireRole } from '../auth/vendor-auth';
import { calendarDate, platform, slug } from './schemas';

/** The longest range one answer covers (U91): a year, leap day included. */
export const MAX_INSTALL_DAYS = 366;
/** Without `from`, the answer covers the 30 days up to `to`. */
const DEFAULT_DAYS = 30;

export const fleetInstallsQuery = z.strictObject({
  from: calendarDate.optional().describe(`first UTC day counted (default: ${DEFAULT_DAYS - 1} days before \`to\`)`),
  to: calendarDate.optional().describe('last UTC day counted (default: today in UTC)'),
  addon: slug.optional().describe('only installs of this add-on'),
  platform: platform.optional().describe('only installs in orgs on this CRM platform'),
  customer: z.string().min(1).max(100).optional().describe('only this customer’s installs'),
});

export async function installOutcomeDays(ctx: AppContext, query: z.output<typeof fleetInstallsQuery>, partnerId: string | undefined): Promise<InstallOutcomeDays> {
  const to = query.to ?? calendarDateOf(ctx.asOf(), 'UTC');
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw badRequest('invalid_input', `from: ${from} is after to (${to})`, 'from');
  const days = daysInclusive(from, to);
  if (days > MAX_INSTALL_DAYS) throw badRequest('invalid_input', `from: the range covers ${days} days, at most ${MAX_INSTALL_DAYS} are counted at once`, 'from');
  const counts = await ctx.store.installOutcomes({
    from: `${from}T00:00:00.000Z`,
    to: `${addDays(to, 1)}T00:00:00.000Z`,
    ...(partnerId !== undefined ? { partnerId } : {}),
    ...(query.customer !== undefined ? { customerId: query.customer } : {}),
    ...(query.addon !== undefined ? { addon: query.addon } : {}),
    ...(query.platform !== undefined ? { platform: query.platform } : {}),
  });
  const zero = (): Record<InstallOutcome, number> => Object.fromEntries(INSTALL_OUTCOMES.map((o) => [o, 0])) as Record<InstallOutcome, number>;
  const byDay = new Map<string, Record<InstallOutcome, number>>();
  for (let i = 0; i < days; i++) byDay.set(addDays(from, i), zero());
  const totals = zero();
  for (const c of counts) {
    const day = byDay.get(c.day);
    // A report whose outcome the vocabulary does not know cannot be stored (the route validates it); skip, never throw.
    if (day === undefined || !(c.outcome in day)) continue;
    day[c.outcome] += c.count;
    totals[c.outcome] += c.count;
  }
  return {
    from,
    to,
    timeZone: 'UTC',
    ...(query.addon !== undefined ? { addon: query.addon } : {}),
    ...(query.platform !== undefined ? { platform: query.platform } : {}),
    outcomes: [...INSTALL_OUTCOMES],
    totals,
    days: [...byDay].map(([date, n]) => ({ date, ...n })),
  };
}

export function fleetInstallRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get(
    '/v1/fleet/installs',
    requireRole('publisher', 'billing', 'partner'),
    route(async (req, res) => {
      const query = validate(fleetInstallsQuery, req.query);
      res.json(await installOutcomeDays(ctx, query, partnerScope(req)));
    }),
  );
  return router;
}
