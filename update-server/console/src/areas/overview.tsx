/** The Overview area of the vendor console (issue #15). */
import type { Session } from '../session';
import { PageHeader } from '../components';

export function Overview(props: { session: Session }) {
  return <PageHeader title="Overview">{props.session.role === "partner" ? null : null}</PageHeader>;
}
