// The form of a piece step's props, generated from the piece metadata: one widget per prop type, a toggle per
// prop to type an expression instead (propertySettings[prop].type DYNAMIC), and the data selector on text fields.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../../lib/http';
import { flowsApi, type DropdownOptions } from '../api';
import type { PropertySettings, PropOption } from '../model';
import { DataSelector } from './DataSelector';
import {
  connectionId,
  connectionValue,
  markdownText,
  valueAsText,
  type PropField,
} from './propFields';

/** What the options endpoint needs besides the prop name. */
export interface DynamicContext {
  flowId: string;
  pieceName: string;
  pieceVersion: string;
  actionOrTriggerName: string;
}

interface PropsFormProps {
  fields: PropField[];
  input: Record<string, unknown>;
  propertySettings: PropertySettings;
  readOnly: boolean;
  dynamic: DynamicContext;
  onChange: (input: Record<string, unknown>, propertySettings: PropertySettings) => void;
}

export function PropsForm({ fields, input, propertySettings, readOnly, dynamic, onChange }: PropsFormProps) {
  if (readOnly) return <ReadOnlyProps fields={fields} input={input} />;

  const setValue = (name: string, value: unknown) => {
    const next = { ...input };
    if (value === undefined) delete next[name];
    else next[name] = value;
    onChange(next, propertySettings);
  };

  const setMode = (field: PropField, mode: 'MANUAL' | 'DYNAMIC') => {
    const next = { ...input };
    const current = input[field.name];
    // Like Activepieces: an expression starts from the typed value; leaving it restores the default.
    if (mode === 'DYNAMIC') next[field.name] = valueAsText(current);
    else if (field.defaultValue !== undefined) next[field.name] = field.defaultValue;
    else delete next[field.name];
    onChange(next, { ...propertySettings, [field.name]: { ...propertySettings[field.name], type: mode } });
  };

  return (
    <div className="props-form">
      {fields.map((field) =>
        field.kind === 'markdown' ? (
          <p key={field.name} className="prop-help" data-testid={`prop-help-${field.name}`}>
            {markdownText(field.description)}
          </p>
        ) : (
          <PropRow
            key={field.name}
            field={field}
            value={input[field.name]}
            expression={propertySettings[field.name]?.type === 'DYNAMIC'}
            input={input}
            dynamic={dynamic}
            onValue={(value) => setValue(field.name, value)}
            onMode={(mode) => setMode(field, mode)}
          />
        ),
      )}
    </div>
  );
}

interface PropRowProps {
  field: PropField;
  value: unknown;
  expression: boolean;
  input: Record<string, unknown>;
  dynamic: DynamicContext;
  onValue: (value: unknown) => void;
  onMode: (mode: 'MANUAL' | 'DYNAMIC') => void;
}

function PropRow({ field, value, expression, input, dynamic, onValue, onMode }: PropRowProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const label = (
    <label htmlFor={id}>
      {field.label}
      {field.required && (
        <span className="required-mark" aria-hidden="true">
          {' *'}
        </span>
      )}
    </label>
  );
  const common = {
    id,
    'aria-required': field.required || undefined,
    'aria-describedby': field.description ? hintId : undefined,
  };

  const inlineCheckbox = field.kind === 'checkbox' && !expression;
  let widget: ReactNode;
  if (expression) {
    widget = <TextWidget common={common} label={field.label} value={valueAsText(value)} multiline={false} onChange={onValue} placeholder="{{step_1.field}}" />;
  } else {
    widget = <Widget field={field} value={value} common={common} input={input} dynamic={dynamic} onValue={onValue} />;
  }

  return (
    <div className={`prop-field prop-${field.kind}`} data-testid={`prop-${field.name}`}>
      <div className="prop-label-row">
        {/* A checkbox carries its own label; every other widget sits under its label. */}
        {inlineCheckbox ? widget : label}
        {field.allowsExpression && (
          <button
            type="button"
            className="expression-toggle"
            aria-pressed={expression}
            aria-label={`Type an expression for ${field.label}`}
            title={expression ? 'Use the regular input' : 'Type an expression instead'}
            onClick={() => onMode(expression ? 'MANUAL' : 'DYNAMIC')}
          >
            {expression ? 'Expression' : 'fx'}
          </button>
        )}
      </div>
      {!inlineCheckbox && widget}
      {field.description && (
        <p id={hintId} className="field-hint">
          {markdownText(field.description)}
        </p>
      )}
    </div>
  );
}

type Common = { id: string; 'aria-required': true | undefined; 'aria-describedby': string | undefined };

interface WidgetProps {
  field: PropField;
  value: unknown;
  common: Common;
  input: Record<string, unknown>;
  dynamic: DynamicContext;
  onValue: (value: unknown) => void;
}

function Widget({ field, value, common, input, dynamic, onValue }: WidgetProps) {
  switch (field.kind) {
    case 'text':
    case 'datetime':
      return (
        <TextWidget
          common={common}
          label={field.label}
          value={valueAsText(value)}
          multiline={false}
          onChange={(text) => onValue(text === '' ? undefined : text)}
          placeholder={field.kind === 'datetime' ? '2025-01-31T09:00:00Z' : undefined}
        />
      );
    case 'textarea':
      return (
        <TextWidget
          common={common}
          label={field.label}
          value={valueAsText(value)}
          multiline
          onChange={(text) => onValue(text === '' ? undefined : text)}
        />
      );
    case 'number':
      return (
        <input
          {...common}
          type="number"
          value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''}
          onChange={(event) => onValue(event.target.value === '' ? undefined : Number(event.target.value))}
        />
      );
    case 'checkbox':
      return (
        <label className="checkbox-inline">
          <input {...common} type="checkbox" checked={value === true} onChange={(event) => onValue(event.target.checked)} />
          {field.label}
          {field.required && (
            <span className="required-mark" aria-hidden="true">
              {' *'}
            </span>
          )}
        </label>
      );
    case 'select':
      return <SelectWidget common={common} options={field.options} value={value} onValue={onValue} />;
    case 'multiselect':
      return <MultiSelectWidget common={common} options={field.options} value={value} onValue={onValue} />;
    case 'dynamic-select':
    case 'dynamic-multiselect':
      return <DynamicWidget field={field} common={common} value={value} input={input} dynamic={dynamic} onValue={onValue} />;
    case 'json':
      return <JsonWidget common={common} value={value} onValue={onValue} />;
    case 'array':
      return <ArrayWidget label={field.label} value={value} onValue={onValue} />;
    case 'connection':
      return <ConnectionWidget common={common} value={value} input={input} dynamic={dynamic} onValue={onValue} />;
    default:
      return null;
  }
}

interface TextWidgetProps {
  common: Common;
  label: string;
  value: string;
  multiline: boolean;
  placeholder?: string | undefined;
  onChange: (value: string) => void;
}

/** A text input or area with the data selector beside it. */
function TextWidget({ common, label, value, multiline, placeholder, onChange }: TextWidgetProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="text-with-data">
      {multiline ? (
        <textarea {...common} ref={areaRef} rows={3} value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} ref={inputRef} type="text" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
      )}
      <DataSelector label={label} target={multiline ? areaRef : inputRef} value={value} onChange={onChange} />
    </div>
  );
}

function optionIndex(options: PropOption[], value: unknown): number {
  const wanted = JSON.stringify(value);
  return options.findIndex((option) => JSON.stringify(option.value) === wanted);
}

function SelectWidget({ common, options, value, onValue, disabledText }: {
  common: Common;
  options: PropOption[];
  value: unknown;
  onValue: (value: unknown) => void;
  disabledText?: string;
}) {
  const index = value === undefined ? -1 : optionIndex(options, value);
  return (
    <select
      {...common}
      value={index < 0 ? '' : String(index)}
      disabled={disabledText !== undefined}
      onChange={(event) => onValue(event.target.value === '' ? undefined : options[Number(event.target.value)]?.value)}
    >
      <option value="">{disabledText ?? 'Choose…'}</option>
      {options.map((option, i) => (
        <option key={i} value={String(i)}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function MultiSelectWidget({ common, options, value, onValue }: {
  common: Common;
  options: PropOption[];
  value: unknown;
  onValue: (value: unknown) => void;
}) {
  const chosen = Array.isArray(value) ? value.map((item) => optionIndex(options, item)).filter((i) => i >= 0) : [];
  return (
    <select
      {...common}
      multiple
      value={chosen.map(String)}
      onChange={(event) => {
        const picked = Array.from(event.target.selectedOptions, (option) => options[Number(option.value)]?.value);
        onValue(picked.length === 0 ? undefined : picked);
      }}
    >
      {options.map((option, i) => (
        <option key={i} value={String(i)}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

type OptionsState =
  | { status: 'loading' }
  | { status: 'loaded'; options: DropdownOptions }
  | { status: 'failed'; error: string; code?: string };

/** Asks POST /api/pmos/pieces/options when shown and whenever a refresher prop's value changes. */
function useDynamicOptions(
  dynamic: DynamicContext,
  propertyName: string,
  refreshers: string[],
  input: Record<string, unknown>,
): OptionsState {
  const [state, setState] = useState<OptionsState>({ status: 'loading' });
  const inputRef = useRef(input);
  inputRef.current = input;
  // The step's connection is an implicit refresher: an app's dropdown is filled from that account.
  const refresherKey = JSON.stringify([...refreshers, 'auth'].map((name) => input[name] ?? null));
  const { flowId, pieceName, pieceVersion, actionOrTriggerName } = dynamic;

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    flowsApi
      .options({ flowId, pieceName, pieceVersion, actionOrTriggerName, propertyName, input: inputRef.current })
      .then(
        (options) => current && setState({ status: 'loaded', options }),
        (failure: unknown) =>
          current &&
          setState({
            status: 'failed',
            error: errorMessage(failure),
            ...(failure instanceof ApiError && failure.code !== undefined ? { code: failure.code } : {}),
          }),
      );
    return () => {
      current = false;
    };
  }, [flowId, pieceName, pieceVersion, actionOrTriggerName, propertyName, refresherKey]);

  return state;
}

function DynamicWidget({ field, common, value, input, dynamic, onValue }: {
  field: PropField;
  common: Common;
  value: unknown;
  input: Record<string, unknown>;
  dynamic: DynamicContext;
  onValue: (value: unknown) => void;
}) {
  const state = useDynamicOptions(dynamic, field.name, field.refreshers, input);
  if (state.status === 'loading') {
    return <SelectWidget common={common} options={[]} value={undefined} onValue={onValue} disabledText="Loading options…" />;
  }
  if (state.status === 'failed' && state.code === 'CONNECTION_REQUIRED') {
    return (
      <>
        <SelectWidget common={common} options={[]} value={undefined} onValue={onValue} disabledText="Choose a connection first" />
        <p className="field-hint" data-testid={`options-needs-connection-${field.name}`}>
          {state.error}
        </p>
      </>
    );
  }
  if (state.status === 'failed') {
    return (
      <>
        <SelectWidget common={common} options={[]} value={undefined} onValue={onValue} disabledText="Options unavailable" />
        <p className="field-error" data-testid={`options-error-${field.name}`}>
          {state.error}
        </p>
      </>
    );
  }
  const { options } = state;
  if (options.disabled) {
    return (
      <>
        <SelectWidget common={common} options={[]} value={undefined} onValue={onValue} disabledText={options.placeholder ?? 'Not available'} />
        <p className="field-hint" data-testid={`options-placeholder-${field.name}`}>
          {options.placeholder ?? 'These options cannot be loaded now.'}
        </p>
      </>
    );
  }
  return field.kind === 'dynamic-multiselect' ? (
    <MultiSelectWidget common={common} options={options.options} value={value} onValue={onValue} />
  ) : (
    <SelectWidget common={common} options={options.options} value={value} onValue={onValue} />
  );
}

function ConnectionWidget({ common, value, input, dynamic, onValue }: {
  common: Common;
  value: unknown;
  input: Record<string, unknown>;
  dynamic: DynamicContext;
  onValue: (value: unknown) => void;
}) {
  const state = useDynamicOptions(dynamic, 'auth', [], input);
  if (state.status === 'loaded' && !state.options.disabled && state.options.options.length > 0) {
    const options = state.options.options.map((option) => ({
      label: option.label,
      value:
        typeof option.value === 'string' && option.value.startsWith('{{')
          ? option.value
          : connectionValue(String(option.value)),
    }));
    return <SelectWidget common={common} options={options} value={value} onValue={onValue} />;
  }
  return (
    <>
      <input
        {...common}
        type="text"
        value={connectionId(value)}
        placeholder="Connection name in Flow Pieces"
        onChange={(event) => onValue(event.target.value.trim() === '' ? undefined : connectionValue(event.target.value.trim()))}
      />
      {state.status !== 'loading' && (
        <p className="field-hint">No connections could be listed: type the external id of a Flow Pieces connection.</p>
      )}
    </>
  );
}

function JsonWidget({ common, value, onValue }: { common: Common; value: unknown; onValue: (value: unknown) => void }) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  const lastSent = useRef(shown);

  // A change from elsewhere (undo, a live update) replaces the draft; the person's own typing does not.
  useEffect(() => {
    if (shown !== lastSent.current) {
      lastSent.current = shown;
      setDraft(shown);
      setInvalid(false);
    }
  }, [shown]);

  return (
    <>
      <textarea
        {...common}
        className="mono"
        rows={4}
        value={draft}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          if (text.trim() === '') {
            setInvalid(false);
            lastSent.current = '';
            onValue(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(text);
            setInvalid(false);
            lastSent.current = JSON.stringify(parsed, null, 2);
            onValue(parsed);
          } catch {
            setInvalid(true);
          }
        }}
      />
      {invalid && <p className="field-error">Enter valid JSON, e.g. {'{"key": "value"}'} or [1, 2].</p>}
    </>
  );
}

function ArrayWidget({ label, value, onValue }: { label: string; value: unknown; onValue: (value: unknown) => void }) {
  const items = Array.isArray(value) ? value.map(valueAsText) : [];
  const set = (next: string[]) => onValue(next);
  return (
    <div className="array-field" role="group" aria-label={label}>
      {items.map((item, index) => (
        <div className="array-row" key={index}>
          <input
            type="text"
            aria-label={`${label} item ${index + 1}`}
            value={item}
            onChange={(event) => set(items.map((old, i) => (i === index ? event.target.value : old)))}
          />
          <button
            type="button"
            className="button small"
            aria-label={`Remove ${label} item ${index + 1}`}
            onClick={() => set(items.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => set([...items, ''])}>
        Add item
      </button>
    </div>
  );
}

function ReadOnlyProps({ fields, input }: { fields: PropField[]; input: Record<string, unknown> }) {
  const shown = fields.filter((field) => field.kind !== 'markdown');
  return (
    <dl className="details readonly-props">
      {shown.map((field) => {
        const value = input[field.name];
        const option = field.options.find((o) => JSON.stringify(o.value) === JSON.stringify(value));
        const text =
          field.kind === 'connection' ? connectionId(value) : option ? option.label : valueAsText(value);
        return (
          <div key={field.name} className="readonly-row" data-testid={`prop-${field.name}`}>
            <dt>{field.label}</dt>
            <dd>{text === '' ? <span className="muted">Not set</span> : text}</dd>
          </div>
        );
      })}
    </dl>
  );
}
