/**
 * The error handler answers every error with a code of license-core's API_ERROR_CODES (issue #11): the errors that
 * do not come from a route's ApiError (store conflicts, multer limits, license-core's InvalidInputError, body-parser
 * failures, the unexpected) included.
 */
import { API_ERROR_CODES, InvalidInputError, refusal } from '@crm-assurance/license-core';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import multer from 'multer';
import { ApiError, errorHandler, notFound, refused, type ClientErrorCode } from '../src/api-error';
import { createApiClient } from '../src/cli/api-client';
import { ReleaseLineTakenError, StoreConflictError } from '../src/store/errors';

interface Answer {
  status: number;
  body: { error: { code: string; message: string; field?: string } };
}

function answer(err: unknown): Answer {
  const out: Partial<Answer> = {};
  const res = {
    headersSent: false,
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Answer['body']) {
      out.body = body;
      return this;
    },
  };
  const log = { error: jest.fn() };
  errorHandler(log)(err, {} as never, res as never, jest.fn());
  return out as Answer;
}

const known = new Set<string>(API_ERROR_CODES);

test.each<[string, unknown, number, string]>([
  ['a store conflict', new StoreConflictError('payment_reference_conflict', 'a payment with this reference exists already', 'payment_reference'), 409, 'payment_reference_conflict'],
  ['a release line taken', new ReleaseLineTakenError('9.2', 'rel_1'), 409, 'release_exists'],
  ['a multer file size limit', new multer.MulterError('LIMIT_FILE_SIZE', 'artifact'), 413, 'payload_too_large'],
  ['another multer limit', new multer.MulterError('LIMIT_FIELD_COUNT'), 400, 'invalid_upload'],
  ['an InvalidInputError', new InvalidInputError('orderedOn', 'orderedOn: expected a calendar date'), 400, 'invalid_input'],
  ['malformed JSON', Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 }), 400, 'invalid_json'],
  ['a body too large', Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }), 413, 'payload_too_large'],
  ['a refusal', refused(refusal('plan_locked', 'plan: locked', 'plan')), 409, 'plan_locked'],
  ['a refusal of the input', refused(refusal('invalid_input', 'licences: order at least one', 'licences')), 400, 'invalid_input'],
  ['a not found', notFound('support_request'), 404, 'support_request_not_found'],
  ['an ApiError', new ApiError(403, 'org_not_activated', 'activate it first', 'orgId'), 403, 'org_not_activated'],
  ['anything else', new TypeError('x is undefined'), 500, 'internal_error'],
])('%s is answered with a code of API_ERROR_CODES', (_what, err, status, code) => {
  const { status: actual, body } = answer(err);
  expect(actual).toBe(status);
  expect(body.error.code).toBe(code);
  expect(known.has(body.error.code)).toBe(true);
});

test('a not-found message names the thing in words', () => {
  expect(answer(notFound('support_request')).body.error).toEqual({ code: 'support_request_not_found', message: 'support request not found' });
});

test('an InvalidInputError keeps its field', () => {
  expect(answer(new InvalidInputError('orderedOn', 'orderedOn: expected a calendar date')).body.error).toMatchObject({ field: 'orderedOn' });
});

describe('the CLI client throws the same ApiError', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/known') res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'customer_not_found', message: 'customer not found', field: 'customerId' } }));
      else if (req.url === '/newer') res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'brand_new_code', message: 'a newer server says no' } }));
      else res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function thrown(urlPath: string, base = url): Promise<ApiError<ClientErrorCode>> {
    const error = await createApiClient(base, undefined).request('GET', urlPath).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError<ClientErrorCode>;
  }

  test('with the server\'s code, message and field', async () => {
    expect(await thrown('/known')).toMatchObject({ status: 404, code: 'customer_not_found', message: 'customer not found', field: 'customerId' });
  });
  test('with http_<status> for an answer without an API error body', async () => {
    expect(await thrown('/proxy')).toMatchObject({ status: 502, code: 'http_502', message: 'HTTP 502' });
  });
  test('with http_<status> and the server\'s words for a code this client does not know', async () => {
    expect(await thrown('/newer')).toMatchObject({ status: 409, code: 'http_409', message: 'a newer server says no (brand_new_code)' });
  });
  test('with connection_failed when nothing answers', async () => {
    expect(await thrown('/x', 'http://127.0.0.1:1')).toMatchObject({ status: 0, code: 'connection_failed' });
  });
});
