/**
 * Test harness: a real server on 127.0.0.1 (port 0) over a fresh temporary data directory, with a settable
 * clock, and a tiny JSON client over global fetch. Every answer the client gets is checked against the server's
 * own OpenAPI document (GET /v1/openapi.json, compiled with ajv): an answer with a status the document does not
 * list for the operation, or a JSON body its schema refuses, throws.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import pino from 'pino';
import { createSettableClock, type SettableClock } from '../src/clock';
import type { ServerConfig } from '../src/config';
import { initDataDir, startServer, type RunningServer } from '../src/server';
import type { VendorSettings } from '../src/store/store';

export interface Harness {
  url: string;
  /** Checks an answer got without call() (multipart, raw fetch) against the OpenAPI document; throws on a mismatch. */
  checkAnswer(method: string, urlPath: string, res: Response, body: unknown): Promise<void>;
  dataDir: string;
  adminKey: string;
  clock: SettableClock;
  server: RunningServer;
  call(method: string, urlPath: string, body?: unknown, key?: string | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

type OpenApiDocument = { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>; components?: object };

/** Checks one answer against the document; throws an Error naming the operation, the status and the failing path. */
export type ResponseCheck = (answer: { method: string; url: string; status: number; contentType: string | null; body: unknown }) => void;

export class ResponseMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseMismatchError';
  }
}

const checkers = new Map<string, ResponseCheck>();

/**
 * A checker of answers against an OpenAPI 3.1 document (the served JSON, not the zod objects it was made from).
 * The operation is found from the method and the concrete path (literal segments win over `{parameters}`); a path
 * no operation serves must answer the Error shape. JSON bodies are validated with ajv (JSON Schema 2020-12 +
 * formats); other media types are checked for the status only.
 */
export function responseChecker(document: OpenApiDocument): ResponseCheck {
  const key = JSON.stringify(document);
  const known = checkers.get(key);
  if (known) return known;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const compiled = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object): ValidateFunction => {
    let v = compiled.get(schema);
    if (!v) {
      // The schema's `#/components/...` references resolve against a root that carries the document's components.
      v = ajv.compile({ ...schema, components: document.components });
      compiled.set(schema, v);
    }
    return v;
  };
  const templates = Object.keys(document.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{[^}]+\}/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const errorSchema = { $ref: '#/components/schemas/Error' };
  const describe = (errors: ErrorObject[] | null | undefined): string =>
    (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');

  const check: ResponseCheck = ({ method, url, status, contentType, body }) => {
    const m = method.toLowerCase();
    const pathname = new URL(url, 'http://localhost').pathname;
    const match = templates.find((t) => t.pattern.test(pathname) && document.paths[t.template]![m]);
    const isJson = contentType !== null && /application\/json/.test(contentType);
    if (!match) {
      if (isJson && body !== undefined) {
        const v = validatorOf(errorSchema);
        if (!v(body)) throw new ResponseMismatchError(`${method} ${pathname} (no operation) answered ${status} with a body that is not the Error shape: ${describe(v.errors)}`);
      }
      return;
    }
    const op = document.paths[match.template]![m]!;
    const name = `${method.toUpperCase()} ${match.template} (${op.operationId ?? '?'})`;
    const documented = op.responses?.[String(status)];
    if (!documented) throw new ResponseMismatchError(`${name} answered ${status}, a status the OpenAPI document does not list (it lists ${Object.keys(op.responses ?? {}).join(', ')}): ${JSON.stringify(body)?.slice(0, 300)}`);
    if (!isJson || body === undefined || m === 'head') return;
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) throw new ResponseMismatchError(`${name} answered ${status} with JSON, but the document lists no JSON body for it: ${JSON.stringify(body).slice(0, 300)}`);
    const v = validatorOf(schema);
    if (!v(body)) throw new ResponseMismatchError(`${name} answered ${status} with a body the OpenAPI document refuses: ${describe(v.errors)}\n${JSON.stringify(body).slice(0, 1000)}`);
  };
  checkers.set(key, check);
  return check;
}

/** The checker of a running server's answers, from its served /v1/openapi.json. */
export async function serverResponseChecker(url: string): Promise<ResponseCheck> {
  const res = await fetch(`${url}/v1/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /v1/openapi.json answered ${res.status}`);
  return responseChecker((await res.json()) as OpenApiDocument);
}

export async function startHarness(
  options: { now?: string; settings?: Partial<VendorSettings>; config?: Partial<ServerConfig> } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-test-'));
  const clock = createSettableClock(options.now ?? '2026-03-15T10:00:00Z');
  const init = await initDataDir({
    dataDir,
    vendorId: 'northwind',
    vendorName: 'Northwind Add-ons',
    clock,
    settings: { timeZone: 'Europe/Berlin', ...options.settings },
  });
  const server = await startServer({
    dataDir,
    clock,
    log: pino({ level: 'silent' }),
    config: { dailyBilling: false, addonRateLimit: { windowMs: 60_000, max: 100_000 }, ...options.config },
  });
  let checker: Promise<ResponseCheck> | undefined;
  const checkAnswer = async (method: string, urlPath: string, res: Response, parsed: unknown): Promise<void> => {
    checker ??= serverResponseChecker(server.url);
    (await checker)({ method, url: urlPath, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
  };
  const call: Harness['call'] = async (method, urlPath, body, key, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    const k = key === undefined ? init.adminApiKey : key;
    if (k) h.authorization = `Bearer ${k}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${urlPath}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    await checkAnswer(method, urlPath, res, parsed);
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    url: server.url,
    checkAnswer,
    dataDir,
    adminKey: init.adminApiKey,
    clock,
    server,
    call,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SolutionZipOptions {
  version: string;
  /** ImportExportXml@SolutionPackageVersion; omit to leave the attribute out. */
  packageLine?: string;
  /** SolutionManifest/Managed: true → 1, false → 0, a string is written as is. */
  managed?: boolean | string;
  uniqueName?: string;
  /** Replaces solution.xml entirely. */
  solutionXml?: string;
  /** Leave solution.xml out. */
  withoutSolutionXml?: boolean;
  /** More entries (e.g. payload bytes the test downloads again). */
  extra?: Record<string, Buffer | string>;
}

/** A real Dataverse-shaped solution zip built with jszip (issue #9 tests). Deterministic bytes. */
export async function solutionZip(o: SolutionZipOptions): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date('2020-01-01T00:00:00Z');
  const managed = o.managed === undefined ? '1' : typeof o.managed === 'string' ? o.managed : o.managed ? '1' : '0';
  const line = o.packageLine === undefined ? '' : ` SolutionPackageVersion="${o.packageLine}"`;
  const xml =
    o.solutionXml ??
    `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.24012.196"${line} languagecode="1033" generatedBy="CrmLive">
  <SolutionManifest>
    <UniqueName>${o.uniqueName ?? 'cra_docgen'}</UniqueName>
    <Version>${o.version}</Version>
    <Managed>${managed}</Managed>
    <Publisher><UniqueName>CrmAssurance</UniqueName></Publisher>
  </SolutionManifest>
</ImportExportXml>
`;
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="utf-8"?><Types />', { date });
  if (!o.withoutSolutionXml) zip.file('solution.xml', xml, { date });
  zip.file('customizations.xml', '<ImportExportXml><Entities /></ImportExportXml>', { date });
  for (const [name, data] of Object.entries(o.extra ?? {})) zip.file(name, data, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The oldest of a release's lines (what its package must be built for). */
export function oldestLine(lines: string[]): string {
  return [...lines].sort((a, b) => {
    const [x1, x2] = a.split('.').map(Number);
    const [y1, y2] = b.split('.').map(Number);
    return x1 - y1 || x2 - y2;
  })[0];
}

/**
 * Publishes a release through the multipart API. Without `content`, a Dynamics 365 release gets a valid managed
 * solution zip built for its oldest line and of its version; other platforms get a few bytes.
 */
export async function publish(
  h: Harness,
  addon: string,
  metadata: Record<string, unknown>,
  content?: Buffer | string,
  key?: string,
): Promise<{ status: number; body: any }> {
  let bytes: Buffer | string;
  if (content !== undefined) bytes = content;
  else if (metadata.platform === 'dynamics365' && Array.isArray(metadata.lines) && metadata.lines.length > 0 && typeof metadata.version === 'string') {
    bytes = await solutionZip({ version: metadata.version, packageLine: oldestLine(metadata.lines as string[]), extra: { 'release.txt': `artifact ${addon} ${metadata.version}` } });
  } else bytes = `artifact ${addon} ${String(metadata.version)}`;
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append("artifact", new Blob([new Uint8Array(typeof bytes === "string" ? Buffer.from(bytes) : bytes)]), `${addon}-${String(metadata.version)}.zip`);
  const res = await fetch(`${h.url}/v1/addons/${addon}/releases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key ?? h.adminKey}` },
    body: form,
  });
  const answer = await res.json();
  await h.checkAnswer('POST', `/v1/addons/${addon}/releases`, res, answer);
  return { status: res.status, body: answer };
}

export const V92 = '9.2.24012.196';
export const V91 = '9.1.0.28216';

/** Dynamics lines 8.2..9.2 and the add-on `docgen`. */
export async function seedCatalogue(h: Harness): Promise<void> {
  for (const [line, releasedOn] of [
    ['8.2', '2016-11-01'],
    ['9.0', '2017-10-01'],
    ['9.1', '2018-10-01'],
    ['9.2', '2020-10-01'],
  ]) {
    const r = await h.call('POST', '/v1/platforms/dynamics365/lines', { line, releasedOn });
    if (r.status !== 201) throw new Error(`line ${line}: ${JSON.stringify(r.body)}`);
  }
  const a = await h.call('POST', '/v1/addons', { id: 'docgen', name: 'Northwind DocGen' });
  if (a.status !== 201) throw new Error(JSON.stringify(a.body));
}

/** Sets the price of one licence of `addon` (admin key) in the price list (U35). */
export async function setPrice(h: Harness, addon: string, amount: number, currency = 'EUR', extra: { edition?: string; feature?: string } = {}): Promise<void> {
  const r = await h.call('PUT', `/v1/price-list/${addon}`, { ...extra, listPrice: { amount, currency } });
  if (r.status !== 200 && r.status !== 201) throw new Error(`price of ${addon}: ${JSON.stringify(r.body)}`);
}

export async function customerWithOrder(
  h: Harness,
  orderedOn: string,
  amount = 1_000_000,
  key?: string,
  extra: Record<string, unknown> = {},
): Promise<{ customerId: string; licenceKey: string; invoice: any }> {
  const c = await h.call('POST', '/v1/customers', { name: `Customer ${orderedOn} ${Math.random().toString(36).slice(2, 6)}`, ...extra }, key);
  if (c.status !== 201) throw new Error(JSON.stringify(c.body));
  // Orders take their prices from the price list (U35): one docgen licence at `amount` EUR, set by the admin.
  await setPrice(h, 'docgen', amount);
  const o = await h.call('POST', `/v1/customers/${c.body.id}/orders`, { orderedOn, currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] }, key);
  if (o.status !== 201) throw new Error(JSON.stringify(o.body));
  return { customerId: c.body.id, licenceKey: o.body.licenceKey, invoice: o.body.invoice };
}

export async function activate(h: Harness, licenceKey: string, orgId: string, platformVersion = V92, extra: Record<string, unknown> = {}) {
  return h.call('POST', '/v1/activate', { licenceKey, orgId, orgUrl: `https://${orgId}.crm4.dynamics.com`, platform: 'dynamics365', platformVersion, ...extra }, null);
}

export async function checkUpdates(h: Harness, licenceKey: string, orgId: string, installedVersion: string, platformVersion = V92) {
  return h.call('POST', '/v1/updates/check', { licenceKey, orgId, platformVersion, addon: 'docgen', installedVersion }, null);
}

export function versions(list: Array<{ version: string }>): string[] {
  return list.map((r) => r.version);
}

export function reasonOf(check: { body: any }, version: string): string | undefined {
  return check.body.withheld.find((w: any) => w.version === version)?.reason;
}

/** A one-entry deflated zip whose local and central headers claim `claimed` uncompressed bytes. */
export function zipWithLyingSize(name: string, data: Buffer, claimed: number): Buffer {
  const compressed = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // crc (not checked)
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const localPart = Buffer.concat([local, nameBytes, compressed]);
  const centralPart = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** Every file under the server's artifact folder (scratch files included), relative and sorted: proof that a refused upload left nothing. */
export function artifactFiles(h: Pick<Harness, 'dataDir'>): string[] {
  const root = path.join(h.dataDir, 'artifacts');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else files.push(path.relative(root, path.join(dir, entry.name)));
    }
  };
  walk(root);
  return files.sort();
}
