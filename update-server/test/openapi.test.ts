/**
 * The OpenAPI document (issue #11): generated from the zod schemas, every route of the app is in it and nothing
 * else, it is well formed (every $ref resolves, every schema is JSON Schema 2020-12), and the harness's answer
 * check refuses an answer the document does not allow.
 */
import Ajv2020 from 'ajv/dist/2020';
import { OPERATIONS } from '../src/api/operations';
import { buildOpenApiDocument } from '../src/openapi';
import { customerWithOrder, responseChecker, ResponseMismatchError, seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
let doc: any;

beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z' });
  doc = (await h.call('GET', '/v1/openapi.json', undefined, null)).body;
});
afterAll(() => h.close());

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

/** Every (method, path) the Express app routes, from its router stack (`:id` written `{id}`). */
function appRoutes(app: any): string[] {
  const found: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths: string[] = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [method, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
            if (on && method !== '_all') found.push(`${method.toUpperCase()} ${p.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  return [...new Set(found)].sort();
}

function documentOperations(document: any): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([p, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}

describe('the document and the routes', () => {
  test('every route the app serves is an operation of the document, and every operation is a route', () => {
    const routes = appRoutes(h.server.app);
    expect(routes.length).toBeGreaterThan(45);
    expect(documentOperations(doc)).toEqual(routes);
  });

  test('the comparison fails for a route the document lacks or an operation no route serves', () => {
    const routes = appRoutes(h.server.app);
    const fewer = buildOpenApiDocument(OPERATIONS.filter((o) => o.operationId !== 'recordPayment'));
    expect(documentOperations(fewer)).not.toEqual(routes);
    const more = buildOpenApiDocument([...OPERATIONS, { ...OPERATIONS[0]!, operationId: 'ghost', path: '/v1/ghost' }]);
    expect(documentOperations(more)).not.toEqual(routes);
  });

  test('the served document is the generated one', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(doc.openapi).toBe('3.1.0');
  });
});

describe('the document is well formed', () => {
  test('operation ids are unique, path parameters match the templates, every answer has a description', () => {
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const inTemplate = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name).sort();
        expect({ op: op.operationId, params: declared }).toEqual({ op: op.operationId, params: inTemplate });
        for (const r of Object.values(op.responses as Record<string, any>)) expect(typeof r.description).toBe('string');
        if (op.security?.length) expect(doc.components.securitySchemes[Object.keys(op.security[0])[0]!]).toBeDefined();
      }
    }
  });

  test('every $ref resolves and every schema is a valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas: unknown[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => visit(n, `${where}/${i}`));
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.$ref === 'string') {
          const target = o.$ref.replace(/^#\//, '').split('/').reduce<any>((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
          expect({ where, ref: o.$ref, resolved: target !== undefined }).toEqual({ where, ref: o.$ref, resolved: true });
        }
        if (o.schema && typeof o.schema === 'object') schemas.push(o.schema);
        for (const [k, v] of Object.entries(o)) visit(v, `${where}/${k}`);
      }
    };
    visit(doc, '#');
    schemas.push(...Object.values(doc.components.schemas));
    expect(schemas.length).toBeGreaterThan(100);
    for (const s of schemas) expect({ schema: s, valid: ajv.validateSchema(s as object) }).toEqual({ schema: s, valid: true });
  });

  test('the decisions the old hand-written document missed are in it (D37)', () => {
    expect(doc.paths['/v1/customers/{id}/cancellation'].post.description).toContain('D37');
  });
});

describe('answers are checked against the document', () => {
  test('a real answer passes; a doctored one fails naming the operation, the status and the path', async () => {
    await seedCatalogue(h);
    const { customerId } = await customerWithOrder(h, '2026-03-01');
    const contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
    expect(contract.status).toBe(200);
    const check = responseChecker(doc);
    const answer = (body: unknown, status = 200) => ({ method: 'GET', url: `/v1/customers/${customerId}/contract`, status, contentType: 'application/json; charset=utf-8', body });
    expect(() => check(answer(contract.body))).not.toThrow();

    const doctored = { ...contract.body, periods: [{ start: '2026-03-01', end: 'soon' }] };
    expect(() => check(answer(doctored))).toThrow(ResponseMismatchError);
    expect(() => check(answer(doctored))).toThrow(/GET \/v1\/customers\/\{id\}\/contract \(getContract\) answered 200 .*\/periods\/0\/end/);
    // An unknown key in a strict object, a wrong type, a missing required field.
    expect(() => check(answer({ ...contract.body, surprise: 1 }))).toThrow(/additional properties/);
    expect(() => check(answer({ ...contract.body, status: 'sleeping' }))).toThrow(/\/status/);
    const { customerId: _c, ...missing } = contract.body;
    expect(() => check(answer(missing))).toThrow(/customerId/);
    // A status the operation does not list, and an error body that is not the error shape.
    expect(() => check(answer({ error: { code: 'teapot', message: 'no' } }, 418))).toThrow(/answered 418, a status the OpenAPI document does not list/);
    expect(() => check(answer({ problem: 'x' }, 404))).toThrow(/\(getContract\) answered 404 .*error/);
    // A path no operation serves must answer the error shape.
    expect(() => check({ ...answer({ oops: true }, 404), url: '/v1/nothing-here' })).toThrow(/no operation/);
  });

  test('the checker compiled from the served document refuses a wrong liveness answer', async () => {
    const check = responseChecker(doc);
    const signingCertificate = { serial: 'ab12', notBefore: '2026-03-15T09:00:00.000Z', notAfter: '2028-03-15T09:00:00.000Z', daysLeft: 730, status: 'valid' };
    const healthy = { status: 'ok', time: '2026-03-15T10:00:00.000Z', signingCertificate, revokedCertificates: 0 };
    expect(() => check({ method: 'GET', url: '/healthz', status: 200, contentType: 'application/json', body: { ...healthy, time: 'now' } })).toThrow(/\(health\) answered 200 .*\/time/);
    expect(() => check({ method: 'GET', url: '/healthz', status: 200, contentType: 'application/json', body: { status: 'ok', time: healthy.time } })).toThrow(/signingCertificate/);
    expect(() => check({ method: 'GET', url: '/healthz', status: 200, contentType: 'application/json', body: healthy })).not.toThrow();
  });
});
