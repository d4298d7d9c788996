// The chat docked on the left of Flow Studio: collapsed to a "Chat" button, or open on the person's "Flow Studio"
// conversation (made on first use). Flows the chat changes update on the canvas by the flow's own live topic.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Loading } from '../../../components/Loading';
import { errorMessage } from '../../../lib/http';
import { useCurrentUser } from '../../auth/hooks';
import { can } from '../../auth/permissions';
import { chatApi } from '../api';
import type { Conversation } from '../types';
import { ConversationPanel } from './ConversationPanel';
import '../chat.css';

export const SIDE_CHAT_TITLE = 'Flow Studio';
const OPEN_KEY = 'pmos.sideChat.open';

function readOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) === 'true';
  } catch {
    return false;
  }
}

function writeOpen(open: boolean) {
  try {
    window.localStorage.setItem(OPEN_KEY, String(open));
  } catch {
    // Storage may be off (private mode): the panel just starts closed next time.
  }
}

/** One find-or-create at a time, so two quick opens never make two conversations. */
let finding: Promise<Conversation> | undefined;

export function findOrCreateSideConversation(): Promise<Conversation> {
  finding ??= chatApi
    .conversations()
    .then((list) => list.find((c) => c.title === SIDE_CHAT_TITLE) ?? chatApi.create(SIDE_CHAT_TITLE))
    .finally(() => {
      finding = undefined;
    });
  return finding;
}

export function SideChat({ flowName }: { flowName: string }) {
  const user = useCurrentUser();
  const [open, setOpen] = useState(readOpen);
  // The side chat builds flows; a viewer cannot, so it is not offered (the chat page is).
  if (!can(user.role, 'chat.change')) return null;

  const toggle = () => {
    writeOpen(!open);
    setOpen(!open);
  };

  if (!open) {
    return (
      <div className="side-chat-rail">
        <button
          type="button"
          className="side-chat-toggle"
          data-testid="side-chat-toggle"
          aria-expanded={false}
          title="Open the chat"
          onClick={toggle}
        >
          Chat
        </button>
      </div>
    );
  }

  return (
    <aside className="side-chat" id="side-chat" aria-label="Chat" data-testid="side-chat">
      <header className="side-chat-header">
        <h2>Chat</h2>
        <button
          type="button"
          className="button small"
          data-testid="side-chat-toggle"
          aria-expanded
          aria-controls="side-chat"
          aria-label="Close the chat"
          onClick={toggle}
        >
          ✕
        </button>
      </header>
      <SideConversation flowName={flowName} />
    </aside>
  );
}

function SideConversation({ flowName }: { flowName: string }) {
  const [conversation, setConversation] = useState<Conversation>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    findOrCreateSideConversation().then(
      (found) => {
        if (current) setConversation(found);
      },
      (failure: unknown) => {
        if (current) setError(errorMessage(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  if (conversation === undefined) {
    return error === undefined ? (
      <Loading label="Opening the chat…" />
    ) : (
      <p className="alert alert-error" role="alert">
        {error}{' '}
        <button
          type="button"
          className="button small"
          onClick={() => {
            setError(undefined);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </p>
    );
  }

  const hints = [`add a slack step to flow "${flowName}"`, `show flow "${flowName}"`, 'list flows'];
  return (
    <>
      <p className="side-chat-link">
        <Link to={`/chat?c=${encodeURIComponent(conversation.id)}`}>Open in Chat</Link>
      </p>
      <ConversationPanel conversationId={conversation.id} hints={hints} />
    </>
  );
}
