/**
 * design.md: signed documents — every forgery is refused with its own VerificationError code, never `false`.
 * Each test feeds one check a token built to get past every check before it.
 */
import { X509Certificate, sign as rsaSign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import forge from 'node-forge';
import { InvalidInputError } from '../../src/errors';
import { createSigner, generateVendorKeys, issueSigningCertificate, type Signer, type VendorKeySet } from '../../src/node';
import { verifyEntitlement, verifyLicence, verifyManifest } from '../../src/signing';
import {
  b64url,
  codeOf,
  entitlementClaims,
  hs256WithSecret,
  licenceClaims,
  manifestClaims,
  NOW,
  NOW_S,
  ORG_ID,
  OTHER_ORG_ID,
  partsOf,
  reassemble,
  VENDOR_ID,
} from './support';

let keys: VendorKeySet;
let signer: Signer;
let licence: string;

beforeAll(() => {
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
  signer = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
  licence = signer.signLicence(licenceClaims, { now: NOW });
});

const opts = () => ({ rootCertPem: keys.root.certPem, orgId: ORG_ID, now: NOW });


function x5cOf(certPem: string): string {
  return new X509Certificate(certPem).raw.toString('base64');
}

/** Signs any payload RS256 (hand-built, node:crypto), bypassing every check of the signer and of jsonwebtoken. */
function signRaw(payload: object, header: object = { x5c: [x5cOf(keys.signing.certPem)] }, keyPem = keys.signing.keyPem): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), keyPem).toString('base64url')}`;
}

const fullLicence = () => ({ ...licenceClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'licence' });

describe('ERR_TOKEN_MALFORMED', () => {
  test.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['not base64url', 'a*b.c.d'],
    ['header not JSON', `${b64url('not json')}.${b64url('{}')}.`],
    ['header a JSON array', `${b64url('[1]')}.${b64url('{}')}.`],
    ['payload null', `${b64url('{"alg":"RS256"}')}.${b64url('null')}.`],
    ['payload invalid UTF-8', `${b64url('{"alg":"RS256"}')}.${b64url(Buffer.from([0x7b, 0xff, 0x7d]))}.`],
    ['base64 with padding', `${b64url('{"alg":"RS256"}')}=.${b64url('{}')}.`],
  ])('garbage: %s', (_name, token) => {
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_TOKEN_MALFORMED');
  });

  test('not a string at all', () => {
    expect(codeOf(() => verifyLicence(null as unknown as string, opts()))).toBe('ERR_TOKEN_MALFORMED');
  });

  test('a critical header extension we do not understand', () => {
    const { header, payload, signature } = partsOf(licence);
    expect(codeOf(() => verifyLicence(reassemble({ ...header, crit: ['exp'] }, payload, signature), opts()))).toBe(
      'ERR_TOKEN_MALFORMED',
    );
  });
});

describe('ERR_ALG_NOT_ALLOWED', () => {
  test('alg none with an empty signature (hand-built)', () => {
    const { header, payload } = partsOf(licence);
    const token = `${b64url(JSON.stringify({ ...header, alg: 'none' }))}.${b64url(JSON.stringify(payload))}.`;
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_ALG_NOT_ALLOWED');
  });

  test('HS256 signed with the public key (PEM) as HMAC secret', () => {
    const { header, payload } = partsOf(licence);
    const publicKeyPem = new X509Certificate(keys.signing.certPem).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    for (const secret of [publicKeyPem, keys.signing.certPem, keys.root.certPem]) {
      const token = hs256WithSecret({ ...header, alg: 'HS256' }, payload, secret);
      expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_ALG_NOT_ALLOWED');
    }
  });

  test.each([['RS384'], ['rs256'], ['PS256'], ['ES256'], [undefined], [null], [['RS256']]])('alg %p', (alg) => {
    const { header, payload, signature } = partsOf(licence);
    const altered: Record<string, unknown> = { ...header, alg };
    if (alg === undefined) delete altered.alg;
    expect(codeOf(() => verifyLicence(reassemble(altered, payload, signature), opts()))).toBe('ERR_ALG_NOT_ALLOWED');
  });
});

describe('ERR_CHAIN_MISSING', () => {
  test.each([
    ['no x5c', undefined],
    ['empty x5c', []],
    ['x5c a string, not an array', 'MIIB'],
    ['x5c[0] not base64', ['***']],
    ['x5c[0] base64 but not a certificate', [Buffer.from('hello world!').toString('base64')]],
    ['x5c[0] a number', [42]],
  ])('%s', (_name, x5c) => {
    const header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' };
    if (x5c !== undefined) header.x5c = x5c;
    const token = jwt.sign(fullLicence(), keys.signing.keyPem, { algorithm: 'RS256', header: header as unknown as jwt.JwtHeader });
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_CHAIN_MISSING');
  });
});

describe('ERR_CHAIN_UNTRUSTED', () => {
  test('a foreign root: another vendor signs a perfectly formed licence', () => {
    const other = generateVendorKeys({ vendorId: 'mallory', vendorName: 'Mallory Ltd', now: NOW });
    const foreign = createSigner({ signingKeyPem: other.signing.keyPem, signingCertPem: other.signing.certPem, issuer: VENDOR_ID });
    const token = foreign.signLicence(licenceClaims, { now: NOW });
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_CHAIN_UNTRUSTED');
    // ...and the other vendor's own root accepts it, so the refusal is about trust, not shape.
    expect(verifyLicence(token, { ...opts(), rootCertPem: other.root.certPem }).sub).toBe('lic-0001');
  });

  test('a look-alike root with the very same subject name (issuer DN matches, signature does not)', () => {
    const twin = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
    expect(new X509Certificate(twin.signing.certPem).issuer).toBe(new X509Certificate(keys.root.certPem).subject);
    const forger = createSigner({ signingKeyPem: twin.signing.keyPem, signingCertPem: twin.signing.certPem, issuer: VENDOR_ID });
    expect(codeOf(() => verifyLicence(forger.signLicence(licenceClaims, { now: NOW }), opts()))).toBe('ERR_CHAIN_UNTRUSTED');
  });

  test('the root certificate itself in x5c, token signed with the root key', () => {
    const token = signRaw(fullLicence(), { x5c: [x5cOf(keys.root.certPem)] }, keys.root.keyPem);
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_CHAIN_UNTRUSTED');
  });

  test('a CA certificate issued by the root cannot sign documents directly', () => {
    const rootKey = forge.pki.privateKeyFromPem(keys.root.keyPem);
    const rootCert = forge.pki.certificateFromPem(keys.root.certPem);
    const pair = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    const cert = forge.pki.createCertificate();
    cert.publicKey = pair.publicKey;
    cert.serialNumber = '0a1b2c';
    cert.validity.notBefore = new Date(NOW.getTime() - 86400_000);
    cert.validity.notAfter = new Date(NOW.getTime() + 86400_000);
    cert.setSubject([{ name: 'commonName', value: 'Rogue intermediate' }]);
    cert.setIssuer(rootCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
    ]);
    cert.sign(rootKey, forge.md.sha256.create());
    const der = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
    const token = signRaw(fullLicence(), { x5c: [der] }, forge.pki.privateKeyToPem(pair.privateKey));
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_CHAIN_UNTRUSTED');
  });
});

describe('certificate validity', () => {
  test('ERR_CERT_EXPIRED: a signing certificate issued three years ago for two years', () => {
    const vendor = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: new Date('2020-01-01T00:00:00Z') });
    const old = issueSigningCertificate({
      rootKeyPem: vendor.root.keyPem,
      rootCertPem: vendor.root.certPem,
      vendorName: 'Contoso Add-ons',
      now: new Date('2023-11-01T00:00:00Z'),
      validityYears: 2,
    });
    const oldSigner = createSigner({ signingKeyPem: old.keyPem, signingCertPem: old.certPem, issuer: VENDOR_ID });
    const token = oldSigner.signLicence(licenceClaims, { now: new Date('2024-01-01T00:00:00Z') });
    const rootOpts = { ...opts(), rootCertPem: vendor.root.certPem };
    expect(verifyLicence(token, { ...rootOpts, now: new Date('2024-06-01T00:00:00Z') }).sub).toBe('lic-0001');
    expect(codeOf(() => verifyLicence(token, rootOpts))).toBe('ERR_CERT_EXPIRED');
  });

  test('ERR_CERT_NOT_YET_VALID: a signing certificate that starts next month', () => {
    const future = issueSigningCertificate({
      rootKeyPem: keys.root.keyPem,
      rootCertPem: keys.root.certPem,
      vendorName: 'Contoso Add-ons',
      now: new Date(NOW.getTime() + 30 * 86400_000),
    });
    const s = createSigner({ signingKeyPem: future.keyPem, signingCertPem: future.certPem, issuer: VENDOR_ID });
    expect(codeOf(() => verifyLicence(s.signLicence(licenceClaims, { now: NOW }), opts()))).toBe('ERR_CERT_NOT_YET_VALID');
  });

  test('ERR_CERT_EXPIRED also when the pinned root itself has expired', () => {
    expect(codeOf(() => verifyLicence(licence, { ...opts(), now: new Date('2047-01-01T00:00:00Z') }))).toBe('ERR_CERT_EXPIRED');
  });
});

describe('ERR_SIGNATURE_INVALID', () => {
  test('a tampered payload (quantity raised) keeps the old signature', () => {
    const { header, payload, signature } = partsOf(licence);
    const tampered = { ...payload, addons: [{ addon: 'sales-booster', quantity: 500 }] };
    expect(codeOf(() => verifyLicence(reassemble(header, tampered, signature), opts()))).toBe('ERR_SIGNATURE_INVALID');
  });

  test('a tampered payload is refused for its signature even when it also names another org', () => {
    const { header, payload, signature } = partsOf(licence);
    const token = reassemble(header, { ...payload, aud: OTHER_ORG_ID }, signature);
    expect(codeOf(() => verifyLicence(token, { ...opts(), orgId: OTHER_ORG_ID }))).toBe('ERR_SIGNATURE_INVALID');
  });

  test('a genuine x5c certificate borrowed by a token signed with another key', () => {
    const other = generateVendorKeys({ vendorId: 'mallory', vendorName: 'Mallory Ltd', now: NOW });
    const token = signRaw(fullLicence(), { x5c: [x5cOf(keys.signing.certPem)] }, other.signing.keyPem);
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_SIGNATURE_INVALID');
  });

  test('a truncated or empty signature', () => {
    const [h, p, s] = licence.split('.') as [string, string, string];
    const shorter = Buffer.from(s, 'base64url').subarray(0, 253).toString('base64url');
    expect(codeOf(() => verifyLicence(`${h}.${p}.${shorter}`, opts()))).toBe('ERR_SIGNATURE_INVALID');
    expect(codeOf(() => verifyLicence(`${h}.${p}.`, opts()))).toBe('ERR_SIGNATURE_INVALID');
  });

  test('a flipped signature bit', () => {
    const [h, p, s] = licence.split('.') as [string, string, string];
    const bytes = Buffer.from(s, 'base64url');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
    expect(codeOf(() => verifyLicence(`${h}.${p}.${bytes.toString('base64url')}`, opts()))).toBe('ERR_SIGNATURE_INVALID');
  });
});

describe('ERR_WRONG_DOCUMENT', () => {
  test('an entitlement passed to verifyLicence, a licence to verifyManifest, a manifest to verifyEntitlement', () => {
    const entitlement = signer.signEntitlement(entitlementClaims, { ttlSeconds: 3600, now: NOW });
    const manifest = signer.signManifest(manifestClaims, { ttlSeconds: 3600, now: NOW });
    expect(codeOf(() => verifyLicence(entitlement, opts()))).toBe('ERR_WRONG_DOCUMENT');
    expect(codeOf(() => verifyManifest(licence, opts()))).toBe('ERR_WRONG_DOCUMENT');
    expect(codeOf(() => verifyEntitlement(manifest, opts()))).toBe('ERR_WRONG_DOCUMENT');
  });

  test('a signed token without any doc claim', () => {
    const { doc: _doc, ...rest } = fullLicence();
    expect(codeOf(() => verifyLicence(signRaw(rest), opts()))).toBe('ERR_WRONG_DOCUMENT');
  });
});

describe('ERR_AUDIENCE_MISMATCH', () => {
  test('a token for another org', () => {
    expect(codeOf(() => verifyLicence(licence, { ...opts(), orgId: OTHER_ORG_ID }))).toBe('ERR_AUDIENCE_MISMATCH');
    const entitlement = signer.signEntitlement(entitlementClaims, { ttlSeconds: 3600, now: NOW });
    expect(codeOf(() => verifyEntitlement(entitlement, { ...opts(), orgId: OTHER_ORG_ID }))).toBe('ERR_AUDIENCE_MISMATCH');
  });

  test('aud as an array that contains the org is not accepted', () => {
    expect(codeOf(() => verifyLicence(signRaw({ ...fullLicence(), aud: [ORG_ID] }), opts()))).toBe('ERR_AUDIENCE_MISMATCH');
  });
});

describe('ERR_TOKEN_EXPIRED', () => {
  test('an entitlement at and after its exp (the offline grace is over)', () => {
    const token = signer.signEntitlement(entitlementClaims, { ttlSeconds: 14 * 86400, now: NOW });
    const at = (s: number) => ({ ...opts(), now: new Date((NOW_S + s) * 1000) });
    expect(verifyEntitlement(token, at(14 * 86400 - 1)).status).toBe('active');
    expect(codeOf(() => verifyEntitlement(token, at(14 * 86400)))).toBe('ERR_TOKEN_EXPIRED');
    expect(codeOf(() => verifyEntitlement(token, at(30 * 86400)))).toBe('ERR_TOKEN_EXPIRED');
  });

  test('a manifest past its exp (freeze attack: a stale manifest replayed)', () => {
    const token = signer.signManifest(manifestClaims, { ttlSeconds: 86400, now: NOW });
    expect(codeOf(() => verifyManifest(token, { ...opts(), now: new Date((NOW_S + 86400) * 1000) }))).toBe('ERR_TOKEN_EXPIRED');
  });

  test('a licence that carries an exp is held to it', () => {
    expect(codeOf(() => verifyLicence(signRaw({ ...fullLicence(), exp: NOW_S - 1 }), opts()))).toBe('ERR_TOKEN_EXPIRED');
  });
});

describe('ERR_CLAIMS_INVALID (validly signed, wrong shape)', () => {
  test.each([
    ['quantity 0', { addons: [{ addon: 'sales-booster', quantity: 0 }] }],
    ['no add-ons', { addons: [] }],
    ['customer missing', { customer: undefined }],
    ['iat a string', { iat: String(NOW_S) }],
    ['iss empty', { iss: '' }],
  ])('licence: %s', (_name, change) => {
    const token = signRaw(JSON.parse(JSON.stringify({ ...fullLicence(), ...change })));
    expect(codeOf(() => verifyLicence(token, opts()))).toBe('ERR_CLAIMS_INVALID');
  });

  test('an entitlement without exp, or with exp as a string, or with an unknown status', () => {
    const base = { ...entitlementClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'entitlement' };
    expect(codeOf(() => verifyEntitlement(signRaw(base), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyEntitlement(signRaw({ ...base, exp: String(NOW_S + 60) }), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyEntitlement(signRaw({ ...base, exp: NOW_S + 60, status: 'gold' }), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyEntitlement(signRaw({ ...base, exp: NOW_S + 60, coverage: [{ from: '2026-02-30', to: '2027-01-01' }] }), opts()))).toBe('ERR_CLAIMS_INVALID');
  });

  test('Odoo lines are lines (issue #10, L38): saas~17.2 verifies in an entitlement and a manifest; a malformed line does not', () => {
    const entitlement = signer.signEntitlement({ ...entitlementClaims, platform: 'odoo', line: 'saas~17.2' }, { ttlSeconds: 3600, now: NOW });
    expect(verifyEntitlement(entitlement, opts()).line).toBe('saas~17.2');
    const odooRelease = { ...manifestClaims.releases[0]!, version: '1.4.0', platform: 'odoo' as const, lines: ['saas~17.2'] };
    const manifest = signer.signManifest({ ...manifestClaims, releases: [odooRelease] }, { ttlSeconds: 3600, now: NOW });
    expect(verifyManifest(manifest, opts()).releases[0]!.lines).toEqual(['saas~17.2']);
    const base = { ...entitlementClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'entitlement', exp: NOW_S + 60 };
    for (const line of ['saas~17', 'saas-17.2', '17', '17.0+e']) {
      expect(codeOf(() => verifyEntitlement(signRaw({ ...base, line }), opts()))).toBe('ERR_CLAIMS_INVALID');
    }
  });

  test('a manifest release with a bad sha256 or a fractional serial', () => {
    const base = { ...manifestClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'manifest', exp: NOW_S + 60 };
    const badHash = { ...base, releases: [{ ...manifestClaims.releases[0]!, sha256: 'xyz' }] };
    expect(codeOf(() => verifyManifest(signRaw(badHash), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyManifest(signRaw({ ...base, serial: 7.5 }), opts()))).toBe('ERR_CLAIMS_INVALID');
  });
});

describe('ERR_MANIFEST_ROLLBACK', () => {
  test('an older-serial manifest is refused; equal and newer are accepted', () => {
    const token = signer.signManifest(manifestClaims, { ttlSeconds: 86400, now: NOW });
    expect(codeOf(() => verifyManifest(token, { ...opts(), minSerial: 8 }))).toBe('ERR_MANIFEST_ROLLBACK');
    expect(verifyManifest(token, { ...opts(), minSerial: 7 }).serial).toBe(7);
    expect(verifyManifest(token, { ...opts(), minSerial: 0 }).serial).toBe(7);
  });
});

describe('unusable options are InvalidInputError, not a verdict on the token', () => {
  test.each([
    ['rootCertPem', { rootCertPem: 'not a pem' }],
    ['orgId', { orgId: '' }],
    ['now', { now: new Date('nonsense') }],
  ])('%s', (field, change) => {
    expect(() => verifyLicence(licence, { ...opts(), ...change })).toThrow(InvalidInputError);
    try {
      verifyLicence(licence, { ...opts(), ...change });
    } catch (e) {
      expect((e as InvalidInputError).field).toBe(field);
    }
  });

  test('a pinned "root" that is not a CA (the signing certificate pinned by mistake)', () => {
    expect(() => verifyLicence(licence, { ...opts(), rootCertPem: keys.signing.certPem })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_INPUT', field: 'rootCertPem' }),
    );
  });

  test('a negative or fractional minSerial', () => {
    const token = signer.signManifest(manifestClaims, { ttlSeconds: 86400, now: NOW });
    expect(() => verifyManifest(token, { ...opts(), minSerial: -1 })).toThrow(InvalidInputError);
    expect(() => verifyManifest(token, { ...opts(), minSerial: 1.5 })).toThrow(InvalidInputError);
  });
});
