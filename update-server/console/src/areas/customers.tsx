/** The Customers area of the vendor console (issue #15). */
import type { Place } from '../router';
import type { Session } from '../session';
import { PageHeader } from '../components';

export function Customers(props: { session: Session; place: Place }) {
  return <PageHeader title="Customers">{props.session.role === "partner" ? null : null}</PageHeader>;
}
