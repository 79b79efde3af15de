/**
 * The support matrix per line and the legacy-window timeline of the Releases area (issue #15 item 5; SPEC §4: when
 * the successor of line L is released on R, L gets patches until R + 2 years; the mainstream lifecycle is 5 years).
 * The timeline is drawn with CSS boxes, not a chart library (decision C43): each line's bar has a "current" part
 * (released → successor released), a "legacy window" part (→ patches until) and a mark at the end of its mainstream
 * lifecycle, with today as a vertical line. It is an image with an accessible name; the same dates are in the table
 * under it (its text alternative), and the phases differ by pattern and label, not colour alone.
 */
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { SupportMatrix } from '../../../src/api/addons';
import { date, todayUtc } from '../format';
import { PLATFORM_WORDS, useTableStyles } from './releases-common';

type MatrixLine = SupportMatrix['lines'][number];

const REASON_WORDS: Record<string, string> = {
  integrated_in_platform: 'the platform now does it itself',
  platform_end_of_life: 'the platform line reached its end of life',
  insufficient_demand: 'too few customers use it',
  other: 'another reason',
};

/** The line's status in words (SPEC §4). */
export function statusWords(l: MatrixLine): string {
  if (l.status === 'discontinued') return `Discontinued: ${REASON_WORDS[l.reason ?? 'other'] ?? l.reason}`;
  return 'Supported';
}

/** Where the line stands on `today`: current, in its legacy window (patches only), or closed. */
export function windowWords(l: MatrixLine, today: string): string {
  if (!l.successor || !l.patchesUntil) return 'Current line: no successor yet, all releases are offered.';
  if (today <= l.patchesUntil) return `Legacy window: ${l.successor} is out since ${date(l.successorReleasedOn)}; patches and security fixes until ${date(l.patchesUntil)}.`;
  return `Closed: the legacy window ended on ${date(l.patchesUntil)}; only custom builds for named customers.`;
}

export function SupportMatrixTable(props: { matrix: SupportMatrix }) {
  const styles = useTableStyles();
  const today = todayUtc();
  if (props.matrix.lines.length === 0) return <Text>No platform lines registered yet.</Text>;
  return (
    <div className={styles.scroll} tabIndex={0} role="region" aria-label="Support matrix per line (scrolls sideways)">
      <Table className={styles.table} size="small" data-testid="matrix-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Line</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Successor</TableHeaderCell>
            <TableHeaderCell>Patches until</TableHeaderCell>
            <TableHeaderCell>Today</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.matrix.lines.map((l) => (
            <TableRow key={`${l.platform}-${l.line}`} data-testid="matrix-row" data-line={`${l.platform}/${l.line}`}>
              <TableCell>
                {PLATFORM_WORDS[l.platform] ?? l.platform} {l.line}
              </TableCell>
              <TableCell data-testid="matrix-status">
                <Badge appearance="tint" color={l.status === 'supported' ? 'success' : 'warning'}>
                  {l.status === 'supported' ? 'Supported' : 'Discontinued'}
                </Badge>
                {l.status === 'discontinued' ? statusWords(l).slice('Discontinued'.length) : null}
              </TableCell>
              <TableCell data-testid="matrix-successor">{l.successor ? `${l.successor} (released ${date(l.successorReleasedOn)})` : 'None yet'}</TableCell>
              <TableCell data-testid="matrix-patches-until">{l.patchesUntil ? date(l.patchesUntil) : '—'}</TableCell>
              <TableCell>{windowWords(l, today)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const useStyles = makeStyles({
  chart: { position: 'relative', marginBottom: tokens.spacingVerticalM, paddingRight: '2rem', overflowX: 'clip' },
  row: { display: 'grid', gridTemplateColumns: '6rem minmax(0, 1fr)', alignItems: 'center', minHeight: '28px' },
  label: { fontSize: tokens.fontSizeBase200 },
  track: { position: 'relative', height: '18px', backgroundColor: tokens.colorNeutralBackground3 },
  current: { position: 'absolute', top: 0, bottom: 0, backgroundColor: tokens.colorBrandBackground },
  legacy: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    backgroundImage: `repeating-linear-gradient(45deg, ${tokens.colorPaletteMarigoldBorderActive} 0 4px, ${tokens.colorPaletteMarigoldBackground2} 4px 8px)`,
    border: `1px solid ${tokens.colorPaletteMarigoldBorderActive}`,
    boxSizing: 'border-box',
  },
  end: { position: 'absolute', top: '-3px', bottom: '-3px', width: '3px', backgroundColor: tokens.colorNeutralForeground1 },
  axis: { display: 'grid', gridTemplateColumns: '6rem minmax(0, 1fr)', fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2 },
  ticks: { position: 'relative', height: '1.4em' },
  tick: { position: 'absolute', transform: 'translateX(-50%)', whiteSpace: 'nowrap' },
  todayLayer: { position: 'absolute', top: 0, bottom: 0, left: '6rem', right: '2rem', pointerEvents: 'none' },
  today: { position: 'absolute', top: 0, bottom: 0, borderLeft: `2px dashed ${tokens.colorPaletteRedBorderActive}` },
  todayLabel: { position: 'absolute', top: 0, transform: 'translateX(4px)', fontSize: tokens.fontSizeBase100, color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, fontSize: tokens.fontSizeBase200, marginBottom: tokens.spacingVerticalM },
  swatch: { display: 'inline-block', width: '1.5em', height: '0.9em', marginRight: tokens.spacingHorizontalXS, verticalAlign: 'middle' },
});

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

export interface TimelineRow {
  platform: string;
  line: string;
  releasedOn: string;
  successorReleasedOn?: string;
  patchesUntil?: string;
  endsOn: string;
}

/** The dates of each line's timeline (the chart and its table are drawn from these). */
export function timelineRows(matrix: SupportMatrix): TimelineRow[] {
  return matrix.lines.map((l) => ({
    platform: l.platform,
    line: l.line,
    releasedOn: l.releasedOn,
    ...(l.successorReleasedOn ? { successorReleasedOn: l.successorReleasedOn } : {}),
    ...(l.patchesUntil ? { patchesUntil: l.patchesUntil } : {}),
    endsOn: l.mainstreamEndsOn,
  }));
}

export function LegacyTimeline(props: { matrix: SupportMatrix }) {
  const styles = useStyles();
  const tableStyles = useTableStyles();
  const today = todayUtc();
  const rows = timelineRows(props.matrix);
  if (rows.length === 0) return <Text>No platform lines registered yet.</Text>;
  const platforms = [...new Set(rows.map((r) => r.platform))];
  return (
    <>
      <div className={styles.legend} aria-hidden="true">
        <span>
          <span className={styles.swatch} style={{ backgroundColor: tokens.colorBrandBackground }} />
          Current (all releases)
        </span>
        <span>
          <span className={styles.swatch} style={{ backgroundImage: `repeating-linear-gradient(45deg, ${tokens.colorPaletteMarigoldBorderActive} 0 4px, ${tokens.colorPaletteMarigoldBackground2} 4px 8px)` }} />
          Legacy window (patches only)
        </span>
        <span>
          <span className={styles.swatch} style={{ width: '3px', backgroundColor: tokens.colorNeutralForeground1 }} />
          End of mainstream lifecycle
        </span>
        <span>
          <span className={styles.swatch} style={{ width: 0, borderLeft: `2px dashed ${tokens.colorPaletteRedBorderActive}` }} />
          Today
        </span>
      </div>
      {platforms.map((p) => {
        const own = rows.filter((r) => r.platform === p);
        const dates = own.flatMap((r) => [r.releasedOn, r.endsOn, ...(r.patchesUntil ? [r.patchesUntil] : [])]).concat(today);
        const from = Date.UTC(new Date(Math.min(...dates.map(dayMs))).getUTCFullYear(), 0, 1);
        // A year of room after the last date, so the last tick and today's label stay inside the chart.
        const to = Date.UTC(new Date(Math.max(...dates.map(dayMs))).getUTCFullYear() + 2, 0, 1);
        const at = (d: string) => `${(((dayMs(d) - from) / (to - from)) * 100).toFixed(3)}%`;
        const span = (a: string, b: string) => `${(((dayMs(b) - dayMs(a)) / (to - from)) * 100).toFixed(3)}%`;
        const years: number[] = [];
        const first = new Date(from).getUTCFullYear();
        const last = new Date(to).getUTCFullYear();
        const step = last - first > 10 ? 2 : 1;
        for (let y = first; y <= last; y += step) years.push(y);
        const name = PLATFORM_WORDS[p] ?? p;
        const summary = own
          .map((r) => `${r.line}: released ${date(r.releasedOn)}${r.successorReleasedOn ? `, successor ${date(r.successorReleasedOn)}, patches until ${date(r.patchesUntil)}` : ', no successor yet'}, mainstream ends ${date(r.endsOn)}`)
          .join('; ');
        return (
          <div key={p} data-testid={`timeline-${p}`}>
            <h3>{name}</h3>
            <div className={styles.chart} role="img" aria-label={`Timeline of the ${name} lines, today ${date(today)}. ${summary}.`}>
              <div className={styles.axis}>
                <span />
                <div className={styles.ticks}>
                  {years.map((y) => (
                    <span key={y} className={styles.tick} style={{ left: at(`${y}-01-01`) }} data-testid="timeline-tick" data-year={y}>
                      {y}
                    </span>
                  ))}
                </div>
              </div>
              {own.map((r) => {
                const currentEnd = r.successorReleasedOn ?? r.endsOn;
                return (
                  <div key={r.line} className={styles.row} data-testid="timeline-bar" data-line={r.line}>
                    <span className={styles.label}>{r.line}</span>
                    <div className={styles.track}>
                      <span className={styles.current} style={{ left: at(r.releasedOn), width: span(r.releasedOn, currentEnd) }} />
                      {r.successorReleasedOn && r.patchesUntil ? (
                        <span className={styles.legacy} style={{ left: at(r.successorReleasedOn), width: span(r.successorReleasedOn, r.patchesUntil) }} />
                      ) : null}
                      <span className={styles.end} style={{ left: at(r.endsOn) }} data-testid="timeline-end" />
                    </div>
                  </div>
                );
              })}
              <div className={styles.todayLayer}>
                <span className={styles.today} style={{ left: at(today) }} data-testid="timeline-today" />
                <span className={styles.todayLabel} style={{ left: at(today) }}>
                  Today
                </span>
              </div>
            </div>
            <div className={tableStyles.scroll} tabIndex={0} role="region" aria-label={`${name} legacy windows as a table (scrolls sideways)`}>
              <Table className={tableStyles.table} size="small" data-testid={`timeline-table-${p}`}>
                <caption>
                  {name}: each line’s release, its successor’s release, the last day of its legacy window and the end of its mainstream lifecycle (today is {date(today)}).
                </caption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Line</TableHeaderCell>
                    <TableHeaderCell>Released</TableHeaderCell>
                    <TableHeaderCell>Successor released</TableHeaderCell>
                    <TableHeaderCell>Patches until</TableHeaderCell>
                    <TableHeaderCell>Mainstream ends</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {own.map((r) => (
                    <TableRow key={r.line} data-testid="timeline-row" data-line={`${r.platform}/${r.line}`}>
                      <TableCell>{r.line}</TableCell>
                      <TableCell data-testid="tl-released">{date(r.releasedOn)}</TableCell>
                      <TableCell data-testid="tl-successor">{r.successorReleasedOn ? date(r.successorReleasedOn) : 'None yet'}</TableCell>
                      <TableCell data-testid="tl-patches-until">{r.patchesUntil ? date(r.patchesUntil) : '—'}</TableCell>
                      <TableCell data-testid="tl-end">{date(r.endsOn)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </div>
        );
      })}
    </>
  );
}
