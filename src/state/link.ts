/**
 * The configuration as a shareable link and as the saved last session. Every parameter has one entry in
 * `linkParameters.ts` that both writes it and reads it back, so what `encodeConfig` writes `decodeConfig`
 * accepts; reading validates each parameter on its own, so one bad value in a hand-edited link costs only
 * that value.
 */
import * as z from 'zod/mini';
import { describeError } from '../core/errors.ts';
import type { ModelSpec } from '../core/modelSpec.ts';
import { isValidModelSpec } from '../core/models.ts';
import { DEFAULT_SAMPLING } from '../core/sampling.ts';
import type { AppConfig } from './config.ts';
import {
  FULL_VIEW,
  isViewParameterName,
  readLinkView,
  type LinkView,
  type ViewParameterName,
} from './lessonLink.ts';
import {
  fitsInLink,
  isParameterName,
  parameters,
  type LinkValues,
  type Parameter,
  type ParameterName,
} from './linkParameters.ts';

export { MAX_LINK_POINTS } from './linkParameters.ts';

/** Where the last session is saved: JSON `{ version: 1, search }` with `search` as `encodeConfig` writes it. */
const STORAGE_KEY = 'sgd-lab:config';

/** The network a link gets when it asks for one without saying which (as the model controls start it). */
const DEFAULT_NETWORK = { hiddenLayers: [8, 8], activation: 'tanh' } as const;

/** Escapes a value for a query string, leaving the "," and ":" of lists and points readable. */
function escapeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** Encodes a configuration as URL query parameters (readable names, short values), e.g. "?data=moons&n=500&noise=0.2&train=0.7&seed=3&model=linear&features=x1x2&objective=logistic&l2=0&sampling=reshuffle&engine=fast&lr=0.1&anneal=0.98&batch=10&epochs=100&speed=300&present=0" */
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
  write('sampling', config.sampling);
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

/** A name or value of a query string, decoded as URLSearchParams does but strictly: null when broken. */
function decodeQueryPart(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    // A "%" not followed by two hex digits, or bytes that are not UTF-8.
    return null;
  }
}

/**
 * Reads the parameters of a search string: the first value of each known name (the configuration's and the
 * view's), notices for the rest. Names and values are split and decoded as URLSearchParams does, except that
 * broken percent-encoding or invalid UTF-8 is named and its parameter left out rather than guessed at.
 */
function readParameters(
  search: string,
  notices: PlacedNotice[],
): Map<ParameterName | ViewParameterName, PlacedValue> {
  const values = new Map<ParameterName | ViewParameterName, PlacedValue>();
  // An unknown name is named once, however often the link repeats it.
  const unknown = new Set<string>();
  // A lesson link carries its view after "#" (see lessonLinkWriter.ts): the hash's pairs follow the query's.
  const pairs = search
    .replace(/^\?/, '')
    .replace('#', '&')
    .split('&')
    .filter((pair) => pair !== '');
  pairs.forEach((pair, position) => {
    const split = pair.indexOf('=');
    const rawName = split === -1 ? pair : pair.slice(0, split);
    const name = decodeQueryPart(rawName);
    const text = decodeQueryPart(split === -1 ? '' : pair.slice(split + 1));
    if (name === null || text === null) {
      const shown = showValue(name ?? rawName);
      notices.push({ position, text: `Ignored "${shown}": broken percent-encoding or invalid UTF-8` });
    } else if (!isParameterName(name) && !isViewParameterName(name)) {
      if (!unknown.has(name))
        notices.push({ position, text: `Ignored unknown parameter "${showValue(name)}"` });
      unknown.add(name);
    } else if (values.has(name)) {
      const reason = `"${name}" is given more than once; the first counts`;
      notices.push({ position, text: `Ignored "${name}=${showValue(text)}": ${reason}` });
    } else {
      values.set(name, { position, text });
    }
  });
  return values;
}

/** What a link asks for: the configuration, how the page is shown, and what could not be used. */
export interface DecodedLink {
  config: AppConfig;
  view: LinkView;
  notices: string[];
}

function decodeChecked(search: string, defaults: AppConfig): DecodedLink {
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
    // Like the points, a link without a scheme means the reference's reshuffling, whatever the defaults hold:
    // links written before schemes existed were all made with it.
    sampling: read('sampling', DEFAULT_SAMPLING),
    hyperparameters: {
      learningRate: read('lr', defaults.hyperparameters.learningRate),
      annealingRate: read('anneal', defaults.hyperparameters.annealingRate),
      batchSize: read('batch', defaults.hyperparameters.batchSize),
      epochs: read('epochs', defaults.hyperparameters.epochs),
    },
    speed: read('speed', defaults.speed),
    presentation: read('present', defaults.presentation),
  };
  const view = readLinkView(
    (name) => values.get(name),
    (position, text) => notices.push({ position, text }),
  );
  const sorted = notices.sort((a, b) => a.position - b.position).map((notice) => notice.text);
  return { config, view, notices: sorted };
}

/** Parses a search string, optionally followed by a hash of more parameters (`location.search + location.hash`); every parameter is validated on its own with zod: a missing one takes the default silently, an unknown or malformed one takes the default and is named in `notices` (e.g. 'Ignored "lr=abc": not a number between 0.0001 and 10'). The lesson and embedding parameters become `view` (lessonLink.ts). Never throws for any input string. */
export function decodeConfig(search: string, defaults: AppConfig): DecodedLink {
  try {
    return decodeChecked(search, defaults);
  } catch (error) {
    // Nothing above is expected to throw; this keeps the promise for any input.
    const reason = describeError(error);
    return {
      config: defaults,
      view: FULL_VIEW,
      notices: [`Ignored the link: it could not be read (${reason})`],
    };
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
