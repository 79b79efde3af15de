/** Platform lines, add-ons and their line status, releases (one build per line and version, issue #9), install reports, on PostgreSQL. */
import { compact, json, optional, addon } from '../rows';
import type { Platform, PlatformLine } from '@crm-assurance/license-core';
import { ReleaseLineTakenError } from '../errors';
import type { AddonLineRecord, AddonRecord, InstallRecord, ReleaseRecord } from '../store';
import type { ReleasesPart } from '../aggregates';
import type { PgDb } from './db';
import { ReleaseListings } from '../release-listing';

export class PgReleases implements ReleasesPart {
  private readonly listings = new ReleaseListings();

  constructor(private readonly db: PgDb) {}

  // --- platform lines, add-ons ---------------------------------------------------------------------------------

  upsertPlatformLine(line: PlatformLine): Promise<{ created: boolean; serial: number }> {
    return this.db.tx(async (sql) => {
      const existing = await sql.row(`SELECT 1 FROM platform_lines WHERE platform = $1 AND line = $2`, [line.platform, line.line]);
      await sql.run(
        `INSERT INTO platform_lines (platform, line, released_on, mainstream_ends_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, line) DO UPDATE SET released_on = excluded.released_on, mainstream_ends_on = excluded.mainstream_ends_on`,
        [line.platform, line.line, line.releasedOn, line.mainstreamEndsOn ?? null],
      );
      return { created: !existing, serial: await this.db.bumpSerial(sql) };
    });
  }

  async listPlatformLines(platform?: Platform): Promise<PlatformLine[]> {
    const rows = platform
      ? await this.db.sql.rows(`SELECT * FROM platform_lines WHERE platform = $1 ORDER BY released_on`, [platform])
      : await this.db.sql.rows(`SELECT * FROM platform_lines ORDER BY platform, released_on`);
    return rows.map((r) =>
      compact({
        platform: r.platform as Platform,
        line: String(r.line),
        releasedOn: String(r.released_on),
        mainstreamEndsOn: optional(r.mainstream_ends_on),
      }),
    );
  }

  insertAddon(record: AddonRecord): Promise<void> {
    return this.db.tx(async (sql) => {
      await sql.run(`INSERT INTO addons (id, name, created_at) VALUES ($1, $2, $3)`, [record.id, record.name, record.createdAt]);
    });
  }

  async getAddon(id: string): Promise<AddonRecord | undefined> {
    const row = await this.db.sql.row(`SELECT * FROM addons WHERE id = $1`, [id]);
    return row ? addon(row) : undefined;
  }

  async listAddons(): Promise<AddonRecord[]> {
    return (await this.db.sql.rows(`SELECT * FROM addons ORDER BY id`)).map(addon);
  }

  upsertAddonLine(record: AddonLineRecord): Promise<number> {
    return this.db.tx(async (sql) => {
      await sql.run(
        `INSERT INTO addon_lines (addon, platform, line, status, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (addon, platform, line) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
        [record.addon, record.platform, record.line, JSON.stringify(record.status), record.updatedAt],
      );
      return this.db.bumpSerial(sql);
    });
  }

  async listAddonLines(addonId: string): Promise<AddonLineRecord[]> {
    // The key order: what SQLite answers too (it reads them through the primary key's index).
    return (await this.db.sql.rows(`SELECT * FROM addon_lines WHERE addon = $1 ORDER BY platform, line`, [addonId])).map((r) => ({
      addon: String(r.addon),
      platform: r.platform as Platform,
      line: String(r.line),
      status: json(r.status),
      updatedAt: String(r.updated_at),
    }));
  }

  // --- releases ------------------------------------------------------------------------------------------------

  insertRelease(release: ReleaseRecord): Promise<number> {
    return this.db.tx(async (sql) => {
      // Issue #9: one build per (addon, platform, version, line); the primary key of release_lines guards races.
      for (const line of release.lines) {
        const row = await sql.row(`SELECT release_id FROM release_lines WHERE addon = $1 AND platform = $2 AND version = $3 AND line = $4`, [
          release.addon,
          release.platform,
          release.version,
          line,
        ]);
        if (row) throw new ReleaseLineTakenError(line, String(row.release_id));
      }
      await sql.run(
        `INSERT INTO releases (id, addon, version, platform, published_at, sha256, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [release.id, release.addon, release.version, release.platform, release.publishedAt, release.sha256, release.size, JSON.stringify(compact(release)), release.createdAt],
      );
      for (const line of new Set(release.lines)) {
        await sql.run(`INSERT INTO release_lines (release_id, addon, platform, version, line) VALUES ($1, $2, $3, $4, $5)`, [
          release.id,
          release.addon,
          release.platform,
          release.version,
          line,
        ]);
      }
      return this.db.bumpSerial(sql);
    });
  }

  async getRelease(id: string): Promise<ReleaseRecord | undefined> {
    const row = await this.db.sql.row(`SELECT data FROM releases WHERE id = $1`, [id]);
    return row ? json<ReleaseRecord>(row.data) : undefined;
  }

  async findReleases(addonId: string, platform: Platform, version: string): Promise<ReleaseRecord[]> {
    const rows = await this.db.sql.rows(`SELECT data FROM releases WHERE addon = $1 AND platform = $2 AND version = $3 ORDER BY published_at, seq`, [addonId, platform, version]);
    return rows.map((r) => json<ReleaseRecord>(r.data));
  }

  /**
   * Parsed once per manifest serial (decision U77, release-listing.ts): a release write bumps the serial in its
   * transaction, on whichever instance made it. The serial is read first, the rows only when it moved.
   */
  async listReleases(addonId?: string): Promise<ReleaseRecord[]> {
    const serial = await this.db.manifestSerial();
    return this.listings.getAsync(addonId, serial, async () => {
      const rows = addonId
        ? await this.db.sql.rows(`SELECT data FROM releases WHERE addon = $1 ORDER BY published_at, id`, [addonId])
        : await this.db.sql.rows(`SELECT data FROM releases ORDER BY addon, published_at, id`);
      return rows.map((r) => json<ReleaseRecord>(r.data));
    });
  }

  // --- install reports -----------------------------------------------------------------------------------------

  recordInstall(install: InstallRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; install: InstallRecord }> {
    return this.db.tx(async (sql) => {
      if (install.installId !== undefined) {
        const row = await sql.row(`SELECT data FROM installs WHERE install_id = $1`, [install.installId]);
        if (row) {
          const stored = json<InstallRecord>(row.data);
          // The same report: everything the add-on sent, and the customer and org it was sent for.
          const same = (['customerId', 'orgId', 'addon', 'fromVersion', 'toVersion', 'outcome', 'error'] as const).every((k) => stored[k] === install[k]);
          return { kind: same ? ('duplicate' as const) : ('conflict' as const), install: stored };
        }
      }
      await sql.run(`INSERT INTO installs (id, customer_id, org_id, data, recorded_at, install_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
        install.id,
        install.customerId,
        install.orgId,
        JSON.stringify(compact(install)),
        install.recordedAt,
        install.installId ?? null,
      ]);
      return { kind: 'created' as const, install };
    });
  }

  async listInstalls(customerId: string): Promise<InstallRecord[]> {
    return (await this.db.sql.rows(`SELECT data FROM installs WHERE customer_id = $1 ORDER BY recorded_at, seq`, [customerId])).map((r) => json<InstallRecord>(r.data));
  }
}
