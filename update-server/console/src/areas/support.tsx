/** The Support area of the vendor console (issue #15). */
import type { Place } from '../router';
import type { Session } from '../session';
import { PageHeader } from '../components';

export function Support(props: { session: Session; place: Place }) {
  return <PageHeader title="Support">{props.session.role === "partner" ? null : null}</PageHeader>;
}
