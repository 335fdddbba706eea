/**
 * The critical batch size from a sweep (McCandlish et al. 2018, "An Empirical Model of Large-Batch
 * Training"): for a target, each batch size's fewest updates S and examples E to reach it, and the fit of
 * (S/S_min − 1)(E/E_min − 1) = 1. With E = B·S that curve is S = S_min + E_min/B, a line in 1/B, so a
 * least-squares fit with relative errors (weights 1/S²) has a closed form; B_crit = E_min / S_min.
 */
import type { SweepCell, SweepResult } from './sweep.ts';
import type { UpdateTrace } from './updateTrace.ts';

/** What counts as reached: the training objective per example at most `value`, or the accuracy at least. */
export interface ReachTarget {
  readonly kind: 'objective' | 'accuracy';
  readonly value: number;
}

/** Where a trace first met a target: at `updates`, and not yet at `before` (the evaluation before it). */
export interface FirstReach {
  readonly updates: number;
  readonly before: number;
}

/** The first kept evaluation of `trace` that met `target`; null when none did. */
export function firstReach(trace: UpdateTrace, target: ReachTarget): FirstReach | null {
  const values = target.kind === 'objective' ? trace.lowestObjective : trace.highestAccuracy;
  const met = (value: number) =>
    target.kind === 'objective' ? value <= target.value : value >= target.value;
  const index = values.findIndex(met);
  if (index < 0) return null;
  const updates = trace.updates[index] as number;
  return { updates, before: index === 0 ? updates : (trace.updates[index - 1] as number) };
}

/** Examples a run has processed after `updates` updates: whole epochs of N, then `batchSize` per update. */
export function examplesSeen(updates: number, batchSize: number, trainCount: number): number {
  const perEpoch = Math.ceil(trainCount / batchSize);
  const epochs = Math.floor(updates / perEpoch);
  return epochs * trainCount + Math.min(trainCount, (updates - epochs * perEpoch) * batchSize);
}

/** A batch size's fastest cell to the target: S, E and the bracket of S. */
export interface StepsPoint {
  readonly cellIndex: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly annealingRate: number;
  /** S: updates to the first evaluation that met the target. */
  readonly steps: number;
  /** The evaluation before it: the first reach lies in (stepsBefore, steps]. */
  readonly stepsBefore: number;
  /** Whether S is exact to one update (a replay evaluated every update up to it): stepsBefore is S − 1. */
  readonly exact: boolean;
  /** E: examples processed in those S updates (B·S, the last batch of each epoch being shorter). */
  readonly examples: number;
}

/** Each batch size's best point, and the batch sizes where no cell reached the target. */
export interface StepsPoints {
  /** Ascending batch size; only reaches after at least one update. */
  readonly points: readonly StepsPoint[];
  readonly unreached: readonly number[];
  /** Batch sizes whose starting weights already met the target (S = 0: nothing to measure). */
  readonly metAtStart: readonly number[];
}

/**
 * For each batch size of a sweep, the cell (any learning rate and annealing rate) that reached the target
 * in the fewest updates; ties go to the smaller learning rate (the earlier cell). `exactSteps` holds the
 * exact S of the cells replayed for this target (cell index → S), which replaces their trace's bracket.
 */
export function fastestPerBatchSize(
  cells: readonly SweepCell[],
  results: readonly (SweepResult | null)[],
  target: ReachTarget,
  trainCount: number,
  exactSteps: ReadonlyMap<number, number> = new Map(),
): StepsPoints {
  const best = new Map<number, StepsPoint | 'start' | null>();
  cells.forEach((cell, index) => {
    const result = results[index];
    if (result == null) return;
    const batchSize = result.batchSize;
    const coarse = firstReach(result.updateTrace, target);
    const exact = coarse === null ? undefined : exactSteps.get(cell.index);
    const reach = exact === undefined ? coarse : { updates: exact, before: exact - 1 };
    const current = best.get(batchSize);
    if (reach === null) {
      if (current === undefined) best.set(batchSize, null);
      return;
    }
    if (reach.updates === 0) {
      best.set(batchSize, 'start');
      return;
    }
    if (current === 'start' || (current != null && current.steps <= reach.updates)) return;
    best.set(batchSize, {
      cellIndex: cell.index,
      batchSize,
      learningRate: cell.learningRate,
      annealingRate: cell.annealingRate,
      steps: reach.updates,
      stepsBefore: reach.before,
      exact: exact !== undefined,
      examples: examplesSeen(reach.updates, batchSize, trainCount),
    });
  });
  const sizes = [...best.keys()].sort((a, b) => a - b);
  const points: StepsPoint[] = [];
  const unreached: number[] = [];
  const metAtStart: number[] = [];
  for (const size of sizes) {
    const value = best.get(size);
    if (value === 'start') metAtStart.push(size);
    else if (value == null) unreached.push(size);
    else points.push(value);
  }
  return { points, unreached, metAtStart };
}

/** The fitted trade-off, or why there is none. */
export type StepsFit =
  | {
      readonly kind: 'fit';
      /** S_min: the fewest updates any batch size can take (the large-batch limit). */
      readonly minSteps: number;
      /** E_min: the fewest examples any batch size can take (the small-batch limit). */
      readonly minExamples: number;
      /** B_crit = E_min / S_min: where the curve turns from "larger batches save updates" to "waste examples". */
      readonly criticalBatch: number;
    }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * Fits S = S_min + E_min·(S/E) (for E = B·S, S/E = 1/B) by least squares on relative errors, weights
 * 1/S_i². Needs two batch sizes; a fit with S_min ≤ 0 or E_min ≤ 0 is reported as no trade-off.
 */
export function fitStepsExamples(
  points: readonly { readonly steps: number; readonly examples: number }[],
): StepsFit {
  const usable = points.filter(
    (point) => point.steps > 0 && point.examples > 0 && Number.isFinite(point.steps + point.examples),
  );
  const distinct = new Set(usable.map((point) => point.steps / point.examples));
  if (distinct.size < 2) {
    return {
      kind: 'none',
      reason:
        usable.length === 0
          ? 'no batch size reached the target'
          : 'only one batch size reached the target: a curve needs two',
    };
  }
  let sumW = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  for (const { steps, examples } of usable) {
    const weight = 1 / (steps * steps);
    const x = steps / examples;
    sumW += weight;
    sumX += weight * x;
    sumY += weight * steps;
    sumXX += weight * x * x;
    sumXY += weight * x * steps;
  }
  const determinant = sumW * sumXX - sumX * sumX;
  const minExamples = (sumW * sumXY - sumX * sumY) / determinant;
  const minSteps = (sumY - minExamples * sumX) / sumW;
  if (!(minSteps > 0 && minExamples > 0 && Number.isFinite(minSteps + minExamples))) {
    return {
      kind: 'none',
      reason:
        'the points do not show the trade-off: larger batches do not save updates here ' +
        `(the fit gives S_min ${minSteps > 0 ? '> 0' : '≤ 0'}, E_min ${minExamples > 0 ? '> 0' : '≤ 0'})`,
    };
  }
  return { kind: 'fit', minSteps, minExamples, criticalBatch: minExamples / minSteps };
}

/** Updates the fitted curve takes at batch size B: S_min + E_min / B. */
export function fittedSteps(fit: { minSteps: number; minExamples: number }, batchSize: number): number {
  return fit.minSteps + fit.minExamples / batchSize;
}

/** A default target, and what it is: near the sweep's lowest objective, or the loosest every batch size reached. */
export interface DefaultTarget extends ReachTarget {
  readonly basis: 'nearLowest' | 'loosest';
}

/**
 * A target every batch size reached, among the batch sizes that improved on the starting weights: for the
 * objective, `margin` above the sweep's lowest (0.1: within 10 %) unless some batch size's best stayed
 * above that, then the loosest of the batch sizes' bests; for the accuracy, the lowest of the batch sizes'
 * highest. Null when no run improved.
 */
export function defaultReachTarget(
  results: readonly (SweepResult | null)[],
  kind: ReachTarget['kind'],
  margin = 0,
): DefaultTarget | null {
  const bestBySize = new Map<number, number>();
  for (const result of results) {
    if (result == null) continue;
    const trace = result.updateTrace;
    const values = kind === 'objective' ? trace.lowestObjective : trace.highestAccuracy;
    const start = values[0];
    const last = values.at(-1);
    if (start === undefined || last === undefined || !Number.isFinite(last)) continue;
    const improved = kind === 'objective' ? last < start : last > start;
    if (!improved) continue;
    const previous = bestBySize.get(result.batchSize);
    if (previous === undefined || (kind === 'objective' ? last < previous : last > previous)) {
      bestBySize.set(result.batchSize, last);
    }
  }
  if (bestBySize.size === 0) return null;
  const bests = [...bestBySize.values()];
  if (kind === 'accuracy') return { kind, value: Math.min(...bests), basis: 'loosest' };
  const loosest = Math.max(...bests);
  const lowest = Math.min(...bests);
  const nearLowest = lowest + margin * Math.abs(lowest);
  return nearLowest >= loosest
    ? { kind, value: nearLowest, basis: 'nearLowest' }
    : { kind, value: loosest, basis: 'loosest' };
}
