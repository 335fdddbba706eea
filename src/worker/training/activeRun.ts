import { PLANE_EXTENT, type Dataset } from '../../core/datasets.ts';
import { evaluateGrid, traceZeroLevel } from '../../core/grid.ts';
import { evaluate } from '../../core/metrics.ts';
import { engines } from '../../core/modelSpec.ts';
import { createModel, describeModel } from '../../core/models.ts';
import { objectives } from '../../core/objectives.ts';
import { findOptimum } from '../../core/optimum.ts';
import { buildRun, loadRunData, type ModelFactory, type Run, type RunSettings } from '../../core/run.ts';
import { suggestLearningRate } from '../../core/safeRate.ts';
import {
  GRID_RESOLUTION,
  type DivergenceReport,
  type OptimumInfo,
  type RunInfo,
  type RunState,
} from './protocol.ts';
import type { Reply } from './reply.ts';

/** Epoch records (with their weights: the scrubber's checkpoints) the worker keeps at most. */
export const MAX_CHECKPOINTS = 4000;

/**
 * The run the training worker trains (built by core/run.ts), with what the page learns about it once (its
 * data, model, engine and optimum) and on request (a past epoch, a safe rate after a divergence).
 */
export class ActiveRun {
  readonly runId: number;
  readonly settings: RunSettings;
  readonly run: Run;
  readonly info: RunInfo;
  /** The weights before the first update: the scrubber's epoch 0. */
  readonly initialWeights: readonly number[];
  /** The safe rate found after a divergence (undefined: not probed yet). */
  private suggestedRate: number | null | undefined = undefined;

  private constructor(runId: number, settings: RunSettings, run: Run, info: RunInfo) {
    this.runId = runId;
    this.settings = settings;
    this.run = run;
    this.info = info;
    this.initialWeights = Array.from(run.model.weights);
  }

  /**
   * Builds the run of `settings`, disposing of the model of `previous` (tfjs tensors) once the new data
   * is loaded, and returns it with its first messages: the dataset and the run's info.
   */
  static start(
    runId: number,
    settings: RunSettings,
    buildModel: ModelFactory,
    previous: ActiveRun | null,
  ): { active: ActiveRun; replies: Reply[] } {
    const data = loadRunData(settings);
    previous?.run.model.dispose?.();
    const run = buildRun(settings, { buildModel, data, maxHistory: MAX_CHECKPOINTS });
    const { model, objective } = run;
    const info: RunInfo = {
      modelLabel: describeModel(settings.model),
      engineLabel: engines[settings.engine].detail,
      parameterLabels: model.parameterLabels,
      optimum: describeOptimum(settings, data),
      start: {
        weights: Array.from(model.weights),
        objective: evaluate(model, data.train, objective, undefined, settings.l2).objective,
        testObjective: evaluate(model, data.test, objective, undefined, settings.l2).objective,
      },
    };
    // Copies, so the stepper keeps its own arrays while these buffers move to the page.
    const trainX = data.train.x.slice();
    const trainY = data.train.y.slice();
    const testX = data.test.x.slice();
    const testY = data.test.y.slice();
    const dataset: Reply = {
      message: { type: 'dataset', runId, trainX, trainY, testX, testY },
      transfer: [trainX.buffer, trainY.buffer, testX.buffer, testY.buffer],
    };
    // The boundary is copied: the run keeps the optimum for the landscape window.
    const optimum = info.optimum;
    const sentOptimum: OptimumInfo =
      optimum.kind === 'minimum' ? { ...optimum, boundary: optimum.boundary.slice() } : optimum;
    const infoReply: Reply = {
      message: { type: 'runInfo', runId, info: { ...info, optimum: sentOptimum } },
      transfer: sentOptimum.kind === 'minimum' ? [sentOptimum.boundary.buffer] : [],
    };
    return { active: new ActiveRun(runId, settings, run, info), replies: [dataset, infoReply] };
  }

  /** Where the run stands, `playing` saying whether the worker is training it. */
  describeState(playing: boolean): RunState {
    const stepper = this.run.stepper;
    if (stepper.diverged) return 'diverged';
    if (stepper.finished) return 'finished';
    if (playing) return 'training';
    return stepper.updates === 0 ? 'ready' : 'paused';
  }

  /** After a divergence: back to the last good epoch, continuing with `learningRate`. */
  rewind(learningRate: number): void {
    const stepper = this.run.stepper;
    stepper.rewindToLastEpoch(this.initialWeights);
    this.suggestedRate = undefined;
    stepper.setHyperparameters({ learningRate });
  }

  /** The divergence, with a safe rate found once by probing runs from the last good weights for convergence. */
  describeDivergence(): DivergenceReport | null {
    const stepper = this.run.stepper;
    const divergence = stepper.diverged;
    if (divergence === null) return null;
    // Probed once: null (no rate converges) is an answer too.
    if (this.suggestedRate === undefined) {
      this.suggestedRate = suggestLearningRate(stepper, this.settings, this.initialWeights);
    }
    return { ...divergence, suggestedLearningRate: this.suggestedRate };
  }

  /**
   * The boundary of a past epoch, from the weights the stepper recorded then (the checkpoints). A long run's
   * checkpoints are thinned evenly, so an epoch whose weights were dropped shows the nearest one kept (the
   * earlier of two equally near), and the reply says which.
   */
  showEpoch(epoch: number): Reply[] {
    // Epoch 0 is the start: the weights before the first update.
    let shown = 0;
    let weights = this.initialWeights;
    for (const record of this.run.stepper.history) {
      if (Math.abs(record.epoch - epoch) < Math.abs(shown - epoch)) {
        shown = record.epoch;
        weights = record.weights;
      }
    }
    const model = createModel(this.settings.model, 0);
    model.weights.set(weights);
    const grid = evaluateGrid(model, GRID_RESOLUTION, PLANE_EXTENT);
    const boundary = traceZeroLevel(grid);
    return [
      {
        message: {
          type: 'epochView',
          runId: this.runId,
          epoch: shown,
          requestedEpoch: epoch,
          weights: Array.from(weights),
          grid,
          boundary,
        },
        transfer: [grid.scores.buffer, boundary.buffer],
      },
    ];
  }
}

/** The exact minimiser for a linear model and a smooth objective (or one made smooth enough by L2). */
function describeOptimum(settings: RunSettings, data: Dataset): OptimumInfo {
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
