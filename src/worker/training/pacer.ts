import type { Speed } from '../../core/run.ts';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import type { BatchSamples } from './batchSamples.ts';

/** Longest stretch of training in one tick, so pause and other messages are handled within a frame. */
export const SLICE_MILLISECONDS = 10;
/** Samples between two looks at the clock at most: small enough to keep a slice near its time budget. */
export const CHUNK_SAMPLES = 4096;

/** What one slice of training did. */
export interface SliceOutcome {
  readonly updates: number;
  /** Epoch records completed in the slice, oldest first. */
  readonly epochs: readonly EpochRecord[];
}

/**
 * How much the worker trains and when: the speed (batches per second, or full speed), the batches owed at a
 * limited speed, and slices cut into chunks that each fit the time left.
 */
export class Pacer {
  private speed: Speed = null;
  /** Fractional batches owed at a limited speed. */
  private credit = 0;
  private lastTickTime: number | null = null;
  /**
   * How long a batch of this run has taken, from the last chunk (null before the first): a chunk holds the
   * batches that fit in the slice's time left, so that a slow engine ends its slice on time too.
   */
  private millisecondsPerBatch: number | null = null;

  /** Batches per second, or null at full speed. */
  get currentSpeed(): Speed {
    return this.speed;
  }

  /**
   * How long until the next batch is due at a limited speed (0 at full speed, or when one is due now): the
   * worker sleeps that long instead of spinning, and leaves the machine's cores to the page.
   */
  get millisecondsToNextBatch(): number {
    if (this.speed === null || this.credit >= 1) return 0;
    return ((1 - this.credit) * 1000) / this.speed;
  }

  /** A new run at `speed`: one batch is owed at once, and the pace of the last run is forgotten. */
  start(speed: Speed, now: number): void {
    this.speed = speed;
    this.credit = 1;
    this.lastTickTime = now;
    this.millisecondsPerBatch = null;
  }

  /** Play: the first batch is due at once, and time spent paused is not owed. */
  play(now: number): void {
    this.lastTickTime = now;
    this.credit = 1;
  }

  /** A new speed; at most one batch stays owed. */
  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.credit = Math.min(this.credit, 1);
  }

  /**
   * Trains one slice that starts at `now`: at most `budget` milliseconds (and SLICE_MILLISECONDS) by
   * `clock`, and at a limited speed only the batches owed. Sampled batches go to `samples`.
   */
  train(
    stepper: SgdStepper,
    now: number,
    clock: () => number,
    budget: number,
    samples: Pick<BatchSamples, 'stride' | 'sample'>,
  ): SliceOutcome {
    const elapsed = this.lastTickTime === null ? 0 : now - this.lastTickTime;
    this.lastTickTime = now;
    let allowed = Number.POSITIVE_INFINITY;
    if (this.speed !== null) {
      // At a limited speed, owe batches for the time passed, capped so a stalled tab does not burst.
      this.credit = Math.min(this.credit + (elapsed * this.speed) / 1000, Math.max(1, this.speed / 10));
      allowed = Math.floor(this.credit);
    }
    const onBatch = (batchObjective: number, batchSize: number) =>
      samples.sample(stepper, batchObjective, batchSize);
    const epochs: EpochRecord[] = [];
    let done = 0;
    const deadline = now + Math.min(budget, SLICE_MILLISECONDS);
    let time = now;
    while (done < allowed && !stepper.finished) {
      const most = Math.max(1, Math.floor(CHUNK_SAMPLES / stepper.batchSize));
      const perBatch = this.millisecondsPerBatch;
      const fits = perBatch === null ? 1 : perBatch > 0 ? Math.floor((deadline - time) / perBatch) : most;
      const chunk = Math.min(allowed - done, most, Math.max(1, fits));
      const before = stepper.epoch;
      const ran = stepper.runBatches(chunk, onBatch, samples.stride);
      done += ran;
      const after = stepper.epoch;
      if (after > before) epochs.push(...stepper.history.slice(before - after));
      const looked = clock();
      if (ran > 0) this.millisecondsPerBatch = (looked - time) / ran;
      time = looked;
      if (time >= deadline) break;
    }
    if (this.speed !== null) this.credit -= done;
    return { updates: done, epochs };
  }
}
