// The custom nodes of the canvas: step cards, "+" placeholders, loop boxes and the small connecting points.
import { useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useCanvas } from './context';
import { Icon } from './icons';
import type {
  FlowEndCanvasNode,
  JunctionCanvasNode,
  LoopBoxCanvasNode,
  LoopReturnCanvasNode,
  PlaceholderCanvasNode,
  StepCanvasNode,
} from './layout';
import { stepLook, type StepLook } from './stepLook';

/** Nodes take no pointer events (they are neither selectable nor draggable); their buttons do. */
const interactive = { pointerEvents: 'all' } as const;

/** Both handles of every node: edges are routed by the layout, the handles only anchor them. */
function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="flow-canvas-handle" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="flow-canvas-handle" />
    </>
  );
}

function StepLogo({ look }: { look: StepLook }) {
  const [broken, setBroken] = useState<string | null>(null);
  if (look.logoUrl !== null && broken !== look.logoUrl) {
    const url = look.logoUrl;
    return (
      <span className="flow-step-logo">
        <img src={url} alt={look.kindLabel} width={28} height={28} onError={() => setBroken(url)} />
      </span>
    );
  }
  return (
    <span className={`flow-step-logo icon icon-${look.icon}`} role="img" aria-label={look.kindLabel}>
      <Icon name={look.icon} size={20} />
    </span>
  );
}

export function StepNode({ data }: NodeProps<StepCanvasNode>) {
  const { pieces, selectedStep, selectStep } = useCanvas();
  const look = stepLook(data, pieces);
  const selected = selectedStep === data.stepName;
  const emptyTrigger = data.stepType === 'EMPTY';
  // nopan: a press on a card is a click, never the start of a pan that would swallow it.
  const classes = ['flow-step', 'nopan'];
  if (selected) classes.push('selected');
  if (data.skip) classes.push('skipped');
  if (emptyTrigger) classes.push('empty-trigger');
  if (!data.valid) classes.push('invalid');
  return (
    <>
      <Handles />
      <button
        type="button"
        className={classes.join(' ')}
        style={interactive}
        data-testid={`step-${data.stepName}`}
        aria-pressed={selected}
        onClick={() => selectStep(data.stepName)}
      >
        <StepLogo look={look} />
        <span className="flow-step-text">
          <span className="flow-step-meta">
            <span className="flow-step-kind">
              {data.isTrigger && !emptyTrigger ? (
                <>
                  <span className="flow-step-trigger-tag">Trigger</span>
                  {look.kindLabel}
                </>
              ) : (
                look.kindLabel
              )}
            </span>
            <span className="flow-step-name">{data.stepName}</span>
          </span>
          <span className="flow-step-title" title={emptyTrigger ? undefined : data.displayName}>
            {emptyTrigger ? 'Select a trigger' : data.displayName}
          </span>
        </span>
        {(!data.valid || data.skip) && (
          <span className="flow-step-badges">
            {data.skip && (
              <span className="flow-step-badge skipped" title="Skipped: this step does not run.">
                Skipped
              </span>
            )}
            {!data.valid && (
              <span
                className="flow-step-badge warning"
                data-testid={`step-warning-${data.stepName}`}
                title={
                  emptyTrigger
                    ? 'Incomplete: choose what starts this flow.'
                    : 'Incomplete: some required settings of this step are missing or invalid. Fix them before publishing.'
                }
              >
                <Icon name="warning" size={11} />
                Incomplete
              </span>
            )}
          </span>
        )}
      </button>
    </>
  );
}

export function PlaceholderNode({ data }: NodeProps<PlaceholderCanvasNode>) {
  const { readOnly, insert } = useCanvas();
  return (
    <>
      <Handles />
      {readOnly ? (
        <div className="flow-placeholder readonly">{data.emptyLabel}</div>
      ) : (
        <button
          type="button"
          className="flow-placeholder nopan"
          style={interactive}
          data-testid={`insert-${data.insertId}`}
          aria-label={data.insertLabel}
          title={data.insertLabel}
          onClick={() => insert(data.insert)}
        >
          <span className="flow-placeholder-plus">
            <Icon name="plus" size={14} />
          </span>
          Add a step
        </button>
      )}
    </>
  );
}

export function LoopBoxNode(_props: NodeProps<LoopBoxCanvasNode>) {
  return (
    <>
      <Handles />
      <div className="flow-loop-box" />
    </>
  );
}

export function LoopReturnNode(_props: NodeProps<LoopReturnCanvasNode>) {
  return (
    <>
      <Handles />
      <div className="flow-loop-return" />
    </>
  );
}

export function JunctionNode(_props: NodeProps<JunctionCanvasNode>) {
  return <Handles />;
}

export function FlowEndNode(_props: NodeProps<FlowEndCanvasNode>) {
  return (
    <>
      <Handles />
      <div className="flow-end">End</div>
    </>
  );
}
