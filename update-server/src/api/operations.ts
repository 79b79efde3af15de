/**
 * The registry of API v1: every operation the server answers, once, with what it takes (path parameters, query,
 * request body: the very zod schemas the routes validate with) and what it answers (the zod schemas of
 * api/*.ts, by status). openapi.ts turns it into the OpenAPI 3.1 document; a test checks that the routes and the
 * registry list the same operations.
 */
import { z, type ZodType } from 'zod';
import { activateBody } from '../routes/activation';
import { addonBody, lineStatusBody } from '../routes/addons';
import { keyBody } from '../routes/api-keys';
import { runBody } from '../routes/billing';
import { cancellationBody } from '../routes/cancellation';
import { creditBody } from '../routes/credits';
import { customerBody, explainQuery, planBody } from '../routes/customers';
import { entitlementBody } from '../routes/entitlement';
import { fleetQuery } from '../routes/fleet';
import { fleetInstallsQuery } from '../routes/fleet-installs';
import { overviewQuery } from '../routes/overview';
import { signInBody } from '../console/console-routes';
import { installBody } from '../routes/installs';
import { upgradeBody } from '../routes/maintenance-upgrades';
import { orderBody } from '../routes/orders';
import { paymentBody } from '../routes/payments';
import { lineBody } from '../routes/platform-lines';
import { priceBody, priceKeyQuery, priceListQuery } from '../routes/price-list';
import { reconclusionBody } from '../routes/reconclusion';
import { metadataSchema } from '../routes/releases';
import { approvalBody, classificationBody, fileBody, listQuery, mineBody, noticeBody, statementQuery, timeBody } from '../routes/support-requests';
import { terminationBody } from '../routes/termination';
import { checkBody } from '../routes/updates';
import { settingsPatch } from '../routes/vendor-settings';
import type { ApiKeyRole } from '../store/store';
import { activated, entitlementIssued } from './activation';
import { addon, addonLineStatus, addonList, supportMatrix } from './addons';
import { cancellationRecorded, reconcluded, terminationRecorded, upgradeList, upgradeRecorded } from './agreements';
import { billingRun } from './billing';
import { creditAccount, creditDeposited } from './credits';
import { consoleSession } from './console';
import { contract, customer, customerDetail, customerList, eligibility, licenceKeyReissued } from './customers';
import { fleetReport, installOutcomeDays } from './fleet';
import { overview } from './overview';
import { health } from './health';
import { reissueBody } from '../routes/licence-keys';
import { installDuplicate, installRecorded } from './installs';
import { invoice, invoiceList, paymentRecorded } from './invoices';
import { orderList, orderPlaced } from './orders';
import { platformLineList, platformLineSaved } from './platform-lines';
import { price, priceList } from './price-list';
import { releaseList, releasePublished } from './releases';
import { apiKeyCreated, apiKeyList, vendorSettings } from './settings';
import { supportRequestDetail, supportRequestFiled, supportRequestList, supportRequestsMine, supportStatement } from './support-requests';
import { updateCheck } from './updates';
import { platform } from './values';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** One answer: a JSON body described by a zod schema, or another media type (a file, metrics text), or none. */
export interface OperationResponse {
  description: string;
  json?: ZodType;
  media?: { type: string; description?: string };
}

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path template, `{name}` for a path parameter. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * Who may call: `vendor` routes need a Bearer API key of `admin` or one of `roles`; `addon` routes take the
   * licence key in the body, allow CORS for the configured CRM origins and are rate limited; `public` routes need nothing.
   */
  side: 'vendor' | 'addon' | 'public';
  roles?: ApiKeyRole[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { json: ZodType } | { multipart: z.ZodObject; encoding?: Record<string, string> };
  responses: Record<number, OperationResponse>;
  /** Route-specific error statuses and their codes; the statuses every route of its kind may answer are added by openapi.ts. */
  errors?: Record<number, string>;
}

const customerId = z.object({ id: z.string().describe('customer id') });
const supportRequestId = z.object({ id: z.string().describe('support request id (sr_…), or its number as the customer quotes it (3)') });
const addonId = z.object({ addon: z.string().describe('add-on id') });
const billingOrPartner: ApiKeyRole[] = ['billing', 'partner'];
const anyReader: ApiKeyRole[] = ['publisher', 'billing', 'partner'];

const supportTransition = (operationId: string, segment: string, summary: string, body: ZodType, errors?: Record<number, string>): Operation => ({
  operationId,
  method: 'post',
  path: `/v1/support-requests/{id}/${segment}`,
  summary,
  tags: ['support'],
  side: 'vendor',
  roles: billingOrPartner,
  params: supportRequestId,
  body: { json: body },
  responses: { 200: { description: 'The request with its time log and charge', json: supportRequestDetail } },
  errors: { 404: '`support_request_not_found`', ...errors },
});

export const OPERATIONS: Operation[] = [
  // --- operations -------------------------------------------------------------------------------------------
  {
    operationId: 'health',
    method: 'get',
    path: '/healthz',
    summary: 'Store check and the signing certificate in use (degraded 30 days before it expires)',
    tags: ['operations'],
    side: 'public',
    responses: { 200: { description: 'OK or degraded', json: health }, 503: { description: 'Failing: the signing certificate has expired', json: health } },
  },
  {
    operationId: 'metrics',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text format)',
    tags: ['operations'],
    side: 'public',
    responses: { 200: { description: 'The metrics', media: { type: 'text/plain' } } },
  },
  {
    operationId: 'openApiDocument',
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document',
    tags: ['operations'],
    side: 'public',
    responses: { 200: { description: 'The OpenAPI 3.1 document of API v1', json: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) } },
  },

  // --- the vendor console's session (issue #15, decision U84) -------------------------------------------------
  {
    operationId: 'consoleSignIn',
    method: 'post',
    path: '/console/session',
    summary: 'Sign in to the vendor console with an API key: sets the session cookie (HttpOnly, SameSite=Strict, Secure outside loopback)',
    description: 'The vendor routes then accept the cookie in place of the Bearer key; their writes need the answer’s `csrfToken` in `X-CSRF-Token`. Refused over plain HTTP from another machine (`insecure_transport`).',
    tags: ['console'],
    side: 'public',
    body: { json: signInBody },
    responses: { 201: { description: 'Signed in; the cookie is set', json: consoleSession } },
    errors: { 401: '`unauthenticated`: the key is not valid or revoked', 403: '`insecure_transport`; `forbidden` from another site (Origin)' },
  },
  {
    operationId: 'consoleSession',
    method: 'get',
    path: '/console/session',
    summary: 'The console session of the cookie: who is signed in, and the CSRF token',
    tags: ['console'],
    side: 'public',
    responses: { 200: { description: 'The session', json: consoleSession } },
    errors: { 401: '`session_expired` (signed out, idle, or the server restarted), `unauthenticated` (the key was revoked)' },
  },
  {
    operationId: 'consoleSignOut',
    method: 'delete',
    path: '/console/session',
    summary: 'Sign out of the vendor console (needs X-CSRF-Token)',
    tags: ['console'],
    side: 'public',
    responses: { 204: { description: 'Signed out; the cookie is cleared' } },
    errors: { 401: '`session_expired`, `unauthenticated`', 403: '`csrf_token_invalid`' },
  },

  // --- add-on side ------------------------------------------------------------------------------------------
  {
    operationId: 'activate',
    method: 'post',
    path: '/v1/activate',
    summary: 'Bind the licence to an org; answers the signed licence and entitlement',
    description:
      'The first org bound is the production org; further orgs need `environment: "sandbox"` and are limited to `sandboxOrgsAllowed` (default 2). Activating an org again refreshes it and answers 200. `addon` chooses the add-on whose line status the entitlement carries (default: the first licensed add-on).',
    tags: ['add-on'],
    side: 'addon',
    body: { json: activateBody },
    responses: { 201: { description: 'Bound', json: activated }, 200: { description: 'The org was bound already: refreshed', json: activated } },
    errors: { 409: '`org_limit_reached` beyond the limit, `org_bound_elsewhere` when another customer holds the org' },
  },
  {
    operationId: 'entitlement',
    method: 'post',
    path: '/v1/entitlement',
    summary: 'A fresh signed entitlement for an activated org',
    tags: ['add-on'],
    side: 'addon',
    body: { json: entitlementBody },
    responses: { 200: { description: 'OK', json: entitlementIssued } },
  },
  {
    operationId: 'checkUpdates',
    method: 'post',
    path: '/v1/updates/check',
    summary: 'The signed manifest, the offered updates (newest first, with download URLs) and the withheld newer releases with reasons',
    description:
      'The manifest (a JWT, doc=manifest, aud=orgId, a monotonic `serial`, exp = manifestTtlSeconds) lists exactly the offered releases; the add-on checks a download’s `sha256` against it. `withheld` lists the newer releases not offered, each with its reason code and plain words (e.g. "renew to get 3.0"). A version published as several per-line builds (issue #9) appears once: the build for the org’s line, or one `platform_incompatible` entry when no build targets it; one org is never offered two releases of one version.',
    tags: ['add-on'],
    side: 'addon',
    body: { json: checkBody },
    responses: { 200: { description: 'OK', json: updateCheck } },
    errors: { 404: '`addon_not_found`' },
  },
  ...(['get', 'head'] as const).map(
    (method): Operation => ({
      operationId: method === 'get' ? 'download' : 'downloadHead',
      method,
      path: '/v1/downloads/{token}',
      summary: method === 'get' ? 'Stream a release artifact' : 'The headers of a download, without the file',
      description:
        'The token is opaque, bound to customer, release and org, and expires within minutes. At download time everything is checked again: a termination refuses with 403 `assurance_terminated` (also for links handed out before), an ineligible release with 403 and the reason code; a bad token is 403 `download_token_invalid` or `download_token_expired`. One `Range` is honoured (206 with Content-Range), as are `If-Range` and `If-None-Match` (304); the `ETag` is the quoted sha256, which `X-Content-SHA256` carries too.',
      tags: ['add-on'],
      side: 'addon',
      params: z.object({ token: z.string().describe('from the downloadUrl of an update check') }),
      responses: {
        200: { description: 'The file', media: { type: 'application/octet-stream', description: 'application/zip for a .zip' } },
        206: { description: 'A byte range', media: { type: 'application/octet-stream' } },
        304: { description: 'Not modified (If-None-Match)' },
      },
      errors: { 403: '`download_token_invalid`, `download_token_expired`, `assurance_terminated` or an ineligibility reason code', 416: '`range_not_satisfiable`' },
    }),
  ),
  {
    operationId: 'reportInstall',
    method: 'post',
    path: '/v1/installs',
    summary: 'Record how an install went (exactly once per installId)',
    description:
      'Issue #9: the add-on chooses an `installId` (a uuid) per install and may send the report again. The same `installId` with the same content answers 200 with the first record and stores nothing; with other content it is 409 `install_conflict` (field `installId`). Without `installId` every report is stored.',
    tags: ['add-on'],
    side: 'addon',
    body: { json: installBody },
    responses: {
      201: { description: 'Recorded', json: installRecorded },
      200: { description: 'The same report again: the first record, nothing stored', json: installDuplicate },
    },
    errors: { 409: '`install_conflict`' },
  },
  {
    operationId: 'fileSupportRequest',
    method: 'post',
    path: '/v1/support-requests',
    summary: 'File a support request from the configuration page, with its environment',
    tags: ['add-on', 'support'],
    side: 'addon',
    body: { json: fileBody },
    responses: { 201: { description: 'Filed', json: supportRequestFiled } },
  },
  {
    operationId: 'mySupportRequests',
    method: 'post',
    path: '/v1/support-requests/mine',
    summary: "The org's customer's requests for the configuration page, newest first (no time log, no notes)",
    tags: ['add-on', 'support'],
    side: 'addon',
    body: { json: mineBody },
    responses: { 200: { description: 'OK', json: supportRequestsMine } },
  },

  // --- catalogue --------------------------------------------------------------------------------------------
  {
    operationId: 'savePlatformLine',
    method: 'post',
    path: '/v1/platforms/{platform}/lines',
    summary: 'Add or update a platform line',
    tags: ['catalogue'],
    side: 'vendor',
    roles: ['publisher'],
    params: z.object({ platform }),
    body: { json: lineBody },
    responses: { 201: { description: 'Added', json: platformLineSaved }, 200: { description: 'Updated', json: platformLineSaved } },
  },
  {
    operationId: 'listPlatformLines',
    method: 'get',
    path: '/v1/platforms/{platform}/lines',
    summary: 'The lines of a platform',
    tags: ['catalogue'],
    side: 'vendor',
    roles: anyReader,
    params: z.object({ platform }),
    responses: { 200: { description: 'OK', json: platformLineList } },
  },
  {
    operationId: 'createAddon',
    method: 'post',
    path: '/v1/addons',
    summary: 'Create an add-on',
    tags: ['catalogue'],
    side: 'vendor',
    roles: ['publisher'],
    body: { json: addonBody },
    responses: { 201: { description: 'Created', json: addon } },
    errors: { 409: '`addon_exists`' },
  },
  { operationId: 'listAddons', method: 'get', path: '/v1/addons', summary: 'The add-ons', tags: ['catalogue'], side: 'vendor', roles: anyReader, responses: { 200: { description: 'OK', json: addonList } } },
  {
    operationId: 'listPrices',
    method: 'get',
    path: '/v1/price-list',
    summary: "The vendor's price list: the price of one licence per add-on, edition, feature and currency (U35)",
    tags: ['catalogue'],
    side: 'vendor',
    roles: billingOrPartner,
    query: priceListQuery,
    responses: { 200: { description: 'OK', json: priceList } },
  },
  {
    operationId: 'setPrice',
    method: 'put',
    path: '/v1/price-list/{addon}',
    summary: 'Set the price of one licence of an add-on (or of one edition or feature of it) in a currency',
    description: 'Orders take each line’s price from the price list: this price times the line’s quantity. The currency is that of `listPrice`; an entry of the same product and currency is replaced. Admin only.',
    tags: ['catalogue'],
    side: 'vendor',
    roles: [],
    params: addonId,
    body: { json: priceBody },
    responses: { 200: { description: 'Replaced the entry of that product and currency', json: price }, 201: { description: 'Created', json: price } },
    errors: { 404: '`addon_not_found`' },
  },
  {
    operationId: 'removePrice',
    method: 'delete',
    path: '/v1/price-list/{addon}',
    summary: 'Remove the price of a product in a currency (orders of it are then refused `price_not_listed`)',
    tags: ['catalogue'],
    side: 'vendor',
    roles: [],
    params: addonId,
    query: priceKeyQuery,
    responses: { 204: { description: 'Removed' } },
    errors: { 404: '`price_not_found`' },
  },
  {
    operationId: 'setAddonLineStatus',
    method: 'put',
    path: '/v1/addons/{addon}/lines/{platform}/{line}',
    summary: "Set an add-on's status on a platform line (SPEC §4)",
    tags: ['catalogue'],
    side: 'vendor',
    roles: ['publisher'],
    params: z.object({ addon: z.string(), platform, line: z.string().describe('e.g. 9.2') }),
    body: { json: lineStatusBody },
    responses: { 200: { description: 'OK', json: addonLineStatus } },
    errors: { 404: '`addon_not_found`, `platform_line_not_found`' },
  },
  {
    operationId: 'supportMatrix',
    method: 'get',
    path: '/v1/addons/{addon}/support-matrix',
    summary: 'For each line: the status, the successor and the end of the legacy window (patchesUntil)',
    tags: ['catalogue'],
    side: 'vendor',
    roles: anyReader,
    params: addonId,
    responses: { 200: { description: 'OK', json: supportMatrix } },
    errors: { 404: '`addon_not_found`' },
  },
  {
    operationId: 'publishRelease',
    method: 'post',
    path: '/v1/addons/{addon}/releases',
    summary: 'Publish a release (multipart: the artifact file and the metadata JSON)',
    description:
      '`publishedAt` may only lie in the past (importing history). 409 `legacy_window_closed` when the legacy window of a named line has closed, unless `customFor` names customers (a custom build).\n\n' +
      '**Per-line builds (issue #9).** A version may be published more than once for a platform, once per CRM line (say a 9.0 build and a 9.2 build of 1.5.0.0), as long as the builds’ `lines` do not overlap; versions compare numerically (1.5 = 1.5.0.0). An overlap is 409 `release_exists` on `metadata.lines`, naming the line and the build published; a line named twice is 400 on `metadata.lines`. Each org is offered only the build for its line.\n\n' +
      '**Dynamics 365 solution zips (issue #9).** For `dynamics365` the server reads `solution.xml` from the zip and refuses with 400 (the upload removed, nothing stored): `package_line_too_new` (field `metadata.lines`) when `ImportExportXml@SolutionPackageVersion` is newer than the oldest line targeted; `package_version_mismatch` (field `metadata.version`) when `SolutionManifest/Version` differs from `metadata.version`; `package_unmanaged` (field `artifact`) for an unmanaged solution; `package_invalid` (field `artifact`) when the file is not a zip, lacks a well-formed solution.xml at its root with SolutionPackageVersion, UniqueName, Version and Managed, or breaks the zip limits (20,000 entries, 512 MiB per entry, 1 GiB in all, inflation ratio 200 above 1 MiB, solution.xml up to 8 MiB).\n\n' +
      '**Odoo module zips (issue #10).** For `odoo` the artifact must be a module zip as Odoo’s Import Module takes it, and is refused with 400 (the upload removed, nothing stored): `package_invalid` (field `artifact`) when it is not a zip, breaks the zip limits above (`__manifest__.py` up to 256 KiB), holds anything but exactly one top-level module folder, has no `__manifest__.py` that is a Python dict literal (strings, numbers, True/False/None, lists, tuples, dicts, comments; no names, calls or expressions, refused with the line), lacks a string `version` of the form `<series>.<x>.<y>[.<z>]` or `<x>.<y>[.<z>]`, lists a `data` file the zip lacks, or holds Python code other than `__manifest__.py`/`__init__.py` (Import Module loads none); `package_series_mismatch` (field `metadata.lines`) unless the manifest version’s series is every line targeted (so an Odoo build targets one line: `17.0.1.4.0` is for 17.0 only, `saas~17.2.1.4.0` for saas~17.2); `package_version_mismatch` (field `metadata.version`) when the module version after the series differs from `metadata.version`; `package_name_mismatch` (field `artifact`) when the module folder is not the name of the add-on’s earlier Odoo releases; `package_not_installable` (field `artifact`) for `installable: False`.\n\n' +
      'The artifact is stored content-addressed (sha256) before the release row is committed.',
    tags: ['catalogue'],
    side: 'vendor',
    roles: ['publisher'],
    params: addonId,
    body: {
      multipart: z.object({ artifact: z.string().meta({ format: 'binary', description: 'the release file' }), metadata: metadataSchema }),
      encoding: { metadata: 'application/json' },
    },
    responses: { 201: { description: 'Published', json: releasePublished } },
    errors: {
      400: '`invalid_input`, `unknown_line`, `unknown_customer`, `package_invalid`, `package_line_too_new`, `package_version_mismatch`, `package_unmanaged`, `package_series_mismatch`, `package_name_mismatch`, `package_not_installable`',
      404: '`addon_not_found`',
      409: '`release_exists`, `legacy_window_closed`',
    },
  },
  {
    operationId: 'listReleases',
    method: 'get',
    path: '/v1/addons/{addon}/releases',
    summary: 'The releases of an add-on',
    tags: ['catalogue'],
    side: 'vendor',
    roles: anyReader,
    params: addonId,
    responses: { 200: { description: 'OK', json: releaseList } },
    errors: { 404: '`addon_not_found`' },
  },

  // --- customers ----------------------------------------------------------------------------------------------
  {
    operationId: 'createCustomer',
    method: 'post',
    path: '/v1/customers',
    summary: 'Create a customer (a partner key creates its own)',
    tags: ['customers'],
    side: 'vendor',
    roles: billingOrPartner,
    body: { json: customerBody },
    responses: { 201: { description: 'Created', json: customer } },
  },
  { operationId: 'listCustomers', method: 'get', path: '/v1/customers', summary: 'The customers (a partner key: its own)', tags: ['customers'], side: 'vendor', roles: billingOrPartner, responses: { 200: { description: 'OK', json: customerList } } },
  {
    operationId: 'getCustomer',
    method: 'get',
    path: '/v1/customers/{id}',
    summary: 'A customer with its licence key hints, licences, orgs and latest installs',
    tags: ['customers'],
    side: 'vendor',
    roles: anyReader,
    params: customerId,
    responses: { 200: { description: 'OK', json: customerDetail } },
  },
  {
    operationId: 'reissueLicenceKey',
    method: 'post',
    path: '/v1/customers/{id}/licence-keys/{keyId}/reissue',
    summary: 'Re-issue a licence key: a new secret (shown once) under the same key id; the old one stops working, orgs stay bound',
    description: 'For a key that leaked or was lost. The admin types the new key into the configuration page of each org listed in `orgs`.',
    tags: ['customers'],
    side: 'vendor',
    roles: billingOrPartner,
    params: z.object({ id: z.string().describe('customer id'), keyId: z.string().describe('licence key id (see GET /v1/customers/{id})') }),
    body: { json: reissueBody },
    responses: { 200: { description: 'Re-issued', json: licenceKeyReissued } },
    errors: { 404: '`customer_not_found`, `licence_key_not_found`' },
  },
  {
    operationId: 'placeOrder',
    method: 'post',
    path: '/v1/customers/{id}/orders',
    summary: 'Record an order: answers the licence key (shown once) and the invoices license-core computed',
    description:
      'The first order starts the contract on its plan with its first invoice (calendar-year: to 31 December of the following year; Auto SSA: the first billing interval; maintenance: the first month, which needs `linesOfCode`). Later orders are co-termed (calendar-year: to the period end; Auto SSA: to the end of the invoiced interval; maintenance: no invoice). An order dated after a cancelled contract ended re-concludes it (as /reconclusion does). Prepaid credit is used first. `orderedOn` may lie in the past. Each line is priced from the price list in the order’s `currency` (the listed price of one licence times the quantity; a product without a price there is refused `price_not_listed`). A line’s `listPrice` overrides that price for the whole line: admin keys only (others get 403 `forbidden` naming the field), and only with a `priceReason`; the override, its reason and the key are recorded on the licence.',
    tags: ['customers'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    body: { json: orderBody },
    responses: { 201: { description: 'Recorded', json: orderPlaced } },
    errors: { 400: '`invalid_input`, `unknown_addon`', 409: '`customer_terminated`, `plan_locked`, `order_conflict`, `price_not_listed`; `money_limit_exceeded` when an invoice total would pass the money ceiling (field `licences` or `linesOfCode`), or the credit balance it would use lies past it (field `credit.<currency>`)' },
  },
  { operationId: 'listOrders', method: 'get', path: '/v1/customers/{id}/orders', summary: 'The orders of a customer, each with its licences (prices and overrides)', tags: ['customers'], side: 'vendor', roles: billingOrPartner, params: customerId, responses: { 200: { description: 'OK', json: orderList } } },
  {
    operationId: 'getContract',
    method: 'get',
    path: '/v1/customers/{id}/contract',
    summary: 'The contract: periods, status, next invoice date, cancellation deadline, coverage',
    description: 'Before the first order only `customerId`, `status: "none"` and empty lists.',
    tags: ['customers'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    responses: { 200: { description: 'OK', json: contract } },
  },
  {
    operationId: 'explainEligibility',
    method: 'get',
    path: '/v1/customers/{id}/releases/{releaseId}/eligibility',
    summary: 'Explain a decision: may this customer download this release? (`assurance explain`)',
    description:
      'Judged for `platformVersion` if given, else for the org `orgId` (default: the production org), else for the newest line the release targets (`assumedPlatformVersion: true`).',
    tags: ['customers'],
    side: 'vendor',
    roles: anyReader,
    params: z.object({ id: z.string().describe('customer id'), releaseId: z.string() }),
    query: explainQuery,
    responses: { 200: { description: 'OK', json: eligibility } },
    errors: { 404: '`customer_not_found`, `release_not_found`, `org_not_found`' },
  },
  {
    operationId: 'fleetReport',
    method: 'get',
    path: '/v1/fleet',
    summary: 'The fleet report: every activated org and add-on, its installed version, last check and install, and the newer releases offered or withheld (`assurance fleet`)',
    description:
      'Judged as the org’s own update check judges (the inputs its last check reported), as of now or of the end of `asOf` in the vendor’s time zone. A partner key sees its own customers’ orgs only. CSV (RFC 4180, one column per reason code) with `format=csv` or `Accept: text/csv`.',
    tags: ['customers'],
    side: 'vendor',
    roles: anyReader,
    query: fleetQuery,
    responses: {
      200: {
        description: 'OK',
        json: fleetReport,
        media: { type: 'text/csv', description: 'UTF-8 with a BOM, CRLF line breaks, a header row; one row per org and add-on; versions in a cell separated by spaces' },
      },
    },
  },
  {
    operationId: 'fleetInstallOutcomes',
    method: 'get',
    path: '/v1/fleet/installs',
    summary: 'Install outcomes over time: the install reports counted per UTC day and outcome (the console’s Fleet chart)',
    description:
      'Every day from `from` to `to` (at most 366; default the last 30 days up to today), a day without a report with zeros. Days are UTC calendar days of each report’s `recordedAt`; `platform` is the org’s. A partner key counts its own customers’ installs only.',
    tags: ['customers'],
    side: 'vendor',
    roles: anyReader,
    query: fleetInstallsQuery,
    responses: { 200: { description: 'OK', json: installOutcomeDays } },
    errors: { 400: '`invalid_input` naming `from` or `to` (not a date, `from` after `to`, more than 366 days)' },
  },

  {
    operationId: 'getOverview',
    method: 'get',
    path: '/v1/overview',
    summary: 'The overview of the console (issue #15): ARR per currency, renewals within 90 days, open and overdue invoices, lapsed and cancelled contracts, cancellation deadlines coming up, each with its list',
    description:
      'As of now, or of the end of `asOf` in the vendor’s time zone. A partner key counts its own customers only. Every list item names the customer (id and name). Money in integer minor units, totals per currency.',
    tags: ['billing'],
    side: 'vendor',
    roles: billingOrPartner,
    query: overviewQuery,
    responses: { 200: { description: 'OK', json: overview } },
  },

  // --- billing ------------------------------------------------------------------------------------------------
  { operationId: 'listInvoices', method: 'get', path: '/v1/customers/{id}/invoices', summary: 'The invoices of a customer with their balances', tags: ['billing'], side: 'vendor', roles: billingOrPartner, params: customerId, responses: { 200: { description: 'OK', json: invoiceList } } },
  {
    operationId: 'getInvoice',
    method: 'get',
    path: '/v1/invoices/{id}',
    summary: 'One invoice with its balance',
    tags: ['billing'],
    side: 'vendor',
    roles: billingOrPartner,
    params: z.object({ id: z.string().describe('invoice id') }),
    responses: { 200: { description: 'OK', json: invoice } },
    errors: { 404: '`invoice_not_found`' },
  },
  {
    operationId: 'recordPayment',
    method: 'post',
    path: '/v1/invoices/{id}/payments',
    summary: 'Record a payment (idempotent by reference)',
    description:
      '`amount` is integer minor units in the invoice’s currency, or a Money object, at most the money ceiling 999999999999999 (decision U33). The same payment posted again answers 200 with `duplicate: true` and counts once; a reference reused for another payment is 409 `payment_reference_conflict`. A part payment leaves the invoice open.',
    tags: ['billing'],
    side: 'vendor',
    roles: ['billing'],
    params: z.object({ id: z.string().describe('invoice id') }),
    body: { json: paymentBody },
    responses: { 201: { description: 'Recorded', json: paymentRecorded }, 200: { description: 'Recorded before (`duplicate: true`)', json: paymentRecorded } },
    errors: { 404: '`invoice_not_found`', 409: '`payment_reference_conflict`; `money_limit_exceeded` (field `amount.amount`) when the paid total of the invoice would pass the money ceiling' },
  },
  {
    operationId: 'recordCancellation',
    method: 'post',
    path: '/v1/customers/{id}/cancellation',
    summary: 'Record an ordinary cancellation notice',
    description:
      'Calendar-year plan: notice by three months before 31 December (SPEC §2). Auto SSA and maintenance: notice before the end of the term (3 months; flex and maintenance 1 month), or `cancellationDate`, a date fixed in advance, not before the minimum term nor before the end of what is invoiced already (SPEC §5, decision D37).',
    tags: ['billing'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    body: { json: cancellationBody },
    responses: { 201: { description: 'Recorded', json: cancellationRecorded } },
    errors: { 409: '`no_contract`, `customer_terminated`, `already_cancelled`' },
  },
  {
    operationId: 'terminate',
    method: 'post',
    path: '/v1/customers/{id}/termination',
    summary: 'Extraordinary termination: immediate, cuts live download links (SPEC §2)',
    tags: ['billing'],
    side: 'vendor',
    roles: [],
    params: customerId,
    body: { json: terminationBody },
    responses: { 201: { description: 'Terminated', json: terminationRecorded } },
    errors: { 409: '`already_terminated`' },
  },
  {
    operationId: 'runBilling',
    method: 'post',
    path: '/v1/billing/run',
    summary: 'Issue the periodic invoices due on (or, catching up, before) a date for every plan; idempotent',
    description:
      'The server runs it hourly for today too. Calendar-year renewals on 1 January, Auto SSA billing intervals, maintenance months. A maintenance month needs the customer’s counted lines in `linesOfCode`; without them the customer is listed under `skipped` (`lines_of_code_missing`). Prepaid credit is used first. Each customer is invoiced in a transaction of its own: one that cannot be invoiced is listed under `skipped` (`invalid_data` for stored data license-core refuses, `money_limit_exceeded` for an invoice or credit balance past the money ceiling, `internal_error` for anything else, logged) and every other customer is invoiced all the same (decision U34).',
    tags: ['billing'],
    side: 'vendor',
    roles: ['billing'],
    body: { json: runBody },
    responses: { 200: { description: 'OK', json: billingRun } },
  },

  // --- plans (SPEC §5, §7) --------------------------------------------------------------------------------------
  {
    operationId: 'choosePlan',
    method: 'put',
    path: '/v1/customers/{id}/plan',
    summary: 'Choose the plan before the first order',
    tags: ['plans'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    body: { json: planBody },
    responses: { 200: { description: 'The customer', json: customer } },
    errors: { 409: '`plan_locked` once the contract started' },
  },
  {
    operationId: 'reconclude',
    method: 'post',
    path: '/v1/customers/{id}/reconclusion',
    summary: 'Conclude a new agreement after the last one ended (SPEC §5)',
    description:
      'For all licences held, from `concludedOn`. Auto SSA back-fills the gap since the end: up to 30 days at the normal price, more than 30 days charged twice; once paid, coverage is continuous. The other plans start afresh (decision D24).',
    tags: ['plans'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    body: { json: reconclusionBody },
    responses: { 201: { description: 'Concluded', json: reconcluded } },
    errors: { 409: '`contract_running`, `no_contract`, `customer_terminated`, `money_limit_exceeded`' },
  },
  {
    operationId: 'depositCredit',
    method: 'post',
    path: '/v1/customers/{id}/credits',
    summary: 'Deposit prepaid credit (idempotent by reference); it is used before anything is invoiced (SPEC §5)',
    tags: ['plans'],
    side: 'vendor',
    roles: ['billing'],
    params: customerId,
    body: { json: creditBody },
    responses: { 201: { description: 'Deposited', json: creditDeposited }, 200: { description: 'Deposited before (`duplicate: true`)', json: creditDeposited } },
    errors: { 409: '`credit_reference_conflict`; `money_limit_exceeded` (field `amount.amount`) when the balance in that currency would pass the money ceiling' },
  },
  {
    operationId: 'getCredit',
    method: 'get',
    path: '/v1/customers/{id}/credits',
    summary: 'Prepaid credit: the balance per currency, every deposit and use',
    tags: ['plans'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    responses: { 200: { description: 'OK', json: creditAccount } },
  },
  {
    operationId: 'recordUpgrade',
    method: 'post',
    path: '/v1/customers/{id}/upgrades',
    summary: 'Record the included platform-version upgrade of a maintenance agreement and invoice its one-off fee (SPEC §7)',
    tags: ['plans'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    body: { json: upgradeBody },
    responses: { 201: { description: 'Recorded', json: upgradeRecorded } },
    errors: { 409: '`no_maintenance_agreement`; `upgrade_not_included` for a second upgrade in one 12-month period (the message names the day the next one is included); `money_limit_exceeded`' },
  },
  {
    operationId: 'listUpgrades',
    method: 'get',
    path: '/v1/customers/{id}/upgrades',
    summary: 'The upgrades under the maintenance agreement',
    tags: ['plans'],
    side: 'vendor',
    roles: billingOrPartner,
    params: customerId,
    responses: { 200: { description: 'OK', json: upgradeList } },
  },

  // --- support requests (SPEC §6) -------------------------------------------------------------------------------
  {
    operationId: 'listSupportRequests',
    method: 'get',
    path: '/v1/support-requests',
    summary: 'The support requests (a partner key: its customers’ only)',
    tags: ['support'],
    side: 'vendor',
    roles: billingOrPartner,
    query: listQuery,
    responses: { 200: { description: 'OK', json: supportRequestList } },
  },
  {
    operationId: 'getSupportRequest',
    method: 'get',
    path: '/v1/support-requests/{id}',
    summary: 'A request with its time log and its charge (license-core supportCharge)',
    tags: ['support'],
    side: 'vendor',
    roles: billingOrPartner,
    params: supportRequestId,
    responses: { 200: { description: 'OK', json: supportRequestDetail } },
    errors: { 404: '`support_request_not_found`' },
  },
  supportTransition('classifySupportRequest', 'classification', 'Classify (or reclassify) a request', classificationBody),
  supportTransition('recordSupportNotice', 'notice', 'Record when the customer was told the cause is chargeable (billing never starts earlier)', noticeBody, {
    409: '`approval_before_notice`',
  }),
  supportTransition('recordSupportApproval', 'approval', "Record the customer's approval of chargeable work (after the notice)", approvalBody, { 409: '`notice_missing`' }),
  {
    ...supportTransition('logSupportTime', 'time', 'Log time worked on a request', timeBody),
    responses: { 201: { description: 'Logged: the request with its time log and charge', json: supportRequestDetail } },
  },
  {
    ...supportTransition('closeSupportRequest', 'close', 'Close a request', z.object({}), { 409: '`already_closed`' }),
    body: undefined,
  },
  {
    operationId: 'supportStatement',
    method: 'get',
    path: '/v1/support/statement',
    summary: 'Billable minutes and amounts per request and per customer for a month (vendor time zone)',
    description:
      'Work counts in the month its time entry started. A month’s figures are the request’s charge for the work started before the month’s end minus that before its start, so the months add up to the whole (decision D35).',
    tags: ['support'],
    side: 'vendor',
    roles: billingOrPartner,
    query: statementQuery,
    responses: { 200: { description: 'OK', json: supportStatement } },
    errors: { 404: '`customer_not_found`' },
  },

  // --- admin ----------------------------------------------------------------------------------------------------
  { operationId: 'getSettings', method: 'get', path: '/v1/settings', summary: "The vendor's settings", tags: ['admin'], side: 'vendor', roles: [], responses: { 200: { description: 'OK', json: vendorSettings } } },
  {
    operationId: 'changeSettings',
    method: 'patch',
    path: '/v1/settings',
    summary: "Change the vendor's settings",
    tags: ['admin'],
    side: 'vendor',
    roles: [],
    body: { json: settingsPatch },
    responses: { 200: { description: 'The settings after the change', json: vendorSettings } },
  },
  {
    operationId: 'createApiKey',
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Create an API key (its secret is shown once)',
    tags: ['admin'],
    side: 'vendor',
    roles: [],
    body: { json: keyBody },
    responses: { 201: { description: 'Created', json: apiKeyCreated } },
  },
  { operationId: 'listApiKeys', method: 'get', path: '/v1/api-keys', summary: 'The API keys (never their secrets)', tags: ['admin'], side: 'vendor', roles: [], responses: { 200: { description: 'OK', json: apiKeyList } } },
  {
    operationId: 'revokeApiKey',
    method: 'delete',
    path: '/v1/api-keys/{id}',
    summary: 'Revoke an API key',
    tags: ['admin'],
    side: 'vendor',
    roles: [],
    params: z.object({ id: z.string().describe('API key id') }),
    responses: { 204: { description: 'Revoked' } },
    errors: { 404: '`api_key_not_found`' },
  },
];
