/**
 * SQLite schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records the
 * last applied one. Never edit a shipped migration: append a new one.
 *
 * Rules for a new migration (decisions U57–U59):
 * - A number that reached main is never given to another migration (main's 5 was once the key re-issue, now 6:
 *   sqlite/db.ts's RENUMBERED repairs databases of that time). Renumber on your branch before merging.
 * - After committing migration N, run `npx tsx scripts/schema-fixtures.ts`: it makes
 *   update-server/test/fixtures/schema/vN/ with the committed code's own demo; commit it. schema-upgrade.test.ts
 *   fails while a schema version has no fixture (or is not listed as skipped in fixtures/schema/index.json).
 * - A database whose user_version is above SQLITE_MIGRATIONS.length is refused, never touched (sqlite/db.ts).
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  INSERT INTO counters (name, value) VALUES ('manifest_serial', 0);
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'publisher', 'billing', 'partner')),
    partner_id TEXT,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE platform_lines (
    platform TEXT NOT NULL,
    line TEXT NOT NULL,
    released_on TEXT NOT NULL,
    mainstream_ends_on TEXT,
    PRIMARY KEY (platform, line)
  );
  CREATE TABLE addons (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE addon_lines (
    addon TEXT NOT NULL REFERENCES addons(id),
    platform TEXT NOT NULL,
    line TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (addon, platform, line)
  );
  CREATE TABLE releases (
    id TEXT PRIMARY KEY,
    addon TEXT NOT NULL REFERENCES addons(id),
    version TEXT NOT NULL,
    platform TEXT NOT NULL,
    published_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (addon, platform, version)
  );
  CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    partner_id TEXT,
    data TEXT NOT NULL,
    contract_start TEXT,
    terminated_at TEXT,
    termination_reason TEXT,
    cancellation TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX customers_partner ON customers(partner_id);
  CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    ordered_on TEXT NOT NULL,
    licence_key_id TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX orders_customer ON orders(customer_id);
  CREATE TABLE licences (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    data TEXT NOT NULL
  );
  CREATE INDEX licences_customer ON licences(customer_id);
  CREATE TABLE licence_keys (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    order_id TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    order_id TEXT,
    kind TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX invoices_customer ON invoices(customer_id);
  CREATE UNIQUE INDEX invoices_one_renewal ON invoices(customer_id, period_start) WHERE kind = 'renewal';
  CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    customer_id TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    paid_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX payments_customer ON payments(customer_id);
  CREATE TABLE orgs (
    org_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    environment TEXT NOT NULL CHECK (environment IN ('production', 'sandbox')),
    data TEXT NOT NULL
  );
  CREATE INDEX orgs_customer ON orgs(customer_id);
  CREATE TABLE installs (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    data TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX installs_customer ON installs(customer_id);
  `,
  // 2: issue #5 — plans, prepaid credit, maintenance upgrades, support requests.
  `
  CREATE TABLE credit_entries (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('deposit', 'applied')),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    invoice_id TEXT REFERENCES invoices(id),
    reference TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX credit_entries_customer ON credit_entries(customer_id, currency);
  CREATE TABLE maintenance_upgrades (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    requested_on TEXT NOT NULL,
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX maintenance_upgrades_customer ON maintenance_upgrades(customer_id, requested_on);
  INSERT INTO counters (name, value) VALUES ('support_request_number', 0);
  CREATE TABLE support_requests (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX support_requests_customer ON support_requests(customer_id, created_at);
  CREATE TABLE support_time_entries (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES support_requests(id),
    started_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX support_time_entries_request ON support_time_entries(request_id, started_at);
  `,
  // 3: issue #9 — one version may be published once per CRM line. SQLite cannot drop the table's
  // UNIQUE (addon, platform, version), so the table is rebuilt (every row kept as it was); the new uniqueness is
  // one row per (addon, platform, version, line) in release_lines, filled from each release's `lines`.
  `
  CREATE TABLE releases_new (
    id TEXT PRIMARY KEY,
    addon TEXT NOT NULL REFERENCES addons(id),
    version TEXT NOT NULL,
    platform TEXT NOT NULL,
    published_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  INSERT INTO releases_new (rowid, id, addon, version, platform, published_at, sha256, size, data, created_at)
    SELECT rowid, id, addon, version, platform, published_at, sha256, size, data, created_at FROM releases;
  DROP TABLE releases;
  ALTER TABLE releases_new RENAME TO releases;
  CREATE INDEX releases_version ON releases(addon, platform, version);
  CREATE TABLE release_lines (
    release_id TEXT NOT NULL REFERENCES releases(id),
    addon TEXT NOT NULL,
    platform TEXT NOT NULL,
    version TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (addon, platform, version, line)
  );
  CREATE INDEX release_lines_release ON release_lines(release_id);
  INSERT INTO release_lines (release_id, addon, platform, version, line)
    SELECT DISTINCT r.id, r.addon, r.platform, r.version, l.value FROM releases r, json_each(r.data, '$.lines') l;
  `,
  // 4: issue #9 — install reports carry the add-on's own id (a uuid) and are stored once per id.
  `
  ALTER TABLE installs ADD COLUMN install_id TEXT;
  CREATE UNIQUE INDEX installs_install_id ON installs(install_id) WHERE install_id IS NOT NULL;
  `,
  // 5: issue #12 — the vendor's price list (U35): the price of one licence per add-on, edition, feature and currency.
  // No edition / no feature is stored as '' (a tag is never empty), so the key is a plain primary key.
  `
  CREATE TABLE price_list (
    addon TEXT NOT NULL REFERENCES addons(id),
    edition TEXT NOT NULL DEFAULT '',
    feature TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (addon, edition, feature, currency)
  );
  `,
  // 6: issue #12 — a licence key can be re-issued (a new secret under the same key id, so org bindings stay).
  `
  ALTER TABLE licence_keys ADD COLUMN reissued_at TEXT;
  ALTER TABLE licence_keys ADD COLUMN reissue_reason TEXT;
  `,
  // 7: issue #14 item 4 — the fleet report (decision U71): what each org's last update check of an add-on said (the
  // installed version, the platform version and the region and language the judgement read), one row per org and
  // add-on; and install reports found by org, add-on and time, so the report's one query finds each last install.
  `
  CREATE TABLE update_checks (
    org_id TEXT NOT NULL REFERENCES orgs(org_id),
    addon TEXT NOT NULL REFERENCES addons(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    installed_version TEXT NOT NULL,
    platform_version TEXT NOT NULL,
    line TEXT NOT NULL,
    region TEXT,
    language TEXT,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (org_id, addon)
  );
  CREATE INDEX update_checks_customer ON update_checks(customer_id);
  CREATE INDEX installs_org_addon ON installs(org_id, json_extract(data, '$.addon'), recorded_at);
  `,
];
