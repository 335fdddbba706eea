/** Valid app configurations for property tests, their numbers at the precision a link keeps. */
import fc from 'fast-check';
import { datasetLimits, datasetNames, PLANE_EXTENT } from '../core/datasets.ts';
import { activationNames, featureNames, type ModelSpec } from '../core/modelSpec.ts';
import { networkLimits } from '../core/models.ts';
import { objectiveNames } from '../core/objectives.ts';
import type { CustomPoints } from '../core/run.ts';
import { samplingSchemeNames } from '../core/sampling.ts';
import { hyperparameterLimits, type AppConfig } from '../state/config.ts';
import { MAX_LINK_POINTS } from '../state/link.ts';

/** The precision a link keeps, so that generated values survive the round trip exactly (+ 0 drops −0). */
const toSignificant = (digits: number) => (value: number) => Number(value.toPrecision(digits)) + 0;
const toDecimals = (decimals: number) => (value: number) => Number(value.toFixed(decimals)) + 0;

const doubleBetween = (min: number, max: number) => fc.double({ min, max, noNaN: true });

const coordinateArbitrary = fc
  .oneof(doubleBetween(-PLANE_EXTENT, PLANE_EXTENT), doubleBetween(-1e6, 1e6))
  .map(toDecimals(4));

function pointsArbitrary(minCount: number, maxCount: number): fc.Arbitrary<CustomPoints> {
  return fc.integer({ min: minCount, max: maxCount }).chain((count) =>
    fc.record({
      x: fc
        .array(coordinateArbitrary, { minLength: 2 * count, maxLength: 2 * count })
        .map((values) => Float64Array.from(values)),
      y: fc
        .array(fc.constantFrom(1, -1), { minLength: count, maxLength: count })
        .map((labels) => Float64Array.from(labels)),
    }),
  );
}

const modelArbitrary: fc.Arbitrary<ModelSpec> = fc.oneof(
  fc.subarray([...featureNames]).map((features): ModelSpec => ({ kind: 'linear', features })),
  fc
    .record({
      hiddenLayers: fc.array(fc.integer({ min: networkLimits.units.min, max: networkLimits.units.max }), {
        minLength: networkLimits.hiddenLayers.min,
        maxLength: networkLimits.hiddenLayers.max,
      }),
      activation: fc.constantFrom(...activationNames),
    })
    .map((network): ModelSpec => ({ kind: 'network', ...network })),
);

/** Any valid configuration, its numbers at the precision a link keeps. */
export const configArbitrary: fc.Arbitrary<AppConfig> = fc.record({
  dataset: fc.record({
    kind: fc.constantFrom(...datasetNames),
    points: fc.integer(datasetLimits.points),
    noise: doubleBetween(datasetLimits.noise.min, datasetLimits.noise.max).map(toDecimals(2)),
    trainFraction: doubleBetween(datasetLimits.trainFraction.min, datasetLimits.trainFraction.max).map(
      toDecimals(2),
    ),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  }),
  customPoints: fc.option(pointsArbitrary(0, MAX_LINK_POINTS), { nil: null }),
  model: modelArbitrary,
  engine: fc.constantFrom('fast', 'tfjs', 'tfjsWasm'),
  objective: fc.constantFrom(...objectiveNames),
  l2: doubleBetween(hyperparameterLimits.l2.min, hyperparameterLimits.l2.max).map(toSignificant(4)),
  sampling: fc.constantFrom(...samplingSchemeNames),
  hyperparameters: fc.record({
    learningRate: doubleBetween(
      hyperparameterLimits.learningRate.min,
      hyperparameterLimits.learningRate.max,
    ).map(toSignificant(4)),
    annealingRate: doubleBetween(
      hyperparameterLimits.annealingRate.min,
      hyperparameterLimits.annealingRate.max,
    ).map(toSignificant(6)),
    batchSize: fc.integer({ min: 1, max: datasetLimits.points.max }),
    epochs: fc.integer(hyperparameterLimits.epochs),
  }),
  speed: fc.option(doubleBetween(0.1, 100_000).map(toSignificant(4)), { nil: null }),
  presentation: fc.boolean(),
});
