// Flow Studio: the visual editor for automation flows (the canvas arrives in a later release).
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/hooks';
import { can } from '../auth/permissions';

export function FlowStudioPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Flow Studio"
        description="Design automation flows step by step on a visual canvas."
      />
      {id !== undefined ? (
        <EmptyState title={`Flow ${id}`} testId="flow-placeholder">
          <p>
            This flow will open on the canvas here once the flow editor arrives in the next release.
          </p>
          <p>
            <Link to="/flows">Back to all flows</Link>
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="No flows yet" testId="flows-empty">
          <p>Your workspace&apos;s flows will be listed here, each one opening in the visual editor.</p>
          <p>
            {can(user.role, 'flows.edit')
              ? 'The editor arrives in the next release. Meanwhile, connect Flow Pieces in Integrations so your flows have somewhere to run.'
              : 'You will be able to open and read flows here once your team creates them.'}
          </p>
        </EmptyState>
      )}
    </>
  );
}
