// Shows a page only to roles that may use it; others get a plain explanation instead.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useCurrentUser } from '../hooks';
import { can, roleLabel, type Capability } from '../permissions';

export function RequireCapability({ capability, children }: {
  capability: Capability;
  children: ReactNode;
}) {
  const user = useCurrentUser();
  if (can(user.role, capability)) return <>{children}</>;
  return (
    <section className="card narrow" data-testid="not-allowed">
      <h1>Not available</h1>
      <p>
        This page is not available to the {roleLabel(user.role)} role. Ask a workspace admin if you
        need access.
      </p>
      <Link to="/">Back to the dashboard</Link>
    </section>
  );
}
