// The data selector: a button beside a text field that lists the earlier steps (with their sample output fields
// when a run has them) and inserts `{{step.field}}` where the cursor is.
import { createContext, useContext, useEffect, useRef, useState, type RefObject } from 'react';
import type { FlowRun, FlowStep } from '../model';
import { appendKey, expression, insertAtCursor, outputFields } from './dataSelector';

export interface DataSource {
  /** Steps whose output the edited step may use, trigger first. */
  steps: FlowStep[];
  /** The run whose step outputs give the sample fields. */
  sample: FlowRun | undefined;
}

export const DataSourceContext = createContext<DataSource>({ steps: [], sample: undefined });

type TextElement = HTMLInputElement | HTMLTextAreaElement;

interface DataSelectorProps {
  /** The field's label, for the button's accessible name. */
  label: string;
  target: RefObject<TextElement | null>;
  value: string;
  onChange: (value: string) => void;
}

export function DataSelector({ label, target, value, onChange }: DataSelectorProps) {
  const { steps, sample } = useContext(DataSourceContext);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  /** The selection of the field when the selector opened (clicking the button moves the focus away). */
  const selection = useRef<{ start: number | null; end: number | null }>({ start: null, end: null });

  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function toggle() {
    const element = target.current;
    selection.current = element
      ? { start: element.selectionStart, end: element.selectionEnd }
      : { start: null, end: null };
    setOpen((wasOpen) => !wasOpen);
  }

  function pick(path: string) {
    const inserted = insertAtCursor(value, expression(path), selection.current.start, selection.current.end);
    setOpen(false);
    onChange(inserted.value);
    const element = target.current;
    if (element) {
      // After React has rendered the new value, put the cursor right after the inserted expression.
      setTimeout(() => {
        element.focus();
        element.setSelectionRange(inserted.cursor, inserted.cursor);
      }, 0);
    }
  }

  return (
    <div className="data-selector" ref={rootRef}>
      <button
        type="button"
        className="button small data-selector-button"
        aria-label={`Insert data into ${label}`}
        aria-expanded={open}
        title="Insert data from an earlier step"
        onClick={toggle}
      >
        {'{x}'}
      </button>
      {open && (
        <div className="data-selector-popover" role="dialog" aria-label={`Data for ${label}`}>
          <p className="data-selector-title">Insert data from an earlier step</p>
          {steps.length === 0 && <p className="muted">No earlier steps.</p>}
          <ul className="data-selector-steps">
            {steps.map((step) => (
              <DataStep key={step.name} step={step} sample={sample} onPick={pick} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function DataStep({ step, sample, onPick }: { step: FlowStep; sample: FlowRun | undefined; onPick: (path: string) => void }) {
  const output = sample?.steps[step.name]?.output;
  const fields = output === undefined ? [] : outputFields(step.name, output);
  const loopFields =
    step.type === 'LOOP_ON_ITEMS'
      ? [
          { path: appendKey(step.name, 'item'), label: 'item', hint: 'the current item' },
          { path: appendKey(step.name, 'index'), label: 'index', hint: 'its position, from 1' },
        ]
      : [];
  return (
    <li className="data-step" data-testid={`data-step-${step.name}`}>
      <button type="button" className="data-step-name" onClick={() => onPick(step.name)}>
        {step.displayName} <span className="muted mono">{step.name}</span>
      </button>
      {(fields.length > 0 || loopFields.length > 0) && (
        <ul className="data-fields">
          {loopFields.map((field) => (
            <li key={field.path}>
              <button type="button" onClick={() => onPick(field.path)}>
                <span className="mono">{field.label}</span>
                <span className="muted"> {field.hint}</span>
              </button>
            </li>
          ))}
          {fields.map((field) => (
            <li key={field.path}>
              <button type="button" onClick={() => onPick(field.path)} data-testid={`data-field-${field.path}`}>
                <span className="mono">{field.label}</span>
                <span className="muted"> {field.preview}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {output === undefined && loopFields.length === 0 && (
        <p className="muted data-no-sample">Run a test to see its fields.</p>
      )}
    </li>
  );
}
