import { sharpness, type Sharpness } from '../../core/curvature.ts';
import { batchNoiseVariance, gradientNoise, sampledBatchNoise } from '../../core/gradientNoise.ts';
import type { Model } from '../../core/model.ts';
import { createModel } from '../../core/models.ts';
import type { EngineName, ModelSpec } from '../../core/modelSpec.ts';
import { createRandom, deriveSeed, type Random } from '../../core/random.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import type { BatchNoiseSeries, InsightsView, SharpnessView } from './protocol.ts';

/** While training with the views shown, the curvature and the noise are measured at most this often. */
export const INSIGHTS_INTERVAL_MILLISECONDS = 200;
/** The Monte-Carlo points are drawn at most this often, and only when the weights moved. */
export const SAMPLED_NOISE_INTERVAL_MILLISECONDS = 1000;
/** Batch sizes on the exact variance line at most (log-spaced whole numbers from 1 to N − 1). */
const LADDER_STEPS = 40;
/** Each Monte-Carlo point draws batches worth this many passes over the training set (at least 16 batches). */
const SAMPLED_PASSES = 8;
const MIN_SAMPLED_BATCHES = 16;

/**
 * When and what the training worker measures of the curvature (λ_max) and the gradient noise at the
 * current weights: always once at a run's start (the sliders' marks), then, only while the page shows the
 * "Curvature & noise" views, at each step the page asks for and at most every interval while training.
 */
export class InsightsMeter {
  private shown = false;
  private due = true;
  private lastTime = Number.NEGATIVE_INFINITY;
  private lastSampledTime = Number.NEGATIVE_INFINITY;
  private sampledWeights: Float64Array | null = null;
  private random: Random = createRandom(deriveSeed(0, 'batch noise'));
  /** The fast engine's model of the run's spec, measured in place of a tfjs model; made when first needed. */
  private twin: { readonly spec: ModelSpec; readonly model: Model } | null = null;

  /** A new run: measured at its start whether shown or not. */
  reset(seed: number): void {
    this.due = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    this.lastSampledTime = Number.NEGATIVE_INFINITY;
    this.sampledWeights = null;
    this.random = createRandom(deriveSeed(seed, 'batch noise'));
  }

  /** Whether the page shows the views; opening them asks for a measurement now. Returns whether it changed. */
  setShown(shown: boolean): boolean {
    if (shown === this.shown) return false;
    this.shown = shown;
    if (shown) this.due = true;
    return true;
  }

  /** The weights moved at a step the page asked for (or the run stopped): measure again if shown. */
  markDue(): void {
    if (this.shown) this.due = true;
  }

  /**
   * The model to measure: the run's own on the fast engine; for a tfjs engine, the fast engine's model of
   * the same spec holding a copy of the weights. Both engines compute the same numbers, and the per-example
   * gradients and Hessian-vector products the measurement takes would each be a tensor call on tfjs.
   */
  private measured(model: Model, engine: EngineName, spec: ModelSpec): Model {
    if (engine === 'fast') return model;
    if (this.twin?.spec !== spec) this.twin = { spec, model: createModel(spec, 0) };
    this.twin.model.weights.set(model.weights);
    return this.twin.model;
  }

  /** The measurement when one is due, else null. */
  measure(
    now: number,
    stepper: SgdStepper,
    run: { readonly l2: number; readonly engine: EngineName; readonly model: ModelSpec },
    playing: boolean,
  ): InsightsView | null {
    const due = this.due || (this.shown && playing && now - this.lastTime >= INSIGHTS_INTERVAL_MILLISECONDS);
    if (!due) return null;
    this.due = false;
    this.lastTime = now;
    const { objective } = stepper;
    const l2 = run.l2;
    const model = this.measured(stepper.model, run.engine, run.model);
    const train = stepper.data.train;
    if (!model.weights.every(Number.isFinite) || train.y.length < 2) return null;
    const noise = gradientNoise(model, train, objective, l2);
    if (!Number.isFinite(noise.traceCovariance) || !Number.isFinite(noise.meanGradientNormSquared))
      return null;
    const count = noise.count;
    const ladderSizes = ladder(count);
    const exact: BatchNoiseSeries = {
      batchSizes: ladderSizes,
      variances: ladderSizes.map((size) => batchNoiseVariance(noise, size)),
    };
    let sampled: BatchNoiseSeries | null = null;
    const moved =
      this.sampledWeights === null || model.weights.some((value, j) => value !== this.sampledWeights?.[j]);
    if (this.shown && moved && now - this.lastSampledTime >= SAMPLED_NOISE_INTERVAL_MILLISECONDS) {
      this.lastSampledTime = now;
      this.sampledWeights = model.weights.slice();
      const sizes = sampledSizes(count);
      sampled = {
        batchSizes: sizes,
        variances: sizes.map((size) =>
          sampledBatchNoise(model, train, objective, l2, size, sampledBatches(count, size), this.random),
        ),
      };
    }
    const batchesInEpoch = stepper.batchesInEpoch;
    return {
      position: stepper.epoch + (batchesInEpoch > 0 ? stepper.batchInEpoch / batchesInEpoch : 0),
      sharpness: describeSharpness(sharpness(model, train, objective, l2)),
      noise,
      learningRate: stepper.learningRate,
      exact,
      sampled,
    };
  }
}

/** The sharpness without its eigenvector, which the page does not draw. */
function describeSharpness(result: Sharpness): SharpnessView {
  return result.kind === 'exact' ? { kind: 'exact', lambdaMax: result.lambdaMax } : result;
}

/** Log-spaced whole batch sizes from 1 to N − 1 (at N the variance is 0, off a log axis). */
export function ladder(count: number): number[] {
  const top = count - 1;
  const sizes = new Set<number>();
  for (let step = 0; step <= LADDER_STEPS; step++) {
    sizes.add(Math.round(top ** (step / LADDER_STEPS)));
  }
  return [...sizes].filter((size) => size >= 1 && size <= top);
}

/** The Monte-Carlo batch sizes: 1, 4, 16 and N/2, those below N. */
export function sampledSizes(count: number): number[] {
  const sizes = new Set([1, 4, 16, Math.floor(count / 2)]);
  return [...sizes].filter((size) => size >= 1 && size < count).sort((a, b) => a - b);
}

function sampledBatches(count: number, batchSize: number): number {
  return Math.max(MIN_SAMPLED_BATCHES, Math.ceil((SAMPLED_PASSES * count) / batchSize));
}
