/**
 * Sign-in (issue #15 item 1): the vendor API key is typed once and exchanged for a session cookie; the key is not kept
 * by the page (the field is cleared, nothing goes to localStorage or sessionStorage).
 */
import { Button, Card, Field, Input, Text, Title1, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ConsoleError } from './api';
import { signIn, type Session } from './session';

const useStyles = makeStyles({
  page: { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: tokens.spacingHorizontalL, boxSizing: 'border-box', backgroundColor: tokens.colorNeutralBackground2 },
  card: { width: 'min(440px, 100%)', padding: tokens.spacingHorizontalXXL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function SignIn(props: { onSignedIn: (s: Session) => void; notice?: string }) {
  const styles = useStyles();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (key.trim() === '') {
      setError('Type your vendor API key (it starts with cra_).');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(key);
      setKey('');
      props.onSignedIn(session);
    } catch (e) {
      setError(e instanceof ConsoleError ? e.message : 'Signing in failed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <form className={styles.form} onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
          <Title1 as="h1" id="sign-in-title">
            Vendor console
          </Title1>
          <Text>Sign in with your vendor API key. The console keeps a session for you; the key itself is not stored in this browser.</Text>
          {props.notice ? <Text role="status" data-testid="sign-in-notice">{props.notice}</Text> : null}
          <Field label="API key" required validationMessage={error} validationState={error ? 'error' : 'none'}>
            <Input
              id="api-key"
              type="password"
              autoComplete="off"
              value={key}
              onChange={(_, d) => setKey(d.value)}
              data-testid="api-key"
            />
          </Field>
          <Button appearance="primary" type="submit" disabled={busy} data-testid="sign-in">
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </Card>
    </main>
  );
}
