// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { LazyLandscapePanel } from './LazyPanels.tsx';

beforeAll(() => {
  // Nothing comes into view here: only the user's change can fetch the panel.
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});
afterAll(() => vi.unstubAllGlobals());
afterEach(cleanup);

describe('LazyPanels and a control’s change', () => {
  // A file of its own: whether the user has acted is the module's state, and here no other action came first.
  it('fetches the panels when a select changes, with no pointer or key on the page', async () => {
    renderWithStore(
      <>
        <select aria-label="Objective" defaultValue="logistic">
          <option value="logistic">Logistic</option>
          <option value="squared">Squared</option>
        </select>
        <LazyLandscapePanel />
      </>,
    );
    const heading = screen.getByRole('heading', { name: 'Loss landscape' });
    expect(heading.closest('section')?.getAttribute('aria-busy')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByRole('checkbox', { name: 'Iterate cloud' })).toBeNull();

    fireEvent.change(screen.getByRole('combobox', { name: 'Objective' }), { target: { value: 'squared' } });
    expect(await screen.findByRole('checkbox', { name: 'Iterate cloud' })).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
  });
});
