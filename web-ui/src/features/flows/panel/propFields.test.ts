import { describe, expect, it } from 'vitest';
import type { PieceMetadata } from '../model';
import { SLACK_PIECE, STORE_PIECE } from '../testData';
import { appendKey, insertAtCursor, outputFields } from './dataSelector';
import { connectionId, connectionValue, fieldKind, markdownText, propFields } from './propFields';

describe('propFields', () => {
  it('maps every prop type to its widget', () => {
    const kinds = Object.fromEntries(
      [
        'SHORT_TEXT', 'LONG_TEXT', 'NUMBER', 'CHECKBOX', 'STATIC_DROPDOWN', 'STATIC_MULTI_SELECT_DROPDOWN', 'DROPDOWN',
        'MULTI_SELECT_DROPDOWN', 'JSON', 'ARRAY', 'DATE_TIME', 'MARKDOWN', 'OBJECT', 'SECRET_TEXT',
      ].map((type) => [type, fieldKind({ type, displayName: type, required: false })]),
    );
    expect(kinds).toEqual({
      SHORT_TEXT: 'text',
      LONG_TEXT: 'textarea',
      NUMBER: 'number',
      CHECKBOX: 'checkbox',
      STATIC_DROPDOWN: 'select',
      STATIC_MULTI_SELECT_DROPDOWN: 'multiselect',
      DROPDOWN: 'dynamic-select',
      MULTI_SELECT_DROPDOWN: 'dynamic-multiselect',
      JSON: 'json',
      ARRAY: 'array',
      DATE_TIME: 'datetime',
      MARKDOWN: 'markdown',
      OBJECT: 'json',
      SECRET_TEXT: 'text',
    });
  });

  it('lists the props in order with their static options and required flags', () => {
    const meta = STORE_PIECE.actions.put;
    if (meta === undefined) throw new Error('fixture');
    const fields = propFields(STORE_PIECE, meta);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['key', 'text', true],
      ['value', 'text', true],
      ['store_scope', 'select', true],
    ]);
    expect(fields[2]?.options).toEqual([
      { label: 'Project', value: 'COLLECTION' },
      { label: 'Flow', value: 'FLOW' },
    ]);
  });

  it('puts a required connection first when the piece has auth, unless the action does not need it', () => {
    const meta = SLACK_PIECE.actions.send_channel_message;
    if (meta === undefined) throw new Error('fixture');
    expect(propFields(SLACK_PIECE, meta)[0]).toMatchObject({ name: 'auth', kind: 'connection', required: true });
    const noAuth: PieceMetadata = { ...SLACK_PIECE, actions: { x: { ...meta, requireAuth: false } } };
    expect(propFields(noAuth, { ...meta, requireAuth: false }).some((f) => f.name === 'auth')).toBe(false);
  });

  it('writes and reads connection references as Flow Pieces expects them', () => {
    expect(connectionValue('slack-main')).toBe("{{connections['slack-main']}}");
    expect(connectionId("{{connections['slack-main']}}")).toBe('slack-main');
    expect(connectionId(undefined)).toBe('');
  });

  it('shows markdown help as plain text', () => {
    expect(markdownText('**Live URL:**\n```text\n{{webhookUrl}}\n```')).toBe("Live URL:\n(this flow's webhook URL)");
  });
});

describe('data selector', () => {
  it('lists sample output fields as step paths', () => {
    const fields = outputFields('trigger', { body: { order: 'A-1', 'first name': 'Ada', items: [{ sku: 'x' }] } });
    expect(fields.map((f) => f.path)).toEqual([
      'trigger.body',
      'trigger.body.order',
      "trigger.body['first name']",
      'trigger.body.items',
      'trigger.body.items[0]',
    ]);
    expect(fields[1]).toEqual({ path: 'trigger.body.order', label: 'body.order', preview: 'A-1' });
  });

  it('inserts at the cursor, replacing a selection', () => {
    expect(insertAtCursor('Hello !', '{{trigger.name}}', 6, 6)).toEqual({ value: 'Hello {{trigger.name}}!', cursor: 22 });
    expect(insertAtCursor('Hello XX!', '{{a}}', 6, 8)).toEqual({ value: 'Hello {{a}}!', cursor: 11 });
    expect(insertAtCursor('end', '{{a}}', null, null)).toEqual({ value: 'end{{a}}', cursor: 8 });
  });

  it('lists a payload body before the other parts of a request', () => {
    const fields = outputFields('trigger', { method: 'POST', headers: { host: 'x' }, body: { order: 'A-1' } });
    expect(fields.map((f) => f.path)).toEqual([
      'trigger.body',
      'trigger.body.order',
      'trigger.method',
      'trigger.headers',
      'trigger.headers.host',
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(appendKey('step_1', 'ok')).toBe('step_1.ok');
    expect(appendKey('step_1', "it's")).toBe("step_1['it\\'s']");
    expect(appendKey('step_1', 2)).toBe('step_1[2]');
  });
});
