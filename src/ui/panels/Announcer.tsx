import { useEffect, useRef } from 'react';
import { OBJECTIVE_RISE_FACTOR } from '../../core/divergenceRule.ts';
import { formatPercent } from '../../core/format.ts';
import { latestEpoch } from '../../state/runSlice.ts';
import { useAppStoreApi, type AppState } from '../../state/store.ts';

/** A screen reader hears at most one progress announcement per this many milliseconds: 2 s, with a margin for timers that fire late. */
export const ANNOUNCE_INTERVAL_MS = 2200;

/** What to say about the run now, or null when there is nothing to say yet. */
export function describeProgress(state: AppState): string | null {
  const { counters, history, divergence } = state;
  if (counters.state === 'diverged') {
    // Epochs are named from 1, as everywhere (runRecords.ts): the one that diverged had not completed.
    const epoch = divergence?.epoch ?? counters.epoch + 1;
    return divergence?.objectiveRise
      ? `Diverged at epoch ${epoch}: the training objective rose above ${OBJECTIVE_RISE_FACTOR} × its lowest.`
      : `Diverged at epoch ${epoch}.`;
  }
  const last = history[history.length - 1];
  if (!last) return null;
  const accuracies = `train accuracy ${formatPercent(last.trainAccuracy)}, test accuracy ${formatPercent(last.testAccuracy)}`;
  if (counters.state === 'finished') {
    return `Finished after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: ${accuracies}.`;
  }
  return `Epoch ${last.epoch} of ${counters.epochs}: ${accuracies}.`;
}

/** Whether the change from `previous` to `state` is worth announcing: a new epoch, or the end of the run. */
function isNews(state: AppState, previous: AppState): boolean {
  if (state.runId !== previous.runId) return false;
  // A long run's history is thinned: its newest epoch, not its length, tells a new epoch.
  if (latestEpoch(state.history) > latestEpoch(previous.history)) return true;
  const ended = state.counters.state === 'finished' || state.counters.state === 'diverged';
  return ended && state.counters.state !== previous.counters.state;
}

/** A visually hidden live region that tells a screen reader how the run is going, throttled. */
export function Announcer() {
  const store = useAppStoreApi();
  const region = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // A transient subscription: the store changes every frame, this component only when it speaks.
    let lastSpokenAt = Number.NEGATIVE_INFINITY;
    let lastSpoken = '';
    let timer: ReturnType<typeof setTimeout> | null = null;

    const speak = () => {
      timer = null;
      const state = store.getState();
      const text = describeProgress(state);
      if (text === null) return;
      // The run id keeps a second run that ends the same way from being silenced.
      const key = `${state.runId}:${text}`;
      if (key === lastSpoken) return;
      lastSpoken = key;
      lastSpokenAt = Date.now();
      // Written straight into the live region, so the words reach it when the throttle says, not a render later.
      if (region.current) region.current.textContent = text;
    };

    const unsubscribe = store.subscribe((state, previous) => {
      if (!isNews(state, previous) || timer !== null) return;
      // Leading edge when quiet for long enough; otherwise the latest news at the end of the interval.
      // Even at once means in a task of its own, not inside the store update that rendered the page.
      const wait = lastSpokenAt + ANNOUNCE_INTERVAL_MS - Date.now();
      timer = setTimeout(speak, Math.max(0, wait));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store]);

  return <div ref={region} className="visually-hidden announcer" aria-live="polite" aria-atomic="true" />;
}
