// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { LazyComparePanel, LazyRacePanel, LazySweepPanel } from './LazyPanels.tsx';

/** Stands in for the browser's IntersectionObserver: the test says when an element comes into view. */
class FakeIntersectionObserver {
  static readonly observers: FakeIntersectionObserver[] = [];
  readonly elements = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.observers.push(this);
  }
  observe(element: Element) {
    this.elements.add(element);
  }
  unobserve(element: Element) {
    this.elements.delete(element);
  }
  disconnect() {
    this.elements.clear();
  }
  /** Tells the observers watching `element` that it is now in view. */
  static bringIntoView(element: Element) {
    for (const observer of FakeIntersectionObserver.observers) {
      if (!observer.elements.has(element)) continue;
      const entry = { target: element, isIntersecting: true } as IntersectionObserverEntry;
      observer.callback([entry], observer as unknown as IntersectionObserver);
    }
  }
}

beforeAll(() => {
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  // Recharts' ResponsiveContainer measures itself; jsdom has no layout, so the observer does nothing.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});
afterAll(() => vi.unstubAllGlobals());
afterEach(cleanup);

/** The section a heading names. */
const sectionOf = (name: string) => screen.getByRole('heading', { name }).closest('section')!;

describe('LazyPanels', () => {
  // One test: whether the user has acted is the page's state, kept for as long as the module lives.
  it('holds each panel’s place with its heading; loads one once in view, all at the first action', async () => {
    renderWithStore(
      <>
        <LazyComparePanel />
        <LazySweepPanel />
        <LazyRacePanel />
      </>,
    );
    for (const name of ['Compare runs', 'Sweep', 'The race: GD vs mini-batch vs SGD']) {
      const section = sectionOf(name);
      expect(section.getAttribute('aria-busy')).toBe('true');
      expect(section.textContent).toContain('Loading…');
    }
    expect(sectionOf('Sweep').className).toBe('panel sweep-panel lab-placeholder');
    expect(sectionOf('Sweep').style.minHeight).toBe('15rem');
    // Nothing is fetched while no one acts and nothing is in view; the panels are watched from the first
    // idle moment (jsdom has no idle callbacks: a short timeout stands in).
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(FakeIntersectionObserver.observers).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Start race' })).toBeNull();

    act(() => FakeIntersectionObserver.bringIntoView(sectionOf('The race: GD vs mini-batch vs SGD')));
    await screen.findByRole('button', { name: 'Start race' });
    expect(screen.queryByRole('button', { name: 'Run sweep' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pin run' })).toBeNull();

    fireEvent.keyDown(document.body, { key: 'Tab' });
    await screen.findByRole('button', { name: 'Run sweep' });
    await screen.findByRole('button', { name: 'Pin run' });
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(sectionOf('Sweep').className).toBe('panel sweep-panel');
  });
});
