// Flow Studio (/flows/:id): loads the flow, then opens the editor on it; explains plainly when it cannot.
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../lib/useLoad';
import { flowsApi } from './api';
import { FlowEditor } from './components/FlowEditor';
import './flows.css';

export function FlowStudioPage() {
  const { id = '' } = useParams();
  return <FlowStudio key={id} flowId={id} />;
}

function FlowStudio({ flowId }: { flowId: string }) {
  const loaded = useLoad(() => flowsApi.get(flowId), `flow:${flowId}`);

  if (loaded.data !== undefined) return <FlowEditor initial={loaded.data} />;

  return (
    <>
      <PageHeader title="Flow Studio" description="Design automation flows step by step on a visual canvas." />
      <EmptyState title={`Flow ${flowId}`} testId="flow-placeholder">
        {loaded.error === undefined ? (
          <Loading label="Opening the flow…" />
        ) : (
          <>
            <p data-testid="flow-load-error">{loaded.error}</p>
            {loaded.errorStatus === 409 && (
              <p>
                <Link to="/setup">Connect Flow Pieces in the setup</Link>
              </p>
            )}
            <p>
              <Link to="/flows">Back to all flows</Link>
            </p>
          </>
        )}
      </EmptyState>
    </>
  );
}
