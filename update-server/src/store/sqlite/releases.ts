/** Platform lines, add-ons and their line status, releases (one build per line and version, issue #9), install reports. */
import { compact, json, optional, addon, type Row } from '../rows';
import type { Platform, PlatformLine } from '@crm-assurance/license-core';
import { ReleaseLineTakenError } from '../errors';
import type { AddonLineRecord, AddonRecord, InstallRecord, ReleaseRecord } from '../store';
import type { SqliteDb } from './db';
import type { ReleasesPart } from '../aggregates';
import { ReleaseListings } from '../release-listing';

export class SqliteReleases implements ReleasesPart {
  private readonly listings = new ReleaseListings();

  constructor(private readonly db: SqliteDb) {}

  // --- platform lines, add-ons ---------------------------------------------------------------------------------

  upsertPlatformLine(line: PlatformLine): Promise<{ created: boolean; serial: number }> {
    return this.db.tx(() => {
      const existing = this.db.statement(`SELECT 1 FROM platform_lines WHERE platform = ? AND line = ?`).get(line.platform, line.line);
      this.db
        .statement(
          `INSERT INTO platform_lines (platform, line, released_on, mainstream_ends_on) VALUES (?, ?, ?, ?)
           ON CONFLICT(platform, line) DO UPDATE SET released_on = excluded.released_on, mainstream_ends_on = excluded.mainstream_ends_on`,
        )
        .run(line.platform, line.line, line.releasedOn, line.mainstreamEndsOn ?? null);
      return { created: !existing, serial: this.db.bumpSerial() };
    });
  }

  listPlatformLines(platform?: Platform): Promise<PlatformLine[]> {
    return this.db.read(() => {
      const rows = (
        platform
          ? this.db.statement(`SELECT * FROM platform_lines WHERE platform = ? ORDER BY released_on`).all(platform)
          : this.db.statement(`SELECT * FROM platform_lines ORDER BY platform, released_on`).all()
      ) as Row[];
      return rows.map((r) =>
        compact({
          platform: r.platform as Platform,
          line: String(r.line),
          releasedOn: String(r.released_on),
          mainstreamEndsOn: optional(r.mainstream_ends_on),
        }),
      );
    });
  }

  insertAddon(record: AddonRecord): Promise<void> {
    return this.db.tx(() => {
      this.db.statement(`INSERT INTO addons (id, name, created_at) VALUES (?, ?, ?)`).run(record.id, record.name, record.createdAt);
    });
  }

  getAddon(id: string): Promise<AddonRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT * FROM addons WHERE id = ?`).get(id) as Row | undefined;
      return row ? addon(row) : undefined;
    });
  }

  listAddons(): Promise<AddonRecord[]> {
    return this.db.read(() => (this.db.statement(`SELECT * FROM addons ORDER BY id`).all() as Row[]).map(addon));
  }

  upsertAddonLine(record: AddonLineRecord): Promise<number> {
    return this.db.tx(() => {
      this.db
        .statement(
          `INSERT INTO addon_lines (addon, platform, line, status, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(addon, platform, line) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
        )
        .run(record.addon, record.platform, record.line, JSON.stringify(record.status), record.updatedAt);
      return this.db.bumpSerial();
    });
  }

  listAddonLines(addonId: string): Promise<AddonLineRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT * FROM addon_lines WHERE addon = ?`).all(addonId) as Row[]).map((r) => ({
        addon: String(r.addon),
        platform: r.platform as Platform,
        line: String(r.line),
        status: json(r.status),
        updatedAt: String(r.updated_at),
      })),
    );
  }

  // --- releases ------------------------------------------------------------------------------------------------

  insertRelease(release: ReleaseRecord): Promise<number> {
    return this.db.tx(() => {
      // Issue #9: one build per (addon, platform, version, line); the primary key of release_lines guards races
      // with another process (a violation surfaces as StoreConflictError, constraint release_exists).
      const taken = this.db.statement(`SELECT release_id FROM release_lines WHERE addon = ? AND platform = ? AND version = ? AND line = ?`);
      for (const line of release.lines) {
        const row = taken.get(release.addon, release.platform, release.version, line) as Row | undefined;
        if (row) throw new ReleaseLineTakenError(line, String(row.release_id));
      }
      this.db
        .statement(
          `INSERT INTO releases (id, addon, version, platform, published_at, sha256, size, data, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          release.id,
          release.addon,
          release.version,
          release.platform,
          release.publishedAt,
          release.sha256,
          release.size,
          JSON.stringify(compact(release)),
          release.createdAt,
        );
      const addLine = this.db.statement(`INSERT INTO release_lines (release_id, addon, platform, version, line) VALUES (?, ?, ?, ?, ?)`);
      for (const line of new Set(release.lines)) addLine.run(release.id, release.addon, release.platform, release.version, line);
      return this.db.bumpSerial();
    });
  }

  getRelease(id: string): Promise<ReleaseRecord | undefined> {
    return this.db.read(() => {
      const row = this.db.statement(`SELECT data FROM releases WHERE id = ?`).get(id) as Row | undefined;
      return row ? json<ReleaseRecord>(row.data) : undefined;
    });
  }

  findReleases(addonId: string, platform: Platform, version: string): Promise<ReleaseRecord[]> {
    return this.db.read(() =>
      (
        this.db
          .statement(`SELECT data FROM releases WHERE addon = ? AND platform = ? AND version = ? ORDER BY published_at, rowid`)
          .all(addonId, platform, version) as Row[]
      ).map((r) => json<ReleaseRecord>(r.data)),
    );
  }

  /** Parsed once per manifest serial (decision U77, release-listing.ts): a release write bumps the serial. */
  listReleases(addonId?: string): Promise<ReleaseRecord[]> {
    return this.db.read(() =>
      this.listings.get(addonId, this.db.manifestSerial(), () => {
        const rows = (
          addonId
            ? this.db.statement(`SELECT data FROM releases WHERE addon = ? ORDER BY published_at, id`).all(addonId)
            : this.db.statement(`SELECT data FROM releases ORDER BY addon, published_at, id`).all()
        ) as Row[];
        return rows.map((r) => json<ReleaseRecord>(r.data));
      }),
    );
  }

  // --- install reports -----------------------------------------------------------------------------------------

  recordInstall(install: InstallRecord): Promise<{ kind: 'created' | 'duplicate' | 'conflict'; install: InstallRecord }> {
    return this.db.tx(() => {
      if (install.installId !== undefined) {
        const row = this.db.statement(`SELECT data FROM installs WHERE install_id = ?`).get(install.installId) as Row | undefined;
        if (row) {
          const stored = json<InstallRecord>(row.data);
          // The same report: everything the add-on sent, and the customer and org it was sent for.
          const same = (['customerId', 'orgId', 'addon', 'fromVersion', 'toVersion', 'outcome', 'error'] as const).every((k) => stored[k] === install[k]);
          return { kind: same ? ('duplicate' as const) : ('conflict' as const), install: stored };
        }
      }
      this.db
        .statement(`INSERT INTO installs (id, customer_id, org_id, data, recorded_at, install_id) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(install.id, install.customerId, install.orgId, JSON.stringify(compact(install)), install.recordedAt, install.installId ?? null);
      return { kind: 'created' as const, install };
    });
  }

  listInstalls(customerId: string): Promise<InstallRecord[]> {
    return this.db.read(() =>
      (this.db.statement(`SELECT data FROM installs WHERE customer_id = ? ORDER BY recorded_at, rowid`).all(customerId) as Row[]).map((r) =>
        json<InstallRecord>(r.data),
      ),
    );
  }
}
