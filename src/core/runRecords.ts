/** What a run records as it trains: each epoch's evaluation, each update's numbers, why it stopped early. */

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

/** Why a run stopped early: a value overflowed or exploded. */
export interface Divergence {
  /** 1-based epoch in which it happened. */
  readonly epoch: number;
  /** 1-based batch within that epoch. */
  readonly batch: number;
  readonly learningRate: number;
  readonly reason: string;
}
