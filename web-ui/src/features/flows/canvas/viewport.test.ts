import { describe, expect, it } from 'vitest';
import { VIEWPORT, frameFlow } from './viewport';

describe('frameFlow', () => {
  const pane = { width: 1000, height: 800 };

  it('centres a small flow at natural size', () => {
    expect(frameFlow({ width: 260, height: 200 }, pane)).toEqual({ x: 370, y: 300, zoom: 1 });
  });

  it('zooms out just enough to fit a medium flow, centred', () => {
    const view = frameFlow({ width: 600, height: 1440 }, pane);
    expect(view.zoom).toBeCloseTo(0.5);
    expect(view.x).toBeCloseTo(350);
    expect(view.y).toBeCloseTo(40);
    const fitted = frameFlow({ width: 600, height: 1080 }, pane);
    expect(fitted.zoom).toBeCloseTo(720 / 1080);
    expect(fitted.y).toBeCloseTo((800 - 1080 * fitted.zoom) / 2);
  });

  it('opens a tall flow at a readable zoom, showing its top (the trigger) centred', () => {
    const view = frameFlow({ width: 900, height: 8000 }, pane);
    expect(view.zoom).toBe(VIEWPORT.minReadableZoom);
    expect(view.y).toBe(VIEWPORT.padding);
    // The layout is symmetric about the trigger's axis, so centring the flow centres the trigger.
    expect(view.x + (900 / 2) * view.zoom).toBe(pane.width / 2);
  });
});
