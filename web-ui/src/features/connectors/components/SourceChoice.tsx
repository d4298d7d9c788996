// The choice between the local stand-in service the server offers and the admin's own.
import type { Source } from '../forms';
import type { LocalChoice } from '../types';

export function SourceChoice({ name, legend, localText, ownText, local, value, onChange }: {
  name: string;
  legend: string;
  /** e.g. "Use the local Flow Pieces"; the label and address are added. */
  localText: string;
  ownText: string;
  local: LocalChoice;
  value: Source;
  onChange: (source: Source) => void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      <label className="choice">
        <input
          type="radio"
          name={name}
          value="local"
          checked={value === 'local'}
          onChange={() => onChange('local')}
        />
        <span>
          {localText} ({local.label}) — <span className="mono">{local.url}</span>
        </span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name={name}
          value="custom"
          checked={value === 'custom'}
          onChange={() => onChange('custom')}
        />
        <span>{ownText}</span>
      </label>
    </fieldset>
  );
}
