import { describe, expect, it } from 'vitest';
import { fastModelFactory } from '../../core/run.ts';
import { separableRun } from '../../test/runSettings.ts';
import { ActiveRun, MAX_CHECKPOINTS } from './activeRun.ts';

/** A full-batch run (one update an epoch) longer than the checkpoints the worker keeps, trained to its end. */
function trainedLongRun() {
  const epochs = MAX_CHECKPOINTS + 100;
  const settings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 140, epochs });
  const { active } = ActiveRun.start(1, settings, fastModelFactory, null);
  active.run.stepper.runBatches(Number.POSITIVE_INFINITY);
  return { active, epochs };
}

function viewOf(active: ActiveRun, epoch: number) {
  const message = active.showEpoch(epoch)[0]?.message;
  if (message?.type !== 'epochView') throw new Error('no epoch view');
  return message;
}

describe('showing a past epoch', () => {
  it('shows the nearest epoch whose weights were kept, and says which epoch was asked for', () => {
    const { active, epochs } = trainedLongRun();
    const history = active.run.stepper.history;
    const kept = history.map((record) => record.epoch);
    expect(kept.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    expect(kept.at(-1)).toBe(epochs);
    // An epoch thinned away: the nearest kept one is shown instead.
    const missing = [...Array(epochs).keys()].find((epoch) => epoch > 1 && !kept.includes(epoch))!;
    const nearest = kept.reduce((best, epoch) =>
      Math.abs(epoch - missing) < Math.abs(best - missing) ? epoch : best,
    );
    const view = viewOf(active, missing);
    expect(view.requestedEpoch).toBe(missing);
    expect(view.epoch).toBe(nearest);
    expect(Math.abs(view.epoch - missing)).toBe(1);
    expect(view.weights).toEqual(history.find((record) => record.epoch === nearest)?.weights);
    // A kept epoch is shown as it was; epoch 0 is the start.
    expect(viewOf(active, kept[10]!).epoch).toBe(kept[10]);
    expect(viewOf(active, 0)).toMatchObject({ epoch: 0, requestedEpoch: 0, weights: [0, 0, 0] });
    expect(viewOf(active, epochs).weights).toEqual(history.at(-1)?.weights);
  });
});
