import { useShallow } from 'zustand/react/shallow';
import { formatPercent, formatRate } from '../../core/format.ts';
import { describeTrainable } from '../../state/dataSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import { useKeeps } from '../useKeeps.ts';
import type { Speed } from '../../state/config.ts';
import { Slider } from './Slider.tsx';

const selectStatus = (state: AppState) =>
  [state.counters, state.history[state.history.length - 1], state.lastUpdate] as const;

/** The speeds the Speed slider steps through, in batches per second; null is as fast as possible. */
export const SPEED_STOPS: readonly Speed[] = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, null];

function describeSpeed(speed: Speed): string {
  return speed === null ? 'full speed' : `${speed.toLocaleString('en')} batch${speed === 1 ? '' : 'es'}/s`;
}

const STATE_WORDS = {
  ready: 'ready',
  training: 'training',
  paused: 'paused',
  finished: 'finished',
  diverged: 'diverged',
} as const;

/** Train / Pause, the step buttons, Reset, the speed and the status line with the accuracies. */
export function Toolbar() {
  const [counters, lastRecord, lastUpdate] = useThrottledSelector(selectStatus);
  // The button answers the worker at once; the status line waits for the page's next tick.
  const training = useAppStore((state) => state.counters.state === 'training');
  const speed = useAppStore((state) => state.config.speed);
  const hasError = useAppStore((state) => state.workerError !== null);
  const untrainable = useAppStore((state) =>
    state.config.customPoints ? describeTrainable(state.config.customPoints) : null,
  );
  const blocked = hasError || untrainable !== null;
  const { train, pause, stepBatch, stepEpoch, reset, changeConfig } = useAppStore(
    useShallow(({ train, pause, stepBatch, stepEpoch, reset, changeConfig }) => ({
      train,
      pause,
      stepBatch,
      stepEpoch,
      reset,
      changeConfig,
    })),
  );
  const keepsSteps = useKeeps('steps');
  const keepsSpeed = useKeeps('speed');
  const setSpeed = (next: Speed) => changeConfig({ speed: next });
  const speedIndex = Math.max(0, SPEED_STOPS.indexOf(speed));

  return (
    <div className="toolbar">
      <div className="buttons">
        {training ? (
          <button type="button" className="primary" onClick={pause} aria-keyshortcuts="Space">
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
              <rect x="1" y="1" width="3.5" height="10" fill="currentColor" />
              <rect x="7.5" y="1" width="3.5" height="10" fill="currentColor" />
            </svg>{' '}
            Pause
          </button>
        ) : (
          <button type="button" className="primary" onClick={train} disabled={blocked}>
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
              <path d="M2 1 L11 6 L2 11 Z" fill="currentColor" />
            </svg>{' '}
            Train
          </button>
        )}
        {keepsSteps && (
          <>
            <button type="button" onClick={stepBatch} disabled={blocked}>
              Step batch
            </button>
            <button type="button" onClick={stepEpoch} disabled={blocked}>
              Step epoch
            </button>
          </>
        )}
        <button type="button" onClick={reset}>
          Reset
        </button>
        {keepsSpeed && (
          <div className="speed">
            <Slider
              label="Speed"
              value={speedIndex}
              min={0}
              max={SPEED_STOPS.length - 1}
              step={1}
              display={describeSpeed(speed)}
              onChange={(index) => setSpeed(SPEED_STOPS[index] ?? null)}
            />
          </div>
        )}
      </div>
      {/* What stops the user's points from training takes the status line's place, so the page keeps its
          height while points are drawn (a line that came and went would move the plane under the pointer). */}
      <p className="status" role="status" aria-label="Run status">
        {untrainable ? (
          <span className="untrainable">{untrainable}</span>
        ) : (
          <RunStatus counters={counters} lastUpdate={lastUpdate} />
        )}
      </p>
      <dl className="scores">
        <div>
          <dt id="train-accuracy-label">Train accuracy</dt>
          <dd aria-labelledby="train-accuracy-label">
            {lastRecord ? formatPercent(lastRecord.trainAccuracy) : '—'}
          </dd>
        </div>
        <div>
          <dt id="test-accuracy-label">Test accuracy</dt>
          <dd aria-labelledby="test-accuracy-label">
            {lastRecord ? formatPercent(lastRecord.testAccuracy) : '—'}
          </dd>
        </div>
      </dl>
    </div>
  );
}

/**
 * Where a run stands, by the app's one epoch numbering (runRecords.ts): the epoch of the last update, counted
 * from 1, and the batches of it done — "epoch 1 of 100 · batch 3 of 20" while the first epoch runs, "batch 20
 * of 20" once it is done and until the next one starts, "epoch 1 · batch 0" before the first update. The
 * update table names the same epoch and batch for the last update.
 */
export function describePosition(
  counters: AppState['counters'],
  lastUpdate: AppState['lastUpdate'],
): { epoch: number; batch: number; batches: number } {
  const { epoch: completed, batchInEpoch, batchesInEpoch } = counters;
  if (batchInEpoch > 0) return { epoch: completed + 1, batch: batchInEpoch, batches: batchesInEpoch };
  if (completed === 0) return { epoch: 1, batch: 0, batches: batchesInEpoch };
  // Between epochs the next epoch's batch size may already apply; the finished epoch's count is the last update's.
  const batches =
    lastUpdate !== null && lastUpdate.epochIndex === completed - 1
      ? lastUpdate.batchesInEpoch
      : batchesInEpoch;
  return { epoch: completed, batch: batches, batches };
}

/** The run's counters as the status line shows them: epoch, batch, updates, the next rate, the state. */
function RunStatus(props: { counters: AppState['counters']; lastUpdate: AppState['lastUpdate'] }) {
  const { counters } = props;
  const position = describePosition(counters, props.lastUpdate);
  return (
    <>
      <span>
        epoch <strong>{position.epoch}</strong> of {counters.epochs}
      </span>
      <span>
        batch <strong>{position.batch}</strong> of {position.batches}
      </span>
      <span>
        update <strong>{counters.updates.toLocaleString('en')}</strong>
      </span>
      <span>
        lr <strong>{formatRate(counters.learningRate)}</strong>
      </span>
      <span className={`state state-${counters.state}`}>{STATE_WORDS[counters.state]}</span>
    </>
  );
}
