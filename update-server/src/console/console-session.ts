/**
 * Sessions of the vendor console (issue #15, decision U84). A vendor signs in with an API key once; the console then
 * works with a session cookie, so no secret is ever kept by the page (no key in localStorage or sessionStorage, and the
 * cookie is HttpOnly: the page's script cannot read it).
 *
 * - The cookie holds a random 256-bit session id; the server keeps only its sha256, with the hash of the API key it was
 *   opened with. Each request looks the key up again by that hash, so revoking the key ends its sessions at once.
 * - Idle timeout (default 30 minutes) and an absolute lifetime (12 hours), both checked on each request.
 * - Writes need the session's CSRF token in `X-CSRF-Token` (the synchronizer-token pattern): the token comes in the
 *   sign-in answer and from `GET /console/session`, which a page on another origin cannot read. SameSite=Strict is the
 *   second fence.
 * - Sessions live in this process's memory: a restart signs everyone out, and the deployment runs one server process
 *   (deploy/nginx.conf has one upstream). A second process behind a balancer would need them in the store.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'cra_console';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  /** sha256 of the API key the session was opened with (the store's own key hash). */
  keyHash: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  idleMs: number;
  lifetimeMs: number;
  /** Most sessions kept at once; the least recently used goes first. */
  maxSessions: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, lifetimeMs: 12 * 3_600_000, maxSessions: 10_000 };

const digest = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export interface ConsoleSessions {
  /** Opens a session for an API key (by its hash): answers the cookie value and the CSRF token. */
  open(keyHash: string, now: number): { id: string; session: ConsoleSession };
  /** The live session of a cookie value, touched (its idle clock restarts); undefined when unknown or expired. */
  use(id: string, now: number): ConsoleSession | undefined;
  close(id: string): void;
  /** Ends every session opened with this key (its revocation ends them anyway; this frees the memory). */
  closeForKey(keyHash: string): void;
  readonly size: number;
}

export function createConsoleSessions(limits: SessionLimits = DEFAULT_SESSION_LIMITS): ConsoleSessions {
  // A Map keeps insertion order; a used session is moved to the end, so the first entry is the least recently used.
  const sessions = new Map<string, ConsoleSession>();
  const expired = (s: ConsoleSession, now: number) => now - s.lastSeenAt > limits.idleMs || now - s.createdAt > limits.lifetimeMs;
  return {
    open(keyHash, now) {
      const id = randomBytes(32).toString('base64url');
      const session: ConsoleSession = { keyHash, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now };
      while (sessions.size >= limits.maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest === undefined) break;
        sessions.delete(oldest);
      }
      sessions.set(digest(id), session);
      return { id, session };
    },
    use(id, now) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const key = digest(id);
      const session = sessions.get(key);
      if (!session) return undefined;
      if (expired(session, now)) {
        sessions.delete(key);
        return undefined;
      }
      session.lastSeenAt = now;
      sessions.delete(key);
      sessions.set(key, session);
      return session;
    },
    close(id) {
      sessions.delete(digest(id));
    },
    closeForKey(keyHash) {
      for (const [key, s] of sessions) if (s.keyHash === keyHash) sessions.delete(key);
    },
    get size() {
      return sessions.size;
    },
  };
}

/** Constant-time check of the CSRF token a write carries. */
export function csrfMatches(session: ConsoleSession, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(session.csrfToken, 'utf8');
  const b = Buffer.from(sent, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a Cookie header (RFC 6265 §5.4), or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
