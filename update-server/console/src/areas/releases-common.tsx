/** What the Releases area's parts share: words for platforms and kinds, table styles, the order of releases. */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Release } from '../../../src/api/releases';

export const PLATFORM_WORDS: Record<string, string> = { dynamics365: 'Dynamics 365', odoo: 'Odoo' };
export const KIND_WORDS: Record<string, string> = { technology: 'Technology', feature: 'Feature', patch: 'Patch', security: 'Security' };

export const useTableStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { minWidth: '640px' },
  picker: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  notes: { maxWidth: '28em' },
});

/** Newest first: by publication instant, then by version (decision C40). */
export function newestFirst(releases: Release[]): Release[] {
  const parts = (v: string) => v.split('.').map(Number);
  const byVersion = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return [...releases].sort((a, b) => (a.publishedAt === b.publishedAt ? byVersion(b.version, a.version) : a.publishedAt < b.publishedAt ? 1 : -1));
}
