/**
 * A sweep cell's fine trace: every few updates, the training objective per example (the charts' objective,
 * L2 term included, divided by the training count) and the training accuracy, kept as their running best
 * with the update count. A target chosen after the sweep is then reached, for the first time, at the first
 * kept update whose running best meets it.
 */
import type { PointSet } from './datasets.ts';
import { pushEvenly, FINEST_SPACING } from './evenThinning.ts';
import { evaluate } from './metrics.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The running best of a run's training objective per example and training accuracy, update by update. */
export interface UpdateTrace {
  /** Updates in one epoch of the run. */
  readonly updatesPerEpoch: number;
  /** A tenth of an epoch or finer, in updates (the gap between evaluations with `relativeGap` 0). */
  readonly every: number;
  /** The gap between evaluations as a fraction of the updates so far (see `nextTraceGap`). */
  readonly relativeGap: number;
  /** Update counts of the kept evaluations, ascending; the first is 0, the starting weights. */
  readonly updates: readonly number[];
  /** The lowest training objective per example at or before each kept update. */
  readonly lowestObjective: readonly number[];
  /** The highest training accuracy (0 to 1) at or before each kept update. */
  readonly highestAccuracy: readonly number[];
  /** The widest gap between two kept evaluations, in updates. */
  readonly resolution: number;
}

/** Most evaluations a trace keeps: evenly thinned by update count beyond it. */
export const MAX_UPDATE_TRACE_POINTS = 2048;

/** Updates between two evaluations: a tenth of an epoch or finer, every update when an epoch has < 10. */
export function traceInterval(updatesPerEpoch: number): number {
  return Math.max(1, Math.floor(updatesPerEpoch / 10));
}

/** The gap between two evaluations as a fraction of the updates so far (0: a tenth of an epoch throughout). */
export const RELATIVE_GAP = 0.05;

/**
 * Updates from the evaluation after `update` updates to the next: `relativeGap` of the updates so far, at
 * least 1, so that a count read from the trace is exact up to 40 updates and known to 5 % of itself
 * beyond, which is what shows on log–log axes. That is a tenth of an epoch or finer for the first 2 epochs
 * (every update when an epoch has fewer than 10), and keeps the evaluations to about 20 per e-fold of the
 * run instead of 10 per epoch (an evaluation costs a pass over the training set, as much as an epoch of
 * training). With `relativeGap` 0, every tenth of an epoch throughout.
 */
export function nextTraceGap(update: number, updatesPerEpoch: number, relativeGap = RELATIVE_GAP): number {
  if (relativeGap === 0) return traceInterval(updatesPerEpoch);
  return Math.max(1, Math.floor(update * relativeGap));
}

interface TracePoint {
  readonly update: number;
  readonly objective: number;
  readonly accuracy: number;
}

/** Builds an UpdateTrace: the caller trains `nextGap` updates at a time and calls `record` after each stretch. */
export class UpdateTracer {
  readonly every: number;
  private readonly scratch: Float64Array;
  private readonly points: TracePoint[] = [];
  private spacing = FINEST_SPACING;
  private lowest = Number.POSITIVE_INFINITY;
  private highest = 0;

  constructor(
    private readonly model: Model,
    private readonly train: PointSet,
    private readonly objective: Objective,
    private readonly l2: number,
    private readonly updatesPerEpoch: number,
    private readonly relativeGap = RELATIVE_GAP,
    private readonly cap = MAX_UPDATE_TRACE_POINTS,
  ) {
    this.every = traceInterval(updatesPerEpoch);
    this.scratch = new Float64Array(train.y.length);
  }

  /** Evaluates the model's current weights after `update` updates (ascending; a repeat is ignored). */
  record(update: number): void {
    const newest = this.points.at(-1);
    if (newest !== undefined && newest.update >= update) return;
    const count = this.train.y.length;
    const evaluation = evaluate(this.model, this.train, this.objective, this.scratch, this.l2);
    const perExample = count === 0 ? Number.NaN : evaluation.objective / count;
    // NaN and infinities fail the comparison, so a blown-up evaluation never counts as best.
    if (perExample < this.lowest) this.lowest = perExample;
    if (evaluation.accuracy > this.highest) this.highest = evaluation.accuracy;
    const point = { update, objective: this.lowest, accuracy: this.highest };
    this.spacing = pushEvenly(this.points, point, (each) => each.update, this.spacing, this.cap);
  }

  /** Updates to train before the next `record`, after `update` updates. */
  nextGap(update: number): number {
    return nextTraceGap(update, this.updatesPerEpoch, this.relativeGap);
  }

  /** The trace so far. */
  trace(): UpdateTrace {
    const updates = this.points.map((point) => point.update);
    let resolution = 1;
    for (let k = 1; k < updates.length; k++) {
      resolution = Math.max(resolution, (updates[k] as number) - (updates[k - 1] as number));
    }
    return {
      updatesPerEpoch: this.updatesPerEpoch,
      every: this.every,
      relativeGap: this.relativeGap,
      updates,
      lowestObjective: this.points.map((point) => point.objective),
      highestAccuracy: this.points.map((point) => point.accuracy),
      resolution,
    };
  }
}
