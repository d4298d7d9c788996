// Pure top-down layout of a flow tree into canvas nodes and edges: same flow in, same output out.
import { MarkerType, Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { FlowAction, FlowStep, FlowTrigger, InsertPoint, LoopAction, RouterAction } from '../model';

/** Fixed sizes and gaps, in canvas pixels. */
export const LAYOUT = {
  /** Step cards (trigger included). */
  stepWidth: 260,
  stepHeight: 70,
  /** The "+" placeholder drawn for an empty router branch or an empty loop body. */
  placeholderWidth: 160,
  placeholderHeight: 48,
  /** The small pill that closes the main chain. */
  endWidth: 56,
  endHeight: 24,
  /** The point where a loop body returns to its loop. */
  loopReturnSize: 10,
  /** The invisible point where router branches converge. */
  junctionSize: 2,
  /** Vertical gap between two consecutive steps of a chain (the "+" sits at its middle). */
  stepGap: 80,
  /** From the exit of the last step of a chain to its trailing "+". */
  trailingInsertOffset: 40,
  /** From the exit of the last step of a branch to the line where branches converge. */
  convergeDrop: 72,
  /** From the router card to the horizontal line that fans out to its branches. */
  fanOutDrop: 30,
  /** From the fan-out line to the top of each branch. */
  branchDrop: 100,
  /** Below the fan-out line: centre of the branch label, centre of the branch "+". */
  branchLabelOffset: 28,
  branchInsertOffset: 68,
  /** Horizontal gap between two router branches; each branch is at least a step wide. */
  branchGap: 40,
  /** Loop box padding; the return edge runs in the middle of the left padding. */
  loopPadX: 40,
  loopPadTop: 16,
  loopPadBottom: 20,
  /** From the loop card to the top of its body. */
  loopBodyDrop: 80,
  /** From the exit of the last body step to the loop return point. */
  loopReturnDrop: 72,
  /** From an empty-body placeholder to the loop return point. */
  emptyBodyReturnDrop: 40,
} as const;

/** Stroke colour of edges and their arrowheads (kept in step with canvas.css). */
export const EDGE_COLOR = '#a3a6b4';

export interface LayoutOptions {
  /** Overrides of the sizes and gaps above. */
  sizes?: Partial<Record<keyof typeof LAYOUT, number>>;
}

export interface Point {
  x: number;
  y: number;
}

export type StepNodeData = {
  stepName: string;
  displayName: string;
  stepType: FlowStep['type'];
  /** Piece of a PIECE step or PIECE_TRIGGER; null for code, loops, routers and the empty trigger. */
  pieceName: string | null;
  /** The action name of a PIECE step, the trigger name of a PIECE_TRIGGER. */
  actionOrTriggerName: string | null;
  valid: boolean;
  skip: boolean;
  isTrigger: boolean;
};

export type InsertTarget = {
  insert: InsertPoint;
  /** Deterministic id suffix: `after-<step>`, `loop-<loop>`, `branch-<router>-<index>`. */
  insertId: string;
  /** Accessible name of the "+" button. */
  insertLabel: string;
};

export type PlaceholderNodeData = InsertTarget & {
  /** What the placeholder stands for, shown when the "+" is hidden (read-only). */
  emptyLabel: string;
};

export type LoopBoxNodeData = { loopName: string };
export type LoopReturnNodeData = { loopName: string };
export type JunctionNodeData = { routerName: string };
export type FlowEndNodeData = Record<string, never>;

export type StepCanvasNode = Node<StepNodeData, 'step'>;
export type PlaceholderCanvasNode = Node<PlaceholderNodeData, 'placeholder'>;
export type LoopBoxCanvasNode = Node<LoopBoxNodeData, 'loopBox'>;
export type LoopReturnCanvasNode = Node<LoopReturnNodeData, 'loopReturn'>;
export type JunctionCanvasNode = Node<JunctionNodeData, 'junction'>;
export type FlowEndCanvasNode = Node<FlowEndNodeData, 'flowEnd'>;

export type CanvasNode =
  | StepCanvasNode
  | PlaceholderCanvasNode
  | LoopBoxCanvasNode
  | LoopReturnCanvasNode
  | JunctionCanvasNode
  | FlowEndCanvasNode;

export type CanvasNodeType = NonNullable<CanvasNode['type']>;

/**
 * `after`: from a step (or the end of its block) to what follows it;
 * `branch`: router to the start of branch i; `branch-empty`: empty-branch placeholder to the convergence;
 * `loop`: loop card to the start of its body; `loop-empty`: empty-body placeholder to the return point;
 * `loop-return`: return point back to the loop card.
 */
export type CanvasEdgeKind = 'after' | 'branch' | 'branch-empty' | 'loop' | 'loop-empty' | 'loop-return';

export type CanvasEdgeData = {
  kind: CanvasEdgeKind;
  /** The polyline the edge follows, in canvas coordinates (the handles are not used for routing). */
  points: Point[];
  /** What the "+" on this edge inserts, and where it is drawn; null when the edge has no "+". */
  insert: InsertTarget | null;
  insertAt: Point | null;
  /** Router branch name, drawn as a pill. */
  label: string | null;
  labelAt: Point | null;
  dashed: boolean;
};

export type CanvasEdge = Edge<CanvasEdgeData, 'flow'>;

export interface FlowLayout {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Size of the drawing, symmetric about the trigger's axis (x = width / 2); every node lies inside it. */
  width: number;
  height: number;
}

export const stepNodeId = (stepName: string) => `step:${stepName}`;
export const branchEmptyNodeId = (routerName: string, index: number) => `branch-empty:${routerName}:${index}`;
export const loopEmptyNodeId = (loopName: string) => `loop-empty:${loopName}`;
export const loopBoxNodeId = (loopName: string) => `loop-box:${loopName}`;
export const loopReturnNodeId = (loopName: string) => `end:${loopName}`;
export const routerJunctionNodeId = (routerName: string) => `end:${routerName}`;
/** Step names never contain '-', so this cannot clash with `end:<step>`. */
export const FLOW_END_NODE_ID = 'end:flow-end';

export const afterEdgeId = (stepName: string) => `edge:after:${stepName}`;
export const branchEdgeId = (routerName: string, index: number) => `edge:branch:${routerName}:${index}`;
export const branchEmptyEdgeId = (routerName: string, index: number) => `edge:branch-empty:${routerName}:${index}`;
export const loopEdgeId = (loopName: string) => `edge:loop:${loopName}`;
export const loopEmptyEdgeId = (loopName: string) => `edge:loop-empty:${loopName}`;
export const loopReturnEdgeId = (loopName: string) => `edge:loop-return:${loopName}`;

/** The "+" test id suffix and accessible name for an insert point. */
export function insertTarget(insert: InsertPoint, parentDisplayName: string, branchName?: string): InsertTarget {
  switch (insert.stepLocationRelativeToParent) {
    case 'AFTER':
      return { insert, insertId: `after-${insert.parentStep}`, insertLabel: `Add a step after ${parentDisplayName}` };
    case 'INSIDE_LOOP':
      return { insert, insertId: `loop-${insert.parentStep}`, insertLabel: `Add the first step inside ${parentDisplayName}` };
    case 'INSIDE_BRANCH': {
      const index = insert.branchIndex ?? 0;
      const branch = branchName ?? `branch ${index + 1}`;
      return {
        insert,
        insertId: `branch-${insert.parentStep}-${index}`,
        insertLabel: `Add the first step of ${branch} in ${parentDisplayName}`,
      };
    }
  }
}

const after = (step: FlowStep): InsertTarget =>
  insertTarget({ parentStep: step.name, stepLocationRelativeToParent: 'AFTER' }, step.displayName);

type Sizes = { -readonly [K in keyof typeof LAYOUT]: number };

/** Where the line leaving a placed block starts, and which step "after" refers to. */
interface Exit {
  nodeId: string;
  y: number;
  step: FlowStep;
}

interface PlacedChain {
  /** The first node of the chain, and the y where an incoming line ends on it. */
  entryId: string;
  entryY: number;
  exit: Exit;
}

class Builder {
  readonly nodes: CanvasNode[] = [];
  readonly edges: CanvasEdge[] = [];
  private readonly widths = new Map<string, number>();

  constructor(private readonly s: Sizes) {}

  // ---- widths (first pass) ----

  chainWidth(first: FlowAction | null | undefined): number {
    let width = 0;
    for (let step = first; step; step = step.nextAction) {
      width = Math.max(width, this.stepWidth(step));
    }
    return width;
  }

  stepWidth(step: FlowAction): number {
    const known = this.widths.get(step.name);
    if (known !== undefined) {
      return known;
    }
    let width: number = this.s.stepWidth;
    if (step.type === 'ROUTER') {
      const columns = routerColumns(step).map((child) => this.columnWidth(child));
      width = Math.max(width, sum(columns) + this.s.branchGap * Math.max(0, columns.length - 1));
    } else if (step.type === 'LOOP_ON_ITEMS') {
      width = Math.max(width, this.chainWidth(step.firstLoopAction)) + 2 * this.s.loopPadX;
    }
    this.widths.set(step.name, width);
    return width;
  }

  columnWidth(first: FlowAction | null): number {
    return Math.max(this.s.stepWidth, this.s.placeholderWidth, this.chainWidth(first));
  }

  // ---- placement (second pass); x is the axis of the block, y its top ----

  placeTrigger(trigger: FlowTrigger): void {
    this.addStepNode(trigger, 0, 0, true);
    let exit: Exit = { nodeId: stepNodeId(trigger.name), y: this.s.stepHeight, step: trigger };
    if (trigger.nextAction) {
      const chain = this.placeChain(trigger.nextAction, 0, exit.y + this.s.stepGap);
      this.chainEdge(exit, chain.entryId, chain.entryY, 0);
      exit = chain.exit;
    }
    const endTop = exit.y + this.s.stepGap;
    this.nodes.push({
      id: FLOW_END_NODE_ID,
      type: 'flowEnd',
      position: { x: -this.s.endWidth / 2, y: endTop },
      data: {},
      ...this.box(this.s.endWidth, this.s.endHeight),
    });
    this.chainEdge(exit, FLOW_END_NODE_ID, endTop, 0);
  }

  /** Places a chain of steps; the caller draws the line into it and the trailing line out of it. */
  placeChain(first: FlowAction, x: number, top: number): PlacedChain {
    let entry: { id: string; y: number } | null = null;
    let previous: Exit | null = null;
    let y = top;
    for (let step: FlowAction | null | undefined = first; step; step = step.nextAction) {
      const placed = this.placeStep(step, x, y);
      if (previous) {
        this.chainEdge(previous, placed.entryId, placed.entryY, x);
      }
      entry ??= { id: placed.entryId, y: placed.entryY };
      previous = placed.exit;
      y = placed.exit.y + this.s.stepGap;
    }
    // `first` is non-null, so the loop ran at least once.
    return { entryId: entry!.id, entryY: entry!.y, exit: previous! };
  }

  private placeStep(step: FlowAction, x: number, top: number): PlacedChain {
    switch (step.type) {
      case 'ROUTER':
        return this.placeRouter(step, x, top);
      case 'LOOP_ON_ITEMS':
        return this.placeLoop(step, x, top);
      default:
        this.addStepNode(step, x, top, false);
        return {
          entryId: stepNodeId(step.name),
          entryY: top,
          exit: { nodeId: stepNodeId(step.name), y: top + this.s.stepHeight, step },
        };
    }
  }

  private placeRouter(router: RouterAction, x: number, top: number): PlacedChain {
    const s = this.s;
    const routerId = stepNodeId(router.name);
    this.addStepNode(router, x, top, false);
    const cardBottom = top + s.stepHeight;
    const children = routerColumns(router);
    if (children.length === 0) {
      return { entryId: routerId, entryY: top, exit: { nodeId: routerId, y: cardBottom, step: router } };
    }
    const widths = children.map((child) => this.columnWidth(child));
    const total = sum(widths) + s.branchGap * (children.length - 1);
    const busY = cardBottom + s.fanOutDrop;
    const branchTop = busY + s.branchDrop;
    let left = x - total / 2;
    const ends: { x: number; exit: Exit | null; nodeId: string; index: number }[] = [];
    children.forEach((child, index) => {
      const width = widths[index] ?? s.stepWidth;
      const cx = left + width / 2;
      left += width + s.branchGap;
      const branchName = router.settings.branches[index]?.branchName ?? `Branch ${index + 1}`;
      const target = insertTarget(
        { parentStep: router.name, stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: index },
        router.displayName,
        branchName,
      );
      const fanOut = [pt(x, cardBottom), pt(x, busY), pt(cx, busY)];
      const labelAt = pt(cx, busY + s.branchLabelOffset);
      if (child) {
        const chain = this.placeChain(child, cx, branchTop);
        this.addEdge(branchEdgeId(router.name, index), 'branch', routerId, chain.entryId, [...fanOut, pt(cx, chain.entryY)], {
          insert: target,
          insertAt: pt(cx, busY + s.branchInsertOffset),
          label: branchName,
          labelAt,
        });
        ends.push({ x: cx, exit: chain.exit, nodeId: chain.exit.nodeId, index });
      } else {
        const placeholderId = branchEmptyNodeId(router.name, index);
        this.addPlaceholder(placeholderId, cx, branchTop, target, 'Empty branch');
        this.addEdge(branchEdgeId(router.name, index), 'branch', routerId, placeholderId, [...fanOut, pt(cx, branchTop)], {
          label: branchName,
          labelAt,
        });
        ends.push({ x: cx, exit: null, nodeId: placeholderId, index });
      }
    });
    const exitYs = ends.map((end) => (end.exit ? end.exit.y : branchTop + s.placeholderHeight));
    const mergeY = Math.max(...exitYs) + s.convergeDrop;
    const junctionId = routerJunctionNodeId(router.name);
    this.nodes.push({
      id: junctionId,
      type: 'junction',
      position: { x: x - s.junctionSize / 2, y: mergeY - s.junctionSize / 2 },
      data: { routerName: router.name },
      ...this.box(s.junctionSize, s.junctionSize),
    });
    ends.forEach((end, i) => {
      const fromY = exitYs[i] ?? mergeY;
      const points = [pt(end.x, fromY), pt(end.x, mergeY), pt(x, mergeY)];
      if (end.exit) {
        this.addEdge(afterEdgeId(end.exit.step.name), 'after', end.nodeId, junctionId, points, {
          insert: after(end.exit.step),
          insertAt: pt(end.x, fromY + s.trailingInsertOffset),
        });
      } else {
        this.addEdge(branchEmptyEdgeId(router.name, end.index), 'branch-empty', end.nodeId, junctionId, points, {});
      }
    });
    return { entryId: routerId, entryY: top, exit: { nodeId: junctionId, y: mergeY, step: router } };
  }

  private placeLoop(loop: LoopAction, x: number, top: number): PlacedChain {
    const s = this.s;
    const loopId = stepNodeId(loop.name);
    const boxId = loopBoxNodeId(loop.name);
    const returnId = loopReturnNodeId(loop.name);
    const width = this.stepWidth(loop);
    const boxLeft = x - width / 2;
    // The box goes first so that it is drawn under everything inside it.
    const boxIndex = this.nodes.length;
    const cardTop = top + s.loopPadTop;
    this.addStepNode(loop, x, cardTop, false);
    const cardBottom = cardTop + s.stepHeight;
    const bodyTop = cardBottom + s.loopBodyDrop;
    const target = insertTarget({ parentStep: loop.name, stepLocationRelativeToParent: 'INSIDE_LOOP' }, loop.displayName);
    let returnY: number;
    if (loop.firstLoopAction) {
      const chain = this.placeChain(loop.firstLoopAction, x, bodyTop);
      this.addEdge(loopEdgeId(loop.name), 'loop', loopId, chain.entryId, [pt(x, cardBottom), pt(x, chain.entryY)], {
        insert: target,
        insertAt: pt(x, cardBottom + s.loopBodyDrop / 2),
      });
      returnY = chain.exit.y + s.loopReturnDrop;
      this.addEdge(afterEdgeId(chain.exit.step.name), 'after', chain.exit.nodeId, returnId, [pt(x, chain.exit.y), pt(x, returnY - s.loopReturnSize / 2)], {
        insert: after(chain.exit.step),
        insertAt: pt(x, chain.exit.y + s.trailingInsertOffset),
      });
    } else {
      const placeholderId = loopEmptyNodeId(loop.name);
      this.addPlaceholder(placeholderId, x, bodyTop, target, 'Empty loop');
      this.addEdge(loopEdgeId(loop.name), 'loop', loopId, placeholderId, [pt(x, cardBottom), pt(x, bodyTop)], {});
      const placeholderBottom = bodyTop + s.placeholderHeight;
      returnY = placeholderBottom + s.emptyBodyReturnDrop;
      this.addEdge(loopEmptyEdgeId(loop.name), 'loop-empty', placeholderId, returnId, [pt(x, placeholderBottom), pt(x, returnY - s.loopReturnSize / 2)], {});
    }
    this.nodes.push({
      id: returnId,
      type: 'loopReturn',
      position: { x: x - s.loopReturnSize / 2, y: returnY - s.loopReturnSize / 2 },
      data: { loopName: loop.name },
      ...this.box(s.loopReturnSize, s.loopReturnSize),
    });
    const railX = boxLeft + s.loopPadX / 2;
    const cardMidY = cardTop + s.stepHeight / 2;
    this.addEdge(
      loopReturnEdgeId(loop.name),
      'loop-return',
      returnId,
      loopId,
      [pt(x - s.loopReturnSize / 2, returnY), pt(railX, returnY), pt(railX, cardMidY), pt(x - s.stepWidth / 2, cardMidY)],
      { dashed: true },
    );
    const boxBottom = returnY + s.loopReturnSize / 2 + s.loopPadBottom;
    this.nodes.splice(boxIndex, 0, {
      id: boxId,
      type: 'loopBox',
      position: { x: boxLeft, y: top },
      data: { loopName: loop.name },
      zIndex: -1,
      ...this.box(width, boxBottom - top),
    });
    return { entryId: loopId, entryY: cardTop, exit: { nodeId: boxId, y: boxBottom, step: loop } };
  }

  // ---- helpers ----

  /** The line from the exit of one block to the entry of the next, with "+" = after that step. */
  private chainEdge(from: Exit, targetId: string, targetY: number, x: number): void {
    this.addEdge(afterEdgeId(from.step.name), 'after', from.nodeId, targetId, [pt(x, from.y), pt(x, targetY)], {
      insert: after(from.step),
      insertAt: pt(x, (from.y + targetY) / 2),
    });
  }

  private addStepNode(step: FlowStep, x: number, top: number, isTrigger: boolean): void {
    const piece = pieceOf(step);
    this.nodes.push({
      id: stepNodeId(step.name),
      type: 'step',
      position: { x: x - this.s.stepWidth / 2, y: top },
      data: {
        stepName: step.name,
        displayName: step.displayName,
        stepType: step.type,
        pieceName: piece?.pieceName ?? null,
        actionOrTriggerName: piece?.name ?? null,
        valid: step.valid,
        skip: step.skip === true,
        isTrigger,
      },
      ...this.box(this.s.stepWidth, this.s.stepHeight),
    });
  }

  private addPlaceholder(id: string, x: number, top: number, target: InsertTarget, emptyLabel: string): void {
    this.nodes.push({
      id,
      type: 'placeholder',
      position: { x: x - this.s.placeholderWidth / 2, y: top },
      data: { ...target, emptyLabel },
      ...this.box(this.s.placeholderWidth, this.s.placeholderHeight),
    });
  }

  private addEdge(
    id: string,
    kind: CanvasEdgeKind,
    source: string,
    target: string,
    points: Point[],
    extra: Partial<Pick<CanvasEdgeData, 'insert' | 'insertAt' | 'label' | 'labelAt' | 'dashed'>>,
  ): void {
    this.edges.push({
      id,
      type: 'flow',
      source,
      target,
      // Lines into a convergence or return point carry no arrowhead.
      ...(target.startsWith('end:') && target !== FLOW_END_NODE_ID
        ? {}
        : { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: EDGE_COLOR } }),
      data: {
        kind,
        points: simplify(points),
        insert: extra.insert ?? null,
        insertAt: extra.insertAt ?? null,
        label: extra.label ?? null,
        labelAt: extra.labelAt ?? null,
        dashed: extra.dashed ?? false,
      },
    });
  }

  /** Fixed size plus explicit handles, so edges render without waiting for DOM measurement. */
  private box(width: number, height: number): { width: number; height: number; handles: NodeHandle[] } {
    return {
      width,
      height,
      handles: [
        { type: 'target', position: Position.Top, x: width / 2, y: 0, width: 1, height: 1 },
        { type: 'source', position: Position.Bottom, x: width / 2, y: height, width: 1, height: 1 },
      ],
    };
  }
}

function pieceOf(step: FlowStep): { pieceName: string; name: string | null } | null {
  switch (step.type) {
    case 'PIECE':
      return { pieceName: step.settings.pieceName, name: step.settings.actionName ?? null };
    case 'PIECE_TRIGGER':
      return { pieceName: step.settings.pieceName, name: step.settings.triggerName ?? null };
    default:
      return null;
  }
}

/** children[i] for every branch (a missing child is an empty branch); extra children count as branches. */
function routerColumns(router: RouterAction): (FlowAction | null)[] {
  const count = Math.max(router.settings.branches.length, router.children.length);
  return Array.from({ length: count }, (_, i) => router.children[i] ?? null);
}

function pt(x: number, y: number): Point {
  return { x, y };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Drops repeated points and middle points of straight runs. */
function simplify(points: Point[]): Point[] {
  const distinct = points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y);
  return distinct.filter((p, i) => {
    const a = distinct[i - 1];
    const b = distinct[i + 1];
    if (!a || !b) {
      return true;
    }
    return !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/**
 * Lays the flow out top-down: the trigger, then its `nextAction` chain; router branches side by side and
 * converging below the tallest one; loop bodies boxed under their loop with a dashed return edge.
 * Node and edge ids derive from step names only, so the same flow always yields the same output.
 */
export function layoutFlow(trigger: FlowTrigger, options: LayoutOptions = {}): FlowLayout {
  const sizes: Sizes = { ...LAYOUT, ...options.sizes };
  const builder = new Builder(sizes);
  builder.placeTrigger(trigger);
  const { nodes, edges } = builder;
  // The drawing spans the widest block of the main chain, centred on the trigger's axis (x = 0).
  const width = Math.max(sizes.stepWidth, builder.chainWidth(trigger.nextAction));
  const minX = -width / 2;
  const minY = Math.min(...nodes.map((n) => n.position.y));
  const shifted = nodes.map((n) => ({ ...n, position: { x: n.position.x - minX, y: n.position.y - minY } }));
  const move = (p: Point): Point => ({ x: p.x - minX, y: p.y - minY });
  const shiftedEdges = edges.map((e) => {
    const data = e.data!;
    return {
      ...e,
      data: {
        ...data,
        points: data.points.map(move),
        insertAt: data.insertAt && move(data.insertAt),
        labelAt: data.labelAt && move(data.labelAt),
      },
    };
  });
  const height = Math.max(...shifted.map((n) => n.position.y + (n.height ?? 0)));
  return { nodes: shifted, edges: shiftedEdges, width, height };
}
