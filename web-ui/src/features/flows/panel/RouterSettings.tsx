// Router settings: how branches are chosen, and each branch's name and conditions (outer list OR, inner AND).
import { useRef } from 'react';
import type { BranchCondition, RouterAction, RouterBranch } from '../model';
import { emptyCondition } from '../editor/steps';
import { DataSelector } from './DataSelector';

/** Activepieces' branch operators (`BranchOperator` in @activepieces/shared), with plain labels. */
export const OPERATORS: { value: string; label: string }[] = [
  { value: 'TEXT_CONTAINS', label: 'Text contains' },
  { value: 'TEXT_DOES_NOT_CONTAIN', label: 'Text does not contain' },
  { value: 'TEXT_EXACTLY_MATCHES', label: 'Text exactly matches' },
  { value: 'TEXT_DOES_NOT_EXACTLY_MATCH', label: 'Text does not exactly match' },
  { value: 'TEXT_START_WITH', label: 'Text starts with' },
  { value: 'TEXT_DOES_NOT_START_WITH', label: 'Text does not start with' },
  { value: 'TEXT_ENDS_WITH', label: 'Text ends with' },
  { value: 'TEXT_DOES_NOT_END_WITH', label: 'Text does not end with' },
  { value: 'NUMBER_IS_GREATER_THAN', label: 'Number is greater than' },
  { value: 'NUMBER_IS_LESS_THAN', label: 'Number is less than' },
  { value: 'NUMBER_IS_EQUAL_TO', label: 'Number is equal to' },
  { value: 'BOOLEAN_IS_TRUE', label: 'Is true' },
  { value: 'BOOLEAN_IS_FALSE', label: 'Is false' },
  { value: 'DATE_IS_BEFORE', label: 'Date is before' },
  { value: 'DATE_IS_EQUAL', label: 'Date is equal to' },
  { value: 'DATE_IS_AFTER', label: 'Date is after' },
  { value: 'LIST_CONTAINS', label: 'List contains' },
  { value: 'LIST_DOES_NOT_CONTAIN', label: 'List does not contain' },
  { value: 'LIST_IS_EMPTY', label: 'List is empty' },
  { value: 'LIST_IS_NOT_EMPTY', label: 'List is not empty' },
  { value: 'EXISTS', label: 'Exists' },
  { value: 'DOES_NOT_EXIST', label: 'Does not exist' },
];

const SINGLE_VALUE = new Set(['EXISTS', 'DOES_NOT_EXIST', 'BOOLEAN_IS_TRUE', 'BOOLEAN_IS_FALSE', 'LIST_IS_EMPTY', 'LIST_IS_NOT_EMPTY']);
/** Operators that compare text (Activepieces' `textConditions`), the only ones with a case-sensitivity flag. */
const TEXT = new Set([
  ...OPERATORS.map((o) => o.value).filter((v) => v.startsWith('TEXT_')),
  'LIST_CONTAINS',
  'LIST_DOES_NOT_CONTAIN',
]);

/** A condition after an operator change: single-value operators carry no second value, only text ones a case flag. */
export function withOperator(condition: BranchCondition, operator: string): BranchCondition {
  const next: BranchCondition = { firstValue: condition.firstValue, operator };
  if (!SINGLE_VALUE.has(operator)) next.secondValue = condition.secondValue ?? '';
  if (TEXT.has(operator)) next.caseSensitive = condition.caseSensitive ?? false;
  return next;
}

interface RouterSettingsProps {
  step: RouterAction;
  readOnly: boolean;
  onChange: (step: RouterAction) => void;
  onAddBranch: (index: number, name: string) => void;
  onDeleteBranch: (index: number) => void;
}

export function RouterSettings({ step, readOnly, onChange, onAddBranch, onDeleteBranch }: RouterSettingsProps) {
  const { branches } = step.settings;

  const setBranch = (index: number, branch: RouterBranch) =>
    onChange({ ...step, settings: { ...step.settings, branches: branches.map((b, i) => (i === index ? branch : b)) } });

  const fallbackIndex = branches.findIndex((branch) => branch.branchType === 'FALLBACK');
  const insertIndex = fallbackIndex < 0 ? branches.length : fallbackIndex;

  return (
    <div className="router-settings">
      <div className="field">
        <label htmlFor={`${step.name}-execution`}>Run</label>
        {readOnly ? (
          <p>{step.settings.executionType === 'EXECUTE_ALL_MATCH' ? 'Every branch that matches' : 'Only the first branch that matches'}</p>
        ) : (
          <select
            id={`${step.name}-execution`}
            value={step.settings.executionType}
            onChange={(event) =>
              onChange({ ...step, settings: { ...step.settings, executionType: event.target.value as RouterAction['settings']['executionType'] } })
            }
          >
            <option value="EXECUTE_FIRST_MATCH">Only the first branch that matches</option>
            <option value="EXECUTE_ALL_MATCH">Every branch that matches</option>
          </select>
        )}
      </div>
      {branches.map((branch, index) => (
        <BranchEditor
          key={index}
          index={index}
          branch={branch}
          readOnly={readOnly}
          canDelete={branch.branchType === 'CONDITION' && branches.filter((b) => b.branchType === 'CONDITION').length > 1}
          onChange={(next) => setBranch(index, next)}
          onDelete={() => onDeleteBranch(index)}
        />
      ))}
      {!readOnly && (
        <button type="button" className="button small" onClick={() => onAddBranch(insertIndex, `Branch ${insertIndex + 1}`)}>
          Add branch
        </button>
      )}
    </div>
  );
}

interface BranchEditorProps {
  index: number;
  branch: RouterBranch;
  readOnly: boolean;
  canDelete: boolean;
  onChange: (branch: RouterBranch) => void;
  onDelete: () => void;
}

function BranchEditor({ index, branch, readOnly, canDelete, onChange, onDelete }: BranchEditorProps) {
  const groups = branch.conditions ?? [];
  const setGroups = (conditions: BranchCondition[][]) => onChange({ ...branch, conditions });
  const setCondition = (g: number, c: number, condition: BranchCondition) =>
    setGroups(groups.map((group, gi) => (gi === g ? group.map((old, ci) => (ci === c ? condition : old)) : group)));
  const removeCondition = (g: number, c: number) =>
    setGroups(groups.map((group, gi) => (gi === g ? group.filter((_, ci) => ci !== c) : group)).filter((group) => group.length > 0));

  return (
    <fieldset className="branch" data-testid={`branch-${index}`}>
      <legend>{branch.branchType === 'FALLBACK' ? 'Otherwise' : `Branch ${index + 1}`}</legend>
      <div className="field">
        <label htmlFor={`branch-${index}-name`}>Branch name</label>
        {readOnly ? (
          <p id={`branch-${index}-name`}>{branch.branchName}</p>
        ) : (
          <input
            id={`branch-${index}-name`}
            type="text"
            value={branch.branchName}
            onChange={(event) => onChange({ ...branch, branchName: event.target.value })}
          />
        )}
      </div>
      {branch.branchType === 'FALLBACK' ? (
        <p className="muted small-text">Runs when no other branch matches.</p>
      ) : (
        <>
          {groups.map((group, g) => (
            <div className="condition-group" key={g}>
              {g > 0 && <p className="condition-join">or</p>}
              {group.map((condition, c) => (
                <ConditionEditor
                  key={c}
                  id={`branch-${index}-${g}-${c}`}
                  condition={condition}
                  readOnly={readOnly}
                  onChange={(next) => setCondition(g, c, next)}
                  onRemove={() => removeCondition(g, c)}
                  first={c === 0}
                />
              ))}
              {!readOnly && (
                <button type="button" className="button small" onClick={() => setGroups(groups.map((old, gi) => (gi === g ? [...old, emptyCondition()] : old)))}>
                  And
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <div className="button-row">
              <button type="button" className="button small" onClick={() => setGroups([...groups, [emptyCondition()]])}>
                Or
              </button>
              {canDelete && (
                <button type="button" className="button small danger-outline" onClick={onDelete}>
                  Delete branch
                </button>
              )}
            </div>
          )}
        </>
      )}
    </fieldset>
  );
}

interface ConditionEditorProps {
  id: string;
  condition: BranchCondition;
  readOnly: boolean;
  first: boolean;
  onChange: (condition: BranchCondition) => void;
  onRemove: () => void;
}

function ConditionEditor({ id, condition, readOnly, first, onChange, onRemove }: ConditionEditorProps) {
  const firstRef = useRef<HTMLInputElement>(null);
  const secondRef = useRef<HTMLInputElement>(null);
  const operatorLabel = OPERATORS.find((o) => o.value === condition.operator)?.label ?? condition.operator;
  if (readOnly) {
    return (
      <p className="condition-readonly">
        {!first && 'and '}
        <span className="mono">{condition.firstValue || '…'}</span> {operatorLabel.toLowerCase()}{' '}
        {!SINGLE_VALUE.has(condition.operator) && <span className="mono">{condition.secondValue || '…'}</span>}
      </p>
    );
  }
  return (
    <div className="condition" data-testid={`condition-${id}`}>
      {!first && <p className="condition-join">and</p>}
      <div className="text-with-data">
        <input
          ref={firstRef}
          type="text"
          aria-label="First value"
          placeholder="{{step_1.field}}"
          value={condition.firstValue}
          onChange={(event) => onChange({ ...condition, firstValue: event.target.value })}
        />
        <DataSelector label="First value" target={firstRef} value={condition.firstValue} onChange={(firstValue) => onChange({ ...condition, firstValue })} />
      </div>
      <select aria-label="Operator" value={condition.operator} onChange={(event) => onChange(withOperator(condition, event.target.value))}>
        {OPERATORS.map((operator) => (
          <option key={operator.value} value={operator.value}>
            {operator.label}
          </option>
        ))}
      </select>
      {!SINGLE_VALUE.has(condition.operator) && (
        <div className="text-with-data">
          <input
            ref={secondRef}
            type="text"
            aria-label="Second value"
            value={condition.secondValue ?? ''}
            onChange={(event) => onChange({ ...condition, secondValue: event.target.value })}
          />
          <DataSelector label="Second value" target={secondRef} value={condition.secondValue ?? ''} onChange={(secondValue) => onChange({ ...condition, secondValue })} />
        </div>
      )}
      {TEXT.has(condition.operator) && (
        <label className="checkbox-inline">
          <input
            type="checkbox"
            checked={condition.caseSensitive === true}
            onChange={(event) => onChange({ ...condition, caseSensitive: event.target.checked })}
          />
          Case sensitive
        </label>
      )}
      <button type="button" className="button small" onClick={onRemove}>
        Remove condition
      </button>
    </div>
  );
}
