// The step picker opened by a "+" on the canvas: a searchable list of pieces (then the piece's actions) plus
// the core steps Router and Loop. Choosing one adds the step (ADD_ACTION) and selects it.
import { useEffect, useMemo, useState } from 'react';
import { useEditor, useEditorStore } from '../editor/context';
import { nextStepName } from '../editor/flowTree';
import { newLoop, newPieceAction, newRouter } from '../editor/steps';
import type { InsertPoint, PieceMetadata, PieceSummary } from '../model';
import { usePieceMetadata, usePieceSummaries } from '../pieces';

interface StepPickerProps {
  at: InsertPoint;
  onClose: () => void;
}

export function StepPicker({ at, onClose }: StepPickerProps) {
  const store = useEditorStore();
  const trigger = useEditor((state) => state.flow.version.trigger);
  const summaries = usePieceSummaries();
  const [query, setQuery] = useState('');
  const [pieceName, setPieceName] = useState<string>();

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const add = (action: Record<string, unknown>) => {
    store.addStep(at, action);
    onClose();
  };

  const needle = query.trim().toLowerCase();
  const pieces = useMemo(
    () =>
      (summaries.value ?? []).filter(
        (piece: PieceSummary) =>
          piece.actions > 0 &&
          (needle === '' || piece.displayName.toLowerCase().includes(needle) || (piece.description ?? '').toLowerCase().includes(needle)),
      ),
    [summaries.value, needle],
  );
  const core = [
    { key: 'router', label: 'Router', hint: 'Split the flow into branches by conditions', make: () => newRouter(nextStepName(trigger)) },
    { key: 'loop', label: 'Loop on Items', hint: 'Repeat steps for each item of a list', make: () => newLoop(nextStepName(trigger)) },
  ].filter((item) => needle === '' || item.label.toLowerCase().includes(needle) || item.hint.toLowerCase().includes(needle));

  return (
    <div className="picker-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="picker" role="dialog" aria-modal="true" aria-label="Add a step" data-testid="step-picker">
        {pieceName === undefined ? (
          <>
            <div className="picker-header">
              <h2>Add a step</h2>
              <button type="button" className="button small" aria-label="Close" onClick={onClose}>
                ✕
              </button>
            </div>
            <input
              type="search"
              aria-label="Search pieces"
              placeholder="Search pieces…"
              autoFocus
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
            <div className="picker-list">
              {core.length > 0 && (
                <section aria-label="Flow control">
                  <h3 className="picker-group">Flow control</h3>
                  <ul>
                    {core.map((item) => (
                      <li key={item.key}>
                        <button type="button" className="picker-item" aria-label={item.label} onClick={() => add(item.make())}>
                          <span className="picker-item-label">{item.label}</span>
                          <span className="muted small-text">{item.hint}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <section aria-label="Pieces">
                <h3 className="picker-group">Pieces</h3>
                {summaries.error && <p className="field-error">{summaries.error}</p>}
                {summaries.value === undefined && summaries.error === undefined && <p className="muted">Loading pieces…</p>}
                <ul>
                  {pieces.map((piece) => (
                    <li key={piece.name}>
                      <button type="button" className="picker-item" aria-label={piece.displayName} onClick={() => setPieceName(piece.name)}>
                        <span className="piece-badge" aria-hidden="true">
                          {piece.displayName.slice(0, 1)}
                        </span>
                        <span className="picker-item-label">{piece.displayName}</span>
                      </button>
                    </li>
                  ))}
                </ul>
                {summaries.value !== undefined && pieces.length === 0 && <p className="muted">No piece matches.</p>}
              </section>
            </div>
          </>
        ) : (
          <PieceActions
            pieceName={pieceName}
            onBack={() => setPieceName(undefined)}
            onClose={onClose}
            onChoose={(piece, actionName) => {
              const meta = piece.actions[actionName];
              if (meta) add(newPieceAction(nextStepName(trigger), piece, meta));
            }}
          />
        )}
      </div>
    </div>
  );
}

function PieceActions({ pieceName, onBack, onClose, onChoose }: {
  pieceName: string;
  onBack: () => void;
  onClose: () => void;
  onChoose: (piece: PieceMetadata, actionName: string) => void;
}) {
  const { value: piece, error } = usePieceMetadata(pieceName);
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const actions = Object.values(piece?.actions ?? {}).filter(
    (action) => needle === '' || action.displayName.toLowerCase().includes(needle),
  );
  return (
    <>
      <div className="picker-header">
        <button type="button" className="button small" onClick={onBack}>
          ← Back
        </button>
        <h2>{piece?.displayName ?? 'Loading…'}</h2>
        <button type="button" className="button small" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <input
        type="search"
        aria-label="Search actions"
        placeholder="Search actions…"
        autoFocus
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <div className="picker-list">
        {error && <p className="field-error">{error}</p>}
        {piece === undefined && error === undefined && <p className="muted">Loading actions…</p>}
        <ul aria-label="Actions">
          {piece &&
            actions.map((action) => (
              <li key={action.name}>
                <button type="button" className="picker-item" aria-label={action.displayName} onClick={() => onChoose(piece, action.name)}>
                  <span className="picker-item-label">{action.displayName}</span>
                  {action.description && <span className="muted small-text">{action.description}</span>}
                </button>
              </li>
            ))}
        </ul>
      </div>
    </>
  );
}
