/**
 * Publishing a release from the console (issue #15 item 5): a solution zip (Dynamics 365) or a module zip (Odoo) with
 * its metadata, sent as the API takes it (`POST /v1/addons/{addon}/releases`, multipart: `metadata` JSON and
 * `artifact`) through api.ts's upload(), which reports progress. Typed fields are checked here first, each naming its
 * field (decision C41); the server's refusal (package_invalid, package_version_mismatch, release_exists, …) reaches
 * the person in plain words.
 */
import { Button, Dropdown, Field, Input, Option, ProgressBar, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { PlatformLineList } from '../../../src/api/platform-lines';
import type { ReleasePublished } from '../../../src/api/releases';
import { get, upload } from '../api';
import { Done, ErrorMessage, Loading, useLoad } from '../components';
import { KIND_WORDS, PLATFORM_WORDS } from './releases-common';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14em, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start', maxWidth: '60em' },
  wide: { gridColumn: '1 / -1' },
  actions: { gridColumn: '1 / -1', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  file: { fontSize: tokens.fontSizeBase300, maxWidth: '100%' },
  // Fluent's Dropdown is at least 250px wide by default: in a grid cell it would spill over its neighbour.
  control: { minWidth: 0, width: '100%' },
});

/** The version the API accepts: 2 to 4 numeric parts (update-server/src/routes/schemas.ts addonVersion). */
const VERSION = /^\d{1,9}(\.\d{1,9}){1,3}$/;

export interface PublishInput {
  version: string;
  kind: string;
  platform: string;
  lines: string[];
  notes: string;
  customFor: string;
  file?: { name: string; size: number };
}

/** The form's own checks before anything is sent: field → what is wrong, in words (empty when all is well). */
export function checkPublishInput(input: PublishInput): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!input.file) problems.file = 'Choose the release file (a .zip).';
  else if (!/\.zip$/i.test(input.file.name)) problems.file = 'The release file must be a .zip (a solution export or an Odoo module).';
  else if (input.file.size === 0) problems.file = 'The file is empty.';
  if (!input.version.trim()) problems.version = 'Type the version, e.g. 3.1.0.0.';
  else if (!VERSION.test(input.version.trim())) problems.version = 'A version has 2 to 4 numbers separated by dots, e.g. 3.1.0.0.';
  if (input.lines.length === 0) problems.lines = 'Choose at least one line the build is for.';
  if (input.notes.length > 10_000) problems.notes = 'The notes may be at most 10,000 characters.';
  return problems;
}

export function PublishForm(props: { addon: string; onPublished: () => void }) {
  const styles = useStyles();
  const [platform, setPlatform] = useState('dynamics365');
  const [version, setVersion] = useState('');
  const [kind, setKind] = useState('feature');
  const [lines, setLines] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [customFor, setCustomFor] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [fileKey, setFileKey] = useState(0);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<unknown>();
  const [published, setPublished] = useState<ReleasePublished | undefined>();
  const platformLines = useLoad((signal) => get<PlatformLineList>(`/v1/platforms/${platform}/lines`, { signal }), [platform]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setPublished(undefined);
    const found = checkPublishInput({ version, kind, platform, lines, notes, customFor, ...(file ? { file: { name: file.name, size: file.size } } : {}) });
    setProblems(found);
    if (Object.keys(found).length > 0 || !file) return;
    const customers = customFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const metadata = {
      version: version.trim(),
      kind,
      platform,
      lines,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(customers.length ? { customFor: customers } : {}),
    };
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('artifact', file, file.name);
    setProgress(0);
    try {
      const release = await upload<ReleasePublished>(`/v1/addons/${encodeURIComponent(props.addon)}/releases`, form, setProgress);
      setPublished(release);
      setVersion('');
      setNotes('');
      setCustomFor('');
      setFile(undefined);
      setFileKey((k) => k + 1);
      props.onPublished();
    } catch (e) {
      setError(e);
      setProgress(undefined);
    }
  }

  const sending = progress !== undefined && published === undefined && error === undefined;
  const percent = Math.round((progress ?? 0) * 100);
  return (
    <form className={styles.form} onSubmit={submit} noValidate data-testid="publish-form" aria-labelledby="publish-heading">
      <h2 id="publish-heading" className={styles.wide}>
        Publish a release
      </h2>
      <Field label="Release file (.zip)" required validationMessage={problems.file} className={styles.wide}>
        {(fieldProps) => (
          <input
            {...fieldProps}
            key={fileKey}
            type="file"
            accept=".zip,application/zip"
            className={styles.file}
            data-testid="publish-file"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        )}
      </Field>
      <Field label="Version" required validationMessage={problems.version} hint="2 to 4 numbers, e.g. 3.1.0.0; the zip must carry the same.">
        <Input value={version} onChange={(_, d) => setVersion(d.value)} data-testid="publish-version" />
      </Field>
      <Field label="Kind" required>
        <Dropdown className={styles.control} value={KIND_WORDS[kind]} selectedOptions={[kind]} onOptionSelect={(_, d) => setKind(d.optionValue ?? 'feature')} data-testid="publish-kind">
          {Object.entries(KIND_WORDS).map(([k, w]) => (
            <Option key={k} value={k}>
              {w}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Platform" required>
        <Dropdown
          className={styles.control}
          value={PLATFORM_WORDS[platform]}
          selectedOptions={[platform]}
          onOptionSelect={(_, d) => {
            setPlatform(d.optionValue ?? 'dynamics365');
            setLines([]);
          }}
          data-testid="publish-platform"
        >
          {Object.entries(PLATFORM_WORDS).map(([p, w]) => (
            <Option key={p} value={p}>
              {w}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Lines" required validationMessage={problems.lines} hint="The CRM lines this build is for.">
        {platformLines.loading && !platformLines.data ? <Loading what="lines" /> : null}
        {platformLines.error ? <ErrorMessage error={platformLines.error} /> : null}
        {platformLines.data ? (
          <Dropdown
            className={styles.control}
            multiselect
            placeholder={platformLines.data.lines.length ? 'Choose lines' : 'No lines registered'}
            value={lines.join(', ')}
            selectedOptions={lines}
            onOptionSelect={(_, d) => setLines(d.selectedOptions)}
            data-testid="publish-lines"
          >
            {platformLines.data.lines.map((l) => (
              <Option key={l.line} value={l.line} data-testid={`publish-line-${l.line}`}>
                {l.line}
              </Option>
            ))}
          </Dropdown>
        ) : null}
      </Field>
      <Field label="Custom build for (customer ids, optional)" hint="Comma-separated; empty for all customers." validationMessage={problems.customFor}>
        <Input value={customFor} onChange={(_, d) => setCustomFor(d.value)} data-testid="publish-custom-for" />
      </Field>
      <Field label="Release notes" className={styles.wide} validationMessage={problems.notes}>
        <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} resize="vertical" data-testid="publish-notes" />
      </Field>
      <div className={styles.actions}>
        <div>
          <Button type="submit" appearance="primary" disabled={sending} data-testid="publish">
            Publish
          </Button>
        </div>
        {progress !== undefined ? (
          <Field label={`Upload: ${percent} %`} validationState="none" data-testid="publish-progress-field">
            <ProgressBar value={progress} max={1} thickness="large" data-testid="publish-progress" data-percent={percent} aria-label={`Upload ${percent} %`} />
          </Field>
        ) : null}
        {error ? <ErrorMessage error={error} title="The release was not published" /> : null}
        {published ? (
          <Done>
            Published {published.version} ({KIND_WORDS[published.kind] ?? published.kind}) for {PLATFORM_WORDS[published.platform] ?? published.platform} {published.lines.join(', ')}
            {published.customFor?.length ? `, for ${published.customFor.join(', ')} only` : ''}: {published.fileName}.
          </Done>
        ) : null}
      </div>
    </form>
  );
}
