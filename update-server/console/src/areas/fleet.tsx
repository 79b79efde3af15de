/**
 * The Fleet area of the vendor console (issue #15 item 3, decisions C20–C26): orgs by add-on version and CRM line (a
 * chart with its numbers as a table), install outcomes over time (`GET /v1/fleet/installs`, U90), the lines whose
 * legacy window closes within six months, the orgs with filters in the address, and for one org
 * (`/console/fleet/<customerId>:<orgId>`) why each newer release is or is not offered, in the admin's words.
 * Everything comes from `/v1`: the fleet report, the support matrix, the add-ons, the install counts.
 */
import {
  Badge,
  Body1,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  Option,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DataVizPalette, VerticalStackedBarChart, getColorFromToken, type VerticalStackedChartProps } from '@fluentui/react-charts';
import type { ReactNode } from 'react';
import { get } from '../api';
import { ConsoleLink, ErrorMessage, Loading, PageHeader, Section, useLoad, type Loaded } from '../components';
import { date } from '../format';
import { href, navigate, type Place } from '../router';
import type { Role, Session } from '../session';
import {
  PLATFORMS,
  REASON_FILTERS,
  REASON_LABELS,
  closingLines,
  compareDotted,
  filterRows,
  lastDays,
  orgKey,
  outcomeBuckets,
  parseOrgKey,
  reasonWords,
  versionsByLine,
  type FleetReport,
  type FleetRow,
  type InstallOutcomeDays,
  type SupportMatrix,
} from './fleet-data';

interface AddonList {
  addons: Array<{ id: string; name: string }>;
}

/** A customer's page is another area (customers): roles that may not open it see the name without a link. */
const seesCustomers = (role: Role): boolean => role !== 'publisher';

/** The most rows the org list shows at once; the filters narrow a large fleet. */
const LIST_LIMIT = 200;

const PERIODS = [
  { id: '30', label: 'Last 30 days (per day)', days: 30, by: 'day' },
  { id: '182', label: 'Last 26 weeks (per week)', days: 182, by: 'week' },
] as const;

const OUTCOMES = [
  { id: 'succeeded', label: 'Succeeded', color: getColorFromToken(DataVizPalette.success) },
  { id: 'failed', label: 'Failed', color: getColorFromToken(DataVizPalette.error) },
  { id: 'rolled_back', label: 'Rolled back', color: getColorFromToken(DataVizPalette.warning) },
] as const;

const VERSION_COLOURS = [DataVizPalette.color1, DataVizPalette.color2, DataVizPalette.color3, DataVizPalette.color4, DataVizPalette.color5, DataVizPalette.color6, DataVizPalette.color7, DataVizPalette.color8, DataVizPalette.color9, DataVizPalette.color10].map((t) => getColorFromToken(t));

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  filter: { minWidth: '180px', maxWidth: '100%' },
  twoUp: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 480px), 1fr))', gap: tokens.spacingHorizontalXXL },
  figure: { margin: 0, minWidth: 0 },
  caption: { display: 'block', marginBottom: tokens.spacingVerticalS },
  chart: { width: '100%', minWidth: 0, overflow: 'hidden' },
  scroll: { overflowX: 'auto', maxWidth: '100%', marginTop: tokens.spacingVerticalS },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  note: { display: 'block', color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXS },
  heading: { margin: `0 0 ${tokens.spacingVerticalS}` },
  facts: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  cards: { display: 'grid', gap: tokens.spacingVerticalL },
  plainList: { margin: 0, padding: 0, listStyleType: 'none' },
  versionCol: { width: '110px' },
  reasonCol: { width: '240px' },
  reason: { overflowWrap: 'anywhere' },
});

export function Fleet(props: { session: Session; place: Place }) {
  const { session, place } = props;
  if (place.id !== undefined) return <OrgDetail key={place.id} session={session} orgKey={place.id} />;
  return <FleetOverview session={session} query={place.query} />;
}

// --- the overview -------------------------------------------------------------------------------------------------

/** Moves to the overview with one filter changed (the filters live in the address, decision C21). */
function setFilter(query: URLSearchParams, name: string, value: string | undefined): void {
  const next: Record<string, string | undefined> = Object.fromEntries(query.entries());
  next[name] = value;
  navigate(href('fleet', undefined, next), { replace: true });
}

function FleetOverview(props: { session: Session; query: URLSearchParams }) {
  const styles = useStyles();
  const { session, query } = props;
  const platform = query.get('platform') === 'odoo' ? 'odoo' : 'dynamics365';
  const addons = useLoadJson<AddonList>('/v1/addons');
  const fleet = useLoadJson<FleetReport>(`/v1/fleet?platform=${platform}`);
  const addonList = addons.data?.addons ?? [];
  const addon = addonList.find((a) => a.id === query.get('addon'))?.id ?? addonList[0]?.id;
  const addonName = addonList.find((a) => a.id === addon)?.name ?? addon ?? '';
  const platformLabel = PLATFORMS.find((p) => p.id === platform)!.label;

  return (
    <>
      <PageHeader title="Fleet" />
      {session.role === 'partner' ? (
        <Text as="p" data-testid="fleet-partner-note">
          Only the orgs of your own customers are shown.
        </Text>
      ) : null}
      <div className={styles.filters} role="group" aria-label="Add-on and platform">
        <Field label="Add-on" className={styles.filter}>
          <Dropdown
            data-testid="fleet-addon"
            value={addonName}
            selectedOptions={addon ? [addon] : []}
            onOptionSelect={(_, d) => setFilter(query, 'addon', d.optionValue)}
            disabled={addonList.length === 0}
          >
            {addonList.map((a) => (
              <Option key={a.id} value={a.id} text={a.name}>
                {a.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Platform" className={styles.filter}>
          <Dropdown data-testid="fleet-platform" value={platformLabel} selectedOptions={[platform]} onOptionSelect={(_, d) => setFilter(query, 'platform', d.optionValue)}>
            {PLATFORMS.map((p) => (
              <Option key={p.id} value={p.id} text={p.label}>
                {p.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      {addons.error ? <ErrorMessage error={addons.error} title="The add-ons could not be loaded" /> : null}
      {fleet.error ? <ErrorMessage error={fleet.error} title="The fleet could not be loaded" /> : null}
      {addons.loading || fleet.loading ? <Loading what="the fleet" /> : null}
      {addon && fleet.data ? (
        <>
          <div className={styles.twoUp}>
            <VersionsChart rows={fleet.data.rows} addon={addon} addonName={addonName} platformLabel={platformLabel} />
            <InstallsChart addon={addon} addonName={addonName} platform={platform} platformLabel={platformLabel} query={query} />
          </div>
          <LegacyLines session={session} rows={fleet.data.rows} addon={addon} addonName={addonName} platform={platform} platformLabel={platformLabel} />
          <OrgList session={session} rows={fleet.data.rows.filter((r) => r.addon === addon || r.addon === undefined)} query={query} addonName={addonName} />
        </>
      ) : null}
      {!addons.loading && !addons.error && addonList.length === 0 ? <Text as="p">No add-ons yet: publish one first.</Text> : null}
    </>
  );
}

/** A table that scrolls sideways inside its own frame, never the page (issue #15's quality bar). */
function ScrollTable(props: { label: string; testid: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll} role="region" aria-label={props.label} tabIndex={0} data-testid={`${props.testid}-scroll`}>
      <Table size="small" aria-label={props.label} data-testid={props.testid}>
        {props.children}
      </Table>
    </div>
  );
}

function VersionsChart(props: { rows: FleetRow[]; addon: string; addonName: string; platformLabel: string }) {
  const styles = useStyles();
  const counts = versionsByLine(props.rows, props.addon);
  const notChecked = props.rows.filter((r) => r.addon === undefined || (r.addon === props.addon && r.installedVersion === undefined)).length;
  const colour = (v: string) => VERSION_COLOURS[counts.versions.indexOf(v) % VERSION_COLOURS.length]!;
  const data: VerticalStackedChartProps[] = counts.lines.map((line) => ({
    xAxisPoint: line,
    chartData: counts.versions
      .filter((v) => counts.count[line]![v])
      .map((v) => ({ legend: `Version ${v}`, data: counts.count[line]![v]!, color: colour(v), xAxisCalloutData: `${props.platformLabel} ${line}`, yAxisCalloutData: counts.count[line]![v] === 1 ? '1 org' : `${counts.count[line]![v]} orgs` })),
  }));
  const caption = `${props.addonName}: orgs by installed version and ${props.platformLabel} line`;
  const summary = counts.lines.map((l) => `${l}: ${counts.lineTotals[l]} ${counts.lineTotals[l] === 1 ? 'org' : 'orgs'}`).join(', ');
  const newestFirst = [...counts.versions].reverse();
  return (
    <Section label="Orgs by version and line">
      <figure className={styles.figure} data-testid="versions-figure">
        <Subtitle2 as="h2" className={styles.heading}>
          Orgs by version and line
        </Subtitle2>
        <figcaption className={styles.caption}>
          <Caption1>
            {caption}. {counts.total === 0 ? '' : `${counts.total} ${counts.total === 1 ? 'org' : 'orgs'}: ${summary}.`}
          </Caption1>
        </figcaption>
        {counts.total === 0 ? (
          <Text as="p" data-testid="versions-empty">
            No org on {props.platformLabel} has reported a version of {props.addonName} yet.
          </Text>
        ) : (
          <>
            <div className={styles.chart}>
              <VerticalStackedBarChart data={data} height={280} hideTooltip={false} xAxisTitle={`${props.platformLabel} line`} yAxisTitle="Orgs" yAxisTickFormat={(n: number) => (Number.isInteger(n) ? String(n) : '')} barWidth="auto" maxBarWidth={56} legendProps={{ allowFocusOnLegends: false }} enabledLegendsWrapLines />
            </div>
            <ScrollTable label="Orgs by version and line, as numbers" testid="versions-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Version</TableHeaderCell>
                  {counts.lines.map((l) => (
                    <TableHeaderCell key={l} scope="col" className={styles.number}>
                      {l}
                    </TableHeaderCell>
                  ))}
                  <TableHeaderCell scope="col" className={styles.number}>
                    All lines
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {newestFirst.map((v) => (
                  <TableRow key={v} data-testid="versions-row" data-version={v}>
                    <TableCell>{v}</TableCell>
                    {counts.lines.map((l) => (
                      <TableCell key={l} className={styles.number} data-line={l}>
                        {counts.count[l]![v] ?? 0}
                      </TableCell>
                    ))}
                    <TableCell className={styles.number}>{counts.lines.reduce((n, l) => n + (counts.count[l]![v] ?? 0), 0)}</TableCell>
                  </TableRow>
                ))}
                <TableRow data-testid="versions-total">
                  <TableCell>
                    <strong>All versions</strong>
                  </TableCell>
                  {counts.lines.map((l) => (
                    <TableCell key={l} className={styles.number} data-line={l}>
                      <strong>{counts.lineTotals[l]}</strong>
                    </TableCell>
                  ))}
                  <TableCell className={styles.number}>
                    <strong>{counts.total}</strong>
                  </TableCell>
                </TableRow>
              </TableBody>
            </ScrollTable>
          </>
        )}
        {notChecked > 0 ? (
          <Caption1 className={styles.note} data-testid="versions-not-checked">
            {notChecked} activated {notChecked === 1 ? 'org has' : 'orgs have'} not reported a version yet (no update check): not counted.
          </Caption1>
        ) : null}
      </figure>
    </Section>
  );
}

function InstallsChart(props: { addon: string; addonName: string; platform: string; platformLabel: string; query: URLSearchParams }) {
  const styles = useStyles();
  const period = PERIODS.find((p) => p.id === props.query.get('period')) ?? PERIODS[0];
  const { from, to } = lastDays(new Date().toISOString().slice(0, 10), period.days);
  const answer = useLoadJson<InstallOutcomeDays>(`/v1/fleet/installs?from=${from}&to=${to}&addon=${encodeURIComponent(props.addon)}&platform=${props.platform}`);
  const buckets = answer.data ? outcomeBuckets(answer.data, period.by) : [];
  const label = (b: { start: string; end: string }) => (period.by === 'day' ? date(b.start) : `${date(b.start)} – ${date(b.end)}`);
  const short = (b: { start: string }) => date(b.start).replace(/ \d{4}$/, '');
  const data: VerticalStackedChartProps[] = buckets.map((b) => ({
    xAxisPoint: short(b),
    xAxisCalloutData: label(b),
    chartData: OUTCOMES.map((o) => ({ legend: o.label, data: b[o.id], color: o.color })),
  }));
  const totals = answer.data?.totals;
  const total = totals ? totals.succeeded + totals.failed + totals.rolled_back : 0;
  const withReports = buckets.filter((b) => b.succeeded + b.failed + b.rolled_back > 0);
  const summary = totals ? `${total} install ${total === 1 ? 'report' : 'reports'}: ${totals.succeeded} succeeded, ${totals.failed} failed, ${totals.rolled_back} rolled back` : '';
  return (
    <Section label="Install outcomes over time">
      <figure className={styles.figure} data-testid="installs-figure">
        <Subtitle2 as="h2" className={styles.heading}>
          Install outcomes over time
        </Subtitle2>
        <div className={styles.filters}>
          <Field label="Period" className={styles.filter}>
            <Dropdown data-testid="installs-period" value={period.label} selectedOptions={[period.id]} onOptionSelect={(_, d) => setFilter(props.query, 'period', d.optionValue)}>
              {PERIODS.map((p) => (
                <Option key={p.id} value={p.id} text={p.label}>
                  {p.label}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </div>
        <figcaption className={styles.caption}>
          <Caption1>
            {props.addonName} installs reported by the orgs on {props.platformLabel}, {date(from)} to {date(to)} (days in UTC){summary ? `. ${summary}.` : '.'}
          </Caption1>
        </figcaption>
        {answer.error ? <ErrorMessage error={answer.error} title="The install reports could not be loaded" /> : null}
        {answer.loading ? <Loading what="the install reports" /> : null}
        {answer.data && total === 0 ? (
          <Text as="p" data-testid="installs-empty">
            No install reports in this period.
          </Text>
        ) : null}
        {answer.data && total > 0 ? (
          <>
            <div className={styles.chart}>
              <VerticalStackedBarChart data={data} height={280} xAxisTitle={period.by === 'day' ? 'Day (UTC)' : 'Week (UTC)'} yAxisTitle="Installs" yAxisTickFormat={(n: number) => (Number.isInteger(n) ? String(n) : '')} barWidth="auto" maxBarWidth={24} hideTickOverlap legendProps={{ allowFocusOnLegends: false }} enabledLegendsWrapLines />
            </div>
            <ScrollTable label="Install outcomes, as numbers" testid="installs-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{period.by === 'day' ? 'Day' : 'Week'}</TableHeaderCell>
                  {OUTCOMES.map((o) => (
                    <TableHeaderCell key={o.id} scope="col" className={styles.number}>
                      {o.label}
                    </TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {withReports.map((b) => (
                  <TableRow key={b.start} data-testid="installs-row" data-start={b.start}>
                    <TableCell>{label(b)}</TableCell>
                    {OUTCOMES.map((o) => (
                      <TableCell key={o.id} className={styles.number} data-outcome={o.id}>
                        {b[o.id]}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                <TableRow data-testid="installs-total">
                  <TableCell>
                    <strong>Whole period</strong>
                  </TableCell>
                  {OUTCOMES.map((o) => (
                    <TableCell key={o.id} className={styles.number} data-outcome={o.id}>
                      <strong>{totals![o.id]}</strong>
                    </TableCell>
                  ))}
                </TableRow>
              </TableBody>
            </ScrollTable>
            <Caption1 className={styles.note}>{period.by === 'day' ? 'Days' : 'Weeks'} without an install report are left out of the table.</Caption1>
          </>
        ) : null}
      </figure>
    </Section>
  );
}

function LegacyLines(props: { session: Session; rows: FleetRow[]; addon: string; addonName: string; platform: string; platformLabel: string }) {
  const styles = useStyles();
  const matrix = useLoadJson<SupportMatrix>(`/v1/addons/${encodeURIComponent(props.addon)}/support-matrix`);
  const today = new Date().toISOString().slice(0, 10);
  const lines = matrix.data ? closingLines(matrix.data, props.rows, today, props.platform) : [];
  return (
    <Section label="Legacy windows closing">
      <Subtitle2 as="h2" className={styles.heading}>
        Lines whose legacy window closes within 6 months
      </Subtitle2>
      <Caption1 className={styles.caption}>
        {props.platformLabel} lines of {props.addonName} whose last day of patches is within six months from today, and lines whose window has closed already while orgs are still on
        them.
      </Caption1>
      {matrix.error ? <ErrorMessage error={matrix.error} title="The support matrix could not be loaded" /> : null}
      {matrix.loading ? <Loading what="the support matrix" /> : null}
      {matrix.data && lines.length === 0 ? (
        <Text as="p" data-testid="legacy-empty">
          No line closes within six months, and no org is on a closed line.
        </Text>
      ) : null}
      {lines.length > 0 ? (
        <ScrollTable label="Lines whose legacy window closes within 6 months" testid="legacy-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Line</TableHeaderCell>
              <TableHeaderCell scope="col">Patches until</TableHeaderCell>
              <TableHeaderCell scope="col">Window</TableHeaderCell>
              <TableHeaderCell scope="col">Successor</TableHeaderCell>
              <TableHeaderCell scope="col" className={styles.number}>
                Orgs
              </TableHeaderCell>
              <TableHeaderCell scope="col">Customers’ orgs</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lines.map((l) => (
              <TableRow key={l.line} data-testid="legacy-row" data-line={l.line}>
                <TableCell>
                  {props.platformLabel} {l.line}
                </TableCell>
                <TableCell>{date(l.patchesUntil)}</TableCell>
                <TableCell>
                  <Text weight="semibold">{l.closed ? `Closed ${-l.daysLeft} days ago` : `Closes in ${l.daysLeft} days`}</Text>
                </TableCell>
                <TableCell>{l.successor ?? '—'}</TableCell>
                <TableCell className={styles.number} data-testid="legacy-orgs">
                  {l.orgs.length}
                </TableCell>
                <TableCell>
                  {l.orgs.length === 0
                    ? 'None'
                    : l.orgs.map((o, i) => (
                        <span key={orgKey(o)}>
                          {i > 0 ? ', ' : ''}
                          <ConsoleLink to={href('fleet', orgKey(o))} data-testid="legacy-org">
                            {o.customerName} ({o.orgId})
                          </ConsoleLink>
                        </span>
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      ) : null}
    </Section>
  );
}

function OrgList(props: { session: Session; rows: FleetRow[]; query: URLSearchParams; addonName: string }) {
  const styles = useStyles();
  const { query } = props;
  const line = query.get('line') ?? undefined;
  const reason = query.get('reason') ?? undefined;
  const q = query.get('q') ?? '';
  const lines = [...new Set(props.rows.map((r) => r.line))].sort(compareDotted);
  const shown = filterRows(props.rows, { line, reason, q });
  const reasonLabel = (r: string | undefined) => (r ? (REASON_LABELS[r as keyof typeof REASON_LABELS] ?? r) : 'Any');
  return (
    <Section label="Orgs">
      <Subtitle2 as="h2" className={styles.heading}>
        Orgs
      </Subtitle2>
      <div className={styles.filters} role="group" aria-label="Filter the orgs">
        <Field label="Line" className={styles.filter}>
          <Dropdown data-testid="fleet-line" value={line ?? 'Any'} selectedOptions={[line ?? '']} onOptionSelect={(_, d) => setFilter(query, 'line', d.optionValue || undefined)}>
            <Option value="" text="Any">
              Any
            </Option>
            {lines.map((l) => (
              <Option key={l} value={l} text={l}>
                {l}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Newer releases" className={styles.filter}>
          <Dropdown data-testid="fleet-reason" value={reasonLabel(reason)} selectedOptions={[reason ?? '']} onOptionSelect={(_, d) => setFilter(query, 'reason', d.optionValue || undefined)}>
            <Option value="" text="Any">
              Any
            </Option>
            {REASON_FILTERS.map((r) => (
              <Option key={r} value={r} text={REASON_LABELS[r]}>
                {r === 'offered' ? REASON_LABELS[r] : `Withheld: ${REASON_LABELS[r]}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Customer or org" className={styles.filter}>
          <Input data-testid="fleet-search" type="search" value={q} onChange={(_, d) => setFilter(query, 'q', d.value || undefined)} />
        </Field>
      </div>
      {shown.length === 0 ? (
        <Text as="p" data-testid="orgs-empty">
          {props.rows.length === 0 ? 'No activated org yet.' : 'No org matches these filters.'}
        </Text>
      ) : (
        <ScrollTable label="Orgs, one row per org and add-on" testid="orgs-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Customer</TableHeaderCell>
              <TableHeaderCell scope="col">Org</TableHeaderCell>
              <TableHeaderCell scope="col">Line</TableHeaderCell>
              <TableHeaderCell scope="col">Installed</TableHeaderCell>
              <TableHeaderCell scope="col">Last check</TableHeaderCell>
              <TableHeaderCell scope="col">Newer releases</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.slice(0, LIST_LIMIT).map((r) => (
              <TableRow key={`${orgKey(r)}|${r.addon ?? ''}`} data-testid="org-row" data-org={r.orgId}>
                <TableCell>{r.customerName}</TableCell>
                <TableCell>
                  <ConsoleLink to={href('fleet', orgKey(r))} data-testid="org-link">
                    {r.orgId}
                  </ConsoleLink>
                </TableCell>
                <TableCell>{r.line}</TableCell>
                <TableCell>{r.installedVersion ?? '—'}</TableCell>
                <TableCell>{r.checkedAt ? date(r.checkedAt) : 'Never'}</TableCell>
                <TableCell>
                  <NewerSummary row={r} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      )}
      {shown.length > LIST_LIMIT ? (
        <Caption1 className={styles.note}>
          Showing {LIST_LIMIT} of {shown.length} orgs: narrow the filters to see the others.
        </Caption1>
      ) : null}
      {props.session.role === 'publisher' ? null : <Caption1 className={styles.note}>Open an org to see why each newer release is or is not offered.</Caption1>}
    </Section>
  );
}

function NewerSummary(props: { row: FleetRow }) {
  const styles = useStyles();
  const { row } = props;
  if (row.offered === undefined) return <>Not checked yet</>;
  if (row.offered.length === 0 && (row.withheld ?? []).length === 0) return <>Up to date</>;
  return (
    <ul className={styles.plainList}>
      {row.offered.length > 0 ? <li>{row.offered.length} offered</li> : null}
      {(row.withheld ?? []).map((g) => (
        <li key={g.reason}>
          {g.versions.length} withheld: {REASON_LABELS[g.reason]}
        </li>
      ))}
    </ul>
  );
}

// --- one org ------------------------------------------------------------------------------------------------------

function OrgDetail(props: { session: Session; orgKey: string }) {
  const styles = useStyles();
  const key = parseOrgKey(props.orgKey);
  const report = useLoadJson<FleetReport>(key ? `/v1/fleet?customer=${encodeURIComponent(key.customerId)}` : undefined);
  const addons = useLoadJson<AddonList>('/v1/addons');
  const back = (
    <ConsoleLink to={href('fleet')} data-testid="back-to-fleet">
      Back to the fleet
    </ConsoleLink>
  );
  if (!key) {
    return (
      <>
        <PageHeader title="Org">{back}</PageHeader>
        <Text as="p" data-testid="org-not-found">
          This address does not name an org.
        </Text>
      </>
    );
  }
  const rows = report.data?.rows.filter((r) => r.orgId === key.orgId) ?? [];
  const first = rows[0];
  return (
    <>
      <PageHeader title={`Org ${key.orgId}`}>{back}</PageHeader>
      {report.error ? <ErrorMessage error={report.error} title="This org could not be loaded" /> : null}
      {report.loading ? <Loading what="the org" /> : null}
      {report.data && !first ? (
        <Text as="p" data-testid="org-not-found">
          No such org (or not one your key may see).
        </Text>
      ) : null}
      {first ? (
        <div className={styles.cards}>
          <Card>
            <dl className={styles.facts} data-testid="org-facts">
              <dt className={styles.term}>Customer</dt>
              <dd className={styles.detail} data-testid="org-customer">
                {seesCustomers(props.session.role) ? <ConsoleLink to={href('customers', first.customerId)}>{first.customerName}</ConsoleLink> : first.customerName}
              </dd>
              <dt className={styles.term}>Address</dt>
              <dd className={styles.detail}>{first.orgUrl}</dd>
              <dt className={styles.term}>Environment</dt>
              <dd className={styles.detail}>{first.environment === 'production' ? 'Production' : 'Sandbox'}</dd>
              <dt className={styles.term}>CRM</dt>
              <dd className={styles.detail} data-testid="org-crm">
                {PLATFORMS.find((p) => p.id === first.platform)?.label ?? first.platform} {first.platformVersion} (line {first.line})
              </dd>
              <dt className={styles.term}>Judged as of</dt>
              <dd className={styles.detail}>{date(report.data!.asOf)}</dd>
            </dl>
          </Card>
          {rows.map((r) => (
            <AddonCard key={r.addon ?? ''} row={r} addonName={addons.data?.addons.find((a) => a.id === r.addon)?.name ?? r.addon} />
          ))}
        </div>
      ) : null}
    </>
  );
}

const OUTCOME_WORDS = { succeeded: 'Succeeded', failed: 'Failed', rolled_back: 'Rolled back' } as const;

function AddonCard(props: { row: FleetRow; addonName?: string }) {
  const styles = useStyles();
  const { row } = props;
  if (row.addon === undefined) {
    return (
      <Card data-testid="org-addon" data-addon="">
        <Body1>This org has not checked for updates nor reported an install yet: its add-on reports its version when its configuration page opens.</Body1>
      </Card>
    );
  }
  const withheld = (row.withheld ?? []).flatMap((g) => g.versions.map((version) => ({ version, reason: g.reason })));
  return (
    <Card data-testid="org-addon" data-addon={row.addon}>
      <CardHeader header={<Subtitle2 as="h2">{props.addonName}</Subtitle2>} />
      <dl className={styles.facts}>
        <dt className={styles.term}>Installed version</dt>
        <dd className={styles.detail} data-testid="org-installed">
          {row.installedVersion ?? 'Not reported (no update check yet)'}
        </dd>
        <dt className={styles.term}>Last check</dt>
        <dd className={styles.detail} data-testid="org-checked">
          {row.checkedAt ? date(row.checkedAt) : 'Never'}
        </dd>
        <dt className={styles.term}>Last install</dt>
        <dd className={styles.detail} data-testid="org-last-install">
          {row.lastInstall ? (
            <>
              <Badge appearance="tint" color={row.lastInstall.outcome === 'succeeded' ? 'success' : 'danger'}>
                {OUTCOME_WORDS[row.lastInstall.outcome]}
              </Badge>{' '}
              {row.lastInstall.fromVersion} → {row.lastInstall.toVersion}, {date(row.lastInstall.recordedAt)}
              {row.lastInstall.error ? `: ${row.lastInstall.error}` : ''}
            </>
          ) : (
            'None reported'
          )}
        </dd>
        <dt className={styles.term}>Offered</dt>
        <dd className={styles.detail} data-testid="org-offered">
          {row.offered === undefined ? 'Not judged (no update check yet)' : row.offered.length === 0 ? 'No newer release is offered.' : row.offered.join(', ')}
        </dd>
      </dl>
      {withheld.length > 0 ? (
        <ScrollTable label={`Releases of ${row.addon} withheld from this org, and why`} testid="org-withheld">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col" className={styles.versionCol}>
                Version
              </TableHeaderCell>
              <TableHeaderCell scope="col" className={styles.reasonCol}>
                Reason
              </TableHeaderCell>
              <TableHeaderCell scope="col">What the org’s admin reads</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {withheld.map((w) => (
              <TableRow key={w.version} data-testid="withheld-row" data-version={w.version} data-reason={w.reason}>
                <TableCell>{w.version}</TableCell>
                <TableCell>
                  <Text weight="semibold">{REASON_LABELS[w.reason]}</Text>
                </TableCell>
                <TableCell className={styles.reason} data-testid="withheld-words">
                  {reasonWords(w.reason, w.version)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      ) : row.offered !== undefined ? (
        <Text as="p">No newer release is withheld.</Text>
      ) : null}
    </Card>
  );
}

// --- loading ------------------------------------------------------------------------------------------------------


/** GET a JSON answer for the view; `url` undefined loads nothing. Loads again when the address changes. */
function useLoadJson<T>(url: string | undefined): Loaded<T> {
  return useLoad<T>((signal) => (url === undefined ? Promise.reject(new Error('nothing to load')) : get<T>(url, { signal })), [url]);
}
