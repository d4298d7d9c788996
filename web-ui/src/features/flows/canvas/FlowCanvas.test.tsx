import './testSetup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FlowTrigger } from '../model';
import { FlowCanvas, type FlowCanvasProps } from './FlowCanvas';
import { allStepNames, code, emptyTrigger, loop, piece, pieceTrigger, router } from './testFlows';

const pieces: FlowCanvasProps['pieces'] = {
  '@activepieces/piece-slack': { displayName: 'Slack', logoUrl: 'https://cdn.example.test/slack.png' },
  '@activepieces/piece-gmail': { displayName: 'Gmail' },
};

/** trigger -> send -> route [ each { upload (invalid) -> transform }, notify (skipped), (empty) ] -> finish */
function sampleFlow(): FlowTrigger {
  const body = piece('upload', code('transform'), {
    displayName: 'Upload file',
    valid: false,
    pieceName: '@activepieces/piece-google-drive',
  });
  const route = router(
    'route',
    [loop('each', body), piece('notify', null, { displayName: 'Send email', pieceName: '@activepieces/piece-gmail', skip: true }), null],
    piece('finish', null, { displayName: 'Post summary' }),
  );
  return pieceTrigger(piece('send', route, { displayName: 'Send message' }));
}

function renderCanvas(overrides: Partial<FlowCanvasProps> = {}) {
  const props: FlowCanvasProps = {
    trigger: sampleFlow(),
    pieces,
    selectedStep: null,
    readOnly: false,
    onSelectStep: vi.fn(),
    onInsert: vi.fn(),
    ...overrides,
  };
  const view = render(
    <div style={{ width: '1200px', height: '900px' }}>
      <FlowCanvas {...props} />
    </div>,
  );
  return { ...view, props };
}

describe('FlowCanvas', () => {
  it('renders a card per step with its name, display name and piece', () => {
    const trigger = sampleFlow();
    renderCanvas({ trigger });

    for (const name of allStepNames(trigger)) {
      const card = screen.getByTestId(`step-${name}`);
      expect(within(card).getByText(name)).toBeInTheDocument();
    }
    expect(screen.getAllByTestId(/^step-(?!warning-)/)).toHaveLength(allStepNames(trigger).length);

    const send = screen.getByTestId('step-send');
    expect(send).toHaveTextContent('Send message');
    expect(within(send).getByRole('img', { name: 'Slack' })).toHaveAttribute('src', 'https://cdn.example.test/slack.png');
    // A known piece without a logo, and an unknown piece, get the neutral icon and a readable name.
    expect(within(screen.getByTestId('step-notify')).getByRole('img', { name: 'Gmail' }).tagName).toBe('SPAN');
    expect(within(screen.getByTestId('step-upload')).getByRole('img', { name: 'Google Drive' })).toBeInTheDocument();
    expect(screen.getByTestId('step-each')).toHaveTextContent('Loop on Items');
    expect(screen.getByTestId('step-route')).toHaveTextContent('Router');
    expect(screen.getByTestId('step-transform')).toHaveTextContent('Code');

    const triggerCard = screen.getByTestId('step-trigger');
    expect(triggerCard).toHaveTextContent('Trigger');
    expect(triggerCard).toHaveTextContent('New message');
  });

  it('asks for a trigger on an empty flow', () => {
    renderCanvas({ trigger: emptyTrigger() });
    expect(screen.getByTestId('step-trigger')).toHaveTextContent('Select a trigger');
    expect(screen.getByTestId('insert-after-trigger')).toBeInTheDocument();
  });

  it('flags incomplete steps and dims skipped ones', () => {
    renderCanvas();
    const warning = screen.getByTestId('step-warning-upload');
    expect(warning).toHaveTextContent('Incomplete');
    expect(warning.getAttribute('title')).toMatch(/required settings/);
    expect(screen.queryByTestId('step-warning-send')).not.toBeInTheDocument();
    expect(screen.queryByTestId('step-warning-notify')).not.toBeInTheDocument();

    const skipped = screen.getByTestId('step-notify');
    expect(skipped).toHaveClass('skipped');
    expect(skipped).toHaveTextContent('Skipped');
    expect(screen.getByTestId('step-send')).not.toHaveClass('skipped');
  });

  it('selects a step on click or Enter, highlights the selected one, and clears on the pane', async () => {
    const user = userEvent.setup();
    const { props, container } = renderCanvas({ selectedStep: 'transform' });

    expect(screen.getByTestId('step-transform')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('step-transform')).toHaveClass('selected');
    expect(screen.getByTestId('step-send')).toHaveAttribute('aria-pressed', 'false');

    await user.click(screen.getByTestId('step-send'));
    expect(props.onSelectStep).toHaveBeenLastCalledWith('send');

    screen.getByTestId('step-upload').focus();
    await user.keyboard('{Enter}');
    expect(props.onSelectStep).toHaveBeenLastCalledWith('upload');

    fireEvent.click(container.querySelector('.react-flow__pane')!);
    expect(props.onSelectStep).toHaveBeenLastCalledWith(null);
    expect(props.onInsert).not.toHaveBeenCalled();
  });

  it('calls onInsert with the insert point of the "+" that was clicked', async () => {
    const user = userEvent.setup();
    const { props } = renderCanvas();

    const cases = [
      ['insert-after-trigger', { parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER' }],
      ['insert-after-send', { parentStep: 'send', stepLocationRelativeToParent: 'AFTER' }],
      ['insert-after-route', { parentStep: 'route', stepLocationRelativeToParent: 'AFTER' }],
      ['insert-after-transform', { parentStep: 'transform', stepLocationRelativeToParent: 'AFTER' }],
      ['insert-after-finish', { parentStep: 'finish', stepLocationRelativeToParent: 'AFTER' }],
      ['insert-loop-each', { parentStep: 'each', stepLocationRelativeToParent: 'INSIDE_LOOP' }],
      ['insert-branch-route-0', { parentStep: 'route', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 0 }],
      ['insert-branch-route-1', { parentStep: 'route', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 1 }],
      // The empty branch is a placeholder that is itself the "+".
      ['insert-branch-route-2', { parentStep: 'route', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 2 }],
    ] as const;
    for (const [testId, insertPoint] of cases) {
      await user.click(screen.getByTestId(testId));
      expect(props.onInsert, testId).toHaveBeenLastCalledWith(insertPoint);
    }
    expect(props.onInsert).toHaveBeenCalledTimes(cases.length);
    expect(props.onSelectStep).not.toHaveBeenCalled();

    // One "+" per insert point: after each of the 8 steps, inside the loop, first of each of 3 branches.
    expect(screen.getAllByTestId(/^insert-/)).toHaveLength(12);
    expect(screen.getByTestId('insert-after-send')).toHaveAccessibleName('Add a step after Send message');
    expect(screen.getByTestId('insert-loop-each')).toHaveAccessibleName('Add the first step inside Loop each');
    expect(screen.getByTestId('insert-branch-route-2')).toHaveAccessibleName('Add the first step of Otherwise in Router route');
  });

  it('offers an empty loop body as a "+" placeholder', async () => {
    const user = userEvent.setup();
    const { props } = renderCanvas({ trigger: pieceTrigger(loop('each', null)) });
    await user.click(screen.getByTestId('insert-loop-each'));
    expect(props.onInsert).toHaveBeenCalledWith({ parentStep: 'each', stepLocationRelativeToParent: 'INSIDE_LOOP' });
  });

  it('shows no "+" at all when read-only, and steps stay selectable', async () => {
    const user = userEvent.setup();
    const { props } = renderCanvas({ readOnly: true });

    expect(screen.queryAllByTestId(/^insert-/)).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: /^Add / })).toHaveLength(0);
    expect(screen.getByText('Empty branch')).toBeInTheDocument();

    await user.click(screen.getByTestId('step-finish'));
    expect(props.onSelectStep).toHaveBeenCalledWith('finish');
    expect(props.onInsert).not.toHaveBeenCalled();
  });

  it('labels router branches and draws the loop return edge dashed', () => {
    const { container } = renderCanvas();
    expect(screen.getByText('Branch 1')).toBeInTheDocument();
    expect(screen.getByText('Branch 2')).toBeInTheDocument();
    expect(screen.getByText('Otherwise')).toBeInTheDocument();

    const returnEdge = container.querySelector('[data-id="edge:loop-return:each"] path.flow-edge');
    expect(returnEdge).not.toBeNull();
    expect(returnEdge).toHaveClass('dashed');
    expect(container.querySelector('[data-id="edge:after:send"] path.flow-edge')).not.toHaveClass('dashed');
  });

  it('frames the flow on load and again when its shape changes', async () => {
    const viewport = (container: HTMLElement) => container.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    const { rerender, props, container } = renderCanvas({ trigger: pieceTrigger(piece('one')) });
    // 260 x 324 drawing (trigger, step, end) centred at natural size in the 1000 x 800 pane of testSetup.
    await waitFor(() => expect(viewport(container)).toBe('translate(370px,238px) scale(1)'));
    expect(screen.queryByTestId('step-two')).not.toBeInTheDocument();

    rerender(
      <div style={{ width: '1200px', height: '900px' }}>
        <FlowCanvas {...props} trigger={pieceTrigger(piece('one', piece('two')))} />
      </div>,
    );
    expect(screen.getByTestId('step-two')).toBeInTheDocument();
    expect(screen.getByTestId('insert-after-two')).toBeInTheDocument();
    // One step taller (70 + 80): centred again.
    await waitFor(() => expect(viewport(container)).toBe('translate(370px,163px) scale(1)'));
  });
});
