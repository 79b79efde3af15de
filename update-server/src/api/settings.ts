/** Answers of the admin routes: the vendor's settings and the API keys (never their secrets, but once). */
import { z } from 'zod';
import { API_KEY_ROLES, type ApiKeyRole } from '../store/store';
import { instant, money } from './values';

export const vendorSettings = z.object({
  vendorId: z.string(),
  vendorName: z.string(),
  timeZone: z.string().describe('IANA zone in which contract dates are read'),
  assuranceRateBp: z.number().int().describe('assurance fee, basis points of the list price'),
  sandboxOrgsAllowed: z.number().int(),
  entitlementGraceDays: z.number().int(),
  manifestTtlSeconds: z.number().int(),
  downloadTokenTtlSeconds: z.number().int(),
  paymentTermDays: z.number().int(),
  supportHourlyRate: money,
  corsOrigins: z.array(z.string()),
});
export const apiKeyRole = z.enum(API_KEY_ROLES as unknown as [ApiKeyRole, ...ApiKeyRole[]]);
export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: apiKeyRole,
  partnerId: z.string().optional(),
  createdAt: instant,
  revokedAt: instant.optional(),
});
export const apiKeyCreated = apiKey.extend({ apiKey: z.string().describe('the secret, shown once') });
export const apiKeyList = z.object({ apiKeys: z.array(apiKey) });

export type VendorSettings = z.output<typeof vendorSettings>;
export type ApiKey = z.output<typeof apiKey>;
export type ApiKeyCreated = z.output<typeof apiKeyCreated>;
export type ApiKeyList = z.output<typeof apiKeyList>;
