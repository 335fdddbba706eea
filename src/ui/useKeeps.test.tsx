// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlId } from '../state/lessonControls.ts';
import type { AppStore } from '../state/store.ts';
import { renderWithStore } from '../test/renderWithStore.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { TrainingControls } from './controls/TrainingControls.tsx';
import { ShortcutsDialog } from './panels/ShortcutsDialog.tsx';
import { handleShortcut, keptShortcuts } from './useShortcuts.ts';

afterEach(cleanup);

function keepOnly(store: AppStore, ...ids: ControlId[]) {
  act(() => store.getState().showLinkView({ lesson: null, kept: new Set(ids), embed: false }));
}

function press(store: AppStore, key: string, shiftKey = false): boolean {
  return handleShortcut(store.getState(), new KeyboardEvent('keydown', { key, shiftKey }));
}

describe('a lesson’s kept controls', () => {
  it('leave the others out of the DOM, not merely hidden', () => {
    const { store } = renderWithStore(
      <>
        <TrainingControls />
        <DataControls />
        <Toolbar />
      </>,
    );
    expect(screen.getByRole('slider', { name: 'Batch size' })).toBeTruthy();
    keepOnly(store, 'lr', 'data.moons', 'data.xor');
    expect(screen.getByRole('slider', { name: 'Learning rate' })).toBeTruthy();
    for (const name of ['Batch size', 'Annealing rate', 'Epochs', 'Points', 'Noise', 'Speed'])
      expect(screen.queryByRole('slider', { name })).toBeNull();
    expect(screen.queryByLabelText('Batch size value')).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Sampling' })).toBeNull();
    expect(screen.getAllByRole('radio').map((radio) => radio.textContent)).toEqual(['XOR', 'Two moons']);
    expect(screen.queryByRole('button', { name: 'Step batch' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Train' })).toBeTruthy();
  });

  it('take the training panel away when it keeps none of its controls', () => {
    const { store } = renderWithStore(<TrainingControls />);
    keepOnly(store, 'points');
    expect(screen.queryByRole('heading', { name: 'Training' })).toBeNull();
  });

  it('turn off the shortcuts of the controls left out, and the dialog no longer lists them', () => {
    const { store, sent } = renderWithStore(<ShortcutsDialog />);
    keepOnly(store, 'lr');
    expect(press(store, 'p')).toBe(false);
    expect(store.getState().config.presentation).toBe(false);
    const before = sent.length;
    expect(press(store, 'ArrowRight')).toBe(false);
    expect(press(store, 'ArrowRight', true)).toBe(false);
    expect(sent.length).toBe(before);
    expect(keptShortcuts(store.getState().linkView.kept).map((shortcut) => shortcut.action)).toEqual([
      'Train / Pause',
      'Reset the run',
      'Show these shortcuts',
      'Close this dialog / leave presentation mode',
    ]);
    act(() => store.getState().setShortcutsOpen(true));
    expect(screen.queryByText('Presentation mode on / off')).toBeNull();
    expect(screen.queryByText('Step one batch')).toBeNull();
    expect(screen.getByText('Reset the run')).toBeTruthy();

    keepOnly(store, 'presentation', 'steps');
    act(() => store.getState().setShortcutsOpen(false));
    expect(press(store, 'p')).toBe(true);
    expect(store.getState().config.presentation).toBe(true);
    expect(press(store, 'ArrowRight')).toBe(true);
    expect(sent.length).toBeGreaterThan(before);
  });

  it('leave every shortcut to the full lab', () => {
    const { store } = renderWithStore(<ShortcutsDialog />);
    expect(keptShortcuts(store.getState().linkView.kept)).toHaveLength(7);
    expect(press(store, 'p')).toBe(true);
  });
});
