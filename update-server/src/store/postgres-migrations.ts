/**
 * PostgreSQL schema migrations (issue #14, decision U60), applied in order, each in its own transaction; the
 * `schema_version` table records the last applied one. Its own list, not SQLite's: migration 1 is the schema the six
 * SQLite migrations have built, in PostgreSQL's types. Never edit a shipped migration: append a new one.
 *
 * Types (U60): money and counters BIGINT; instants and calendar dates TEXT exactly as the store is given them (ISO
 * strings), so records read back equal what SQLite returns; every text column COLLATE "C", so ORDER BY sorts by
 * bytes as SQLite does, whatever the database's locale. Tables SQLite orders by rowid have a `seq` identity column.
 */
const T = 'TEXT COLLATE "C"';

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key ${T} PRIMARY KEY,
    value ${T} NOT NULL
  );
  CREATE TABLE counters (
    name ${T} PRIMARY KEY,
    value BIGINT NOT NULL
  );
  INSERT INTO counters (name, value) VALUES ('manifest_serial', 0), ('support_request_number', 0);
  CREATE TABLE api_keys (
    id ${T} PRIMARY KEY,
    name ${T} NOT NULL,
    role ${T} NOT NULL CHECK (role IN ('admin', 'publisher', 'billing', 'partner')),
    partner_id ${T},
    key_hash ${T} NOT NULL UNIQUE,
    created_at ${T} NOT NULL,
    revoked_at ${T}
  );
  CREATE TABLE platform_lines (
    platform ${T} NOT NULL,
    line ${T} NOT NULL,
    released_on ${T} NOT NULL,
    mainstream_ends_on ${T},
    PRIMARY KEY (platform, line)
  );
  CREATE TABLE addons (
    id ${T} PRIMARY KEY,
    name ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE TABLE addon_lines (
    addon ${T} NOT NULL REFERENCES addons(id),
    platform ${T} NOT NULL,
    line ${T} NOT NULL,
    status ${T} NOT NULL,
    updated_at ${T} NOT NULL,
    PRIMARY KEY (addon, platform, line)
  );
  CREATE TABLE releases (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    addon ${T} NOT NULL REFERENCES addons(id),
    version ${T} NOT NULL,
    platform ${T} NOT NULL,
    published_at ${T} NOT NULL,
    sha256 ${T} NOT NULL,
    size BIGINT NOT NULL,
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX releases_version ON releases(addon, platform, version);
  CREATE TABLE release_lines (
    release_id ${T} NOT NULL REFERENCES releases(id),
    addon ${T} NOT NULL,
    platform ${T} NOT NULL,
    version ${T} NOT NULL,
    line ${T} NOT NULL,
    PRIMARY KEY (addon, platform, version, line)
  );
  CREATE INDEX release_lines_release ON release_lines(release_id);
  CREATE TABLE customers (
    id ${T} PRIMARY KEY,
    name ${T} NOT NULL,
    partner_id ${T},
    data ${T} NOT NULL,
    contract_start ${T},
    terminated_at ${T},
    termination_reason ${T},
    cancellation ${T},
    created_at ${T} NOT NULL
  );
  CREATE INDEX customers_partner ON customers(partner_id);
  CREATE TABLE orders (
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    ordered_on ${T} NOT NULL,
    licence_key_id ${T} NOT NULL,
    invoice_id ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX orders_customer ON orders(customer_id);
  CREATE TABLE licences (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    order_id ${T} NOT NULL REFERENCES orders(id),
    customer_id ${T} NOT NULL REFERENCES customers(id),
    data ${T} NOT NULL
  );
  CREATE INDEX licences_customer ON licences(customer_id);
  CREATE TABLE licence_keys (
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    order_id ${T} NOT NULL,
    key_hash ${T} NOT NULL UNIQUE,
    hint ${T} NOT NULL,
    created_at ${T} NOT NULL,
    reissued_at ${T},
    reissue_reason ${T}
  );
  CREATE TABLE invoices (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    order_id ${T},
    kind ${T} NOT NULL,
    issued_on ${T} NOT NULL,
    period_start ${T} NOT NULL,
    period_end ${T} NOT NULL,
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX invoices_customer ON invoices(customer_id);
  CREATE UNIQUE INDEX invoices_one_renewal ON invoices(customer_id, period_start) WHERE kind = 'renewal';
  CREATE TABLE payments (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    invoice_id ${T} NOT NULL REFERENCES invoices(id),
    customer_id ${T} NOT NULL,
    reference ${T} NOT NULL UNIQUE,
    amount BIGINT NOT NULL,
    currency ${T} NOT NULL,
    paid_at ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX payments_customer ON payments(customer_id);
  CREATE INDEX payments_invoice ON payments(invoice_id);
  CREATE TABLE orgs (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    org_id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    environment ${T} NOT NULL CHECK (environment IN ('production', 'sandbox')),
    data ${T} NOT NULL
  );
  CREATE INDEX orgs_customer ON orgs(customer_id);
  CREATE TABLE installs (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL,
    org_id ${T} NOT NULL,
    data ${T} NOT NULL,
    recorded_at ${T} NOT NULL,
    install_id ${T}
  );
  CREATE INDEX installs_customer ON installs(customer_id);
  CREATE UNIQUE INDEX installs_install_id ON installs(install_id) WHERE install_id IS NOT NULL;
  CREATE TABLE credit_entries (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    kind ${T} NOT NULL CHECK (kind IN ('deposit', 'applied')),
    amount BIGINT NOT NULL,
    currency ${T} NOT NULL,
    invoice_id ${T} REFERENCES invoices(id),
    reference ${T} NOT NULL UNIQUE,
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX credit_entries_customer ON credit_entries(customer_id, currency);
  CREATE TABLE maintenance_upgrades (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    requested_on ${T} NOT NULL,
    invoice_id ${T} NOT NULL REFERENCES invoices(id),
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX maintenance_upgrades_customer ON maintenance_upgrades(customer_id, requested_on);
  CREATE TABLE support_requests (
    id ${T} PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    customer_id ${T} NOT NULL REFERENCES customers(id),
    status ${T} NOT NULL CHECK (status IN ('open', 'closed')),
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX support_requests_customer ON support_requests(customer_id, created_at);
  CREATE TABLE support_time_entries (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id ${T} PRIMARY KEY,
    request_id ${T} NOT NULL REFERENCES support_requests(id),
    started_at ${T} NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    data ${T} NOT NULL,
    created_at ${T} NOT NULL
  );
  CREATE INDEX support_time_entries_request ON support_time_entries(request_id, started_at);
  CREATE TABLE price_list (
    addon ${T} NOT NULL REFERENCES addons(id),
    edition ${T} NOT NULL DEFAULT '',
    feature ${T} NOT NULL DEFAULT '',
    currency ${T} NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    updated_at ${T} NOT NULL,
    updated_by ${T} NOT NULL,
    PRIMARY KEY (addon, edition, feature, currency)
  );
  `,
  // 2: issue #14 item 4 — the fleet report (decision U71), SQLite's migration 7: each org's last update check of an
  // add-on, and install reports found by org, add-on and time (the text of \`data\` read as jsonb: an immutable cast).
  `
  CREATE TABLE update_checks (
    org_id ${T} NOT NULL REFERENCES orgs(org_id),
    addon ${T} NOT NULL REFERENCES addons(id),
    customer_id ${T} NOT NULL REFERENCES customers(id),
    installed_version ${T} NOT NULL,
    platform_version ${T} NOT NULL,
    line ${T} NOT NULL,
    region ${T},
    language ${T},
    checked_at ${T} NOT NULL,
    PRIMARY KEY (org_id, addon)
  );
  CREATE INDEX update_checks_customer ON update_checks(customer_id);
  CREATE INDEX installs_org_addon ON installs(org_id, ((data::jsonb ->> 'addon') COLLATE "C"), recorded_at);
  `,
];
