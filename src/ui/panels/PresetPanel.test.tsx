// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { presets } from '../../state/presets.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { PresetPanel } from './PresetPanel.tsx';

afterEach(cleanup);

const steps = presets.closeButNotExact.steps ?? [];

describe('PresetPanel', () => {
  it('lists every step on the page, and shows one at a time in presentation mode', () => {
    const { store } = renderWithStore(<PresetPanel />);
    act(() => store.getState().applyPreset('closeButNotExact'));
    expect(steps).toHaveLength(4);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(steps);

    act(() => store.getState().changeConfig({ presentation: true }));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByText(/^Step 1 of 4:/).parentElement?.textContent).toBe(`Step 1 of 4: ${steps[0]}`);
    const previous = screen.getByRole('button', { name: 'Previous step' });
    const next = screen.getByRole('button', { name: 'Next step' });
    expect(previous).toHaveProperty('disabled', true);
    for (let k = 1; k < 4; k++) fireEvent.click(next);
    expect(screen.getByText(/^Step 4 of 4:/).parentElement?.textContent).toBe(`Step 4 of 4: ${steps[3]}`);
    expect(next).toHaveProperty('disabled', true);
    fireEvent.click(previous);
    expect(screen.getByText(/^Step 3 of 4:/)).toBeTruthy();
  });
});
