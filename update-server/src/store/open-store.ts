/**
 * Which store a location names (issue #14, decision U63): a `postgres://` or `postgresql://` URL is a PostgreSQL
 * database (postgres-store.ts); anything else is the path of a SQLite file, the embedded default.
 */
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';
import { onUse } from '../on-use';

/** True when `location` is a PostgreSQL URL rather than a file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(location: string): Promise<Store> {
  // Decision U78: the PostgreSQL driver loads only for a PostgreSQL store (it was ~45 ms of every SQLite start).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (on-use.ts)
  if (isPostgresUrl(location)) return onUse<typeof import('./postgres-store')>(() => require('./postgres-store')).openPostgresStore(location);
  return openSqliteStore(location);
}
