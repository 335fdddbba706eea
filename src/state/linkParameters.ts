/**
 * The parameters of a shareable link: for each, the zod schema that reads it, what a notice says it expects,
 * and how it is written. `link.ts` encodes and decodes whole configurations with them.
 */
import * as z from 'zod/mini';
import { datasetLimits, datasetNames, type DatasetName } from '../core/datasets.ts';
import {
  activationNames,
  engineNames,
  featureNames,
  type Activation,
  type EngineName,
  type FeatureName,
} from '../core/modelSpec.ts';
import { networkLimits, type ModelKind } from '../core/models.ts';
import { objectiveNames, type ObjectiveName } from '../core/objectives.ts';
import type { CustomPoints, Speed } from '../core/run.ts';
import { samplingSchemeNames, type SamplingScheme } from '../core/sampling.ts';
import { hyperparameterLimits } from './config.ts';

// zod/mini rather than zod: the same parsers in a tenth of the bytes, which the first load's budget needs.
// zod would probe `new Function` to compile fast parsers; the page's policy forbids eval, so the probe itself
// would be reported as a violation. Interpreted parsing is plenty for a link.
z.config({ jitless: true });

/** Points are carried in the link only when there are at most this many. */
export const MAX_LINK_POINTS = 200;

/** Imported points may lie off the plane; beyond this a coordinate is surely a mistake, and it keeps links short. */
const COORDINATE_LIMIT = 1_000_000;

/** What each parameter of a link holds, by its name in the link. */
export interface LinkValues {
  data: DatasetName;
  n: number;
  noise: number;
  train: number;
  seed: number;
  model: ModelKind;
  features: readonly FeatureName[];
  layers: readonly number[];
  activation: Activation;
  objective: ObjectiveName;
  l2: number;
  sampling: SamplingScheme;
  engine: EngineName;
  lr: number;
  anneal: number;
  batch: number;
  epochs: number;
  speed: Speed;
  present: boolean;
  points: CustomPoints;
}

export type ParameterName = keyof LinkValues;

/** How one parameter is written, how it is read back, and what a notice says a bad value should have been. */
export interface Parameter<Value> {
  readonly schema: z.ZodMiniType<Value>;
  /** Completes "Ignored "name=value": …". */
  readonly expected: string;
  readonly format: (value: Value) => string;
}

/** Decimal numbers only: Number() would also take "", "0x1f" and "Infinity". */
const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const wholePattern = /^\d{1,16}$/;

function decimalSchema(min: number, max: number) {
  return z.pipe(
    z.pipe(
      z.string().check(z.maxLength(40), z.regex(decimalPattern)),
      z.transform((text: string) => Number(text) + 0), // + 0 turns −0 into 0
    ),
    z.number().check(z.minimum(min), z.maximum(max)),
  );
}

function wholeSchema(min: number, max: number) {
  return z.pipe(
    z.pipe(z.string().check(z.regex(wholePattern)), z.transform(Number)),
    z.int().check(z.minimum(min), z.maximum(max)),
  );
}

/** Rounds to `digits` significant digits and writes the shortest form, e.g. 0.1, 0.0001, 2.5e-7. */
function formatSignificant(value: number, digits: number): string {
  return String(Number(value.toPrecision(digits)) + 0);
}

/** Rounds to `decimals` places and drops trailing zeros, e.g. 0.2, 1, -3.1416. */
function formatDecimals(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)) + 0);
}

function decimalParameter(min: number, max: number, format: (value: number) => string): Parameter<number> {
  return { schema: decimalSchema(min, max), expected: `not a number between ${min} and ${max}`, format };
}

function wholeParameter(min: number, max: number): Parameter<number> {
  return {
    schema: wholeSchema(min, max),
    expected: `not a whole number between ${min} and ${max}`,
    format: String,
  };
}

function nameParameter<Name extends string>(names: readonly Name[]): Parameter<Name> {
  return {
    schema: z.enum(names),
    expected: `not one of ${names.join(', ')}`,
    format: (name) => name,
  };
}

const featuresParameter: Parameter<readonly FeatureName[]> = {
  schema: z.pipe(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((text: string) => (text === '' || text === 'none' ? [] : text.split(','))),
      ),
      z.array(z.enum(featureNames)).check(z.refine((features) => new Set(features).size === features.length)),
    ),
    // Written in any order, kept in the order of `featureNames`, as the model spec requires.
    z.transform((features: FeatureName[]) => featureNames.filter((name) => features.includes(name))),
  ),
  expected: `not "none" or a comma-separated list of different features from ${featureNames.join(', ')}`,
  format: (features) => (features.length === 0 ? 'none' : features.join(',')),
};

const layersParameter: Parameter<readonly number[]> = {
  schema: z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}(?:,\d{1,3})*$/)),
      z.transform((text: string) => text.split(',').map(Number)),
    ),
    z
      .array(z.int().check(z.minimum(networkLimits.units.min), z.maximum(networkLimits.units.max)))
      .check(z.minLength(networkLimits.hiddenLayers.min), z.maxLength(networkLimits.hiddenLayers.max)),
  ),
  expected:
    `not ${networkLimits.hiddenLayers.min} to ${networkLimits.hiddenLayers.max} comma-separated layer sizes, ` +
    `each a whole number between ${networkLimits.units.min} and ${networkLimits.units.max}`,
  format: (layers) => layers.join(','),
};

const speedLimits = { min: 0.1, max: 100_000 } as const;

const speedParameter: Parameter<Speed> = {
  schema: z.union([
    z.pipe(
      z.literal('max'),
      z.transform(() => null),
    ),
    decimalSchema(speedLimits.min, speedLimits.max),
  ]),
  expected: `not "max" or a number of batches per second between ${speedLimits.min} and ${speedLimits.max}`,
  format: (speed) => (speed === null ? 'max' : formatSignificant(speed, 4)),
};

const presentParameter: Parameter<boolean> = {
  schema: z.pipe(
    z.enum(['1', '0']),
    z.transform((flag: '1' | '0') => flag === '1'),
  ),
  expected: 'not 1 or 0',
  format: (on) => (on ? '1' : '0'),
};

const coordinate = String.raw`-?\d+(?:\.\d+)?`;
const triple = `${coordinate}:${coordinate}:-?1`;
const pointsPattern = new RegExp(`^(?:${triple}(?:,${triple})*)?$`);

function parsePoints(text: string): CustomPoints {
  const triples = text === '' ? [] : text.split(',');
  const x = new Float64Array(2 * triples.length);
  const y = new Float64Array(triples.length);
  triples.forEach((entry, i) => {
    const [x1 = '', x2 = '', label = ''] = entry.split(':');
    x[2 * i] = Number(x1) + 0;
    x[2 * i + 1] = Number(x2) + 0;
    y[i] = Number(label);
  });
  return { x, y };
}

function isWithinLimit(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= COORDINATE_LIMIT;
}

/** Whether points fit in a link: few enough, coordinates finite and not huge. */
export function fitsInLink(points: CustomPoints): boolean {
  return (
    points.y.length <= MAX_LINK_POINTS &&
    points.x.length === 2 * points.y.length &&
    points.x.every(isWithinLimit)
  );
}

const pointsParameter: Parameter<CustomPoints> = {
  schema: z.pipe(
    // Longer than any MAX_LINK_POINTS triples within the limits; checked before the pattern runs.
    z.pipe(
      z.string().check(z.maxLength(MAX_LINK_POINTS * 32), z.regex(pointsPattern)),
      z.transform(parsePoints),
    ),
    z.custom<CustomPoints>().check(z.refine(fitsInLink)),
  ),
  expected:
    `not at most ${MAX_LINK_POINTS} points written x1:x2:label (label 1 or -1, coordinates up to ` +
    `${COORDINATE_LIMIT}) and separated by commas`,
  // Compact and URL-safe: "1.5:-0.25:1,0:2:-1"; coordinates rounded to 4 decimals.
  format: (points) =>
    Array.from(points.y, (label, i) => {
      const x1 = formatDecimals(points.x[2 * i] ?? Number.NaN, 4);
      const x2 = formatDecimals(points.x[2 * i + 1] ?? Number.NaN, 4);
      return `${x1}:${x2}:${label > 0 ? 1 : -1}`;
    }).join(','),
};

export const parameters: { readonly [Name in ParameterName]: Parameter<LinkValues[Name]> } = {
  data: nameParameter(datasetNames),
  n: wholeParameter(datasetLimits.points.min, datasetLimits.points.max),
  noise: decimalParameter(datasetLimits.noise.min, datasetLimits.noise.max, (noise) =>
    formatDecimals(noise, 2),
  ),
  train: decimalParameter(datasetLimits.trainFraction.min, datasetLimits.trainFraction.max, (fraction) =>
    formatDecimals(fraction, 2),
  ),
  seed: wholeParameter(0, 2 ** 32 - 1),
  model: nameParameter<ModelKind>(['linear', 'network']),
  features: featuresParameter,
  layers: layersParameter,
  activation: nameParameter(activationNames),
  objective: nameParameter(objectiveNames),
  l2: decimalParameter(hyperparameterLimits.l2.min, hyperparameterLimits.l2.max, (l2) =>
    formatSignificant(l2, 4),
  ),
  sampling: nameParameter(samplingSchemeNames),
  engine: nameParameter(engineNames),
  lr: decimalParameter(hyperparameterLimits.learningRate.min, hyperparameterLimits.learningRate.max, (rate) =>
    formatSignificant(rate, 4),
  ),
  // Six digits: near 1 the difference between 0.9999 and 0.99995 is large over a thousand epochs.
  anneal: decimalParameter(
    hyperparameterLimits.annealingRate.min,
    hyperparameterLimits.annealingRate.max,
    (rate) => formatSignificant(rate, 6),
  ),
  // The store fits the batch size to the training count when it applies a configuration.
  batch: wholeParameter(1, datasetLimits.points.max),
  epochs: wholeParameter(hyperparameterLimits.epochs.min, hyperparameterLimits.epochs.max),
  speed: speedParameter,
  present: presentParameter,
  points: pointsParameter,
};

export function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(parameters, name);
}
