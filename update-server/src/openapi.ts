/**
 * The OpenAPI 3.1 description of API v1, served at /v1/openapi.json. It is the reference for the add-on and
 * test engineers: request bodies, response shapes and error codes of every route.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const int = (description?: string, extra: Schema = {}): Schema => ({ type: 'integer', ...(description ? { description } : {}), ...extra });
const arr = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
const obj = (properties: Record<string, Schema>, required: string[] = [], description?: string): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...(description ? { description } : {}),
});
const date = (description = 'calendar date YYYY-MM-DD (vendor time zone)'): Schema => str(description, { format: 'date' });
const instant = (description = 'ISO 8601 instant, UTC'): Schema => str(description, { format: 'date-time' });

function json(schema: Schema, description = 'OK'): Schema {
  return { description, content: { 'application/json': { schema } } };
}

function errors(...statuses: number[]): Record<string, Schema> {
  const text: Record<number, string> = {
    400: 'Invalid input: `error.field` names the offending field (dotted path). Nothing was stored.',
    401: 'No or unknown API key (`unauthenticated`).',
    403: 'Forbidden: wrong role (`forbidden`), invalid licence key (`licence_key_invalid`), org not activated (`org_not_activated`), or a download refused (see the route).',
    404: 'Not found (`<thing>_not_found`). A partner key also gets 404 for other partners’ customers.',
    409: 'Conflict (see the route for codes).',
    413: 'Upload or body too large (`payload_too_large`).',
    416: 'Range not satisfiable.',
    429: 'Rate limited (`rate_limited`), add-on side only.',
  };
  return Object.fromEntries(statuses.map((s) => [String(s), { description: text[s], content: { 'application/json': { schema: ref('Error') } } }]));
}

interface Op {
  summary: string;
  description?: string;
  tags: string[];
  vendor?: string[];
  params?: string[];
  query?: Record<string, Schema>;
  body?: Schema;
  multipart?: Schema;
  responses: Record<string, Schema>;
}

function op(o: Op): Schema {
  const parameters = [
    ...(o.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: str() })),
    ...Object.entries(o.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
  return {
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    tags: o.tags,
    ...(o.vendor ? { security: [{ apiKey: [] }], 'x-roles': ['admin', ...o.vendor] } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(o.body ? { requestBody: { required: true, content: { 'application/json': { schema: o.body } } } } : {}),
    ...(o.multipart ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: o.multipart } } } } : {}),
    responses: o.responses,
  };
}

const schemas: Record<string, Schema> = {
  Error: obj({ error: obj({ code: str('stable machine code'), message: str('plain words'), field: str('the offending field, when one is to blame') }, ['code', 'message']) }, ['error']),
  Money: obj({ amount: int('integer minor units (cents)'), currency: str('ISO 4217, e.g. EUR') }, ['amount', 'currency']),
  Period: obj({ start: date(), end: date() }, ['start', 'end']),
  Coverage: obj({ from: date(), to: date(), activeFrom: instant('when the paying invoice was fully paid'), invoiceId: str() }),
  PlatformLine: obj({ platform: str('dynamics365 | odoo'), line: str('e.g. 9.2'), releasedOn: date(), mainstreamEndsOn: date() }, ['platform', 'line', 'releasedOn']),
  Release: obj(
    {
      id: str(),
      addon: str(),
      version: str('2 to 4 numeric parts, e.g. 3.0.1.0'),
      kind: str('technology | feature | patch | security'),
      platform: str(),
      lines: arr(str()),
      publishedAt: instant(),
      featuresOnLegacy: { type: 'boolean' },
      hotfix: { type: 'boolean', description: 'a hot-fix (patch or security): only for customers with paid maintenance coverage (SPEC §7)' },
      requiresFeature: str(),
      regions: arr(str()),
      languages: arr(str()),
      editions: arr(str()),
      channel: str(),
      rolloutPercent: { type: 'number' },
      customFor: arr(str(), 'customer ids of a custom build'),
      notes: str(),
      size: int('bytes'),
      sha256: str('lower-case hex'),
      fileName: str('download file name (display only)'),
      solution: obj(
        {
          uniqueName: str('SolutionManifest/UniqueName'),
          packageLine: str('ImportExportXml@SolutionPackageVersion as a line: the CRM line the package was built for'),
          version: str('SolutionManifest/Version'),
          managed: { type: 'boolean', description: 'SolutionManifest/Managed (always true for a published release)' },
        },
        ['uniqueName', 'packageLine', 'version', 'managed'],
        'dynamics365 only: what the server read from the solution zip (issue #9)',
      ),
    },
    ['id', 'addon', 'version', 'kind', 'platform', 'lines', 'publishedAt', 'size', 'sha256'],
  ),
  Invoice: obj(
    {
      id: str(),
      customerId: str(),
      orderId: str(),
      kind: str('first | renewal (each later period, interval or month) | co-term | back-fill (the gap before a re-conclusion) | upgrade-fee (no coverage)'),
      plan: ref('Plan'),
      issuedOn: date(),
      dueOn: date('issuedOn + payment term'),
      periodStart: date(),
      periodEnd: date(),
      total: ref('Money'),
      lines: arr(obj({ from: date(), to: date(), amount: int(), description: str() })),
      status: str('open | paid'),
      paid: int(),
      creditApplied: int('of `paid`, what prepaid credit covered'),
      outstanding: int(),
      fullyPaidAt: instant(),
      payments: arr(obj({ id: str(), amount: ref('Money'), paidAt: instant(), reference: str() })),
    },
    ['id', 'kind', 'issuedOn', 'periodStart', 'periodEnd', 'total', 'status', 'paid', 'outstanding'],
  ),
  Plan: str('calendar-year (default, SPEC §2) | ssa-annual | ssa-quarterly | ssa-monthly | ssa-flex (Auto SSA, SPEC §5) | maintenance (SPEC §7)'),
  MaintenanceTerms: obj(
    { base: ref('Money'), ratePerLine: ref('Money'), upgradeFee: ref('Money'), supportDiscountBp: int('discount on the support hourly rate, basis points') },
    ['base', 'ratePerLine', 'upgradeFee', 'supportDiscountBp'],
    'prices of a maintenance agreement, all in one currency',
  ),
  Customer: obj({ id: str(), name: str(), region: str(), language: str(), edition: str(), channel: str(), partnerId: str(), plan: ref('Plan'), maintenance: ref('MaintenanceTerms'), createdAt: instant(), contractStart: date(), terminatedAt: instant(), terminationReason: str(), cancellation: ref('Cancellation'), previousAgreements: arr(obj({ plan: ref('Plan'), start: date(), end: date() })) }, ['id', 'name', 'createdAt']),
  Cancellation: obj({ receivedOn: date(), deadline: date(), onTime: { type: 'boolean' }, effectiveEnd: date('last day of assurance'), fixedDate: { type: 'boolean' }, recordedAt: instant() }),
  LicenceLine: obj({ addon: str(), feature: str('separately licensed feature'), edition: str(), quantity: int(), listPrice: ref('Money') }, ['addon', 'quantity', 'listPrice']),
  SupportRequest: obj(
    {
      id: str(),
      number: int('the ticket number people quote'),
      customerId: str(),
      orgId: str(),
      addon: str(),
      summary: str(),
      description: str(),
      contact: obj({ name: str(), email: str() }),
      environment: obj({ addonVersion: str(), platform: str(), platformVersion: str(), customisationsPresent: { type: 'boolean' }, orgUrl: str() }),
      status: str('open | closed'),
      classification: str('base_bug | incident | customization_bug | change_request | service_request | external_cause'),
      classificationNote: str(),
      classifiedAt: instant(),
      notifiedAt: instant('when the customer was told the cause is chargeable'),
      approvedAt: instant('when the customer approved chargeable work'),
      createdAt: instant(),
      closedAt: instant(),
    },
    ['id', 'number', 'customerId', 'orgId', 'addon', 'summary', 'environment', 'status', 'createdAt'],
  ),
  SupportCharge: obj({
    loggedMinutes: int(),
    diagnosisMinutes: int('of the free 30'),
    billableSeconds: int(),
    billingStartsAt: instant(),
    amount: ref('Money'),
    note: str('unclassified | free_class | awaiting_approval | within_free_diagnosis | billed'),
  }),
  UpdateOffered: obj(
    {
      id: str(),
      version: str(),
      kind: str(),
      platform: str(),
      lines: arr(str()),
      publishedAt: instant(),
      size: int(),
      sha256: str(),
      notes: str(),
      fileName: str(),
      downloadUrl: str('absolute URL /v1/downloads/{token}; short-lived (downloadTokenTtlSeconds, default 5 min)'),
      downloadExpiresAt: instant(),
    },
    ['id', 'version', 'kind', 'size', 'sha256', 'downloadUrl', 'downloadExpiresAt'],
  ),
  UpdateWithheld: obj(
    {
      id: str(),
      version: str(),
      kind: str(),
      platform: str(),
      lines: arr(str()),
      publishedAt: instant(),
      notes: str(),
      reason: str('not_licensed | feature_not_licensed | assurance_terminated | not_covered | not_paid | hotfix_requires_agreement | platform_incompatible | legacy_window_closed | legacy_patch_only | not_targeted'),
      message: str("license-core's describeReason(): what the admin reads"),
    },
    ['id', 'version', 'reason', 'message'],
  ),
};

export function openApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {
    '/healthz': { get: op({ summary: 'Liveness and store check', tags: ['operations'], responses: { 200: json(obj({ status: str(), time: instant() })) } }) },
    '/metrics': { get: op({ summary: 'Prometheus metrics (text format)', tags: ['operations'], responses: { 200: { description: 'text/plain metrics' } } }) },

    // --- add-on side ---
    '/v1/activate': {
      post: op({
        summary: 'Bind the licence to an org; returns the signed licence and entitlement',
        description:
          'No vendor key; CORS for the configured CRM origins; rate limited. The first org bound is production; further orgs need `environment: "sandbox"` (up to `sandboxOrgsAllowed`, default 2). Activating the same org again refreshes it (200). 409 `org_limit_reached` beyond the limit, 409 `org_bound_elsewhere` when another customer holds the org. `addon` picks the add-on whose line status the entitlement carries (default: the first licensed add-on).',
        tags: ['add-on'],
        body: obj(
          { licenceKey: str('CRMA-XXXXX-XXXXX-XXXXX-XXXXX'), orgId: str(), orgUrl: str('https://….crm4.dynamics.com'), platform: str('dynamics365 | odoo'), platformVersion: str('e.g. 9.2.24012.196'), environment: str('production (default) | sandbox'), addon: str() },
          ['licenceKey', 'orgId', 'orgUrl', 'platform', 'platformVersion'],
        ),
        responses: {
          201: json(
            obj(
              {
                licence: str('JWT, doc=licence (design.md), aud=orgId, no exp'),
                entitlement: str('JWT, doc=entitlement, aud=orgId, exp = now + entitlementGraceDays'),
                customer: obj({ id: str(), name: str() }),
                org: obj({ id: str(), url: str(), environment: str(), platform: str(), line: str() }),
              },
              ['licence', 'entitlement', 'customer', 'org'],
            ),
            'Bound (200 when the org was bound already)',
          ),
          ...errors(400, 403, 409, 429),
        },
      }),
    },
    '/v1/entitlement': {
      post: op({
        summary: 'A fresh signed entitlement for an activated org',
        tags: ['add-on'],
        body: obj({ licenceKey: str(), orgId: str(), platformVersion: str(), addon: str() }, ['licenceKey', 'orgId', 'platformVersion']),
        responses: {
          200: json(obj({ entitlement: str('JWT, doc=entitlement'), status: str('active | unpaid | lapsed | cancelled | terminated'), expiresAt: instant('approximately the JWT exp') }, ['entitlement', 'status'])),
          ...errors(400, 403, 429),
        },
      }),
    },
    '/v1/updates/check': {
      post: op({
        summary: 'Signed manifest, offered updates (newest first, with download URLs) and withheld newer releases with reasons',
        description:
          'The manifest JWT (doc=manifest, aud=orgId, monotonic `serial`, exp = manifestTtlSeconds) lists exactly the offered releases; verify `sha256` of a download against it. `withheld` lists newer releases that are not offered, each with its reason code and plain words (e.g. "renew to get 3.0"). A version published as several per-line builds (issue #9) appears once: the build for the org’s line (or, when none targets it, one entry `platform_incompatible`); two releases of one version are never offered to one org.',
        tags: ['add-on'],
        body: obj(
          { licenceKey: str(), orgId: str(), platformVersion: str(), addon: str(), installedVersion: str('e.g. 1.2.0.0'), region: str(), language: str() },
          ['licenceKey', 'orgId', 'platformVersion', 'addon', 'installedVersion'],
        ),
        responses: {
          200: json(
            obj(
              {
                addon: str(),
                installedVersion: str(),
                platformVersion: str(),
                line: str(),
                serial: int('the manifest serial'),
                manifest: str('JWT, doc=manifest'),
                updates: arr(ref('UpdateOffered')),
                withheld: arr(ref('UpdateWithheld')),
                checkedAt: instant(),
              },
              ['addon', 'serial', 'manifest', 'updates', 'withheld'],
            ),
          ),
          ...errors(400, 403, 404, 429),
        },
      }),
    },
    '/v1/downloads/{token}': {
      get: op({
        summary: 'Stream a release artifact',
        description:
          'The token is opaque, bound to customer, release and org, and expires in minutes. At download time the server re-checks: termination (403 `assurance_terminated`, also for links handed out before) and eligibility (403 with the reason code). 403 `download_token_invalid` / `download_token_expired` for bad tokens. Supports `Range` (one range, 206 + Content-Range), `If-Range`, `If-None-Match` (304); `ETag` is the quoted sha256, also in `X-Content-SHA256`. HEAD is supported.',
        tags: ['add-on'],
        params: ['token'],
        responses: { 200: { description: 'the file (application/zip or application/octet-stream)' }, 206: { description: 'a byte range' }, 304: { description: 'not modified' }, ...errors(403, 416, 429) },
      }),
    },
    '/v1/installs': {
      post: op({
        summary: 'Record the outcome of an install (exactly once per installId)',
        description:
          'Issue #9: the add-on chooses `installId` (a uuid) per install and may resend the report. The same `installId` with the same content answers 200 with the first record (`duplicate: true`, nothing stored); the same `installId` with other content (customer, org, add-on, versions, outcome or error) is 409 `install_conflict` (field `installId`). Without `installId` every report is stored.',
        tags: ['add-on'],
        body: obj(
          {
            installId: str('uuid chosen by the add-on; makes the report idempotent', { format: 'uuid' }),
            licenceKey: str(),
            orgId: str(),
            addon: str(),
            fromVersion: str(),
            toVersion: str(),
            outcome: str('succeeded | failed | rolled_back'),
            error: str('max 4000 chars'),
          },
          ['licenceKey', 'orgId', 'addon', 'fromVersion', 'toVersion', 'outcome'],
        ),
        responses: {
          201: json(obj({ id: str(), installId: str('when sent'), recordedAt: instant() }, ['id', 'recordedAt']), 'Recorded'),
          200: json(obj({ id: str(), installId: str(), recordedAt: instant(), duplicate: { type: 'boolean', enum: [true] } }, ['id', 'installId', 'recordedAt', 'duplicate']), 'The same report again: the first record, nothing stored'),
          ...errors(400, 403, 409, 429),
        },
      }),
    },

    // --- vendor side ---
    '/v1/platforms/{platform}/lines': {
      post: op({
        summary: 'Add or update a platform line',
        tags: ['catalogue'],
        vendor: ['publisher'],
        params: ['platform'],
        body: obj({ line: str('e.g. 9.2'), releasedOn: date(), mainstreamEndsOn: date('default releasedOn + 5 years') }, ['line', 'releasedOn']),
        responses: { 201: json({ allOf: [ref('PlatformLine'), obj({ successor: str(), patchesUntil: date() })] }, 'Created (200 when updated)'), ...errors(400, 401, 403) },
      }),
      get: op({ summary: 'List the lines of a platform', tags: ['catalogue'], vendor: ['publisher', 'billing', 'partner'], params: ['platform'], responses: { 200: json(obj({ platform: str(), lines: arr(ref('PlatformLine')) })), ...errors(400, 401) } }),
    },
    '/v1/addons': {
      post: op({ summary: 'Create an add-on', tags: ['catalogue'], vendor: ['publisher'], body: obj({ id: str('lower-case slug'), name: str() }, ['id', 'name']), responses: { 201: json(obj({ id: str(), name: str(), createdAt: instant() })), ...errors(400, 401, 403, 409) } }),
      get: op({ summary: 'List add-ons', tags: ['catalogue'], vendor: ['publisher', 'billing', 'partner'], responses: { 200: json(obj({ addons: arr(obj({ id: str(), name: str() })) })) } }),
    },
    '/v1/addons/{addon}/lines/{platform}/{line}': {
      put: op({
        summary: "Set an add-on's status on a platform line",
        tags: ['catalogue'],
        vendor: ['publisher'],
        params: ['addon', 'platform', 'line'],
        body: obj({ status: str('supported | discontinued'), reason: str('for discontinued: integrated_in_platform | platform_end_of_life | insufficient_demand | other') }, ['status']),
        responses: { 200: json(obj({ addon: str(), platform: str(), line: str(), status: str(), reason: str() })), ...errors(400, 401, 403, 404) },
      }),
    },
    '/v1/addons/{addon}/support-matrix': {
      get: op({
        summary: 'For each line: status, successor and patchesUntil (legacy window)',
        tags: ['catalogue'],
        vendor: ['publisher', 'billing', 'partner'],
        params: ['addon'],
        responses: { 200: json(obj({ addon: str(), name: str(), lines: arr(obj({ platform: str(), line: str(), releasedOn: date(), mainstreamEndsOn: date(), status: str(), reason: str(), successor: str(), successorReleasedOn: date(), patchesUntil: date() })) })), ...errors(401, 404) },
      }),
    },
    '/v1/addons/{addon}/releases': {
      post: op({
        summary: 'Publish a release (multipart)',
        description:
          '`publishedAt` may only lie in the past (importing history). 409 `legacy_window_closed` when a named line’s legacy window has closed (unless `customFor` names customers: a custom build).\n\n' +
          '**Per-line builds (issue #9).** One version may be published several times for a platform, once per CRM line (e.g. a 9.0 build and a 9.2 build of 1.5.0.0), as long as the `lines` of the builds do not overlap (versions compare numerically: 1.5 = 1.5.0.0). An overlap is 409 `release_exists` with field `metadata.lines`, naming the line and the published build. A line named twice is 400 on `metadata.lines`. Each org is offered only the build for its line (updates/check, manifest, download).\n\n' +
          '**Dynamics 365 solution zips (issue #9).** For platform `dynamics365` the server reads `solution.xml` from the zip and refuses (400, upload removed, nothing stored): `package_line_too_new` (field `metadata.lines`) when `ImportExportXml@SolutionPackageVersion` is newer than the oldest line the release targets; `package_version_mismatch` (field `metadata.version`) when `SolutionManifest/Version` is not `metadata.version`; `package_unmanaged` (field `artifact`) when `SolutionManifest/Managed` is 0; `package_invalid` (field `artifact`) when the file is not a zip, has no solution.xml at its root, is not well-formed XML, misses SolutionPackageVersion/UniqueName/Version/Managed, or breaks the zip limits (at most 20,000 entries, 512 MiB per entry, 1 GiB in all, an inflation ratio of 200 for entries over 1 MiB, solution.xml at most 8 MiB). Other platforms’ artifacts are not inspected.\n\n' +
          'The artifact is stored content-addressed (sha256) before the row is committed.',
        tags: ['catalogue'],
        vendor: ['publisher'],
        params: ['addon'],
        multipart: obj(
          {
            artifact: str('the release file', { format: 'binary' }),
            metadata: str('JSON: { version, kind, platform, lines, publishedAt?, featuresOnLegacy?, requiresFeature?, regions?, languages?, editions?, channel?, rolloutPercent?, customFor?, notes? }'),
          },
          ['artifact', 'metadata'],
        ),
        responses: { 201: json({ allOf: [ref('Release'), obj({ serial: int('manifest serial after the publish') })] }, 'Published'), ...errors(400, 401, 403, 404, 409, 413) },
      }),
      get: op({ summary: 'List the releases of an add-on', tags: ['catalogue'], vendor: ['publisher', 'billing', 'partner'], params: ['addon'], responses: { 200: json(obj({ addon: str(), releases: arr(ref('Release')) })), ...errors(401, 404) } }),
    },
    '/v1/customers': {
      post: op({
        summary: 'Create a customer (a partner key creates its own)',
        tags: ['customers'],
        vendor: ['billing', 'partner'],
        body: obj({ name: str(), region: str(), language: str(), edition: str(), channel: str(), partnerId: str(), plan: ref('Plan'), maintenance: ref('MaintenanceTerms') }, ['name']),
        responses: { 201: json(ref('Customer')), ...errors(400, 401, 403) },
      }),
      get: op({ summary: 'List customers (a partner key: its own)', tags: ['customers'], vendor: ['billing', 'partner'], responses: { 200: json(obj({ customers: arr(ref('Customer')) })) } }),
    },
    '/v1/customers/{id}': {
      get: op({ summary: 'A customer with licence key hints, licences, orgs and recent installs', tags: ['customers'], vendor: ['billing', 'partner', 'publisher'], params: ['id'], responses: { 200: json(ref('Customer')), ...errors(401, 404) } }),
    },
    '/v1/customers/{id}/orders': {
      post: op({
        summary: 'Record an order: returns the licence key (shown once) and the invoice license-core computed',
        description:
          'The first order starts the contract on its plan and gets its first invoice (calendar-year: to 31 Dec of the following year; Auto SSA: the first billing interval; maintenance: the first month, which needs `linesOfCode`). Later orders are co-termed (calendar-year: to the period end; Auto SSA: to the end of the invoiced interval; maintenance: no invoice). An order dated after a cancelled contract ended re-concludes it (see /reconclusion). Prepaid credit is used first. `orderedOn` may lie in the past. 409 `customer_terminated`, `plan_locked`, `order_conflict`.',
        tags: ['customers'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        body: obj({ orderedOn: date(), licences: arr(ref('LicenceLine')), plan: ref('Plan'), maintenance: ref('MaintenanceTerms'), linesOfCode: int('maintenance: lines of customer-specific code for the first month') }, ['orderedOn', 'licences']),
        responses: {
          201: json(obj({ orderId: str(), customerId: str(), orderedOn: date(), plan: ref('Plan'), licenceKey: str('CRMA-…, shown once'), licenceKeyId: str(), licenceKeys: arr(str()), licences: arr(ref('LicenceLine')), invoice: { oneOf: [ref('Invoice'), { type: 'null' }], description: 'the order’s invoice (null when the plan invoices nothing)' }, invoices: arr(ref('Invoice'), 'all invoices of the order (a back-fill first when it re-concludes)'), reconcluded: obj({ previousAgreement: obj({ plan: ref('Plan'), start: date(), end: date() }) }) })),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
      get: op({ summary: 'Orders of a customer', tags: ['customers'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(obj({ orders: arr(obj({ id: str(), orderedOn: date(), invoiceId: str(), licenceKeyId: str() })) })) } }),
    },
    '/v1/customers/{id}/contract': {
      get: op({
        summary: 'Periods, status, next invoice date, cancellation deadline, coverage',
        tags: ['customers'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        responses: {
          200: json(
            obj({
              customerId: str(),
              plan: ref('Plan'),
              maintenance: ref('MaintenanceTerms'),
              contractStart: date(),
              billingInterval: ref('Period'),
              previousAgreements: arr(obj({ plan: ref('Plan'), start: date(), end: date() })),
              creditBalance: arr(ref('Money'), 'prepaid credit per currency'),
              status: str('none | active | unpaid | lapsed | cancelled | terminated'),
              currentPeriod: ref('Period'),
              periods: arr(ref('Period')),
              paidThrough: date(),
              nextInvoiceOn: date(),
              cancellationDeadline: date(),
              cancellation: ref('Cancellation'),
              cancelledEffectiveEnd: date(),
              terminatedAt: instant(),
              coverage: arr(ref('Coverage')),
              openInvoices: arr(obj({ id: str(), kind: str(), issuedOn: date(), periodStart: date(), periodEnd: date(), total: ref('Money') })),
              asOf: instant(),
            }),
          ),
          ...errors(401, 404),
        },
      }),
    },
    '/v1/customers/{id}/releases/{releaseId}/eligibility': {
      get: op({
        summary: 'Explain a decision: may this customer download this release? (`assurance explain`)',
        tags: ['customers'],
        vendor: ['billing', 'partner', 'publisher'],
        params: ['id', 'releaseId'],
        query: { platformVersion: str('default: the customer’s production org, else the newest line the release targets (assumedPlatformVersion: true)'), orgId: str(), region: str(), language: str() },
        responses: { 200: json(obj({ customerId: str(), releaseId: str(), addon: str(), version: str(), platform: str(), platformVersion: str(), line: str(), orgId: str(), asOf: instant(), eligible: { type: 'boolean' }, reason: str(), buildForLine: str('platform_incompatible only: the id of the build of the same version that targets the judged line (issue #9)'), message: str() })), ...errors(400, 401, 404) },
      }),
    },
    '/v1/customers/{id}/invoices': {
      get: op({ summary: 'Invoices of a customer with balances', tags: ['billing'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(obj({ customerId: str(), invoices: arr(ref('Invoice')) })), ...errors(401, 404) } }),
    },
    '/v1/invoices/{id}': {
      get: op({ summary: 'One invoice with its balance', tags: ['billing'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(ref('Invoice')), ...errors(401, 404) } }),
    },
    '/v1/invoices/{id}/payments': {
      post: op({
        summary: 'Record a payment (idempotent by reference)',
        description: '`amount` is integer minor units in the invoice currency, or a Money object. The same payment posted again answers 200 with `duplicate: true` and is counted once; a reference reused for a different payment is 409 `payment_reference_conflict`. A part payment leaves the invoice open.',
        tags: ['billing'],
        vendor: ['billing'],
        params: ['id'],
        body: obj({ amount: { oneOf: [int(), ref('Money')] }, paidAt: instant('not in the future'), reference: str() }, ['amount', 'paidAt', 'reference']),
        responses: { 201: json(obj({ payment: obj({ id: str(), invoiceId: str(), amount: ref('Money'), paidAt: instant(), reference: str() }), duplicate: { type: 'boolean' }, invoice: ref('Invoice') }), 'Recorded (200 with duplicate: true when already recorded)'), ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/v1/customers/{id}/cancellation': {
      post: op({
        summary: 'Record an ordinary cancellation notice',
        tags: ['billing'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        description: 'Calendar-year: notice by three months before 31 December (SPEC §2). Auto SSA and maintenance: notice before the term end (3 months; flex and maintenance 1 month), or `cancellationDate`, a fixed date set in advance, not before the minimum term (SPEC §5).',
        body: obj({ receivedOn: date(), cancellationDate: date('Auto SSA / maintenance only') }, ['receivedOn']),
        responses: { 201: json({ allOf: [obj({ customerId: str(), plan: ref('Plan') }), ref('Cancellation')] }), ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/v1/customers/{id}/plan': {
      put: op({
        summary: 'Choose the plan before the first order (409 `plan_locked` once the contract started)',
        tags: ['plans'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        body: obj({ plan: ref('Plan'), maintenance: ref('MaintenanceTerms') }, ['plan']),
        responses: { 200: json(ref('Customer')), ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/v1/customers/{id}/reconclusion': {
      post: op({
        summary: 'Conclude a new agreement after the last one ended (SPEC §5)',
        description: 'For all licences held, from `concludedOn`. Auto SSA back-fills the gap since the end: up to 30 days at the normal price, more than 30 days charged twice; once paid, coverage is continuous. The other plans start afresh (decision D24). 409 `contract_running`, `no_contract`, `customer_terminated`.',
        tags: ['plans'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        body: obj({ concludedOn: date(), plan: ref('Plan'), maintenance: ref('MaintenanceTerms'), linesOfCode: int() }, ['concludedOn']),
        responses: { 201: json(obj({ customerId: str(), plan: ref('Plan'), contractStart: date(), previousAgreement: obj({ plan: ref('Plan'), start: date(), end: date() }), daysSinceExpiry: int(), backFillMultiplier: int('0, 1 or 2'), invoices: arr(ref('Invoice')) })), ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/v1/customers/{id}/credits': {
      post: op({
        summary: 'Deposit prepaid credit (idempotent by reference); used before anything is invoiced (SPEC §5)',
        tags: ['plans'],
        vendor: ['billing'],
        params: ['id'],
        body: obj({ amount: ref('Money'), reference: str(), note: str() }, ['amount', 'reference']),
        responses: { 201: json(obj({ entry: obj({}), duplicate: { type: 'boolean' }, balance: arr(ref('Money')) }), 'Recorded (200 with duplicate: true when already recorded; 409 `credit_reference_conflict`)'), ...errors(400, 401, 403, 404, 409) },
      }),
      get: op({ summary: 'Prepaid credit: balance per currency, deposits and uses', tags: ['plans'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(obj({ customerId: str(), balance: arr(ref('Money')), entries: arr(obj({ id: str(), kind: str('deposit | applied'), amount: ref('Money'), invoiceId: str(), reference: str(), note: str(), createdAt: instant() })) })), ...errors(401, 404) } }),
    },
    '/v1/customers/{id}/upgrades': {
      post: op({
        summary: 'Record the included platform-version upgrade of a maintenance agreement and invoice its one-off fee (SPEC §7)',
        description: '409 `no_maintenance_agreement`; 409 `upgrade_not_included` for a second upgrade in the same 12-month period (the message names the day the next one is included).',
        tags: ['plans'],
        vendor: ['billing', 'partner'],
        params: ['id'],
        body: obj({ requestedOn: date(), fromLine: str(), toLine: str(), note: str() }, ['requestedOn']),
        responses: { 201: json(obj({ upgrade: obj({ id: str(), requestedOn: date(), fromLine: str(), toLine: str(), period: ref('Period'), invoiceId: str() }), invoice: ref('Invoice') })), ...errors(400, 401, 403, 404, 409) },
      }),
      get: op({ summary: 'Upgrades under the maintenance agreement', tags: ['plans'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(obj({ customerId: str(), upgrades: arr(obj({})) })), ...errors(401, 404) } }),
    },
    '/v1/customers/{id}/termination': {
      post: op({
        summary: 'Extraordinary termination (immediate; cuts live download links)',
        tags: ['billing'],
        vendor: [],
        params: ['id'],
        body: obj({ reason: str() }, ['reason']),
        responses: { 201: json(obj({ customerId: str(), terminatedAt: instant(), reason: str(), serial: int() })), ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/v1/billing/run': {
      post: op({
        summary: 'Issue the periodic invoices due on (or, catching up, before) a date for every plan; idempotent. Also run hourly by the server for today.',
        description: 'Calendar-year renewals on 1 January, Auto SSA billing intervals, maintenance months. A maintenance month needs the customer’s counted lines in `linesOfCode`; without them the customer is listed under `skipped` (`lines_of_code_missing`). Prepaid credit is used first.',
        tags: ['billing'],
        vendor: ['billing'],
        body: obj({ date: date(), linesOfCode: { type: 'object', additionalProperties: int(), description: 'customer id → lines of customer-specific code counted for this run' } }, ['date']),
        responses: { 200: json(obj({ date: date(), issued: arr(ref('Invoice')), skipped: arr(obj({ customerId: str(), code: str(), message: str() })) })), ...errors(400, 401, 403) },
      }),
    },
    // --- support requests (SPEC §6) ---
    '/v1/support-requests': {
      post: op({
        summary: 'File a support request from the configuration page, with its environment (licence key + activated org)',
        tags: ['add-on', 'support'],
        body: obj(
          {
            licenceKey: str(),
            orgId: str(),
            addon: str('an add-on the licence covers'),
            summary: str('1..200 characters'),
            description: str('1..8000 characters'),
            contact: obj({ name: str(), email: str() }),
            environment: obj({ addonVersion: str(), platformVersion: str(), customisationsPresent: { type: 'boolean' } }, ['addonVersion', 'platformVersion', 'customisationsPresent']),
          },
          ['licenceKey', 'orgId', 'addon', 'summary', 'description', 'environment'],
        ),
        responses: { 201: json(obj({ id: str(), number: int(), status: str(), createdAt: instant() })), ...errors(400, 403, 429) },
      }),
      get: op({ summary: 'List requests (a partner key: its customers’ only)', tags: ['support'], vendor: ['billing', 'partner'], query: { customerId: str(), status: str('open | closed') }, responses: { 200: json(obj({ requests: arr(ref('SupportRequest')) })), ...errors(400, 401, 403) } }),
    },
    '/v1/support-requests/mine': {
      post: op({ summary: "The org's requests for the configuration page, newest first (no time log, no notes)", tags: ['add-on', 'support'], body: obj({ licenceKey: str(), orgId: str() }, ['licenceKey', 'orgId']), responses: { 200: json(obj({ requests: arr(obj({ id: str(), number: int(), summary: str(), status: str(), classification: str(), createdAt: instant() })) })), ...errors(400, 403, 429) } }),
    },
    '/v1/support-requests/{id}': {
      get: op({ summary: 'A request with its time log and its charge (license-core supportCharge)', tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json({ allOf: [ref('SupportRequest'), obj({ customerName: str(), timeEntries: arr(obj({ id: str(), from: instant(), minutes: int(), note: str(), loggedBy: str() })), charge: ref('SupportCharge') })] }), ...errors(401, 404) } }),
    },
    '/v1/support-requests/{id}/classification': {
      post: op({ summary: 'Classify (or reclassify) a request', tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], body: obj({ classification: str('base_bug | incident | customization_bug | change_request | service_request | external_cause'), note: str() }, ['classification']), responses: { 200: json(ref('SupportRequest')), ...errors(400, 401, 404) } }),
    },
    '/v1/support-requests/{id}/notice': {
      post: op({ summary: 'Record when the customer was told the cause is chargeable (billing never starts earlier)', tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], body: obj({ notifiedAt: instant('not in the future') }, ['notifiedAt']), responses: { 200: json(ref('SupportRequest')), ...errors(400, 401, 404, 409) } }),
    },
    '/v1/support-requests/{id}/approval': {
      post: op({ summary: "Record the customer's approval (after the notice; 409 `notice_missing`)", tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], body: obj({ approvedAt: instant('not before the notice, not in the future') }, ['approvedAt']), responses: { 200: json(ref('SupportRequest')), ...errors(400, 401, 404, 409) } }),
    },
    '/v1/support-requests/{id}/time': {
      post: op({ summary: 'Log time worked', tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], body: obj({ from: instant('when the work started; not in the future'), minutes: int('1..1440'), note: str() }, ['from', 'minutes']), responses: { 201: json(ref('SupportRequest')), ...errors(400, 401, 404) } }),
    },
    '/v1/support-requests/{id}/close': {
      post: op({ summary: 'Close a request (409 `already_closed`)', tags: ['support'], vendor: ['billing', 'partner'], params: ['id'], responses: { 200: json(ref('SupportRequest')), ...errors(401, 404, 409) } }),
    },
    '/v1/support/statement': {
      get: op({
        summary: 'Billable minutes and amounts per request and per customer for a month (vendor time zone)',
        description: 'Work counts in the month its time entry started. A month’s figures are the request’s charge for the work started before the month’s end minus that before its start, so months add up to the whole (decision D35).',
        tags: ['support'],
        vendor: ['billing', 'partner'],
        query: { month: str('YYYY-MM (required)'), customerId: str() },
        responses: {
          200: json(
            obj({
              month: str(),
              timeZone: str(),
              hourlyRate: ref('Money'),
              requests: arr(obj({ id: str(), number: int(), customerId: str(), summary: str(), classification: str(), loggedMinutes: int(), billableSeconds: int(), billableMinutes: { type: 'number' }, amount: ref('Money'), note: str() })),
              customers: arr(obj({ customerId: str(), customerName: str(), loggedMinutes: int(), billableSeconds: int(), billableMinutes: { type: 'number' }, amount: ref('Money') })),
              totals: arr(ref('Money')),
            }),
          ),
          ...errors(400, 401, 404),
        },
      }),
    },
    '/v1/settings': {
      get: op({ summary: "The vendor's settings", tags: ['admin'], vendor: [], responses: { 200: json(obj({})) } }),
      patch: op({
        summary: "Change the vendor's settings",
        tags: ['admin'],
        vendor: [],
        body: obj({ vendorName: str(), timeZone: str(), assuranceRateBp: int(), sandboxOrgsAllowed: int(), entitlementGraceDays: int(), manifestTtlSeconds: int(), downloadTokenTtlSeconds: int(), paymentTermDays: int(), supportHourlyRate: ref('Money'), corsOrigins: arr(str()) }),
        responses: { 200: json(obj({})), ...errors(400, 401, 403) },
      }),
    },
    '/v1/api-keys': {
      post: op({ summary: 'Create an API key (shown once)', tags: ['admin'], vendor: [], body: obj({ name: str(), role: str('admin | publisher | billing | partner'), partnerId: str('required for partner') }, ['name', 'role']), responses: { 201: json(obj({ id: str(), name: str(), role: str(), partnerId: str(), apiKey: str('shown once') })), ...errors(400, 401, 403) } }),
      get: op({ summary: 'List API keys (never the secrets)', tags: ['admin'], vendor: [], responses: { 200: json(obj({ apiKeys: arr(obj({ id: str(), name: str(), role: str(), partnerId: str(), createdAt: instant(), revokedAt: instant() })) })) } }),
    },
    '/v1/api-keys/{id}': {
      delete: op({ summary: 'Revoke an API key', tags: ['admin'], vendor: [], params: ['id'], responses: { 204: { description: 'Revoked' }, ...errors(401, 403, 404) } }),
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'crm-assurance update server',
      version: '1',
      description:
        'Software Assurance for CRM add-ons. Vendor routes need `Authorization: Bearer <api key>` (roles: admin, publisher, billing, partner; admin may do everything). Add-on routes (/v1/activate, /v1/entitlement, /v1/updates/check, /v1/downloads, /v1/installs, POST /v1/support-requests and /mine) take the licence key instead, allow CORS for the configured CRM origins and are rate limited. Every error is `{ "error": { "code", "message", "field"? } }`. Every decision (prices, periods, coverage, eligibility, legacy windows) is made by @crm-assurance/license-core.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } }, schemas },
    paths,
  };
}
