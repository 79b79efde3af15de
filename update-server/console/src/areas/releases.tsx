/**
 * The Releases area of the vendor console (issue #15 item 5): pick an add-on, its releases newest first, publish a
 * solution or module zip with progress (releases-publish.tsx), the support matrix per line and the legacy windows
 * on a timeline (releases-lines.tsx). Addresses: /console/releases?addon=<id> (decision C40).
 */
import { Badge, Dropdown, Field, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { AddonList, SupportMatrix } from '../../../src/api/addons';
import type { ReleaseList } from '../../../src/api/releases';
import { get } from '../api';
import { ErrorMessage, Loading, PageHeader, Section, useLoad } from '../components';
import { date } from '../format';
import { href, navigate, type Place } from '../router';
import { may, type Session } from '../session';
import { KIND_WORDS, newestFirst, PLATFORM_WORDS, useTableStyles } from './releases-common';
import { LegacyTimeline, SupportMatrixTable } from './releases-lines';
import { PublishForm } from './releases-publish';

export function Releases(props: { session: Session; place: Place }) {
  const styles = useTableStyles();
  const addons = useLoad((signal) => get<AddonList>('/v1/addons', { signal }), []);
  const chosen = props.place.query.get('addon') ?? addons.data?.addons[0]?.id;
  return (
    <>
      <PageHeader title="Releases" />
      {addons.loading && !addons.data ? <Loading what="add-ons" /> : null}
      {addons.error ? <ErrorMessage error={addons.error} title="The add-ons could not be shown" /> : null}
      {addons.data && addons.data.addons.length === 0 ? <Text>No add-ons yet. Create one with `assurance addon add`.</Text> : null}
      {addons.data && addons.data.addons.length > 0 ? (
        <div className={styles.picker}>
          <Field label="Add-on">
            <Dropdown
              data-testid="addon-picker"
              value={addons.data.addons.find((a) => a.id === chosen)?.name ?? ''}
              selectedOptions={chosen ? [chosen] : []}
              onOptionSelect={(_, d) => navigate(href('releases', undefined, { addon: d.optionValue }))}
            >
              {addons.data.addons.map((a) => (
                <Option key={a.id} value={a.id} data-testid={`addon-${a.id}`}>
                  {a.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </div>
      ) : null}
      {chosen && addons.data ? <AddonReleases key={chosen} addon={chosen} session={props.session} /> : null}
    </>
  );
}

function AddonReleases(props: { addon: string; session: Session }) {
  const styles = useTableStyles();
  const releases = useLoad((signal) => get<ReleaseList>(`/v1/addons/${encodeURIComponent(props.addon)}/releases`, { signal }), [props.addon]);
  const matrix = useLoad((signal) => get<SupportMatrix>(`/v1/addons/${encodeURIComponent(props.addon)}/support-matrix`, { signal }), [props.addon]);
  return (
    <>
      {may.publish(props.session.role) ? (
        <Section label="Publish a release">
          <PublishForm addon={props.addon} onPublished={releases.reload} />
        </Section>
      ) : null}
      <Section label="Releases">
        <h2>Releases</h2>
        {releases.loading && !releases.data ? <Loading what="releases" /> : null}
        {releases.error ? <ErrorMessage error={releases.error} title="The releases could not be shown" /> : null}
        {releases.data && releases.data.releases.length === 0 ? <Text data-testid="no-releases">No releases published yet.</Text> : null}
        {releases.data && releases.data.releases.length > 0 ? (
          <div className={styles.scroll} tabIndex={0} role="region" aria-label="Releases, newest first (scrolls sideways)">
            <Table className={styles.table} size="small" data-testid="release-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Version</TableHeaderCell>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>Platform</TableHeaderCell>
                  <TableHeaderCell>Lines</TableHeaderCell>
                  <TableHeaderCell>Published</TableHeaderCell>
                  <TableHeaderCell>Notes</TableHeaderCell>
                  <TableHeaderCell>Custom build for</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {newestFirst(releases.data.releases).map((r) => (
                  <TableRow key={r.id} data-testid="release-row" data-release={r.id}>
                    <TableCell data-testid="release-version">{r.version}</TableCell>
                    <TableCell>
                      {KIND_WORDS[r.kind] ?? r.kind}
                      {r.hotfix ? ' (hot-fix)' : ''}
                    </TableCell>
                    <TableCell>{PLATFORM_WORDS[r.platform] ?? r.platform}</TableCell>
                    <TableCell data-testid="release-lines">{r.lines.join(', ')}</TableCell>
                    <TableCell>{date(r.publishedAt.slice(0, 10))}</TableCell>
                    <TableCell className={styles.notes}>{r.notes ?? ''}</TableCell>
                    <TableCell>{r.customFor?.length ? <Badge appearance="outline">{r.customFor.join(', ')}</Badge> : 'All customers'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </Section>
      <Section label="Support matrix">
        <h2>Support matrix per line</h2>
        {matrix.loading && !matrix.data ? <Loading what="the support matrix" /> : null}
        {matrix.error ? <ErrorMessage error={matrix.error} title="The support matrix could not be shown" /> : null}
        {matrix.data ? <SupportMatrixTable matrix={matrix.data} /> : null}
      </Section>
      <Section label="Legacy windows">
        <h2>Legacy windows</h2>
        {matrix.data ? <LegacyTimeline matrix={matrix.data} /> : null}
      </Section>
    </>
  );
}
