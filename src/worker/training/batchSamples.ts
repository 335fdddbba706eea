import type { SgdStepper } from '../../core/sgd.ts';
import { MAX_BATCH_SAMPLES } from './protocol.ts';

/** The per-batch samples of one progress message: positions on the epoch axis, objectives, (w₁, w₂) pairs. */
export interface TakenSamples {
  readonly positions: Float64Array;
  readonly objectives: Float64Array;
  readonly trajectory: Float64Array;
}

/**
 * The per-batch estimates of the training objective and the weights' path, kept for the next progress
 * message: every `stride`-th update by the run's count, the stride doubling when a message's worth is full.
 */
export class BatchSamples {
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
    if (stepper.updates % this.sampleStride !== 0) return;
    const trainCount = stepper.trainCount;
    const { epochIndex, index, batchSize: sizeOfEpoch } = stepper.lastBatch;
    const batchesInEpoch = Math.ceil(trainCount / sizeOfEpoch);
    this.positions.push(epochIndex + (index + 1) / batchesInEpoch);
    // Scaled to the whole training set, so it reads on the same axis as the epoch objective.
    this.objectives.push((batchObjective * trainCount) / batchSize);
    const weights = stepper.model.weights;
    this.trajectory.push(weights[0] as number, weights[1] as number);
    if (this.positions.length >= MAX_BATCH_SAMPLES) {
      this.positions = this.positions.filter((_, k) => k % 2 === 1);
      this.objectives = this.objectives.filter((_, k) => k % 2 === 1);
      this.trajectory = this.trajectory.filter((_, k) => k % 4 >= 2);
      this.sampleStride *= 2;
    }
  }

  /** Hands over the samples kept so far and starts the next message's; the stride carries on. */
  take(): TakenSamples {
    const taken = {
      positions: Float64Array.from(this.positions),
      objectives: Float64Array.from(this.objectives),
      trajectory: Float64Array.from(this.trajectory),
    };
    this.positions = [];
    this.objectives = [];
    this.trajectory = [];
    return taken;
  }

  /** Forgets everything, the stride included: a new run starts. */
  reset(): void {
    this.take();
    this.sampleStride = 1;
  }
}
