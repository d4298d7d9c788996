// The test-run dialog: a sample payload (JSON object) sent to the draft's webhook trigger, after every pending
// edit has been saved.
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http';
import { flowsApi } from '../api';
import { useEditorStore } from '../editor/context';

export const DEFAULT_PAYLOAD = '{"hello": "world"}';

/** The payload as an object, or the sentence explaining what is wrong with it. */
export function parsePayload(text: string): { payload: Record<string, unknown> } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { error: 'The sample payload must be a JSON object, like {"hello": "world"}.' };
    }
    return { payload: parsed as Record<string, unknown> };
  } catch {
    return { error: 'The sample payload is not valid JSON.' };
  }
}

interface TestRunDialogProps {
  flowId: string;
  onStarted: (runId: string) => void;
  onClose: () => void;
}

export function TestRunDialog({ flowId, onStarted, onClose }: TestRunDialogProps) {
  const store = useEditorStore();
  const [text, setText] = useState(DEFAULT_PAYLOAD);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !pending) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, pending]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parsePayload(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await store.flush();
    } catch (failure) {
      setPending(false);
      setError(`Your latest changes could not be saved, so the test did not start: ${(failure as Error).message}`);
      return;
    }
    try {
      const runId = await flowsApi.startTestRun(flowId, parsed.payload);
      onStarted(runId);
    } catch (failure) {
      setPending(false);
      setError(errorMessage(failure));
    }
  }

  return (
    <div className="picker-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-label="Test run" onSubmit={submit}>
        <h2>Test run</h2>
        <p className="muted">
          Runs the current draft once, as if its webhook had received this payload. Steps that call other services
          may need their connections set up.
        </p>
        <div className="field">
          <label htmlFor="test-payload">Sample payload (JSON)</label>
          <textarea
            id="test-payload"
            className="mono"
            rows={8}
            value={text}
            aria-invalid={error !== undefined || undefined}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        {error && (
          <div className="alert alert-error" role="alert" data-testid="test-run-error">
            {error}
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Starting…' : 'Start test run'}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={pending}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
