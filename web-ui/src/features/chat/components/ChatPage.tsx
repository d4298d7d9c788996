// The chat page (/chat): the person's conversations on the left, the selected one (?c=<id>) on the right.
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../../components/Alert';
import { EmptyState } from '../../../components/EmptyState';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { useAction } from '../../../lib/useAction';
import { useLoad } from '../../../lib/useLoad';
import { useCurrentUser } from '../../auth/hooks';
import { can } from '../../auth/permissions';
import { chatApi } from '../api';
import { CHAT_INTRO, ConversationPanel } from './ConversationPanel';
import '../chat.css';

/** What a viewer may do in chat, as the server enforces it (docs/approvals.md, "Viewers in chat"). */
export const VIEWER_CHAT_RULE =
  'As a viewer you can ask about flows and runs and use tools that only read. Anything that would change, run, send or reveal settings is refused, not queued for approval: a member or an admin can do it.';

export function ChatPage() {
  const user = useCurrentUser();
  const changes = can(user.role, 'chat.change');
  return (
    <>
      <PageHeader
        title="Chat"
        description={
          changes
            ? 'Ask PMOS to build, change and run flows, and to call your connected tools.'
            : 'Ask PMOS about your flows and runs, and use the connected tools that only read.'
        }
      />
      {can(user.role, 'chat.use') ? (
        <>
          {!changes && (
            <p className="alert alert-notice" role="note" data-testid="chat-viewer-rule">
              {VIEWER_CHAT_RULE}
            </p>
          )}
          <Conversations />
        </>
      ) : (
        <EmptyState title="Chat is not available to you" testId="chat-not-allowed">
          <p>Ask a workspace admin if you need to use the chat.</p>
        </EmptyState>
      )}
    </>
  );
}

function Conversations() {
  const [params, setParams] = useSearchParams();
  const list = useLoad(chatApi.conversations, 'chat-conversations');
  const action = useAction();
  const conversations = list.data ?? [];
  const selected = params.get('c') ?? conversations[0]?.id;

  async function create() {
    const conversation = await action.run(() => chatApi.create());
    if (conversation === undefined) return;
    list.reload();
    setParams({ c: conversation.id });
  }

  const newButton = (
    <button type="button" className="button primary block" onClick={() => void create()} disabled={action.pending}>
      New conversation
    </button>
  );

  if (list.data === undefined) {
    return list.error ? <ErrorAlert message={list.error} /> : <Loading label="Loading conversations…" />;
  }

  if (conversations.length === 0 && selected === undefined) {
    return (
      <EmptyState title="No conversations yet" testId="chat-empty">
        <p>{CHAT_INTRO}</p>
        <ErrorAlert message={action.error} />
        <button type="button" className="button primary" onClick={() => void create()} disabled={action.pending}>
          Start a conversation
        </button>
      </EmptyState>
    );
  }

  return (
    <div className="chat-layout">
      <nav className="chat-sidebar card" aria-label="Conversations">
        {newButton}
        <ErrorAlert message={action.error} />
        <ul className="chat-conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className={conversation.id === selected ? 'chat-conversation-link active' : 'chat-conversation-link'}
                aria-current={conversation.id === selected ? 'true' : undefined}
                onClick={() => setParams({ c: conversation.id })}
              >
                {conversation.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="chat-main card">
        {selected !== undefined && <ConversationPanel key={selected} conversationId={selected} />}
      </div>
    </div>
  );
}
