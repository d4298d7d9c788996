// Where the canvas opens: the whole flow when it fits at a readable zoom, else its top (the trigger) at that zoom.
import type { Viewport } from '@xyflow/react';

export const VIEWPORT = {
  /** Free space kept around the flow, in screen pixels. */
  padding: 40,
  /** Small flows are shown at natural size, never magnified. */
  maxZoom: 1,
  /** Below this, cards become unreadable: taller flows open at this zoom, scrolled to the top. */
  minReadableZoom: 0.5,
} as const;

interface Size {
  width: number;
  height: number;
}

/** The viewport framing a laid-out flow of `flow` size in a pane of `pane` size. */
export function frameFlow(flow: Size, pane: Size): Viewport {
  const { padding, maxZoom, minReadableZoom } = VIEWPORT;
  const fit = Math.min((pane.width - 2 * padding) / flow.width, (pane.height - 2 * padding) / flow.height);
  const zoom = Math.max(minReadableZoom, Math.min(maxZoom, fit));
  const x = (pane.width - flow.width * zoom) / 2;
  const fitsVertically = flow.height * zoom <= pane.height - 2 * padding;
  const y = fitsVertically ? (pane.height - flow.height * zoom) / 2 : padding;
  return { x, y, zoom };
}
