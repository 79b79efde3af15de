/**
 * The value types of the wire, as the server writes them in its answers (request bodies are validated by the
 * building blocks in routes/schemas.ts; these describe what comes back). Vocabularies come from license-core.
 */
import { CONTRACT_PLANS, CONTRACT_STATES, PLATFORMS, RELEASE_KINDS } from '@crm-assurance/license-core';
import { z } from 'zod';

/** A calendar date `YYYY-MM-DD` in the vendor's time zone (SPEC §1). */
export const calendarDate = z.iso.date().describe('calendar date YYYY-MM-DD (vendor time zone)');
/** An instant, ISO 8601 in UTC with a `Z` suffix (SPEC §1). */
export const instant = z.iso.datetime().describe('ISO 8601 instant, UTC');
export const platform = z.enum(PLATFORMS);
export const releaseKind = z.enum(RELEASE_KINDS);
export const contractPlan = z
  .enum(CONTRACT_PLANS)
  .describe('calendar-year (default, SPEC §2) | ssa-annual | ssa-quarterly | ssa-monthly | ssa-flex (Auto SSA, SPEC §5) | maintenance (SPEC §7)');
export const contractState = z.enum(CONTRACT_STATES);
/** A signed document (JWT, compact form). */
export const jwt = z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);

/** Money in integer minor units with its currency (SPEC §1). */
export const money = z.object({
  amount: z.number().int().describe('integer minor units (cents)'),
  currency: z.string().regex(/^[A-Z]{3}$/).describe('ISO 4217, e.g. EUR'),
});
export const period = z.object({ start: calendarDate, end: calendarDate });
/** An agreement that ended before a re-conclusion (SPEC §5). */
export const previousAgreement = z.object({ plan: contractPlan, start: calendarDate, end: calendarDate });
/** The prices of a maintenance agreement (SPEC §7), all in one currency. */
export const maintenanceTerms = z
  .object({ base: money, ratePerLine: money, upgradeFee: money, supportDiscountBp: z.number().int().describe('discount on the support hourly rate, basis points') })
  .describe('prices of a maintenance agreement, all in one currency');

export type Money = z.output<typeof money>;
export type Period = z.output<typeof period>;
