import type { Dataset } from './datasets.ts';
import { addPenaltyGradient, evaluate, penaltyPerExample } from './metrics.ts';
import type { Model, TrainedSpan } from './model.ts';
import type { Objective } from './objectives.ts';
import { createRandom } from './random.ts';

/** The knobs of the algorithm. */
export interface Hyperparameters {
  /** The learning rate of the first epoch. */
  readonly learningRate: number;
  /** Multiplies the learning rate after every epoch (1 = constant). */
  readonly annealingRate: number;
  /** Examples per update; the last batch of an epoch may be shorter. */
  readonly batchSize: number;
  /** Epochs to run. */
  readonly epochs: number;
}

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

/** Settings of a run that stay fixed for its whole length. */
export interface StepperOptions {
  /**
   * L2 strength λ ≥ 0 (default 0): each example's objective is f_i(w) = loss_i + (λ/2)·‖w_pen‖², with the
   * biases left out through `Model.penalized`, so a batch's mean gradient is mean ∇loss + λ·w_pen.
   */
  readonly l2?: number;
  /**
   * Most epoch records kept (default: all). Beyond it every other older record is dropped, the newest always
   * kept, so a very long run holds a bounded, evenly thinned history.
   */
  readonly maxHistory?: number;
}

/** Supplies the order of the training indices for each epoch. */
export type PermutationSource = (epochIndex: number, count: number) => Uint32Array;

/**
 * A fresh seeded shuffle of 0 … count−1 every epoch, as the reference draws. The array returned is reused
 * by the next call (a new one each epoch costs an allocation and a collection per epoch, which at 800
 * points is a tenth of the run); copy it to keep it.
 */
export function createShuffler(seed: number): PermutationSource {
  const random = createRandom(seed);
  let order = new Uint32Array(0);
  return (_epochIndex, count) => {
    if (order.length !== count) order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    // Fisher–Yates as in shuffleInPlace, written out for Uint32Array: that generic helper also shuffles
    // other arrays, and its element accesses are then slower at every epoch's start.
    for (let i = count - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
    return order;
  };
}

/** Weights beyond this size on data in [−6, 6]² only come from a learning rate that is too large. */
export const EXPLODING_WEIGHT = 1e8;

/**
 * The reference algorithm as a resumable stepper: zero weights (the model's), a fresh permutation each
 * epoch, consecutive batches, W ← W − lr·(Σ∇f_i)/|batch|, an evaluation after each epoch, then
 * lr ← lr·annealing.
 * Changes of learning rate, annealing and batch size take effect at the start of the next epoch.
 */
export class SgdStepper {
  readonly model: Model;
  readonly data: Dataset;
  readonly objective: Objective;
  private readonly permute: PermutationSource;
  private readonly l2Strength: number;
  private hyperparameters: Hyperparameters;
  private pending: Partial<Hyperparameters> = {};
  private readonly maxHistory: number;
  private currentLearningRate: number;
  private currentBatchSize: number;
  private order: Uint32Array = new Uint32Array(0);
  private position = 0;
  private epochIndex = 0;
  private updateCount = 0;
  private divergence: Divergence | null = null;
  // Not readonly: a kept update swaps each buffer with its `last…` twin instead of copying it, which
  // matters at batch size 1 where this bookkeeping is a large share of the work.
  private gradient: Float64Array;
  private previousWeights: Float64Array;
  /** The gradient and starting weights of the last kept update (a rejected one never overwrites them). */
  private lastGradient: Float64Array;
  private lastWeightsBefore: Float64Array;
  private readonly trainScratch: Float64Array;
  /** What the model's fused kernel reports back, reused from call to call. */
  private readonly span: TrainedSpan;
  private readonly testScratch: Float64Array;
  /** Every epoch's record, oldest first. */
  readonly history: EpochRecord[] = [];

  constructor(
    model: Model,
    data: Dataset,
    objective: Objective,
    hyperparameters: Hyperparameters,
    permute: PermutationSource,
    options: StepperOptions = {},
  ) {
    const l2 = options.l2 ?? 0;
    this.maxHistory = Math.max(2, options.maxHistory ?? Number.POSITIVE_INFINITY);
    if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`the L2 strength must be ≥ 0, not ${l2}`);
    this.model = model;
    this.data = data;
    this.objective = objective;
    this.permute = permute;
    this.l2Strength = l2;
    this.hyperparameters = hyperparameters;
    this.currentLearningRate = hyperparameters.learningRate;
    this.currentBatchSize = this.clampBatchSize(hyperparameters.batchSize);
    this.gradient = new Float64Array(model.weights.length);
    this.previousWeights = new Float64Array(model.weights.length);
    this.lastGradient = new Float64Array(model.weights.length);
    this.lastWeightsBefore = new Float64Array(model.weights.length);
    this.trainScratch = new Float64Array(data.train.y.length);
    this.span = {
      position: 0,
      lastStart: 0,
      lastObjective: 0,
      lastGradient: this.lastGradient,
      lastWeightsBefore: this.lastWeightsBefore,
      diverged: false,
      finite: true,
    };
    this.testScratch = new Float64Array(data.test.y.length);
  }

  /** The L2 strength λ of this run. */
  get l2(): number {
    return this.l2Strength;
  }
  /** Epochs completed. */
  get epoch(): number {
    return this.epochIndex;
  }
  /** Updates made so far. */
  get updates(): number {
    return this.updateCount;
  }
  /** The learning rate the next update will use. */
  get learningRate(): number {
    return this.currentLearningRate;
  }
  /** The batch size of the current epoch. */
  get batchSize(): number {
    return this.currentBatchSize;
  }
  /** Training points. */
  get trainCount(): number {
    return this.data.train.y.length;
  }
  /** Batches in the current epoch. */
  get batchesInEpoch(): number {
    return Math.ceil(this.trainCount / this.currentBatchSize);
  }
  /** 0-based index of the next batch within its epoch. */
  get batchInEpoch(): number {
    return Math.ceil(this.position / this.currentBatchSize);
  }
  /** The shuffled order of the current epoch (empty before its first batch). */
  get epochOrder(): Uint32Array {
    return this.order;
  }
  /** The epochs this run aims for. */
  get targetEpochs(): number {
    return this.hyperparameters.epochs;
  }
  /** Set once a value overflowed; no step is taken after it. */
  get diverged(): Divergence | null {
    return this.divergence;
  }
  /** Whether the run has done all its epochs or diverged. */
  get finished(): boolean {
    // With no training point there is nothing to step on (a user may have erased every point).
    return (
      this.divergence !== null || this.epochIndex >= this.hyperparameters.epochs || this.trainCount === 0
    );
  }
  /** Whether the next step starts a new epoch (and so draws a new shuffle). */
  get atEpochStart(): boolean {
    return this.position === 0;
  }

  /**
   * Schedules new hyperparameters: the epoch count at once, the rest at the next epoch's start (at once
   * if the current epoch has not begun). Returns the epoch from which they apply (1-based).
   */
  setHyperparameters(changes: Partial<Hyperparameters>): number {
    this.hyperparameters = { ...this.hyperparameters, ...changes };
    const { epochs: _epochs, ...deferred } = changes;
    this.pending = { ...this.pending, ...deferred };
    if (this.position === 0) this.applyPending();
    return this.position === 0 ? this.epochIndex + 1 : this.epochIndex + 2;
  }

  /** Takes one mini-batch step and reports every number of it; returns null when the run is finished. */
  stepBatch(): BatchReport | null {
    const epochRecord = this.advance();
    if (epochRecord === undefined) return null;
    return this.describeLastUpdate(epochRecord);
  }

  /** The report of the most recent update (for the fast path, which builds none while it runs). */
  describeLastUpdate(epochRecord: EpochRecord | null = null): BatchReport | null {
    if (this.updateCount === 0) return null;
    const { start, end, size } = this.lastBatch;
    const report = {
      epochIndex: this.lastBatch.epochIndex,
      batchIndex: this.lastBatch.index,
      batchesInEpoch: Math.ceil(this.trainCount / this.lastBatch.batchSize),
      indices: this.order.slice(start, end),
      batchObjective: this.lastBatch.objective,
      learningRate: this.lastBatch.learningRate,
      weightsBefore: this.lastWeightsBefore.slice(),
      meanGradient: this.lastGradient.map((sum) => sum / size),
      weightsAfter: this.model.weights.slice(),
    };
    return epochRecord === null ? report : { ...report, epochRecord };
  }

  /** Runs to the end of the current epoch; returns the last batch's report, or null if none ran. */
  stepEpoch(): BatchReport | null {
    let last: BatchReport | null = null;
    for (;;) {
      const report = this.stepBatch();
      if (report === null) return last;
      last = report;
      if (report.epochRecord) return report;
    }
  }

  /**
   * The fast path: up to `limit` updates without building reports, stopping early at the end of the run.
   * `onBatch` sees the objective (Σ loss before the update) and size of each update whose number (counted
   * from the run's start, 1-based) is a multiple of `every`, so a caller that keeps one batch in a thousand
   * pays nothing for the rest. Returns the updates made.
   */
  runBatches(
    limit: number,
    onBatch?: (batchObjective: number, batchSize: number) => void,
    every = 1,
  ): number {
    let done = 0;
    while (done < limit && !this.finished) {
      if (this.position === 0) this.beginEpoch();
      const made = this.trainWithinEpoch(limit - done, onBatch, every);
      done += made;
      if (this.position === this.trainCount) this.endEpoch();
      else if (made === 0) break;
    }
    return done;
  }

  /** The last update made: where its batch lay in the epoch's order, and its objective and rate. */
  readonly lastBatch = {
    epochIndex: 0,
    index: 0,
    start: 0,
    end: 0,
    size: 0,
    batchSize: 1,
    objective: 0,
    learningRate: 0,
  };

  /**
   * One update. Returns the epoch's record if it ended the epoch, null if not, undefined if no update
   * was kept (the run was finished, or this update diverged and was undone).
   */
  private advance(): EpochRecord | null | undefined {
    if (this.finished) return undefined;
    if (this.position === 0) this.beginEpoch();
    if (this.trainWithinEpoch(1) === 0) return undefined;
    return this.position < this.trainCount ? null : this.endEpoch();
  }

  private beginEpoch(): void {
    this.applyPending();
    this.order = this.permute(this.epochIndex, this.trainCount);
  }

  /**
   * The hot loop: up to `limit` consecutive batches of the current epoch, stopping at its end or at a
   * divergence. Everything the loop touches is held in locals, and the per-batch bookkeeping is a few
   * stores, because at batch size 1 that bookkeeping costs as much as the gradient itself.
   */
  private trainWithinEpoch(
    limit: number,
    onBatch?: (batchObjective: number, batchSize: number) => void,
    every = 1,
  ): number {
    if (this.l2Strength === 0 && this.model.trainBatches) return this.trainFused(limit, onBatch, every);
    const count = this.trainCount;
    const model = this.model;
    const weights = model.weights;
    const parameters = weights.length;
    const points = this.data.train;
    const order = this.order;
    const objective = this.objective;
    const batchSize = this.currentBatchSize;
    const rate = this.currentLearningRate;
    const l2 = this.l2Strength;
    const last = this.lastBatch;
    const updatesBefore = this.updateCount;
    // Two gradient and two weight buffers take turns: the kept update's pair becomes `last…` by swapping
    // locals, so a rejected update never overwrites what describeLastUpdate shows.
    let gradient = this.gradient;
    let lastGradient = this.lastGradient;
    let before = this.previousWeights;
    let lastBefore = this.lastWeightsBefore;
    let lastStart = last.start;
    let lastObjective = last.objective;
    let start = this.position;
    let made = 0;
    // Updates to go until the next one `onBatch` sees: a countdown, not a division per batch.
    let untilReport = onBatch ? every - (updatesBefore % every) : Number.POSITIVE_INFINITY;
    while (made < limit && start < count) {
      const end = Math.min(count, start + batchSize);
      const size = end - start;
      let batchObjective = model.batchGradient(points, order, start, end, objective, gradient);
      if (l2 !== 0) {
        batchObjective += size * penaltyPerExample(weights, model.penalized, l2);
        addPenaltyGradient(gradient, weights, model.penalized, l2, size);
      }
      const step = rate / size;
      let bounded = true;
      for (let j = 0; j < parameters; j++) {
        const old = weights[j] as number;
        const updated = old - step * (gradient[j] as number);
        before[j] = old;
        weights[j] = updated;
        // NaN fails every comparison, so this catches NaN as well as overflow.
        if (!(Math.abs(updated) <= EXPLODING_WEIGHT)) bounded = false;
      }
      if (!bounded || !Number.isFinite(batchObjective)) {
        this.stopDiverged(start, weights.every(Number.isFinite));
        // Undo the bad update so that what stays on screen is the last finite state.
        weights.set(before);
        break;
      }
      made++;
      const keptGradient = gradient;
      gradient = lastGradient;
      lastGradient = keptGradient;
      const keptBefore = before;
      before = lastBefore;
      lastBefore = keptBefore;
      lastStart = start;
      lastObjective = batchObjective;
      start = end;
      if (--untilReport === 0 && onBatch) {
        untilReport = every;
        this.lastGradient = lastGradient;
        this.lastWeightsBefore = lastBefore;
        this.recordLastBatch(updatesBefore + made, lastStart, batchObjective);
        onBatch(batchObjective, size);
      }
    }
    this.gradient = gradient;
    this.lastGradient = lastGradient;
    this.previousWeights = before;
    this.lastWeightsBefore = lastBefore;
    this.position = start;
    if (made > 0) this.recordLastBatch(updatesBefore + made, lastStart, lastObjective);
    return made;
  }

  /**
   * `trainWithinEpoch` through the model's fused kernel (`Model.trainBatches`), which keeps the weights in
   * registers across batches: the same updates, bit for bit, without a call and a copy per update. It runs
   * up to the next batch `onBatch` must see, reports it, and goes on.
   */
  private trainFused(
    limit: number,
    onBatch: ((batchObjective: number, batchSize: number) => void) | undefined,
    every: number,
  ): number {
    const model = this.model;
    const count = this.trainCount;
    const batchSize = this.currentBatchSize;
    const span = this.span;
    span.lastGradient = this.lastGradient;
    span.lastWeightsBefore = this.lastWeightsBefore;
    const updatesBefore = this.updateCount;
    let made = 0;
    let untilReport = onBatch ? every - (updatesBefore % every) : Number.POSITIVE_INFINITY;
    while (made < limit && this.position < count) {
      const kept =
        model.trainBatches?.(
          this.data.train,
          this.order,
          this.position,
          count,
          batchSize,
          this.currentLearningRate,
          Math.min(limit - made, untilReport),
          EXPLODING_WEIGHT,
          this.objective,
          span,
        ) ?? 0;
      this.position = span.position;
      made += kept;
      untilReport -= kept;
      if (kept > 0) this.recordLastBatch(updatesBefore + made, span.lastStart, span.lastObjective);
      if (span.diverged) {
        this.stopDiverged(this.position, span.finite);
        break;
      }
      if (untilReport === 0 && onBatch) {
        untilReport = every;
        onBatch(span.lastObjective, this.lastBatch.size);
      }
    }
    return made;
  }

  /** Records that the batch starting at `start` diverged; `finite`: its weights were finite, only too large. */
  private stopDiverged(start: number, finite: boolean): void {
    this.divergence = {
      epoch: this.epochIndex + 1,
      batch: Math.ceil(start / this.currentBatchSize) + 1,
      learningRate: this.currentLearningRate,
      reason: finite ? 'the weights exploded' : 'the objective overflowed',
    };
  }

  /** Sets the update count and `lastBatch` after an update of the current epoch starting at `start`. */
  private recordLastBatch(updates: number, start: number, batchObjective: number): void {
    const last = this.lastBatch;
    const batchSize = this.currentBatchSize;
    this.updateCount = updates;
    last.start = start;
    last.end = Math.min(this.trainCount, start + batchSize);
    last.size = last.end - start;
    last.objective = batchObjective;
    last.epochIndex = this.epochIndex;
    last.batchSize = batchSize;
    last.index = Math.ceil(start / batchSize);
    last.learningRate = this.currentLearningRate;
  }

  private endEpoch(): EpochRecord | null {
    const l2 = this.l2Strength;
    const train = evaluate(this.model, this.data.train, this.objective, this.trainScratch, l2);
    const test = evaluate(this.model, this.data.test, this.objective, this.testScratch, l2);
    if (!Number.isFinite(train.objective) || !Number.isFinite(test.objective)) {
      this.divergence = {
        epoch: this.epochIndex + 1,
        batch: this.batchesInEpoch,
        learningRate: this.currentLearningRate,
        reason: 'the objective overflowed',
      };
      return null;
    }
    this.epochIndex++;
    const record: EpochRecord = {
      epoch: this.epochIndex,
      objective: train.objective,
      testObjective: test.objective,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
      learningRate: this.currentLearningRate,
      batchSize: this.currentBatchSize,
      updates: this.updateCount,
      weights: Array.from(this.model.weights),
    };
    this.history.push(record);
    if (this.history.length > this.maxHistory) {
      const newest = this.history.length - 1;
      const thinned = this.history.filter((_, index) => index % 2 === 1 || index === newest);
      this.history.splice(0, this.history.length, ...thinned);
    }
    this.position = 0;
    this.currentLearningRate *= this.hyperparameters.annealingRate;
    // Changes made during the epoch take effect now, so `learningRate` already shows the next epoch's rate.
    this.applyPending();
    return record;
  }

  /**
   * Goes back to the end of the last recorded epoch (the start, with `initialWeights`, if none), forgetting
   * a divergence and the unfinished epoch after it, so a run that blew up can continue from its last good state.
   */
  rewindToLastEpoch(initialWeights: ArrayLike<number>): void {
    const record = this.history[this.history.length - 1];
    this.model.weights.set(record ? record.weights : initialWeights);
    this.epochIndex = record ? record.epoch : 0;
    this.updateCount = record ? record.updates : 0;
    this.currentLearningRate = record
      ? record.learningRate * this.hyperparameters.annealingRate
      : this.hyperparameters.learningRate;
    if (record) this.currentBatchSize = this.clampBatchSize(record.batchSize);
    this.position = 0;
    this.order = new Uint32Array(0);
    this.divergence = null;
    this.pending = {};
  }

  private applyPending(): void {
    const { learningRate, annealingRate, batchSize } = this.pending;
    if (learningRate !== undefined) this.currentLearningRate = learningRate;
    if (annealingRate !== undefined) this.hyperparameters = { ...this.hyperparameters, annealingRate };
    if (batchSize !== undefined) this.currentBatchSize = this.clampBatchSize(batchSize);
    this.pending = {};
  }

  private clampBatchSize(batchSize: number): number {
    return Math.max(1, Math.min(this.trainCount, Math.round(batchSize)));
  }
}
