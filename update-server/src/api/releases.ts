/** Answers of the release routes: the public view of a release (the stored record without createdAt). */
import { z } from 'zod';
import { instant, platform, releaseKind } from './values';

export const solutionPackage = z
  .object({
    uniqueName: z.string().describe('SolutionManifest/UniqueName'),
    packageLine: z.string().describe('ImportExportXml@SolutionPackageVersion as a line: the CRM line the package was built for'),
    version: z.string().describe('SolutionManifest/Version'),
    managed: z.boolean().describe('SolutionManifest/Managed (always true for a published release)'),
  })
  .describe('dynamics365 only: what the server read from the solution zip (issue #9)');

export const odooModule = z
  .object({
    name: z.string().describe('the module technical name: the zip’s one top-level folder'),
    version: z.string().describe('__manifest__.py version, e.g. 17.0.1.4.0'),
    series: z.string().describe('the Odoo series the version starts with: the line the build is for'),
  })
  .describe('odoo only: what the server read from the module zip (issue #10)');

export const release = z.object({
  id: z.string(),
  addon: z.string(),
  version: z.string().describe('2 to 4 numeric parts, e.g. 3.0.1.0'),
  kind: releaseKind,
  platform,
  lines: z.array(z.string()).describe('the platform lines this build targets'),
  publishedAt: instant,
  featuresOnLegacy: z.boolean().optional(),
  hotfix: z.boolean().optional().describe('a hot-fix (patch or security): only for customers with paid maintenance coverage (SPEC §7)'),
  requiresFeature: z.string().optional(),
  regions: z.array(z.string()).optional(),
  languages: z.array(z.string()).optional(),
  editions: z.array(z.string()).optional(),
  channel: z.string().optional(),
  rolloutPercent: z.number().optional(),
  customFor: z.array(z.string()).optional().describe('customer ids of a custom build'),
  notes: z.string().optional(),
  size: z.number().int().describe('bytes'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('lower-case hex'),
  fileName: z.string().describe('download file name (display only)'),
  solution: solutionPackage.optional(),
  odooModule: odooModule.optional(),
});
export const releasePublished = release.extend({ serial: z.number().int().describe('the manifest serial after the publish') });
export const releaseList = z.object({ addon: z.string(), releases: z.array(release) });

export type Release = z.output<typeof release>;
export type ReleasePublished = z.output<typeof releasePublished>;
export type ReleaseList = z.output<typeof releaseList>;
