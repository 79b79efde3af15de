/** design.md: signed documents — signing keys rotate without a new add-on build, because add-ons pin only the root. */
import { X509Certificate } from 'node:crypto';
import { createSigner, generateVendorKeys, issueSigningCertificate, type VendorKeySet } from '../../src/node';
import { verifyEntitlement, verifyLicence } from '../../src/signing';
import { entitlementClaims, licenceClaims, NOW, ORG_ID, partsOf, VENDOR_ID } from './support';

let keys: VendorKeySet;

beforeAll(() => {
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
});

test('a token signed by a rotated signing certificate verifies against the same pinned root', () => {
  const before = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
  const later = new Date(NOW.getTime() + 400 * 86400_000);
  const rotated = issueSigningCertificate({
    rootKeyPem: keys.root.keyPem,
    rootCertPem: keys.root.certPem,
    vendorName: 'Contoso Add-ons',
    now: later,
  });
  expect(rotated.keyPem).not.toBe(keys.signing.keyPem);
  expect(new X509Certificate(rotated.certPem).serialNumber).not.toBe(new X509Certificate(keys.signing.certPem).serialNumber);

  const after = createSigner({ signingKeyPem: rotated.keyPem, signingCertPem: rotated.certPem, issuer: VENDOR_ID });
  const oldToken = before.signLicence(licenceClaims, { now: NOW });
  const newToken = after.signLicence(licenceClaims, { now: later });
  expect(partsOf(newToken).header.x5c).not.toEqual(partsOf(oldToken).header.x5c);

  const opts = { rootCertPem: keys.root.certPem, orgId: ORG_ID, now: later };
  expect(verifyLicence(newToken, opts).sub).toBe('lic-0001');
  // Tokens from the previous key stay valid while its certificate is.
  expect(verifyLicence(oldToken, opts).sub).toBe('lic-0001');
  const entitlement = after.signEntitlement(entitlementClaims, { ttlSeconds: 3600, now: later });
  expect(verifyEntitlement(entitlement, opts).status).toBe('active');
});
