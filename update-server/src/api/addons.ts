/** Answers of the add-on routes: add-ons and their status per platform line (SPEC §4). */
import { DISCONTINUED_REASONS, LINE_STATUSES } from '@crm-assurance/license-core';
import { z } from 'zod';
import { calendarDate, instant, platform } from './values';

export const addon = z.object({ id: z.string(), name: z.string(), createdAt: instant });
export const addonList = z.object({ addons: z.array(addon) });
export const lineStatus = z.enum(LINE_STATUSES);
export const discontinuedReason = z.enum(DISCONTINUED_REASONS);
export const addonLineStatus = z.object({
  addon: z.string(),
  platform,
  line: z.string(),
  status: lineStatus,
  reason: discontinuedReason.optional().describe('discontinued only'),
});
export const supportMatrix = z.object({
  addon: z.string(),
  name: z.string(),
  lines: z.array(
    z.object({
      platform,
      line: z.string(),
      releasedOn: calendarDate,
      mainstreamEndsOn: calendarDate,
      status: lineStatus,
      reason: discontinuedReason.optional(),
      successor: z.string().optional(),
      successorReleasedOn: calendarDate.optional(),
      patchesUntil: calendarDate.optional().describe('last day of the legacy window'),
    }),
  ),
});

export type Addon = z.output<typeof addon>;
export type AddonList = z.output<typeof addonList>;
export type AddonLineStatus = z.output<typeof addonLineStatus>;
export type SupportMatrix = z.output<typeof supportMatrix>;
