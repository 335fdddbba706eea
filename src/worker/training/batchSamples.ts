import type { SgdStepper } from '../../core/sgd.ts';
import { MAX_BATCH_SAMPLES } from './protocol.ts';

/** The per-batch samples of one progress message: positions on the epoch axis, objectives, (w₁, w₂) pairs. */
export interface TakenSamples {
  readonly positions: Float64Array;
  readonly objectives: Float64Array;
  readonly trajectory: Float64Array;
}

/**
 * How much denser than the page keeps them the worker samples the batches. The page keeps one sample per
 * interval of an even grid of at most MAX_BATCH_SAMPLES intervals (core/evenThinning.ts). Holding the run's
 * updates to at most OVERSAMPLING · MAX_BATCH_SAMPLES strides makes an interval span more than four strides
 * once the stride has grown past one update, so the gaps between the samples the page keeps differ by less
 * than a factor (4 + 1)/(4 − 1) whatever the page's pace.
 */
const OVERSAMPLING = 8;

/**
 * The per-batch estimates of the training objective and the weights' path, kept for the next progress
 * message: every `stride`-th update by the run's count. The stride follows the run's length alone, not the
 * size of a message, so a run is sampled at one density whatever the page's pace.
 */
export class BatchSamples {
  private updates: number[] = [];
  private positions: number[] = [];
  private objectives: number[] = [];
  private trajectory: number[] = [];
  private sampleStride = 1;

  /** Updates between two samples; the stepper skips the others (runBatches' `every`). */
  get stride(): number {
    return this.sampleStride;
  }

  /** Samples held for the next message. */
  get count(): number {
    return this.positions.length;
  }

  /** Keeps the stepper's last update when its number falls on the stride. */
  sample(stepper: SgdStepper, batchObjective: number, batchSize: number): void {
    const update = stepper.updates;
    if (update > OVERSAMPLING * MAX_BATCH_SAMPLES * this.sampleStride) this.widenStride(update);
    if (update % this.sampleStride !== 0) return;
    const trainCount = stepper.trainCount;
    const { epochIndex, index, batchSize: sizeOfEpoch } = stepper.lastBatch;
    const batchesInEpoch = Math.ceil(trainCount / sizeOfEpoch);
    this.updates.push(update);
    this.positions.push(epochIndex + (index + 1) / batchesInEpoch);
    // Scaled to the whole training set, so it reads on the same axis as the epoch objective.
    this.objectives.push((batchObjective * trainCount) / batchSize);
    const weights = stepper.model.weights;
    this.trajectory.push(weights[0] as number, weights[1] as number);
  }

  /** Hands over the samples kept so far and starts the next message's; the stride carries on. */
  take(): TakenSamples {
    const taken = {
      positions: Float64Array.from(this.positions),
      objectives: Float64Array.from(this.objectives),
      trajectory: Float64Array.from(this.trajectory),
    };
    this.updates = [];
    this.positions = [];
    this.objectives = [];
    this.trajectory = [];
    return taken;
  }

  /** Drops the held samples past `position` on the epoch axis: a rewind went back there. */
  dropAfter(position: number): void {
    const kept = this.positions.flatMap((held, k) => (held <= position ? [k] : []));
    this.updates = kept.map((k) => this.updates[k] as number);
    this.positions = kept.map((k) => this.positions[k] as number);
    this.objectives = kept.map((k) => this.objectives[k] as number);
    this.trajectory = kept.flatMap((k) => [
      this.trajectory[2 * k] as number,
      this.trajectory[2 * k + 1] as number,
    ]);
  }

  /** Forgets everything, the stride included: a new run starts. */
  reset(): void {
    this.take();
    this.sampleStride = 1;
  }

  /** Doubles the stride until `update` fits the run's bound, dropping the held samples off the new stride. */
  private widenStride(update: number): void {
    while (update > OVERSAMPLING * MAX_BATCH_SAMPLES * this.sampleStride) this.sampleStride *= 2;
    const kept = this.updates.flatMap((held, k) => (held % this.sampleStride === 0 ? [k] : []));
    this.updates = kept.map((k) => this.updates[k] as number);
    this.positions = kept.map((k) => this.positions[k] as number);
    this.objectives = kept.map((k) => this.objectives[k] as number);
    this.trajectory = kept.flatMap((k) => [
      this.trajectory[2 * k] as number,
      this.trajectory[2 * k + 1] as number,
    ]);
  }
}
