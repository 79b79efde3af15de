/** Answers of the vendor console's session routes (issue #15, decision U84). */
import { z } from 'zod';

export const consoleSession = z.object({
  name: z.string().describe('the name of the API key the session was opened with'),
  role: z.enum(['admin', 'publisher', 'billing', 'partner']),
  partnerId: z.string().optional().describe('a partner key: the partner whose customers it sees'),
  csrfToken: z.string().describe('send it as X-CSRF-Token on every write of this session; keep it in memory only'),
  idleTimeoutSeconds: z.number().int().positive().describe('the session ends after this long without a request'),
});
