/** The knobs of a run: those fixed for its length, those that may change, and when a change takes effect. */

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

/**
 * A run's hyperparameters as they change: a new epoch count takes effect at once, a new learning rate,
 * annealing or batch size from the start of an epoch, so that every epoch trains with one rate and one
 * batch size.
 */
export class HyperparameterSchedule {
  /** The learning rate the next update uses. */
  learningRate: number;
  /** The batch size of the current epoch, between 1 and the training count. */
  batchSize: number;
  private settings: Hyperparameters;
  private pending: Partial<Hyperparameters> = {};
  private readonly trainCount: number;

  constructor(hyperparameters: Hyperparameters, trainCount: number) {
    this.settings = hyperparameters;
    this.trainCount = trainCount;
    this.learningRate = hyperparameters.learningRate;
    this.batchSize = this.clampBatchSize(hyperparameters.batchSize);
  }

  /** The epochs the run aims for. */
  get epochs(): number {
    return this.settings.epochs;
  }

  /** Takes the epoch count at once and keeps the other changes until `applyPending`. */
  change(changes: Partial<Hyperparameters>): void {
    this.settings = { ...this.settings, ...changes };
    const { epochs: _epochs, ...deferred } = changes;
    this.pending = { ...this.pending, ...deferred };
  }

  /** Applies the changes kept since the last call; the stepper calls it at an epoch's start. */
  applyPending(): void {
    const { learningRate, annealingRate, batchSize } = this.pending;
    if (learningRate !== undefined) this.learningRate = learningRate;
    if (annealingRate !== undefined) this.settings = { ...this.settings, annealingRate };
    if (batchSize !== undefined) this.batchSize = this.clampBatchSize(batchSize);
    this.pending = {};
  }

  /** At an epoch's end: anneals the learning rate, then applies the changes made during the epoch. */
  anneal(): void {
    this.learningRate *= this.settings.annealingRate;
    this.applyPending();
  }

  /** Back to the rate and batch size that follow epoch `last` (or the run's first); drops kept changes. */
  rewind(last: { readonly learningRate: number; readonly batchSize: number } | undefined): void {
    this.learningRate = last ? last.learningRate * this.settings.annealingRate : this.settings.learningRate;
    if (last) this.batchSize = this.clampBatchSize(last.batchSize);
    this.pending = {};
  }

  private clampBatchSize(batchSize: number): number {
    return Math.max(1, Math.min(this.trainCount, Math.round(batchSize)));
  }
}

/**
 * The first epoch (1-based) whose learning rate, start · annealing^(epoch − 1), is below `share` of the
 * start; null when the rate never falls (annealing 1).
 */
export function epochRateFallsBelow(annealingRate: number, share: number): number | null {
  if (annealingRate >= 1) return null;
  return 1 + Math.ceil(Math.log(share) / Math.log(annealingRate));
}
