/**
 * One install at a time per org, visible to every tab and surviving a reload (issue #9, decision D41).
 *
 * The install is a record in the org (setting `install`), moved from phase to phase by compare-and-set writes on the
 * record's version (ETag). Whoever wins the write into a phase does that phase's work; everybody else watches:
 *
 *   download → import → promote → publish → report → done        (or → failed from any phase)
 *
 * - `download` needs the tab that downloads: it refreshes `heartbeatAt`; a download silent for longer than
 *   STALE_MS is abandoned, and a new install may start.
 * - `import` runs in the org, not in the page: any tab follows the import job (the ImportJobId is in the record),
 *   and the first to see it finished moves on. A reloaded page therefore finds the import and shows it.
 * - `promote`, `publish`, `report` are short; if their owner vanished (heartbeat stale), another tab takes them over.
 * - `report` sends the outcome with the record's id as `installId`; the server keeps one record per id. A report the
 *   server did not acknowledge is marked `reported: false` and sent again (same id) on the next online open, so the
 *   vendor hears of each install exactly once.
 */
import { AddonError } from './client-error';
import type { HostAdapter, VersionedSetting } from './host-adapter';

export type InstallPhase = 'download' | 'import' | 'promote' | 'publish' | 'report' | 'done' | 'failed';

export interface InstallRecord {
  id: string;
  fromVersion: string;
  toVersion: string;
  phase: InstallPhase;
  /** Who started it (the CRM user's name), for the other tabs' message. */
  by?: string;
  startedAt: string;
  heartbeatAt: string;
  importJobId?: string;
  /** The import's last progress, for watchers. */
  progress?: number;
  outcome?: 'succeeded' | 'failed';
  error?: string;
  /** Whether the update server acknowledged the report; false: it is sent again on the next online open. */
  reported?: boolean;
}

export const STALE_MS = 60_000;
const ACTIVE: readonly InstallPhase[] = ['download', 'import', 'promote', 'publish', 'report'];

export function isActive(record: InstallRecord | undefined, now: number): boolean {
  if (!record || !ACTIVE.includes(record.phase)) return false;
  // The import runs in the org: never stale by time. Other phases need a live tab.
  if (record.phase === 'import') return true;
  return now - Date.parse(record.heartbeatAt) < STALE_MS;
}

export function parseRecord(stored: VersionedSetting | undefined): { record: InstallRecord; etag: string } | undefined {
  if (!stored) return undefined;
  try {
    const record = JSON.parse(stored.value) as InstallRecord;
    return typeof record?.id === 'string' && typeof record.phase === 'string' ? { record, etag: stored.etag } : undefined;
  } catch {
    return undefined;
  }
}

/** The install record store: read, and compare-and-set writes. */
export class InstallLock {
  constructor(
    private readonly host: HostAdapter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(): Promise<{ record: InstallRecord; etag: string } | undefined> {
    return parseRecord(await this.host.readVersionedSetting('install'));
  }

  /**
   * Takes the lock for a new install: only if there is no record, or the record is finished or abandoned, and nobody
   * else took it between our read and our write.
   */
  async acquire(start: Omit<InstallRecord, 'phase' | 'startedAt' | 'heartbeatAt'>): Promise<{ record: InstallRecord; etag: string }> {
    const current = await this.read();
    if (current && isActive(current.record, this.now().getTime())) throw busy(current.record);
    const at = this.now().toISOString();
    const record: InstallRecord = { ...start, phase: 'download', startedAt: at, heartbeatAt: at };
    try {
      const etag = await this.host.writeSetting('install', JSON.stringify(record), current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return { record, etag };
    } catch (error) {
      if (error instanceof AddonError && error.code === 'setting_conflict') {
        const winner = await this.read();
        throw winner ? busy(winner.record) : error;
      }
      throw error;
    }
  }

  /** Moves the record on, if it is still at `etag`; undefined when another tab moved it first. */
  async advance(from: { record: InstallRecord; etag: string }, changes: Partial<InstallRecord>): Promise<{ record: InstallRecord; etag: string } | undefined> {
    const record: InstallRecord = { ...from.record, ...changes, heartbeatAt: this.now().toISOString() };
    try {
      return { record, etag: await this.host.writeSetting('install', JSON.stringify(record), { ifMatch: from.etag }) };
    } catch (error) {
      if (error instanceof AddonError && error.code === 'setting_conflict') return undefined;
      throw error;
    }
  }
}

export function busy(record: InstallRecord): AddonError {
  return new AddonError(
    'install_in_progress',
    `${record.by ?? 'Someone'} is installing version ${record.toVersion} in this organisation (started ${record.startedAt.slice(11, 16)} UTC). Wait until it has finished; this page shows its progress.`,
  );
}
