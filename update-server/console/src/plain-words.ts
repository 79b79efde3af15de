/**
 * Plain words for every refusal the console can meet (issue #15: "shows plain words for every error"). The server's
 * own message is precise but written for an API client ("partnerId: …", "SPEC §2"); the people at the console are
 * finance, release and support staff. A code listed here gets a sentence of its own; any other keeps the server's
 * message, with the field it names said in words.
 */
const WORDS: Record<string, string> = {
  connection_failed: 'The update server could not be reached. Check your connection, then try again.',
  unauthenticated: 'This API key is not valid, or it has been revoked. Ask an admin of your vendor account for a key.',
  session_expired: 'You were signed out (after a while without activity, or because the server restarted). Sign in again.',
  csrf_token_invalid: 'The page is out of date. Reload it and try again.',
  insecure_transport: 'The console signs in over HTTPS only. Open it with an https:// address.',
  forbidden: 'Your key’s role may not do this. Ask an admin of your vendor account.',
  rate_limited: 'Too many requests just now. Wait a moment and try again.',
  payload_too_large: 'The file is larger than the server accepts.',
  internal_error: 'The server failed to do this. Nothing was changed; try again, and tell your administrator if it keeps failing.',
  customer_not_found: 'No such customer (or not one your key may see).',
  addon_not_found: 'No such add-on: it may have been renamed. Choose another add-on.',
  invoice_not_found: 'No such invoice (or not one your key may see).',
  licence_key_not_found: 'No such licence key for this customer: reload the page, it may have changed.',
  support_request_not_found: 'No such support request (or not one your key may see).',
  release_exists: 'This version is already published for these lines.',
  payment_exists: 'A payment with this reference is already recorded.',
  payment_reference_conflict: 'This payment reference is already used for a different payment. Check the reference.',
  already_terminated: 'This contract is already terminated.',
  already_cancelled: 'This contract is already cancelled.',
  customer_terminated: 'This customer’s contract is terminated: nothing more can be recorded on it.',
  no_contract: 'This customer has no contract yet.',
  already_closed: 'This request is already closed.',
  approval_before_notice: 'The customer’s approval is recorded before this notice: they must be told the work is chargeable before they approve. Check the time.',
  notice_missing: 'Record when the customer was told the work is chargeable first.',
  money_limit_exceeded: 'The amount is larger than the server accepts.',
  invalid_upload: 'The upload was not understood: choose the file again.',
  package_invalid: 'This file is not a valid package for this add-on.',
  package_version_mismatch: 'The version inside the zip is not the version typed in the form. Publish the build of this version, or type the version the zip carries.',
  package_line_too_new: 'The solution was built for a newer Dynamics 365 line than the oldest line chosen. Build it for the oldest line, or publish it for newer lines only.',
  package_unmanaged: 'This is an unmanaged solution. Customers get managed solutions only: publish the managed export (…_managed.zip).',
  package_series_mismatch: 'The module was built for another Odoo series than the line chosen. Publish one build per line, each built for its own line.',
  package_name_mismatch: 'The zip holds a module of another name than this add-on’s earlier Odoo releases: it would install beside the customer’s module instead of updating it.',
  package_not_installable: 'The module says it is not installable (installable: False in its manifest): Odoo would not install it.',
  legacy_window_closed: 'The legacy window of this line has closed: publish to it only as a custom build for named customers.',
  unknown_line: 'This line is not registered for the platform. Register it first (assurance line add).',
  unknown_customer: 'No customer with this id: check the ids of the custom build.',
};

/** The field names of the API, said the way the console's forms say them. */
const FIELD_WORDS: Record<string, string> = {
  apiKey: 'API key',
  amount: 'Amount',
  'amount.amount': 'Amount',
  'amount.currency': 'Currency',
  reference: 'Reference',
  paidOn: 'Date paid',
  receivedOn: 'Date received',
  cancellationDate: 'Cancellation date',
  effectiveOn: 'Date',
  reason: 'Reason',
  version: 'Version',
  lines: 'Lines',
  artifact: 'File',
  minutes: 'Minutes',
  'metadata.version': 'Version',
  'metadata.lines': 'Lines',
  notifiedAt: 'Customer told at',
  approvedAt: 'Customer approved at',
  from: 'Work started at',
  note: 'Note',
  month: 'Month',
  asOf: 'Date of the overview',
  within: 'Days ahead',
};

export function fieldLabel(field: string): string {
  return FIELD_WORDS[field] ?? field;
}

/** The sentence to show for a refusal (`code`, the server's `message` and `field` when it had them). */
export function plainWords(code: string, message?: string, field?: string): string {
  const known = WORDS[code];
  if (known) return known;
  if (/^http_5\d\d$/.test(code)) return 'The server failed to answer. Try again in a moment.';
  if (/^http_\d+$/.test(code)) return 'The server could not do this. Reload the page and try again.';
  if (!message) return 'This could not be done.';
  // The server's sentence, without its field prefix ("amount: …") and its references for developers ("(SPEC §2)").
  let text = message.replace(/\s*\((?:SPEC|decision|seed)[^)]*\)/g, '').trim();
  if (field && text.startsWith(`${field}:`)) text = `${fieldLabel(field)}: ${text.slice(field.length + 1).trim()}`;
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
