/**
 * Signing-certificate revocation (issue #12, decision S18). A vendor whose signing key leaked rotates to a new key
 * and lists the old certificate's serial in every manifest; an add-on remembers what verified manifests listed and
 * refuses documents signed by a listed certificate. An entry counts only against a certificate issued before the
 * certificate that listed it: otherwise whoever holds the leaked key could revoke its own replacement.
 */
import type { Revocation, SigningCertificateId } from './claims';

/** A certificate serial in one spelling: lower-case hex without leading zeros (RFC 5280 §4.1.2.2 serials are integers). */
export function normaliseSerial(hex: string): string {
  const lower = hex.toLowerCase().replace(/^0+/, '');
  return lower === '' ? '0' : lower;
}

/** The revocation that applies to `cert`, if any (decision S18: listed by a later certificate). */
export function revocationOf(cert: SigningCertificateId, revoked: readonly Revocation[] | undefined): Revocation | undefined {
  if (revoked === undefined) return undefined;
  const serial = normaliseSerial(cert.serial);
  const issued = Date.parse(cert.notBefore);
  return revoked.find((r) => normaliseSerial(r.serial) === serial && Date.parse(r.listedBy.notBefore) > issued);
}
