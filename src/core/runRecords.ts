/**
 * What a run records as it trains: each epoch's evaluation, each update's numbers, why it stopped early.
 *
 * How epochs are numbered, everywhere in the app: epoch k is the k-th pass over the training data, counted
 * from 1, and its batches are counted from 1 as well. While epoch k runs, the page says "epoch k" (the
 * status line, the update table, the divergence alert all name the epoch a batch belongs to). The charts'
 * x axis is the number of epochs completed: x = 0 is the start, x = k the end of epoch k, where the record
 * of epoch k is drawn.
 */

/** What is recorded after each epoch, as the reference does. */
export interface EpochRecord {
  /** 1-based: the record after the first epoch has epoch 1. */
  readonly epoch: number;
  /** Training objective, a sum over the training set (of the loss plus each example's L2 penalty). */
  readonly objective: number;
  /** The same objective summed over the test set (with the same per-example L2 penalty). */
  readonly testObjective: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** The learning rate used during this epoch. */
  readonly learningRate: number;
  /** The batch size used during this epoch. */
  readonly batchSize: number;
  /** Updates made since the start of the run. */
  readonly updates: number;
  /** The weights at the end of the epoch. */
  readonly weights: readonly number[];
}

/** One update, with every number that went into it. */
export interface BatchReport {
  /** 0-based index of the epoch this batch belongs to. */
  readonly epochIndex: number;
  /** 0-based index of the batch within its epoch. */
  readonly batchIndex: number;
  readonly batchesInEpoch: number;
  /** The training indices of the batch, in the epoch's shuffled order (a copy). */
  readonly indices: Uint32Array;
  /** Σ f_i over the batch (loss plus each example's L2 penalty), at the weights before the update. */
  readonly batchObjective: number;
  readonly learningRate: number;
  readonly weightsBefore: Float64Array;
  /** (Σ over the batch of ∇f_i) / batch size: the mean gradient the update used. */
  readonly meanGradient: Float64Array;
  readonly weightsAfter: Float64Array;
  /** Present when this batch ended an epoch. */
  readonly epochRecord?: EpochRecord;
}

/** The slow blow-up rule (divergenceRule.ts) broken at an epoch's end: the objective and what it passed. */
export interface ObjectiveRise {
  /** The training objective at the end of the epoch. */
  readonly objective: number;
  /** The most it was allowed: OBJECTIVE_RISE_FACTOR × `lowest`, and at least `start`. */
  readonly limit: number;
  /** The lowest training objective before it, counting the start. */
  readonly lowest: number;
  /** The training objective at the run's start. */
  readonly start: number;
}

/** Why a run stopped early: a value overflowed or exploded, or the objective rose far above its lowest. */
export interface Divergence {
  /** 1-based epoch in which it happened. */
  readonly epoch: number;
  /** 1-based batch within that epoch (its last batch when the epoch's end broke the objective rule). */
  readonly batch: number;
  readonly learningRate: number;
  readonly reason: string;
  /** Present when the slow blow-up rule stopped the run at the end of `epoch` (absent for an overflow). */
  readonly objectiveRise?: ObjectiveRise;
}
