/**
 * Which releases a tenant may download (SPEC §3, with the legacy rules of SPEC §4).
 *
 * The checks run in the SPEC's order and the first failure is the answer:
 * 1. not_licensed, feature_not_licensed; 2. assurance_terminated; 3. not_covered / not_paid,
 * then hotfix_requires_agreement (SPEC §7); 4. platform_incompatible; 5. legacy_window_closed, legacy_patch_only; 6. not_targeted.
 */
import { calendarDateOf, dayNumber, instantMillis, parseCalendarDate, parseInstant } from './calendar-date';
import { parseAddonVersion } from './addon-version';
import { parseInvoice } from './coverage';
import { describeValue, InvalidInputError } from './errors';
import { legacyWindow, parsePlatformLines } from './legacy-window';
import { parseMoney } from './money';
import { isLine, parsePlatform, parsePlatformVersion } from './platform-version';
import type {
  CalendarDate,
  CoverageInterval,
  Eligibility,
  IneligibleReason,
  Instant,
  Licence,
  PlatformLine,
  Release,
  ReleaseKind,
  TenantContext,
} from './types';

import { INELIGIBLE_REASONS, RELEASE_KINDS } from './vocabulary';

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, `${field}: expected a non-empty string, got ${describeValue(value)}`);
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
}

function optionalTexts(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InvalidInputError(field, `${field}: expected a list of strings, got ${describeValue(value)}`);
  return value.map((v, i) => text(v, `${field}[${i}]`));
}

/** Validates a release record. */
export function parseRelease(value: unknown, field = 'release'): Release {
  if (typeof value !== 'object' || value === null) throw new InvalidInputError(field, `${field}: expected a release object`);
  const v = value as Record<string, unknown>;
  text(v.id, `${field}.id`);
  text(v.addon, `${field}.addon`);
  parseAddonVersion(v.version, `${field}.version`);
  if (!RELEASE_KINDS.includes(v.kind as ReleaseKind)) {
    throw new InvalidInputError(`${field}.kind`, `${field}.kind: expected one of ${RELEASE_KINDS.join(', ')}, got ${describeValue(v.kind)}`);
  }
  parsePlatform(v.platform, `${field}.platform`);
  const lines = optionalTexts(v.lines, `${field}.lines`);
  if (lines === undefined) throw new InvalidInputError(`${field}.lines`, `${field}.lines: expected a list of platform lines`);
  lines.forEach((l, i) => {
    if (!isLine(l)) {
      throw new InvalidInputError(`${field}.lines[${i}]`, `${field}.lines[${i}]: expected a version line such as 9.2, got ${describeValue(l)}`);
    }
  });
  const publishedAt = parseInstant(v.publishedAt, `${field}.publishedAt`);
  if (v.featuresOnLegacy !== undefined && typeof v.featuresOnLegacy !== 'boolean') {
    throw new InvalidInputError(`${field}.featuresOnLegacy`, `${field}.featuresOnLegacy: expected true or false`);
  }
  if (v.hotfix !== undefined && typeof v.hotfix !== 'boolean') throw new InvalidInputError(`${field}.hotfix`, `${field}.hotfix: expected true or false`);
  optionalText(v.requiresFeature, `${field}.requiresFeature`);
  for (const key of ['regions', 'languages', 'editions', 'customFor'] as const) optionalTexts(v[key], `${field}.${key}`);
  optionalText(v.channel, `${field}.channel`);
  if (v.rolloutPercent !== undefined) {
    const p = v.rolloutPercent;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
      throw new InvalidInputError(`${field}.rolloutPercent`, `${field}.rolloutPercent: expected a number 0..100, got ${describeValue(p)}`);
    }
  }
  return { ...(value as Release), publishedAt };
}

function parseLicence(value: unknown, field: string): Licence {
  if (typeof value !== 'object' || value === null) throw new InvalidInputError(field, `${field}: expected a licence object`);
  const v = value as Record<string, unknown>;
  text(v.addon, `${field}.addon`);
  optionalText(v.feature, `${field}.feature`);
  optionalText(v.edition, `${field}.edition`);
  if (typeof v.quantity !== 'number' || !Number.isInteger(v.quantity) || v.quantity < 0) {
    throw new InvalidInputError(`${field}.quantity`, `${field}.quantity: expected a non-negative integer, got ${describeValue(v.quantity)}`);
  }
  parseMoney(v.listPrice, `${field}.listPrice`);
  const orderedOn = parseCalendarDate(v.orderedOn, `${field}.orderedOn`);
  return { ...(value as Licence), orderedOn };
}

function parseCoverageInterval(value: unknown, field: string): CoverageInterval {
  if (typeof value !== 'object' || value === null) throw new InvalidInputError(field, `${field}: expected { from, to, activeFrom, invoiceId }`);
  const v = value as Record<string, unknown>;
  const from = parseCalendarDate(v.from, `${field}.from`);
  const to = parseCalendarDate(v.to, `${field}.to`);
  const activeFrom = parseInstant(v.activeFrom, `${field}.activeFrom`);
  return { ...(value as CoverageInterval), from, to, activeFrom };
}

/** Validates what is known of a tenant. */
export function parseTenantContext(value: unknown, field = 'tenant'): TenantContext {
  if (typeof value !== 'object' || value === null) throw new InvalidInputError(field, `${field}: expected a tenant object`);
  const v = value as Record<string, unknown>;
  text(v.tenantId, `${field}.tenantId`);
  const list = (key: string): unknown[] => {
    const items = v[key];
    if (!Array.isArray(items)) throw new InvalidInputError(`${field}.${key}`, `${field}.${key}: expected a list`);
    return items;
  };
  const licences = list('licences').map((l, i) => parseLicence(l, `${field}.licences[${i}]`));
  const coverage = list('coverage').map((c, i) => parseCoverageInterval(c, `${field}.coverage[${i}]`));
  const openInvoices = list('openInvoices').map((inv, i) => parseInvoice(inv, `${field}.openInvoices[${i}]`));
  const terminatedAt = v.terminatedAt === undefined ? undefined : parseInstant(v.terminatedAt, `${field}.terminatedAt`);
  const platform = parsePlatform(v.platform, `${field}.platform`);
  parsePlatformVersion(v.platformVersion, platform, `${field}.platformVersion`);
  for (const key of ['region', 'language', 'edition', 'channel'] as const) optionalText(v[key], `${field}.${key}`);
  return {
    ...(value as TenantContext),
    licences,
    coverage,
    openInvoices,
    ...(terminatedAt !== undefined ? { terminatedAt } : {}),
  };
}

/**
 * The staged-rollout bucket 0..99 of a tenant for a release: 32-bit FNV-1a over the UTF-8 bytes of
 * `${tenantId}:${releaseId}`, modulo 100. Deterministic, so a tenant stays in or out of a rollout.
 */
export function rolloutBucket(tenantId: string, releaseId: string): number {
  const key = `${text(tenantId, 'tenantId')}:${text(releaseId, 'releaseId')}`;
  let hash = 0x811c9dc5;
  // Printable ASCII is its own UTF-8: hashed from its char codes without encoding (issue #14); other text is encoded.
  const bytes = /[^ -~]/.test(key) ? new TextEncoder().encode(key) : undefined;
  const length = bytes === undefined ? key.length : bytes.length;
  for (let i = 0; i < length; i++) {
    hash ^= bytes === undefined ? key.charCodeAt(i) : bytes[i];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

const lower = (s: string): string => s.toLowerCase();
const primaryLanguage = (tag: string): string => lower(tag.split(/[-_]/)[0]);

/**
 * One validated release and what the rules read of it, worked out once per release set (issue #14): version parts,
 * publication in ms, targeting lists in the case the comparison uses.
 */
interface CompiledRelease {
  /** The validated release (a deep-frozen copy, publishedAt normalised). */
  release: Release;
  /** Its place in the list the set was compiled from. */
  index: number;
  parts: readonly number[];
  publishedMs: number;
  // What judge reads, copied here so that every entry has one shape (the releases' optional fields vary).
  id: string;
  platform: string;
  lines: readonly string[];
  requiresFeature: string | undefined;
  hotfix: boolean;
  featuresOnLegacy: boolean;
  rolloutPercent: number | undefined;
  customFor: readonly string[] | undefined;
  regions: readonly string[] | undefined;
  languages: readonly string[] | undefined;
  editions: readonly string[] | undefined;
  channel: string;
  patchLike: boolean;
}

/** The builds of one version (decision L31), newest publication first, then id. */
interface VersionGroup {
  parts: readonly number[];
  builds: readonly CompiledRelease[];
}

interface ReleaseIndex {
  entries: readonly CompiledRelease[];
  /** Per add-on, its versions newest first (L28), each with its builds in the order L28 and L31 choose from. */
  byAddon: ReadonlyMap<string, readonly VersionGroup[]>;
  /** The publication date (day number) of each entry in a vendor time zone, computed once per zone (SPEC §1). */
  publishedDays: Map<string, Int32Array>;
  /** What the rules read of each source release, to tell whether a list passed again still is this set. */
  fingerprints: readonly RuleFields[];
}

/**
 * A release set validated and indexed once (issue #14): pass it as `releases` to eligibleUpdates to judge
 * thousands of tenants against one set without validating or sorting it again. Immutable: the object, its list
 * and every release in it are frozen.
 */
export interface CompiledReleaseSet {
  /** The validated releases in the order given, publishedAt normalised (frozen copies, never the caller's objects). */
  readonly releases: readonly Release[];
}

const indexes = new WeakMap<CompiledReleaseSet, ReleaseIndex>();

/** What the rules read of a release (parseRelease validates exactly these fields), kept to reuse a compiled set. */
interface RuleFields {
  id: unknown;
  addon: unknown;
  version: unknown;
  kind: unknown;
  platform: unknown;
  lines: unknown;
  publishedAt: unknown;
  featuresOnLegacy: unknown;
  hotfix: unknown;
  requiresFeature: unknown;
  regions: unknown;
  languages: unknown;
  editions: unknown;
  customFor: unknown;
  channel: unknown;
  rolloutPercent: unknown;
}

const copyList = (v: unknown): unknown => (Array.isArray(v) ? [...(v as unknown[])] : v);

function fingerprintOf(v: RuleFields): RuleFields {
  return {
    id: v.id,
    addon: v.addon,
    version: v.version,
    kind: v.kind,
    platform: v.platform,
    lines: copyList(v.lines),
    publishedAt: v.publishedAt,
    featuresOnLegacy: v.featuresOnLegacy,
    hotfix: v.hotfix,
    requiresFeature: v.requiresFeature,
    regions: copyList(v.regions),
    languages: copyList(v.languages),
    editions: copyList(v.editions),
    customFor: copyList(v.customFor),
    channel: v.channel,
    rolloutPercent: v.rolloutPercent,
  };
}

function sameList(now: unknown, then: unknown): boolean {
  if (now === then) return true;
  if (!Array.isArray(now) || !Array.isArray(then) || now.length !== then.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== then[i]) return false;
  return true;
}

function sameFingerprint(value: unknown, f: RuleFields): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as RuleFields;
  return (
    v.id === f.id &&
    v.addon === f.addon &&
    v.version === f.version &&
    v.kind === f.kind &&
    v.platform === f.platform &&
    v.publishedAt === f.publishedAt &&
    v.featuresOnLegacy === f.featuresOnLegacy &&
    v.hotfix === f.hotfix &&
    v.requiresFeature === f.requiresFeature &&
    v.channel === f.channel &&
    v.rolloutPercent === f.rolloutPercent &&
    sameList(v.lines, f.lines) &&
    sameList(v.regions, f.regions) &&
    sameList(v.languages, f.languages) &&
    sameList(v.editions, f.editions) &&
    sameList(v.customFor, f.customFor)
  );
}

/** Whether `releases` still says what the compiled set was compiled from (every field the rules read). */
function stillMatches(index: ReleaseIndex, releases: readonly unknown[]): boolean {
  if (releases.length !== index.fingerprints.length) return false;
  for (let i = 0; i < releases.length; i++) if (!sameFingerprint(releases[i], index.fingerprints[i])) return false;
  return true;
}

function deepFreezeCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => deepFreezeCopy(v))) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = deepFreezeCopy(v);
    return Object.freeze(copy) as T;
  }
  return value;
}

function comparePartsDesc(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

function buildSet(releases: readonly unknown[]): CompiledReleaseSet {
  const entries: CompiledRelease[] = [];
  const fingerprints: RuleFields[] = [];
  releases.forEach((value, index) => {
    const release = deepFreezeCopy(parseRelease(value, `releases[${index}]`));
    fingerprints.push(fingerprintOf(value as RuleFields));
    const has = (list: string[] | undefined): boolean => list !== undefined && list.length > 0;
    entries.push({
      release,
      index,
      parts: parseAddonVersion(release.version).parts,
      publishedMs: instantMillis(release.publishedAt),
      id: release.id,
      platform: release.platform,
      lines: release.lines,
      requiresFeature: release.requiresFeature,
      hotfix: release.hotfix === true,
      featuresOnLegacy: release.featuresOnLegacy === true,
      rolloutPercent: release.rolloutPercent,
      customFor: has(release.customFor) ? release.customFor : undefined,
      regions: has(release.regions) ? release.regions!.map(lower) : undefined,
      languages: has(release.languages) ? release.languages!.map(primaryLanguage) : undefined,
      editions: has(release.editions) ? release.editions!.map(lower) : undefined,
      channel: lower(release.channel ?? 'stable'),
      patchLike: release.kind === 'patch' || release.kind === 'security',
    });
  });
  // Decision L28: version descending, then newest publication, then id; L31: one group per numeric version.
  const sorted = [...entries].sort(
    (a, b) =>
      comparePartsDesc(a.parts, b.parts) ||
      b.publishedMs - a.publishedMs ||
      (a.release.id < b.release.id ? -1 : a.release.id > b.release.id ? 1 : 0),
  );
  const byAddon = new Map<string, VersionGroup[]>();
  for (const entry of sorted) {
    let groups = byAddon.get(entry.release.addon);
    if (groups === undefined) {
      groups = [];
      byAddon.set(entry.release.addon, groups);
    }
    const last = groups[groups.length - 1];
    if (last !== undefined && comparePartsDesc(last.parts, entry.parts) === 0) (last.builds as CompiledRelease[]).push(entry);
    else groups.push({ parts: entry.parts, builds: [entry] });
  }
  const set: CompiledReleaseSet = Object.freeze({ releases: Object.freeze(entries.map((e) => e.release)) });
  indexes.set(set, { entries, byAddon, publishedDays: new Map(), fingerprints });
  return set;
}

/** Compiled sets by the list they were compiled from, and by the caller's key (the release-set serial). */
const byList = new WeakMap<object, CompiledReleaseSet>();
const KEYED_LIMIT = 16;
const byKey = new Map<string | number, CompiledReleaseSet>();

/**
 * Validates and indexes a release set once (issue #14). The answer is cached, as a pure memo: by the list itself
 * (a caller passing the same array again gets the same compiled set) and, when given, by `options.key` (e.g. the
 * vendor's release-set serial; the last 16 keys are kept). A cached set is reused only while the list still holds
 * the same values in every field the rules read, compared field by field, so a list changed in place or a key
 * reused for other releases is compiled again: a key can make the lookup faster, never the answer wrong.
 * Invalid releases throw InvalidInputError naming `releases[i].<field>`, as eligibleUpdates does.
 */
export function compileReleaseSet(releases: readonly Release[] | CompiledReleaseSet, options: { key?: string | number } = {}): CompiledReleaseSet {
  if (isCompiledReleaseSet(releases)) return releases;
  if (!Array.isArray(releases)) throw new InvalidInputError('releases', 'releases: expected a list');
  const key = options.key;
  if (key !== undefined && typeof key !== 'string' && typeof key !== 'number') {
    throw new InvalidInputError('key', `key: expected a string or a number, got ${describeValue(key)}`);
  }
  const cached = byList.get(releases) ?? (key === undefined ? undefined : byKey.get(key));
  const set = cached !== undefined && stillMatches(indexes.get(cached)!, releases) ? cached : buildSet(releases);
  byList.set(releases, set);
  if (key !== undefined) {
    byKey.delete(key);
    if (byKey.size >= KEYED_LIMIT) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, set);
  }
  return set;
}

/** Whether `value` is a set compileReleaseSet made (not merely an object of that shape). */
export function isCompiledReleaseSet(value: unknown): value is CompiledReleaseSet {
  return typeof value === 'object' && value !== null && indexes.has(value as CompiledReleaseSet);
}

function publishedDaysOf(index: ReleaseIndex, timeZone: string): Int32Array {
  let days = index.publishedDays.get(timeZone);
  if (days === undefined) {
    days = Int32Array.from(index.entries, (e) => dayNumber(calendarDateOf(e.release.publishedAt, timeZone)));
    index.publishedDays.set(timeZone, days);
  }
  return days;
}

/** A tenant as the rules read it for one add-on, worked out once per call (issue #14): dates as day numbers. */
interface PreparedTenant {
  tenant: TenantContext;
  tenantId: string;
  platform: string;
  line: string;
  licensed: boolean;
  features: ReadonlySet<string | undefined>;
  firstOrderDay: number;
  terminated: boolean;
  /** Paid coverage active as of asOf, as disjoint day-number blocks [from, to, from, to, ...] in order. */
  paid: Int32Array;
  /** The same, of the maintenance plan only (hot-fixes, SPEC §7). */
  agreement: Int32Array;
  /** The periods of open invoices (not_paid rather than not_covered). */
  open: Int32Array;
  book: LineBook;
  /** The legacy window of the tenant's line, worked out on first need (null: no successor or unknown line). */
  window: DayWindow | undefined;
  region: string | undefined;
  language: string | undefined;
  editions: readonly string[];
  channel: string;
}

/**
 * Date ranges as the union of their days: sorted, overlapping or adjacent ranges merged, flat [from, to, ...] day
 * numbers. "Some range contains day d" is then one scan of a few blocks, however many monthly invoices a term plan
 * has (issue #14: linear in the tenant's invoices once, not once per release).
 */
function dayBlocks(ranges: [CalendarDate, CalendarDate][]): Int32Array {
  const days = ranges.map(([from, to]) => [dayNumber(from), dayNumber(to)]).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of days) {
    const last = out.length - 1;
    if (last > 0 && from <= out[last] + 1) {
      if (to > out[last]) out[last] = to;
    } else {
      out.push(from, to);
    }
  }
  return Int32Array.from(out);
}

function inBlocks(blocks: Int32Array, day: number): boolean {
  for (let i = 0; i < blocks.length; i += 2) {
    if (day < blocks[i]) return false;
    if (day <= blocks[i + 1]) return true;
  }
  return false;
}

function prepareTenant(tenant: TenantContext, addon: string, book: LineBook, asOfMs: number): PreparedTenant {
  const addonLicences = tenant.licences.filter((l) => l.addon === addon);
  let firstOrder: string | undefined;
  for (const l of addonLicences) if (firstOrder === undefined || l.orderedOn < firstOrder) firstOrder = l.orderedOn;
  const active = tenant.coverage.filter((c) => instantMillis(c.activeFrom) <= asOfMs);
  const licensedEditions = addonLicences.map((l) => l.edition).filter((e): e is string => e !== undefined);
  const editions = licensedEditions.length > 0 ? licensedEditions : tenant.edition !== undefined ? [tenant.edition] : [];
  return {
    tenant,
    tenantId: tenant.tenantId,
    platform: tenant.platform,
    line: parsePlatformVersion(tenant.platformVersion, tenant.platform, 'tenant.platformVersion').line,
    licensed: addonLicences.length > 0,
    features: new Set(addonLicences.map((l) => l.feature)),
    firstOrderDay: firstOrder === undefined ? -Infinity : dayNumber(firstOrder),
    terminated: tenant.terminatedAt !== undefined && instantMillis(tenant.terminatedAt) <= asOfMs,
    paid: dayBlocks(active.map((c) => [c.from, c.to])),
    agreement: dayBlocks(active.filter((c) => c.plan === 'maintenance').map((c) => [c.from, c.to])),
    open: dayBlocks(tenant.openInvoices.map((inv) => [inv.periodStart, inv.periodEnd])),
    book,
    window: undefined,
    region: tenant.region === undefined ? undefined : lower(tenant.region),
    language: tenant.language === undefined ? undefined : primaryLanguage(tenant.language),
    editions: editions.map(lower),
    channel: lower(tenant.channel ?? 'stable'),
  };
}

type DayWindow = { successorDay: number; patchesUntilDay: number } | null;

/**
 * Platform lines validated once per list (issue #14), with the legacy windows worked out so far, by platform and line.
 * Reused while every line still has the platform, line, releasedOn and mainstreamEndsOn it was read with (a pure
 * memo, by the list itself); otherwise read again, with parsePlatformLines' errors.
 */
interface LineBook {
  lines: PlatformLine[];
  read: { platform: unknown; line: unknown; releasedOn: unknown; mainstreamEndsOn: unknown }[];
  windows: Map<string, DayWindow>;
}

const lineBooks = new WeakMap<object, LineBook>();

function lineBookOf(value: unknown): LineBook {
  const known = typeof value === 'object' && value !== null ? lineBooks.get(value) : undefined;
  if (known !== undefined && Array.isArray(value) && value.length === known.read.length) {
    const same = known.read.every((r, i) => {
      const v = value[i] as Partial<PlatformLine> | null;
      return typeof v === 'object' && v !== null && v.platform === r.platform && v.line === r.line && v.releasedOn === r.releasedOn && v.mainstreamEndsOn === r.mainstreamEndsOn;
    });
    if (same) return known;
  }
  const lines = parsePlatformLines(value, 'lines');
  const read = (value as PlatformLine[]).map((v) => ({ platform: v.platform, line: v.line, releasedOn: v.releasedOn, mainstreamEndsOn: v.mainstreamEndsOn }));
  const book = { lines, read, windows: new Map<string, DayWindow>() };
  lineBooks.set(value as object, book);
  return book;
}

/** SPEC §4: the legacy window of the tenant's line; a line the vendor has not registered has no known successor. */
function windowOf(t: PreparedTenant): DayWindow {
  if (t.window !== undefined) return t.window;
  const key = `${t.platform}|${t.line}`;
  let window = t.book.windows.get(key);
  if (window === undefined) {
    window = null;
    if (t.book.lines.some((l) => l.platform === t.platform && l.line === t.line)) {
      // legacyWindow may refuse (a line listed twice); then nothing is kept and the refusal comes again next time.
      const w = legacyWindow(t.book.lines, t.line, t.platform as PlatformLine['platform']);
      if (w.successor !== undefined) window = { successorDay: dayNumber(w.successor.releasedOn), patchesUntilDay: dayNumber(w.patchesUntil!) };
    }
    t.book.windows.set(key, window);
  }
  t.window = window;
  return window;
}

const NOT: { [R in IneligibleReason]: Eligibility } = Object.fromEntries(
  INELIGIBLE_REASONS.map((reason) => [reason, Object.freeze({ eligible: false, reason })]),
) as { [R in IneligibleReason]: Eligibility };
const ELIGIBLE: Eligibility = Object.freeze({ eligible: true });

/** The rules of SPEC §3 in their order, on a compiled release and a prepared tenant; `published` is a day number. */
function judge(entry: CompiledRelease, t: PreparedTenant, published: number): Eligibility {
  // 1. Licence for the add-on, and for a separately licensed feature (SPEC §3.1).
  if (!t.licensed) return NOT.not_licensed;
  if (entry.requiresFeature !== undefined && !t.features.has(entry.requiresFeature)) return NOT.feature_not_licensed;

  // 2. Extraordinary termination (SPEC §2, §3.2).
  if (t.terminated) return NOT.assurance_terminated;

  // 3. Coverage (SPEC §3.3): included in the purchase, or published inside paid coverage.
  if (published > t.firstOrderDay && !inBlocks(t.paid, published)) return inBlocks(t.open, published) ? NOT.not_paid : NOT.not_covered;

  // 3b. Hot-fixes need a valid maintenance agreement (SPEC §7): published inside paid coverage of that plan.
  if (entry.hotfix && !inBlocks(t.agreement, published)) return NOT.hotfix_requires_agreement;

  // 4. Platform and version line (SPEC §3.4).
  if (entry.platform !== t.platform || !entry.lines.includes(t.line)) return NOT.platform_incompatible;

  // 5. Legacy window of the tenant's line (SPEC §4).
  const window = windowOf(t);
  if (window !== null && published > window.successorDay) {
    if (published > window.patchesUntilDay) {
      if (entry.customFor === undefined || !entry.customFor.includes(t.tenantId)) return NOT.legacy_window_closed;
    } else if (!entry.patchLike && !entry.featuresOnLegacy) {
      return NOT.legacy_patch_only;
    }
  }

  // 6. Targeting (SPEC §3.6). Absent or empty filters mean everyone.
  if (entry.customFor !== undefined && !entry.customFor.includes(t.tenantId)) return NOT.not_targeted;
  if (entry.regions !== undefined && !(t.region !== undefined && entry.regions.includes(t.region))) return NOT.not_targeted;
  if (entry.languages !== undefined && !(t.language !== undefined && entry.languages.includes(t.language))) return NOT.not_targeted;
  if (entry.editions !== undefined && !t.editions.some((e) => entry.editions!.includes(e))) return NOT.not_targeted;
  if (entry.channel !== 'stable' && entry.channel !== t.channel) return NOT.not_targeted;
  if (entry.rolloutPercent !== undefined && rolloutBucket(t.tenantId, entry.id) >= entry.rolloutPercent) return NOT.not_targeted;
  return ELIGIBLE;
}

export interface EvaluateReleaseInput {
  release: Release;
  tenant: TenantContext;
  lines: PlatformLine[];
  asOf: Instant;
  /** Vendor time zone, in which publication instants become contract dates (default 'UTC'). */
  timeZone?: string;
}

/** Whether `tenant` may download `release` as of `asOf`, or the first failing reason (SPEC §3). */
export function evaluateRelease(input: EvaluateReleaseInput): Eligibility {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  parseRelease(input.release, 'release');
  const tenant = parseTenantContext(input.tenant, 'tenant');
  const book = lineBookOf(input.lines);
  const asOf = parseInstant(input.asOf, 'asOf');
  const timeZone = input.timeZone ?? 'UTC';
  calendarDateOf(asOf, timeZone);
  // The release was validated above under the field `release`; compiling it again cannot fail.
  const set = buildSet([input.release]);
  const index = indexes.get(set)!;
  const entry = index.entries[0];
  const verdict = judge(entry, prepareTenant(tenant, entry.release.addon, book, instantMillis(asOf)), publishedDaysOf(index, timeZone)[0]);
  return verdict.eligible ? { eligible: true } : { eligible: false, reason: verdict.reason };
}

export interface EligibleUpdatesInput {
  addon: string;
  installedVersion: string;
  /** The vendor's releases: a list, or a set compiled once with compileReleaseSet (issue #14). */
  releases: readonly Release[] | CompiledReleaseSet;
  tenant: TenantContext;
  lines: PlatformLine[];
  asOf: Instant;
  timeZone?: string;
}

export interface EligibleUpdates {
  offered: Release[];
  withheld: { release: Release; reason: IneligibleReason }[];
}

/**
 * The updates of `addon` strictly newer than `installedVersion` (no downgrade, SPEC §3), split into offered and
 * withheld (with the reason), both newest first. Releases of other add-ons, and versions built only for another
 * platform (decision L42), are ignored.
 * Given a list, the answer holds fresh copies of its releases (publishedAt normalised); given a compiled set, the
 * set's own frozen releases.
 */
export function eligibleUpdates(input: EligibleUpdatesInput): EligibleUpdates {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const addon = text(input.addon, 'addon');
  const installed = parseAddonVersion(input.installedVersion, 'installedVersion').parts;
  const given = input.releases;
  const compiled = isCompiledReleaseSet(given);
  if (!compiled && !Array.isArray(given)) throw new InvalidInputError('releases', 'releases: expected a list');
  const set = compiled ? given : compileReleaseSet(given);
  const tenant = parseTenantContext(input.tenant, 'tenant');
  const book = lineBookOf(input.lines);
  const asOf = parseInstant(input.asOf, 'asOf');
  const timeZone = input.timeZone ?? 'UTC';
  calendarDateOf(asOf, timeZone);

  const index = indexes.get(set)!;
  const days = publishedDaysOf(index, timeZone);
  const prepared = prepareTenant(tenant, addon, book, instantMillis(asOf));
  const answer = (entry: CompiledRelease): Release =>
    compiled ? entry.release : { ...(given as readonly Release[])[entry.index], publishedAt: entry.release.publishedAt };
  // Issue #9 (decision L31): one version may have several builds, one per CRM line. A tenant sees ONE entry per
  // version: an eligible build if there is one, else the build for its platform and line (SPEC §3.4) with its
  // reason, else the newest build (platform_incompatible). So no two releases of one version are ever offered.
  const result: EligibleUpdates = { offered: [], withheld: [] };
  for (const group of index.byAddon.get(addon) ?? []) {
    if (comparePartsDesc(group.parts, installed) >= 0) break; // newest first: the rest is not newer (SPEC §3)
    const builds = group.builds;
    // Decision L42: a version with no build for the tenant's platform is not an update of this add-on there (an
    // Odoo module's 1.4.0 is not a newer Dynamics solution than 1.2.0.0, nor the reverse): it is not listed at all,
    // not even as withheld. A build for the platform but another line is listed (platform_incompatible, SPEC §3.4).
    if (!builds.some((b) => b.platform === prepared.platform)) continue;
    let pick = builds[0];
    let verdict = judge(pick, prepared, days[pick.index]);
    if (!verdict.eligible && builds.length > 1) {
      // The first eligible build, else the first for the tenant's platform and line, else the newest (L31).
      let forLine = pick.platform === prepared.platform && pick.lines.includes(prepared.line) ? 0 : -1;
      const verdicts: Eligibility[] = [verdict];
      for (let b = 1; b < builds.length && verdicts[verdicts.length - 1].eligible === false; b++) {
        verdicts.push(judge(builds[b], prepared, days[builds[b].index]));
        if (forLine < 0 && builds[b].platform === prepared.platform && builds[b].lines.includes(prepared.line)) forLine = b;
      }
      const chosen = verdicts[verdicts.length - 1].eligible ? verdicts.length - 1 : forLine >= 0 ? forLine : 0;
      pick = builds[chosen];
      verdict = verdicts[chosen];
    }
    if (verdict.eligible) result.offered.push(answer(pick));
    else result.withheld.push({ release: answer(pick), reason: verdict.reason });
  }
  return result;
}
