// One exchange: the person's message, then the assistant's turn — the live trace of its run, the answer as it
// streams, links to the flows it changed, and the run's outcome in plain words.
import { Link } from 'react-router-dom';
import { canDecideApprovals } from '../../approvals/permissions';
import { useCurrentUser } from '../../auth/hooks';
import { useRunSnapshot } from '../hooks';
import type { RunFollower } from '../runFollower';
import { runErrorText, runStatusLabel, type FlowChange } from '../trace';
import type { ChatMessage } from '../types';
import { TraceSteps } from './TraceSteps';

interface TurnViewProps {
  user: ChatMessage | undefined;
  assistant: ChatMessage | undefined;
  follower: RunFollower | undefined;
  /** The run's trace is read without asking (the last turn); older turns offer "Show steps". */
  traceShown: boolean;
}

export function TurnView({ user, assistant, follower, traceShown }: TurnViewProps) {
  const me = useCurrentUser();
  const snapshot = useRunSnapshot(follower);
  const { view, lastSeq } = snapshot.trace;
  const hasTrace = lastSeq > 0;
  const question = user?.content ?? view.message;
  // The stored answer of a failed run is the error itself, shown below in plain words instead.
  const answer = view.text !== '' ? view.text : view.error !== undefined ? '' : (assistant?.content ?? '');
  const streaming = hasTrace && !view.finished && view.streaming !== '';

  return (
    <article className="chat-turn" data-testid="chat-turn" data-run-id={follower?.runId}>
      {question !== undefined && (
        <div className="chat-bubble chat-user" data-testid="chat-user-message">
          {question}
        </div>
      )}
      <div className="chat-assistant">
        {hasTrace && <TraceSteps steps={view.steps} canDecide={canDecideApprovals(me.role)} />}
        {answer !== '' && (
          <div className={streaming ? 'chat-bubble chat-answer streaming' : 'chat-bubble chat-answer'} data-testid="assistant-text">
            {answer}
          </div>
        )}
        <ChangedFlows changes={view.flowChanges} />
        {view.error !== undefined && (
          <p className="chat-run-error" role="alert" data-testid="chat-run-error">
            {runErrorText(view.error)}
          </p>
        )}
        {hasTrace && <RunStatusLine status={view.status} finished={view.finished} />}
        {snapshot.loadError !== undefined && (traceShown || hasTrace) && (
          <p className="field-error">
            {snapshot.loadError}{' '}
            {follower && (
              <button type="button" className="button small" onClick={() => follower.refresh()}>
                Try again
              </button>
            )}
          </p>
        )}
        {snapshot.stalled && follower && (
          <p className="muted">
            Live updates stopped.{' '}
            <button type="button" className="button small" onClick={() => follower.refresh()}>
              Refresh
            </button>
          </p>
        )}
        {!traceShown && !hasTrace && follower !== undefined && (
          <button type="button" className="link-button" onClick={() => void follower.load()} data-testid="show-steps">
            Show steps
          </button>
        )}
        {traceShown && !hasTrace && snapshot.loading && <p className="muted chat-working">Working…</p>}
      </div>
    </article>
  );
}

/** One link per flow the run changed (the last name it had). */
function ChangedFlows({ changes }: { changes: FlowChange[] }) {
  const byId = new Map<string, string>();
  for (const change of changes) {
    if (change.flowId !== '') byId.set(change.flowId, change.name ?? 'the flow');
  }
  if (byId.size === 0) return null;
  return (
    <p className="chat-flow-links" data-testid="chat-flow-links">
      Changed:{' '}
      {[...byId].map(([flowId, name], index) => (
        <span key={flowId}>
          {index > 0 && ', '}
          <Link to={`/flows/${encodeURIComponent(flowId)}`}>{name}</Link>
        </span>
      ))}
    </p>
  );
}

function RunStatusLine({ status, finished }: { status: Parameters<typeof runStatusLabel>[0]; finished: boolean }) {
  return (
    <p className={`chat-run-status run-${status}`} data-testid="chat-run-status">
      {!finished && status !== 'waiting_approval' && <span className="spinner" aria-hidden="true" />}
      {runStatusLabel(status)}
    </p>
  );
}
