/** The Releases area of the vendor console (issue #15). */
import type { Place } from '../router';
import type { Session } from '../session';
import { PageHeader } from '../components';

export function Releases(props: { session: Session; place: Place }) {
  return <PageHeader title="Releases">{props.session.role === "partner" ? null : null}</PageHeader>;
}
