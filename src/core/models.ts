import { createLinearModel, describeLinearModel } from './linearModel.ts';
import type { Model } from './model.ts';
import { activationNames, featureNames, type ModelSpec } from './modelSpec.ts';
import { createNetwork, describeNetwork } from './network.ts';

/** The kinds of model, as `ModelSpec.kind` names them. */
export type ModelKind = ModelSpec['kind'];

/** The spec of each kind of model, by kind. */
type SpecByKind = { [Spec in ModelSpec as Spec['kind']]: Spec };

/** What the app needs of one kind of model. */
interface ModelKindEntry<Spec extends ModelSpec> {
  /** Builds the fast engine's model; `seed` fixes any random initialisation. */
  create(spec: Spec, seed: number): Model;
  /** The on-screen name. */
  describe(spec: Spec): string;
  /** Whether an object already known to have this `kind` is a well-formed spec of it. */
  isValid(value: Readonly<Record<string, unknown>>): boolean;
}

/** Limits of a network spec, shared by the controls and the validation. */
export const networkLimits = {
  hiddenLayers: { min: 1, max: 3 },
  units: { min: 1, max: 16 },
} as const;

function isUnitCount(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= networkLimits.units.min &&
    value <= networkLimits.units.max
  );
}

function includes(names: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && names.includes(value);
}

const modelKinds: { readonly [Kind in ModelKind]: ModelKindEntry<SpecByKind[Kind]> } = {
  linear: {
    // A linear model has no randomness: it starts at zero weights, as the reference does.
    create: (spec) => createLinearModel(spec.features),
    describe: (spec) => describeLinearModel(spec.features),
    isValid: ({ features }) =>
      Array.isArray(features) &&
      features.every((name) => includes(featureNames, name)) &&
      new Set(features).size === features.length,
  },
  network: {
    create: (spec, seed) => createNetwork(spec.hiddenLayers, spec.activation, seed),
    describe: (spec) => describeNetwork(spec.hiddenLayers, spec.activation),
    isValid: ({ hiddenLayers, activation }) =>
      Array.isArray(hiddenLayers) &&
      hiddenLayers.length >= networkLimits.hiddenLayers.min &&
      hiddenLayers.length <= networkLimits.hiddenLayers.max &&
      hiddenLayers.every(isUnitCount) &&
      includes(activationNames, activation),
  },
};

/** The registered kinds, in menu order. */
export const modelKindNames = Object.keys(modelKinds) as ModelKind[];

/** The entry of a kind, typed for that kind's spec (a generic index keeps kind and spec together). */
function entryOf<Kind extends ModelKind>(kind: Kind): ModelKindEntry<SpecByKind[Kind]> {
  return modelKinds[kind];
}

/** Builds a spec's model in the fast engine (typed arrays, hand-written gradients); `seed` fixes its init. */
export function createModel(spec: ModelSpec, seed: number): Model {
  return entryOf<ModelKind>(spec.kind).create(spec, seed);
}

/** The on-screen name of a spec's model, e.g. "Linear", "Linear + x₁², x₂²", "Network 2-8-8-1 tanh". */
export function describeModel(spec: ModelSpec): string {
  return entryOf<ModelKind>(spec.kind).describe(spec);
}

/** Whether a value (say, from a shared link) is a well-formed model spec. */
export function isValidModelSpec(value: unknown): value is ModelSpec {
  if (typeof value !== 'object' || value === null) return false;
  const record: Readonly<Record<string, unknown>> = { ...value };
  const kind = record['kind'];
  return isModelKind(kind) && modelKinds[kind].isValid(record);
}

/** Whether a value names a registered kind of model. */
export function isModelKind(value: unknown): value is ModelKind {
  return typeof value === 'string' && Object.hasOwn(modelKinds, value);
}
