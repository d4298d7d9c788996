// The message box: Enter sends, Shift+Enter starts a new line; while a reply runs it waits, with Cancel.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ConversationState, ConversationStore } from '../conversationStore';

interface ComposerProps {
  store: ConversationStore;
  state: ConversationState;
  /** A reply of this conversation is running (or not known yet). */
  busy: boolean;
  /** Phrases offered as a start (they fill the box, they do not send). */
  hints?: string[];
}

export function Composer({ store, state, busy, hints = [] }: ComposerProps) {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const disabled = busy || state.sending || state.status !== 'ready';
  const input = useRef<HTMLTextAreaElement>(null);
  /** Set when a message was sent from here: the box takes the focus back once the reply is done. */
  const refocus = useRef(false);

  useEffect(() => {
    if (disabled || !refocus.current) return;
    refocus.current = false;
    input.current?.focus();
  }, [disabled]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (disabled || draft.trim() === '') return;
    refocus.current = true;
    if (await store.send(draft)) setDraft('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="chat-composer" aria-label="Send a message" onSubmit={submit}>
      {state.sendError && (
        <p className="alert alert-error" role="alert" data-testid="chat-send-error">
          {state.sendError}
        </p>
      )}
      {hints.length > 0 && (
        <div className="chat-hints" aria-label="Suggestions">
          {hints.map((hint) => (
            <button key={hint} type="button" className="chat-hint" disabled={disabled} onClick={() => setDraft(hint)}>
              {hint}
            </button>
          ))}
        </div>
      )}
      <label htmlFor={inputId} className="visually-hidden">
        Message
      </label>
      <textarea
        id={inputId}
        ref={input}
        data-testid="chat-input"
        rows={2}
        maxLength={8000}
        placeholder={busy ? 'Waiting for the reply…' : 'Ask PMOS to build or run a flow (Enter sends, Shift+Enter adds a line)'}
        value={draft}
        disabled={disabled}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="chat-composer-actions">
        {busy && (
          <button
            type="button"
            className="button small"
            data-testid="chat-cancel"
            disabled={state.cancelling}
            onClick={() => void store.cancel()}
          >
            Cancel
          </button>
        )}
        <button type="submit" className="button primary small" data-testid="chat-send" disabled={disabled || draft.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
