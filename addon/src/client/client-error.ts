/**
 * Every failure the add-on shows an admin is an AddonError with a stable `code` and a message in plain words.
 * Verification failures keep license-core's codes (ERR_SIGNATURE_INVALID, ERR_AUDIENCE_MISMATCH, ...).
 */
export type AddonErrorCode =
  | 'server_unreachable'
  | 'server_error'
  | 'licence_missing'
  | 'artifact_size_mismatch'
  | 'artifact_hash_mismatch'
  | 'downgrade_refused'
  | 'import_failed'
  | 'offline_grace_expired'
  | string;

export class AddonError extends Error {
  constructor(
    readonly code: AddonErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AddonError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
