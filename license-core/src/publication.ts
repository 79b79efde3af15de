/**
 * May the vendor publish this release? (SPEC §4, and issue #3 "publishedAt may only lie in the past").
 *
 * - A release's publication instant may not lie in the future: back-dating imports history, forward-dating
 *   would let a release appear inside a period it was not published in.
 * - A hot-fix must be of kind `patch` or `security` (SPEC §7, issue #5).
 * - Publishing to a line whose legacy window has closed (published after successor release + 2 years) is
 *   refused, unless the release is a custom build restricted to named tenants (`customFor`).
 */
import { calendarDateOf, instantMillis, parseInstant } from './calendar-date';
import { InvalidInputError } from './errors';
import { legacyWindow, parsePlatformLines } from './legacy-window';
import { parsePlatform } from './platform-version';
import type { CalendarDate, Instant, Platform, PlatformLine } from './types';

export type PublicationCheck =
  | { allowed: true }
  | { allowed: false; reason: 'published_in_future'; field: 'publishedAt' }
  | { allowed: false; reason: 'hotfix_kind'; field: 'hotfix' }
  | { allowed: false; reason: 'legacy_window_closed'; field: 'lines'; line: string; patchesUntil: CalendarDate };

export interface CheckPublicationInput {
  platform: Platform;
  /** The lines the release targets. */
  releaseLines: string[];
  publishedAt: Instant;
  customFor?: string[];
  /** The release kind and hot-fix mark: a hot-fix is a `patch` or `security` release (SPEC §7). */
  kind?: string;
  hotfix?: boolean;
  /** Every line of every platform the vendor knows. */
  lines: PlatformLine[];
  asOf: Instant;
  /** The vendor's time zone (SPEC §1); default 'UTC'. */
  timeZone?: string;
}

export function checkPublication(input: CheckPublicationInput): PublicationCheck {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const platform = parsePlatform(input.platform, 'platform');
  const publishedAt = parseInstant(input.publishedAt, 'publishedAt');
  const asOf = parseInstant(input.asOf, 'asOf');
  const lines = parsePlatformLines(input.lines, 'lines');
  if (!Array.isArray(input.releaseLines) || input.releaseLines.length === 0) {
    throw new InvalidInputError('releaseLines', 'releaseLines: expected at least one platform line');
  }
  if (instantMillis(publishedAt) > instantMillis(asOf)) return { allowed: false, reason: 'published_in_future', field: 'publishedAt' };
  if (input.hotfix === true && input.kind !== 'patch' && input.kind !== 'security') return { allowed: false, reason: 'hotfix_kind', field: 'hotfix' };

  const isCustom = (input.customFor ?? []).length > 0;
  const publishedOn = calendarDateOf(publishedAt, input.timeZone ?? 'UTC');
  for (const line of input.releaseLines) {
    // A line the vendor has not registered has no known successor, so no window can have closed.
    if (!lines.some((l) => l.platform === platform && l.line === line)) continue;
    const window = legacyWindow(lines, line, platform);
    if (window.patchesUntil !== undefined && publishedOn > window.patchesUntil && !isCustom) {
      return { allowed: false, reason: 'legacy_window_closed', field: 'lines', line, patchesUntil: window.patchesUntil };
    }
  }
  return { allowed: true };
}
