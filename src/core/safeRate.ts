/**
 * The learning rate the page suggests after a divergence: the largest rate on a 1-2-5 ladder, at most a third
 * of the one that diverged, with which a probe run from the last good weights converges.
 */
import { evaluate } from './metrics.ts';
import { createModel } from './models.ts';
import { createShuffler, deriveSeed } from './random.ts';
import type { RunSettings } from './run.ts';
import { SgdStepper } from './sgd.ts';

/** The smallest rate worth suggesting: the bottom of the learning-rate slider. */
export const SMALLEST_SUGGESTED_RATE = 1e-4;
/** Epochs a probe trains: enough for a slow blow-up to show (it grows by a factor every epoch). */
export const PROBE_EPOCHS = 10;
/** Examples a probe's epochs hold at most, so that a probe on a very large training set stays short. */
export const PROBE_EXAMPLES = 100_000;
/**
 * A converging probe ends within this factor of its lowest objective: SGD with a constant rate hovers
 * around the minimum, so its last epoch may sit a little above the best one.
 */
const HOVER_FACTOR = 2;

/** The largest value on the 1-2-5 ladder (…, 0.1, 0.2, 0.5, 1, 2, 5, …) that is at most `limit`. */
export function ladderAtMost(limit: number): number {
  const power = 10 ** Math.floor(Math.log10(limit));
  const step = [5, 2, 1].find((candidate) => candidate * power <= limit * (1 + 1e-12)) ?? 1;
  return Number((step * power).toPrecision(1));
}

/** The epochs a probe trains on `trainCount` points: PROBE_EPOCHS, fewer on a large set, at least 2. */
export function probeEpochs(trainCount: number): number {
  return Math.max(2, Math.min(PROBE_EPOCHS, Math.floor(PROBE_EXAMPLES / Math.max(1, trainCount))));
}

/**
 * Trains `probe` (a fresh stepper from the weights to judge, set to run `probeEpochs` epochs) to its end and
 * says whether it converges: it did not diverge (no overflow, no slow blow-up by the rule of
 * divergenceRule.ts) and its last epoch's objective is no higher than where it started, or within
 * HOVER_FACTOR of its lowest. Staying finite is not enough: a rate a little above the stable limit grows the
 * objective slowly for many epochs before anything overflows.
 */
export function probeConverges(probe: SgdStepper): boolean {
  const { model, data, objective, l2 } = probe;
  const start = evaluate(model, data.train, objective, undefined, l2).objective;
  probe.runBatches(Number.POSITIVE_INFINITY);
  const last = probe.history.at(-1);
  if (probe.diverged !== null || last === undefined) return false;
  const lowest = probe.history.reduce((low, record) => Math.min(low, record.objective), start);
  return last.objective <= Math.max(start, HOVER_FACTOR * lowest);
}

/**
 * After a divergence at `divergedRate`, the largest rate on the 1-2-5 ladder, at most a third of it, for
 * which `converges` (a probe run from the last good weights, see `probeConverges`) holds; null if even the
 * smallest rate does not.
 */
export function findSafeLearningRate(
  divergedRate: number,
  converges: (rate: number) => boolean,
): number | null {
  for (
    let rate = ladderAtMost(divergedRate / 3);
    rate >= SMALLEST_SUGGESTED_RATE;
    rate = ladderAtMost(rate * 0.99)
  ) {
    if (converges(rate)) return rate;
  }
  return null;
}

/**
 * The rate to suggest after `stepper`, the run of `settings`, diverged: `findSafeLearningRate` with probes
 * that start from the weights of its last good epoch (`initialWeights` if none), train `probeEpochs` epochs
 * at the run's batch size on its data with a shuffle of their own, and must converge.
 */
export function suggestLearningRate(
  stepper: SgdStepper,
  settings: Pick<RunSettings, 'model' | 'l2' | 'dataset'>,
  initialWeights: ArrayLike<number>,
): number | null {
  const divergence = stepper.diverged;
  if (divergence === null) return null;
  const lastGood = stepper.history[stepper.history.length - 1]?.weights ?? initialWeights;
  const epochs = probeEpochs(stepper.trainCount);
  return findSafeLearningRate(divergence.learningRate, (rate) => {
    const model = createModel(settings.model, 0);
    model.weights.set(lastGood);
    const probe = new SgdStepper(
      model,
      stepper.data,
      stepper.objective,
      { learningRate: rate, annealingRate: 1, batchSize: stepper.batchSize, epochs },
      createShuffler(deriveSeed(settings.dataset.seed, 'probe')),
      { l2: settings.l2 },
    );
    return probeConverges(probe);
  });
}
