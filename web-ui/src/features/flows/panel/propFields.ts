// Turns a piece action's or trigger's props into the form fields the step panel shows (pure, unit-tested).
import type { PieceActionMeta, PieceMetadata, PieceProp, PropOption } from '../model';
import { needsAuth } from '../editor/steps';

export type FieldKind =
  | 'connection'
  | 'text'
  | 'textarea'
  | 'number'
  | 'checkbox'
  | 'select'
  | 'multiselect'
  | 'dynamic-select'
  | 'dynamic-multiselect'
  | 'json'
  | 'array'
  | 'datetime'
  | 'markdown';

export interface PropField {
  name: string;
  label: string;
  description: string | undefined;
  required: boolean;
  kind: FieldKind;
  /** Static options (STATIC_DROPDOWN, STATIC_MULTI_SELECT_DROPDOWN). */
  options: PropOption[];
  /** Props whose values change this one's options (dynamic dropdowns). */
  refreshers: string[];
  /** Whether the person may switch to typing an expression instead. */
  allowsExpression: boolean;
  defaultValue: unknown;
}

const KIND_BY_TYPE: Record<string, FieldKind> = {
  SHORT_TEXT: 'text',
  SECRET_TEXT: 'text',
  FILE: 'text',
  LONG_TEXT: 'textarea',
  NUMBER: 'number',
  CHECKBOX: 'checkbox',
  STATIC_DROPDOWN: 'select',
  STATIC_MULTI_SELECT_DROPDOWN: 'multiselect',
  DROPDOWN: 'dynamic-select',
  MULTI_SELECT_DROPDOWN: 'dynamic-multiselect',
  JSON: 'json',
  OBJECT: 'json',
  DYNAMIC: 'json',
  ARRAY: 'array',
  DATE_TIME: 'datetime',
  MARKDOWN: 'markdown',
};

export function fieldKind(prop: PieceProp): FieldKind {
  return KIND_BY_TYPE[prop.type] ?? 'json';
}

/** Field kinds that are typed as text, so the data selector can insert `{{…}}` into them. */
export function acceptsData(kind: FieldKind): boolean {
  return kind === 'text' || kind === 'textarea' || kind === 'datetime';
}

function field(name: string, prop: PieceProp): PropField {
  const kind = fieldKind(prop);
  return {
    name,
    label: kind === 'markdown' ? '' : prop.displayName,
    description: prop.description,
    required: kind !== 'markdown' && prop.required,
    kind,
    options: prop.options?.options ?? [],
    refreshers: prop.refreshers ?? [],
    allowsExpression: kind !== 'markdown',
    defaultValue: prop.defaultValue,
  };
}

/** The fields of an action or trigger, connection first (when the piece needs one), in the piece's order. */
export function propFields(piece: PieceMetadata, meta: PieceActionMeta): PropField[] {
  const fields: PropField[] = [];
  if (needsAuth(piece, meta)) {
    fields.push({
      name: 'auth',
      label: 'Connection',
      description: undefined,
      required: true,
      kind: 'connection',
      options: [],
      refreshers: [],
      allowsExpression: false,
      defaultValue: undefined,
    });
  }
  for (const [name, prop] of Object.entries(meta.props)) fields.push(field(name, prop));
  return fields;
}

/** The value of a connection with this external id, as Flow Pieces expects it in `input.auth`. */
export function connectionValue(externalId: string): string {
  return `{{connections['${externalId.replace(/'/g, "\\'")}']}}`;
}

/** The external id inside `{{connections['…']}}`, or the raw text when it is not in that form. */
export function connectionId(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = /^\{\{connections\['(.*)'\]\}\}$/.exec(value.trim());
  return match ? (match[1] ?? '').replace(/\\'/g, "'") : value;
}

/** Text for a value in expression mode (or for a read-only view). */
export function valueAsText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Markdown help as plain text: the live webhook address is not known here, so it is named instead. */
export function markdownText(description: string | undefined): string {
  return (description ?? '')
    .replace(/\{\{webhookUrl\}\}/g, "(this flow's webhook URL)")
    .replace(/```[a-z]*\n?/g, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}
