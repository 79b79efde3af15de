/**
 * Plain words for the reason codes of SPEC §3 (and §4 legacy rules), as a CRM admin reads them on the
 * add-on's configuration page.
 */
import { InvalidInputError } from './errors';
import type { IneligibleReason } from './types';
import { INELIGIBLE_REASONS } from './vocabulary';

const REASONS: Record<IneligibleReason, (v: string) => string> = {
  not_licensed: (v) => `${v} is for an add-on your organisation has not bought a licence for. Contact your vendor to buy one.`,
  feature_not_licensed: (v) =>
    `${v} needs a feature that is sold separately and is not part of your licence. Contact your vendor to add it.`,
  assurance_terminated: (v) =>
    `${v} cannot be downloaded because the vendor has ended your Software Assurance; no further updates are available. Your installed version keeps working.`,
  not_covered: (v) =>
    `${v} was released at a time your Software Assurance did not cover. Renew your Software Assurance to get it; your installed version keeps working.`,
  not_paid: (v) =>
    `${v} was released while your Software Assurance renewal is unpaid. Pay the open invoice to get it.`,
  hotfix_requires_agreement: (v) =>
    `${v} is a hot-fix, which comes with a maintenance agreement. Ask your vendor about a maintenance agreement to receive hot-fixes; regular updates are not affected.`,
  platform_incompatible: (v) =>
    `${v} is not made for your Dynamics 365 or Odoo version. Look for a release for your version, or upgrade your CRM first.`,
  legacy_window_closed: (v) =>
    `${v} is not available for your CRM version: updates for it ended two years after its successor came out. Upgrade your CRM to receive updates again.`,
  legacy_patch_only: (v) =>
    `${v} adds new features, which are only made for the current CRM version. Your older CRM version still gets bug and security fixes; upgrade your CRM to get the new features.`,
  not_targeted: (v) =>
    `${v} is not yet offered to your organisation (it is limited to some regions, languages, editions or customers, or is being rolled out step by step). It may become available later.`,
};

export const REASON_CODES: readonly IneligibleReason[] = INELIGIBLE_REASONS;

/** One sentence, without jargon, saying why a release is not offered (e.g. not_paid → "...Pay the open invoice to get it."). */
export function describeReason(reason: IneligibleReason, release?: { version: string }): string {
  const describe = REASONS[reason as IneligibleReason];
  if (typeof reason !== 'string' || !Object.prototype.hasOwnProperty.call(REASONS, reason)) {
    throw new InvalidInputError('reason', `reason: unknown reason code ${JSON.stringify(reason)}`);
  }
  if (release !== undefined && (typeof release !== 'object' || release === null || typeof release.version !== 'string')) {
    throw new InvalidInputError('release.version', 'release.version: expected a version string');
  }
  return describe(release ? `Version ${release.version}` : 'This update');
}
