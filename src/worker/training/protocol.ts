/**
 * The one contract between the page and the training worker. Both sides import from here; every
 * message carries the `runId` of the run it belongs to, and the page drops messages of a replaced run.
 */
import type { Sharpness } from '../../core/curvature.ts';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import type { ScoreGrid } from '../../core/grid.ts';
import type { Hyperparameters } from '../../core/hyperparameters.ts';
import type { EpochOrder, RunSettings, Speed } from '../../core/run.ts';
import type { Divergence, EpochRecord } from '../../core/runRecords.ts';
import type { CovarianceEllipse } from '../../core/stationaryCovariance.ts';

/** At most this many per-batch objective samples travel in one progress message and stay on the page's chart. */
export const MAX_BATCH_SAMPLES = 1000;

/** The exact minimiser of the training objective, or why there is none to show. */
export type OptimumInfo =
  | {
      readonly kind: 'minimum';
      readonly weights: readonly number[];
      readonly objective: number;
      /** Its decision boundary as segments x1, y1, x2, y2 (transferred). */
      readonly boundary: Float32Array;
    }
  /** No finite minimiser (e.g. logistic loss on separable data): the weights grow without bound. */
  | { readonly kind: 'none'; readonly note: string }
  /** Not computed for this model or objective (a network, or a non-smooth objective). */
  | { readonly kind: 'unavailable'; readonly note: string };

/** Each example's gradient of the last batch in the (w₁, w₂) plane, with their mean and the full-data one. */
export interface GradientView {
  /** Pairs (∂/∂w₁, ∂/∂w₂) for up to 64 examples of the batch. */
  readonly perExample: Float32Array;
  readonly mean: readonly [number, number];
  readonly full: readonly [number, number];
  /** Cosine between the batch's mean gradient and the full-data gradient, over all parameters. */
  readonly cosine: number;
}

/** The training objective over a grid of (w₁, w₂) with the other parameters at their current values. */
export interface LandscapeView {
  readonly resolution: number;
  readonly w1Range: readonly [number, number];
  readonly w2Range: readonly [number, number];
  /** resolution × resolution values, row 0 at the top (largest w₂). */
  readonly values: Float32Array;
  /** Its level curves as segments in [−1, 1]² (landscapeContours): traced here, so the page only strokes them. */
  readonly contours: Float32Array;
}

/** λ_max of the mean objective's Hessian as the page shows it: exact, iterated, or why there is none. */
export type SharpnessView =
  | { readonly kind: 'exact'; readonly lambdaMax: number }
  | Extract<Sharpness, { kind: 'iterated' }>
  | Extract<Sharpness, { kind: 'none' }>;

/** The mean squared distance E‖g_B − G‖² of a batch's mean gradient from the full one, by batch size. */
export interface BatchNoiseSeries {
  readonly batchSizes: readonly number[];
  readonly variances: readonly number[];
}

/** The curvature and the gradient noise at the weights of one moment of a run. */
export interface InsightsView {
  /** Where on the epoch axis: epochs completed plus the share of the current epoch's batches done. */
  readonly position: number;
  readonly sharpness: SharpnessView;
  readonly noise: GradientNoise;
  /** The learning rate of the next update, whose stability limit 2/λ_max is. */
  readonly learningRate: number;
  /** The exact variance at log-spaced batch sizes from 1 to N − 1. */
  readonly exact: BatchNoiseSeries;
  /** Monte-Carlo estimates at a few batch sizes, when drawn again (the weights moved; at most once a second). */
  readonly sampled: BatchNoiseSeries | null;
}

/** Which of the noise-floor views the page shows: only these are kept and sent as the run trains. */
export interface NoiseFloorViews {
  /** The landscape's "Iterate cloud": the last iterates and the predicted 95 % ellipse. */
  readonly cloud: boolean;
  /** The distance chart's "predicted floor" band. */
  readonly floor: boolean;
  /** "Averaged weights": the tail average and the exponential moving average. */
  readonly averages: boolean;
  /** The 0-based epoch from whose first update the tail average counts (later if the views open later). */
  readonly tailStartEpoch: number;
}

/** The predicted stationary spread at the current learning rate and batch size, or why there is none. */
export type SpreadView =
  | {
      readonly kind: 'prediction';
      readonly learningRate: number;
      readonly batchSize: number;
      /** The 95 % ellipse of the iterates in the landscape's (w₁, w₂) plane, centred on w*. */
      readonly ellipse: CovarianceEllipse;
      /** tr Σ, the expected ‖w − w*‖². */
      readonly trace: number;
      /** N·½·tr(H·Σ): the expected f(w) − f(w*) of the summed objective the charts show. */
      readonly summedFloor: number;
      /** N·lr·tr(S*)/(4B), its small-rate form, for the caption. */
      readonly summedSmallRateFloor: number;
    }
  | { readonly kind: 'none'; readonly reason: string };

/** The summed training objective at the averages after one epoch, evaluated while they are shown. */
export interface AveragedEpoch {
  /** 1-based, as in EpochRecord. */
  readonly epoch: number;
  /** f(w̄) of the tail average, null before the tail starts. */
  readonly tail: number | null;
  /** f(w̄) of the exponential moving average. */
  readonly moving: number;
}

/** The predicted floor of one epoch, at the learning rate and batch size the epoch ran with. */
export interface FloorEpoch {
  /** 1-based, as in EpochRecord. */
  readonly epoch: number;
  /** N·½·tr(H·Σ), as in SpreadView. */
  readonly summedFloor: number;
  /** N·lr·tr(S*)/(4B), as in SpreadView. */
  readonly summedSmallRateFloor: number;
}

/** The tail average and the exponential moving average of the iterates. */
export interface AveragesView {
  /** Where on the epoch axis the tail average starts (null: not yet, its epoch is still to come). */
  readonly tailStart: number | null;
  /** Iterates in the tail average. */
  readonly tailCount: number;
  /** The tail average's weights, null before its first iterate. */
  readonly tail: readonly number[] | null;
  /** The moving average's weights, null before its first iterate. */
  readonly moving: readonly number[] | null;
  /** The updates over which the moving average halves an iterate's weight. */
  readonly movingHalfLife: number;
  /** The epochs ended since the last message, with f at both averages. */
  readonly epochs: readonly AveragedEpoch[];
}

/** What changed of the noise-floor views since the last message; null parts are unchanged. */
export interface NoiseFloorView {
  /** Sent when first shown and whenever the learning rate or the batch size changes. */
  readonly spread: SpreadView | null;
  /** (w₁, w₂) of the last iterates, one per update, oldest first, pairs (transferred). */
  readonly cloud: Float64Array | null;
  readonly averages: AveragesView | null;
  /**
   * While the floor is shown: the predicted floor of each epoch not sent yet, oldest first. It starts again
   * from the first epoch when the floor is opened or the run is rewound: the page replaces from there.
   */
  readonly floorEpochs: readonly FloorEpoch[] | null;
}

/** Messages from the page to the training worker. */
export type ToTraining =
  | {
      readonly type: 'start';
      readonly runId: number;
      readonly settings: RunSettings;
      readonly speed: Speed;
    }
  | { readonly type: 'play'; readonly runId: number }
  | { readonly type: 'pause'; readonly runId: number }
  | { readonly type: 'stepBatch'; readonly runId: number }
  | { readonly type: 'stepEpoch'; readonly runId: number }
  | {
      readonly type: 'setHyperparameters';
      readonly runId: number;
      readonly changes: Partial<Hyperparameters>;
    }
  | { readonly type: 'setSpeed'; readonly runId: number; readonly speed: Speed }
  /** After a divergence: back to the last good epoch, continuing with `learningRate`. */
  | { readonly type: 'rewind'; readonly runId: number; readonly learningRate: number }
  /** Show the model as it was after `epoch` (0 = before training); the run itself is not touched. */
  | { readonly type: 'showEpoch'; readonly runId: number; readonly epoch: number }
  /** Whether the page shows the "Curvature & noise" views: only then are they measured as the run trains. */
  | { readonly type: 'setInsights'; readonly runId: number; readonly shown: boolean }
  /** Which noise-floor views the page shows: only those are kept and measured as the run trains. */
  | { readonly type: 'setNoiseFloorViews'; readonly runId: number; readonly views: NoiseFloorViews }
  /** The page has drawn the last progress message: the worker may send the next one. */
  | { readonly type: 'frameDone'; readonly runId: number };

/** Where a run stands. */
export type RunState = 'ready' | 'training' | 'paused' | 'finished' | 'diverged';

/** A run before its first update (epoch 0 on the charts): its initial weights and their objectives. */
export interface RunStart {
  readonly weights: readonly number[];
  /** The training objective (with the L2 penalty, as every epoch's). */
  readonly objective: number;
  /** The test objective, a sum over the test set. */
  readonly testObjective: number;
}

/** What the page shows about the model and engine of a run. */
export interface RunInfo {
  readonly modelLabel: string;
  readonly engineLabel: string;
  readonly parameterLabels: readonly string[];
  readonly optimum: OptimumInfo;
  readonly start: RunStart;
}

/** The most recent update, with the numbers of W* = W − lr · (Σ∇f)/|batch|. */
export interface UpdateSnapshot {
  readonly epochIndex: number;
  readonly batchIndex: number;
  readonly batchesInEpoch: number;
  /** Training indices of the batch. */
  readonly indices: Uint32Array;
  readonly batchObjective: number;
  readonly learningRate: number;
  readonly weightsBefore: readonly number[];
  readonly meanGradient: readonly number[];
  readonly weightsAfter: readonly number[];
}

/** Where a run blew up, with a rate that a short probe from the last good weights showed to be safe. */
export type DivergenceReport = Divergence & { readonly suggestedLearningRate: number | null };

/** The counters of a run, sent with every progress message. */
export interface RunCounters {
  readonly state: RunState;
  /** Epochs completed. */
  readonly epoch: number;
  /** Target epoch count. */
  readonly epochs: number;
  /** 0-based index of the next batch within its epoch. */
  readonly batchInEpoch: number;
  readonly batchesInEpoch: number;
  readonly updates: number;
  /** The learning rate the next update will use. */
  readonly learningRate: number;
  readonly batchSize: number;
  /** Live tfjs tensors in the worker (null while tfjs is not loaded): flat over a run means no leak. */
  readonly tensors: number | null;
}

/** Messages from the training worker to the page. */
export type FromTraining =
  | {
      readonly type: 'dataset';
      readonly runId: number;
      /** Interleaved x1, x2 (transferred). */
      readonly trainX: Float64Array;
      readonly trainY: Float64Array;
      readonly testX: Float64Array;
      readonly testY: Float64Array;
    }
  | {
      readonly type: 'progress';
      readonly runId: number;
      readonly counters: RunCounters;
      /** Epoch records completed since the last progress message, oldest first. */
      readonly newEpochs: readonly EpochRecord[];
      /** Per-batch estimates of the training objective since the last message (thinned when many). */
      readonly batchPositions: Float64Array;
      readonly batchObjectives: Float64Array;
      readonly weights: readonly number[];
      /** The model's scores over the plane (transferred), row 0 at the top. */
      readonly grid: ScoreGrid | null;
      /** The zero level of `grid` as segments x1, y1, x2, y2 (transferred). */
      readonly boundary: Float32Array | null;
      readonly lastUpdate: UpdateSnapshot | null;
      /** For a linear model, the gradients of the last batch. */
      readonly gradientView: GradientView | null;
      /** The shuffled order of the current epoch, when it changed since the last message (transferred). */
      readonly epochOrder: EpochOrder | null;
      /** (w₁, w₂) after sampled batches since the last message, pairs (transferred). */
      readonly trajectory: Float64Array;
      /** For a linear model, the objective landscape, when it was recomputed. */
      readonly landscape: LandscapeView | null;
      readonly divergence: DivergenceReport | null;
      /** The curvature and gradient noise, when measured (see InsightsMeter). */
      readonly insights?: InsightsView;
      /** The noise-floor views' changes, while any is shown (see NoiseFloorMeter). */
      readonly noiseFloor?: NoiseFloorView;
    }
  | { readonly type: 'runInfo'; readonly runId: number; readonly info: RunInfo }
  /** The run went back to the end of `epoch`: later epochs are gone. */
  | { readonly type: 'rewound'; readonly runId: number; readonly epoch: number }
  | {
      readonly type: 'epochView';
      readonly runId: number;
      /** The epoch shown: the one asked for, or the nearest whose weights were kept when it was thinned away. */
      readonly epoch: number;
      /** The epoch the page asked for. */
      readonly requestedEpoch: number;
      readonly weights: readonly number[];
      readonly grid: ScoreGrid;
      readonly boundary: Float32Array;
    }
  | {
      readonly type: 'hyperparametersScheduled';
      readonly runId: number;
      /** 1-based epoch from which the changes apply. */
      readonly fromEpoch: number;
      readonly changes: Partial<Hyperparameters>;
    }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };

/** Cells per side of the heatmap grid in progress and epoch-view messages. */
export const GRID_RESOLUTION = 100;
