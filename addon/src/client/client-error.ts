/**
 * Every failure the add-on shows an admin is an AddonError with a stable `code` and a message in plain words: one
 * of the add-on's own codes below, or the update server's ApiErrorCode passed through unchanged (issue #11).
 * Verification failures keep license-core's VerificationError and its codes (ERR_SIGNATURE_INVALID, ...).
 */
import { isApiErrorCode, type ApiErrorCode } from '@crm-assurance/license-core';

/** What goes wrong on the add-on's side: the network, the download, Dataverse, the install, the page's own input. */
export const ADDON_ERROR_CODES = [
  'server_unreachable',
  'server_error',
  'licence_missing',
  'licence_key_malformed',
  'contact_email_invalid',
  'summary_missing',
  'description_missing',
  'vendor_config_missing',
  'vendor_config_invalid',
  'offline_grace_expired',
  'artifact_size_mismatch',
  'artifact_hash_mismatch',
  'downgrade_refused',
  'install_in_progress',
  'install_not_permitted',
  'unmanaged_install',
  'import_failed',
  'setting_conflict',
  'state_access_denied',
  'dataverse_error',
  // Odoo (addon/src/odoo, decision O12): the session ended, Odoo refused access, any other Odoo refusal.
  'session_expired',
  'access_denied',
  'odoo_error',
] as const;
export type AddonOwnErrorCode = (typeof ADDON_ERROR_CODES)[number];
export type AddonErrorCode = AddonOwnErrorCode | ApiErrorCode;

export class AddonError extends Error {
  constructor(
    readonly code: AddonErrorCode,
    message: string,
    /** The input the error is about (the API's `field`, or the page's own), so the page can show it there (issue #13). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AddonError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * The server's error answer `{ error: { code, message } }` (untyped JSON) as an AddonError: its own code when it is
 * one of the API's, else `server_error` keeping the server's words and code (a server newer than this add-on).
 */
export function serverAnswerError(status: number, body: unknown): AddonError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
  const code = error?.code;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  const field = typeof error?.field === 'string' ? error.field : undefined;
  if (isApiErrorCode(code)) return new AddonError(code, message ?? code, field);
  if (typeof code === 'string') return new AddonError('server_error', `${message ?? `The update server answered HTTP ${status}.`} (${code})`);
  return new AddonError('server_error', `The update server answered HTTP ${status}.`);
}
