// The right panel for the selected step: its name, its settings by type, error handling and step actions.
// Resizable by dragging its left edge; viewers get the same content as read-only text.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useEditor, useEditorStore } from '../editor/context';
import { findStep, isTrigger, stepsBefore } from '../editor/flowTree';
import type { ErrorHandlingOptions, FlowAction, FlowStep, LoopAction, RouterAction } from '../model';
import { DataSelector, DataSourceContext } from './DataSelector';
import { PieceStepSettings, useStepMeta } from './PieceStepSettings';
import { RouterSettings } from './RouterSettings';
import { emptyCondition } from '../editor/steps';

const MIN_WIDTH = 320;
const MAX_WIDTH = 760;
const DEFAULT_WIDTH = 400;

interface StepPanelProps {
  flowId: string;
  canEdit: boolean;
}

export function StepPanel({ flowId, canEdit }: StepPanelProps) {
  const store = useEditorStore();
  const selection = useEditor((state) => state.selection);
  const trigger = useEditor((state) => state.flow.version.trigger);
  const sample = useEditor((state) => state.sampleRun);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  const step = selection === null ? undefined : findStep(trigger, selection);
  const dataSource = { steps: step ? stepsBefore(trigger, step.name) : [], sample };

  const onChange = useCallback((next: FlowStep) => store.updateStep(next), [store]);

  if (step === undefined) return null;
  const readOnly = !canEdit;

  return (
    <aside className="step-panel" style={{ width }} aria-label="Step settings" data-testid="step-panel">
      <ResizeHandle width={width} onResize={setWidth} />
      <header className="step-panel-header">
        <div className="step-panel-title">
          <p className="muted mono small-text" data-testid="panel-step-name">
            {step.name}
          </p>
          {readOnly ? (
            <h2>{step.displayName}</h2>
          ) : (
            <div className="field">
              <label htmlFor="step-display-name">Step name</label>
              <input
                id="step-display-name"
                type="text"
                value={step.displayName}
                onChange={(event) => onChange({ ...step, displayName: event.target.value })}
              />
            </div>
          )}
        </div>
        <button type="button" className="button small" aria-label="Close panel" onClick={() => store.select(null)}>
          ✕
        </button>
      </header>
      <DataSourceContext.Provider value={dataSource}>
        <div className="step-panel-body">
          <StepSettings flowId={flowId} step={step} readOnly={readOnly} onChange={onChange} />
          {!isTrigger(step) && (step.type === 'PIECE' || step.type === 'CODE') && (
            <ErrorHandling step={step} readOnly={readOnly} onChange={onChange} />
          )}
        </div>
      </DataSourceContext.Provider>
      {!readOnly && !isTrigger(step) && <StepActions step={step} />}
    </aside>
  );
}

function StepSettings({ flowId, step, readOnly, onChange }: { flowId: string; step: FlowStep; readOnly: boolean; onChange: (step: FlowStep) => void }) {
  const store = useEditorStore();
  switch (step.type) {
    case 'EMPTY':
    case 'PIECE_TRIGGER':
      return <PieceStepSettings flowId={flowId} step={step} kind="trigger" readOnly={readOnly} onChange={onChange} />;
    case 'PIECE':
      return <PieceStepSettings flowId={flowId} step={step} kind="action" readOnly={readOnly} onChange={onChange} />;
    case 'LOOP_ON_ITEMS':
      return <LoopSettings step={step} readOnly={readOnly} onChange={onChange} />;
    case 'ROUTER':
      return (
        <RouterSettings
          step={step}
          readOnly={readOnly}
          onChange={(next) => onChange({ ...next, valid: routerLooksValid(next) })}
          onAddBranch={(index, name) => store.addBranch(step.name, index, name, [[emptyCondition()]])}
          onDeleteBranch={(index) => store.deleteBranch(step.name, index)}
        />
      );
    case 'CODE':
      return <CodeSettings step={step} readOnly={readOnly} onChange={onChange} />;
    default:
      return null;
  }
}

function routerLooksValid(router: RouterAction): boolean {
  return router.settings.branches.every(
    (branch) =>
      branch.branchType === 'FALLBACK' ||
      (branch.conditions ?? []).every((group) => group.every((condition) => condition.firstValue.trim() !== '')),
  );
}

function LoopSettings({ step, readOnly, onChange }: { step: LoopAction; readOnly: boolean; onChange: (step: FlowStep) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const set = (items: string) => onChange({ ...step, settings: { ...step.settings, items }, valid: items.trim() !== '' });
  if (readOnly) {
    return (
      <dl className="details readonly-props">
        <div className="readonly-row">
          <dt>Items</dt>
          <dd className="mono">{step.settings.items || 'Not set'}</dd>
        </div>
      </dl>
    );
  }
  return (
    <div className="field">
      <label htmlFor="loop-items">
        Items
        <span className="required-mark" aria-hidden="true">
          {' *'}
        </span>
      </label>
      <div className="text-with-data">
        <input
          id="loop-items"
          ref={ref}
          type="text"
          aria-required
          placeholder="{{trigger.body.items}}"
          value={step.settings.items}
          onChange={(event) => set(event.target.value)}
        />
        <DataSelector label="Items" target={ref} value={step.settings.items} onChange={set} />
      </div>
      <p className="field-hint">The list to go through; the steps inside the loop run once per item.</p>
    </div>
  );
}

function CodeSettings({ step, readOnly, onChange }: { step: Extract<FlowAction, { type: 'CODE' }>; readOnly: boolean; onChange: (step: FlowStep) => void }) {
  return (
    <div className="field">
      <label htmlFor="code-source">Code</label>
      <textarea
        id="code-source"
        className="mono"
        rows={10}
        readOnly={readOnly}
        value={step.settings.sourceCode.code}
        onChange={(event) =>
          onChange({ ...step, settings: { ...step.settings, sourceCode: { ...step.settings.sourceCode, code: event.target.value } } })
        }
      />
    </div>
  );
}

/** Which error-handling options the action hides (Activepieces' `errorHandlingOptions.<option>.hide`). */
type HiddenOptions = { continueOnFailure?: { hide?: boolean }; retryOnFailure?: { hide?: boolean } };

function ErrorHandling({ step, readOnly, onChange }: { step: Extract<FlowAction, { type: 'PIECE' | 'CODE' }>; readOnly: boolean; onChange: (step: FlowStep) => void }) {
  const meta = useStepMeta(step);
  const hidden = (meta as { errorHandlingOptions?: HiddenOptions } | undefined)?.errorHandlingOptions;
  const options: ErrorHandlingOptions = step.settings.errorHandlingOptions ?? {};
  const set = (key: 'continueOnFailure' | 'retryOnFailure', value: boolean) =>
    onChange({ ...step, settings: { ...step.settings, errorHandlingOptions: { ...options, [key]: { value } } } } as FlowStep);
  const showContinue = hidden?.continueOnFailure?.hide !== true;
  const showRetry = hidden?.retryOnFailure?.hide !== true;
  if (!showContinue && !showRetry) return null;
  return (
    <fieldset className="panel-section error-handling">
      <legend>When this step fails</legend>
      {showContinue && (
        <label className="checkbox-inline">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={options.continueOnFailure?.value === true}
            onChange={(event) => set('continueOnFailure', event.target.checked)}
          />
          Continue on failure
        </label>
      )}
      {showRetry && (
        <label className="checkbox-inline">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={options.retryOnFailure?.value === true}
            onChange={(event) => set('retryOnFailure', event.target.checked)}
          />
          Retry on failure
        </label>
      )}
    </fieldset>
  );
}

function StepActions({ step }: { step: FlowAction }) {
  const store = useEditorStore();
  return (
    <footer className="step-panel-footer">
      <label className="checkbox-inline">
        <input type="checkbox" checked={step.skip === true} onChange={(event) => store.setSkip(step.name, event.target.checked)} />
        Skip this step
      </label>
      <div className="button-row">
        <button type="button" className="button small" onClick={() => store.duplicateStep(step.name)}>
          Duplicate
        </button>
        <button
          type="button"
          className="button small danger-outline"
          onClick={() => {
            store.select(null);
            store.deleteStep(step.name);
          }}
        >
          Delete step
        </button>
      </div>
    </footer>
  );
}

/** The panel's left edge: drag (or use the arrow keys) to change its width. */
function ResizeHandle({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const clamp = (value: number) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, value));

  useEffect(() => {
    const onMove = (event: PointerEvent) => {
      if (start.current === null) return;
      onResize(clamp(start.current.width + (start.current.x - event.clientX)));
    };
    const onUp = () => {
      start.current = null;
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
  }, [onResize]);

  const onPointerDown = (event: ReactPointerEvent) => {
    event.preventDefault();
    start.current = { x: event.clientX, width };
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft') onResize(clamp(width + 24));
    if (event.key === 'ArrowRight') onResize(clamp(width - 24));
  };

  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the step panel"
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="panel-resize"
    />
  );
}
