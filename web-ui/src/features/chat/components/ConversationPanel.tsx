// One conversation: its turns (the last run's trace read and followed live) and the message box. Used by the chat
// page and by the side chat in Flow Studio.
import { useEffect, useRef } from 'react';
import { Loading } from '../../../components/Loading';
import { buildTurns, lastRunId } from '../conversationStore';
import { isRunBusy, useConversationState, useConversationStore, useRunSnapshot } from '../hooks';
import { Composer } from './Composer';
import { TurnView } from './TurnView';

export const CHAT_INTRO =
  "Ask PMOS to build or run a flow. Without an AI model, PMOS understands commands like 'create a flow named Daily digest with a schedule trigger and a slack message'.";

interface ConversationPanelProps {
  conversationId: string;
  hints?: string[];
}

export function ConversationPanel({ conversationId, hints }: ConversationPanelProps) {
  const store = useConversationStore(conversationId);
  const state = useConversationState(store);
  const turns = buildTurns(state.messages);
  const lastRun = lastRunId(state.messages);
  const lastFollower = lastRun === undefined ? undefined : store.follower(lastRun);
  const lastSnapshot = useRunSnapshot(lastFollower);
  const busy = lastFollower !== undefined && isRunBusy(lastSnapshot);

  // Keep the newest part in view while the answer streams in.
  const scroller = useRef<HTMLDivElement>(null);
  const lastView = lastSnapshot.trace.view;
  const progress = `${state.messages.length}:${lastView.text.length}:${lastView.steps.length}:${lastView.status}`;
  useEffect(() => {
    const element = scroller.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [progress]);

  return (
    <section className="chat-conversation" aria-label={state.conversation?.title ?? 'Conversation'} data-testid="chat-conversation">
      <div className="chat-messages" ref={scroller}>
        {state.status === 'loading' && <Loading label="Opening the conversation…" />}
        {state.loadError !== undefined && (
          <p className="alert alert-error" role="alert">
            {state.loadError}{' '}
            <button type="button" className="button small" onClick={() => store.reload()}>
              Try again
            </button>
          </p>
        )}
        {state.status === 'ready' && turns.length === 0 && (
          <div className="chat-intro" data-testid="chat-intro">
            <p>{CHAT_INTRO}</p>
            <p className="muted">
              Without an AI model, &lsquo;help&rsquo; lists every command and &lsquo;list tools&rsquo; what PMOS can call.
            </p>
          </div>
        )}
        {turns.map((turn) => (
          <TurnView
            key={turn.key}
            user={turn.user}
            assistant={turn.assistant}
            follower={turn.runId === null ? undefined : store.follower(turn.runId)}
            traceShown={turn.runId !== null && turn.runId === lastRun}
          />
        ))}
      </div>
      <Composer store={store} state={state} busy={busy} {...(hints === undefined ? {} : { hints })} />
    </section>
  );
}
