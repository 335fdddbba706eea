/**
 * The configuration as a shareable link and as the saved last session. Every parameter has one entry below
 * that both writes it and reads it back, so what `encodeConfig` writes `decodeConfig` accepts; reading
 * validates each parameter on its own, so one bad value in a hand-edited link costs only that value.
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
  type ModelSpec,
} from '../core/modelSpec.ts';
import { isValidModelSpec, networkLimits, type ModelKind } from '../core/models.ts';
import { objectiveNames, type ObjectiveName } from '../core/objectives.ts';
import type { CustomPoints, Speed } from '../worker/protocol.ts';
import type { AppConfig } from './config.ts';
import { hyperparameterLimits } from './settingsSlice.ts';

// zod/mini rather than zod: the same parsers in a tenth of the bytes, which the first load's budget needs.
// zod would probe `new Function` to compile fast parsers; the page's policy forbids eval, so the probe itself
// would be reported as a violation. Interpreted parsing is plenty for a link.
z.config({ jitless: true });

/** Points are carried in the link only when there are at most this many. */
export const MAX_LINK_POINTS = 200;

/** Where the last session is saved: JSON `{ version: 1, search }` with `search` as `encodeConfig` writes it. */
const STORAGE_KEY = 'sgd-lab:config';

/** Imported points may lie off the plane; beyond this a coordinate is surely a mistake, and it keeps links short. */
const COORDINATE_LIMIT = 1_000_000;

/** The network a link gets when it asks for one without saying which (as the model controls start it). */
const DEFAULT_NETWORK = { hiddenLayers: [8, 8], activation: 'tanh' } as const;

/** What each parameter of a link holds, by its name in the link. */
interface LinkValues {
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
  engine: EngineName;
  lr: number;
  anneal: number;
  batch: number;
  epochs: number;
  speed: Speed;
  present: boolean;
  points: CustomPoints;
}

type ParameterName = keyof LinkValues;

/** How one parameter is written, how it is read back, and what a notice says a bad value should have been. */
interface Parameter<Value> {
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
function fitsInLink(points: CustomPoints): boolean {
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

const parameters: { readonly [Name in ParameterName]: Parameter<LinkValues[Name]> } = {
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

function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(parameters, name);
}

/** Escapes a value for a query string, leaving the "," and ":" of lists and points readable. */
function escapeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** Encodes a configuration as URL query parameters (readable names, short values), e.g. "?data=moons&n=500&noise=0.2&train=0.7&seed=3&model=linear&features=x1x2&objective=logistic&l2=0&engine=fast&lr=0.1&anneal=0.98&batch=10&epochs=100&speed=300&present=0" */
export function encodeConfig(config: AppConfig): string {
  const entries: string[] = [];
  const write = <Name extends ParameterName>(name: Name, value: LinkValues[Name]) => {
    entries.push(`${name}=${escapeValue(parameters[name].format(value))}`);
  };
  const { dataset, model, hyperparameters } = config;
  write('data', dataset.kind);
  write('n', dataset.points);
  write('noise', dataset.noise);
  write('train', dataset.trainFraction);
  write('seed', dataset.seed);
  write('model', model.kind);
  if (model.kind === 'linear') {
    write('features', model.features);
  } else {
    write('layers', model.hiddenLayers);
    write('activation', model.activation);
  }
  write('objective', config.objective);
  write('l2', config.l2);
  write('engine', config.engine);
  write('lr', hyperparameters.learningRate);
  write('anneal', hyperparameters.annealingRate);
  write('batch', hyperparameters.batchSize);
  write('epochs', hyperparameters.epochs);
  write('speed', config.speed);
  write('present', config.presentation);
  // Too many points (or absurd coordinates) are left out: the link then shows the generated dataset its
  // spec above describes, which is kept whether or not points are carried.
  if (config.customPoints !== null && fitsInLink(config.customPoints)) write('points', config.customPoints);
  return `?${entries.join('&')}`;
}

/** A value as a notice shows it: long ones (a list of points) cut short. */
function showValue(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** A notice and where its parameter stands in the search string, so that notices follow the link's order. */
interface PlacedNotice {
  readonly position: number;
  readonly text: string;
}

/** A known parameter's first value and its position. */
interface PlacedValue {
  readonly position: number;
  readonly text: string;
}

/** Reads the parameters of a search string: the first value of each known name, notices for the rest. */
function readParameters(search: string, notices: PlacedNotice[]): Map<ParameterName, PlacedValue> {
  const values = new Map<ParameterName, PlacedValue>();
  let position = 0;
  for (const [name, text] of new URLSearchParams(search)) {
    if (!isParameterName(name)) {
      notices.push({ position, text: `Ignored unknown parameter "${showValue(name)}"` });
    } else if (values.has(name)) {
      const reason = `"${name}" is given more than once; the first counts`;
      notices.push({ position, text: `Ignored "${name}=${showValue(text)}": ${reason}` });
    } else {
      values.set(name, { position, text });
    }
    position++;
  }
  return values;
}

function decodeChecked(search: string, defaults: AppConfig): { config: AppConfig; notices: string[] } {
  const notices: PlacedNotice[] = [];
  const values = readParameters(search, notices);
  const reject = (name: ParameterName, reason: string) => {
    const value = values.get(name);
    if (value !== undefined)
      notices.push({
        position: value.position,
        text: `Ignored "${name}=${showValue(value.text)}": ${reason}`,
      });
  };
  const read = <Name extends ParameterName, Fallback = LinkValues[Name]>(
    name: Name,
    fallback: Fallback,
  ): LinkValues[Name] | Fallback => {
    const value = values.get(name);
    if (value === undefined) return fallback;
    const parameter: Parameter<LinkValues[Name]> = parameters[name];
    const result = parameter.schema.safeParse(value.text);
    if (result.success) return result.data;
    reject(name, parameter.expected);
    return fallback;
  };
  const ignoreUnless = (applies: boolean, names: readonly ParameterName[], reason: string) => {
    if (!applies) for (const name of names) reject(name, reason);
  };

  const kind = read('model', defaults.model.kind);
  ignoreUnless(kind === 'linear', ['features'], 'only used with model=linear');
  ignoreUnless(kind === 'network', ['layers', 'activation'], 'only used with model=network');
  const defaultNetwork = defaults.model.kind === 'network' ? defaults.model : DEFAULT_NETWORK;
  const model: ModelSpec =
    kind === 'linear'
      ? { kind, features: read('features', defaults.model.kind === 'linear' ? defaults.model.features : []) }
      : {
          kind,
          hiddenLayers: read('layers', defaultNetwork.hiddenLayers),
          activation: read('activation', defaultNetwork.activation),
        };

  const config: AppConfig = {
    dataset: {
      kind: read('data', defaults.dataset.kind),
      points: read('n', defaults.dataset.points),
      noise: read('noise', defaults.dataset.noise),
      trainFraction: read('train', defaults.dataset.trainFraction),
      seed: read('seed', defaults.dataset.seed),
    },
    // Unlike the other parameters, no points (or bad ones) means the generated data, whatever the defaults
    // hold: a link written without points must show the data its spec describes.
    customPoints: read('points', null),
    model: isValidModelSpec(model) ? model : defaults.model,
    engine: read('engine', defaults.engine),
    objective: read('objective', defaults.objective),
    l2: read('l2', defaults.l2),
    hyperparameters: {
      learningRate: read('lr', defaults.hyperparameters.learningRate),
      annealingRate: read('anneal', defaults.hyperparameters.annealingRate),
      batchSize: read('batch', defaults.hyperparameters.batchSize),
      epochs: read('epochs', defaults.hyperparameters.epochs),
    },
    speed: read('speed', defaults.speed),
    presentation: read('present', defaults.presentation),
  };
  return { config, notices: notices.sort((a, b) => a.position - b.position).map((notice) => notice.text) };
}

/** Parses a search string; every parameter is validated on its own with zod: a missing one takes the default silently, an unknown or malformed one takes the default and is named in `notices` (e.g. 'Ignored "lr=abc": not a number between 0.0001 and 10'). Never throws for any input string. */
export function decodeConfig(search: string, defaults: AppConfig): { config: AppConfig; notices: string[] } {
  try {
    return decodeChecked(search, defaults);
  } catch (error) {
    // Nothing above is expected to throw; this keeps the promise for any input.
    const reason = error instanceof Error ? error.message : String(error);
    return { config: defaults, notices: [`Ignored the link: it could not be read (${reason})`] };
  }
}

const savedSchema = z.object({ version: z.literal(1), search: z.string() });

/** Reads the saved configuration (or null), never throwing (storage may be unavailable or hold garbage). */
export function loadSavedConfig(
  storage: Pick<Storage, 'getItem'> | null,
  defaults: AppConfig,
): AppConfig | null {
  try {
    const text = storage?.getItem(STORAGE_KEY) ?? null;
    if (text === null) return null;
    const saved = savedSchema.safeParse(JSON.parse(text));
    // Parts that no longer pass (say, after limits changed) take the defaults, as in a link.
    return saved.success ? decodeConfig(saved.data.search, defaults).config : null;
  } catch {
    return null;
  }
}

/** Saves the configuration; silently does nothing if storage is unavailable or full. */
export function saveConfig(storage: Pick<Storage, 'setItem'> | null, config: AppConfig): void {
  // Saved as a link is, so more than MAX_LINK_POINTS custom points are not remembered either.
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ version: 1, search: encodeConfig(config) }));
  } catch {
    // Private mode or a full quota: the session is simply not remembered.
  }
}
