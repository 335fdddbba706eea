/**
 * Averages of the SGD iterates, the cure for the noise floor (Polyak & Juditsky 1992; Bach & Moulines 2013):
 * at a constant rate the iterates keep wandering around w* with covariance Σ, but their average settles
 * on w*, its error shrinking as 1/(updates averaged). Two kinds, each O(d) per update:
 * - the tail average, the running mean of every iterate from a chosen update on;
 * - the exponential moving average w̄ ← β·w̄ + (1 − β)·w, which forgets old iterates at the rate 1 − β and so
 *   follows a run whose rate or data change.
 */

/** What the averages are at an update. */
export interface IterateAveragesOptions {
  /** The update (counted from the run's start, 1-based) from which the tail average counts iterates. */
  readonly tailStart: number;
  /** β of the exponential moving average, in [0, 1): the weight the average keeps per update. */
  readonly decay: number;
}

/** The tail average and the exponential moving average of the iterates, updated one iterate at a time. */
export class IterateAverages {
  private readonly tailSum: Float64Array;
  private readonly tailMeanValues: Float64Array;
  private readonly movingValues: Float64Array;
  private tailStartUpdate: number;
  private readonly decay: number;
  private tailIterates = 0;
  private movingIterates = 0;

  constructor(dimension: number, options: IterateAveragesOptions) {
    if (!(Number.isInteger(dimension) && dimension >= 1)) {
      throw new RangeError(`the dimension must be a whole number ≥ 1, not ${dimension}`);
    }
    checkTailStart(options.tailStart);
    if (!(options.decay >= 0 && options.decay < 1)) {
      throw new RangeError(`the decay must lie in [0, 1), not ${options.decay}`);
    }
    this.tailSum = new Float64Array(dimension);
    this.tailMeanValues = new Float64Array(dimension);
    this.movingValues = new Float64Array(dimension);
    this.tailStartUpdate = options.tailStart;
    this.decay = options.decay;
  }

  /** The update from which the tail average counts. */
  get tailStart(): number {
    return this.tailStartUpdate;
  }
  /** Iterates in the tail average. */
  get tailCount(): number {
    return this.tailIterates;
  }
  /** Iterates the moving average has seen. */
  get movingCount(): number {
    return this.movingIterates;
  }

  /** The tail average, or null before its first iterate. The array is reused: copy it to keep it. */
  get tailAverage(): Float64Array | null {
    if (this.tailIterates === 0) return null;
    for (let j = 0; j < this.tailSum.length; j++) {
      this.tailMeanValues[j] = (this.tailSum[j] as number) / this.tailIterates;
    }
    return this.tailMeanValues;
  }

  /** The exponential moving average, or null before its first iterate. The array is reused. */
  get movingAverage(): Float64Array | null {
    return this.movingIterates === 0 ? null : this.movingValues;
  }

  /**
   * Takes in the iterate after update `update` (1-based, counted from the run's start). The moving
   * average starts at its first iterate, so it carries no pull towards zero.
   */
  observe(update: number, weights: ArrayLike<number>): void {
    const dimension = this.tailSum.length;
    if (weights.length !== dimension)
      throw new RangeError(`expected ${dimension} weights, not ${weights.length}`);
    if (update >= this.tailStartUpdate) {
      for (let j = 0; j < dimension; j++)
        this.tailSum[j] = (this.tailSum[j] as number) + (weights[j] as number);
      this.tailIterates++;
    }
    if (this.movingIterates === 0) {
      for (let j = 0; j < dimension; j++) this.movingValues[j] = weights[j] as number;
    } else {
      const keep = this.decay;
      const take = 1 - keep;
      for (let j = 0; j < dimension; j++) {
        this.movingValues[j] = keep * (this.movingValues[j] as number) + take * (weights[j] as number);
      }
    }
    this.movingIterates++;
  }

  /** Empties the tail average and counts it again from update `tailStart` on; the moving average goes on. */
  restartTail(tailStart: number): void {
    checkTailStart(tailStart);
    this.tailStartUpdate = tailStart;
    this.tailSum.fill(0);
    this.tailIterates = 0;
  }

  /** Empties both averages (a new run, or a rewind). */
  reset(tailStart = this.tailStartUpdate): void {
    this.restartTail(tailStart);
    this.movingValues.fill(0);
    this.movingIterates = 0;
  }
}

/** β for a moving average whose weights halve every `updates` updates: β^updates = ½. */
export function decayForHalfLife(updates: number): number {
  if (!(updates > 0 && Number.isFinite(updates)))
    throw new RangeError(`the half-life must be > 0, not ${updates}`);
  return 0.5 ** (1 / updates);
}

function checkTailStart(tailStart: number): void {
  if (!(Number.isInteger(tailStart) && tailStart >= 1)) {
    throw new RangeError(`the tail average must start at an update ≥ 1, not ${tailStart}`);
  }
}
