/**
 * The console's frame (issue #15): the sign-in until there is a session, then a navigation of the six areas and the
 * area in view. The navigation is a side column at 1366×768 and a row of tabs on a tablet.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { whenSignedOut } from './api';
import { PageHeader } from './components';
import { Customers } from './areas/customers';
import { Fleet } from './areas/fleet';
import { Overview } from './areas/overview';
import { Releases } from './areas/releases';
import { Support } from './areas/support';
import { href, navigate, usePlace } from './router';
import { currentSession, may, signOut, type Role, type Session } from './session';
import { SignIn } from './sign-in';

/**
 * The areas, and whether a role's key may read each (session.ts `may`, the server's requireRole on the routes each
 * area reads; decision C5). A role sees only its areas in the navigation; an address of another area shows what the
 * role may not do instead of a broken view.
 */
export const AREAS: ReadonlyArray<{ id: string; label: string; open: (role: Role) => boolean }> = [
  { id: 'overview', label: 'Overview', open: may.seeMoney },
  { id: 'fleet', label: 'Fleet', open: () => true },
  { id: 'customers', label: 'Customers', open: may.seeCustomers },
  { id: 'releases', label: 'Releases', open: () => true },
  { id: 'support', label: 'Support', open: may.support },
];

const useStyles = makeStyles({
  frame: { display: 'grid', gridTemplateColumns: '200px minmax(0, 1fr)', gridTemplateRows: 'auto 1fr', minHeight: '100vh', '@media (max-width: 1023px)': { gridTemplateColumns: 'minmax(0, 1fr)', gridTemplateRows: 'auto auto 1fr' } },
  top: {
    gridColumn: '1 / -1',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, color: tokens.colorNeutralForegroundOnBrand },
  who: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, color: tokens.colorNeutralForegroundOnBrand },
  nav: { padding: tokens.spacingVerticalM, borderRight: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground2, '@media (max-width: 1023px)': { borderRight: 'none', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, overflowX: 'auto' } },
  tab: { justifyContent: 'flex-start' },
  main: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`, minWidth: 0 },
});

function useNarrow(): boolean {
  const query = '(max-width: 1023px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}

export function App() {
  const [session, setSession] = useState<Session | undefined | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    void currentSession().then((s) => setSession(s));
    whenSignedOut(() => {
      setSession(undefined);
      setNotice('You were signed out (after a while without activity, or because the server restarted). Sign in again.');
    });
  }, []);
  if (session === null) return <Spinner label="Opening the console…" />;
  if (session === undefined)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          setNotice(undefined);
          setSession(s);
        }}
      />
    );
  return (
    <Frame
      session={session}
      onSignOut={async () => {
        await signOut().catch(() => undefined);
        setNotice('You are signed out.');
        setSession(undefined);
      }}
    />
  );
}

function Frame(props: { session: Session; onSignOut: () => void }) {
  const styles = useStyles();
  const place = usePlace();
  const narrow = useNarrow();
  const { session } = props;
  const mine = AREAS.filter((a) => a.open(session.role));
  const known = AREAS.find((a) => a.id === place.area);
  const area = known ? known.id : mine[0]!.id;
  const allowed = mine.some((a) => a.id === area);
  return (
    <div className={styles.frame}>
      <header className={styles.top}>
        <span className={styles.brand}>crm-assurance · Vendor console</span>
        <div className={styles.who}>
          <Text data-testid="signed-in-as" style={{ color: 'inherit' }}>
            {session.name} ({session.role}
            {session.partnerId ? `: ${session.partnerId}` : ''})
          </Text>
          <Button appearance="secondary" size="small" onClick={props.onSignOut} data-testid="sign-out">
            Sign out
          </Button>
        </div>
      </header>
      <nav className={styles.nav} aria-label="Console areas">
        <TabList
          vertical={!narrow}
          selectedValue={area}
          onTabSelect={(_, d) => navigate(href(String(d.value)))}
        >
          {mine.map((a) => (
            <Tab key={a.id} value={a.id} className={styles.tab} data-testid={`nav-${a.id}`}>
              {a.label}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main} id="main">
        {!allowed ? <PageHeader title={known?.label ?? 'Console'} /> : null}
        {!allowed ? (
          <MessageBar intent="warning" data-testid="area-not-allowed">
            <MessageBarBody>
              {known?.label} is not open to {session.role} keys. Your key may use: {mine.map((a) => a.label).join(', ')}.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {allowed && area === 'overview' ? <Overview session={session} /> : null}
        {allowed && area === 'fleet' ? <Fleet session={session} place={place} /> : null}
        {allowed && area === 'customers' ? <Customers session={session} place={place} /> : null}
        {allowed && area === 'releases' ? <Releases session={session} place={place} /> : null}
        {allowed && area === 'support' ? <Support session={session} place={place} /> : null}
      </main>
    </div>
  );
}
