/**
 * What `assurance explain` judges (SPEC §3, §4): which org and platform version a release is judged for, and, when
 * the release is not built for that line, the build of the same version that is (issue #9).
 */
import { compareAddonVersions } from './addon-version';
import { newestLine } from './platform-version';
import type { OrgEnvironment, Platform } from './vocabulary';

export type EligibilityTarget<Org> =
  | { kind: 'target'; platformVersion: string; org?: Org; assumedPlatformVersion: boolean }
  | { kind: 'org_not_found' };

/**
 * The version to judge: the one asked for, else that of the org asked for (or of the production org, else the first
 * bound), else, with no org at all, the newest line the release targets (`assumedPlatformVersion`).
 */
export function eligibilityTarget<Org extends { orgId: string; environment: OrgEnvironment; platformVersion: string }>(input: {
  orgs: Org[];
  orgId?: string;
  platformVersion?: string;
  releaseLines: string[];
}): EligibilityTarget<Org> {
  const org = input.orgId !== undefined ? input.orgs.find((o) => o.orgId === input.orgId) : (input.orgs.find((o) => o.environment === 'production') ?? input.orgs[0]);
  if (input.orgId !== undefined && !org) return { kind: 'org_not_found' };
  const platformVersion = input.platformVersion ?? org?.platformVersion ?? newestLine(input.releaseLines)!;
  return { kind: 'target', platformVersion, ...(org ? { org } : {}), assumedPlatformVersion: input.platformVersion === undefined && org === undefined };
}

/** Issue #9: another build of `release`'s version for `line` of `platform`, when there is one. */
export function buildForLine<R extends { id: string; version: string; platform: Platform; lines: string[] }>(release: R, others: R[], platform: Platform, line: string): R | undefined {
  return others.find((r) => r.id !== release.id && r.platform === platform && r.lines.includes(line) && compareAddonVersions(r.version, release.version) === 0);
}
