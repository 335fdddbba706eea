/** Extra input features the linear model can use, beyond x1 and x2. */
export const featureNames = ['x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'] as const;

/** The name of an extra feature. */
export type FeatureName = (typeof featureNames)[number];

/** How each extra feature is shown on screen. */
export const featureLabels: Record<FeatureName, string> = {
  x1Squared: 'x₁²',
  x2Squared: 'x₂²',
  x1x2: 'x₁·x₂',
  sinX1: 'sin x₁',
  sinX2: 'sin x₂',
};

/** Hidden-unit activations of the network. */
export const activationNames = ['tanh', 'relu', 'sigmoid'] as const;

/** The name of an activation. */
export type Activation = (typeof activationNames)[number];

/** Which model to train: everything needed to build it, in either engine. */
export type ModelSpec =
  | {
      readonly kind: 'linear';
      /** Extra features, in the order of `featureNames`; none is the seed's classifier on [x1, x2, 1]. */
      readonly features: readonly FeatureName[];
    }
  | {
      readonly kind: 'network';
      /** Units per hidden layer: 1 to 3 layers of 1 to 16 units. */
      readonly hiddenLayers: readonly number[];
      readonly activation: Activation;
    };

/** Which implementation computes the gradients. */
export type EngineName = 'fast' | 'tfjs' | 'tfjsWasm';

/** Every engine: its short name for menus and legends, and what runs when it is chosen. */
export const engines: Readonly<Record<EngineName, { readonly label: string; readonly detail: string }>> = {
  fast: { label: 'Fast', detail: 'Fast (hand-written typed arrays)' },
  tfjs: { label: 'TensorFlow.js (CPU)', detail: 'TensorFlow.js (tf.grad, cpu backend)' },
  tfjsWasm: { label: 'TensorFlow.js (WASM)', detail: 'TensorFlow.js (tf.grad, WebAssembly backend)' },
};

/** The engines, in menu order. */
export const engineNames = Object.keys(engines) as EngineName[];

/** Whether a string names an engine. */
export function isEngineName(name: string): name is EngineName {
  return Object.hasOwn(engines, name);
}

/** The seed's model: linear on [x1, x2, 1]. */
export const seedModelSpec: ModelSpec = { kind: 'linear', features: [] };
