/**
 * Malformed multipart bodies on publish are the client's fault: 400 `invalid_upload` naming `artifact`, no release,
 * and no scratch file left behind (issue #12, item 4). Sent as raw bytes over a socket, as a broken client would.
 */
import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { seedCatalogue, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedCatalogue(h);
});
afterAll(async () => h.close());

function rawPost(contentType: string, body: Buffer): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${h.url}/v1/addons/docgen/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': contentType, 'content-length': String(body.length) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const B = 'XyZboundary';
const metadata = JSON.stringify({ version: '1.0.0.1', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] });
const part = (headers: string, content: string) => `--${B}\r\n${headers}\r\n\r\n${content}\r\n`;
const wellFormedStart = part('Content-Disposition: form-data; name="metadata"', metadata);

test.each([
  ['no boundary in the content type', 'multipart/form-data', Buffer.from(`${wellFormedStart}--${B}--\r\n`)],
  ['a part header that is not a header', `multipart/form-data; boundary=${B}`, Buffer.from(`${wellFormedStart}--${B}\r\nthis is not a header\r\n\r\nabc\r\n--${B}--\r\n`)],
  ['a body that ends before its closing boundary', `multipart/form-data; boundary=${B}`, Buffer.from(`${wellFormedStart}${part('Content-Disposition: form-data; name="artifact"; filename="a.zip"', 'PK')}`)],
])('%s → 400 invalid_upload, nothing stored', async (_what, contentType, body) => {
  const res = await rawPost(contentType, body);
  expect({ status: res.status, code: res.body?.error?.code, field: res.body?.error?.field }).toEqual({ status: 400, code: 'invalid_upload', field: 'artifact' });
  expect(readdirSync(path.join(h.dataDir, 'artifacts', 'tmp'))).toEqual([]);
  expect((await h.call('GET', '/v1/addons/docgen/releases')).body.releases).toEqual([]);
});

// A CR/LF ends the part header line, so the part arrives without a file: the request names no artifact (400
// invalid_input on artifact); NUL and a lone CR break the header itself (400 invalid_upload). Never a 500.
test.each([
  ['a NUL', 'a\u0000.zip', 'invalid_upload'],
  ['a CR/LF', 'a\r\nX-Evil: 1.zip', 'invalid_input'],
  ['a lone CR', 'a\r.zip', 'invalid_upload'],
])('a file name with %s → 400 naming artifact, nothing stored', async (_what, fileName, code) => {
  const body = Buffer.from(`${wellFormedStart}--${B}\r\nContent-Disposition: form-data; name="artifact"; filename="${fileName}"\r\nContent-Type: application/zip\r\n\r\nPK\r\n--${B}--\r\n`);
  const res = await rawPost(`multipart/form-data; boundary=${B}`, body);
  expect({ status: res.status, code: res.body?.error?.code, field: res.body?.error?.field }).toEqual({ status: 400, code, field: 'artifact' });
  expect(readdirSync(path.join(h.dataDir, 'artifacts', 'tmp'))).toEqual([]);
  expect((await h.call('GET', '/v1/addons/docgen/releases')).body.releases).toEqual([]);
});
