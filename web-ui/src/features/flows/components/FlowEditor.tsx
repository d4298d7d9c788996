// The editor of one flow: header, canvas, step panel, runs panel and dialogs around one editor store.
// Live updates (WebSocket topic `flow:<id>`) and a refetch on window focus feed the store's server flow; changes the
// docked side chat makes to this flow arrive the same way.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { liveClient } from '../../../lib/ws';
import { SideChat } from '../../chat/components/SideChat';
import { flowsApi, type FlowAtSeq } from '../api';
import { FlowCanvas } from '../canvas';
import { EditorContext, useEditor } from '../editor/context';
import { EditorStore } from '../editor/store';
import { useFlowPermissions, type FlowPermissions } from '../hooks';
import type { InsertPoint, PopulatedFlow } from '../model';
import { StepPanel } from '../panel/StepPanel';
import { StepPicker } from '../picker/StepPicker';
import { PieceCatalog, PieceCatalogContext, usePieceSummaries } from '../pieces';
import { RunsPanel } from '../runs/RunsPanel';
import { TestRunDialog } from '../runs/TestRunDialog';
import { useRuns } from '../runs/useRuns';
import { StudioHeader } from './StudioHeader';

export function FlowEditor({ initial }: { initial: FlowAtSeq }) {
  const flowId = initial.flow.id;
  const [store] = useState(
    () =>
      new EditorStore({
        flowId,
        initial,
        send: (operation) => flowsApi.operate(flowId, operation),
        refetch: () => flowsApi.get(flowId),
      }),
  );
  const [catalog] = useState(() => new PieceCatalog(flowsApi.pieces, flowsApi.piece));
  const permissions = useFlowPermissions();

  useEffect(() => () => store.close(), [store]);
  useLiveFlow(store, flowId, initial.seq);

  return (
    <EditorContext.Provider value={store}>
      <PieceCatalogContext.Provider value={catalog}>
        <EditorLayout store={store} permissions={permissions} />
      </PieceCatalogContext.Provider>
    </EditorContext.Provider>
  );
}

/** Follows the flow's topic and refetches when the window gets the focus back. */
function useLiveFlow(store: EditorStore, flowId: string, initialSeq: number | undefined) {
  useEffect(() => {
    const take = (data: unknown, seq: number, kind: 'event' | 'snapshot') => {
      const flow = (data as { flow?: PopulatedFlow } | undefined)?.flow;
      if (flow !== undefined) store.receive(flow, seq, kind);
    };
    const unsubscribe = liveClient().subscribe(
      `flow:${flowId}`,
      (message) => {
        if (message.type === 'event' && message.event === 'flow.updated') take(message.data, message.seq, 'event');
        if (message.type === 'snapshot') take(message.data, message.seq, 'snapshot');
      },
      initialSeq,
    );
    const refetch = () => {
      flowsApi.get(flowId).then(
        (answer) => store.receive(answer.flow, answer.seq, 'snapshot'),
        () => undefined,
      );
    };
    window.addEventListener('focus', refetch);
    return () => {
      unsubscribe();
      window.removeEventListener('focus', refetch);
    };
  }, [store, flowId, initialSeq]);
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function EditorLayout({ store, permissions }: { store: EditorStore; permissions: FlowPermissions }) {
  const flowId = store.flowId;
  const trigger = useEditor((state) => state.flow.version.trigger);
  const flowName = useEditor((state) => state.flow.version.displayName);
  const selection = useEditor((state) => state.selection);
  const error = useEditor((state) => state.save.error);
  const summaries = usePieceSummaries();
  const runs = useRuns(flowId, store);
  const [insertAt, setInsertAt] = useState<InsertPoint>();
  const [runsOpen, setRunsOpen] = useState(false);
  const [testRunOpen, setTestRunOpen] = useState(false);

  const pieces = useMemo(() => {
    const map: Record<string, { displayName: string; logoUrl?: string }> = {};
    for (const piece of summaries.value ?? []) {
      map[piece.name] = piece.logoUrl ? { displayName: piece.displayName, logoUrl: piece.logoUrl } : { displayName: piece.displayName };
    }
    return map;
  }, [summaries.value]);

  // Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redoes; inside a text field the browser's own undo applies.
  useEffect(() => {
    if (!permissions.edit) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isEditable(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        store.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        store.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, permissions.edit]);

  const onSelectStep = useCallback((name: string | null) => store.select(name), [store]);
  const onInsert = useCallback((at: InsertPoint) => setInsertAt(at), []);
  const closePicker = useCallback(() => setInsertAt(undefined), []);
  const closeTestRun = useCallback(() => setTestRunOpen(false), []);

  return (
    <div className="studio" data-testid="flow-studio">
      <StudioHeader
        permissions={permissions}
        runsOpen={runsOpen}
        onToggleRuns={() => setRunsOpen((open) => !open)}
        onTestRun={() => setTestRunOpen(true)}
      />
      {error && (
        <div className="alert alert-error studio-error" role="alert" data-testid="studio-error">
          <span>{error}</span>
          <button type="button" className="button small" onClick={() => store.dismissError()}>
            Dismiss
          </button>
        </div>
      )}
      <div className="studio-body">
        <SideChat flowName={flowName} />
        <div className="studio-main">
          <div className="studio-canvas" data-testid="studio-canvas">
            <FlowCanvas
              trigger={trigger}
              pieces={pieces}
              selectedStep={selection}
              readOnly={!permissions.edit}
              onSelectStep={onSelectStep}
              onInsert={onInsert}
            />
          </div>
          {runsOpen && <RunsPanel runs={runs} onClose={() => setRunsOpen(false)} />}
        </div>
        {selection !== null && <StepPanel flowId={flowId} canEdit={permissions.edit} />}
      </div>
      {insertAt !== undefined && permissions.edit && <StepPicker at={insertAt} onClose={closePicker} />}
      {testRunOpen && permissions.run && (
        <TestRunDialog
          flowId={flowId}
          onClose={closeTestRun}
          onStarted={(runId) => {
            setTestRunOpen(false);
            setRunsOpen(true);
            runs.track(runId);
          }}
        />
      )}
    </div>
  );
}
