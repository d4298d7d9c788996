// One chat run on its own (/chat/runs/:runId, linked from the approvals inbox): the message, its live trace with
// approvals inline, and the answer. Admins may open any run of the workspace, others their own.
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { useStandaloneRun } from '../hooks';
import { TurnView } from './TurnView';
import '../chat.css';

export function RunPage() {
  const { runId = '' } = useParams();
  return <RunView key={runId} runId={runId} />;
}

function RunView({ runId }: { runId: string }) {
  const follower = useStandaloneRun(runId);
  return (
    <>
      <PageHeader
        title="Chat run"
        description={
          <>
            What the assistant did for one message, live. <Link to="/approvals">Back to approvals</Link>
          </>
        }
      />
      <section className="card chat-run-page">
        <TurnView user={undefined} assistant={undefined} follower={follower} traceShown />
      </section>
    </>
  );
}
