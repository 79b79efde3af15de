/** Small pieces every area uses: a page heading, a loading line, an error in plain words, a console link. */
import { Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ConsoleError } from './api';
import { followLink } from './router';

const useStyles = makeStyles({
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalL },
  section: { marginBottom: tokens.spacingVerticalXXL },
});

export function PageHeader(props: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.header}>
      <Title2 as="h1">{props.title}</Title2>
      {props.children}
    </div>
  );
}

export function Section(props: { children: ReactNode; label?: string }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={props.label}>
      {props.children}
    </section>
  );
}

export function Loading(props: { what: string }) {
  return <Spinner size="small" label={`Loading ${props.what}…`} data-testid="loading" />;
}

export function ErrorMessage(props: { error: unknown; title?: string }) {
  const message = props.error instanceof ConsoleError ? props.error.message : 'Something went wrong. Reload the page and try again.';
  return (
    <MessageBar intent="error" role="alert" data-testid="error">
      <MessageBarBody>
        {props.title ? <MessageBarTitle>{props.title}</MessageBarTitle> : null}
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}

export function Done(props: { children: ReactNode }) {
  return (
    <MessageBar intent="success" role="status" data-testid="done">
      <MessageBarBody>{props.children}</MessageBarBody>
    </MessageBar>
  );
}

/** A link to another place in the console (moves without reloading). */
export function ConsoleLink(props: { to: string; children: ReactNode; 'data-testid'?: string }) {
  return (
    <Link href={props.to} onClick={followLink} data-testid={props['data-testid']}>
      {props.children}
    </Link>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a view; `deps` say when to load again. The last answer wins (an older one is dropped). */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef
      .current(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      });
    return () => controller.abort();
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
