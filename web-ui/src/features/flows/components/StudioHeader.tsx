// Flow Studio's header: the flow name (renamed in place), status, save and live indicators, undo/redo, runs,
// test run, publish and the enable switch (each shown only to those allowed to use it).
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useEditor, useEditorStore } from '../editor/context';
import { useLiveStatus, type FlowPermissions } from '../hooks';

interface StudioHeaderProps {
  permissions: FlowPermissions;
  runsOpen: boolean;
  onToggleRuns: () => void;
  onTestRun: () => void;
}

export function StudioHeader({ permissions, runsOpen, onToggleRuns, onTestRun }: StudioHeaderProps) {
  const store = useEditorStore();
  const name = useEditor((state) => state.flow.version.displayName);
  const status = useEditor((state) => state.flow.status);
  const versionState = useEditor((state) => state.flow.version.state);
  const versionId = useEditor((state) => state.flow.version.id);
  const publishedVersionId = useEditor((state) => state.flow.publishedVersionId);
  const valid = useEditor((state) => state.flow.version.valid);
  const history = useEditor((state) => state.history);
  const save = useEditor((state) => state.save);

  const published = Boolean(publishedVersionId);
  const upToDate = published && versionState === 'LOCKED' && publishedVersionId === versionId;
  const stateLabel = upToDate ? 'Published' : published ? 'Draft (unpublished changes)' : 'Draft';

  return (
    <header className="studio-header">
      <div className="studio-heading">
        <Link to="/flows" className="studio-back">
          ← Automations
        </Link>
        <div className="studio-title-row">
          <FlowName name={name} canEdit={permissions.edit} onRename={(next) => store.rename(next)} />
          <span className={`pill flow-status-${status.toLowerCase()}`} data-testid="flow-status">
            {status === 'ENABLED' ? 'Enabled' : 'Disabled'}
          </span>
          <span className="pill" data-testid="version-state">
            {stateLabel}
          </span>
          {!valid && (
            <span className="pill incomplete" data-testid="flow-incomplete" title="Some steps still need settings">
              Incomplete
            </span>
          )}
        </div>
        <p className="studio-indicators">
          <SaveIndicator pending={save.pending} failed={save.error !== undefined} />
          <LiveIndicator />
        </p>
      </div>
      <div className="studio-actions">
        {permissions.edit && (
          <>
            <button type="button" className="button small" onClick={() => store.undo()} disabled={!history.canUndo} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" className="button small" onClick={() => store.redo()} disabled={!history.canRedo} title="Redo (Shift+Ctrl+Z)">
              Redo
            </button>
          </>
        )}
        <button type="button" className="button small" aria-pressed={runsOpen} onClick={onToggleRuns}>
          Runs
        </button>
        {permissions.run && (
          <button type="button" className="button small" onClick={onTestRun}>
            Test run
          </button>
        )}
        {permissions.publish && (
          <>
            <button
              type="button"
              className="switch"
              role="switch"
              aria-checked={status === 'ENABLED'}
              aria-label="Flow enabled"
              disabled={!published}
              title={published ? undefined : 'Publish the flow before enabling it'}
              onClick={() => store.setStatus(status === 'ENABLED' ? 'DISABLED' : 'ENABLED')}
            >
              <span className="switch-track" aria-hidden="true">
                <span className="switch-thumb" />
              </span>
              <span>{status === 'ENABLED' ? 'Enabled' : 'Disabled'}</span>
            </button>
            <button type="button" className="button small primary" onClick={() => store.publish()} disabled={upToDate}>
              Publish
            </button>
          </>
        )}
      </div>
    </header>
  );
}

function FlowName({ name, canEdit, onRename }: { name: string; canEdit: boolean; onRename: (name: string) => void }) {
  const [draft, setDraft] = useState<string>();
  /** Set once the edit ended (Enter, Escape or blur), so the blur that follows an unmount does nothing. */
  const ended = useRef(false);

  if (!canEdit) {
    return (
      <h1 className="studio-title" data-testid="flow-name">
        {name}
      </h1>
    );
  }

  if (draft === undefined) {
    return (
      <h1 className="studio-title">
        <button
          type="button"
          className="flow-name-button"
          data-testid="flow-name"
          title="Rename the flow"
          onClick={() => {
            ended.current = false;
            setDraft(name);
          }}
        >
          {name}
        </button>
      </h1>
    );
  }

  const commit = (event?: FormEvent) => {
    event?.preventDefault();
    if (ended.current) return;
    ended.current = true;
    const next = draft.trim();
    setDraft(undefined);
    if (next !== '' && next !== name) onRename(next);
  };

  return (
    <form className="studio-title-form" onSubmit={commit} aria-label="Rename flow">
      <input
        type="text"
        aria-label="Flow name"
        value={draft}
        autoFocus
        maxLength={200}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => commit()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            ended.current = true;
            setDraft(undefined);
          }
        }}
      />
    </form>
  );
}

function SaveIndicator({ pending, failed }: { pending: number; failed: boolean }) {
  const text = pending > 0 ? 'Saving…' : failed ? 'Not saved' : 'All changes saved';
  return (
    <span className="save-status" data-testid="save-status" role="status">
      {text}
    </span>
  );
}

function LiveIndicator() {
  const status = useLiveStatus();
  const text =
    status === 'live'
      ? 'Live'
      : status === 'reconnecting'
        ? 'Reconnecting…'
        : status === 'ended'
          ? 'Signed out'
          : 'Connecting…';
  return (
    <span className={`live-status live-${status}`} data-testid="live-status" title="Changes by others appear here live">
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
