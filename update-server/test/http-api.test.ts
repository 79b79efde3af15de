/**
 * The HTTP surface: bad input (400 naming the field, nothing stored), upload limits, Range/ETag downloads,
 * payment idempotency, health, metrics and the OpenAPI document.
 */
import { createHash, randomBytes } from 'node:crypto';
import { activate, artifactFiles, checkUpdates, customerWithOrder, publish, seedCatalogue, setPrice, solutionZip, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-03-15T10:00:00Z', config: { uploadLimitBytes: 64 * 1024 } });
  await seedCatalogue(h);
});
afterAll(async () => h.close());

async function counts() {
  const customers = (await h.call('GET', '/v1/customers')).body.customers.length;
  const releases = (await h.call('GET', '/v1/addons/docgen/releases')).body.releases.length;
  return { customers, releases };
}

describe('bad input', () => {
  test('400 names the field and nothing is stored', async () => {
    const before = await counts();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/v1/customers', { region: 'EU' }, 'name'],
      ['POST', '/v1/customers', { name: '' }, 'name'],
      ['POST', '/v1/platforms/dynamics365/lines', { line: '9.3', releasedOn: '2026-02-30' }, 'releasedOn'],
      ['POST', '/v1/platforms/nosuch/lines', { line: '9.3', releasedOn: '2026-02-01' }, 'platform'],
      ['POST', '/v1/addons', { id: 'Bad Id', name: 'x' }, 'id'],
      ['POST', '/v1/billing/run', { date: 'tomorrow' }, 'date'],
      ['POST', '/v1/activate', { licenceKey: 'CRMA-AAAAA-AAAAA-AAAAA-AAAAA', orgId: 'o', orgUrl: 'not a url', platform: 'dynamics365', platformVersion: '9.2' }, 'orgUrl'],
      ['POST', '/v1/updates/check', { licenceKey: 'CRMA-AAAAA-AAAAA-AAAAA-AAAAA', orgId: 'o', platformVersion: '9.2.1.1', addon: 'docgen', installedVersion: 'v1' }, 'installedVersion'],
      ['POST', '/v1/installs', { licenceKey: 'CRMA-AAAAA-AAAAA-AAAAA-AAAAA', orgId: 'o', addon: 'docgen', fromVersion: '1.0', toVersion: '1.1', outcome: 'maybe' }, 'outcome'],
    ];
    for (const [method, p, body, field] of cases) {
      const r = await h.call(method, p, body);
      expect([p, r.status, r.body.error.field]).toEqual([p, 400, field]);
      expect(r.body.error.code).toBe('invalid_input');
      expect(r.body.error.message).toContain(field);
    }
    const c = (await h.call('POST', '/v1/customers', { name: 'Valid' })).body.id;
    const order = await h.call('POST', `/v1/customers/${c}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1, listPrice: { amount: 10.5, currency: 'EUR' }, priceReason: 'test' }] });
    expect(order.status).toBe(400);
    expect(order.body.error.field).toBe('licences.0.listPrice.amount');
    const mixed = await h.call('POST', `/v1/customers/${c}/orders`, {
      orderedOn: '2026-03-01',
      currency: 'EUR',
      licences: [
        { addon: 'docgen', quantity: 1, listPrice: { amount: 100, currency: 'EUR' }, priceReason: 'test' },
        { addon: 'docgen', quantity: 1, listPrice: { amount: 100, currency: 'SEK' }, priceReason: 'test' },
      ],
    });
    expect(mixed.status).toBe(400); // license-core refuses mixed currencies, naming the licence
    expect(mixed.body.error.field).toMatch(/licences.*1.*currency/);
    const unknownAddon = await h.call('POST', `/v1/customers/${c}/orders`, { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'nosuch', quantity: 1 }] });
    expect(unknownAddon.body.error.field).toBe('licences.0.addon');
    expect((await h.call('GET', `/v1/customers/${c}/orders`)).body.orders).toEqual([]);
    expect((await h.call('GET', `/v1/customers/${c}/invoices`)).body.invoices).toEqual([]);
    const badJson = await fetch(`${h.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' }, body: '{"name":' });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe('invalid_json');
    expect(await counts()).toEqual({ customers: before.customers + 1, releases: before.releases });
  });

  test('bad release metadata: 400 naming the field, no row and no file', async () => {
    const filesBefore = artifactFiles(h);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ version: '1.x', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] }, 'metadata.version'],
      [{ version: '1.0.0.0', kind: 'hotfix', platform: 'dynamics365', lines: ['9.2'] }, 'metadata.kind'],
      [{ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: [] }, 'metadata.lines'],
      [{ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.7'] }, 'metadata.lines.0'],
      [{ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2030-01-01T00:00:00Z' }, 'metadata.publishedAt'],
      [{ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'], customFor: ['cus_nobody'] }, 'metadata.customFor.0'],
    ];
    for (const [metadata, field] of cases) {
      const r = await publish(h, 'docgen', metadata, `unique content ${field}`);
      expect([field, r.status, r.body.error.field]).toEqual([field, 400, field]);
    }
    const missingFile = await fetch(`${h.url}/v1/addons/docgen/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminKey}` },
      body: (() => {
        const f = new FormData();
        f.append('metadata', JSON.stringify({ version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] }));
        return f;
      })(),
    });
    expect(missingFile.status).toBe(400);
    expect((await missingFile.json()).error.field).toBe('artifact');
    expect((await publish(h, 'nosuch', { version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] })).status).toBe(404);
    expect(artifactFiles(h)).toEqual(filesBefore);
    expect((await h.call('GET', '/v1/addons/docgen/releases')).body.releases).toEqual([]);
  });

  test('uploads over the size limit are refused with 413 and leave nothing behind', async () => {
    const filesBefore = artifactFiles(h);
    const r = await publish(h, 'docgen', { version: '1.0.0.0', kind: 'patch', platform: 'dynamics365', lines: ['9.2'] }, Buffer.alloc(200 * 1024, 7));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(artifactFiles(h)).toEqual(filesBefore);
  });

  test('the client file name never becomes a path; a duplicate version is 409', async () => {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-01-01T00:00:00Z' }));
    form.append('artifact', new Blob([new Uint8Array(await solutionZip({ version: '1.0.0.0', packageLine: '9.2' }))]), '../../../../etc/evil.zip');
    const res = await fetch(`${h.url}/v1/addons/docgen/releases`, { method: 'POST', headers: { authorization: `Bearer ${h.adminKey}` }, body: form });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.fileName).toBe('docgen-1.0.0.0.zip');
    expect(artifactFiles(h)).toEqual([`sha256/${body.sha256.slice(0, 2)}/${body.sha256}`]);
    const again = await publish(h, 'docgen', { version: '1.0.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('release_exists');
  });
});

describe('downloads', () => {
  let content: Buffer;
  let url: string;
  beforeAll(async () => {
    content = await solutionZip({ version: '1.5.0.0', packageLine: '9.2', extra: { 'payload.bin': randomBytes(5000) } });
    await publish(h, 'docgen', { version: '1.5.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-02-01T00:00:00Z' }, content);
    const c = await customerWithOrder(h, '2026-03-10');
    await activate(h, c.licenceKey, 'org-dl');
    const check = await checkUpdates(h, c.licenceKey, 'org-dl', '1.0.0.0');
    url = check.body.updates.find((u: any) => u.version === '1.5.0.0').downloadUrl;
  });

  test('whole file with Content-Length and ETag = sha256', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const sha = createHash('sha256').update(content).digest('hex');
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    const notModified = await fetch(url, { headers: { 'if-none-match': `"${sha}"` } });
    expect(notModified.status).toBe(304);
  });

  test('Range requests resume a download', async () => {
    const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(content.subarray(1000, 2000))).toBe(true);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${content.length}`);
    const tail = await fetch(url, { headers: { range: `bytes=${content.length - 10}-` } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(content.subarray(content.length - 10))).toBe(true);
    const bad = await fetch(url, { headers: { range: `bytes=${content.length + 4000}-${content.length + 4999}` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${content.length}`);
    const staleIfRange = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
    expect(staleIfRange.status).toBe(200);
    await staleIfRange.arrayBuffer();
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(content.length));
  });
});

describe('targeting and races', () => {
  test('a language-targeted release: judged with the language of the check, also at download time', async () => {
    const french = await solutionZip({ version: '1.6.0.0', packageLine: '9.2', extra: { 'readme.txt': 'french build' } });
    const r = await publish(h, 'docgen', { version: '1.6.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'], publishedAt: '2026-02-02T00:00:00Z', languages: ['fr'] }, french);
    expect(r.status).toBe(201);
    const c = await customerWithOrder(h, '2026-03-10', 1000, undefined, { language: 'de' });
    await activate(h, c.licenceKey, 'org-fr');
    const de = await checkUpdates(h, c.licenceKey, 'org-fr', '1.5.9.0');
    expect(de.body.withheld.find((w: any) => w.version === '1.6.0.0').reason).toBe('not_targeted');
    const fr = await h.call('POST', '/v1/updates/check', { licenceKey: c.licenceKey, orgId: 'org-fr', platformVersion: '9.2.24012.196', addon: 'docgen', installedVersion: '1.5.9.0', language: 'fr-FR' }, null);
    const offered = fr.body.updates.find((u: any) => u.version === '1.6.0.0');
    expect(offered).toBeDefined();
    const res = await fetch(offered.downloadUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(french)).toBe(true);
  });

  test('two first orders at once start the contract once', async () => {
    const id = (await h.call('POST', '/v1/customers', { name: 'Racer' })).body.id;
    await setPrice(h, 'docgen', 1000);
    const body = { orderedOn: '2026-03-01', currency: 'EUR', licences: [{ addon: 'docgen', quantity: 1 }] };
    const results = await Promise.all([1, 2, 3].map(() => h.call('POST', `/v1/customers/${id}/orders`, body)));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const invoices = (await h.call('GET', `/v1/customers/${id}/invoices`)).body.invoices;
    expect(invoices.filter((i: any) => i.kind === 'first')).toHaveLength(1);
    expect(invoices).toHaveLength(results.filter((r) => r.status === 201).length);
  });
});

describe('payments', () => {
  test('a payment posted twice is counted once; a part payment leaves the invoice open', async () => {
    const { customerId, invoice } = await customerWithOrder(h, '2026-03-15', 1_000_000);
    const part = { amount: 100_000, paidAt: '2026-03-15T09:00:00Z', reference: 'SEPA-4711' };
    const first = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, part);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false, invoice: { status: 'open', paid: 100_000, outstanding: 224_000 } });
    const twice = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, part);
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ duplicate: true, payment: { id: first.body.payment.id }, invoice: { paid: 100_000, outstanding: 224_000 } });
    const reused = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { ...part, amount: 5 });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'payment_reference_conflict', field: 'reference' });
    let contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
    expect(contract.body.status).toBe('unpaid');
    const rest = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: { amount: 224_000, currency: 'EUR' }, paidAt: '2026-03-15T09:30:00Z', reference: 'SEPA-4712' });
    expect(rest.body.invoice).toMatchObject({ status: 'paid', outstanding: 0, fullyPaidAt: '2026-03-15T09:30:00.000Z' });
    contract = await h.call('GET', `/v1/customers/${customerId}/contract`);
    expect(contract.body.status).toBe('active');
    const invoices = await h.call('GET', `/v1/customers/${customerId}/invoices`);
    expect(invoices.body.invoices[0].payments).toHaveLength(2);
    const wrongCurrency = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: { amount: 1, currency: 'SEK' }, paidAt: '2026-03-15T09:30:00Z', reference: 'X' });
    expect(wrongCurrency.body.error.field).toBe('amount.currency');
    const future = await h.call('POST', `/v1/invoices/${invoice.id}/payments`, { amount: 1, paidAt: '2027-01-01T00:00:00Z', reference: 'Y' });
    expect(future.body.error.field).toBe('paidAt');
    expect((await h.call('POST', '/v1/invoices/inv_nothing/payments', part)).status).toBe(404);
  });
});

describe('operations', () => {
  test('healthz, metrics, OpenAPI', async () => {
    expect((await h.call('GET', '/healthz', undefined, null)).body.status).toBe('ok');
    const metrics = await fetch(`${h.url}/metrics`);
    const text = await metrics.text();
    expect(text).toContain('assurance_http_requests_total');
    expect(text).toContain('assurance_downloads_total');
    expect(text).not.toMatch(/downloads\/ey/); // tokens never become labels
    const openapi = await h.call('GET', '/v1/openapi.json', undefined, null);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    for (const p of ['/v1/activate', '/v1/entitlement', '/v1/updates/check', '/v1/downloads/{token}', '/v1/installs', '/v1/addons/{addon}/releases', '/v1/customers/{id}/orders', '/v1/invoices/{id}/payments', '/v1/customers/{id}/plan', '/v1/customers/{id}/reconclusion', '/v1/customers/{id}/credits', '/v1/customers/{id}/upgrades', '/v1/support-requests', '/v1/support-requests/mine', '/v1/support-requests/{id}/time', '/v1/support/statement']) {
      expect(Object.keys(openapi.body.paths)).toContain(p);
    }
    expect((await h.call('GET', '/v1/nothing-here')).status).toBe(404);
  });
});
