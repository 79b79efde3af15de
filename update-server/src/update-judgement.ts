/**
 * Which releases of an add-on newer than the installed one an org is offered, and which are withheld and why: the ONE
 * judgement both the update check (routes/updates.ts) and the fleet report (routes/fleet.ts) make, so the report says
 * exactly what the org's own check says (issue #14 item 4, decision U73). license-core decides everything
 * (eligibleUpdates, with the tenant tenantContext gathers); this file only hands it the same inputs for both.
 */
import {
  compileReleaseSet,
  eligibleUpdates,
  type CompiledReleaseSet,
  type IneligibleReason,
  type Instant,
  type Platform,
  type PlatformLine,
  type Release,
  type TenantContext,
} from '@crm-assurance/license-core';
import { tenantContext, type CustomerAccount } from './customer-account';
import type { ReleaseRecord, VendorSettings } from './store/store';

/** One add-on's releases, validated and indexed once per manifest serial (issue #14, decision L34). */
export interface AddonReleases {
  addon: string;
  compiled: CompiledReleaseSet;
  byId: ReadonlyMap<string, ReleaseRecord>;
}

/** `serial` names the set: the manifest serial, or more when the caller passes a subset of the add-on's releases. */
export function addonReleases(addon: string, releases: readonly ReleaseRecord[], serial: number | string): AddonReleases {
  return {
    addon,
    // Decision L34: a set is reused only while every field the rules read is unchanged.
    compiled: compileReleaseSet(releases, { key: `${addon}@${serial}` }),
    byId: new Map(releases.map((r) => [r.id, r])),
  };
}

/** What the judgement reads of one org and its add-on: as the update check was told (body, or its stored record, U71). */
export interface UpdateJudgementInput {
  account: CustomerAccount;
  settings: VendorSettings;
  asOf: Instant;
  platform: Platform;
  platformVersion: string;
  region?: string;
  language?: string;
  installedVersion: string;
  releases: AddonReleases;
  lines: PlatformLine[];
}

export interface UpdateJudgement {
  /** Newest first, as stored (with the artifact's facts). */
  offered: ReleaseRecord[];
  /** Newest first, with license-core's first failing reason (SPEC §3). */
  withheld: Array<{ release: Release; reason: IneligibleReason }>;
  /** The tenant as license-core judged it (the update check reads when its answer may change, U77). */
  tenant: TenantContext;
}

export function judgeUpdates(input: UpdateJudgementInput): UpdateJudgement {
  const tenant = tenantContext(input.account, input.settings, input.asOf, {
    platform: input.platform,
    platformVersion: input.platformVersion,
    ...(input.region !== undefined ? { region: input.region } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
  });
  const { offered, withheld } = eligibleUpdates({
    addon: input.releases.addon,
    installedVersion: input.installedVersion,
    releases: input.releases.compiled,
    tenant,
    lines: input.lines,
    asOf: input.asOf,
    timeZone: input.settings.timeZone,
  });
  return { offered: offered.map((r) => input.releases.byId.get(r.id)!), withheld, tenant };
}
