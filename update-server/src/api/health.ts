/** Answer of the health check (decision U39): the store answers, and the signing certificate in use. */
import { z } from 'zod';
import { instant } from './values';

export const health = z.object({
  status: z.enum(['ok', 'degraded', 'failing']).describe('degraded: the signing certificate expires within 30 days; failing (HTTP 503): it has expired'),
  time: instant,
  signingCertificate: z.object({
    serial: z.string().regex(/^[0-9a-f]{1,40}$/).describe('lower-case hex, as manifests list revoked certificates'),
    notBefore: instant,
    notAfter: instant,
    daysLeft: z.number().int().describe('whole days until notAfter (negative once expired)'),
    status: z.enum(['valid', 'expiring', 'expired']),
  }),
  revokedCertificates: z.number().int().min(0).describe('how many revoked signing certificates every manifest lists'),
});
export type Health = z.output<typeof health>;
