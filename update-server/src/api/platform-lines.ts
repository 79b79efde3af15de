/** Answers of the platform-line routes (SPEC §4): a line and its legacy window. */
import { z } from 'zod';
import { calendarDate, platform } from './values';

export const platformLine = z.object({
  platform,
  line: z.string().describe('e.g. 9.2'),
  releasedOn: calendarDate,
  mainstreamEndsOn: calendarDate.optional().describe('default releasedOn + 5 years'),
});
/** `POST /v1/platforms/{platform}/lines`: the line with its legacy window. */
export const platformLineSaved = platformLine.extend({
  mainstreamEndsOn: calendarDate,
  successor: z.string().optional().describe('the next line, once registered'),
  patchesUntil: calendarDate.optional().describe('last day of the legacy window'),
});
export const platformLineList = z.object({ platform, lines: z.array(platformLine) });

export type PlatformLine = z.output<typeof platformLine>;
export type PlatformLineSaved = z.output<typeof platformLineSaved>;
export type PlatformLineList = z.output<typeof platformLineList>;
