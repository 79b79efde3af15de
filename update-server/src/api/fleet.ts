/**
 * Answer of the fleet report, `GET /v1/fleet` (issue #14 item 4): one row per activated org and add-on, with what the
 * org's last update check said and the judgement that check makes as of `asOf` (decisions U71–U74).
 */
import { INELIGIBLE_REASONS, INSTALL_OUTCOMES, ORG_ENVIRONMENTS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { calendarDate, instant, platform } from './values';

/** Versions, not release objects: one judged build per version (decision L31), and 10,000 rows stay small (U72). */
const versions = z.array(z.string());

export const fleetRow = z.object({
  customerId: z.string(),
  customerName: z.string(),
  orgId: z.string(),
  orgUrl: z.string(),
  environment: z.enum(ORG_ENVIRONMENTS),
  platform,
  platformVersion: z.string().describe('as the last update check reported it (else as the org was activated)'),
  line: z.string(),
  addon: z.string().optional().describe('absent for an org that has neither checked for updates nor reported an install'),
  installedVersion: z.string().optional().describe('the add-on version the last update check reported'),
  checkedAt: instant.optional().describe('the last update check, to the minute (decision U71)'),
  lastInstall: z
    .object({ outcome: z.enum(INSTALL_OUTCOMES), fromVersion: z.string(), toVersion: z.string(), recordedAt: instant, error: z.string().optional() })
    .optional(),
  offered: versions.optional().describe('the versions newer than the installed one the org is offered, newest first; absent without an update check'),
  withheld: z
    .array(
      z.object({
        reason: z.enum(INELIGIBLE_REASONS),
        message: z.string().describe("license-core's describeReason(reason): what the admin reads, of this group"),
        versions: versions.describe('newest first'),
      }),
    )
    .optional()
    .describe('the newer releases withheld, grouped by reason in the SPEC’s order; absent without an update check'),
});

export const fleetReport = z.object({
  asOf: instant.describe('the instant judged: now, or the end of the `asOf` date in the vendor’s time zone'),
  count: z.number().int(),
  rows: z.array(fleetRow).describe('by customer name, customer id, org id, add-on'),
});

export type FleetRow = z.output<typeof fleetRow>;
export type FleetReport = z.output<typeof fleetReport>;

/** How many reports of each install outcome (succeeded, failed, rolled_back). */
const outcomeCounts = z.object(Object.fromEntries(INSTALL_OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof INSTALL_OUTCOMES)[number], z.ZodNumber>);

/** `GET /v1/fleet/installs`: install reports per UTC day and outcome (decisions U90–U92). */
export const installOutcomeDays = z.object({
  from: calendarDate.describe('first day counted (UTC)'),
  to: calendarDate.describe('last day counted (UTC)'),
  timeZone: z.literal('UTC').describe('days are UTC calendar days: the date of each report’s recordedAt (decision U90)'),
  addon: z.string().optional(),
  platform: platform.optional(),
  outcomes: z.array(z.enum(INSTALL_OUTCOMES)).describe('the outcomes counted, in the order of each day’s fields'),
  totals: outcomeCounts.describe('over the whole range'),
  days: z.array(outcomeCounts.extend({ date: calendarDate.describe('UTC calendar date') })).describe('every day from `from` to `to`, oldest first; a day without a report has zeros'),
});

export type InstallOutcomeDays = z.output<typeof installOutcomeDays>;
