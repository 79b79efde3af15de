/** Answer of the update check: the signed manifest, the offered updates and the withheld newer releases. */
import { INELIGIBLE_REASONS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { instant, jwt, platform, releaseKind } from './values';

const releaseSummary = z.object({
  id: z.string(),
  version: z.string(),
  kind: releaseKind,
  platform,
  lines: z.array(z.string()),
  publishedAt: instant,
  notes: z.string().optional(),
});
export const offeredUpdate = releaseSummary.extend({
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('verify the download against the manifest’s'),
  fileName: z.string(),
  downloadUrl: z.url().describe('absolute URL /v1/downloads/{token}; short-lived (downloadTokenTtlSeconds, default 5 min)'),
  downloadExpiresAt: instant,
});
export const withheldUpdate = releaseSummary.extend({
  reason: z.enum(INELIGIBLE_REASONS),
  message: z.string().describe("license-core's describeReason(): what the admin reads"),
});
export const updateCheck = z.object({
  addon: z.string(),
  installedVersion: z.string(),
  platformVersion: z.string(),
  line: z.string(),
  serial: z.number().int().describe('the manifest serial'),
  manifest: jwt.describe('JWT, doc=manifest, aud=orgId: lists exactly the offered releases'),
  updates: z.array(offeredUpdate).describe('newest first'),
  withheld: z.array(withheldUpdate),
  checkedAt: instant,
});

export type OfferedUpdate = z.output<typeof offeredUpdate>;
export type WithheldUpdate = z.output<typeof withheldUpdate>;
export type UpdateCheck = z.output<typeof updateCheck>;
