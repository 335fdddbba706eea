import type { Dataset } from './datasets.ts';
import { ObjectiveWatch, overflowDivergence } from './divergenceRule.ts';
import { EpochRecorder } from './epochRecorder.ts';
import { HyperparameterSchedule, type Hyperparameters, type StepperOptions } from './hyperparameters.ts';
import { LastUpdate, type LastBatch } from './lastUpdate.ts';
import { addPenaltyGradient, penaltyPerExample } from './metrics.ts';
import type { Model, TrainedSpan } from './model.ts';
import type { Objective } from './objectives.ts';
import type { PermutationSource } from './random.ts';
import type { BatchReport, Divergence, EpochRecord } from './runRecords.ts';

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
  private readonly schedule: HyperparameterSchedule;
  private order: Uint32Array = new Uint32Array(0);
  private position = 0;
  private epochIndex = 0;
  private updateCount = 0;
  private divergence: Divergence | null = null;
  // Not readonly: a kept update swaps each buffer with its twin in `last` instead of copying it, which
  // matters at batch size 1 where this bookkeeping is a large share of the work.
  private gradient: Float64Array;
  private previousWeights: Float64Array;
  /** The last kept update, recorded in place. */
  private readonly last: LastUpdate;
  /** What the model's fused kernel reports back, reused from call to call. */
  private readonly span: TrainedSpan;
  private readonly recorder: EpochRecorder;
  /** The slow blow-up rule, checked at each epoch's end. */
  private readonly watch: ObjectiveWatch;

  constructor(
    model: Model,
    data: Dataset,
    objective: Objective,
    hyperparameters: Hyperparameters,
    permute: PermutationSource,
    options: StepperOptions = {},
  ) {
    const l2 = options.l2 ?? 0;
    if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`the L2 strength must be ≥ 0, not ${l2}`);
    this.model = model;
    this.data = data;
    this.objective = objective;
    this.permute = permute;
    this.l2Strength = l2;
    this.schedule = new HyperparameterSchedule(hyperparameters, data.train.y.length);
    this.gradient = new Float64Array(model.weights.length);
    this.previousWeights = new Float64Array(model.weights.length);
    this.last = new LastUpdate(model.weights.length, data.train.y.length);
    this.span = {
      position: 0,
      lastStart: 0,
      lastObjective: 0,
      lastGradient: this.last.gradient,
      lastWeightsBefore: this.last.weightsBefore,
      diverged: false,
      finite: true,
    };
    this.recorder = new EpochRecorder(model, data, objective, l2, options.maxHistory);
    this.watch = new ObjectiveWatch(this.recorder.trainObjective());
  }

  /** Every epoch's record, oldest first (thinned evenly beyond `maxHistory`). */
  get history(): readonly EpochRecord[] {
    return this.recorder.history;
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
    return this.schedule.learningRate;
  }
  /** The batch size of the current epoch. */
  get batchSize(): number {
    return this.schedule.batchSize;
  }
  /** Training points. */
  get trainCount(): number {
    return this.data.train.y.length;
  }
  /** Batches in the current epoch. */
  get batchesInEpoch(): number {
    return Math.ceil(this.trainCount / this.schedule.batchSize);
  }
  /** 0-based index of the next batch within its epoch. */
  get batchInEpoch(): number {
    return Math.ceil(this.position / this.schedule.batchSize);
  }
  /** The shuffled order of the current epoch (empty before its first batch). */
  get epochOrder(): Uint32Array {
    return this.order;
  }
  /** The epochs this run aims for. */
  get targetEpochs(): number {
    return this.schedule.epochs;
  }
  /** Set once a value overflowed or the objective rose far above its lowest; no step is taken after it. */
  get diverged(): Divergence | null {
    return this.divergence;
  }
  /** Whether the run has done all its epochs or diverged. */
  get finished(): boolean {
    // With no training point there is nothing to step on (a user may have erased every point).
    return this.divergence !== null || this.epochIndex >= this.schedule.epochs || this.trainCount === 0;
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
    this.schedule.change(changes);
    if (this.position === 0) this.schedule.applyPending();
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
    return this.updateCount === 0 ? null : this.last.describe(this.order, this.model.weights, epochRecord);
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
  get lastBatch(): LastBatch {
    return this.last;
  }

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
    this.schedule.applyPending();
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
    const batchSize = this.schedule.batchSize;
    const rate = this.schedule.learningRate;
    const l2 = this.l2Strength;
    const last = this.last;
    const updatesBefore = this.updateCount;
    // Two gradient and two weight buffers take turns: the kept update's pair becomes `last…` by swapping
    // locals, so a rejected update never overwrites what describeLastUpdate shows.
    let gradient = this.gradient;
    let lastGradient = last.gradient;
    let before = this.previousWeights;
    let lastBefore = last.weightsBefore;
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
        last.gradient = lastGradient;
        last.weightsBefore = lastBefore;
        this.updateCount = updatesBefore + made;
        last.record(this.epochIndex, lastStart, batchSize, batchObjective, rate);
        onBatch(batchObjective, size);
      }
    }
    this.gradient = gradient;
    last.gradient = lastGradient;
    this.previousWeights = before;
    last.weightsBefore = lastBefore;
    this.position = start;
    if (made > 0) {
      this.updateCount = updatesBefore + made;
      last.record(this.epochIndex, lastStart, batchSize, lastObjective, rate);
    }
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
    const batchSize = this.schedule.batchSize;
    const rate = this.schedule.learningRate;
    const span = this.span;
    const last = this.last;
    span.lastGradient = last.gradient;
    span.lastWeightsBefore = last.weightsBefore;
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
          rate,
          Math.min(limit - made, untilReport),
          EXPLODING_WEIGHT,
          this.objective,
          span,
        ) ?? 0;
      this.position = span.position;
      made += kept;
      untilReport -= kept;
      if (kept > 0) {
        this.updateCount = updatesBefore + made;
        last.record(this.epochIndex, span.lastStart, batchSize, span.lastObjective, rate);
      }
      if (span.diverged) {
        this.stopDiverged(this.position, span.finite);
        break;
      }
      if (untilReport === 0 && onBatch) {
        untilReport = every;
        onBatch(span.lastObjective, last.size);
      }
    }
    return made;
  }

  /** Records that the batch starting at `start` diverged; `finite`: its weights were finite, only too large. */
  private stopDiverged(start: number, finite: boolean): void {
    const batch = Math.ceil(start / this.schedule.batchSize) + 1;
    const place = { epoch: this.epochIndex + 1, batch, learningRate: this.schedule.learningRate };
    this.divergence = overflowDivergence(place, finite);
  }

  /**
   * Evaluates the epoch just trained and keeps its record, unless it overflowed or broke the slow blow-up
   * rule: then the run stops as diverged in this epoch and the record is not kept, so that the history and a
   * rewind end at the last good epoch.
   */
  private endEpoch(): EpochRecord | null {
    const { learningRate, batchSize } = this.schedule;
    const epoch = this.epochIndex + 1;
    const record = this.recorder.evaluate(epoch, learningRate, batchSize, this.updateCount);
    this.divergence = this.watch.judgeEpoch(record, { epoch, batch: this.batchesInEpoch, learningRate });
    if (record === null || this.divergence !== null) return null;
    this.recorder.keep(record);
    this.epochIndex = record.epoch;
    this.position = 0;
    // Changes made during the epoch take effect now, so `learningRate` already shows the next epoch's rate.
    this.schedule.anneal();
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
    this.schedule.rewind(record);
    this.position = 0;
    this.order = new Uint32Array(0);
    this.divergence = null;
    this.watch.restart(this.history);
  }
}
