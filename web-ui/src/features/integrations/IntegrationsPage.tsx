// Connections to Flow Pieces, BCGPT and AI providers: admins see settings, masks and last tests with links to
// the setup wizard; members and viewers see the status list only.
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/hooks';
import { can } from '../auth/permissions';
import { ConnectorSettingsTable } from '../connectors/components/ConnectorSettingsTable';
import { ConnectorStatusTable } from '../connectors/components/ConnectorStatusTable';
import { useConnectors } from '../connectors/hooks';

export function IntegrationsPage() {
  const user = useCurrentUser();
  const admin = can(user.role, 'integrations.manage');
  const connectors = useConnectors();
  const data = connectors.data;

  return (
    <>
      <PageHeader
        title="Integrations"
        description="The tools and services your workspace's flows and chat rely on."
        actions={
          admin ? (
            <Link to="/setup" className="button primary">
              Open setup
            </Link>
          ) : undefined
        }
      />
      <ErrorAlert message={connectors.error} testId="integrations-error" />
      {data === undefined ? (
        connectors.loading && <Loading />
      ) : (
        <section className="card" aria-labelledby="connectors-heading">
          <h2 id="connectors-heading">Connectors</h2>
          {admin && data.canEdit ? (
            <ConnectorSettingsTable settings={data} />
          ) : (
            <ConnectorStatusTable status={data.canEdit ? [] : data.status} />
          )}
        </section>
      )}
    </>
  );
}
