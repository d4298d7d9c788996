// The one edge type of the canvas: a rounded orthogonal line along the layout's points, with its "+" and label.
import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { useCanvas } from './context';
import { Icon } from './icons';
import { roundedPath } from './geometry';
import type { CanvasEdge, Point } from './layout';

/** Centred on `p`; edge labels sit in a layer without pointer events, so they take them back. */
const at = (p: Point) =>
  ({ transform: `translate(-50%, -50%) translate(${p.x}px, ${p.y}px)`, pointerEvents: 'all' }) as const;

export function FlowEdge({ id, data, markerEnd }: EdgeProps<CanvasEdge>) {
  const { readOnly, insert } = useCanvas();
  if (!data) {
    return null;
  }
  const target = readOnly ? null : data.insert;
  const { insertAt, label, labelAt } = data;
  return (
    <>
      <BaseEdge
        id={id}
        path={roundedPath(data.points)}
        markerEnd={markerEnd}
        interactionWidth={0}
        className={`flow-edge flow-edge-${data.kind}${data.dashed ? ' dashed' : ''}`}
      />
      {((target && insertAt) || (label && labelAt)) && (
        <EdgeLabelRenderer>
          {label && labelAt && (
            <div className="flow-branch-label nodrag nopan" style={at(labelAt)} title={label}>
              {label}
            </div>
          )}
          {target && insertAt && (
            <button
              type="button"
              className="flow-insert nodrag nopan"
              style={at(insertAt)}
              data-testid={`insert-${target.insertId}`}
              aria-label={target.insertLabel}
              title={target.insertLabel}
              onClick={() => insert(target.insert)}
            >
              <Icon name="plus" size={12} />
            </button>
          )}
        </EdgeLabelRenderer>
      )}
    </>
  );
}
