/**
 * The evaluation after each epoch and the history it builds: the training and test objective and accuracy
 * at the epoch's final weights, kept oldest first and thinned evenly once there are too many.
 */
import type { Dataset } from './datasets.ts';
import { FINEST_SPACING, pushEvenly } from './evenThinning.ts';
import { evaluate } from './metrics.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';
import type { EpochRecord } from './runRecords.ts';

/** Evaluates a stepper's model after each epoch and keeps the records. */
export class EpochRecorder {
  /** Every epoch's record, oldest first; beyond the bound, records evenly spaced by epoch, the newest kept. */
  readonly history: EpochRecord[] = [];
  /** The spacing of the epoch grid the history is thinned on (core/evenThinning.ts). */
  private spacing = FINEST_SPACING;
  private readonly model: Model;
  private readonly data: Dataset;
  private readonly objective: Objective;
  private readonly l2: number;
  private readonly maxHistory: number;
  private readonly trainScratch: Float64Array;
  private readonly testScratch: Float64Array;

  /** `maxHistory` (at least 2, default all) bounds the records kept; the newest is always kept. */
  constructor(model: Model, data: Dataset, objective: Objective, l2: number, maxHistory?: number) {
    this.model = model;
    this.data = data;
    this.objective = objective;
    this.l2 = l2;
    this.maxHistory = Math.max(2, maxHistory ?? Number.POSITIVE_INFINITY);
    this.trainScratch = new Float64Array(data.train.y.length);
    this.testScratch = new Float64Array(data.test.y.length);
  }

  /** The training objective at the model's current weights (the start's, before the first epoch). */
  trainObjective(): number {
    return evaluate(this.model, this.data.train, this.objective, this.trainScratch, this.l2).objective;
  }

  /**
   * Evaluates the model at the end of epoch `epoch` (1-based): its record, or null when an objective is not
   * finite. The record is kept only once `keep` is called, so that a stepper can refuse a diverged epoch.
   */
  evaluate(epoch: number, learningRate: number, batchSize: number, updates: number): EpochRecord | null {
    const train = evaluate(this.model, this.data.train, this.objective, this.trainScratch, this.l2);
    const test = evaluate(this.model, this.data.test, this.objective, this.testScratch, this.l2);
    if (!Number.isFinite(train.objective) || !Number.isFinite(test.objective)) return null;
    return {
      epoch,
      objective: train.objective,
      testObjective: test.objective,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
      learningRate,
      batchSize,
      updates,
      weights: Array.from(this.model.weights),
    };
  }

  /** Keeps an evaluated record as the newest, thinning the older ones evenly beyond the bound. */
  keep(record: EpochRecord): void {
    this.spacing = pushEvenly(this.history, record, (kept) => kept.epoch, this.spacing, this.maxHistory);
  }
}
