import type { PointSet } from './datasets.ts';
import type { Objective } from './objectives.ts';

/**
 * A model the SGD stepper drives: a score s = f_w(x) per point whose sign is the predicted class. The
 * stepper owns the loop; the model owns its parameters and how a batch's gradient is summed.
 */
export interface Model {
  /** Name shown on screen, e.g. "Linear". */
  readonly label: string;
  /** The parameters, updated in place by the stepper. */
  readonly weights: Float64Array;
  /** Names of the parameters for display, one per weight (e.g. "w₁", "w₂", "b"). */
  readonly parameterLabels: readonly string[];
  /** 1 where a parameter is under L2 regularisation (weights), 0 where it is not (biases). */
  readonly penalized: Uint8Array;
  /** The score of one point. */
  score(x1: number, x2: number): number;
  /** Writes the score of every point of `x` (interleaved x1, x2) into `out`. */
  scoreAll(x: Float64Array, out: Float64Array): void;
  /**
   * Sets `gradient` to Σ ∇_w loss(f_w(x_i), y_i) over the rows order[start … end−1] of `points`, and returns
   * the batch objective Σ loss at the current weights.
   */
  batchGradient(
    points: PointSet,
    order: Uint32Array,
    start: number,
    end: number,
    objective: Objective,
    gradient: Float64Array,
  ): number;
  /**
   * Optional fused path, for runs without L2: up to `limit` consecutive batches of `order` from `start`
   * (each `batchSize` long, the last cut at `end`), each updated exactly as the stepper updates,
   * W ← W − (rate / size)·Σ∇, with the weights held in registers between batches. It stops before an
   * update that would take a weight beyond ±`bound` (or to NaN) or whose objective is not finite, leaving
   * the weights as they were. Writes where it stopped and the last kept update to `span`; returns the
   * updates kept.
   */
  trainBatches?(
    points: PointSet,
    order: Uint32Array,
    start: number,
    end: number,
    batchSize: number,
    rate: number,
    limit: number,
    bound: number,
    objective: Objective,
    span: TrainedSpan,
  ): number;
}

/** What a fused run of batches (`Model.trainBatches`) reports back. */
export interface TrainedSpan {
  /** Where the next batch starts. */
  position: number;
  /** Where the last kept batch started, and its objective Σ loss before its update. */
  lastStart: number;
  lastObjective: number;
  /** Σ∇ and the starting weights of the last kept update (written in place). */
  lastGradient: Float64Array;
  lastWeightsBefore: Float64Array;
  /** Set when the run stopped at an update that diverged; `finite` tells whether its weights stayed finite. */
  diverged: boolean;
  finite: boolean;
}
