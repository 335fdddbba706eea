import type { DatasetSpec } from '../core/datasets.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import type { ModelSpec } from '../core/modelSpec.ts';
import type { ObjectiveName } from '../core/objectives.ts';
import type { Speed } from '../core/run.ts';
import type { SamplingScheme } from '../core/sampling.ts';

/**
 * A view that a preset's text sends the class to, beyond the main loop (the toolbar, the plane, the
 * objective and the accuracy): presentation mode shows the main loop and these.
 */
export type PresetView =
  | 'batchSize'
  | 'dataControls'
  | 'modelControls'
  | 'gradients'
  | 'rateChart'
  | 'distanceChart'
  | 'sharpnessChart'
  | 'gradientNoise'
  | 'noiseScaleChart';

/** The "close but not exact" views a preset turns on: the iterate cloud, the floor band, the averaged weights. */
export type NoiseFloorViewName = 'cloud' | 'floor' | 'averages';

/** A guided experiment: every setting, one paragraph on what to watch, and the views that paragraph names. */
export interface Preset {
  readonly title: string;
  readonly watch: string;
  readonly views: readonly PresetView[];
  readonly dataset: DatasetSpec;
  readonly model: ModelSpec;
  readonly objective: ObjectiveName;
  readonly l2: number;
  readonly hyperparameters: Hyperparameters;
  readonly speed: Speed;
  /** A section below the main loop that applying the preset opens (its text is about that section). */
  readonly opens?: 'curvatureAndNoise';
  /** How the examples are sampled, when the experiment needs a scheme of its own. */
  readonly sampling?: SamplingScheme;
  /** The noise-floor views applying the preset turns on (the others it turns off). */
  readonly shows?: readonly NoiseFloorViewName[];
  /** Short numbered steps after the paragraph, for an experiment that walks through several ideas. */
  readonly steps?: readonly string[];
}

const linear: ModelSpec = { kind: 'linear', features: [] };
const overlapping: DatasetSpec = {
  kind: 'overlapping',
  points: 300,
  noise: 0.3,
  trainFraction: 0.7,
  seed: 4,
};

/** The guided presets by id, in menu order. */
export const presets = {
  diverge: {
    title: 'Too high a learning rate diverges',
    watch:
      'The squared objective with lr 0.102, just above 2/λ_max ≈ 0.098, where λ_max ≈ 20.4 is the steepest curvature of the objective on this data. Along that direction every step overshoots the minimum and lands farther away on the other side: the weights swing between (+, +) and (−, −), wider every batch, so the colours on the plane swap sides with each batch. Watch the objective climb every epoch, from 140 to over 10,000 in nine epochs (about four seconds); in epoch 10 it passes 100 × its lowest and the run stops with "Diverged at epoch 10". Then take the suggested rate and see the same data converge.',
    views: [],
    dataset: { kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 2 },
    model: linear,
    objective: 'squared',
    l2: 0,
    hyperparameters: { learningRate: 0.102, annealingRate: 1, batchSize: 35, epochs: 30 },
    speed: 10,
  },
  noisyBatch: {
    title: 'Batch size 1 is noisy, full batch is smooth',
    watch:
      'With batch size 1 every update follows a single example: the grey per-batch objective jumps around and the boundary wobbles, and the gradient view shows each example pulling its own way (low cosine to the full gradient). Press "all = full batch" under Batch size: the per-batch curve becomes the smooth epoch curve and the cosine becomes 1.',
    views: ['batchSize', 'gradients'],
    dataset: overlapping,
    model: linear,
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.05, annealingRate: 1, batchSize: 1, epochs: 60 },
    speed: 300,
  },
  constantHovers: {
    title: 'A constant learning rate hovers around the optimum',
    watch:
      'The dashed line is the exact optimum w* (Newton’s method). With a constant lr, SGD gets near it fast and then keeps jittering: the "Distance to optimum" chart levels off instead of going to zero, because every batch still pushes the weights by lr times a noisy gradient. Close, but not exact.',
    views: ['distanceChart'],
    dataset: overlapping,
    model: linear,
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.3, annealingRate: 1, batchSize: 4, epochs: 120 },
    speed: 1000,
  },
  annealingSettles: {
    title: 'Annealing settles close to the optimum',
    watch:
      'The same data and start as the previous preset, but lr shrinks by ×0.95 each epoch (see the learning-rate chart). The noise of each step shrinks with it, so the distance to the optimum keeps falling and the boundary settles onto the dashed line — still not exactly on it when lr has become tiny.',
    views: ['rateChart', 'distanceChart'],
    dataset: overlapping,
    model: linear,
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.3, annealingRate: 0.95, batchSize: 4, epochs: 120 },
    speed: 1000,
  },
  xorFeatures: {
    title: 'XOR needs feature maps or hidden units',
    watch:
      'No straight line separates XOR: the plain linear model stays near 50 %. This preset adds the feature x₁·x₂, so the model can draw a cross and reaches almost 100 %. Untick x₁·x₂ to see it fail, or switch the model to a neural network with hidden units to see it learn the same shape on its own.',
    views: ['modelControls'],
    dataset: { kind: 'xor', points: 400, noise: 0.1, trainFraction: 0.7, seed: 3 },
    model: { kind: 'linear', features: ['x1x2'] },
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.05, annealingRate: 0.99, batchSize: 10, epochs: 60 },
    speed: 1000,
  },
  trainVersusTest: {
    title: 'Overlapping data: train vs test accuracy',
    watch:
      'Few, noisy points: the model fits the 50 training points it sees better than the 50 test points it never sees. Watch the solid (train) and dashed (test) accuracy lines part, and the hollow test points that fall on the wrong side. Raise Points to see the gap close.',
    views: ['dataControls'],
    dataset: { kind: 'overlapping', points: 100, noise: 0.9, trainFraction: 0.5, seed: 11 },
    model: { kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' },
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 5, epochs: 300 },
    speed: null,
  },
  largeN: {
    title: 'Large N: mini-batches need far fewer samples',
    watch:
      '70,000 training points, batch size 32: Step batch a few times and watch the boundary. After a handful of updates — a few hundred of the 70,000 samples, a small fraction of the first epoch — it already lies close to the dashed optimum (the accuracy is measured when the epoch ends). Full batch would need all 70,000 samples for a single step: press "all = full batch", then Reset (a new batch size otherwise waits for the next epoch) and step again.',
    views: ['batchSize'],
    dataset: { kind: 'overlapping', points: 100_000, noise: 0.3, trainFraction: 0.7, seed: 5 },
    model: linear,
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 0.9, batchSize: 32, epochs: 5 },
    speed: 100,
  },
  edgeOfStability: {
    title: 'Edge of stability',
    watch:
      'Full-batch gradient descent trains a small network with the squared loss at lr 0.1, so in the Sharpness chart (one of the Curvature & noise views) the dashed 2/lr line sits at 20 while the sharpness λ_max starts near 10. Watch λ_max climb past the line to about 33 by epoch 140, the objective jump from about 7 to about 70 around epoch 150 as the steps overshoot, and then λ_max fall back and stay just below 20 (about 17 to 18) while the objective keeps falling, to about 3.9 by epoch 600.',
    views: ['sharpnessChart'],
    opens: 'curvatureAndNoise',
    dataset: { kind: 'moons', points: 200, noise: 0.2, trainFraction: 0.7, seed: 1 },
    model: { kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' },
    objective: 'squared',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 140, epochs: 600 },
    speed: 100,
  },
  howLargeABatch: {
    title: 'How large a batch?',
    watch:
      'B_simple = tr S / ‖G‖² is the batch size at which a batch gradient’s noise equals the full gradient’s signal: in the Gradient noise panel (one of the Curvature & noise views) it is where the falling noise line meets the flat ‖G‖² line, about 2 examples at the start, so at first even batches of 10 point the right way. Watch B_simple per epoch climb past the 140 training points by epoch 8 and to about 1,100 by epoch 17 while the objective levels off near 36.4: near the optimum every batch smaller than the whole set is mostly noise, which is why SGD with a constant lr hovers there instead of settling.',
    views: ['gradientNoise', 'noiseScaleChart'],
    opens: 'curvatureAndNoise',
    dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
    model: linear,
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 60 },
    speed: 60,
  },
  closeButNotExact: {
    title: 'Close but not exact',
    watch:
      'SGD with a constant learning rate gets close to the exact optimum w* and then stops getting closer. Four steps show why, how far it stays, and what cures it. Press Train.',
    steps: [
      'The cloud. On the Loss landscape, the last 1,000 weights jitter around the purple ✕ (w*) inside the pink ellipse, the spread predicted from the data alone. The batches of an epoch are not independent here (reshuffling), so the cloud sits well inside it.',
      'The floor. On Distance to optimum, the dashed f(w) − f(w*) line levels off: the pink band is the predicted floor N·½tr(HΣ), about 3.7. Set Sampling to "With replacement": the line rises into the band, as predicted.',
      'Annealing. Set annealing to 0.95: the band falls with the rate each epoch, and the gap follows it down, slower and slower.',
      'Averaging. With annealing back at 1, the dotted teal line is f(w̄) − f(w*) of the averaged weights w̄ (the mean of the iterates, teal ◆ on the landscape): it falls far below the floor, and w̄’s dotted boundary on the plane lies on w*’s dashed one.',
    ],
    views: ['distanceChart'],
    shows: ['cloud', 'floor', 'averages'],
    dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
    model: linear,
    objective: 'squared',
    l2: 0,
    sampling: 'reshuffle',
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 300 },
    speed: 1000,
  },
  floorTwins: {
    title: 'The floor’s law: twin runs',
    watch:
      'With batches drawn with replacement, the floor SGD settles at is predicted to be ∝ lr/B (pink band). Train until the distance levels off, then press "Twin run: 2× lr and 2× B" under Distance to optimum: the run is pinned and its twin levels off at the same height. Then "Twin run: 2× lr": doubling the rate alone doubles the floor (the distance, its square root, rises by about 1.4×).',
    views: ['distanceChart'],
    shows: ['floor'],
    dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
    model: linear,
    objective: 'squared',
    l2: 0,
    sampling: 'withReplacement',
    hyperparameters: { learningRate: 0.005, annealingRate: 1, batchSize: 2, epochs: 150 },
    speed: null,
  },
} as const satisfies Record<string, Preset>;

/** The id of a preset. */
export type PresetId = keyof typeof presets;

/** The preset ids, in menu order. */
export const presetIds = Object.keys(presets) as PresetId[];

/** Whether a string names a preset. */
export function isPresetId(id: string): id is PresetId {
  return Object.hasOwn(presets, id);
}
