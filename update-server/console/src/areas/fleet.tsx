/** The Fleet area of the vendor console (issue #15). */
import type { Place } from '../router';
import type { Session } from '../session';
import { PageHeader } from '../components';

export function Fleet(props: { session: Session; place: Place }) {
  return <PageHeader title="Fleet">{props.session.role === "partner" ? null : null}</PageHeader>;
}
