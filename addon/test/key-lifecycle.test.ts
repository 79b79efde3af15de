/**
 * Issue #12, item 3, end to end in the add-on client: the vendor rotates its signing key, revokes a leaked one and
 * re-issues a customer's licence key, on a real update server; the add-on keeps working with the genuine server and
 * refuses what the holder of the leaked key serves (decisions S18, U38, U40).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrustState } from '@crm-assurance/license-core';
import { createSigner, type ManifestToSign, type Signer } from '@crm-assurance/license-core/node';
import { axiosUpdateServer, type UpdateServerApi } from '../src/client/fetcher';
import { UpdateClient, type VendorConfig } from '../src/client/update-client';
import { dataPaths } from '../../update-server/src/config';
import { rotateSigningKey } from '../../update-server/src/signing-keys';
import { customerWithOrder, publish, seedCatalogue, startHarness, type Harness } from '../../update-server/test/harness';
import { codeOf, FakeHost } from './fake-host';

let h: Harness;
let vendor: VendorConfig;

beforeAll(async () => {
  h = await startHarness({ now: new Date().toISOString() });
  await seedCatalogue(h);
  expect((await publish(h, 'docgen', { version: '1.1.0.0', kind: 'feature', platform: 'dynamics365', lines: ['9.2'] })).status).toBe(201);
  vendor = { serverUrl: h.url, addonId: 'docgen', solutionUniqueName: 'NorthwindDocGen', rootCertPem: readFileSync(path.join(h.dataDir, 'root.pem'), 'utf8') };
}, 60_000);
afterAll(() => h.close());

/** A paid customer with a fresh licence key. */
async function paidCustomer(): Promise<{ customerId: string; licenceKey: string }> {
  const order = await customerWithOrder(h, new Date().toISOString().slice(0, 10));
  await h.call('POST', `/v1/invoices/${order.invoice.id}/payments`, { amount: order.invoice.total.amount, paidAt: h.clock.now().toISOString(), reference: order.customerId });
  return order;
}

/** Each test's customer has an org of its own. */
let orgs = 0;
const newHost = (): FakeHost => new FakeHost('1.0.0.0', `c0ffee00-0000-4000-8000-00000000f0${String(++orgs).padStart(2, '0')}`);

/** Rotates the server's key (a few seconds later each time, so each certificate is issued after the previous one). */
let rotations = 0;
async function rotate(revokeReason?: string): Promise<void> {
  rotations += 1;
  await rotateSigningKey(h.dataDir, { now: new Date(Date.now() + rotations * 2000), vendorName: 'Northwind Add-ons', ...(revokeReason ? { revokeReason } : {}) });
  await h.server.reloadSigningKeys();
}

function serialOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { x5c: string[] };
  return new X509Certificate(Buffer.from(header.x5c[0], 'base64')).serialNumber.toLowerCase().replace(/^0+/, '');
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** What the holder of a stolen signing key serves: genuine answers, re-signed with the stolen key, as it likes. */
function attacker(stolen: Signer, change: { serial?: number } = {}): UpdateServerApi {
  const real = axiosUpdateServer(h.url);
  const strip = ({ iss: _i, iat: _t, doc: _d, exp: _e, ...claims }: Record<string, unknown>) => claims;
  return {
    ...real,
    activate: async (body) => {
      const answer = await real.activate(body);
      return {
        ...answer,
        licence: stolen.signLicence(strip(payloadOf(answer.licence)) as never),
        entitlement: stolen.signEntitlement(strip(payloadOf(answer.entitlement)) as never, { ttlSeconds: 86_400 }),
      };
    },
    checkUpdates: async (body) => {
      const answer = await real.checkUpdates(body);
      const claims = strip(payloadOf(answer.manifest)) as unknown as ManifestToSign;
      return { ...answer, manifest: stolen.signManifest({ ...claims, serial: change.serial ?? claims.serial, revokedCerts: [] }, { ttlSeconds: 86_400 }) };
    },
  };
}


test('after a rotation the add-on keeps working: the new key is trusted through the pinned root, with no new build', async () => {
  const { licenceKey } = await paidCustomer();
  const host = newHost();
  const client = new UpdateClient(host, axiosUpdateServer(h.url), vendor);
  const before = await client.activate(licenceKey);
  expect(before.updates.map((u) => u.release.version)).toEqual(['1.1.0.0']);
  const firstSigner = serialOf(host.settings.get('licence')!);

  await rotate();
  const after = await client.open();
  expect(after.entitlement?.status).toBe('active');
  expect(after.updates.map((u) => u.release.version)).toEqual(['1.1.0.0']);
  const newSigner = serialOf(host.settings.get('licence')!);
  expect(newSigner).not.toBe(firstSigner);
  expect(parseTrustState(host.settings.get('trustState')).manifestSigner?.serial).toBe(newSigner);
  expect(await client.install(after.updates[0], () => undefined)).toBeUndefined();
  expect(host.version).toBe('1.1.0.0');
});

test('a leaked signing key: its sky-high manifest serial is lifted and everything it signs is refused once the vendor revokes it', async () => {
  const { licenceKey } = await paidCustomer();
  const paths = dataPaths(h.dataDir);
  // The attacker copies the key in use.
  const stolen = createSigner({ signingKeyPem: readFileSync(paths.signingKey, 'utf8'), signingCertPem: readFileSync(paths.signingCert, 'utf8'), issuer: 'northwind' });
  const host = newHost();
  const genuine = new UpdateClient(host, axiosUpdateServer(h.url), vendor);
  await genuine.activate(licenceKey);

  // Before the vendor notices, the stolen key is as good as the real one: the attacker pins the serial floor sky-high ...
  await new UpdateClient(host, attacker(stolen, { serial: 2 ** 40 }), vendor).open();
  expect(parseTrustState(host.settings.get('trustState')).manifestSerial).toBe(2 ** 40);
  // ... which locks the genuine server out.
  expect(await codeOf(genuine.open())).toBe('ERR_MANIFEST_ROLLBACK');

  // The vendor rotates and revokes the leaked certificate; the next genuine visit lifts the floor.
  await rotate('signing key copied from a build agent');
  const recovered = await genuine.open();
  expect(recovered.entitlement?.status).toBe('active');
  const state = parseTrustState(host.settings.get('trustState'));
  expect(state.manifestSerial).toBeLessThan(2 ** 40);
  expect(state.revoked.map((r) => r.serial)).toContain(stolen.certificateSerial);

  // From now on the stolen key gets nowhere, and what the org holds is unchanged.
  const stored = { licence: host.settings.get('licence'), trustState: host.settings.get('trustState') };
  expect(await codeOf(new UpdateClient(host, attacker(stolen), vendor).open())).toBe('ERR_CERT_REVOKED');
  expect(await codeOf(new UpdateClient(host, { ...axiosUpdateServer(h.url), checkUpdates: attacker(stolen).checkUpdates }, vendor).open())).toBe('ERR_CERT_REVOKED');
  expect(host.settings.get('licence')).toBe(stored.licence);
  expect(host.settings.get('trustState')).toBe(stored.trustState);
  expect(host.imported).toHaveLength(0);
});

test('a re-issued licence key: the page asks for the new key, which opens the same org', async () => {
  const { customerId, licenceKey } = await paidCustomer();
  const host = newHost();
  const client = new UpdateClient(host, axiosUpdateServer(h.url), vendor);
  const first = await client.activate(licenceKey);
  const keyId = (await h.call('GET', `/v1/customers/${customerId}`)).body.licenceKeys[0].id as string;
  const reissued = await h.call('POST', `/v1/customers/${customerId}/licence-keys/${keyId}/reissue`, { reason: 'shared by mistake' });
  expect(reissued.status).toBe(200);

  const refused = await client.open();
  expect(refused).toMatchObject({ needsLicence: true, storedKeyRefused: true });
  expect(refused.licence).toBeUndefined();
  // The old key typed again is refused; the new one works, for the same org.
  expect(await codeOf(client.activate(licenceKey))).toBe('licence_key_invalid');
  const again = await client.activate(reissued.body.licenceKey as string);
  expect(again.licence?.org.id).toBe(first.licence?.org.id);
  expect(again.licence?.sub).toBe(first.licence?.sub);
  expect(host.settings.get('licenceKey')).toBe(reissued.body.licenceKey);
});
