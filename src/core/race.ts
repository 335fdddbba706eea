/**
 * A race of full-batch gradient descent, mini-batch SGD and single-example SGD on the same data with the
 * same seeds and learning-rate schedule, advanced side by side so that they are fair in samples: each lane
 * has processed about as many examples as the others at any moment, and its own compute time is kept.
 */
import type { Dataset } from './datasets.ts';
import { evaluate } from './metrics.ts';
import { buildRun, loadRunData } from './run.ts';
import type { SgdStepper } from './sgd.ts';
import type { SweepBase } from './sweep.ts';

/** The three lanes of a race. */
export type RaceLaneName = 'gd' | 'minibatch' | 'sgd';

/** Where a lane stood at one moment. */
export interface RacePoint {
  /** Samples / training count: epochs done, fractional between epoch ends. */
  readonly epochFraction: number;
  /** Gradient evaluations so far: the examples used by the lane's updates. */
  readonly samples: number;
  /** The lane's own accumulated compute time (its evaluations for these points not included). */
  readonly wallMs: number;
  /** Training objective, a sum over the training set (L2 included), as the epoch records have it. */
  readonly objective: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** One lane as the page sees it. */
export interface RaceLane {
  readonly name: RaceLaneName;
  readonly label: string;
  /** The batch size used (clamped to 1 … training count). */
  readonly batchSize: number;
  /** Oldest first, finite, at most `RACE_MAX_POINTS`. */
  readonly points: readonly RacePoint[];
  readonly finished: boolean;
  readonly diverged: boolean;
  /** Samples processed so far. */
  readonly samples: number;
  /** Compute time so far, in ms. */
  readonly wallMs: number;
}

/** A race in progress. */
export interface Race {
  readonly lanes: readonly RaceLane[];
  /** Every lane has run all its epochs (or diverged). */
  readonly finished: boolean;
  readonly trainCount: number;
  /**
   * Runs the lanes for about `budgetMs` (at least one chunk), always advancing the lane that would end its
   * next chunk with the fewest samples, so no lane runs ahead of another by more than one chunk.
   */
  advance(budgetMs: number, clock: () => number): void;
}

/** Most points kept per lane: halved when exceeded, enough for a chart. */
export const RACE_MAX_POINTS = 500;
/** Samples in one chunk of a lane with small batches (a full-batch update is one chunk of its own). */
export const RACE_CHUNK_SAMPLES = 1024;
/** Points recorded per epoch between the epoch ends, at first (the spacing doubles when points are thinned). */
const POINTS_PER_EPOCH = 20;

const LANE_ORDER: readonly RaceLaneName[] = ['gd', 'minibatch', 'sgd'];

class LaneRunner implements RaceLane {
  readonly name: RaceLaneName;
  readonly label: string;
  points: RacePoint[] = [];
  samples = 0;
  wallMs = 0;
  private readonly stepper: SgdStepper;
  private readonly l2: number;
  private readonly trainScratch: Float64Array;
  private readonly testScratch: Float64Array;
  /** Samples between two recorded points within an epoch. */
  private interval: number;
  private nextRecordAt: number;

  constructor(name: RaceLaneName, stepper: SgdStepper, l2: number) {
    this.name = name;
    this.stepper = stepper;
    this.l2 = l2;
    this.label =
      name === 'gd'
        ? 'Full-batch GD'
        : name === 'sgd'
          ? 'SGD (batch 1)'
          : `Mini-batch (batch ${stepper.batchSize})`;
    this.trainScratch = new Float64Array(stepper.trainCount);
    this.testScratch = new Float64Array(stepper.data.test.y.length);
    this.interval = Math.max(1, Math.ceil(stepper.trainCount / POINTS_PER_EPOCH));
    this.nextRecordAt = this.interval;
    this.recordCurrent();
  }

  get batchSize(): number {
    return this.stepper.batchSize;
  }
  get finished(): boolean {
    return this.stepper.finished;
  }
  get diverged(): boolean {
    return this.stepper.diverged !== null;
  }

  /** The updates of the next chunk: up to a chunk's worth of samples, cut at the next recording mark. */
  private plannedUpdates(): number {
    const size = this.stepper.batchSize;
    const perChunk = Math.max(1, Math.floor(RACE_CHUNK_SAMPLES / size));
    return Math.max(1, Math.min(perChunk, Math.ceil((this.nextRecordAt - this.samples) / size)));
  }

  /** The samples this lane will have after its next chunk: the key of fair scheduling. */
  get nextChunkEnd(): number {
    return this.samples + this.plannedUpdates() * this.stepper.batchSize;
  }

  /** Runs one chunk, records what is due, and returns the clock's reading at the end of the chunk. */
  step(clock: () => number): number {
    const stepper = this.stepper;
    const epochBefore = stepper.epoch;
    let used = 0;
    const start = clock();
    stepper.runBatches(this.plannedUpdates(), (_objective, batchSize) => {
      used += batchSize;
    });
    const end = clock();
    this.wallMs += end - start;
    this.samples += used;
    const trainCount = stepper.trainCount;
    // Epoch ends come from the stepper's own records, so they are the reference's numbers, free of charge.
    for (const record of stepper.history.slice(epochBefore)) {
      this.push({
        epochFraction: record.epoch,
        samples: record.epoch * trainCount,
        wallMs: this.wallMs,
        objective: record.objective,
        trainAccuracy: record.trainAccuracy,
        testAccuracy: record.testAccuracy,
      });
    }
    if (this.samples >= this.nextRecordAt || (stepper.finished && used > 0)) {
      if (this.points.at(-1)?.samples !== this.samples) this.recordCurrent();
      this.nextRecordAt = (Math.floor(this.samples / this.interval) + 1) * this.interval;
    }
    return end;
  }

  private recordCurrent(): void {
    const { model, data, objective } = this.stepper;
    const train = evaluate(model, data.train, objective, this.trainScratch, this.l2);
    const test = evaluate(model, data.test, objective, this.testScratch, this.l2);
    const trainCount = this.stepper.trainCount;
    this.push({
      epochFraction: trainCount === 0 ? 0 : this.samples / trainCount,
      samples: this.samples,
      wallMs: this.wallMs,
      objective: train.objective,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
    });
  }

  private push(point: RacePoint): void {
    // A point from weights on the way to diverging may overflow; the chart only takes finite numbers.
    if (!Number.isFinite(point.objective)) return;
    this.points.push(point);
    if (this.points.length > RACE_MAX_POINTS) {
      // Keep every other point and the newest, and record half as often from now on.
      const last = this.points.length - 1;
      this.points = this.points.filter((_, k) => k % 2 === 0 || k === last);
      this.interval *= 2;
    }
  }
}

/**
 * Creates a race of full-batch GD (batch = training count), mini-batch SGD (`miniBatchSize`) and SGD
 * (batch 1), each built as the live run with that batch size would be: same data, seeds, rates and epochs.
 */
export function createRace(base: SweepBase, miniBatchSize: number): Race {
  if (!(Number.isInteger(miniBatchSize) && miniBatchSize >= 1)) {
    throw new RangeError(`the mini-batch size must be a positive integer, not ${miniBatchSize}`);
  }
  const data: Dataset = loadRunData(base);
  const trainCount = data.train.y.length;
  const batchSizes: Record<RaceLaneName, number> = {
    gd: Math.max(1, trainCount),
    minibatch: miniBatchSize,
    sgd: 1,
  };
  const runners = LANE_ORDER.map(
    (name) =>
      new LaneRunner(
        name,
        buildRun(
          {
            ...base,
            engine: 'fast',
            hyperparameters: { ...base.hyperparameters, batchSize: batchSizes[name] },
          },
          { data },
        ).stepper,
        base.l2,
      ),
  );
  return {
    lanes: runners,
    trainCount,
    get finished() {
      return runners.every((runner) => runner.finished);
    },
    advance(budgetMs, clock) {
      const deadline = clock() + budgetMs;
      for (;;) {
        let next: LaneRunner | null = null;
        for (const runner of runners) {
          if (!runner.finished && (next === null || runner.nextChunkEnd < next.nextChunkEnd)) next = runner;
        }
        if (next === null || next.step(clock) >= deadline) return;
      }
    },
  };
}
