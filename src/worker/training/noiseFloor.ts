import type { PointSet } from '../../core/datasets.ts';
import { decayForHalfLife, IterateAverages } from '../../core/iterateAverages.ts';
import type { ModelSpec } from '../../core/modelSpec.ts';
import { createModel } from '../../core/models.ts';
import type { Objective } from '../../core/objectives.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import {
  curvatureAndNoiseAtOptimum,
  predictStationarySpread,
  type CurvatureAndNoise,
  type KnownOptimum,
} from '../../core/stationaryPrediction.ts';
import type { AveragesView, NoiseFloorView, NoiseFloorViews, SpreadView } from './protocol.ts';

/** Iterates the cloud keeps: the last ones, one per update. */
export const CLOUD_SIZE = 1000;
/** The moving average halves an iterate's weight over this many epochs' updates. */
export const MOVING_AVERAGE_HALF_LIFE_EPOCHS = 1;

/** Every view hidden: a new worker's state until the page says otherwise. */
export const HIDDEN_NOISE_FLOOR_VIEWS: NoiseFloorViews = {
  cloud: false,
  floor: false,
  averages: false,
  tailStartEpoch: 0,
};

/** What the prediction of a run is built from; its curvature and noise are measured when first shown. */
export interface NoiseFloorRun {
  readonly model: ModelSpec;
  readonly points: PointSet;
  readonly objective: Objective;
  readonly l2: number;
  readonly optimum: KnownOptimum;
}

/** What the pacer feeds the sampled updates to: every `stride`-th update's objective and size. */
export interface BatchSink {
  readonly stride: number;
  sample(stepper: SgdStepper, batchObjective: number, batchSize: number): void;
}

/**
 * The noise-floor views of the training worker: the last iterates (the cloud), their tail and moving
 * averages, and the predicted spread and floor at the current learning rate and batch size. Like the
 * insights, nothing is kept or measured while the page hides them: the iterates are observed one per update
 * only while the cloud or the averages are shown, and the curvature and noise at w* are measured once per
 * run, when first needed.
 */
export class NoiseFloorMeter {
  private views: NoiseFloorViews = HIDDEN_NOISE_FLOOR_VIEWS;
  private run: NoiseFloorRun | null = null;
  private measured: CurvatureAndNoise | null = null;
  /** The learning rate and batch size of the spread last sent (null: send it at the next message). */
  private sentSpread: { readonly learningRate: number; readonly batchSize: number } | null = null;
  /** The cloud's ring of (w₁, w₂) pairs: `cloudCount` of them, the oldest at `cloudStart`. */
  private readonly cloud = new Float64Array(2 * CLOUD_SIZE);
  private cloudStart = 0;
  private cloudCount = 0;
  private cloudChanged = false;
  private averages: IterateAverages | null = null;
  private movingHalfLife = 1;
  /** The tail average waits for this epoch's first update (null: it has started). */
  private pendingTailEpoch: number | null = 0;
  private tailStart: number | null = null;
  private averagesChanged = false;

  /** Whether any view is shown: only then do progress messages carry a NoiseFloorView. */
  get shown(): boolean {
    return this.views.cloud || this.views.floor || this.views.averages;
  }

  /** Whether the iterates are observed one per update (the cloud or the averages are shown). */
  get observing(): boolean {
    return this.views.cloud || this.views.averages;
  }

  /** A new run: nothing kept; its prediction is measured when first shown. The views stay as they were. */
  reset(run: NoiseFloorRun): void {
    this.run = run;
    this.measured = null;
    this.sentSpread = null;
    this.restart();
  }

  /** The run went back (a rewind): the iterates kept belong to updates that are undone. */
  restart(): void {
    this.cloudStart = 0;
    this.cloudCount = 0;
    this.cloudChanged = true;
    this.averages = null;
    this.pendingTailEpoch = this.views.tailStartEpoch;
    this.tailStart = null;
    this.averagesChanged = true;
  }

  /** The views the page shows; returns whether they changed. Opening a view sends its state at once. */
  setViews(views: NoiseFloorViews): boolean {
    const old = this.views;
    if (
      views.cloud === old.cloud &&
      views.floor === old.floor &&
      views.averages === old.averages &&
      views.tailStartEpoch === old.tailStartEpoch
    ) {
      return false;
    }
    this.views = views;
    if ((views.cloud || views.floor) && !(old.cloud || old.floor)) this.sentSpread = null;
    if (views.cloud && !old.cloud) {
      this.cloudCount = 0;
      this.cloudChanged = true;
    }
    if (!views.averages) this.averages = null;
    else if (!old.averages || views.tailStartEpoch !== old.tailStartEpoch) {
      this.pendingTailEpoch = views.tailStartEpoch;
      this.tailStart = null;
      this.averages?.restartTail(Number.MAX_SAFE_INTEGER);
      this.averagesChanged = true;
    }
    return true;
  }

  /**
   * What the pacer feeds: the batch samples' own stride while nothing is observed, else every update, each
   * passed on to `samples` (which keeps those on its stride) and observed here.
   */
  sink(samples: BatchSink): BatchSink {
    if (!this.observing) return samples;
    return {
      stride: 1,
      sample: (stepper, batchObjective, batchSize) => {
        samples.sample(stepper, batchObjective, batchSize);
        this.observe(stepper);
      },
    };
  }

  /** Takes in the iterate after the stepper's last update, if a view needs it. */
  observe(stepper: SgdStepper): void {
    if (!this.observing || stepper.updates === 0) return;
    const weights = stepper.model.weights;
    if (this.views.cloud) {
      const slot = (this.cloudStart + this.cloudCount) % CLOUD_SIZE;
      this.cloud[2 * slot] = weights[0] as number;
      this.cloud[2 * slot + 1] = weights[1] as number;
      if (this.cloudCount < CLOUD_SIZE) this.cloudCount++;
      else this.cloudStart = (this.cloudStart + 1) % CLOUD_SIZE;
      this.cloudChanged = true;
    }
    if (this.views.averages) this.observeAverages(stepper);
  }

  /** The views' changes for the next progress message, or null when none is shown or nothing changed. */
  describe(stepper: SgdStepper): NoiseFloorView | null {
    if (!this.shown) return null;
    const spread = this.views.cloud || this.views.floor ? this.spreadIfChanged(stepper) : null;
    let cloud: Float64Array | null = null;
    if (this.views.cloud && this.cloudChanged) {
      cloud = new Float64Array(2 * this.cloudCount);
      for (let k = 0; k < this.cloudCount; k++) {
        const slot = (this.cloudStart + k) % CLOUD_SIZE;
        cloud[2 * k] = this.cloud[2 * slot] as number;
        cloud[2 * k + 1] = this.cloud[2 * slot + 1] as number;
      }
      this.cloudChanged = false;
    }
    const averages = this.views.averages && this.averagesChanged ? this.describeAverages() : null;
    this.averagesChanged = false;
    if (spread === null && cloud === null && averages === null) return null;
    return { spread, cloud, averages };
  }

  private observeAverages(stepper: SgdStepper): void {
    const weights = stepper.model.weights;
    if (this.averages === null) {
      this.movingHalfLife = Math.max(1, MOVING_AVERAGE_HALF_LIFE_EPOCHS * stepper.batchesInEpoch);
      this.averages = new IterateAverages(weights.length, {
        tailStart: Number.MAX_SAFE_INTEGER,
        decay: decayForHalfLife(this.movingHalfLife),
      });
    }
    const batch = stepper.lastBatch;
    if (this.pendingTailEpoch !== null && batch.epochIndex >= this.pendingTailEpoch) {
      this.averages.restartTail(stepper.updates);
      this.tailStart = batch.epochIndex + batch.index / Math.ceil(stepper.trainCount / batch.batchSize);
      this.pendingTailEpoch = null;
    }
    this.averages.observe(stepper.updates, weights);
    this.averagesChanged = true;
  }

  private describeAverages(): AveragesView {
    const tail = this.averages?.tailAverage ?? null;
    const moving = this.averages?.movingAverage ?? null;
    return {
      tailStart: this.tailStart,
      tailCount: this.averages?.tailCount ?? 0,
      tail: tail === null ? null : Array.from(tail),
      moving: moving === null ? null : Array.from(moving),
      movingHalfLife: this.movingHalfLife,
    };
  }

  /** The spread at the stepper's learning rate and batch size, if not sent yet at these. */
  private spreadIfChanged(stepper: SgdStepper): SpreadView | null {
    const run = this.run;
    if (run === null) return null;
    const learningRate = stepper.learningRate;
    const batchSize = stepper.batchSize;
    const sent = this.sentSpread;
    if (sent !== null && sent.learningRate === learningRate && sent.batchSize === batchSize) return null;
    this.sentSpread = { learningRate, batchSize };
    // An annealed rate can underflow to 0 after very many epochs: the iterates then stand still.
    if (!(learningRate > 0))
      return { kind: 'none', reason: 'the learning rate is 0: the weights stand still' };
    this.measured ??= curvatureAndNoiseAtOptimum(
      createModel(run.model, 0),
      run.points,
      run.objective,
      run.l2,
      run.optimum,
    );
    const prediction = predictStationarySpread(this.measured, learningRate, batchSize);
    if (prediction.kind === 'none') return prediction;
    const count = run.points.y.length;
    return {
      kind: 'prediction',
      learningRate,
      batchSize,
      ellipse: prediction.ellipse,
      trace: prediction.trace,
      summedFloor: prediction.summedFloor,
      summedSmallRateFloor: count * prediction.smallRateFloor,
    };
  }
}
