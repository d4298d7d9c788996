// Connections to Flow Pieces, BCGPT and AI providers (the setup wizard arrives in the next release).
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/hooks';
import { can } from '../auth/permissions';

export function IntegrationsPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Integrations"
        description="The tools and services your workspace's flows and chat rely on."
      />
      <EmptyState title="Nothing connected yet" testId="integrations-empty">
        {can(user.role, 'integrations.manage') ? (
          <p>
            Connect Flow Pieces, BCGPT and an AI provider here. The setup wizard arrives in the next
            release.
          </p>
        ) : (
          <p>
            A workspace admin connects Flow Pieces, BCGPT and an AI provider here. Once they are
            connected, you will see their status on this page.
          </p>
        )}
      </EmptyState>
    </>
  );
}
