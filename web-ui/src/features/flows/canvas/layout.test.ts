import { describe, expect, it } from 'vitest';
import type { FlowAction, FlowTrigger, InsertPoint } from '../model';
import { LAYOUT, layoutFlow, type CanvasEdge, type CanvasNode, type FlowLayout, type Point } from './layout';
import { allStepNames, code, emptyTrigger, linearChain, loop, piece, pieceTrigger, router } from './testFlows';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const rectOf = (node: CanvasNode): Rect => ({ x: node.position.x, y: node.position.y, w: node.width!, h: node.height! });
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
const onBorder = (p: Point, r: Rect) => {
  const inX = p.x >= r.x - 0.5 && p.x <= r.x + r.w + 0.5;
  const inY = p.y >= r.y - 0.5 && p.y <= r.y + r.h + 0.5;
  const onX = Math.abs(p.x - r.x) < 0.5 || Math.abs(p.x - (r.x + r.w)) < 0.5;
  const onY = Math.abs(p.y - r.y) < 0.5 || Math.abs(p.y - (r.y + r.h)) < 0.5;
  return inX && inY && (onX || onY);
};
/** Lines meet cards on their border; branches converge on the junction point itself. */
const touches = (p: Point, n: CanvasNode) =>
  n.type === 'junction' ? contains(rectOf(n), { x: p.x, y: p.y, w: 0, h: 0 }) : onBorder(p, rectOf(n));
const center = (node: CanvasNode) => node.position.x + node.width! / 2;

function byId<T extends { id: string }>(items: T[], id: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) {
    throw new Error(`missing ${id}; have ${items.map((i) => i.id).join(', ')}`);
  }
  return found;
}

const node = (layout: FlowLayout, id: string) => byId(layout.nodes, id);
const edge = (layout: FlowLayout, id: string) => byId(layout.edges, id);
const after = (parentStep: string): InsertPoint => ({ parentStep, stepLocationRelativeToParent: 'AFTER' });
const insideLoop = (parentStep: string): InsertPoint => ({ parentStep, stepLocationRelativeToParent: 'INSIDE_LOOP' });
const inBranch = (parentStep: string, branchIndex: number): InsertPoint => ({
  parentStep,
  stepLocationRelativeToParent: 'INSIDE_BRANCH',
  branchIndex,
});

/** Every insert point the flow offers: after each step, first in each loop, first in each branch. */
function expectedInsertPoints(trigger: FlowTrigger): InsertPoint[] {
  const points: InsertPoint[] = [after(trigger.name)];
  const walk = (first: FlowAction | null | undefined) => {
    for (let s = first; s; s = s.nextAction) {
      points.push(after(s.name));
      if (s.type === 'LOOP_ON_ITEMS') {
        points.push(insideLoop(s.name));
        walk(s.firstLoopAction);
      } else if (s.type === 'ROUTER') {
        s.children.forEach((child, i) => {
          points.push(inBranch(s.name, i));
          walk(child);
        });
      }
    }
  };
  walk(trigger.nextAction);
  return points;
}

const insertKey = (p: InsertPoint) => `${p.stepLocationRelativeToParent}:${p.parentStep}:${p.branchIndex ?? ''}`;

function offeredInsertPoints(layout: FlowLayout): InsertPoint[] {
  const fromEdges = layout.edges.flatMap((e) => (e.data?.insert ? [e.data.insert.insert] : []));
  const fromPlaceholders = layout.nodes.flatMap((n) => (n.type === 'placeholder' ? [n.data.insert] : []));
  return [...fromEdges, ...fromPlaceholders];
}

/** The invariants every layout must keep, whatever the flow. */
function expectWellFormed(trigger: FlowTrigger, layout: FlowLayout): void {
  const nodeIds = layout.nodes.map((n) => n.id);
  expect(new Set(nodeIds).size).toBe(nodeIds.length);
  const edgeIds = layout.edges.map((e) => e.id);
  expect(new Set(edgeIds).size).toBe(edgeIds.length);

  // Every step exactly once, and nothing else drawn as a step.
  const stepNodes = layout.nodes.filter((n) => n.type === 'step').map((n) => n.id);
  expect([...stepNodes].sort()).toEqual(allStepNames(trigger).map((name) => `step:${name}`).sort());

  // Every edge joins existing nodes, starting and ending on their borders.
  for (const e of layout.edges) {
    const points = e.data!.points;
    expect(points.length, e.id).toBeGreaterThanOrEqual(2);
    expect(touches(points[0]!, node(layout, e.source)), `${e.id} starts on ${e.source}`).toBe(true);
    expect(touches(points[points.length - 1]!, node(layout, e.target)), `${e.id} ends on ${e.target}`).toBe(true);
    // Orthogonal segments only.
    points.slice(1).forEach((p, i) => {
      const q = points[i]!;
      expect(p.x === q.x || p.y === q.y, `${e.id} segment ${i}`).toBe(true);
    });
  }

  // No two nodes overlap; loop boxes nest or stay apart, and hold whatever they touch.
  const boxes = layout.nodes.filter((n) => n.type === 'loopBox');
  const solids = layout.nodes.filter((n) => n.type !== 'loopBox');
  solids.forEach((a, i) => {
    solids.slice(i + 1).forEach((b) => {
      expect(overlaps(rectOf(a), rectOf(b)), `${a.id} overlaps ${b.id}`).toBe(false);
    });
    boxes.forEach((box) => {
      const ra = rectOf(a);
      const rb = rectOf(box);
      expect(!overlaps(ra, rb) || contains(rb, ra), `${a.id} crosses ${box.id}`).toBe(true);
    });
  });
  boxes.forEach((a, i) => {
    boxes.slice(i + 1).forEach((b) => {
      const ra = rectOf(a);
      const rb = rectOf(b);
      expect(!overlaps(ra, rb) || contains(ra, rb) || contains(rb, ra), `${a.id} crosses ${b.id}`).toBe(true);
    });
  });

  // No line runs through a node other than the two it joins.
  for (const e of layout.edges) {
    const points = e.data!.points;
    points.slice(1).forEach((p, i) => {
      const q = points[i]!;
      const segment: Rect = { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), w: Math.abs(p.x - q.x), h: Math.abs(p.y - q.y) };
      for (const n of solids) {
        if (n.id === e.source || n.id === e.target) continue;
        const r = rectOf(n);
        const inner: Rect = { x: r.x + 0.5, y: r.y + 0.5, w: r.w - 1, h: r.h - 1 };
        const hits = segment.x <= inner.x + inner.w && inner.x <= segment.x + segment.w &&
          segment.y <= inner.y + inner.h && inner.y <= segment.y + segment.h;
        expect(hits, `${e.id} runs through ${n.id}`).toBe(false);
      }
    });
  }

  // The "+" buttons and branch labels sit on free canvas, not on a card.
  const button = (p: Point): Rect => ({ x: p.x - 12, y: p.y - 12, w: 24, h: 24 });
  const pill = (p: Point): Rect => ({ x: p.x - 120, y: p.y - 11, w: 240, h: 22 });
  for (const e of layout.edges) {
    const marks = [
      ...(e.data!.insertAt ? [button(e.data!.insertAt)] : []),
      ...(e.data!.labelAt ? [pill(e.data!.labelAt)] : []),
    ];
    for (const mark of marks) {
      for (const n of solids) {
        expect(overlaps(mark, rectOf(n)), `${e.id} mark on ${n.id}`).toBe(false);
      }
    }
  }

  // Every insert point offered exactly once, and each "+" has its own test id.
  const offered = offeredInsertPoints(layout).map(insertKey).sort();
  expect(offered).toEqual(expectedInsertPoints(trigger).map(insertKey).sort());
  const insertIds = [
    ...layout.edges.flatMap((e) => (e.data?.insert ? [e.data.insert.insertId] : [])),
    ...layout.nodes.flatMap((n) => (n.type === 'placeholder' ? [n.data.insertId] : [])),
  ];
  expect(new Set(insertIds).size).toBe(insertIds.length);

  // No callbacks anywhere in the data.
  const json = JSON.stringify(layout);
  expect(JSON.parse(json)).toEqual(layout);

  // The main column (the trigger) is the axis of symmetry of the whole drawing.
  expect(center(node(layout, `step:${trigger.name}`))).toBe(layout.width / 2);

  // The drawing starts at the origin and holds every node and every line.
  expect(Math.min(...layout.nodes.map((n) => n.position.y))).toBe(0);
  const drawing: Rect = { x: 0, y: 0, w: layout.width, h: layout.height };
  for (const n of layout.nodes) {
    expect(contains(drawing, rectOf(n)), n.id).toBe(true);
  }
  for (const e of layout.edges) {
    for (const p of e.data!.points) {
      expect(contains(drawing, { x: p.x, y: p.y, w: 0, h: 0 }), e.id).toBe(true);
    }
  }
}

/** ~60 steps: long chains, routers with empty branches, loops nested in routers nested in loops. */
function bigFlow(): FlowTrigger {
  let counter = 0;
  const name = () => `step_${++counter}`;
  const chain = (length: number, tail: FlowAction | null = null): FlowAction | null => {
    const names = Array.from({ length }, name);
    return names.reverse().reduce<FlowAction | null>((next, n) => piece(n, next), tail);
  };
  const innerRouter = router(name(), [chain(2), null, loop(name(), null)]);
  const outerLoop = loop(name(), chain(4, innerRouter), chain(2));
  const lastRouter = router(name(), [loop(name(), chain(3)), chain(2), code(name())]);
  const tailLoop = loop(name(), lastRouter, chain(14));
  const mainRouter = router(name(), [chain(5, outerLoop), null, chain(6)], chain(3, tailLoop));
  return pieceTrigger(chain(10, mainRouter));
}

describe('layoutFlow', () => {
  it('lays a linear flow out as one centred column with an insert point after every step', () => {
    const trigger = pieceTrigger(linearChain(3));
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    expect(layout.nodes.map((n) => n.id)).toEqual(['step:trigger', 'step:step_1', 'step:step_2', 'step:step_3', 'end:flow-end']);
    expect(layout.edges.map((e) => [e.id, e.source, e.target]).sort()).toEqual([
      ['edge:after:step_1', 'step:step_1', 'step:step_2'],
      ['edge:after:step_2', 'step:step_2', 'step:step_3'],
      ['edge:after:step_3', 'step:step_3', 'end:flow-end'],
      ['edge:after:trigger', 'step:trigger', 'step:step_1'],
    ]);
    const xs = new Set(layout.nodes.map(center));
    expect(xs.size).toBe(1);
    const steps = layout.nodes.filter((n) => n.type === 'step');
    steps.slice(1).forEach((n, i) => {
      expect(n.position.y - steps[i]!.position.y).toBe(LAYOUT.stepHeight + LAYOUT.stepGap);
    });
    expect(edge(layout, 'edge:after:step_1').data!.insert!.insert).toEqual(after('step_1'));
    expect(edge(layout, 'edge:after:step_3').data!.insert).toMatchObject({
      insert: after('step_3'),
      insertId: 'after-step_3',
      insertLabel: 'Add a step after Send step_3',
    });

    const first = node(layout, 'step:trigger');
    expect(first).toMatchObject({ type: 'step', width: 260, height: 70 });
    expect(first.data).toEqual({
      stepName: 'trigger',
      displayName: 'New message',
      stepType: 'PIECE_TRIGGER',
      pieceName: '@activepieces/piece-slack',
      actionOrTriggerName: 'new_message',
      valid: true,
      skip: false,
      isTrigger: true,
    });
    expect(node(layout, 'step:step_2').data).toMatchObject({ isTrigger: false, actionOrTriggerName: 'send_message' });
  });

  it('lays out an empty flow as the trigger, a trailing insert point and the end', () => {
    const trigger = emptyTrigger();
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    expect(layout.nodes.map((n) => n.id)).toEqual(['step:trigger', 'end:flow-end']);
    expect(node(layout, 'step:trigger').data).toMatchObject({ stepType: 'EMPTY', valid: false, isTrigger: true, pieceName: null });
    expect(layout.edges).toHaveLength(1);
    expect(layout.edges[0]!.data).toMatchObject({ kind: 'after', insert: { insert: after('trigger'), insertId: 'after-trigger' } });
    expect(layout.width).toBe(LAYOUT.stepWidth);
  });

  it('puts router branches side by side, an empty branch as a "+" placeholder, and continues below them', () => {
    const trigger = pieceTrigger(router('route', [piece('a', piece('b')), null], piece('after_route')));
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    const routerNode = node(layout, 'step:route');
    const a = node(layout, 'step:a');
    const placeholder = node(layout, 'branch-empty:route:1');
    expect(placeholder.type).toBe('placeholder');
    expect(placeholder.data).toMatchObject({
      insert: inBranch('route', 1),
      insertId: 'branch-route-1',
      insertLabel: 'Add the first step of Otherwise in Router route',
    });
    // Side by side, same top, router centred above them.
    expect(a.position.y).toBe(placeholder.position.y);
    expect(center(a)).toBeLessThan(center(placeholder));
    expect(center(routerNode)).toBe((center(a) + center(placeholder)) / 2);
    expect(center(a) + LAYOUT.stepWidth / 2 + LAYOUT.branchGap).toBeLessThanOrEqual(
      center(placeholder) - LAYOUT.stepWidth / 2 + 0.001,
    );

    const toA = edge(layout, 'edge:branch:route:0');
    expect([toA.source, toA.target]).toEqual(['step:route', 'step:a']);
    expect(toA.data).toMatchObject({ kind: 'branch', label: 'Branch 1', insert: { insert: inBranch('route', 0), insertId: 'branch-route-0' } });
    const toEmpty = edge(layout, 'edge:branch:route:1');
    expect([toEmpty.source, toEmpty.target]).toEqual(['step:route', 'branch-empty:route:1']);
    expect(toEmpty.data).toMatchObject({ kind: 'branch', label: 'Otherwise', insert: null });

    // Both branches converge on the router's junction, which continues to the next step.
    expect(edge(layout, 'edge:after:b')).toMatchObject({ source: 'step:b', target: 'end:route' });
    expect(edge(layout, 'edge:after:b').data!.insert!.insert).toEqual(after('b'));
    expect(edge(layout, 'edge:branch-empty:route:1')).toMatchObject({ source: 'branch-empty:route:1', target: 'end:route' });
    expect(edge(layout, 'edge:branch-empty:route:1').data!.insert).toBeNull();
    const afterRoute = edge(layout, 'edge:after:route');
    expect([afterRoute.source, afterRoute.target]).toEqual(['end:route', 'step:after_route']);
    expect(afterRoute.data!.insert!.insert).toEqual(after('route'));

    const next = node(layout, 'step:after_route');
    const b = node(layout, 'step:b');
    expect(next.position.y).toBeGreaterThan(b.position.y + b.height!);
    expect(center(next)).toBe(center(routerNode));
  });

  it('nests a loop inside a router inside a loop, with return edges and insert points at every level', () => {
    const inner = loop('inner_loop', piece('x'));
    const trigger = pieceTrigger(loop('outer_loop', router('route', [inner, piece('y')]), piece('done')));
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    const outerBox = rectOf(node(layout, 'loop-box:outer_loop'));
    const innerBox = rectOf(node(layout, 'loop-box:inner_loop'));
    for (const id of ['step:outer_loop', 'step:route', 'step:inner_loop', 'step:x', 'step:y', 'end:route', 'end:outer_loop']) {
      expect(contains(outerBox, rectOf(node(layout, id))), id).toBe(true);
    }
    for (const id of ['step:inner_loop', 'step:x', 'end:inner_loop']) {
      expect(contains(innerBox, rectOf(node(layout, id))), id).toBe(true);
    }
    expect(contains(outerBox, innerBox)).toBe(true);
    expect(contains(innerBox, rectOf(node(layout, 'step:y')))).toBe(false);
    expect(overlaps(innerBox, rectOf(node(layout, 'step:done')))).toBe(false);

    const wiring = (id: string) => {
      const e = edge(layout, id);
      return [e.source, e.target, e.data!.kind, e.data!.insert?.insert ?? null];
    };
    expect(wiring('edge:loop:outer_loop')).toEqual(['step:outer_loop', 'step:route', 'loop', insideLoop('outer_loop')]);
    expect(wiring('edge:branch:route:0')).toEqual(['step:route', 'step:inner_loop', 'branch', inBranch('route', 0)]);
    expect(wiring('edge:branch:route:1')).toEqual(['step:route', 'step:y', 'branch', inBranch('route', 1)]);
    expect(wiring('edge:loop:inner_loop')).toEqual(['step:inner_loop', 'step:x', 'loop', insideLoop('inner_loop')]);
    expect(wiring('edge:after:x')).toEqual(['step:x', 'end:inner_loop', 'after', after('x')]);
    expect(wiring('edge:after:inner_loop')).toEqual(['loop-box:inner_loop', 'end:route', 'after', after('inner_loop')]);
    expect(wiring('edge:after:y')).toEqual(['step:y', 'end:route', 'after', after('y')]);
    expect(wiring('edge:after:route')).toEqual(['end:route', 'end:outer_loop', 'after', after('route')]);
    expect(wiring('edge:after:outer_loop')).toEqual(['loop-box:outer_loop', 'step:done', 'after', after('outer_loop')]);
    expect(wiring('edge:after:done')).toEqual(['step:done', 'end:flow-end', 'after', after('done')]);

    for (const name of ['outer_loop', 'inner_loop']) {
      const back = edge(layout, `edge:loop-return:${name}`);
      expect([back.source, back.target]).toEqual([`end:${name}`, `step:${name}`]);
      expect(back.data).toMatchObject({ kind: 'loop-return', dashed: true, insert: null });
      // It runs up the left side of the box and enters the loop card from the left.
      const points = back.data!.points;
      const card = rectOf(node(layout, `step:${name}`));
      const box = rectOf(node(layout, `loop-box:${name}`));
      expect(points[points.length - 1]).toEqual({ x: card.x, y: card.y + card.h / 2 });
      expect(points[1]!.x).toBe(box.x + LAYOUT.loopPadX / 2);
      expect(points[1]!.y).toBeGreaterThan(card.y + card.h);
    }
  });

  it('draws an empty loop body as a "+" placeholder that returns to the loop', () => {
    const trigger = pieceTrigger(loop('each', null));
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    expect(node(layout, 'loop-empty:each').data).toMatchObject({ insert: insideLoop('each'), insertId: 'loop-each' });
    expect(edge(layout, 'edge:loop:each')).toMatchObject({ source: 'step:each', target: 'loop-empty:each' });
    expect(edge(layout, 'edge:loop:each').data!.insert).toBeNull();
    expect(edge(layout, 'edge:loop-empty:each')).toMatchObject({ source: 'loop-empty:each', target: 'end:each' });
    expect(edge(layout, 'edge:loop-return:each')).toMatchObject({ source: 'end:each', target: 'step:each' });
    expect(edge(layout, 'edge:after:each')).toMatchObject({ source: 'loop-box:each', target: 'end:flow-end' });
  });

  it('gives each kind of edge the insert point it stands for', () => {
    const trigger = pieceTrigger(
      piece('a', router('r', [loop('l', code('c')), null], loop('empty_loop', null, piece('z')))),
    );
    const layout = layoutFlow(trigger);
    expectWellFormed(trigger, layout);

    for (const e of layout.edges) {
      const data = e.data!;
      const insert = data.insert?.insert ?? null;
      switch (data.kind) {
        case 'after': {
          // The step named by the edge id, and the source is that step or the end of its block.
          const step = e.id.replace('edge:after:', '');
          expect(insert, e.id).toEqual(after(step));
          expect([`step:${step}`, `end:${step}`, `loop-box:${step}`]).toContain(e.source);
          expect(data.insertAt).not.toBeNull();
          break;
        }
        case 'loop': {
          const loopName = e.source.replace('step:', '');
          expect(insert, e.id).toEqual(e.target.startsWith('loop-empty:') ? null : insideLoop(loopName));
          break;
        }
        case 'branch': {
          const [, , routerName, index] = e.id.split(':');
          expect(insert, e.id).toEqual(e.target.startsWith('branch-empty:') ? null : inBranch(routerName!, Number(index)));
          expect(data.label).not.toBeNull();
          break;
        }
        default:
          expect(insert, e.id).toBeNull();
      }
      expect(data.insert === null, e.id).toBe(data.insertAt === null);
    }
    expect(edge(layout, 'edge:after:a').data!.insert!.insertId).toBe('after-a');
    expect(edge(layout, 'edge:loop:l').data!.insert).toMatchObject({
      insertId: 'loop-l',
      insertLabel: 'Add the first step inside Loop l',
    });
    expect(edge(layout, 'edge:branch:r:0').data!.insert!.insertId).toBe('branch-r-0');
    expect(node(layout, 'branch-empty:r:1').data).toMatchObject({ insertId: 'branch-r-1' });
    expect(node(layout, 'loop-empty:empty_loop').data).toMatchObject({ insertId: 'loop-empty_loop' });
  });

  describe('a 60-step flow with nesting', () => {
    const trigger = bigFlow();

    it('is well formed: every step once, no overlaps, edges between existing nodes', () => {
      expect(allStepNames(trigger).length).toBeGreaterThanOrEqual(60);
      expectWellFormed(trigger, layoutFlow(trigger));
    });

    it('is deterministic', () => {
      const first = layoutFlow(trigger);
      const second = layoutFlow(structuredClone(trigger));
      expect(second).toEqual(first);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it('keeps ids and positions when steps change without moving', () => {
      const before = layoutFlow(trigger);
      const edited = structuredClone(trigger);
      const rename = (first: FlowAction | null | undefined) => {
        for (let s = first; s; s = s.nextAction) {
          s.displayName = `${s.displayName} (edited)`;
          s.valid = !s.valid;
          s.skip = true;
          if (s.type === 'LOOP_ON_ITEMS') {
            rename(s.firstLoopAction);
          } else if (s.type === 'ROUTER') {
            s.children.forEach(rename);
          }
        }
      };
      rename(edited.nextAction);
      const afterEdit = layoutFlow(edited);
      const shape = (l: FlowLayout) => ({
        nodes: l.nodes.map((n) => [n.id, n.type, n.position, n.width, n.height]),
        edges: l.edges.map((e: CanvasEdge) => [e.id, e.source, e.target, e.data!.points, e.data!.insert?.insert ?? null]),
      });
      expect(shape(afterEdit)).toEqual(shape(before));
      const firstPiece = afterEdit.nodes.find((n) => n.type === 'step' && n.data.stepType === 'PIECE')!;
      expect(firstPiece.data).toMatchObject({ skip: true, displayName: expect.stringMatching(/^Send step_\d+ \(edited\)$/) });
    });

    it('keeps every existing node where it was when a step is appended at the end', () => {
      const before = layoutFlow(trigger);
      const extended = structuredClone(trigger);
      let last = extended.nextAction!;
      while (last.nextAction) {
        last = last.nextAction;
      }
      last.nextAction = piece('appended');
      const afterAppend = layoutFlow(extended);
      expectWellFormed(extended, afterAppend);
      for (const n of before.nodes.filter((n) => n.id !== 'end:flow-end')) {
        expect(node(afterAppend, n.id).position, n.id).toEqual(n.position);
      }
      expect(afterAppend.nodes).toHaveLength(before.nodes.length + 1);
    });
  });
});
