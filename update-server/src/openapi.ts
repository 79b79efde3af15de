/**
 * The OpenAPI 3.1 document of API v1, served at /v1/openapi.json, generated from api/operations.ts with zod's own
 * z.toJSONSchema: request bodies and parameters from the schemas the routes validate with (their input side),
 * answers from the schemas of api/*.ts (their output side). So the document cannot drift from what is validated,
 * and the integration tests check every answer against it (test/harness.ts).
 */
import { z, type ZodType } from 'zod';
import { activated } from './api/activation';
import { addon } from './api/addons';
import { customer, cancellation, coverageInterval, install, licence, org } from './api/customers';
import { creditEntry } from './api/credits';
import { maintenanceUpgrade } from './api/agreements';
import { apiError } from './api/error';
import { invoice } from './api/invoices';
import { OPERATIONS, type Operation, type OperationResponse } from './api/operations';
import { platformLine } from './api/platform-lines';
import { release, solutionPackage } from './api/releases';
import { apiKey, vendorSettings } from './api/settings';
import { supportCharge, supportRequest, timeEntry } from './api/support-requests';
import { offeredUpdate, withheldUpdate } from './api/updates';
import { calendarDate, contractPlan, instant, maintenanceTerms, money, period, previousAgreement } from './api/values';

type Json = Record<string, unknown>;

/** The answers shared by several operations, named in components/schemas. */
const COMPONENTS: Record<string, ZodType> = {
  Error: apiError,
  CalendarDate: calendarDate,
  Instant: instant,
  Money: money,
  Period: period,
  Plan: contractPlan,
  MaintenanceTerms: maintenanceTerms,
  PreviousAgreement: previousAgreement,
  Addon: addon,
  PlatformLine: platformLine,
  Release: release,
  SolutionPackage: solutionPackage,
  Customer: customer,
  Cancellation: cancellation,
  Licence: licence,
  Org: org,
  Install: install,
  CoverageInterval: coverageInterval,
  Invoice: invoice,
  CreditEntry: creditEntry,
  MaintenanceUpgrade: maintenanceUpgrade,
  SupportRequest: supportRequest,
  SupportTimeEntry: timeEntry,
  SupportCharge: supportCharge,
  OfferedUpdate: offeredUpdate,
  WithheldUpdate: withheldUpdate,
  Activation: activated,
  ApiKey: apiKey,
  VendorSettings: vendorSettings,
};

const REF = (name: string): string => `#/components/schemas/${name}`;
const ROOT = '__operation';

/** JSON Schema keywords zod adds that do not belong inside an OpenAPI document. */
function clean(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** An answer's JSON Schema: a $ref when it is a component, else inline with $refs to the components it uses. */
function outputSchema(schema: ZodType): Json {
  const named = Object.entries(COMPONENTS).find(([, s]) => s === schema);
  if (named) return { $ref: REF(named[0]) };
  const registry = z.registry<{ id: string }>();
  for (const [id, s] of Object.entries(COMPONENTS)) registry.add(s, { id });
  registry.add(schema, { id: ROOT });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: REF });
  return clean(schemas[ROOT] as Json);
}

/** A request's JSON Schema (the input side of the route's own zod schema: before transforms, defaults optional). */
function inputSchema(schema: ZodType): Json {
  return clean(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json);
}

function componentSchemas(): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, s] of Object.entries(COMPONENTS)) registry.add(s, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: REF });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s as Json)]));
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (`invalid_input`; `invalid_json` for a body that is not JSON): `error.field` names the offending field as a dotted path. Nothing was stored.',
  401: 'No API key, or not a valid one (`unauthenticated`).',
  403: 'Refused.',
  404: 'Not found (`<thing>_not_found`). A partner key gets 404 for other partners’ customers too.',
  409: 'Conflict.',
  413: 'The body or upload is too large (`payload_too_large`).',
  416: 'Range not satisfiable.',
  429: 'Too many requests (`rate_limited`); add-on routes only.',
};

/** The error statuses of an operation: its own, and those every route of its kind may answer. */
export function errorStatuses(op: Operation): Record<number, string> {
  const out: Record<number, string> = {};
  const add = (status: number, codes?: string) => {
    out[status] = [out[status], codes].filter(Boolean).join('; ') || ERROR_TEXT[status]!;
  };
  if (op.body || op.query || op.params) add(400, '`invalid_input`' + (op.body ? ', `invalid_json`' : ''));
  if (op.body) add(413, '`payload_too_large`');
  if (op.params) add(404, '`<thing>_not_found` for an unknown id in the path');
  if (op.side === 'vendor') {
    add(401, '`unauthenticated`; `session_expired` for a console session');
    add(403, `\`forbidden\`: roles ${['admin', ...(op.roles ?? [])].join(', ')} only` + (op.method === 'get' ? '' : '; `csrf_token_invalid` for a console session without its token'));
  }
  if (op.side === 'addon') {
    add(403, '`licence_key_invalid`, `org_not_activated`');
    add(429, '`rate_limited`');
  }
  for (const [status, codes] of Object.entries(op.errors ?? {})) add(Number(status), codes);
  return out;
}

function response(r: OperationResponse): Json {
  if (!r.json && !r.media) return { description: r.description };
  // Both for an answer the client chooses by Accept (JSON or CSV, the fleet report).
  const content: Record<string, Json> = {};
  if (r.json) content['application/json'] = { schema: outputSchema(r.json) };
  if (r.media) content[r.media.type] = { schema: { type: 'string', ...(r.media.type.startsWith('text/') ? {} : { contentMediaType: r.media.type }), ...(r.media.description ? { description: r.media.description } : {}) } };
  return { description: r.description, content };
}

function parameters(op: Operation): Json[] {
  const list: Json[] = [];
  for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
    if (!schema) continue;
    const json = inputSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property;
      list.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  return list;
}

function requestBody(op: Operation): Json | undefined {
  if (!op.body) return undefined;
  if ('json' in op.body) return { required: true, content: { 'application/json': { schema: inputSchema(op.body.json) } } };
  const encoding = Object.fromEntries(Object.entries(op.body.encoding ?? {}).map(([field, contentType]) => [field, { contentType }]));
  return { required: true, content: { 'multipart/form-data': { schema: inputSchema(op.body.multipart), ...(op.body.encoding ? { encoding } : {}) } } };
}

function operation(op: Operation): Json {
  const params = parameters(op);
  const body = requestBody(op);
  const responses: Json = {};
  for (const [status, r] of Object.entries(op.responses)) responses[status] = response(r);
  for (const [status, codes] of Object.entries(errorStatuses(op))) {
    responses[status] = { description: `${ERROR_TEXT[Number(status)]} ${codes}`.trim(), content: { 'application/json': { schema: { $ref: REF('Error') } } } };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    security: op.side === 'vendor' ? [{ apiKey: [] }, { consoleSession: [] }] : [],
    ...(op.side === 'vendor' ? { 'x-roles': ['admin', ...(op.roles ?? [])] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

export function buildOpenApiDocument(operations: Operation[] = OPERATIONS): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`two operations for ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'crm-assurance update server',
      version: '1',
      description:
        'Software Assurance for CRM add-ons. Vendor routes need `Authorization: Bearer <api key>`, or the vendor console’s session cookie with `X-CSRF-Token` on writes (roles admin, publisher, billing, partner; admin may do everything; each operation lists its roles in `x-roles`). Add-on routes (/v1/activate, /v1/entitlement, /v1/updates/check, /v1/downloads, /v1/installs, POST /v1/support-requests and /mine) take the licence key instead, allow CORS for the configured CRM origins and are rate limited. Every error is `{ "error": { "code", "message", "field"? } }`. Every decision (prices, periods, coverage, eligibility, legacy windows) is made by @crm-assurance/license-core. This document is generated from the zod schemas the server validates with.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'operations', description: 'Health, metrics, this document' },
      { name: 'add-on', description: 'Called by the add-on in the CRM with the licence key' },
      { name: 'catalogue', description: 'Platform lines, add-ons, releases (SPEC §4)' },
      { name: 'customers', description: 'Customers, orders, contracts, eligibility' },
      { name: 'billing', description: 'Invoices, payments, cancellation, termination, billing runs (SPEC §2)' },
      { name: 'plans', description: 'Auto SSA and maintenance agreements (SPEC §5, §7)' },
      { name: 'support', description: 'Support requests (SPEC §6)' },
      { name: 'admin', description: 'Settings and API keys' },
      { name: 'console', description: 'The vendor console’s session (the page itself is at /console)' },
    ],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, consoleSession: { type: 'apiKey', in: 'cookie', name: 'cra_console', description: 'The vendor console’s session (POST /console/session); writes also need X-CSRF-Token' } }, schemas: componentSchemas() },
    paths,
  };
}

let cached: Json | undefined;

/** The document (built once per process). */
export function openApiDocument(): Json {
  cached ??= buildOpenApiDocument();
  return cached;
}
