import { useCallback, useEffect, useState } from 'react';

/** An element's content box in CSS pixels. */
export interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The content box of the element given to the returned ref, kept current by a ResizeObserver while
 * `enabled`; null while disabled, before the element mounts, or where ResizeObserver is missing (jsdom).
 */
export function useBoxSize<Element extends HTMLElement>(
  enabled: boolean,
): [(element: Element | null) => void, BoxSize | null] {
  const [element, setElement] = useState<Element | null>(null);
  const [size, setSize] = useState<BoxSize | null>(null);
  useEffect(() => {
    if (!enabled || element === null || typeof ResizeObserver === 'undefined') {
      setSize(null);
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      setSize((last) =>
        last !== null && last.width === box.width && last.height === box.height
          ? last
          : { width: box.width, height: box.height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled, element]);
  return [useCallback((next: Element | null) => setElement(next), []), size];
}
