import type { Hyperparameters } from '../core/hyperparameters.ts';
import type { RunSettings } from '../core/run.ts';

/** The training worker's tests' run: 200 separable points (140 to train), linear, logistic, seed 3. */
export function separableRun(hyperparameters: Hyperparameters): RunSettings {
  return {
    dataset: { kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 3 },
    customPoints: null,
    model: { kind: 'linear', features: [] },
    engine: 'fast',
    l2: 0,
    objective: 'logistic',
    hyperparameters,
  };
}
