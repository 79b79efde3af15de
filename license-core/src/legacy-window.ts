/**
 * Legacy windows of CRM platform lines (SPEC §4): when the successor of line L is released on R, L gets patches
 * until R + 2 years (inclusive). Mainstream lifecycle defaults to 5 years from the line's release.
 *
 * Successor: the next higher line of the same platform. For a major line the Odoo Online intermediate lines
 * (`saas~17.2`) are skipped (on-premise customers cannot move to them), so 17.0's successor is 18.0; a SaaS
 * line's successor is simply the next line, SaaS or major.
 */
import { addYears, compareDates, parseCalendarDate } from './calendar-date';
import { InvalidInputError } from './errors';
import { compareLines, isLine, isSaasLine, parsePlatform } from './platform-version';
import type { CalendarDate, Platform, PlatformLine } from './types';

export interface LegacyWindow {
  line: PlatformLine;
  successor?: PlatformLine;
  /** Last day (inclusive) releases published after the successor's release may still reach this line. */
  patchesUntil?: CalendarDate;
  mainstreamEndsOn: CalendarDate;
}

/** Validates a list of platform lines. */
export function parsePlatformLines(value: unknown, field = 'lines'): PlatformLine[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, `${field}: expected a list of platform lines`);
  return value.map((item: unknown, i) => parsePlatformLine(item, `${field}[${i}].`));
}

/**
 * One platform line. `prefix` is put before each field name in errors (`lines[2].` in a list, nothing for a request
 * body). A line's mainstream support cannot end before the line was released (SPEC §4: the legacy window runs from
 * the release of the successor, inside the line's own life).
 */
export function parsePlatformLine(item: unknown, prefix = ''): PlatformLine {
  const whole = prefix.replace(/\.$/, '') || 'line';
  if (typeof item !== 'object' || item === null) throw new InvalidInputError(whole, `${whole}: expected { platform, line, releasedOn }`);
  const v = item as Record<string, unknown>;
  const platform = parsePlatform(v.platform, `${prefix}platform`);
  if (typeof v.line !== 'string' || !isLine(v.line)) {
    throw new InvalidInputError(`${prefix}line`, `${prefix}line: expected a version line such as 9.2 or saas~17.2, got ${JSON.stringify(v.line)}`);
  }
  const releasedOn = parseCalendarDate(v.releasedOn, `${prefix}releasedOn`);
  const line: PlatformLine = { platform, line: v.line, releasedOn };
  if (v.mainstreamEndsOn !== undefined) {
    const mainstreamEndsOn = parseCalendarDate(v.mainstreamEndsOn, `${prefix}mainstreamEndsOn`);
    if (compareDates(mainstreamEndsOn, releasedOn) < 0) {
      throw new InvalidInputError(`${prefix}mainstreamEndsOn`, `${prefix}mainstreamEndsOn: ${mainstreamEndsOn} is before the line's release on ${releasedOn}`);
    }
    line.mainstreamEndsOn = mainstreamEndsOn;
  }
  return line;
}

/** The legacy window of `line` (optionally of one platform, when both platforms know a line of that name). */
export function legacyWindow(lines: PlatformLine[], line: string, platform?: Platform): LegacyWindow {
  const all = parsePlatformLines(lines);
  if (typeof line !== 'string') throw new InvalidInputError('line', `line: expected a version line, got ${JSON.stringify(line)}`);
  const wanted = platform === undefined ? undefined : parsePlatform(platform);
  const matches = all.filter((l) => l.line === line && (wanted === undefined || l.platform === wanted));
  if (matches.length === 0) throw new InvalidInputError('line', `line: unknown platform line ${JSON.stringify(line)}`);
  if (matches.length > 1) throw new InvalidInputError('line', `line: ${line} is known on several platforms; pass the platform`);
  const current = matches[0];
  const saas = isSaasLine(current.line);
  const successor = all
    .filter((l) => l.platform === current.platform && compareLines(l.line, current.line) > 0 && (saas || !isSaasLine(l.line)))
    .sort((a, b) => compareLines(a.line, b.line))[0];
  const mainstreamEndsOn = current.mainstreamEndsOn ?? addYears(current.releasedOn, 5);
  return successor === undefined
    ? { line: current, mainstreamEndsOn }
    : { line: current, successor, patchesUntil: addYears(successor.releasedOn, 2), mainstreamEndsOn };
}
