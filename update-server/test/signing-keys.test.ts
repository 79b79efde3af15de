/**
 * Issue #12, item 3: the signing-key lifecycle on a real server and data directory (decisions S18, U38–U40):
 * expiry in /healthz, the metric and the start log; rotation; revocation listed in manifests; an interrupted
 * rotation; the CLI; re-issuing a customer's licence key. Each attack is refused and leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { verifyLicence, verifyManifest } from '@crm-assurance/license-core';
import pino from 'pino';
import { dataPaths } from '../src/config';
import { startServer } from '../src/server';
import { loadSigningKeys, recoverRotation, revokeSigningCertificate, rotateSigningKey, SigningKeyError } from '../src/signing-keys';
import { activate, checkUpdates, customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from './harness';

const run = promisify(execFile);
const SERVER_BIN = path.join(__dirname, '..', 'bin', 'assurance-server.js');
const ORG = 'a1b2c3d4-0000-4000-8000-00000000c001';
const DAY = 86_400_000;

function x5cSerial(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { x5c: string[] };
  return new X509Certificate(Buffer.from(header.x5c[0], 'base64')).serialNumber.toLowerCase().replace(/^0+/, '');
}

function certSerial(pem: string): string {
  return new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');
}

async function errorOf(promise: Promise<unknown>): Promise<SigningKeyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigningKeyError) return error;
    throw error;
  }
  throw new Error('expected a SigningKeyError');
}

/** A pino logger whose lines land in `lines`. */
function capturingLog(lines: Array<Record<string, unknown>>): pino.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

describe('the signing certificate in /healthz, the metric and the start log', () => {
  let h: Harness;
  let notAfter: Date;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-03-15T10:00:00Z' });
    notAfter = new Date(new X509Certificate(readFileSync(dataPaths(h.dataDir).signingCert, 'utf8')).validTo);
  });
  afterAll(() => h.close());

  test('valid: ok, with the serial and the days left', async () => {
    const r = await h.call('GET', '/healthz', undefined, null);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', signingCertificate: { status: 'valid', notAfter: notAfter.toISOString() }, revokedCertificates: 0 });
    expect(r.body.signingCertificate.daysLeft).toBeGreaterThan(600);
    expect(r.body.signingCertificate.serial).toBe(certSerial(readFileSync(dataPaths(h.dataDir).signingCert, 'utf8')));
  });

  test('within 30 days of expiry: degraded (200); after it: failing (503)', async () => {
    h.clock.set(new Date(notAfter.getTime() - 10 * DAY - 3_600_000));
    const soon = await h.call('GET', '/healthz', undefined, null);
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ status: 'degraded', signingCertificate: { status: 'expiring', daysLeft: 10 } });
    h.clock.set(new Date(notAfter.getTime() + DAY));
    const late = await h.call('GET', '/healthz', undefined, null);
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ status: 'failing', signingCertificate: { status: 'expired' } });
    h.clock.set('2026-03-15T10:00:00Z');
  });

  test('the metric carries the expiry instant', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const serial = certSerial(readFileSync(dataPaths(h.dataDir).signingCert, 'utf8'));
    expect(text).toContain(`assurance_signing_certificate_expiry_timestamp_seconds{serial="${serial}"} ${Math.floor(notAfter.getTime() / 1000)}`);
  });

  test('a server started with an expired certificate logs an error saying to rotate; one close to expiry warns', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { createSettableClock } = await import('../src/clock');
    for (const at of [new Date(notAfter.getTime() - 5 * DAY), new Date(notAfter.getTime() + DAY)]) {
      const s = await startServer({ dataDir: h.dataDir, clock: createSettableClock(at), log: capturingLog(lines), config: { dailyBilling: false } });
      await s.close();
    }
    const about = lines.filter((l) => typeof l.msg === 'string' && (l.msg as string).includes('signing certificate'));
    expect(about.map((l) => l.level)).toEqual([40, 50]);
    expect(about[1].msg).toContain('rotate-signing-key');
  });
});

describe('rotation and revocation', () => {
  let h: Harness;
  let licenceKey: string;
  let rootCertPem: string;
  const verifyAt = () => ({ rootCertPem, orgId: ORG, now: new Date() });

  beforeAll(async () => {
    h = await startHarness({ now: new Date().toISOString() });
    await seedCatalogue(h);
    expect((await publish(h, 'docgen', { version: '1.1.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] })).status).toBe(201);
    const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
    licenceKey = order.licenceKey;
    await h.call('POST', `/v1/invoices/${order.invoice.id}/payments`, { amount: order.invoice.total.amount, paidAt: h.clock.now().toISOString(), reference: 'R-1' });
    rootCertPem = readFileSync(dataPaths(h.dataDir).rootCert, 'utf8');
  }, 60_000);
  afterAll(() => h.close());

  test('rotate: the server signs with the new key after a reload; documents of the old key still verify; its private key is gone', async () => {
    const paths = dataPaths(h.dataDir);
    const before = await activate(h, licenceKey, ORG);
    expect(before.status).toBe(201);
    const oldSerial = x5cSerial(before.body.licence);
    const oldKeyPem = readFileSync(paths.signingKey, 'utf8');

    const result = await rotateSigningKey(h.dataDir, { now: new Date(Date.now() + 2000), vendorName: 'Northwind Add-ons' });
    expect(result.previous.serial).toBe(oldSerial);
    expect(result.current.serial).not.toBe(oldSerial);
    expect(result.revoked).toBeUndefined();
    expect(readFileSync(path.join(paths.retiredCerts, `${oldSerial}.pem`), 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(readFileSync(paths.signingKey, 'utf8')).not.toBe(oldKeyPem);
    expect((await fs.readdir(paths.keys)).filter((f) => f.includes('.next') || f.includes('.tmp'))).toEqual([]);

    // Until the reload, the running server signs with the key it started with.
    expect(x5cSerial((await activate(h, licenceKey, ORG)).body.licence)).toBe(oldSerial);
    await h.server.reloadSigningKeys();
    const after = await activate(h, licenceKey, ORG);
    expect(x5cSerial(after.body.licence)).toBe(result.current.serial);
    expect((await h.call('GET', '/healthz', undefined, null)).body.signingCertificate.serial).toBe(result.current.serial);
    // Both verify against the one pinned root.
    expect(verifyLicence(before.body.licence, verifyAt()).org.id).toBe(ORG);
    expect(verifyLicence(after.body.licence, verifyAt()).org.id).toBe(ORG);
  });

  test('rotate with a reason revokes the replaced certificate: every manifest lists it; a server cannot start with a revoked key', async () => {
    const previous = certSerial(readFileSync(dataPaths(h.dataDir).signingCert, 'utf8'));
    const result = await rotateSigningKey(h.dataDir, { now: new Date(Date.now() + 4000), vendorName: 'Northwind Add-ons', revokeReason: 'key found on a build agent' });
    expect(result.revoked).toMatchObject({ serial: previous, reason: 'key found on a build agent' });
    await h.server.reloadSigningKeys();
    const check = await checkUpdates(h, licenceKey, ORG, '1.0.0.0');
    expect(check.status).toBe(200);
    const manifest = verifyManifest(check.body.manifest, verifyAt());
    expect(manifest.revokedCerts).toEqual([previous]);
    expect(x5cSerial(check.body.manifest)).toBe(result.current.serial);
    expect((await h.call('GET', '/healthz', undefined, null)).body.revokedCertificates).toBe(1);

    // Someone puts the revoked key back in place: the keys refuse to load, naming the way out.
    const paths = dataPaths(h.dataDir);
    const revokedList = JSON.parse(readFileSync(paths.revokedCerts, 'utf8')) as Array<{ serial: string }>;
    await fs.writeFile(paths.revokedCerts, JSON.stringify([...revokedList, { serial: result.current.serial, revokedAt: new Date().toISOString(), reason: 'test' }]));
    const refused = await errorOf(loadSigningKeys(h.dataDir, 'northwind'));
    expect(refused.message).toContain('rotate-signing-key');
    // A reload that fails keeps the server signing with the keys it had.
    await expect(h.server.reloadSigningKeys()).rejects.toThrow(SigningKeyError);
    expect(x5cSerial((await activate(h, licenceKey, ORG)).body.licence)).toBe(result.current.serial);
    await fs.writeFile(paths.revokedCerts, JSON.stringify(revokedList));
  });

  test('a revoking rotation whose new certificate would not be issued after the old one is refused, and changes nothing', async () => {
    const paths = dataPaths(h.dataDir);
    const certPem = readFileSync(paths.signingCert, 'utf8');
    const revokedBefore = readFileSync(paths.revokedCerts, 'utf8');
    // notBefore is backdated an hour (S12): issued an hour after the current one's notBefore, both start together.
    const sameStart = new Date(Date.parse(new X509Certificate(certPem).validFrom) + 3_600_000);
    const refused = await errorOf(rotateSigningKey(h.dataDir, { now: sameStart, vendorName: 'Northwind Add-ons', revokeReason: 'leaked' }));
    expect(refused.field).toBe('now');
    expect(readFileSync(paths.signingCert, 'utf8')).toBe(certPem);
    expect(readFileSync(paths.revokedCerts, 'utf8')).toBe(revokedBefore);
  });

  test('revoke-signing-cert refuses the current certificate, an unknown serial and a missing reason, and writes nothing', async () => {
    const paths = dataPaths(h.dataDir);
    const listBefore = readFileSync(paths.revokedCerts, 'utf8');
    const current = certSerial(readFileSync(paths.signingCert, 'utf8'));
    expect((await errorOf(revokeSigningCertificate(h.dataDir, { serial: current, reason: 'x', now: new Date() }))).field).toBe('serial');
    expect((await errorOf(revokeSigningCertificate(h.dataDir, { serial: 'abc123', reason: 'x', now: new Date() }))).message).toContain('not a signing certificate of this data directory');
    expect((await errorOf(revokeSigningCertificate(h.dataDir, { serial: 'xyz', reason: 'x', now: new Date() }))).field).toBe('serial');
    const retired = (await fs.readdir(paths.retiredCerts)).map((f) => f.replace('.pem', ''));
    const notRevoked = retired.find((s) => !listBefore.includes(s))!;
    expect((await errorOf(revokeSigningCertificate(h.dataDir, { serial: notRevoked, reason: '  ', now: new Date() }))).field).toBe('reason');
    expect(readFileSync(paths.revokedCerts, 'utf8')).toBe(listBefore);
    // A retired one can be revoked; doing it twice keeps one entry.
    await revokeSigningCertificate(h.dataDir, { serial: notRevoked.toUpperCase(), reason: 'leaked', now: new Date() });
    await revokeSigningCertificate(h.dataDir, { serial: notRevoked, reason: 'leaked again', now: new Date() });
    const list = JSON.parse(readFileSync(paths.revokedCerts, 'utf8')) as Array<{ serial: string }>;
    expect(list.filter((r) => r.serial === notRevoked)).toHaveLength(1);
  });

  test('an interrupted rotation is finished when both new files are whole, and undone when only the key is', async () => {
    const paths = dataPaths(h.dataDir);
    const keyPem = readFileSync(paths.signingKey, 'utf8');
    const certPem = readFileSync(paths.signingCert, 'utf8');
    // Crash after the new key was written, before its certificate: undone, the old pair stays.
    await fs.writeFile(`${paths.signingKey}.next`, 'half a key');
    expect(await recoverRotation(h.dataDir)).toBe('undone');
    expect(readFileSync(paths.signingKey, 'utf8')).toBe(keyPem);
    expect(existsSync(`${paths.signingKey}.next`)).toBe(false);
    // Crash after the key was moved into place, before the certificate: the pair is completed from the .next file.
    const rotated = await rotateSigningKey(h.dataDir, { now: new Date(Date.now() + 6000), vendorName: 'Northwind Add-ons' });
    const newCert = readFileSync(paths.signingCert, 'utf8');
    await fs.writeFile(`${paths.signingCert}.next`, newCert);
    await fs.writeFile(paths.signingCert, certPem);
    const keys = await loadSigningKeys(h.dataDir, 'northwind');
    expect(keys.recovered).toBe('finished');
    expect(keys.current.serial).toBe(rotated.current.serial);
  });

  test('the CLI lists the keys and rotates them (JSON), and names the field of bad options', async () => {
    const env = { ...process.env, LOG_LEVEL: 'silent' };
    const listed = JSON.parse((await run(process.execPath, [SERVER_BIN, 'signing-keys', '--data', h.dataDir, '--json'], { env })).stdout) as {
      certificates: Array<{ role: string; serial: string; status: string; revoked?: unknown }>;
    };
    expect(listed.certificates[0]).toMatchObject({ role: 'current', status: 'valid' });
    expect(listed.certificates.filter((c) => c.revoked !== undefined).length).toBeGreaterThanOrEqual(2);
    const rotated = JSON.parse((await run(process.execPath, [SERVER_BIN, 'rotate-signing-key', '--data', h.dataDir, '--json'], { env })).stdout) as { previous: { serial: string }; current: { serial: string } };
    expect(rotated.previous.serial).toBe(listed.certificates[0].serial);
    expect(certSerial(readFileSync(dataPaths(h.dataDir).signingCert, 'utf8'))).toBe(rotated.current.serial);
    const bad = (await run(process.execPath, [SERVER_BIN, 'revoke-signing-cert', '--data', h.dataDir, '--serial', rotated.current.serial, '--reason', 'x'], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    ));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--serial');
  }, 30_000);
});

describe('re-issuing a licence key (decision U40)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: new Date().toISOString() });
    await seedCatalogue(h);
  });
  afterAll(() => h.close());

  test('the old key stops working at once; the new key opens the same org, which stays bound; the re-issue is on record', async () => {
    const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
    expect((await activate(h, order.licenceKey, ORG)).status).toBe(201);
    const detail = await h.call('GET', `/v1/customers/${order.customerId}`);
    const keyId = detail.body.licenceKeys[0].id as string;

    const r = await h.call('POST', `/v1/customers/${order.customerId}/licence-keys/${keyId}/reissue`, { reason: 'posted in a forum' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ customerId: order.customerId, licenceKeyId: keyId, reason: 'posted in a forum', orgs: [{ orgId: ORG, environment: 'production' }] });
    expect(r.body.licenceKey).not.toBe(order.licenceKey);

    const old = await activate(h, order.licenceKey, ORG);
    expect(old.status).toBe(403);
    expect(old.body.error.code).toBe('licence_key_invalid');
    expect((await checkUpdates(h, order.licenceKey, ORG, '1.0.0.0')).body.error.code).toBe('licence_key_invalid');
    const fresh = await activate(h, r.body.licenceKey, ORG);
    expect(fresh.status).toBe(200); // already bound: a refresh, not a new binding
    const after = await h.call('GET', `/v1/customers/${order.customerId}`);
    expect(after.body.orgs).toHaveLength(1);
    expect(after.body.licenceKeys[0]).toMatchObject({ id: keyId, hint: r.body.hint, reissueReason: 'posted in a forum' });
    expect(after.body.licenceKeys[0].reissuedAt).toBe(r.body.reissuedAt);
  });

  test('a bad request names the field and changes nothing; another customer’s key, or another partner’s customer, is 404', async () => {
    const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
    const other = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
    const keyId = (await h.call('GET', `/v1/customers/${order.customerId}`)).body.licenceKeys[0].id as string;
    const noReason = await h.call('POST', `/v1/customers/${order.customerId}/licence-keys/${keyId}/reissue`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const wrongCustomer = await h.call('POST', `/v1/customers/${other.customerId}/licence-keys/${keyId}/reissue`, { reason: 'x' });
    expect(wrongCustomer.status).toBe(404);
    expect(wrongCustomer.body.error.code).toBe('licence_key_not_found');
    const partner = await h.call('POST', '/v1/api-keys', { name: 'p', role: 'partner', partnerId: 'alpine' });
    const byPartner = await h.call('POST', `/v1/customers/${order.customerId}/licence-keys/${keyId}/reissue`, { reason: 'x' }, partner.body.apiKey);
    expect(byPartner.status).toBe(404);
    const publisher = await h.call('POST', '/v1/api-keys', { name: 'pub', role: 'publisher' });
    expect((await h.call('POST', `/v1/customers/${order.customerId}/licence-keys/${keyId}/reissue`, { reason: 'x' }, publisher.body.apiKey)).status).toBe(403);
    // The original key still works: nothing was changed by the refusals.
    expect((await activate(h, order.licenceKey, ORG.replace('c001', 'c002'))).status).toBe(201);
    expect((await h.call('GET', `/v1/customers/${order.customerId}`)).body.licenceKeys[0].reissuedAt).toBeUndefined();
  });
});
