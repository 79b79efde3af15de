/**
 * The parsed release listing of each add-on, kept by manifest serial (issue #14, item 2; decision U77). An update
 * check lists the add-on's 200 releases; parsing their JSON rows on every check was a tenth of its time. Every write
 * that adds or changes a release bumps the manifest serial in the same transaction (decision U4), so a listing read
 * at serial S is the listing for as long as the serial reads S, on this instance or any other sharing the database.
 * The records are frozen: every caller gets the same objects and none may change them.
 */
import type { ReleaseRecord } from './store';

function frozen(record: ReleaseRecord): ReleaseRecord {
  for (const value of Object.values(record)) if (value !== null && typeof value === 'object') Object.freeze(value);
  return Object.freeze(record);
}

export class ReleaseListings {
  private readonly byAddon = new Map<string, { serial: number; releases: readonly ReleaseRecord[] }>();

  /**
   * The listing of `addon` (undefined: every add-on) at `serial`, read with `read` when the kept one is older. Read the
   * serial BEFORE the rows: rows read afterwards are at least as new, so a listing is never kept under a newer serial
   * than its own.
   */
  get(addon: string | undefined, serial: number, read: () => ReleaseRecord[]): ReleaseRecord[] {
    const key = addon ?? '';
    const kept = this.byAddon.get(key);
    if (kept && kept.serial === serial) return [...kept.releases];
    const releases = read().map(frozen);
    // Add-ons are few; the map is emptied when it grows anyway (ids of removed add-ons are never asked again).
    if (this.byAddon.size > 1000) this.byAddon.clear();
    this.byAddon.set(key, { serial, releases });
    return [...releases];
  }

  async getAsync(addon: string | undefined, serial: number, read: () => Promise<ReleaseRecord[]>): Promise<ReleaseRecord[]> {
    const key = addon ?? '';
    const kept = this.byAddon.get(key);
    if (kept && kept.serial === serial) return [...kept.releases];
    const rows = await read();
    return this.get(addon, serial, () => rows);
  }
}
