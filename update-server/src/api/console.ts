/** Answers of the vendor console's session routes (issue #15, decision U84). */
import { z } from 'zod';
import { API_KEY_ROLES } from '../store/store';

export const consoleSession = z.object({
  name: z.string().describe('the name of the API key the session was opened with'),
  role: z.enum(API_KEY_ROLES),
  partnerId: z.string().optional().describe('a partner key: the partner whose customers it sees'),
  csrfToken: z.string().describe('send it as X-CSRF-Token on every write of this session; keep it in memory only'),
  idleTimeoutSeconds: z.number().int().positive().describe('the session ends after this long without a request'),
});
