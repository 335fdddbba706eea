/**
 * The bookkeeping of a stepper's last kept update: where its batch lay in the epoch's order, its objective
 * and rate, its Σ∇ and starting weights. It is recorded in place while the stepper runs, and turned into a
 * report only when someone asks for one.
 */
import type { BatchReport, EpochRecord } from './runRecords.ts';

/** Where the last update's batch lay in its epoch's order, with its objective and learning rate. */
export interface LastBatch {
  /** 0-based index of the epoch the batch belongs to. */
  readonly epochIndex: number;
  /** 0-based index of the batch within its epoch. */
  readonly index: number;
  /** The batch's slice of the epoch's order: start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Examples in the batch (the last of an epoch may be shorter than `batchSize`). */
  readonly size: number;
  /** The batch size of the batch's epoch. */
  readonly batchSize: number;
  /** Σ f_i over the batch at the weights before the update. */
  readonly objective: number;
  readonly learningRate: number;
}

/** The last update a stepper kept; a rejected update never overwrites it. */
export class LastUpdate implements LastBatch {
  epochIndex = 0;
  index = 0;
  start = 0;
  end = 0;
  size = 0;
  batchSize = 1;
  objective = 0;
  learningRate = 0;
  /**
   * Σ∇f_i of the update (before the division by the batch size) and the weights it started from. The
   * stepper swaps these buffers with its working ones instead of copying them.
   */
  gradient: Float64Array;
  weightsBefore: Float64Array;
  private readonly trainCount: number;

  constructor(parameters: number, trainCount: number) {
    this.gradient = new Float64Array(parameters);
    this.weightsBefore = new Float64Array(parameters);
    this.trainCount = trainCount;
  }

  /** Records the position, objective and rate of an update whose batch starts at `start` of the order. */
  record(
    epochIndex: number,
    start: number,
    batchSize: number,
    objective: number,
    learningRate: number,
  ): void {
    this.start = start;
    this.end = Math.min(this.trainCount, start + batchSize);
    this.size = this.end - start;
    this.objective = objective;
    this.epochIndex = epochIndex;
    this.batchSize = batchSize;
    this.index = Math.ceil(start / batchSize);
    this.learningRate = learningRate;
  }

  /** The report of this update, with copies of its indices in `order` and of the weights it led to. */
  describe(order: Uint32Array, weightsAfter: Float64Array, epochRecord: EpochRecord | null): BatchReport {
    const size = this.size;
    const report = {
      epochIndex: this.epochIndex,
      batchIndex: this.index,
      batchesInEpoch: Math.ceil(this.trainCount / this.batchSize),
      indices: order.slice(this.start, this.end),
      batchObjective: this.objective,
      learningRate: this.learningRate,
      weightsBefore: this.weightsBefore.slice(),
      meanGradient: this.gradient.map((sum) => sum / size),
      weightsAfter: weightsAfter.slice(),
    };
    return epochRecord === null ? report : { ...report, epochRecord };
  }
}
