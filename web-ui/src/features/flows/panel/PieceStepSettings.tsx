// Dropdown-first settings of a piece step: the piece, then its action (or trigger), then the generated props form.
import { useMemo } from 'react';
import { SearchSelect } from '../components/SearchSelect';
import type { FlowStep, PieceActionMeta, PieceMetadata, PieceSettings, PieceSummary, PropertySettings } from '../model';
import { usePieceMetadata, usePieceSummaries } from '../pieces';
import { pieceSettings, pieceStepLooksValid, pieceVersionRange } from '../editor/steps';
import { PropsForm } from './PropsForm';
import { propFields } from './propFields';

interface PieceStepSettingsProps {
  flowId: string;
  step: FlowStep;
  kind: 'action' | 'trigger';
  readOnly: boolean;
  onChange: (step: FlowStep) => void;
}

function settingsOf(step: FlowStep): PieceSettings | undefined {
  if (step.type === 'PIECE' || step.type === 'PIECE_TRIGGER') return step.settings;
  return undefined;
}

/** The step with new piece settings, typed as the trigger or action it is. */
function withSettings(step: FlowStep, kind: 'action' | 'trigger', settings: PieceSettings, displayName: string, valid: boolean): FlowStep {
  if (kind === 'trigger') return { ...step, type: 'PIECE_TRIGGER', settings, displayName, valid } as FlowStep;
  return { ...step, type: 'PIECE', settings, displayName, valid } as FlowStep;
}

export function PieceStepSettings({ flowId, step, kind, readOnly, onChange }: PieceStepSettingsProps) {
  const settings = settingsOf(step);
  const summaries = usePieceSummaries();
  const metadata = usePieceMetadata(settings?.pieceName);
  const piece = metadata.value;
  const chosenName = kind === 'action' ? settings?.actionName : settings?.triggerName;
  const choices = piece ? (kind === 'action' ? piece.actions : piece.triggers) : undefined;
  const meta: PieceActionMeta | undefined = chosenName && choices ? choices[chosenName] : undefined;
  const noun = kind === 'action' ? 'Action' : 'Trigger';

  const pieceOptions = useMemo(
    () =>
      (summaries.value ?? [])
        .filter((summary: PieceSummary) => (kind === 'action' ? summary.actions > 0 : summary.triggers > 0))
        .map((summary) => ({ value: summary.name, label: summary.displayName })),
    [summaries.value, kind],
  );
  const choiceOptions = useMemo(
    () =>
      Object.values(choices ?? {}).map((choice) => ({ value: choice.name, label: choice.displayName })),
    [choices],
  );

  function choosePiece(name: string) {
    const summary = summaries.value?.find((candidate) => candidate.name === name);
    if (summary === undefined) return;
    const next: PieceSettings = {
      pieceName: summary.name,
      pieceVersion: pieceVersionRange(summary.version),
      input: {},
      propertySettings: {},
    };
    if (kind === 'action') next.errorHandlingOptions = { continueOnFailure: { value: false }, retryOnFailure: { value: false } };
    onChange(withSettings(step, kind, next, summary.displayName, false));
  }

  function chooseAction(name: string, loaded: PieceMetadata) {
    const chosen = (kind === 'action' ? loaded.actions : loaded.triggers)[name];
    if (chosen === undefined) return;
    const next = pieceSettings(loaded, kind, chosen);
    if (kind === 'action' && settings?.errorHandlingOptions) next.errorHandlingOptions = settings.errorHandlingOptions;
    onChange(withSettings(step, kind, next, chosen.displayName, pieceStepLooksValid(next, loaded, chosen)));
  }

  function changeInput(input: Record<string, unknown>, propertySettings: PropertySettings) {
    if (settings === undefined) return;
    const next = { ...settings, input, propertySettings };
    onChange(withSettings(step, kind, next, step.displayName, pieceStepLooksValid(next, piece, meta)));
  }

  if (readOnly) {
    return (
      <>
        <dl className="details readonly-props">
          <div className="readonly-row">
            <dt>Piece</dt>
            <dd data-testid="readonly-piece">{piece?.displayName ?? settings?.pieceName ?? 'Not chosen'}</dd>
          </div>
          <div className="readonly-row">
            <dt>{noun}</dt>
            <dd data-testid="readonly-action">{meta?.displayName ?? chosenName ?? 'Not chosen'}</dd>
          </div>
        </dl>
        {piece && meta && settings && (
          <PropsForm
            fields={propFields(piece, meta)}
            input={settings.input}
            propertySettings={settings.propertySettings ?? {}}
            readOnly
            dynamic={{ flowId, pieceName: piece.name, pieceVersion: settings.pieceVersion, actionOrTriggerName: meta.name }}
            onChange={changeInput}
          />
        )}
      </>
    );
  }

  return (
    <>
      <SearchSelect
        label="Piece"
        value={settings?.pieceName}
        options={pieceOptions}
        placeholder={kind === 'trigger' ? 'Choose what starts the flow' : 'Choose a piece'}
        loading={summaries.value === undefined && summaries.error === undefined}
        onChange={choosePiece}
        testId="piece-select"
      />
      {summaries.error && <p className="field-error">{summaries.error}</p>}
      {settings?.pieceName && (
        <SearchSelect
          label={noun}
          value={chosenName}
          options={choiceOptions}
          placeholder={`Choose a${kind === 'action' ? 'n action' : ' trigger'}`}
          loading={piece === undefined && metadata.error === undefined}
          onChange={(name) => piece && chooseAction(name, piece)}
          testId={`${kind}-select`}
        />
      )}
      {metadata.error && <p className="field-error">{metadata.error}</p>}
      {piece && meta && settings && (
        <section className="panel-section" aria-label={`${meta.displayName} settings`}>
          {meta.description && <p className="muted small-text">{meta.description}</p>}
          <PropsForm
            fields={propFields(piece, meta)}
            input={settings.input}
            propertySettings={settings.propertySettings ?? {}}
            readOnly={false}
            dynamic={{ flowId, pieceName: piece.name, pieceVersion: settings.pieceVersion, actionOrTriggerName: meta.name }}
            onChange={changeInput}
          />
        </section>
      )}
    </>
  );
}

export function useStepMeta(step: FlowStep) {
  const settings = settingsOf(step);
  const metadata = usePieceMetadata(settings?.pieceName);
  const meta =
    step.type === 'PIECE' && settings?.actionName ? metadata.value?.actions[settings.actionName] : undefined;
  return meta;
}
