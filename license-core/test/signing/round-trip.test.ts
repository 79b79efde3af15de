/** design.md: signed documents — the server signs, license-core verifies, for each of the three documents. */
import { createSigner, generateVendorKeys, type Signer, type VendorKeySet } from '../../src/node';
import { verifyEntitlement, verifyLicence, verifyManifest } from '../../src/signing';
import { VerificationError } from '../../src/errors';
import { entitlementClaims, licenceClaims, manifestClaims, NOW, NOW_S, ORG_ID, partsOf, VENDOR_ID } from './support';

let keys: VendorKeySet;
let signer: Signer;

beforeAll(() => {
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
  signer = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
});

const opts = () => ({ rootCertPem: keys.root.certPem, orgId: ORG_ID, now: NOW });

test('a licence round-trips with the signer-added claims and no exp', () => {
  const token = signer.signLicence(licenceClaims, { now: NOW });
  const claims = verifyLicence(token, opts());
  expect(claims).toEqual({ ...licenceClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'licence' });
  expect('exp' in claims).toBe(false);
});

test('the header is RS256 with the signing certificate in x5c', () => {
  const { header } = partsOf(signer.signLicence(licenceClaims, { now: NOW }));
  expect(header.alg).toBe('RS256');
  expect(header.typ).toBe('JWT');
  const der = Buffer.from(keys.signing.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
  expect(header.x5c).toEqual([der]);
});

test('a licence stays valid years later while the signing certificate is valid (perpetual)', () => {
  const token = signer.signLicence(licenceClaims, { now: NOW });
  expect(verifyLicence(token, { ...opts(), now: new Date('2028-06-01T00:00:00Z') }).sub).toBe('lic-0001');
});

test('an entitlement round-trips with exp = iat + ttl', () => {
  const token = signer.signEntitlement(entitlementClaims, { ttlSeconds: 14 * 86400, now: NOW });
  const claims = verifyEntitlement(token, opts());
  expect(claims).toEqual({ ...entitlementClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'entitlement', exp: NOW_S + 14 * 86400 });
});

test('a manifest round-trips, and an equal minSerial is accepted', () => {
  const token = signer.signManifest(manifestClaims, { ttlSeconds: 86400, now: NOW });
  const claims = verifyManifest(token, { ...opts(), minSerial: 7 });
  expect(claims).toEqual({ ...manifestClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'manifest', exp: NOW_S + 86400 });
  expect(verifyManifest(token, { ...opts(), minSerial: 3 }).serial).toBe(7);
});

test('the org id compares case-insensitively (GUIDs)', () => {
  const token = signer.signLicence(licenceClaims, { now: NOW });
  expect(verifyLicence(token, { ...opts(), orgId: ORG_ID.toUpperCase() }).aud).toBe(ORG_ID);
});

test('rejections are VerificationError instances with a code', () => {
  const token = signer.signLicence(licenceClaims, { now: NOW });
  let caught: unknown;
  try {
    verifyEntitlement(token, opts());
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(VerificationError);
  expect(caught).toMatchObject({ code: 'ERR_WRONG_DOCUMENT', name: 'VerificationError' });
});
