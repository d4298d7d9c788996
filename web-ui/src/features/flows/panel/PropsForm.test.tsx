import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ok, stubApi, type RecordedCall } from '../../../test/fakeApi';
import type { FlowStep, PieceMetadata, PieceProp, PropertySettings } from '../model';
import { makeRun, SLACK_PIECE, webhookTrigger } from '../testData';
import { DataSourceContext } from './DataSelector';
import { PropsForm } from './PropsForm';
import { propFields } from './propFields';

const DYNAMIC = { flowId: 'flow1', pieceName: '@activepieces/piece-test', pieceVersion: '~1.0.0', actionOrTriggerName: 'act' };

function pieceWith(props: Record<string, PieceProp>, auth?: PieceProp): PieceMetadata {
  return {
    name: '@activepieces/piece-test',
    displayName: 'Test',
    version: '1.0.0',
    ...(auth ? { auth } : {}),
    triggers: {},
    actions: { act: { name: 'act', displayName: 'Act', props } },
  };
}

interface Recorded {
  input: Record<string, unknown>;
  propertySettings: PropertySettings;
}

function renderForm(
  piece: PieceMetadata,
  initial: Record<string, unknown> = {},
  data: { steps: FlowStep[]; sample?: ReturnType<typeof makeRun> } = { steps: [] },
  readOnly = false,
) {
  const changes: Recorded[] = [];
  const found = piece.actions.act;
  if (found === undefined) throw new Error('fixture');
  const meta = found;
  function Harness() {
    const [state, setState] = useState<Recorded>({ input: initial, propertySettings: {} });
    return (
      <DataSourceContext.Provider value={{ steps: data.steps, sample: data.sample }}>
        <PropsForm
          fields={propFields(piece, meta)}
          input={state.input}
          propertySettings={state.propertySettings}
          readOnly={readOnly}
          dynamic={DYNAMIC}
          onChange={(input, propertySettings) => {
            changes.push({ input, propertySettings });
            setState({ input, propertySettings });
          }}
        />
      </DataSourceContext.Provider>
    );
  }
  const user = userEvent.setup();
  render(<Harness />);
  const last = () => changes[changes.length - 1];
  return { user, changes, last };
}

describe('PropsForm widgets', () => {
  it('renders text, long text, number, checkbox and date props with required marks', async () => {
    const { user, last } = renderForm(
      pieceWith({
        title: { type: 'SHORT_TEXT', displayName: 'Title', required: true, description: 'Shown first' },
        body: { type: 'LONG_TEXT', displayName: 'Body', required: false },
        count: { type: 'NUMBER', displayName: 'Count', required: false },
        urgent: { type: 'CHECKBOX', displayName: 'Urgent', required: false },
        due: { type: 'DATE_TIME', displayName: 'Due', required: false },
      }),
    );

    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAttribute('aria-required', 'true');
    expect(title).toHaveAccessibleDescription('Shown first');
    await user.type(title, 'Hi');
    expect(last()?.input).toMatchObject({ title: 'Hi' });

    const body = screen.getByRole('textbox', { name: 'Body' });
    expect(body.tagName).toBe('TEXTAREA');
    expect(body).not.toHaveAttribute('aria-required');

    await user.type(screen.getByRole('spinbutton', { name: 'Count' }), '42');
    expect(last()?.input.count).toBe(42);

    await user.click(screen.getByRole('checkbox', { name: 'Urgent' }));
    expect(last()?.input.urgent).toBe(true);

    await user.type(screen.getByRole('textbox', { name: 'Due' }), '2025-01-31');
    expect(last()?.input.due).toBe('2025-01-31');
  });

  it('offers static dropdown options and keeps the option values', async () => {
    const { user, last } = renderForm(
      pieceWith({
        scope: {
          type: 'STATIC_DROPDOWN',
          displayName: 'Scope',
          required: true,
          options: { options: [{ label: 'Project', value: 'COLLECTION' }, { label: 'Count', value: 3 }] },
        },
        tags: {
          type: 'STATIC_MULTI_SELECT_DROPDOWN',
          displayName: 'Tags',
          required: false,
          options: { options: [{ label: 'Red', value: 'r' }, { label: 'Blue', value: 'b' }] },
        },
      }),
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scope' }), 'Count');
    expect(last()?.input.scope).toBe(3);

    await user.selectOptions(screen.getByRole('listbox', { name: 'Tags' }), ['Red', 'Blue']);
    expect(last()?.input.tags).toEqual(['r', 'b']);
  });

  it('accepts only valid JSON and says so plainly', async () => {
    const { user, changes, last } = renderForm(pieceWith({ blocks: { type: 'JSON', displayName: 'Blocks', required: false } }));
    const area = screen.getByRole('textbox', { name: 'Blocks' });
    await user.type(area, '{{"a": ');
    expect(screen.getByText(/Enter valid JSON/)).toBeVisible();
    expect(area).toHaveAttribute('aria-invalid', 'true');
    const before = changes.length;
    await user.type(area, '1}');
    expect(changes.length).toBe(before + 1);
    expect(last()?.input.blocks).toEqual({ a: 1 });
    expect(screen.queryByText(/Enter valid JSON/)).not.toBeInTheDocument();
  });

  it('edits an array as rows of text with add and remove', async () => {
    const { user, last } = renderForm(pieceWith({ emails: { type: 'ARRAY', displayName: 'Emails', required: false } }), {
      emails: ['a@x.co'],
    });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await user.type(screen.getByRole('textbox', { name: 'Emails item 2' }), 'b@x.co');
    expect(last()?.input.emails).toEqual(['a@x.co', 'b@x.co']);
    await user.click(screen.getByRole('button', { name: 'Remove Emails item 1' }));
    expect(last()?.input.emails).toEqual(['b@x.co']);
  });

  it('shows markdown props as help text, not as an input', () => {
    renderForm(pieceWith({ info: { type: 'MARKDOWN', displayName: 'Markdown', required: false, description: 'Invite the **bot** first.' } }));
    expect(screen.getByTestId('prop-help-info')).toHaveTextContent('Invite the bot first.');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('loads dynamic dropdown options and shows the placeholder when they are unavailable', async () => {
    const api = stubApi({
      'POST /api/pmos/pieces/options': ({ body }: RecordedCall) =>
        (body as { propertyName: string }).propertyName === 'channel'
          ? ok({ options: { disabled: true, placeholder: 'Connect Slack first.', options: [] } })
          : ok({ options: { disabled: false, options: [{ label: 'Sheet 1', value: 's1' }] } }),
    });
    const { user, last } = renderForm(
      pieceWith({
        channel: { type: 'DROPDOWN', displayName: 'Channel', required: true, refreshers: [] },
        sheet: { type: 'DROPDOWN', displayName: 'Sheet', required: false, refreshers: ['channel'] },
      }),
    );

    expect(await screen.findByTestId('options-placeholder-channel')).toHaveTextContent('Connect Slack first.');
    expect(screen.getByRole('combobox', { name: 'Channel' })).toBeDisabled();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Sheet' }), 'Sheet 1');
    expect(last()?.input.sheet).toBe('s1');

    const calls = api.callsTo('POST', '/api/pmos/pieces/options');
    expect(calls.map((c) => (c.body as { propertyName: string }).propertyName).sort()).toEqual(['channel', 'sheet']);
    expect(calls[0]?.body).toMatchObject({ flowId: 'flow1', pieceName: '@activepieces/piece-test', pieceVersion: '~1.0.0', actionOrTriggerName: 'act' });
  });

  it('reloads a dynamic dropdown when one of its refresher props changes', async () => {
    const api = stubApi({ 'POST /api/pmos/pieces/options': ok({ options: { options: [] } }) });
    const { user } = renderForm(
      pieceWith({
        workspace: { type: 'SHORT_TEXT', displayName: 'Workspace', required: false },
        other: { type: 'SHORT_TEXT', displayName: 'Other', required: false },
        project: { type: 'DROPDOWN', displayName: 'Project', required: false, refreshers: ['workspace'] },
      }),
    );
    await waitFor(() => expect(api.callsTo('POST', '/api/pmos/pieces/options')).toHaveLength(1));
    await user.type(screen.getByRole('textbox', { name: 'Other' }), 'x');
    await user.type(screen.getByRole('textbox', { name: 'Workspace' }), 'w');
    await waitFor(() => expect(api.callsTo('POST', '/api/pmos/pieces/options')).toHaveLength(2));
    expect(api.callsTo('POST', '/api/pmos/pieces/options')[1]?.body).toMatchObject({ input: { workspace: 'w', other: 'x' } });
  });

  it('says that the step needs a connection instead of a credentials error, and reloads once one is chosen', async () => {
    const message = 'Choose a Slack connection for this step first: the options of \'Channel\' come from that account.';
    const api = stubApi({
      'POST /api/pmos/pieces/options': ({ body }: RecordedCall) => {
        const request = body as { propertyName: string; input: Record<string, unknown> };
        if (request.propertyName === 'auth') return { status: 404, body: { ok: false, error: 'No such field.' } };
        return request.input.auth === undefined
          ? { status: 409, body: { ok: false, error: message, code: 'CONNECTION_REQUIRED' } }
          : ok({ options: { disabled: false, options: [{ label: '#general', value: 'C1' }] } });
      },
    });
    const meta = SLACK_PIECE.actions.send_channel_message;
    if (meta === undefined) throw new Error('fixture');
    const { user, last } = renderForm({ ...SLACK_PIECE, actions: { act: { ...meta, name: 'act' } } });

    expect(await screen.findByTestId('options-needs-connection-channel')).toHaveTextContent(message);
    expect(screen.getByRole('combobox', { name: 'Channel' })).toBeDisabled();
    expect(screen.queryByText(/credentials/)).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Connection' }), 'slack-main');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Channel' }), '#general');
    expect(last()?.input.channel).toBe('C1');
    expect(screen.queryByTestId('options-needs-connection-channel')).not.toBeInTheDocument();
    const channelCalls = api.callsTo('POST', '/api/pmos/pieces/options')
      .filter((c) => (c.body as { propertyName: string }).propertyName === 'channel');
    expect(channelCalls.at(-1)?.body).toMatchObject({ input: { auth: "{{connections['slack-main']}}" } });
  });

  it('lets the connection be typed when Flow Pieces lists none', async () => {
    stubApi({ 'POST /api/pmos/pieces/options': { status: 502, body: { ok: false, error: 'No such property.' } } });
    const meta = SLACK_PIECE.actions.send_channel_message;
    if (meta === undefined) throw new Error('fixture');
    const { user, last } = renderForm({ ...SLACK_PIECE, actions: { act: { ...meta, name: 'act', props: {} } } });
    await user.type(screen.getByRole('textbox', { name: 'Connection' }), 'slack-main');
    expect(last()?.input.auth).toBe("{{connections['slack-main']}}");
  });
});

describe('PropsForm expressions and data', () => {
  it('switches a prop to an expression (DYNAMIC) and back to its regular input (MANUAL)', async () => {
    const { user, last } = renderForm(
      pieceWith({
        notify: { type: 'CHECKBOX', displayName: 'Notify', required: false, defaultValue: false },
      }),
      { notify: true },
    );
    await user.click(screen.getByRole('button', { name: 'Type an expression for Notify' }));
    expect(last()?.propertySettings.notify).toEqual({ type: 'DYNAMIC' });
    expect(last()?.input.notify).toBe('true');

    const expression = screen.getByRole('textbox', { name: 'Notify' });
    await user.clear(expression);
    await user.type(expression, '{{{{trigger.body.vip}}');
    expect(last()?.input.notify).toBe('{{trigger.body.vip}}');
    expect(screen.queryByRole('checkbox', { name: 'Notify' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Type an expression for Notify' }));
    expect(last()?.propertySettings.notify).toEqual({ type: 'MANUAL' });
    expect(last()?.input.notify).toBe(false);
    expect(screen.getByRole('checkbox', { name: 'Notify' })).not.toBeChecked();
  });

  it('inserts a sample output field from an earlier step at the cursor', async () => {
    const { user, last } = renderForm(
      pieceWith({ text: { type: 'SHORT_TEXT', displayName: 'Text', required: false } }),
      { text: 'Order  received' },
      { steps: [webhookTrigger()], sample: makeRun() },
    );
    const input = screen.getByRole('textbox', { name: 'Text' }) as HTMLInputElement;
    input.focus();
    input.setSelectionRange(6, 6);

    await user.click(screen.getByRole('button', { name: 'Insert data into Text' }));
    const popover = within(screen.getByRole('dialog', { name: 'Data for Text' }));
    expect(popover.getByText('Catch Webhook')).toBeVisible();
    await user.click(popover.getByTestId('data-field-trigger.body.order'));

    expect(last()?.input.text).toBe('Order {{trigger.body.order}} received');
    expect(screen.queryByRole('dialog', { name: 'Data for Text' })).not.toBeInTheDocument();
  });

  it('offers the step itself when no run has sample data yet', async () => {
    const { user, last } = renderForm(
      pieceWith({ text: { type: 'SHORT_TEXT', displayName: 'Text', required: false } }),
      {},
      { steps: [webhookTrigger()] },
    );
    await user.click(screen.getByRole('button', { name: 'Insert data into Text' }));
    expect(screen.getByText('Run a test to see its fields.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: /Catch Webhook/ }));
    expect(last()?.input.text).toBe('{{trigger}}');
  });

  it('shows values as text without inputs when read-only', () => {
    const onChange = vi.fn();
    renderForm(
      pieceWith({
        key: { type: 'SHORT_TEXT', displayName: 'Key', required: true },
        scope: { type: 'STATIC_DROPDOWN', displayName: 'Scope', required: true, options: { options: [{ label: 'Project', value: 'COLLECTION' }] } },
      }),
      { key: 'last-order', scope: 'COLLECTION' },
      { steps: [] },
      true,
    );
    expect(screen.getByTestId('prop-key')).toHaveTextContent('last-order');
    expect(screen.getByTestId('prop-scope')).toHaveTextContent('Project');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });
});
