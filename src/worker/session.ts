import { generateDataset, PLANE_EXTENT, splitCustomPoints, type Dataset } from '../core/datasets.ts';
import { describeBatchGradients } from '../core/gradientView.ts';
import { evaluateGrid, traceZeroLevel } from '../core/grid.ts';
import { evaluate } from '../core/metrics.ts';
import { chooseLandscapeRanges, computeLandscape, landscapeContours } from '../core/landscape.ts';
import type { Model } from '../core/model.ts';
import { engines, type EngineName, type ModelSpec } from '../core/modelSpec.ts';
import { createModel, describeModel } from '../core/models.ts';
import { objectives } from '../core/objectives.ts';
import { findOptimum } from '../core/optimum.ts';
import { deriveSeed } from '../core/random.ts';
import { findSafeLearningRate } from '../core/safeRate.ts';
import { createShuffler, SgdStepper, type BatchReport, type EpochRecord } from '../core/sgd.ts';
import {
  assertNever,
  type DivergenceReport,
  type FromWorker,
  type GradientView,
  type LandscapeView,
  type OptimumInfo,
  type RunCounters,
  type RunInfo,
  type RunSettings,
  type Speed,
  type ToWorker,
  type UpdateSnapshot,
} from './protocol.ts';

/** A message for the page and the buffers to transfer with it. */
export interface Reply {
  readonly message: FromWorker;
  readonly transfer: Transferable[];
}

/** A model as an engine builds it; tfjs models hold tensors to dispose. */
export type EngineModel = Model & { dispose?(): void };

/** Builds the model of a spec in an engine; the worker entry supplies tfjs once it is loaded. */
export type ModelFactory = (spec: ModelSpec, seed: number, engine: EngineName) => EngineModel;

/** The engine every run can use at once: hand-written typed-array kernels. */
export const fastModelFactory: ModelFactory = (spec, seed) => createModel(spec, seed);

/** Epochs a probe trains to call a learning rate safe after a divergence. */
const PROBE_EPOCHS = 3;
/** Epoch records (with their weights: the scrubber's checkpoints) the worker keeps at most. */
export const MAX_CHECKPOINTS = 4000;
/** Cells per side of the heatmap grid. */
export const GRID_RESOLUTION = 100;
/** Cells per side of the objective landscape. */
export const LANDSCAPE_RESOLUTION = 40;
/** Longest stretch of training in one tick, so pause and other messages are handled within a frame. */
export const SLICE_MILLISECONDS = 10;
/** How late the page's acknowledgement of a frame may be before the worker gives it room (pageIsBehind). */
const PAGE_BEHIND_MILLISECONDS = 20;
/** While training, the landscape (the costliest view) is recomputed at most this often. */
const LANDSCAPE_INTERVAL_MILLISECONDS = 1000;
/** Samples between two looks at the clock at most: small enough to keep a slice near its time budget. */
const CHUNK_SAMPLES = 4096;
/** At most this many per-batch objective samples per progress message. */
const MAX_BATCH_SAMPLES = 256;

/**
 * The worker's whole behaviour, without the Worker: it owns the data, the model and the stepper, answers
 * each message with replies, and trains in `tick`s. Tested in Node; training.worker.ts only wires it up.
 */
export class TrainingSession {
  private readonly buildModel: ModelFactory;
  private readonly countTensors: () => number | null;
  private runId = -1;
  private settings: RunSettings | null = null;
  private info: RunInfo | null = null;
  /** The safe rate found after a divergence (undefined: not probed yet). */
  private suggestedRate: number | null | undefined = undefined;
  /** The weights before the first update: the scrubber's epoch 0. */
  private initialWeights: readonly number[] | null = null;
  private stepper: SgdStepper | null = null;
  private model: EngineModel | null = null;
  private playing = false;
  private speed: Speed = null;
  /** Fractional batches owed at a limited speed. */
  private credit = 0;
  private lastTickTime: number | null = null;
  /**
   * How long a batch of this run has taken, from the last chunk (null before the first): a chunk holds
   * the batches that fit in the slice's time left, so that a slow engine (tfjs at batch 10: about 0.4 ms a
   * batch, where 4,096 samples would take 170 ms) ends its slice on time too.
   */
  private millisecondsPerBatch: number | null = null;
  /** A progress message is out and the page has not drawn it yet. */
  private awaitingFrame = false;
  /** When the last progress message went to the page. */
  private sentTime = 0;
  private dirty = false;
  private newEpochs: EpochRecord[] = [];
  private batchPositions: number[] = [];
  private batchObjectives: number[] = [];
  private trajectory: number[] = [];
  private batchSampleStride = 1;
  private lastReport: BatchReport | null = null;
  private sentOrderEpoch = -1;
  private landscapeRanges: { w1: [number, number]; w2: [number, number] } | null = null;
  private landscapeDue = true;
  private lastLandscapeTime = Number.NEGATIVE_INFINITY;
  private readonly gridScratch = {};

  constructor(buildModel: ModelFactory = fastModelFactory, countTensors: () => number | null = () => null) {
    this.buildModel = buildModel;
    this.countTensors = countTensors;
  }

  /** Whether `tick` has training to do. */
  get wantsTicks(): boolean {
    return this.playing && this.stepper !== null && !this.stepper.finished;
  }
  /** Batches per second, or null at full speed. */
  get currentSpeed(): Speed {
    return this.speed;
  }
  /**
   * How long until the next batch is due at a limited speed (0 at full speed, or when one is due now): the
   * worker sleeps that long instead of spinning, and leaves the machine's cores to the page.
   */
  /**
   * Whether the page has not yet drawn the last progress message after PAGE_BEHIND_MILLISECONDS: its main
   * thread is struggling for a core, so the worker (at full speed) pauses a few milliseconds between
   * slices to give it one, rather than training on flat out.
   */
  get pageIsBehind(): boolean {
    return this.awaitingFrame && (this.lastTickTime ?? 0) - this.sentTime > PAGE_BEHIND_MILLISECONDS;
  }
  get millisecondsToNextBatch(): number {
    if (this.speed === null || this.credit >= 1) return 0;
    return ((1 - this.credit) * 1000) / this.speed;
  }

  /** Answers one message from the page. Messages of another run are ignored. */
  handle(message: ToWorker, now: number): Reply[] {
    if (message.type === 'start') return this.start(message.runId, message.settings, message.speed, now);
    if (message.runId !== this.runId || this.stepper === null) return [];
    const stepper = this.stepper;
    switch (message.type) {
      case 'play':
        this.playing = !stepper.finished;
        this.lastTickTime = now;
        this.credit = 1;
        this.dirty = true;
        return this.flush(true, now);
      case 'pause':
        this.playing = false;
        this.dirty = true;
        this.landscapeDue = true;
        return this.flush(true, now);
      case 'stepBatch':
        this.playing = false;
        this.record(stepper.stepBatch());
        this.dirty = true;
        this.landscapeDue = true;
        return this.flush(true, now);
      case 'stepEpoch':
        this.playing = false;
        this.record(stepper.stepEpoch());
        this.dirty = true;
        this.landscapeDue = true;
        return this.flush(true, now);
      case 'setHyperparameters': {
        const fromEpoch = stepper.setHyperparameters(message.changes);
        if (stepper.finished && this.playing) this.playing = false;
        this.dirty = true;
        const scheduled: Reply = {
          message: {
            type: 'hyperparametersScheduled',
            runId: this.runId,
            fromEpoch,
            changes: message.changes,
          },
          transfer: [],
        };
        return [scheduled, ...this.flush(true, now)];
      }
      case 'setSpeed':
        this.speed = message.speed;
        this.credit = Math.min(this.credit, 1);
        return [];
      case 'frameDone':
        this.awaitingFrame = false;
        return this.flush(false, now);
      case 'showEpoch':
        return this.showEpoch(message.epoch);
      case 'rewind': {
        if (this.initialWeights === null) return [];
        stepper.rewindToLastEpoch(this.initialWeights);
        this.suggestedRate = undefined;
        stepper.setHyperparameters({ learningRate: message.learningRate });
        this.playing = false;
        this.lastReport = null;
        this.sentOrderEpoch = -1;
        this.dirty = true;
        this.landscapeDue = true;
        const rewound: Reply = {
          message: { type: 'rewound', runId: this.runId, epoch: stepper.epoch },
          transfer: [],
        };
        return [rewound, ...this.flush(true, now)];
      }
      default:
        return assertNever(message);
    }
  }

  /**
   * Trains for one slice (bounded by time, at most `budget` milliseconds, and by the speed) and returns any
   * progress due.
   */
  tick(now: number, clock: () => number, budget = SLICE_MILLISECONDS): Reply[] {
    const stepper = this.stepper;
    if (!this.wantsTicks || stepper === null) return [];
    const elapsed = this.lastTickTime === null ? 0 : now - this.lastTickTime;
    this.lastTickTime = now;
    let allowed = Number.POSITIVE_INFINITY;
    if (this.speed !== null) {
      // At a limited speed, owe batches for the time passed, capped so a stalled tab does not burst.
      this.credit = Math.min(this.credit + (elapsed * this.speed) / 1000, Math.max(1, this.speed / 10));
      allowed = Math.floor(this.credit);
    }
    const onBatch = (batchObjective: number, batchSize: number) =>
      this.sampleBatch(batchObjective, batchSize);
    let done = 0;
    const deadline = now + Math.min(budget, SLICE_MILLISECONDS);
    let time = now;
    while (done < allowed && !stepper.finished) {
      const most = Math.max(1, Math.floor(CHUNK_SAMPLES / stepper.batchSize));
      const perBatch = this.millisecondsPerBatch;
      const fits = perBatch === null ? 1 : perBatch > 0 ? Math.floor((deadline - time) / perBatch) : most;
      const chunk = Math.min(allowed - done, most, Math.max(1, fits));
      const before = stepper.epoch;
      const ran = stepper.runBatches(chunk, onBatch, this.batchSampleStride);
      done += ran;
      const after = stepper.epoch;
      if (after > before) this.newEpochs.push(...stepper.history.slice(before - after));
      const looked = clock();
      if (ran > 0) this.millisecondsPerBatch = (looked - time) / ran;
      time = looked;
      if (time >= deadline) break;
    }
    if (this.speed !== null) this.credit -= done;
    if (done > 0) {
      this.lastReport = stepper.describeLastUpdate();
      this.dirty = true;
    }
    if (stepper.finished) {
      this.playing = false;
      this.dirty = true;
      this.landscapeDue = true;
    }
    return this.flush(false, now);
  }

  private start(runId: number, settings: RunSettings, speed: Speed, now: number): Reply[] {
    const data = loadData(settings);
    this.model?.dispose?.();
    const model = this.buildModel(
      settings.model,
      deriveSeed(settings.dataset.seed, 'model'),
      settings.engine,
    );
    const objective = objectives[settings.objective];
    const stepper = new SgdStepper(
      model,
      data,
      objective,
      settings.hyperparameters,
      createShuffler(deriveSeed(settings.dataset.seed, 'shuffle')),
      { l2: settings.l2, maxHistory: MAX_CHECKPOINTS },
    );
    this.runId = runId;
    this.suggestedRate = undefined;
    this.settings = settings;
    this.model = model;
    this.initialWeights = Array.from(model.weights);
    this.stepper = stepper;
    this.millisecondsPerBatch = null;
    this.playing = false;
    this.speed = speed;
    this.credit = 1;
    this.lastTickTime = now;
    this.awaitingFrame = false;
    this.newEpochs = [];
    this.resetBatchSamples();
    this.lastReport = null;
    this.sentOrderEpoch = -1;
    this.landscapeDue = true;
    this.dirty = true;
    // Copies, so the stepper keeps its own arrays while these buffers move to the page.
    const trainX = data.train.x.slice();
    const trainY = data.train.y.slice();
    const testX = data.test.x.slice();
    const testY = data.test.y.slice();
    const dataset: Reply = {
      message: { type: 'dataset', runId, trainX, trainY, testX, testY },
      transfer: [trainX.buffer, trainY.buffer, testX.buffer, testY.buffer],
    };
    const optimum = this.describeOptimum(settings, data);
    this.landscapeRanges = chooseRanges(optimum);
    this.info = {
      modelLabel: describeModel(settings.model),
      engineLabel: engines[settings.engine].detail,
      parameterLabels: model.parameterLabels,
      optimum,
      start: {
        weights: Array.from(model.weights),
        objective: evaluate(model, data.train, objective, undefined, settings.l2).objective,
        testObjective: evaluate(model, data.test, objective, undefined, settings.l2).objective,
      },
    };
    // The boundary is copied: the session keeps the optimum for the landscape window.
    const sentOptimum: OptimumInfo =
      optimum.kind === 'minimum' ? { ...optimum, boundary: optimum.boundary.slice() } : optimum;
    const info: Reply = {
      message: { type: 'runInfo', runId, info: { ...this.info, optimum: sentOptimum } },
      transfer: sentOptimum.kind === 'minimum' ? [sentOptimum.boundary.buffer] : [],
    };
    return [dataset, info, ...this.flush(true, now)];
  }

  /** The boundary of a past epoch, from the weights the stepper recorded then (the checkpoints). */
  private showEpoch(epoch: number): Reply[] {
    const stepper = this.stepper;
    const settings = this.settings;
    if (stepper === null || settings === null || this.initialWeights === null) return [];
    // The newest checkpoint at or before the epoch asked for (a long run's history is thinned).
    let record: EpochRecord | undefined;
    for (const entry of stepper.history) if (entry.epoch <= epoch) record = entry;
    const clamped = record ? record.epoch : 0;
    const weights = record ? record.weights : this.initialWeights;
    const model = createModel(settings.model, 0);
    model.weights.set(weights);
    const grid = evaluateGrid(model, GRID_RESOLUTION, PLANE_EXTENT);
    const boundary = traceZeroLevel(grid);
    return [
      {
        message: {
          type: 'epochView',
          runId: this.runId,
          epoch: clamped,
          weights: Array.from(weights),
          grid,
          boundary,
        },
        transfer: [grid.scores.buffer, boundary.buffer],
      },
    ];
  }

  /** The exact minimiser for a linear model and a smooth objective (or one made smooth enough by L2). */
  private describeOptimum(settings: RunSettings, data: Dataset): OptimumInfo {
    if (settings.model.kind !== 'linear') {
      return {
        kind: 'unavailable',
        note: 'A network has many local minima: there is no single optimum to compare with.',
      };
    }
    const objective = objectives[settings.objective];
    if (!objective.smooth) {
      return {
        kind: 'unavailable',
        note: `The ${objective.label.toLowerCase()} objective has kinks: Newton's method does not apply.`,
      };
    }
    const probe = createModel(settings.model, 0);
    const result = findOptimum(probe, data.train, objective, settings.l2);
    if (result.kind === 'none') return result;
    probe.weights.set(result.weights);
    const boundary = traceZeroLevel(evaluateGrid(probe, GRID_RESOLUTION, PLANE_EXTENT));
    return { kind: 'minimum', weights: Array.from(result.weights), objective: result.objective, boundary };
  }

  private record(report: BatchReport | null): void {
    if (report === null) return;
    this.lastReport = report;
    this.sampleBatch(report.batchObjective, report.indices.length);
    if (report.epochRecord) this.newEpochs.push(report.epochRecord);
  }

  /** Keeps every `stride`-th batch estimate (and weights), doubling the stride when a message's worth is full. */
  private sampleBatch(batchObjective: number, batchSize: number): void {
    const stepper = this.stepper;
    if (stepper === null) return;
    // Every `stride`-th update by the run's count; runBatches already skips the others.
    if (stepper.updates % this.batchSampleStride !== 0) return;
    const trainCount = stepper.trainCount;
    const { epochIndex, index, batchSize: sizeOfEpoch } = stepper.lastBatch;
    const batchesInEpoch = Math.ceil(trainCount / sizeOfEpoch);
    this.batchPositions.push(epochIndex + (index + 1) / batchesInEpoch);
    // Scaled to the whole training set, so it reads on the same axis as the epoch objective.
    this.batchObjectives.push((batchObjective * trainCount) / batchSize);
    const weights = stepper.model.weights;
    this.trajectory.push(weights[0] as number, weights[1] as number);
    if (this.batchPositions.length >= MAX_BATCH_SAMPLES) {
      this.batchPositions = this.batchPositions.filter((_, k) => k % 2 === 1);
      this.batchObjectives = this.batchObjectives.filter((_, k) => k % 2 === 1);
      this.trajectory = this.trajectory.filter((_, k) => k % 4 >= 2);
      this.batchSampleStride *= 2;
    }
  }

  private resetBatchSamples(): void {
    this.batchPositions = [];
    this.batchObjectives = [];
    this.trajectory = [];
    this.batchSampleStride = 1;
  }

  /**
   * Sends what changed as one progress message, unless the page has not drawn the previous one yet
   * (then it waits for `frameDone`). `force` sends anyway: the page asked for this step.
   */
  private flush(force: boolean, now: number): Reply[] {
    const stepper = this.stepper;
    const settings = this.settings;
    if (stepper === null || settings === null || !this.dirty || (this.awaitingFrame && !force)) return [];
    const grid = evaluateGrid(stepper.model, GRID_RESOLUTION, PLANE_EXTENT, this.gridScratch);
    const boundary = traceZeroLevel(grid);
    const batchPositions = Float64Array.from(this.batchPositions);
    const batchObjectives = Float64Array.from(this.batchObjectives);
    const trajectory = Float64Array.from(this.trajectory);
    const lastUpdate = this.lastReport === null ? null : snapshot(this.lastReport);
    const linear = settings.model.kind === 'linear';
    const gradientView = linear && this.lastReport !== null ? this.describeGradients(this.lastReport) : null;
    const landscape = linear ? this.maybeLandscape(now) : null;
    let epochOrder: { epochIndex: number; order: Uint32Array; batchSize: number } | null = null;
    const orderEpoch = stepper.atEpochStart ? stepper.epoch - 1 : stepper.epoch;
    if (stepper.epochOrder.length > 0 && orderEpoch !== this.sentOrderEpoch) {
      epochOrder = {
        epochIndex: orderEpoch,
        order: stepper.epochOrder.slice(),
        batchSize: stepper.lastBatch.batchSize,
      };
      this.sentOrderEpoch = orderEpoch;
    }
    const counters: RunCounters = {
      state: this.describeState(),
      epoch: stepper.epoch,
      epochs: stepper.targetEpochs,
      batchInEpoch: stepper.batchInEpoch,
      batchesInEpoch: stepper.batchesInEpoch,
      updates: stepper.updates,
      learningRate: stepper.learningRate,
      batchSize: stepper.batchSize,
      tensors: this.countTensors(),
    };
    const message: FromWorker = {
      type: 'progress',
      runId: this.runId,
      counters,
      newEpochs: this.newEpochs,
      batchPositions,
      batchObjectives,
      weights: Array.from(stepper.model.weights),
      grid,
      boundary,
      lastUpdate,
      gradientView,
      epochOrder,
      trajectory,
      landscape,
      divergence: this.describeDivergence(),
    };
    this.newEpochs = [];
    this.batchPositions = [];
    this.batchObjectives = [];
    this.trajectory = [];
    this.dirty = false;
    this.awaitingFrame = true;
    this.sentTime = now;
    const transfer: Transferable[] = [
      grid.scores.buffer,
      boundary.buffer,
      batchPositions.buffer,
      batchObjectives.buffer,
      trajectory.buffer,
    ];
    if (lastUpdate) transfer.push(lastUpdate.indices.buffer);
    if (gradientView) transfer.push(gradientView.perExample.buffer);
    if (epochOrder) transfer.push(epochOrder.order.buffer);
    if (landscape) transfer.push(landscape.values.buffer, landscape.contours.buffer);
    return [{ message, transfer }];
  }

  /** The divergence, with a safe rate found once by probing short runs from the last good weights. */
  private describeDivergence(): DivergenceReport | null {
    const stepper = this.stepper;
    const settings = this.settings;
    const divergence = stepper?.diverged ?? null;
    if (stepper === null || settings === null || divergence === null || this.initialWeights === null)
      return null;
    if (this.suggestedRate === undefined) {
      const lastGood = stepper.history[stepper.history.length - 1]?.weights ?? this.initialWeights;
      this.suggestedRate = findSafeLearningRate(divergence.learningRate, (rate) => {
        const model = createModel(settings.model, 0);
        model.weights.set(lastGood);
        const probe = new SgdStepper(
          model,
          stepper.data,
          stepper.objective,
          { learningRate: rate, annealingRate: 1, batchSize: stepper.batchSize, epochs: PROBE_EPOCHS },
          createShuffler(deriveSeed(settings.dataset.seed, 'probe')),
          { l2: settings.l2 },
        );
        probe.runBatches(Number.POSITIVE_INFINITY);
        return probe.diverged === null;
      });
    }
    return { ...divergence, suggestedLearningRate: this.suggestedRate };
  }

  private describeGradients(report: BatchReport): GradientView | null {
    const stepper = this.stepper;
    const settings = this.settings;
    if (stepper === null || settings === null) return null;
    // The gradients at the weights the batch saw, not the updated ones.
    const model = createModel(settings.model, 0);
    model.weights.set(report.weightsBefore);
    const view = describeBatchGradients(
      model,
      stepper.data.train,
      stepper.objective,
      settings.l2,
      report.indices,
      64,
    );
    return { perExample: view.perExample, mean: view.mean, full: view.full, cosine: view.cosine };
  }

  private maybeLandscape(now: number): LandscapeView | null {
    const stepper = this.stepper;
    const settings = this.settings;
    let ranges = this.landscapeRanges;
    if (stepper === null || settings === null || ranges === null) return null;
    const due =
      this.landscapeDue || (this.playing && now - this.lastLandscapeTime >= LANDSCAPE_INTERVAL_MILLISECONDS);
    if (!due) return null;
    this.landscapeDue = false;
    this.lastLandscapeTime = now;
    const current: [number, number] = [
      stepper.model.weights[0] as number,
      stepper.model.weights[1] as number,
    ];
    // A new window when the weights walk out of it, so the trajectory stays on the map.
    if (!contains(ranges.w1, current[0]) || !contains(ranges.w2, current[1])) {
      ranges = chooseRanges(this.info?.optimum ?? { kind: 'unavailable', note: '' }, current);
      this.landscapeRanges = ranges;
    }
    const landscape = computeLandscape(stepper.model, stepper.data.train, stepper.objective, settings.l2, {
      resolution: LANDSCAPE_RESOLUTION,
      w1Range: ranges.w1,
      w2Range: ranges.w2,
      maxPoints: 600,
    });
    return {
      resolution: landscape.resolution,
      w1Range: ranges.w1,
      w2Range: ranges.w2,
      values: landscape.values,
      contours: landscapeContours(landscape.values, landscape.resolution),
    };
  }

  private describeState(): RunCounters['state'] {
    const stepper = this.stepper;
    if (stepper === null) return 'ready';
    if (stepper.diverged) return 'diverged';
    if (stepper.finished) return 'finished';
    if (this.playing) return 'training';
    return stepper.updates === 0 ? 'ready' : 'paused';
  }
}

function loadData(settings: RunSettings): Dataset {
  const custom = settings.customPoints;
  if (custom === null) return generateDataset(settings.dataset);
  return splitCustomPoints(custom.x, custom.y, settings.dataset.trainFraction, settings.dataset.seed);
}

/** A square window around the start (0, 0), the weights so far and the optimum, with a margin. */
function chooseRanges(
  optimum: OptimumInfo,
  current: readonly [number, number] = [0, 0],
): { w1: [number, number]; w2: [number, number] } {
  const target = optimum.kind === 'minimum' ? optimum.weights : null;
  const { w1Range, w2Range } = chooseLandscapeRanges([[0, 0], current], target);
  return { w1: [w1Range[0], w1Range[1]], w2: [w2Range[0], w2Range[1]] };
}

function contains(range: readonly [number, number], value: number): boolean {
  return value >= range[0] && value <= range[1];
}

function snapshot(report: BatchReport): UpdateSnapshot {
  return {
    epochIndex: report.epochIndex,
    batchIndex: report.batchIndex,
    batchesInEpoch: report.batchesInEpoch,
    indices: report.indices.slice(),
    batchObjective: report.batchObjective,
    learningRate: report.learningRate,
    weightsBefore: Array.from(report.weightsBefore),
    meanGradient: Array.from(report.meanGradient),
    weightsAfter: Array.from(report.weightsAfter),
  };
}
