// The runs panel: the flow's runs (status, time, test badge) and, for the selected run, each step's status,
// duration and output.
import { useEditor } from '../editor/context';
import { allSteps } from '../editor/flowTree';
import type { FlowRun, StepRun } from '../model';
import { isTerminal, type RunsState } from './useRuns';

/** A run or step status in plain words: SUCCEEDED → "Succeeded", INTERNAL_ERROR → "Internal error". */
export function statusLabel(status: string): string {
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusTone(status: string): string {
  if (status === 'SUCCEEDED') return 'ok';
  if (!isTerminal(status)) return 'active';
  if (status === 'STOPPED' || status === 'CANCELED') return 'neutral';
  return 'bad';
}

function time(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toLocaleString();
}

export function RunsPanel({ runs, onClose }: { runs: RunsState; onClose: () => void }) {
  return (
    <section className="runs-panel" aria-label="Runs" data-testid="runs-panel">
      <header className="runs-panel-header">
        <h2>Runs</h2>
        <div className="button-row">
          <button type="button" className="button small" onClick={runs.reload}>
            Refresh
          </button>
          <button type="button" className="button small" aria-label="Close runs" onClick={onClose}>
            ✕
          </button>
        </div>
      </header>
      <div className="runs-panel-body">
        <div className="runs-list">
          {runs.listError && <p className="field-error">{runs.listError}</p>}
          {runs.runs === undefined && runs.listError === undefined && <p className="muted">Loading runs…</p>}
          {runs.runs?.length === 0 && <p className="muted">No runs yet. Start a test run to try the flow.</p>}
          <ul>
            {runs.runs?.map((run) => (
              <li key={run.id}>
                <button
                  type="button"
                  className={`run-row${run.id === runs.selectedId ? ' selected' : ''}`}
                  aria-pressed={run.id === runs.selectedId}
                  data-testid={`run-row-${run.id}`}
                  onClick={() => runs.select(run.id)}
                >
                  <span className={`pill status-${statusTone(run.status)}`}>{statusLabel(run.status)}</span>
                  <span className="run-time">{time(run.startTime ?? run.created)}</span>
                  {run.test && <span className="pill test-badge">Test</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="run-detail-column">
          {runs.selectedId === undefined ? (
            <p className="muted">Choose a run to see its steps.</p>
          ) : (
            <RunDetail run={runs.detail} error={runs.detailError} polling={runs.polling} />
          )}
        </div>
      </div>
    </section>
  );
}

function RunDetail({ run, error, polling }: { run: FlowRun | undefined; error: string | undefined; polling: boolean }) {
  const trigger = useEditor((state) => state.flow.version.trigger);
  if (run === undefined) {
    return error ? <p className="field-error">{error}</p> : <p className="muted">Loading the run…</p>;
  }
  const flowOrder = allSteps(trigger);
  const names = [
    ...flowOrder.map((step) => step.name).filter((name) => run.steps[name] !== undefined),
    ...Object.keys(run.steps).filter((name) => !flowOrder.some((step) => step.name === name)),
  ];
  const displayName = (name: string) => flowOrder.find((step) => step.name === name)?.displayName ?? name;
  return (
    <div className="run-detail" data-testid="run-detail">
      <p className="run-detail-status">
        <span className={`pill status-${statusTone(run.status)}`} data-testid="run-status">
          {statusLabel(run.status)}
        </span>
        {polling && !isTerminal(run.status) && <span className="muted"> Following this run…</span>}
      </p>
      {error && <p className="field-error">{error}</p>}
      {names.length === 0 && <p className="muted">No step has run yet.</p>}
      <ol className="run-steps">
        {names.map((name) => (
          <RunStep key={name} name={name} displayName={displayName(name)} step={run.steps[name] as StepRun} />
        ))}
      </ol>
    </div>
  );
}

function RunStep({ name, displayName, step }: { name: string; displayName: string; step: StepRun }) {
  return (
    <li className="run-step" data-testid={`run-step-${name}`}>
      <div className="run-step-head">
        <span className="run-step-name">
          {displayName} <span className="muted mono">{name}</span>
        </span>
        <span className={`pill status-${statusTone(step.status)}`} data-testid={`run-step-status-${name}`}>
          {statusLabel(step.status)}
        </span>
        {step.duration !== undefined && <span className="muted small-text">{step.duration} ms</span>}
      </div>
      {step.errorMessage && <p className="field-error">{step.errorMessage}</p>}
      {step.output !== undefined && (
        <details className="run-output">
          <summary>Output</summary>
          <pre className="mono">{JSON.stringify(step.output, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}
