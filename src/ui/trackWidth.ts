/** An element's CSS width as last measured. */
export interface TrackedWidth {
  readonly width: number;
  dispose(): void;
}

/**
 * The CSS width of an element, read once and then kept current by a ResizeObserver, so that a canvas
 * painted every frame never reads `clientWidth` itself: that read forces the browser to lay out the page
 * again after each frame's DOM changes. `onResize` runs after the width changed.
 */
export function trackWidth(element: HTMLElement, onResize?: () => void): TrackedWidth {
  let width = element.clientWidth;
  // Without ResizeObserver (jsdom in tests), the width is simply read each time.
  if (typeof ResizeObserver === 'undefined') {
    return {
      get width() {
        return element.clientWidth;
      },
      dispose() {},
    };
  }
  const observer = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    width = entry.contentRect.width;
    onResize?.();
  });
  observer.observe(element);
  return {
    get width() {
      return width;
    },
    dispose: () => observer.disconnect(),
  };
}
