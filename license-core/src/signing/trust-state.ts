/**
 * What an add-on believes about the vendor's manifests, kept in the org between visits (tuf-js style: trust
 * decisions apart from fetching). Pure: the caller reads the state, calls acceptManifest, and stores the new state.
 * - the highest manifest serial accepted, and which certificate signed that manifest (rollback, design.md);
 * - the signing certificates revoked by the manifests accepted so far (issue #12, decision S18).
 * A rollback floor set by a manifest whose signer was later revoked is lifted: whoever held the leaked key could
 * otherwise sign one manifest with a huge serial and lock the add-on out of every genuine manifest after it.
 */
import { InvalidInputError, VerificationError } from '../errors';
import type { ManifestClaims, Revocation, SigningCertificateId, VerifyOptions } from './claims';
import { normaliseSerial, revocationOf } from './revocation';
import { verifySignedDocument } from './verify-document';

export interface TrustState {
  /** The highest manifest serial accepted (0: none yet). */
  manifestSerial: number;
  /** The certificate that signed the manifest with that serial (unknown in states kept before issue #12). */
  manifestSigner?: SigningCertificateId;
  /** Revocations learned from accepted manifests, at most MAX_REMEMBERED_REVOCATIONS. */
  revoked: Revocation[];
}

export const INITIAL_TRUST_STATE: TrustState = Object.freeze({ manifestSerial: 0, revoked: [] }) as TrustState;

/** Bound on the remembered revocations (a stored state stays small; the oldest listings go first). */
export const MAX_REMEMBERED_REVOCATIONS = 256;

const SERIAL = /^[0-9a-f]{1,40}$/;

function certificateId(value: unknown, field: string): SigningCertificateId {
  const v = value as Partial<SigningCertificateId> | null;
  if (typeof v !== 'object' || v === null || typeof v.serial !== 'string' || !SERIAL.test(v.serial)) {
    throw new InvalidInputError(`${field}.serial`, `${field}.serial must be a certificate serial in lower-case hex.`);
  }
  if (typeof v.notBefore !== 'string' || !Number.isFinite(Date.parse(v.notBefore)) || !v.notBefore.endsWith('Z')) {
    throw new InvalidInputError(`${field}.notBefore`, `${field}.notBefore must be an ISO 8601 UTC instant.`);
  }
  return { serial: v.serial, notBefore: v.notBefore };
}

/**
 * Reads a stored trust state (JSON text, or undefined when none was stored). `legacySerial` is the bare serial
 * that add-ons before issue #12 kept; it becomes the floor of a state without a known signer.
 */
export function parseTrustState(text: string | undefined, legacySerial = 0): TrustState {
  if (text === undefined || text === '') {
    if (!Number.isSafeInteger(legacySerial) || legacySerial < 0) throw new InvalidInputError('legacySerial', 'legacySerial must be an integer ≥ 0.');
    return { manifestSerial: legacySerial, revoked: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidInputError('trustState', 'The stored trust state is not JSON.');
  }
  const v = raw as Partial<TrustState> | null;
  if (typeof v !== 'object' || v === null) throw new InvalidInputError('trustState', 'The stored trust state is not an object.');
  if (typeof v.manifestSerial !== 'number' || !Number.isSafeInteger(v.manifestSerial) || v.manifestSerial < 0) {
    throw new InvalidInputError('trustState.manifestSerial', 'manifestSerial must be an integer ≥ 0.');
  }
  if (!Array.isArray(v.revoked) || v.revoked.length > MAX_REMEMBERED_REVOCATIONS) {
    throw new InvalidInputError('trustState.revoked', `revoked must be a list of at most ${MAX_REMEMBERED_REVOCATIONS} revocations.`);
  }
  const revoked = v.revoked.map((r: unknown, i) => {
    const entry = r as Partial<Revocation> | null;
    if (typeof entry?.serial !== 'string' || !SERIAL.test(entry.serial)) {
      throw new InvalidInputError(`trustState.revoked.${i}.serial`, 'serial must be a certificate serial in lower-case hex.');
    }
    return { serial: entry.serial, listedBy: certificateId(entry.listedBy, `trustState.revoked.${i}.listedBy`) };
  });
  return {
    manifestSerial: v.manifestSerial,
    ...(v.manifestSigner !== undefined ? { manifestSigner: certificateId(v.manifestSigner, 'trustState.manifestSigner') } : {}),
    revoked,
  };
}

/** Adds what one manifest lists; per serial the latest lister is kept (it revokes the most). */
function mergeRevocations(known: readonly Revocation[], serials: readonly string[], listedBy: SigningCertificateId): Revocation[] {
  const bySerial = new Map<string, Revocation>();
  for (const r of [...known, ...serials.map((serial) => ({ serial: normaliseSerial(serial), listedBy }))]) {
    const serial = normaliseSerial(r.serial);
    const seen = bySerial.get(serial);
    if (!seen || Date.parse(r.listedBy.notBefore) > Date.parse(seen.listedBy.notBefore)) bySerial.set(serial, { serial, listedBy: r.listedBy });
  }
  return [...bySerial.values()]
    .sort((a, b) => Date.parse(b.listedBy.notBefore) - Date.parse(a.listedBy.notBefore))
    .slice(0, MAX_REMEMBERED_REVOCATIONS);
}

/**
 * Verifies a manifest against the pinned root and the trust state, and returns its claims with the state to store.
 * Refuses (VerificationError) a manifest signed by a revoked certificate (ERR_CERT_REVOKED) and one older than
 * the floor (ERR_MANIFEST_ROLLBACK), unless the floor was set by a certificate this manifest (or an earlier one)
 * revoked. The state is not changed by a refusal.
 */
export function acceptManifest(token: string, opts: Omit<VerifyOptions, 'revoked'> & { state: TrustState }): { claims: ManifestClaims; state: TrustState } {
  const { state } = opts;
  const { claims: raw, signer } = verifySignedDocument('manifest', token, { ...opts, revoked: state.revoked });
  const claims = raw as unknown as ManifestClaims;
  const revoked = mergeRevocations(state.revoked, claims.revokedCerts ?? [], signer);
  if (claims.serial < state.manifestSerial) {
    const floorRevoked = state.manifestSigner !== undefined && revocationOf(state.manifestSigner, revoked) !== undefined;
    if (!floorRevoked) {
      throw new VerificationError(
        'ERR_MANIFEST_ROLLBACK',
        `Manifest serial ${claims.serial} is older than the last accepted serial ${state.manifestSerial}.`,
      );
    }
  }
  return { claims, state: { manifestSerial: claims.serial, manifestSigner: signer, revoked } };
}
