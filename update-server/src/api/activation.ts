/** Answers of the add-on's activation and entitlement routes: signed documents for one org. */
import { ORG_ENVIRONMENTS } from '@crm-assurance/license-core';
import { z } from 'zod';
import { contractState, instant, jwt, platform } from './values';

export const activated = z.object({
  licence: jwt.describe('JWT, doc=licence, aud=orgId, no exp'),
  entitlement: jwt.describe('JWT, doc=entitlement, aud=orgId, exp = now + entitlementGraceDays'),
  customer: z.object({ id: z.string(), name: z.string() }),
  org: z.object({ id: z.string(), url: z.string(), environment: z.enum(ORG_ENVIRONMENTS), platform, line: z.string() }),
});
export const entitlementIssued = z.object({
  entitlement: jwt.describe('JWT, doc=entitlement'),
  status: contractState,
  expiresAt: instant.optional().describe('the JWT’s exp'),
});

export type Activated = z.output<typeof activated>;
export type EntitlementIssued = z.output<typeof entitlementIssued>;
