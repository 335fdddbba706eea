// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../core/runRecords.ts';
import type { AppStore } from '../state/store.ts';
import { renderWithStore } from '../test/renderWithStore.tsx';
import { Charts } from './charts/Charts.tsx';
import { DistanceChart } from './charts/DistanceChart.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { ANNOUNCE_INTERVAL_MS, Announcer } from './panels/Announcer.tsx';
import { ShortcutsButton, ShortcutsDialog } from './panels/ShortcutsDialog.tsx';
import { useShortcuts } from './useShortcuts.ts';

beforeAll(() => {
  // Recharts' ResponsiveContainer measures itself; jsdom has no layout, so the observer does nothing.
  if (!('ResizeObserver' in globalThis)) {
    class NoLayoutObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    vi.stubGlobal('ResizeObserver', NoLayoutObserver);
  }
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function record(epoch: number, trainAccuracy = 0.912, testAccuracy = 0.875): EpochRecord {
  return {
    epoch,
    objective: 100 / epoch,
    testObjective: 40 / epoch,
    trainAccuracy,
    testAccuracy,
    learningRate: 0.1 * 0.99 ** (epoch - 1),
    batchSize: 10,
    updates: 14 * epoch,
    weights: [0.5 * epoch, -0.25, 0.1],
  };
}

function history(epochs: number): EpochRecord[] {
  return Array.from({ length: epochs }, (_, index) => record(index + 1));
}

function ShortcutsHarness() {
  useShortcuts();
  return (
    <>
      <Toolbar />
      <ShortcutsButton />
      <ShortcutsDialog />
      <label>
        Note <input type="text" />
      </label>
    </>
  );
}

function press(target: Element, key: string, options: { shiftKey?: boolean; ctrlKey?: boolean } = {}) {
  fireEvent.keyDown(target, { key, ...options });
}

function setTraining(store: AppStore) {
  act(() => store.setState({ counters: { ...store.getState().counters, state: 'training' } }));
}

describe('keyboard shortcuts', () => {
  it('Space trains and pauses, arrows step, R resets, all through the worker', () => {
    const { sent, store } = renderWithStore(<ShortcutsHarness />);
    const before = sent.length;
    press(document.body, ' ');
    expect(sent.at(-1)).toEqual({ type: 'play', runId: 1 });
    setTraining(store);
    press(document.body, ' ');
    expect(sent.at(-1)).toEqual({ type: 'pause', runId: 1 });
    press(document.body, 'ArrowRight');
    expect(sent.at(-1)?.type).toBe('stepBatch');
    press(document.body, 'ArrowRight', { shiftKey: true });
    expect(sent.at(-1)?.type).toBe('stepEpoch');
    press(document.body, 'r');
    expect(sent.at(-1)?.type).toBe('start');
    expect(store.getState().runId).toBe(2);
    expect(sent.slice(before).map((message) => message.type)).toEqual([
      'play',
      'pause',
      'stepBatch',
      'stepEpoch',
      'start',
    ]);
  });

  it('leaves keys alone while typing, with Ctrl held, and Space to a focused button', () => {
    const { sent } = renderWithStore(<ShortcutsHarness />);
    const before = sent.length;
    const input = screen.getByRole('textbox', { name: 'Note' });
    for (const key of [' ', 'ArrowRight', 'r', 'p', '?']) press(input, key);
    press(document.body, 'r', { ctrlKey: true });
    press(screen.getByRole('button', { name: 'Step batch' }), ' ');
    expect(sent.length).toBe(before);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('does not train or step while the toolbar has them disabled', () => {
    const { sent, store } = renderWithStore(<ShortcutsHarness />);
    act(() => store.setState({ workerError: 'out of memory' }));
    const before = sent.length;
    press(document.body, ' ');
    press(document.body, 'ArrowRight');
    press(document.body, 'ArrowRight', { shiftKey: true });
    expect(sent.length).toBe(before);
  });

  it('? opens the dialog named "Keyboard shortcuts"; Escape closes it and focus returns', () => {
    renderWithStore(<ShortcutsHarness />);
    const opener = screen.getByRole('button', { name: 'Show keyboard shortcuts' });
    opener.focus();
    press(opener, '?', { shiftKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByRole('table')).toBeTruthy();
    expect(within(dialog).getByRole('row', { name: /Space Train \/ Pause/ })).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    press(document.activeElement ?? document.body, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('the "?" button opens the dialog and its Close button closes it', () => {
    const { sent } = renderWithStore(<ShortcutsHarness />);
    const opener = screen.getByRole('button', { name: 'Show keyboard shortcuts' });
    opener.focus();
    fireEvent.click(opener);
    const before = sent.length;
    // The page behind a modal dialog takes no shortcuts.
    press(document.body, 'ArrowRight');
    expect(sent.length).toBe(before);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('P toggles presentation mode; Escape closes the dialog first, then leaves presentation mode', () => {
    const { store } = renderWithStore(<ShortcutsHarness />);
    press(document.body, 'p');
    expect(store.getState().config.presentation).toBe(true);
    press(document.body, '?', { shiftKey: true });
    press(document.body, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().config.presentation).toBe(true);
    press(document.body, 'Escape');
    expect(store.getState().config.presentation).toBe(false);
    press(document.body, 'P');
    expect(store.getState().config.presentation).toBe(true);
  });
});

describe('charts as tables', () => {
  it('shows each chart as a table with one row per epoch, and back', () => {
    const { store } = renderWithStore(<Charts />);
    act(() => store.setState({ history: history(7) }));
    const toggle = screen.getByRole('button', { name: 'Objective per epoch as table' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(toggle.textContent).toBe('Table');
    const table = screen.getByRole('table', { name: /^Objective per epoch/ });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual([
      'Epoch',
      'Train objective (sum over training set)',
      'Test objective (scaled to train size)',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    // No points on screen: the test objective is not scaled (scale 0), the train objective is 100 / 3.
    expect(
      within(rows[2] as HTMLElement)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['33.3', '0']);

    fireEvent.click(screen.getByRole('button', { name: 'Accuracy per epoch as table' }));
    const accuracy = screen.getByRole('table', { name: /^Accuracy per epoch/ });
    expect(within(accuracy).getAllByRole('row')).toHaveLength(8);
    expect(within(accuracy).getAllByRole('cell')[0]?.textContent).toBe('91.2 %');

    fireEvent.click(screen.getByRole('button', { name: 'Learning rate per epoch as table' }));
    const rates = screen.getByRole('table', { name: /^Learning rate per epoch/ });
    // Seven epochs used, then the 93 still planned of the 100.
    expect(within(rates).getAllByRole('row')).toHaveLength(1 + 100);
    expect(within(rates).getAllByRole('row')[8]?.textContent).toMatch(/^8.*planned$/);

    fireEvent.click(toggle);
    expect(screen.queryByRole('table', { name: /^Objective per epoch/ })).toBeNull();
    expect(screen.getByRole('figure', { name: 'Objective per epoch' })).toBeTruthy();
  });

  it('shows the distance to the optimum as a table', () => {
    const { store } = renderWithStore(<DistanceChart />);
    act(() =>
      store.setState({
        history: history(4),
        info: {
          modelLabel: 'linear',
          engineLabel: 'plain',
          parameterLabels: ['w1', 'w2', 'b'],
          optimum: { kind: 'minimum', weights: [2, -0.25, 0.1], objective: 20, boundary: new Float32Array() },
          start: { weights: [0, 0, 0], objective: 120, testObjective: 30 },
        },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Distance to optimum as table' }));
    const table = screen.getByRole('table', { name: /Distance to the exact optimum/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    const cells = (row: number) =>
      within(rows[row] as HTMLElement)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    // Epoch 0, the zero weights: ‖(2, −0.25, 0.1)‖ = 2.02 from the optimum, objective 120 against 20.
    expect(within(rows[0] as HTMLElement).getByRole('rowheader').textContent).toBe('0');
    expect(cells(0)).toEqual(['2.02', '100']);
    // Epoch 1: w1 = 0.5 against 2; objective 100 against 20.
    expect(cells(1)).toEqual(['1.5', '80']);
  });
});

describe('Announcer', () => {
  function progress(store: AppStore, epochs: number, state: 'training' | 'finished' = 'training') {
    act(() =>
      store.setState({
        history: history(epochs),
        counters: { ...store.getState().counters, state, epoch: epochs },
      }),
    );
  }

  it('announces progress politely, at most once every 2 s', () => {
    vi.useFakeTimers();
    const { store, view } = renderWithStore(<Announcer />);
    const region = view.container.querySelector('[aria-live="polite"]');
    expect(region?.textContent).toBe('');
    const interval = ANNOUNCE_INTERVAL_MS;
    progress(store, 1);
    // Spoken at once, in a task of its own.
    act(() => vi.advanceTimersByTime(0));
    expect(region?.textContent).toBe('Epoch 1 of 100: train accuracy 91.2 %, test accuracy 87.5 %.');
    act(() => vi.advanceTimersByTime(500));
    progress(store, 2);
    act(() => vi.advanceTimersByTime(500));
    progress(store, 3);
    act(() => vi.advanceTimersByTime(interval - 1000 - 1));
    expect(region?.textContent).toMatch(/^Epoch 1 of 100/);
    act(() => vi.advanceTimersByTime(1));
    expect(region?.textContent).toMatch(/^Epoch 3 of 100/);
    progress(store, 12);
    act(() => vi.advanceTimersByTime(interval - 1));
    expect(region?.textContent).toMatch(/^Epoch 3 of 100/);
    act(() => vi.advanceTimersByTime(1));
    expect(region?.textContent).toMatch(/^Epoch 12 of 100/);
    act(() => vi.advanceTimersByTime(5000));
    progress(store, 100, 'finished');
    act(() => vi.advanceTimersByTime(0));
    expect(region?.textContent).toBe(
      'Finished after 100 epochs: train accuracy 91.2 %, test accuracy 87.5 %.',
    );
  });

  it('counts at most one update per 2 s over a fast run', () => {
    vi.useFakeTimers();
    const { store, view } = renderWithStore(<Announcer />);
    const region = view.container.querySelector('[aria-live="polite"]') as HTMLElement;
    // Each time the live region's text changes, with the (fake) time it was seen.
    const changes: { at: number; text: string }[] = [];
    const sample = () => {
      const text = region.textContent ?? '';
      if (text !== '' && text !== changes.at(-1)?.text) changes.push({ at: Date.now(), text });
    };
    // 100 epochs at one every 100 ms: ten seconds of run, the region read every 10 ms.
    for (let epoch = 1; epoch <= 100; epoch++) {
      progress(store, epoch, epoch === 100 ? 'finished' : 'training');
      sample();
      for (let tick = 0; tick < 10; tick++) {
        act(() => vi.advanceTimersByTime(10));
        sample();
      }
    }
    act(() => vi.advanceTimersByTime(2000));
    sample();
    for (let k = 1; k < changes.length; k++) {
      expect((changes[k]?.at ?? 0) - (changes[k - 1]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    }
    // Spoken at 0, 2.2, 4.4, 6.6 and 8.8 s, and the end after the run's last epoch.
    const distinct = changes.map((change) => change.text);
    expect(distinct.length).toBe(6);
    expect(distinct.at(-1)).toMatch(/^Finished after 100 epochs/);
  });

  it('says where a run diverged, once', () => {
    vi.useFakeTimers();
    const { store, view } = renderWithStore(<Announcer />);
    act(() =>
      store.setState({
        divergence: {
          epoch: 4,
          batch: 2,
          learningRate: 10,
          reason: 'the weights exploded',
          suggestedLearningRate: null,
        },
        counters: { ...store.getState().counters, state: 'diverged' },
      }),
    );
    act(() => vi.advanceTimersByTime(0));
    expect(view.container.textContent).toBe('Diverged at epoch 4.');
  });
});
