import type { PointSet } from '../../core/datasets.ts';
import { decayForHalfLife, IterateAverages } from '../../core/iterateAverages.ts';
import { evaluate } from '../../core/metrics.ts';
import type { Model } from '../../core/model.ts';
import type { ModelSpec } from '../../core/modelSpec.ts';
import { createModel } from '../../core/models.ts';
import type { Objective } from '../../core/objectives.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import {
  curvatureAndNoiseAtOptimum,
  predictStationarySpread,
  type CurvatureAndNoise,
  type KnownOptimum,
  type StationarySpread,
} from '../../core/stationaryPrediction.ts';
import type { CovarianceEllipse } from '../../core/stationaryCovariance.ts';
import type {
  AveragedEpoch,
  AveragesView,
  FloorEpoch,
  NoiseFloorView,
  NoiseFloorViews,
  SpreadView,
} from './protocol.ts';

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
  /** The spread last predicted, and the learning rate and batch size it is for. */
  private spread: { learningRate: number; batchSize: number; view: SpreadView } | null = null;
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
  /** f at both averages after each epoch ended since the last message. */
  private averagedEpochs: AveragedEpoch[] = [];
  /** A model of the run's kind that the averages are evaluated with, and its scratch. */
  private evaluator: { readonly model: Model; readonly scores: Float64Array } | null = null;
  /** The epochs whose predicted floor has been sent (0: send the floor of every epoch again). */
  private floorSentThrough = 0;

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
    this.spread = null;
    this.evaluator = null;
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
    this.averagedEpochs = [];
    this.floorSentThrough = 0;
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
    if (views.floor && !old.floor) this.floorSentThrough = 0;
    if (views.cloud && !old.cloud) {
      this.cloudCount = 0;
      this.cloudChanged = true;
    }
    if (!views.averages) {
      this.averages = null;
      this.averagedEpochs = [];
    } else if (!old.averages || views.tailStartEpoch !== old.tailStartEpoch) {
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

  /**
   * What the landscape's window must hold while the cloud is shown, so that the cloud is seen at its size
   * and not as a dot off the map: the box around the predicted ellipse and around the cloud.
   */
  windowCorners(stepper: SgdStepper): [number, number][] {
    if (!this.views.cloud) return [];
    const spread = this.spreadAt(stepper);
    const corners = spread?.kind === 'prediction' ? ellipseBox(spread.ellipse) : [];
    if (this.cloudCount === 0) return corners;
    let w1Low = Number.POSITIVE_INFINITY;
    let w1High = Number.NEGATIVE_INFINITY;
    let w2Low = Number.POSITIVE_INFINITY;
    let w2High = Number.NEGATIVE_INFINITY;
    for (let slot = 0; slot < this.cloudCount; slot++) {
      const w1 = this.cloud[2 * ((this.cloudStart + slot) % CLOUD_SIZE)] as number;
      const w2 = this.cloud[2 * ((this.cloudStart + slot) % CLOUD_SIZE) + 1] as number;
      w1Low = Math.min(w1Low, w1);
      w1High = Math.max(w1High, w1);
      w2Low = Math.min(w2Low, w2);
      w2High = Math.max(w2High, w2);
    }
    return [...corners, [w1Low, w2Low], [w1High, w2High]];
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
    const floorEpochs = this.views.floor ? this.floorOfNewEpochs(stepper) : null;
    if (spread === null && cloud === null && averages === null && floorEpochs === null) return null;
    return { spread, cloud, averages, floorEpochs };
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
    // The fast path ends an epoch after its last batch is observed, so the batch says whether it was last.
    if (batch.index === Math.ceil(stepper.trainCount / batch.batchSize) - 1) {
      const tail = this.averages.tailAverage;
      this.averagedEpochs.push({
        epoch: batch.epochIndex + 1,
        tail: tail === null ? null : this.objectiveAt(tail),
        moving: this.objectiveAt(this.averages.movingAverage ?? weights),
      });
    }
  }

  /** The summed training objective (L2 included) at `weights`, as the epoch records measure it. */
  private objectiveAt(weights: ArrayLike<number>): number {
    const run = this.run;
    if (run === null) return Number.NaN;
    this.evaluator ??= { model: createModel(run.model, 0), scores: new Float64Array(run.points.y.length) };
    const { model, scores } = this.evaluator;
    model.weights.set(weights);
    return evaluate(model, run.points, run.objective, scores, run.l2).objective;
  }

  /** The predicted floor of the epochs recorded since the last message, at each one's rate and batch size. */
  private floorOfNewEpochs(stepper: SgdStepper): FloorEpoch[] | null {
    const history = stepper.history;
    let first = history.length;
    while (first > 0 && (history[first - 1]?.epoch ?? 0) > this.floorSentThrough) first--;
    if (first === history.length) return null;
    const measured = this.measure();
    const floors: FloorEpoch[] = [];
    let last: { learningRate: number; batchSize: number; floor: FloorEpoch | null } | null = null;
    for (const record of history.slice(first)) {
      const { learningRate, batchSize, epoch } = record;
      if (last === null || last.learningRate !== learningRate || last.batchSize !== batchSize) {
        const prediction: StationarySpread | null =
          measured === null || !(learningRate > 0)
            ? null
            : predictStationarySpread(measured, learningRate, batchSize);
        const floor: FloorEpoch | null =
          prediction?.kind === 'prediction'
            ? {
                epoch,
                summedFloor: prediction.summedFloor,
                summedSmallRateFloor: stepper.trainCount * prediction.smallRateFloor,
              }
            : null;
        last = { learningRate, batchSize, floor };
      }
      if (last.floor !== null) floors.push({ ...last.floor, epoch });
    }
    this.floorSentThrough = history[history.length - 1]?.epoch ?? 0;
    return floors;
  }

  /** H and S* at w* of the run, measured when first needed; null before a run. */
  private measure(): CurvatureAndNoise | null {
    const run = this.run;
    if (run === null) return null;
    this.measured ??= curvatureAndNoiseAtOptimum(
      createModel(run.model, 0),
      run.points,
      run.objective,
      run.l2,
      run.optimum,
    );
    return this.measured;
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
      epochs: this.averagedEpochs.splice(0),
    };
  }

  /** The spread at the stepper's learning rate and batch size, if not sent yet at these. */
  private spreadIfChanged(stepper: SgdStepper): SpreadView | null {
    const learningRate = stepper.learningRate;
    const batchSize = stepper.batchSize;
    const sent = this.sentSpread;
    if (sent !== null && sent.learningRate === learningRate && sent.batchSize === batchSize) return null;
    const spread = this.spreadAt(stepper);
    if (spread !== null) this.sentSpread = { learningRate, batchSize };
    return spread;
  }

  /** The spread at the stepper's learning rate and batch size (kept until they change); null before a run. */
  private spreadAt(stepper: SgdStepper): SpreadView | null {
    const learningRate = stepper.learningRate;
    const batchSize = stepper.batchSize;
    const cached = this.spread;
    if (cached !== null && cached.learningRate === learningRate && cached.batchSize === batchSize) {
      return cached.view;
    }
    const view = this.predictSpread(learningRate, batchSize);
    if (view !== null) this.spread = { learningRate, batchSize, view };
    return view;
  }

  private predictSpread(learningRate: number, batchSize: number): SpreadView | null {
    // An annealed rate can underflow to 0 after very many epochs: the iterates then stand still.
    if (!(learningRate > 0))
      return { kind: 'none', reason: 'the learning rate is 0: the weights stand still' };
    const measured = this.measure();
    if (measured === null) return null;
    const prediction = predictStationarySpread(measured, learningRate, batchSize);
    if (prediction.kind === 'none') return prediction;
    const count = this.run?.points.y.length ?? 0;
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

/** The corners of the box around an ellipse: its centre ± its half-widths along each axis. */
function ellipseBox(ellipse: CovarianceEllipse): [number, number][] {
  const [major, minor] = ellipse.radii;
  const cos = Math.cos(ellipse.angle);
  const sin = Math.sin(ellipse.angle);
  const halfWidth = Math.hypot(major * cos, minor * sin);
  const halfHeight = Math.hypot(major * sin, minor * cos);
  const [c1, c2] = ellipse.center;
  return [
    [c1 - halfWidth, c2 - halfHeight],
    [c1 + halfWidth, c2 + halfHeight],
  ];
}
