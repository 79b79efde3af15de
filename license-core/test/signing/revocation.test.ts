/**
 * Issue #12, decisions S17 and S18: revoked signing certificates, the trust state that remembers them, and
 * documents issued in the future. Every test feeds the check a forgery or an attack it must refuse.
 */
import { X509Certificate, sign as rsaSign } from 'node:crypto';
import { InvalidInputError } from '../../src/errors';
import { createSigner, generateVendorKeys, issueSigningCertificate, type KeyAndCertificate, type Signer, type VendorKeySet } from '../../src/node';
import {
  acceptManifest,
  CLOCK_SKEW_SECONDS,
  INITIAL_TRUST_STATE,
  MAX_REVOKED_CERTS,
  parseTrustState,
  verifyEntitlement,
  verifyLicence,
  verifyManifest,
  type TrustState,
} from '../../src/signing';
import { b64url, codeOf, entitlementClaims, licenceClaims, manifestClaims, NOW, NOW_S, ORG_ID, VENDOR_ID } from './support';

const DAY = 86_400_000;
let keys: VendorKeySet;
/** The key that leaked (the first signing key) and the one that replaced it, issued 30 days later. */
let leaked: Signer;
let replacement: Signer;
let replacementKeys: KeyAndCertificate;
const LATER = new Date(NOW.getTime() + 30 * DAY);

function serialOf(certPem: string): string {
  return new X509Certificate(certPem).serialNumber.toLowerCase().replace(/^0+/, '');
}

beforeAll(() => {
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
  leaked = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
  replacementKeys = issueSigningCertificate({ rootKeyPem: keys.root.keyPem, rootCertPem: keys.root.certPem, vendorName: 'Contoso Add-ons', now: LATER });
  replacement = createSigner({ signingKeyPem: replacementKeys.keyPem, signingCertPem: replacementKeys.certPem, issuer: VENDOR_ID });
});

const opts = (now = LATER) => ({ rootCertPem: keys.root.certPem, orgId: ORG_ID, now });

function manifest(signer: Signer, serial: number, revokedCerts?: string[], now = LATER): string {
  return signer.signManifest({ ...manifestClaims, serial, ...(revokedCerts ? { revokedCerts } : {}) }, { ttlSeconds: 86_400, now });
}

/** The state after the add-on accepted the replacement key's manifest that revokes the leaked certificate. */
function stateRevokingLeaked(): TrustState {
  return acceptManifest(manifest(replacement, 8, [serialOf(keys.signing.certPem)]), { ...opts(), state: INITIAL_TRUST_STATE }).state;
}

describe('ERR_CERT_REVOKED (decision S18)', () => {
  test('after a manifest listing the leaked certificate, documents it signed are refused; the replacement signs on', () => {
    const state = stateRevokingLeaked();
    expect(state.revoked).toEqual([{ serial: serialOf(keys.signing.certPem), listedBy: expect.objectContaining({ serial: serialOf(replacementKeys.certPem) }) }]);
    const forgedLicence = leaked.signLicence(licenceClaims, { now: LATER });
    const forgedEntitlement = leaked.signEntitlement(entitlementClaims, { ttlSeconds: 3600, now: LATER });
    // Without the state both verify: the leaked certificate still chains to the root and has not expired.
    expect(verifyLicence(forgedLicence, opts()).sub).toBe('lic-0001');
    expect(codeOf(() => verifyLicence(forgedLicence, { ...opts(), revoked: state.revoked }))).toBe('ERR_CERT_REVOKED');
    expect(codeOf(() => verifyEntitlement(forgedEntitlement, { ...opts(), revoked: state.revoked }))).toBe('ERR_CERT_REVOKED');
    expect(codeOf(() => acceptManifest(manifest(leaked, 9), { ...opts(), state }))).toBe('ERR_CERT_REVOKED');
    const genuine = replacement.signLicence(licenceClaims, { now: LATER });
    expect(verifyLicence(genuine, { ...opts(), revoked: state.revoked }).sub).toBe('lic-0001');
  });

  test('the leaked key cannot revoke the certificate that replaced it (a listing counts only against older certificates)', () => {
    const attackerState = acceptManifest(manifest(leaked, 8, [serialOf(replacementKeys.certPem)]), { ...opts(), state: INITIAL_TRUST_STATE }).state;
    expect(attackerState.revoked).toHaveLength(1);
    const genuine = replacement.signLicence(licenceClaims, { now: LATER });
    expect(verifyLicence(genuine, { ...opts(), revoked: attackerState.revoked }).sub).toBe('lic-0001');
    // And the replacement's manifest, listing the leaked one, is accepted and revokes it.
    const next = acceptManifest(manifest(replacement, 9, [serialOf(keys.signing.certPem)]), { ...opts(), state: attackerState });
    expect(codeOf(() => verifyLicence(leaked.signLicence(licenceClaims, { now: LATER }), { ...opts(), revoked: next.state.revoked }))).toBe('ERR_CERT_REVOKED');
  });

  test('a leaked key that pushed the serial floor sky-high cannot lock out the genuine manifests once it is revoked', () => {
    const locked = acceptManifest(manifest(leaked, 2 ** 40), { ...opts(), state: INITIAL_TRUST_STATE }).state;
    expect(locked.manifestSerial).toBe(2 ** 40);
    // A genuine manifest that does not (yet) revoke the leaked key is still a rollback, and changes nothing.
    expect(codeOf(() => acceptManifest(manifest(replacement, 12), { ...opts(), state: locked }))).toBe('ERR_MANIFEST_ROLLBACK');
    const freed = acceptManifest(manifest(replacement, 12, [serialOf(keys.signing.certPem)]), { ...opts(), state: locked });
    expect(freed.state.manifestSerial).toBe(12);
    expect(freed.state.manifestSigner?.serial).toBe(serialOf(replacementKeys.certPem));
    // From there the rollback protection holds as before.
    expect(codeOf(() => acceptManifest(manifest(replacement, 11, [serialOf(keys.signing.certPem)]), { ...opts(), state: freed.state }))).toBe('ERR_MANIFEST_ROLLBACK');
  });

  test('an older genuine manifest is still a rollback when the floor was set by a certificate nobody revoked', () => {
    const state = acceptManifest(manifest(replacement, 20), { ...opts(), state: INITIAL_TRUST_STATE }).state;
    expect(codeOf(() => acceptManifest(manifest(replacement, 19, [serialOf(keys.signing.certPem)]), { ...opts(), state }))).toBe('ERR_MANIFEST_ROLLBACK');
    expect(acceptManifest(manifest(replacement, 20), { ...opts(), state }).state.manifestSerial).toBe(20);
  });

  test('a manifest listing more serials than allowed, or a serial that is not lower-case hex, is refused', () => {
    const many = Array.from({ length: MAX_REVOKED_CERTS + 1 }, (_, i) => (i + 1).toString(16));
    const raw = (revokedCerts: unknown): string => {
      const x5c = [new X509Certificate(replacementKeys.certPem).raw.toString('base64')];
      const payload = { ...manifestClaims, iss: VENDOR_ID, iat: NOW_S + 30 * 86_400, exp: NOW_S + 31 * 86_400, doc: 'manifest', revokedCerts };
      const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c }))}.${b64url(JSON.stringify(payload))}`;
      return `${input}.${rsaSign('sha256', Buffer.from(input), replacementKeys.keyPem).toString('base64url')}`;
    };
    expect(codeOf(() => verifyManifest(raw(many), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyManifest(raw(['ABCDEF']), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(codeOf(() => verifyManifest(raw('abcdef'), opts()))).toBe('ERR_CLAIMS_INVALID');
    expect(verifyManifest(raw(['abcdef']), opts()).revokedCerts).toEqual(['abcdef']);
  });
});

describe('parseTrustState', () => {
  test('round-trips a state and reads the bare serial add-ons kept before', () => {
    const state = stateRevokingLeaked();
    expect(parseTrustState(JSON.stringify(state))).toEqual(state);
    expect(parseTrustState(undefined, 7)).toEqual({ manifestSerial: 7, revoked: [] });
  });

  test.each([
    ['not JSON', '{', 'trustState'],
    ['a negative serial', '{"manifestSerial":-1,"revoked":[]}', 'trustState.manifestSerial'],
    ['a bad revoked serial', '{"manifestSerial":1,"revoked":[{"serial":"XYZ","listedBy":{"serial":"ab","notBefore":"2026-01-01T00:00:00.000Z"}}]}', 'trustState.revoked.0.serial'],
    ['a lister without notBefore', '{"manifestSerial":1,"revoked":[{"serial":"ab","listedBy":{"serial":"cd"}}]}', 'trustState.revoked.0.listedBy.notBefore'],
  ])('refuses %s, naming the field', (_what, text, field) => {
    expect(() => parseTrustState(text)).toThrow(InvalidInputError);
    try {
      parseTrustState(text);
    } catch (e) {
      expect((e as InvalidInputError).field).toBe(field);
    }
  });
});

describe('ERR_TOKEN_NOT_YET_VALID (decision S17)', () => {
  const rawSigned = (payload: object): string => {
    const x5c = [new X509Certificate(keys.signing.certPem).raw.toString('base64')];
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c }))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${rsaSign('sha256', Buffer.from(input), keys.signing.keyPem).toString('base64url')}`;
  };
  const licenceAt = (extra: object) => rawSigned({ ...licenceClaims, iss: VENDOR_ID, iat: NOW_S, doc: 'licence', ...extra });

  test('a document issued later than the clock skew allows is refused; within the skew it is accepted', () => {
    expect(codeOf(() => verifyLicence(licenceAt({ iat: NOW_S + CLOCK_SKEW_SECONDS + 1 }), opts(NOW)))).toBe('ERR_TOKEN_NOT_YET_VALID');
    expect(verifyLicence(licenceAt({ iat: NOW_S + CLOCK_SKEW_SECONDS }), opts(NOW)).sub).toBe('lic-0001');
  });

  test('nbf is honoured when present, and must be a NumericDate', () => {
    expect(codeOf(() => verifyLicence(licenceAt({ nbf: NOW_S + 3600 }), opts(NOW)))).toBe('ERR_TOKEN_NOT_YET_VALID');
    expect(verifyLicence(licenceAt({ nbf: NOW_S - 60 }), opts(NOW)).sub).toBe('lic-0001');
    expect(codeOf(() => verifyLicence(licenceAt({ nbf: 'soon' }), opts(NOW)))).toBe('ERR_CLAIMS_INVALID');
  });

  test('an entitlement signed with a clock an hour ahead is refused by a verifier on time', () => {
    const ahead = leaked.signEntitlement(entitlementClaims, { ttlSeconds: 86_400, now: new Date(NOW.getTime() + 3_600_000) });
    expect(codeOf(() => verifyEntitlement(ahead, opts(NOW)))).toBe('ERR_TOKEN_NOT_YET_VALID');
  });
});
