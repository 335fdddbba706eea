import { PLANE_EXTENT } from '../../core/datasets.ts';
import { evaluateGrid, traceZeroLevel } from '../../core/grid.ts';
import { createModel } from '../../core/models.ts';
import { selectAveragedWeights } from '../../state/noiseFloorSlice.ts';
import type { AppState } from '../../state/store.ts';

/** The zero level of each averaged weight vector the worker sent: each is traced once. */
const traced = new WeakMap<readonly number[], Float32Array>();

/**
 * The decision boundary of the averaged weights w̄ (tail or moving average, as chosen) over the plane, on
 * the same grid as the model's own; null while they are hidden or not yet there.
 */
export function averagedBoundary(state: AppState): Float32Array | null {
  const weights = selectAveragedWeights(state);
  // The model's own grid gives the resolution, so both boundaries are traced alike.
  const resolution = state.grid?.resolution;
  if (weights === null || resolution === undefined) return null;
  const known = traced.get(weights);
  if (known) return known;
  const model = createModel(state.config.model, 0);
  // A model changed since the averages were sent has other parameters: its next run sends new ones.
  if (model.weights.length !== weights.length) return null;
  model.weights.set(weights);
  const segments = traceZeroLevel(evaluateGrid(model, resolution, PLANE_EXTENT));
  traced.set(weights, segments);
  return segments;
}
