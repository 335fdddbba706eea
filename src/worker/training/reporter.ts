import { PLANE_EXTENT } from '../../core/datasets.ts';
import { describeBatchGradients } from '../../core/gradientView.ts';
import { evaluateGrid, traceZeroLevel } from '../../core/grid.ts';
import { chooseLandscapeRanges, computeLandscape, landscapeContours } from '../../core/landscape.ts';
import { createModel } from '../../core/models.ts';
import type { EpochOrder, RunSettings } from '../../core/run.ts';
import type { BatchReport, EpochRecord } from '../../core/runRecords.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import { BatchSamples } from './batchSamples.ts';
import { InsightsMeter } from './insights.ts';
import { TrajectoryExtents } from './trajectoryExtents.ts';
import {
  GRID_RESOLUTION,
  type DivergenceReport,
  type FromTraining,
  type GradientView,
  type LandscapeView,
  type OptimumInfo,
  type RunCounters,
  type RunState,
  type UpdateSnapshot,
} from './protocol.ts';
import type { Reply } from './reply.ts';

/** Cells per side of the objective landscape. */
export const LANDSCAPE_RESOLUTION = 40;
/** While training, the landscape (the costliest view) is recomputed at most this often. */
const LANDSCAPE_INTERVAL_MILLISECONDS = 1000;
/** Examples of a batch whose gradients the gradient view shows at most. */
const GRADIENT_VIEW_EXAMPLES = 64;

/** The run a progress message describes, as the session sees it at the moment of the flush. */
export interface ReportedRun {
  readonly runId: number;
  readonly settings: RunSettings;
  readonly stepper: SgdStepper;
  readonly optimum: OptimumInfo;
  readonly playing: boolean;
  state(): RunState;
  tensors(): number | null;
  divergence(): DivergenceReport | null;
}

interface LandscapeWindow {
  w1: [number, number];
  w2: [number, number];
}

/**
 * What is flushed to the page: it gathers the epochs, batch samples and last update since the last
 * progress message and sends them with the heatmap, the gradients and (when due) the landscape, one
 * message per frame the page has drawn.
 */
export class Reporter {
  /** Sampled per-batch objectives and weights, for the pacer to fill. */
  readonly samples = new BatchSamples();
  /** The curvature and noise views' measurements. */
  readonly insights = new InsightsMeter();
  private changed = false;
  private newEpochs: EpochRecord[] = [];
  private lastReport: BatchReport | null = null;
  private sentOrderEpoch = -1;
  /** A progress message is out and the page has not drawn it yet. */
  private awaitingFrame = false;
  private landscapeWindow: LandscapeWindow | null = null;
  /** The path's extent epoch by epoch, as sent: what a rewind keeps of it decides the next window. */
  private readonly extents = new TrajectoryExtents();
  /** A rewind dropped part of the trajectory the window was chosen for: choose it again from what is kept. */
  private landscapeWindowStale = false;
  /** What the window zooms in on instead of the path (the iterate cloud and its ellipse), as corners. */
  private focus: readonly (readonly [number, number])[] = [];
  private landscapeDue = true;
  private lastLandscapeTime = Number.NEGATIVE_INFINITY;
  private readonly gridScratch = {};

  /** A new run: nothing gathered, the landscape window around the start and its `optimum`. */
  reset(optimum: OptimumInfo, seed: number): void {
    this.insights.reset(seed);
    this.newEpochs = [];
    this.samples.reset();
    this.lastReport = null;
    this.sentOrderEpoch = -1;
    this.awaitingFrame = false;
    this.landscapeWindow = chooseWindow(optimum);
    this.landscapeWindowStale = false;
    this.focus = [];
    this.extents.reset();
    this.changed = true;
    this.landscapeDue = true;
  }

  /** Something the page shows changed; `landscape` asks for the landscape to be recomputed too. */
  markChanged(landscape = false): void {
    this.changed = true;
    if (landscape) {
      this.landscapeDue = true;
      this.insights.markDue();
    }
  }

  /** A step the page asked for (null: the run had finished): its update, batch sample and epoch record. */
  recordStep(stepper: SgdStepper, report: BatchReport | null): void {
    if (report === null) return;
    this.lastReport = report;
    this.samples.sample(stepper, report.batchObjective, report.indices.length);
    if (report.epochRecord) this.newEpochs.push(report.epochRecord);
  }

  /** A slice of training: the epochs it completed and, if it made updates, its last one. */
  recordSlice(stepper: SgdStepper, updates: number, epochs: readonly EpochRecord[]): void {
    this.newEpochs.push(...epochs);
    if (updates > 0) {
      this.lastReport = stepper.describeLastUpdate();
      this.changed = true;
    }
  }

  /**
   * The run went back to an epoch's end: no last update, the epoch order is sent again, and the landscape's
   * window, which may have been widened for weights that blew up, is chosen again around what is kept.
   */
  recordRewind(lastGoodEpoch: number): void {
    // Samples of the undone batches may still be held: they must not reach the page after its 'rewound'.
    this.samples.dropAfter(lastGoodEpoch);
    this.lastReport = null;
    this.sentOrderEpoch = -1;
    this.landscapeWindowStale = true;
    this.markChanged(true);
  }

  /**
   * Weights the landscape's window zooms in on instead of the whole path (none: back to the path). The
   * window is chosen again, and the landscape recomputed, when one leaves it or they fill too little of it.
   */
  focusOn(corners: readonly (readonly [number, number])[]): void {
    // Overflowed weights are not worth a window (chooseLandscapeRanges leaves them out too).
    const focus = corners.filter(([w1, w2]) => Number.isFinite(w1) && Number.isFinite(w2));
    const wasFocused = this.focus.length > 0;
    this.focus = focus;
    if (focus.length === 0) {
      if (wasFocused) {
        this.landscapeWindowStale = true;
        this.markChanged(true);
      }
      return;
    }
    const window = this.landscapeWindow;
    if (window === null || !frames(window, focus)) this.markChanged(true);
  }

  /** The page has drawn the last progress message. */
  acknowledgeFrame(): void {
    this.awaitingFrame = false;
  }

  /**
   * Sends what changed as one progress message, unless the page has not drawn the previous one yet
   * (then it waits for `frameDone`). `force` sends anyway: the page asked for this step.
   */
  flush(force: boolean, now: number, run: ReportedRun): Reply[] {
    if (!this.changed || (this.awaitingFrame && !force)) return [];
    const { stepper, settings } = run;
    const grid = evaluateGrid(stepper.model, GRID_RESOLUTION, PLANE_EXTENT, this.gridScratch);
    const boundary = traceZeroLevel(grid);
    const samples = this.samples.take();
    this.extents.note(samples.positions, samples.trajectory);
    const lastUpdate = this.lastReport === null ? null : snapshot(this.lastReport);
    const linear = settings.model.kind === 'linear';
    const gradientView =
      linear && this.lastReport !== null ? describeGradients(stepper, settings, this.lastReport) : null;
    const landscape = linear ? this.maybeLandscape(now, run) : null;
    let epochOrder: EpochOrder | null = null;
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
      state: run.state(),
      epoch: stepper.epoch,
      epochs: stepper.targetEpochs,
      batchInEpoch: stepper.batchInEpoch,
      batchesInEpoch: stepper.batchesInEpoch,
      updates: stepper.updates,
      learningRate: stepper.learningRate,
      batchSize: stepper.batchSize,
      tensors: run.tensors(),
    };
    const insights = this.insights.measure(now, stepper, settings, run.playing);
    const message: FromTraining = {
      type: 'progress',
      runId: run.runId,
      counters,
      newEpochs: this.newEpochs,
      batchPositions: samples.positions,
      batchObjectives: samples.objectives,
      weights: Array.from(stepper.model.weights),
      grid,
      boundary,
      lastUpdate,
      gradientView,
      epochOrder,
      trajectory: samples.trajectory,
      landscape,
      divergence: run.divergence(),
      ...(insights === null ? {} : { insights }),
    };
    this.newEpochs = [];
    this.changed = false;
    this.awaitingFrame = true;
    const transfer: Transferable[] = [
      grid.scores.buffer,
      boundary.buffer,
      samples.positions.buffer,
      samples.objectives.buffer,
      samples.trajectory.buffer,
    ];
    if (lastUpdate) transfer.push(lastUpdate.indices.buffer);
    if (gradientView) transfer.push(gradientView.perExample.buffer);
    if (epochOrder) transfer.push(epochOrder.order.buffer);
    if (landscape) transfer.push(landscape.values.buffer, landscape.contours.buffer);
    return [{ message, transfer }];
  }

  /** The objective landscape when it is due: asked for, or at most every interval while training. */
  private maybeLandscape(now: number, run: ReportedRun): LandscapeView | null {
    const { stepper, settings } = run;
    let window = this.landscapeWindow;
    if (window === null) return null;
    const due =
      this.landscapeDue || (run.playing && now - this.lastLandscapeTime >= LANDSCAPE_INTERVAL_MILLISECONDS);
    if (!due) return null;
    this.landscapeDue = false;
    this.lastLandscapeTime = now;
    const current: [number, number] = [
      stepper.model.weights[0] as number,
      stepper.model.weights[1] as number,
    ];
    if (this.focus.length > 0) {
      if (!frames(window, this.focus)) {
        window = focusWindow(this.focus, run.optimum);
        this.landscapeWindow = window;
      }
    } else if (this.landscapeWindowStale) {
      // The kept trajectory: the path the page still draws, up to the end of the epoch rewound to, and now.
      window = chooseWindow(run.optimum, [...this.extents.keepUpTo(stepper.epoch), current]);
      this.landscapeWindow = window;
      this.landscapeWindowStale = false;
    } else if (!contains(window.w1, current[0]) || !contains(window.w2, current[1])) {
      // A new window when the weights walk out of it, so the trajectory stays on the map.
      window = chooseWindow(run.optimum, [current]);
      this.landscapeWindow = window;
    }
    const landscape = computeLandscape(stepper.model, stepper.data.train, stepper.objective, settings.l2, {
      resolution: LANDSCAPE_RESOLUTION,
      w1Range: window.w1,
      w2Range: window.w2,
      maxPoints: 600,
    });
    return {
      resolution: landscape.resolution,
      w1Range: window.w1,
      w2Range: window.w2,
      values: landscape.values,
      contours: landscapeContours(landscape.values, landscape.resolution),
    };
  }
}

/** The gradients of a batch at the weights it saw, not the updated ones. */
function describeGradients(stepper: SgdStepper, settings: RunSettings, report: BatchReport): GradientView {
  const model = createModel(settings.model, 0);
  model.weights.set(report.weightsBefore);
  const view = describeBatchGradients(
    model,
    stepper.data.train,
    stepper.objective,
    settings.l2,
    report.indices,
    GRADIENT_VIEW_EXAMPLES,
  );
  return { perExample: view.perExample, mean: view.mean, full: view.full, cosine: view.cosine };
}

/** A square window around the start (0, 0), the weights `visited` and the optimum, with a margin. */
function chooseWindow(optimum: OptimumInfo, visited: readonly ArrayLike<number>[] = []): LandscapeWindow {
  const target = optimum.kind === 'minimum' ? optimum.weights : null;
  const { w1Range, w2Range } = chooseLandscapeRanges([[0, 0], ...visited], target);
  return { w1: [w1Range[0], w1Range[1]], w2: [w2Range[0], w2Range[1]] };
}

/** Share of a focus window's span left free on each side of what it zooms in on. */
const FOCUS_MARGIN = 0.2;
/** A focus window is chosen again when what it frames spans less than this share of it (it shrank). */
const FOCUS_FILL = 0.35;
/** The smallest span of a focus window, so that a cloud that has stopped moving is not magnified to rounding. */
const FOCUS_MINIMUM_SPAN = 1e-6;

/** The extent of some corners (and the optimum): low and high of w₁ and w₂, and the larger span. */
function extentOf(corners: readonly (readonly [number, number])[]) {
  const w1 = corners.map((corner) => corner[0]);
  const w2 = corners.map((corner) => corner[1]);
  const low: [number, number] = [Math.min(...w1), Math.min(...w2)];
  const high: [number, number] = [Math.max(...w1), Math.max(...w2)];
  return { low, high, span: Math.max(high[0] - low[0], high[1] - low[1], FOCUS_MINIMUM_SPAN) };
}

/** A square window around the corners and the optimum, with a margin: the landscape zoomed in on them. */
function focusWindow(corners: readonly (readonly [number, number])[], optimum: OptimumInfo): LandscapeWindow {
  const target: [number, number][] =
    optimum.kind === 'minimum' ? [[optimum.weights[0] ?? 0, optimum.weights[1] ?? 0]] : [];
  const { low, high, span } = extentOf([...corners, ...target]);
  const half = (span * (1 + 2 * FOCUS_MARGIN)) / 2;
  const around = (axis: 0 | 1): [number, number] => {
    const centre = (low[axis] + high[axis]) / 2;
    return [centre - half, centre + half];
  };
  return { w1: around(0), w2: around(1) };
}

/** Whether a window holds the corners and they fill enough of it. */
function frames(window: LandscapeWindow, corners: readonly (readonly [number, number])[]): boolean {
  const inside = corners.every(([w1, w2]) => contains(window.w1, w1) && contains(window.w2, w2));
  return inside && extentOf(corners).span >= FOCUS_FILL * (window.w1[1] - window.w1[0]);
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
