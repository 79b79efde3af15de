/**
 * May the vendor publish this release? (SPEC §4, and issue #3 "publishedAt may only lie in the past").
 *
 * - A release's publication instant may not lie in the future: back-dating imports history, forward-dating
 *   would let a release appear inside a period it was not published in.
 * - A hot-fix must be of kind `patch` or `security` (SPEC §7, issue #5).
 * - Publishing to a line whose legacy window has closed (published after successor release + 2 years) is
 *   refused, unless the release is a custom build restricted to named tenants (`customFor`).
 * - One version may be published more than once for a platform, once per CRM line (issue #9: a vendor builds the
 *   Dynamics solution once per line, SPEC §3.4 "targets the tenant's version line"), but the line sets of the builds
 *   of one version may not overlap: a tenant on a line must find exactly one build of each version (decision L31).
 */
import { calendarDateOf, instantMillis, parseInstant } from './calendar-date';
import { InvalidInputError } from './errors';
import { legacyWindow, parsePlatformLines } from './legacy-window';
import { isLine, parsePlatform } from './platform-version';
import type { CalendarDate, Instant, Platform, PlatformLine } from './types';

export type PublicationCheck =
  | { allowed: true }
  | { allowed: false; reason: 'published_in_future'; field: 'publishedAt' }
  | { allowed: false; reason: 'hotfix_kind'; field: 'hotfix' }
  | { allowed: false; reason: 'legacy_window_closed'; field: 'lines'; line: string; patchesUntil: CalendarDate }
  | { allowed: false; reason: 'release_exists'; field: 'lines'; line: string; releaseId: string };

/** A build already published of the same add-on, platform and version. */
export interface PublishedBuild {
  id: string;
  lines: string[];
}

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
  /**
   * The builds of the same add-on, platform and version published already (issue #9). A new build may only
   * target lines none of them targets. Absent = none.
   */
  publishedBuilds?: PublishedBuild[];
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
  const seen = new Set<string>();
  input.releaseLines.forEach((line, i) => {
    if (!isLine(line)) throw new InvalidInputError(`releaseLines[${i}]`, `releaseLines[${i}]: expected a version line such as 9.2, got ${JSON.stringify(line)}`);
    if (seen.has(line)) throw new InvalidInputError(`releaseLines[${i}]`, `releaseLines[${i}]: line ${line} is named twice`);
    seen.add(line);
  });
  const builds = input.publishedBuilds ?? [];
  if (!Array.isArray(builds)) throw new InvalidInputError('publishedBuilds', 'publishedBuilds: expected a list of { id, lines }');
  builds.forEach((b, i) => {
    if (typeof b !== 'object' || b === null || typeof b.id !== 'string' || !Array.isArray(b.lines)) {
      throw new InvalidInputError(`publishedBuilds[${i}]`, `publishedBuilds[${i}]: expected { id, lines }`);
    }
  });
  // Issue #9: one build per line and version. Checked first: it is about which release this is, not about when.
  for (const line of input.releaseLines) {
    const taken = builds.find((b) => b.lines.includes(line));
    if (taken) return { allowed: false, reason: 'release_exists', field: 'lines', line, releaseId: taken.id };
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
