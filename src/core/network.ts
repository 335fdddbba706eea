/**
 * A fully connected network 2 → h1 → … → 1 with hand-written forward and backward passes over typed arrays.
 *
 * Flat weight layout, layer after layer (layer 1 reads the point, the last layer writes the score):
 *   W_l: a matrix of `outputs × inputs`, row-major (W_l[o, i] at weightOffset + o·inputs + i), then
 *   b_l: `outputs` biases (at biasOffset + o).
 * The output is the raw score s, with no activation: the objective turns it into a loss. Hidden layers
 * apply the chosen activation. Both engines share this layout and the seeded initialisation below.
 */
import type { HessianVectorModel } from './curvature.ts';
import type { PointSet } from './datasets.ts';
import type { Activation } from './modelSpec.ts';
import { networkHessianVectorProduct } from './networkCurvature.ts';
import type { Objective } from './objectives.ts';
import { createRandom, deriveSeed } from './random.ts';

/** Where one layer's parameters sit in the flat weight vector. */
export interface NetworkLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** Index of W[0, 0]; the matrix is row-major [outputs][inputs]. */
  readonly weightOffset: number;
  /** Index of b[0], right after the matrix. */
  readonly biasOffset: number;
}

/** The layers of the network 2 → hiddenLayers… → 1, with their offsets in the flat weight vector. */
export function networkLayout(hiddenLayers: readonly number[]): NetworkLayer[] {
  const sizes = [2, ...hiddenLayers, 1];
  const layers: NetworkLayer[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1] as number;
    const outputs = sizes[l] as number;
    layers.push({ inputs, outputs, weightOffset: offset, biasOffset: offset + outputs * inputs });
    offset += outputs * inputs + outputs;
  }
  return layers;
}

/** The number of parameters of a layout. */
export function countParameters(layers: readonly NetworkLayer[]): number {
  const last = layers[layers.length - 1];
  return last === undefined ? 0 : last.biasOffset + last.outputs;
}

/** The on-screen name of a network, e.g. "Network 2-8-8-1 tanh". */
export function describeNetwork(hiddenLayers: readonly number[], activation: Activation): string {
  return `Network ${[2, ...hiddenLayers, 1].join('-')} ${activation}`;
}

/**
 * Glorot (Xavier) uniform matrices, U(±√(6 / (inputs + outputs))), and zero biases, drawn from a stream of
 * its own so the same seed gives the same network in either engine and never shares the shuffles' stream.
 */
export function initializeNetworkWeights(layers: readonly NetworkLayer[], seed: number): Float64Array {
  const weights = new Float64Array(countParameters(layers));
  const random = createRandom(deriveSeed(seed, 'network weights'));
  for (const layer of layers) {
    const limit = Math.sqrt(6 / (layer.inputs + layer.outputs));
    for (let j = layer.weightOffset; j < layer.biasOffset; j++) weights[j] = limit * (2 * random.next() - 1);
  }
  return weights;
}

/** A hidden-unit activation applied to a whole layer at once, so the per-unit loop has no call in it. */
export interface ActivationFunction {
  /** Replaces values[0 … count−1] by their activations. */
  apply(values: Float64Array, count: number): void;
  /** Multiplies deltas[0 … count−1] by the activation's slope, computed from its outputs. */
  multiplySlope(deltas: Float64Array, outputs: Float64Array, count: number): void;
}

/** Every hidden-unit activation by name. */
export const activationFunctions: Readonly<Record<Activation, ActivationFunction>> = {
  tanh: {
    apply(values, count) {
      for (let j = 0; j < count; j++) values[j] = Math.tanh(values[j] as number);
    },
    multiplySlope(deltas, outputs, count) {
      for (let j = 0; j < count; j++) {
        const a = outputs[j] as number;
        deltas[j] = (deltas[j] as number) * (1 - a * a);
      }
    },
  },
  relu: {
    apply(values, count) {
      for (let j = 0; j < count; j++) if ((values[j] as number) < 0) values[j] = 0;
    },
    // Slope 0 at z = 0, as tf.relu's gradient takes it, so both engines agree even there.
    multiplySlope(deltas, outputs, count) {
      for (let j = 0; j < count; j++) if (!((outputs[j] as number) > 0)) deltas[j] = 0;
    },
  },
  sigmoid: {
    apply(values, count) {
      for (let j = 0; j < count; j++) values[j] = 1 / (1 + Math.exp(-(values[j] as number)));
    },
    multiplySlope(deltas, outputs, count) {
      for (let j = 0; j < count; j++) {
        const a = outputs[j] as number;
        deltas[j] = (deltas[j] as number) * a * (1 - a);
      }
    },
  },
};

/** Rows per pass: a full batch of 100,000 points is done in chunks, so the buffers stay a few hundred kB. */
const CHUNK_ROWS = 512;

/**
 * The fully connected network 2 → hiddenLayers… → 1 with `activation` on the hidden units, seeded init; it
 * also gives exact Hessian-vector products (networkCurvature.ts) for its sharpness.
 */
export function createNetwork(
  hiddenLayers: readonly number[],
  activation: Activation,
  seed: number,
): HessianVectorModel {
  const layers = networkLayout(hiddenLayers);
  const weights = initializeNetworkWeights(layers, seed);
  const activate = activationFunctions[activation];
  const depth = layers.length;
  const sizes = [2, ...hiddenLayers, 1];
  const parameterLabels: string[] = [];
  const penalized = new Uint8Array(weights.length);
  layers.forEach((layer, l) => {
    for (let o = 0; o < layer.outputs; o++) {
      for (let i = 0; i < layer.inputs; i++) parameterLabels.push(`W${l + 1}[${o},${i}]`);
    }
    for (let o = 0; o < layer.outputs; o++) parameterLabels.push(`b${l + 1}[${o}]`);
    penalized.fill(1, layer.weightOffset, layer.biasOffset);
  });

  // values[l] holds layer l's outputs for each row of a chunk (values[0] the points, values[depth] the
  // scores); deltas[l] the derivative of the summed loss by layer l's pre-activations. Grown lazily.
  let capacity = 0;
  let values: Float64Array[] = [];
  let deltas: Float64Array[] = [];
  const ensureCapacity = (rows: number): void => {
    if (rows <= capacity) return;
    capacity = Math.min(CHUNK_ROWS, Math.max(rows, 2 * capacity));
    values = sizes.map((size) => new Float64Array(capacity * size));
    deltas = sizes.map((size) => new Float64Array(capacity * size));
  };

  /** Fills values[1 … depth] from values[0] for the first `rows` rows. */
  const forward = (rows: number): void => {
    for (let l = 0; l < depth; l++) {
      const { inputs, outputs, weightOffset, biasOffset } = layers[l] as NetworkLayer;
      const input = values[l] as Float64Array;
      const output = values[l + 1] as Float64Array;
      for (let r = 0; r < rows; r++) {
        const inputStart = r * inputs;
        for (let o = 0; o < outputs; o++) {
          const row = weightOffset + o * inputs;
          let sum = weights[biasOffset + o] as number;
          for (let i = 0; i < inputs; i++)
            sum += (weights[row + i] as number) * (input[inputStart + i] as number);
          output[r * outputs + o] = sum;
        }
      }
      if (l < depth - 1) activate.apply(output, rows * outputs);
    }
  };

  /** Adds the gradient of the chunk to `gradient`, from the score deltas in deltas[depth]. */
  const backward = (rows: number, gradient: Float64Array): void => {
    for (let l = depth - 1; l >= 0; l--) {
      const { inputs, outputs, weightOffset, biasOffset } = layers[l] as NetworkLayer;
      const input = values[l] as Float64Array;
      const delta = deltas[l + 1] as Float64Array;
      for (let r = 0; r < rows; r++) {
        const inputStart = r * inputs;
        for (let o = 0; o < outputs; o++) {
          const d = delta[r * outputs + o] as number;
          // A dead unit or a satisfied margin contributes nothing: skip its row of the matrix.
          if (d === 0) continue;
          const row = weightOffset + o * inputs;
          gradient[biasOffset + o] = (gradient[biasOffset + o] as number) + d;
          for (let i = 0; i < inputs; i++)
            gradient[row + i] = (gradient[row + i] as number) + d * (input[inputStart + i] as number);
        }
      }
      if (l === 0) break;
      const previous = deltas[l] as Float64Array;
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < inputs; i++) {
          let sum = 0;
          for (let o = 0; o < outputs; o++)
            sum += (delta[r * outputs + o] as number) * (weights[weightOffset + o * inputs + i] as number);
          previous[r * inputs + i] = sum;
        }
      }
      activate.multiplySlope(previous, input, rows * inputs);
    }
  };

  return {
    label: describeNetwork(hiddenLayers, activation),
    weights,
    parameterLabels,
    penalized,
    score(x1, x2) {
      ensureCapacity(1);
      const input = values[0] as Float64Array;
      input[0] = x1;
      input[1] = x2;
      forward(1);
      return (values[depth] as Float64Array)[0] as number;
    },
    scoreAll(x, out) {
      const count = out.length;
      ensureCapacity(Math.min(count, CHUNK_ROWS));
      for (let first = 0; first < count; first += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, count - first);
        (values[0] as Float64Array).set(x.subarray(2 * first, 2 * (first + rows)));
        forward(rows);
        out.set((values[depth] as Float64Array).subarray(0, rows), first);
      }
    },
    batchGradient(points: PointSet, order, start, end, objective: Objective, gradient) {
      const { x, y } = points;
      gradient.fill(0, 0, weights.length);
      ensureCapacity(Math.min(end - start, CHUNK_ROWS));
      let batchObjective = 0;
      for (let first = start; first < end; first += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, end - first);
        const input = values[0] as Float64Array;
        for (let r = 0; r < rows; r++) {
          const i = order[first + r] as number;
          input[2 * r] = x[2 * i] as number;
          input[2 * r + 1] = x[2 * i + 1] as number;
        }
        forward(rows);
        const scores = values[depth] as Float64Array;
        const scoreDeltas = deltas[depth] as Float64Array;
        for (let r = 0; r < rows; r++) {
          const label = y[order[first + r] as number] as number;
          const score = scores[r] as number;
          batchObjective += objective.loss(score, label);
          scoreDeltas[r] = objective.derivative(score, label);
        }
        backward(rows, gradient);
      }
      return batchObjective;
    },
    hessianVectorProduct(points: PointSet, objective: Objective, vector, out) {
      const secondDerivative = objective.secondDerivative?.bind(objective);
      if (secondDerivative === undefined)
        throw new RangeError(`the ${objective.label} objective has no Hessian`);
      networkHessianVectorProduct(
        layers,
        activation,
        weights,
        points,
        objective,
        secondDerivative,
        vector,
        out,
      );
    },
  };
}
