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

/** What each role may do in the console: the same as its key may through the API (vendor-auth.ts requireRole). */
export const may = {
  seeMoney: (r: Role) => r === 'admin' || r === 'billing' || r === 'partner',
  recordPayment: (r: Role) => r === 'admin' || r === 'billing' || r === 'partner',
  terminate: (r: Role) => r === 'admin' || r === 'billing',
  publish: (r: Role) => r === 'admin' || r === 'publisher',
  support: (r: Role) => r === 'admin' || r === 'billing' || r === 'partner',
};
