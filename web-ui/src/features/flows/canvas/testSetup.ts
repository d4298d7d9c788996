// jsdom lacks what React Flow measures with; minimal stand-ins, imported by the canvas component tests only.

class ResizeObserverStub {
  private readonly callback: ResizeObserverCallback;

  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }

  observe(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }

  unobserve(): void {}

  disconnect(): void {}
}

class DOMMatrixReadOnlyStub {
  m22: number;

  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;
}
if (!('DOMMatrixReadOnly' in globalThis)) {
  globalThis.DOMMatrixReadOnly = DOMMatrixReadOnlyStub as unknown as typeof DOMMatrixReadOnly;
}

/** An inline size in pixels (nodes get theirs from React Flow), else the fallback. */
const pixels = (value: string, fallback: number) => (value.endsWith('px') ? parseFloat(value) : fallback);

// React Flow reads node and pane sizes from offsetWidth/offsetHeight, which jsdom leaves at 0:
// nodes measure as their inline size, anything else (the pane) as 1000 x 800.
Object.defineProperties(HTMLElement.prototype, {
  offsetWidth: {
    configurable: true,
    get(this: HTMLElement) {
      return pixels(this.style.width, 1000);
    },
  },
  offsetHeight: {
    configurable: true,
    get(this: HTMLElement) {
      return pixels(this.style.height, 800);
    },
  },
});

if (!('getBBox' in SVGElement.prototype)) {
  Object.defineProperty(SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 0, height: 0 }),
  });
}
