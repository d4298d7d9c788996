// SVG geometry of the canvas edges.
import type { Point } from './layout';

const CORNER_RADIUS = 10;

/** An SVG path through orthogonal points, each corner rounded (never more than half a segment). */
export function roundedPath(points: Point[], radius = CORNER_RADIUS): string {
  const [first, ...rest] = points;
  if (!first) {
    return '';
  }
  let d = `M ${first.x} ${first.y}`;
  rest.forEach((p, i) => {
    const prev = points[i]!;
    const next = rest[i + 1];
    if (!next) {
      d += ` L ${p.x} ${p.y}`;
      return;
    }
    const inLength = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLength = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    const before = { x: p.x - ((p.x - prev.x) / inLength) * r, y: p.y - ((p.y - prev.y) / inLength) * r };
    const after = { x: p.x + ((next.x - p.x) / outLength) * r, y: p.y + ((next.y - p.y) / outLength) * r };
    d += ` L ${before.x} ${before.y} Q ${p.x} ${p.y} ${after.x} ${after.y}`;
  });
  return d;
}
