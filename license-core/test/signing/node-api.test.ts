/** design.md: signed documents — the Node side: vendor key sets, certificate properties, and signer input checks. */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { InvalidInputError } from '../../src/errors';
import {
  createSigner,
  DEFAULT_ENTITLEMENT_TTL_SECONDS,
  DEFAULT_MANIFEST_TTL_SECONDS,
  generateVendorKeys,
  issueSigningCertificate,
  type Signer,
  type VendorKeySet,
} from '../../src/node';
import { entitlementClaims, licenceClaims, manifestClaims, NOW, VENDOR_ID } from './support';

let keys: VendorKeySet;
let signer: Signer;

beforeAll(() => {
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
  signer = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
});

describe('generateVendorKeys (checked with OpenSSL through node:crypto, independently of node-forge)', () => {
  test('the root is a self-signed CA valid for 20 years', () => {
    const root = new X509Certificate(keys.root.certPem);
    expect(root.ca).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.subject).toContain('Contoso Add-ons');
    expect(root.subject).toContain(VENDOR_ID);
    expect(new Date(root.validTo).getUTCFullYear()).toBe(2046);
    expect(root.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  test('the signing certificate is an end entity issued by the root, valid for 2 years', () => {
    const root = new X509Certificate(keys.root.certPem);
    const signing = new X509Certificate(keys.signing.certPem);
    expect(signing.ca).toBe(false);
    expect(signing.checkIssued(root)).toBe(true);
    expect(signing.verify(root.publicKey)).toBe(true);
    expect(new Date(signing.validTo).getUTCFullYear()).toBe(2028);
    expect(new Date(signing.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(signing.checkPrivateKey(createPrivateKey(keys.signing.keyPem))).toBe(true);
  });

  test('serial numbers are random and positive', () => {
    const serials = [keys.root.certPem, keys.signing.certPem].map((pem) => new X509Certificate(pem).serialNumber);
    expect(serials[0]).not.toBe(serials[1]);
    for (const serial of serials) expect(parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80);
  });

  test('custom validity years, and refused input', () => {
    const short = generateVendorKeys({ vendorId: 'v', vendorName: 'V', now: NOW, rootValidityYears: 5, signingValidityYears: 1 });
    expect(new Date(new X509Certificate(short.root.certPem).validTo).getUTCFullYear()).toBe(2031);
    expect(new Date(new X509Certificate(short.signing.certPem).validTo).getUTCFullYear()).toBe(2027);
    expect(() => generateVendorKeys({ vendorId: '', vendorName: 'V' })).toThrow(InvalidInputError);
    expect(() => generateVendorKeys({ vendorId: 'v', vendorName: 'V', rootValidityYears: 0 })).toThrow(InvalidInputError);
  });
});

describe('issueSigningCertificate', () => {
  test('never outlives the root, and refuses a root that is not valid at now', () => {
    const vendor = generateVendorKeys({ vendorId: 'v', vendorName: 'V', now: NOW, rootValidityYears: 1, signingValidityYears: 1 });
    const late = new Date('2027-06-01T00:00:00Z');
    const cert = issueSigningCertificate({ rootKeyPem: vendor.root.keyPem, rootCertPem: vendor.root.certPem, vendorName: 'V', now: late });
    expect(new X509Certificate(cert.certPem).validTo).toBe(new X509Certificate(vendor.root.certPem).validTo);
    expect(() =>
      issueSigningCertificate({ rootKeyPem: vendor.root.keyPem, rootCertPem: vendor.root.certPem, vendorName: 'V', now: new Date('2028-01-01T00:00:00Z') }),
    ).toThrow(expect.objectContaining({ field: 'rootCertPem' }));
  });

  test('refuses a root key that does not belong to the root certificate', () => {
    expect(() =>
      issueSigningCertificate({ rootKeyPem: keys.signing.keyPem, rootCertPem: keys.root.certPem, vendorName: 'X' }),
    ).toThrow(expect.objectContaining({ field: 'rootKeyPem' }));
  });

  test('refuses to issue under a certificate that is not a CA', () => {
    expect(() =>
      issueSigningCertificate({ rootKeyPem: keys.signing.keyPem, rootCertPem: keys.signing.certPem, vendorName: 'X' }),
    ).toThrow(expect.objectContaining({ field: 'rootCertPem' }));
  });
});

describe('createSigner', () => {
  test('refuses a key that does not match the certificate, and the root as a signing certificate', () => {
    expect(() => createSigner({ signingKeyPem: keys.root.keyPem, signingCertPem: keys.signing.certPem, issuer: 'v' })).toThrow(
      expect.objectContaining({ field: 'signingKeyPem' }),
    );
    expect(() => createSigner({ signingKeyPem: keys.root.keyPem, signingCertPem: keys.root.certPem, issuer: 'v' })).toThrow(
      expect.objectContaining({ field: 'signingCertPem' }),
    );
    expect(() => createSigner({ signingKeyPem: 'x', signingCertPem: keys.signing.certPem, issuer: 'v' })).toThrow(InvalidInputError);
    expect(() => createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: ' ' })).toThrow(
      expect.objectContaining({ field: 'issuer' }),
    );
  });

  test('exposes when its certificate expires, for rotation monitoring', () => {
    expect(signer.certificateNotAfter.toISOString()).toBe(new Date(new X509Certificate(keys.signing.certPem).validTo).toISOString());
  });

  test('refuses to sign claims the verifier would refuse, naming the claim', () => {
    expect(() => signer.signLicence({ ...licenceClaims, addons: [{ addon: 'a', quantity: -1 }] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_INPUT', field: 'addons.0.quantity' }),
    );
    expect(() => signer.signEntitlement({ ...entitlementClaims, paidThrough: '2027-13-01' }, { ttlSeconds: 60 })).toThrow(
      expect.objectContaining({ field: 'paidThrough' }),
    );
    expect(() =>
      signer.signManifest({ ...manifestClaims, releases: [{ ...manifestClaims.releases[0]!, lines: [] }] }, { ttlSeconds: 60 }),
    ).toThrow(expect.objectContaining({ field: 'releases.0.lines' }));
  });

  test('requires a positive whole ttlSeconds for entitlements and manifests', () => {
    for (const ttlSeconds of [0, -5, 1.5, Number.NaN]) {
      expect(() => signer.signEntitlement(entitlementClaims, { ttlSeconds })).toThrow(expect.objectContaining({ field: 'ttlSeconds' }));
      expect(() => signer.signManifest(manifestClaims, { ttlSeconds })).toThrow(expect.objectContaining({ field: 'ttlSeconds' }));
    }
    expect(DEFAULT_ENTITLEMENT_TTL_SECONDS).toBe(14 * 86400);
    expect(DEFAULT_MANIFEST_TTL_SECONDS).toBe(86400);
  });

  test('the signer sets iss, iat and doc itself, even if the caller passes others', () => {
    const sneaky = { ...licenceClaims, iss: 'mallory', iat: 1, doc: 'manifest', exp: 2 } as unknown as typeof licenceClaims;
    const [, payload] = signer.signLicence(sneaky, { now: NOW }).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ iss: VENDOR_ID, iat: Math.floor(NOW.getTime() / 1000), doc: 'licence' });
    expect('exp' in claims).toBe(false);
  });
});
