/**
 * The eligibility rules as they were before issue #14 (commit 957f693, license-core/src/eligibility.ts), kept
 * verbatim as the oracle of the property tests: the compiled engine must answer exactly as this straightforward
 * reading of SPEC §3/§4 does. Not exported from the package; tests only.
 */
import {
  calendarDateOf,
  compareAddonVersions,
  InvalidInputError,
  instantMillis,
  legacyWindow,
  parseAddonVersion,
  parseInstant,
  parsePlatformLines,
  parsePlatformVersion,
  parseRelease,
  parseTenantContext,
  rolloutBucket,
  type Eligibility,
  type IneligibleReason,
  type Instant,
  type PlatformLine,
  type Release,
  type TenantContext,
} from '../../../src';

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, `${field}: expected a non-empty string`);
  return value;
}

const lower = (s: string): string => s.toLowerCase();
const primaryLanguage = (tag: string): string => lower(tag.split(/[-_]/)[0]);

interface EvaluateReleaseInput {
  release: Release;
  tenant: TenantContext;
  lines: PlatformLine[];
  asOf: Instant;
  /** Vendor time zone, in which publication instants become contract dates (default 'UTC'). */
  timeZone?: string;
}

function judge(release: Release, tenant: TenantContext, lines: PlatformLine[], asOf: Instant, timeZone: string): Eligibility {
  const no = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });
  const asOfMs = instantMillis(asOf);

  // 1. Licence for the add-on, and for a separately licensed feature (SPEC §3.1).
  const addonLicences = tenant.licences.filter((l) => l.addon === release.addon);
  if (addonLicences.length === 0) return no('not_licensed');
  if (release.requiresFeature !== undefined && !addonLicences.some((l) => l.feature === release.requiresFeature)) {
    return no('feature_not_licensed');
  }

  // 2. Extraordinary termination (SPEC §2, §3.2).
  if (tenant.terminatedAt !== undefined && instantMillis(tenant.terminatedAt) <= asOfMs) return no('assurance_terminated');

  // 3. Coverage (SPEC §3.3): included in the purchase, or published inside paid coverage.
  const published = calendarDateOf(release.publishedAt, timeZone);
  const firstOrder = addonLicences.map((l) => l.orderedOn).sort()[0];
  const includedInPurchase = published <= firstOrder;
  const inPaidCoverage = tenant.coverage.some(
    (c) => instantMillis(c.activeFrom) <= asOfMs && c.from <= published && published <= c.to,
  );
  if (!includedInPurchase && !inPaidCoverage) {
    const invoiceOpen = tenant.openInvoices.some((inv) => inv.periodStart <= published && published <= inv.periodEnd);
    return no(invoiceOpen ? 'not_paid' : 'not_covered');
  }

  // 3b. Hot-fixes need a valid maintenance agreement (SPEC §7): published inside paid coverage of that plan.
  if (release.hotfix === true) {
    const underAgreement = tenant.coverage.some(
      (c) => c.plan === 'maintenance' && instantMillis(c.activeFrom) <= asOfMs && c.from <= published && published <= c.to,
    );
    if (!underAgreement) return no('hotfix_requires_agreement');
  }

  // 4. Platform and version line (SPEC §3.4).
  const tenantLine = parsePlatformVersion(tenant.platformVersion, tenant.platform, 'tenant.platformVersion').line;
  if (release.platform !== tenant.platform || !release.lines.includes(tenantLine)) return no('platform_incompatible');

  // 5. Legacy window of the tenant's line (SPEC §4). A line the vendor has not registered has no known successor.
  const known = lines.some((l) => l.platform === tenant.platform && l.line === tenantLine);
  if (known) {
    const window = legacyWindow(lines, tenantLine, tenant.platform);
    if (window.successor !== undefined && published > window.successor.releasedOn) {
      if (published > window.patchesUntil!) {
        if (!(release.customFor ?? []).includes(tenant.tenantId)) return no('legacy_window_closed');
      } else if (release.kind !== 'patch' && release.kind !== 'security' && release.featuresOnLegacy !== true) {
        return no('legacy_patch_only');
      }
    }
  }

  // 6. Targeting (SPEC §3.6). Absent or empty filters mean everyone.
  const has = (list: string[] | undefined): list is string[] => list !== undefined && list.length > 0;
  if (has(release.customFor) && !release.customFor.includes(tenant.tenantId)) return no('not_targeted');
  if (has(release.regions) && !(tenant.region !== undefined && release.regions.map(lower).includes(lower(tenant.region)))) {
    return no('not_targeted');
  }
  if (
    has(release.languages) &&
    !(tenant.language !== undefined && release.languages.map(primaryLanguage).includes(primaryLanguage(tenant.language)))
  ) {
    return no('not_targeted');
  }
  if (has(release.editions)) {
    const editions = release.editions.map(lower);
    const licensed = addonLicences.map((l) => l.edition).filter((e): e is string => e !== undefined);
    const tenantEditions = licensed.length > 0 ? licensed : tenant.edition !== undefined ? [tenant.edition] : [];
    if (!tenantEditions.some((e) => editions.includes(lower(e)))) return no('not_targeted');
  }
  const releaseChannel = lower(release.channel ?? 'stable');
  if (releaseChannel !== 'stable' && releaseChannel !== lower(tenant.channel ?? 'stable')) return no('not_targeted');
  if (release.rolloutPercent !== undefined && rolloutBucket(tenant.tenantId, release.id) >= release.rolloutPercent) {
    return no('not_targeted');
  }
  return { eligible: true };
}

/** Whether `tenant` may download `release` as of `asOf`, or the first failing reason (SPEC §3). */
export function referenceEvaluateRelease(input: EvaluateReleaseInput): Eligibility {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const release = parseRelease(input.release, 'release');
  const tenant = parseTenantContext(input.tenant, 'tenant');
  const lines = parsePlatformLines(input.lines, 'lines');
  const asOf = parseInstant(input.asOf, 'asOf');
  const timeZone = input.timeZone ?? 'UTC';
  calendarDateOf(asOf, timeZone);
  return judge(release, tenant, lines, asOf, timeZone);
}

interface EligibleUpdatesInput {
  addon: string;
  installedVersion: string;
  releases: Release[];
  tenant: TenantContext;
  lines: PlatformLine[];
  asOf: Instant;
  timeZone?: string;
}

interface EligibleUpdates {
  offered: Release[];
  withheld: { release: Release; reason: IneligibleReason }[];
}

/**
 * The updates of `addon` strictly newer than `installedVersion` (no downgrade, SPEC §3), split into offered and
 * withheld (with the reason), both newest first. Releases of other add-ons are ignored.
 */
export function referenceEligibleUpdates(input: EligibleUpdatesInput): EligibleUpdates {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError('input', 'input: expected an object');
  const addon = text(input.addon, 'addon');
  const installed = parseAddonVersion(input.installedVersion, 'installedVersion').raw;
  if (!Array.isArray(input.releases)) throw new InvalidInputError('releases', 'releases: expected a list');
  const releases = input.releases.map((r, i) => parseRelease(r, `releases[${i}]`));
  const tenant = parseTenantContext(input.tenant, 'tenant');
  const lines = parsePlatformLines(input.lines, 'lines');
  const asOf = parseInstant(input.asOf, 'asOf');
  const timeZone = input.timeZone ?? 'UTC';
  calendarDateOf(asOf, timeZone);

  const newer = releases
    .filter((r) => r.addon === addon && compareAddonVersions(r.version, installed) > 0)
    .sort(
      (a, b) =>
        compareAddonVersions(b.version, a.version) ||
        instantMillis(b.publishedAt) - instantMillis(a.publishedAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  // Issue #9 (decision L31): one version may have several builds, one per CRM line. A tenant sees ONE entry per
  // version: an eligible build if there is one, else the build for its platform and line (SPEC §3.4) with its
  // reason, else the newest build (platform_incompatible). So no two releases of one version are ever offered.
  const tenantLine = parsePlatformVersion(tenant.platformVersion, tenant.platform, 'tenant.platformVersion').line;
  const forTenantLine = (r: Release): boolean => r.platform === tenant.platform && r.lines.includes(tenantLine);
  const byVersion = new Map<string, { release: Release; verdict: Eligibility }[]>();
  const order: string[] = [];
  for (const release of newer) {
    const key = parseAddonVersion(release.version, 'version').parts.join('.');
    if (!byVersion.has(key)) {
      byVersion.set(key, []);
      order.push(key);
    }
    byVersion.get(key)!.push({ release, verdict: judge(release, tenant, lines, asOf, timeZone) });
  }
  const result: EligibleUpdates = { offered: [], withheld: [] };
  for (const key of order) {
    const builds = byVersion.get(key)!;
    const chosen = builds.find((b) => b.verdict.eligible) ?? builds.find((b) => forTenantLine(b.release)) ?? builds[0];
    if (chosen.verdict.eligible) result.offered.push(chosen.release);
    else result.withheld.push({ release: chosen.release, reason: chosen.verdict.reason });
  }
  return result;
}
