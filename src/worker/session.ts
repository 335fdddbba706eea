import { generateDataset, PLANE_EXTENT } from '../core/datasets.ts';
import { evaluateGrid, traceZeroLevel } from '../core/grid.ts';
import { createLinearModel } from '../core/linearModel.ts';
import { objectives } from '../core/objectives.ts';
import { deriveSeed } from '../core/random.ts';
import { createShuffler, SgdStepper, type BatchReport, type EpochRecord } from '../core/sgd.ts';
import {
  assertNever,
  type FromWorker,
  type RunCounters,
  type Speed,
  type ToWorker,
  type UpdateSnapshot,
} from './protocol.ts';

/** A message for the page and the buffers to transfer with it. */
export interface Reply {
  readonly message: FromWorker;
  readonly transfer: Transferable[];
}

/** Cells per side of the heatmap grid. */
export const GRID_RESOLUTION = 100;
/** Longest stretch of training in one tick, so pause and other messages are handled within a frame. */
export const SLICE_MILLISECONDS = 10;
/** Samples between two looks at the clock: small enough to keep a slice near its time budget. */
const CHUNK_SAMPLES = 4096;
/** At most this many per-batch objective samples per progress message. */
const MAX_BATCH_SAMPLES = 256;

/**
 * The worker's whole behaviour, without the Worker: it owns the data, the model and the stepper, answers
 * each message with replies, and trains in `tick`s. Tested in Node; training.worker.ts only wires it up.
 */
export class TrainingSession {
  private runId = -1;
  private stepper: SgdStepper | null = null;
  private playing = false;
  private speed: Speed = null;
  /** Fractional batches owed at a limited speed. */
  private credit = 0;
  private lastTickTime: number | null = null;
  /** A progress message is out and the page has not drawn it yet. */
  private awaitingFrame = false;
  private dirty = false;
  private newEpochs: EpochRecord[] = [];
  private batchPositions: number[] = [];
  private batchObjectives: number[] = [];
  private batchSampleStride = 1;
  private batchSampleCount = 0;
  private lastReport: BatchReport | null = null;
  private readonly gridScratch = {};

  /** Whether `tick` has training to do. */
  get wantsTicks(): boolean {
    return this.playing && this.stepper !== null && !this.stepper.finished;
  }
  /** Batches per second, or null at full speed. */
  get currentSpeed(): Speed {
    return this.speed;
  }

  /** Answers one message from the page. Messages of another run are ignored. */
  handle(message: ToWorker, now: number): Reply[] {
    if (message.type === 'start') return this.start(message.runId, message, now);
    if (message.runId !== this.runId || this.stepper === null) return [];
    const stepper = this.stepper;
    switch (message.type) {
      case 'play':
        this.playing = !stepper.finished;
        this.lastTickTime = now;
        this.credit = 1;
        this.dirty = true;
        return this.flush(true);
      case 'pause':
        this.playing = false;
        this.dirty = true;
        return this.flush(true);
      case 'stepBatch':
        this.playing = false;
        this.record(stepper.stepBatch());
        this.dirty = true;
        return this.flush(true);
      case 'stepEpoch':
        this.playing = false;
        this.record(stepper.stepEpoch());
        this.dirty = true;
        return this.flush(true);
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
        return [scheduled, ...this.flush(true)];
      }
      case 'setSpeed':
        this.speed = message.speed;
        this.credit = Math.min(this.credit, 1);
        return [];
      case 'frameDone':
        this.awaitingFrame = false;
        return this.flush(false);
      default:
        return assertNever(message);
    }
  }

  /** Trains for one slice (bounded by time and by the speed) and returns any progress due. */
  tick(now: number, clock: () => number): Reply[] {
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
    const trainCount = stepper.trainCount;
    const onBatch = (batchObjective: number, batchSize: number) => {
      this.sampleBatch(batchObjective, batchSize, trainCount);
    };
    let done = 0;
    const deadline = now + SLICE_MILLISECONDS;
    while (done < allowed && !stepper.finished) {
      const chunk = Math.min(allowed - done, Math.max(1, Math.floor(CHUNK_SAMPLES / stepper.batchSize)));
      const before = stepper.epoch;
      done += stepper.runBatches(chunk, onBatch);
      const after = stepper.epoch;
      if (after > before) this.newEpochs.push(...stepper.history.slice(before - after));
      if (clock() >= deadline) break;
    }
    if (this.speed !== null) this.credit -= done;
    if (done > 0) {
      this.lastReport = stepper.describeLastUpdate();
      this.dirty = true;
    }
    if (stepper.finished) {
      this.playing = false;
      this.dirty = true;
    }
    return this.flush(false);
  }

  private start(runId: number, message: Extract<ToWorker, { type: 'start' }>, now: number): Reply[] {
    const { settings } = message;
    const data = generateDataset(settings.dataset);
    const stepper = new SgdStepper(
      createLinearModel(),
      data,
      objectives[settings.objective],
      settings.hyperparameters,
      createShuffler(deriveSeed(settings.dataset.seed, 'shuffle')),
    );
    this.runId = runId;
    this.stepper = stepper;
    this.playing = false;
    this.speed = message.speed;
    this.credit = 1;
    this.lastTickTime = now;
    this.awaitingFrame = false;
    this.newEpochs = [];
    this.resetBatchSamples();
    this.lastReport = null;
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
    return [dataset, ...this.flush(true)];
  }

  private record(report: BatchReport | null): void {
    const stepper = this.stepper;
    if (report === null || stepper === null) return;
    this.lastReport = report;
    this.sampleBatch(report.batchObjective, report.indices.length, stepper.trainCount);
    if (report.epochRecord) this.newEpochs.push(report.epochRecord);
  }

  /** Keeps every `stride`-th batch estimate, doubling the stride when a message's worth is full. */
  private sampleBatch(batchObjective: number, batchSize: number, trainCount: number): void {
    const stepper = this.stepper;
    if (stepper === null) return;
    this.batchSampleCount++;
    if (this.batchSampleCount % this.batchSampleStride !== 0) return;
    const { epochIndex, index, batchSize: sizeOfEpoch } = stepper.lastBatch;
    const batchesInEpoch = Math.ceil(trainCount / sizeOfEpoch);
    this.batchPositions.push(epochIndex + (index + 1) / batchesInEpoch);
    // Scaled to the whole training set, so it reads on the same axis as the epoch objective.
    this.batchObjectives.push((batchObjective * trainCount) / batchSize);
    if (this.batchPositions.length >= MAX_BATCH_SAMPLES) {
      this.batchPositions = this.batchPositions.filter((_, k) => k % 2 === 1);
      this.batchObjectives = this.batchObjectives.filter((_, k) => k % 2 === 1);
      this.batchSampleStride *= 2;
    }
  }

  private resetBatchSamples(): void {
    this.batchPositions = [];
    this.batchObjectives = [];
    this.batchSampleStride = 1;
    this.batchSampleCount = 0;
  }

  /**
   * Sends what changed as one progress message, unless the page has not drawn the previous one yet
   * (then it waits for `frameDone`). `force` sends anyway: the page asked for this step.
   */
  private flush(force: boolean): Reply[] {
    const stepper = this.stepper;
    if (stepper === null || !this.dirty || (this.awaitingFrame && !force)) return [];
    const grid = evaluateGrid(stepper.model, GRID_RESOLUTION, PLANE_EXTENT, this.gridScratch);
    const boundary = traceZeroLevel(grid);
    const batchPositions = Float64Array.from(this.batchPositions);
    const batchObjectives = Float64Array.from(this.batchObjectives);
    const lastUpdate = this.lastReport === null ? null : snapshot(this.lastReport);
    const counters: RunCounters = {
      state: this.describeState(),
      epoch: stepper.epoch,
      epochs: stepper.targetEpochs,
      batchInEpoch: stepper.batchInEpoch,
      batchesInEpoch: stepper.batchesInEpoch,
      updates: stepper.updates,
      learningRate: stepper.learningRate,
      batchSize: stepper.batchSize,
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
      divergence: stepper.diverged,
    };
    this.newEpochs = [];
    this.batchPositions = [];
    this.batchObjectives = [];
    this.dirty = false;
    this.awaitingFrame = true;
    const transfer: Transferable[] = [
      grid.scores.buffer,
      boundary.buffer,
      batchPositions.buffer,
      batchObjectives.buffer,
    ];
    if (lastUpdate) transfer.push(lastUpdate.indices.buffer);
    return [{ message, transfer }];
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
