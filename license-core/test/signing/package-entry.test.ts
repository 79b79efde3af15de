/** design.md: the exact import paths the update server and the add-on use. */
import * as core from '@crm-assurance/license-core';
import * as node from '@crm-assurance/license-core/node';

test('the main entry exports the browser-safe verifiers and no signer', () => {
  expect(typeof core.verifyLicence).toBe('function');
  expect(typeof core.verifyEntitlement).toBe('function');
  expect(typeof core.verifyManifest).toBe('function');
  expect(typeof core.VerificationError).toBe('function');
  expect('createSigner' in core).toBe(false);
  expect('decodeDocumentUnverified' in core).toBe(false);
});

test('the /node entry exports key generation, rotation and the signer', () => {
  expect(typeof node.generateVendorKeys).toBe('function');
  expect(typeof node.issueSigningCertificate).toBe('function');
  expect(typeof node.createSigner).toBe('function');
});
