// The Flow Studio canvas: the flow tree drawn top-down, with a "+" wherever a step can be inserted.
import { useEffect, useMemo, useRef, type JSX } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import type { FlowTrigger, InsertPoint } from '../model';
import { CanvasContext, type CanvasContextValue, type PieceInfo } from './context';
import { FlowEdge } from './FlowEdge';
import { layoutFlow, type CanvasNode } from './layout';
import { FlowEndNode, JunctionNode, LoopBoxNode, LoopReturnNode, PlaceholderNode, StepNode } from './nodes';
import { VIEWPORT, frameFlow } from './viewport';

export interface FlowCanvasProps {
  /** The flow to draw: `version.trigger`. */
  trigger: FlowTrigger;
  /** Piece display names and logos, by piece name. */
  pieces: Record<string, PieceInfo>;
  selectedStep: string | null;
  /** Viewers: no "+" buttons at all; steps stay selectable. */
  readOnly: boolean;
  onSelectStep: (stepName: string | null) => void;
  /** A "+" on an edge or an empty placeholder was clicked. */
  onInsert: (at: InsertPoint) => void;
}

const nodeTypes: NodeTypes = {
  step: StepNode,
  placeholder: PlaceholderNode,
  loopBox: LoopBoxNode,
  loopReturn: LoopReturnNode,
  junction: JunctionNode,
  flowEnd: FlowEndNode,
};

const edgeTypes: EdgeTypes = { flow: FlowEdge };

function miniMapColor(node: CanvasNode): string {
  switch (node.type) {
    case 'step':
      return node.data.valid ? '#d5d7e0' : '#f3c4c6';
    case 'loopBox':
      return 'rgba(79, 70, 229, 0.08)';
    case 'placeholder':
      return '#eceef3';
    default:
      return 'transparent';
  }
}

/**
 * Draws `trigger` and everything after it. Fills its parent, which must give it a height.
 * Nodes cannot be dragged or connected: the layout is derived from the flow by `layoutFlow`.
 */
export function FlowCanvas(props: FlowCanvasProps): JSX.Element {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ trigger, pieces, selectedStep, readOnly, onSelectStep, onInsert }: FlowCanvasProps) {
  const layout = useMemo(() => layoutFlow(trigger), [trigger]);

  // Latest callbacks, so the context stays stable when the parent passes new functions each render.
  const callbacks = useRef({ onSelectStep, onInsert });
  useEffect(() => {
    callbacks.current = { onSelectStep, onInsert };
  }, [onSelectStep, onInsert]);

  const context = useMemo<CanvasContextValue>(
    () => ({
      pieces,
      selectedStep,
      readOnly,
      selectStep: (stepName) => callbacks.current.onSelectStep(stepName),
      insert: (at) => callbacks.current.onInsert(at),
    }),
    [pieces, selectedStep, readOnly],
  );

  // Frame the flow on load and again whenever steps appear or disappear; edits inside a step leave the view alone.
  const { setViewport } = useReactFlow();
  const paneWidth = useStore((state) => state.width);
  const paneHeight = useStore((state) => state.height);
  const shape = useMemo(() => `${layout.nodes.map((n) => n.id).join('|')}@${layout.width}x${layout.height}`, [layout]);
  const framedShape = useRef<string | null>(null);
  useEffect(() => {
    if (paneWidth > 0 && paneHeight > 0 && framedShape.current !== shape) {
      framedShape.current = shape;
      void setViewport(frameFlow(layout, { width: paneWidth, height: paneHeight }));
    }
  }, [shape, layout, paneWidth, paneHeight, setViewport]);

  return (
    <CanvasContext.Provider value={context}>
      <div className={`flow-canvas${readOnly ? ' read-only' : ''}`} data-testid="flow-canvas">
        <ReactFlow
          nodes={layout.nodes}
          edges={layout.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          minZoom={0.2}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          zoomOnDoubleClick={false}
          panOnScroll
          onPaneClick={() => callbacks.current.onSelectStep(null)}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.6} color="#c4c7d2" />
          <MiniMap<CanvasNode>
            pannable
            zoomable
            nodeColor={miniMapColor}
            nodeStrokeColor="transparent"
            maskColor="rgba(240, 241, 245, 0.7)"
            ariaLabel="Flow overview"
          />
          <Controls showInteractive={false} fitViewOptions={{ padding: 0.1, maxZoom: VIEWPORT.maxZoom }} aria-label="Zoom controls" />
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  );
}
