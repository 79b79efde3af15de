/** Display of contract dates (YYYY-MM-DD, SPEC §1) without ever parsing them as local-time Dates. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(date: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  if (!m) return '—';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/**
 * An instant (UTC, SPEC §1), shown as what it is: "12 Dec 2026, 14:05 UTC". Not a calendar date: a date alone would
 * be read in the admin's or the vendor's zone and could be a day off.
 */
export function formatInstant(instant: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(instant);
  return m ? `${formatDate(m[1])}, ${m[2]}:${m[3]} UTC` : '—';
}
