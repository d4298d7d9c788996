// The landing page after sign-in: connector health, and a summary of the workspace to come.
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/hooks';
import { can } from '../auth/permissions';
import { ConnectorHealthCard } from '../connectors/components/ConnectorHealthCard';

export function DashboardPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${user.name}.`} />
      <ConnectorHealthCard />
      <EmptyState title="Nothing to summarise yet" testId="dashboard-empty">
        <p>
          This page will show your workspace at a glance: recent flow runs and approvals waiting for
          you.
        </p>
        <p>
          {can(user.role, 'integrations.manage') ? (
            <>
              Start by connecting your tools in the <Link to="/setup">setup wizard</Link>, then build a
              first flow in <Link to="/flows">Flow Studio</Link>.
            </>
          ) : (
            <>
              Once a workspace admin connects your tools, your flows and runs will appear here. Meanwhile
              you can look around <Link to="/flows">Flow Studio</Link>.
            </>
          )}
        </p>
      </EmptyState>
    </>
  );
}
