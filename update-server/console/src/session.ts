/** Who is signed in (GET/POST/DELETE /console/session, decision U84). Nothing of it is written to the page's storage. */
import { get, request, setCsrfToken } from './api';

export type Role = 'admin' | 'publisher' | 'billing' | 'partner';

export interface Session {
  name: string;
  role: Role;
  partnerId?: string;
  csrfToken: string;
  idleTimeoutSeconds: number;
}

export async function currentSession(): Promise<Session | undefined> {
  try {
    const session = await get<Session>('/console/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch {
    return undefined;
  }
}

export async function signIn(apiKey: string): Promise<Session> {
  const session = await request<Session>('POST', '/console/session', { apiKey });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/console/session');
  } finally {
    setCsrfToken(undefined);
  }
}

/**
 * What each role may do in the console: exactly what its key may through the API (admin passes every check,
 * auth/vendor-auth.ts): payments `requireRole('billing')` (routes/payments.ts), termination `requireRole('admin')`
 * (routes/termination.ts), cancellation and key re-issue `requireRole('billing', 'partner')`, publishing
 * `requireRole('publisher')`, support `requireRole('billing', 'partner')`. The server decides; these only keep the
 * page from offering what it would refuse (decision C34).
 */
const is = (...roles: Role[]) => (r: Role): boolean => r === 'admin' || roles.includes(r);
export const may = {
  /** The overview's money (GET /v1/overview: billing, partner). */
  seeMoney: is('billing', 'partner'),
  seeCustomers: is('billing', 'partner'),
  recordPayment: is('billing'),
  cancel: is('billing', 'partner'),
  terminate: is(),
  reissueKey: is('billing', 'partner'),
  publish: is('publisher'),
  support: is('billing', 'partner'),
};
