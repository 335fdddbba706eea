/**
 * Exact Hessian-vector products of the network of network.ts, by Pearlmutter's R-operator: the forward
 * and backward passes differentiated once more along a direction v of the weights, R{·} = d/dε (·)(w + εv)
 * at ε = 0. With z_l = W_l·a_(l−1) + b_l, a_l = φ(z_l) on hidden layers and s = z_L:
 *   R-forward:  R z_l = V_l·a_(l−1) + c_l + W_l·R a_(l−1),   R a_l = φ′(z_l) ⊙ R z_l,   R a_0 = 0
 *   backward:   δ_L = loss′(s),   δ_(l−1) = φ′(z_(l−1)) ⊙ W_lᵀ·δ_l
 *   R-backward: R δ_L = loss″(s)·R s,
 *               R δ_(l−1) = φ″(z_(l−1)) ⊙ R z_(l−1) ⊙ W_lᵀ·δ_l + φ′(z_(l−1)) ⊙ (V_lᵀ·δ_l + W_lᵀ·R δ_l)
 *   H·v:        for W_l: R δ_l·a_(l−1)ᵀ + δ_l·(R a_(l−1))ᵀ,   for b_l: R δ_l
 * where (V_l, c_l) are v's entries at W_l and b_l. No finite differences: the product is exact up to rounding.
 */
import type { PointSet } from './datasets.ts';
import type { Activation } from './modelSpec.ts';
import { activationFunctions, type NetworkLayer } from './network.ts';
import type { Objective } from './objectives.ts';

/** φ′ and φ″ of an activation from its output a = φ(z), as the backward pass has a rather than z. */
const activationSlopes: Readonly<
  Record<Activation, { first(a: number): number; second(a: number): number }>
> = {
  tanh: { first: (a) => 1 - a * a, second: (a) => -2 * a * (1 - a * a) },
  sigmoid: { first: (a) => a * (1 - a), second: (a) => a * (1 - a) * (1 - 2 * a) },
  // Slope 0 at z = 0, as the backward pass takes it; φ″ = 0 wherever it exists.
  relu: { first: (a) => (a > 0 ? 1 : 0), second: () => 0 },
};

/**
 * Writes H·v to `out`, where H = Σ_i ∇²loss(s_i, y_i) is the Hessian of the SUMMED objective (no L2) over
 * every point of `points`, at `weights`, for the network with `layers` and `activation` on its hidden units.
 * `secondDerivative` is the objective's loss″(s, y).
 */
export function networkHessianVectorProduct(
  layers: readonly NetworkLayer[],
  activation: Activation,
  weights: Float64Array,
  points: PointSet,
  objective: Objective,
  secondDerivative: (score: number, label: number) => number,
  vector: Float64Array,
  out: Float64Array,
): void {
  const depth = layers.length;
  const sizes = [2, ...layers.map((layer) => layer.outputs)];
  // Per layer l (0 = the point): outputs a, R a, R z, δ, R δ of one row at a time.
  const a = sizes.map((size) => new Float64Array(size));
  const ra = sizes.map((size) => new Float64Array(size));
  const rz = sizes.map((size) => new Float64Array(size));
  const delta = sizes.map((size) => new Float64Array(size));
  const rdelta = sizes.map((size) => new Float64Array(size));
  const slopes = activationSlopes[activation];
  const activate = activationFunctions[activation];
  const { x, y } = points;
  const count = y.length;
  out.fill(0);
  for (let row = 0; row < count; row++) {
    const input = a[0] as Float64Array;
    input[0] = x[2 * row] as number;
    input[1] = x[2 * row + 1] as number;
    for (let l = 0; l < depth; l++) {
      const { inputs, outputs, weightOffset, biasOffset } = layers[l] as NetworkLayer;
      const previous = a[l] as Float64Array;
      const previousR = ra[l] as Float64Array;
      const output = a[l + 1] as Float64Array;
      const outputR = ra[l + 1] as Float64Array;
      const outputRz = rz[l + 1] as Float64Array;
      const hidden = l < depth - 1;
      for (let o = 0; o < outputs; o++) {
        const matrixRow = weightOffset + o * inputs;
        let z = weights[biasOffset + o] as number;
        let rZ = vector[biasOffset + o] as number;
        for (let i = 0; i < inputs; i++) {
          const ai = previous[i] as number;
          z += (weights[matrixRow + i] as number) * ai;
          rZ += (vector[matrixRow + i] as number) * ai;
          if (l > 0) rZ += (weights[matrixRow + i] as number) * (previousR[i] as number);
        }
        output[o] = z;
        outputRz[o] = rZ;
      }
      if (hidden) {
        activate.apply(output, outputs);
        for (let o = 0; o < outputs; o++)
          outputR[o] = slopes.first(output[o] as number) * (outputRz[o] as number);
      } else {
        outputR.set(outputRz.subarray(0, outputs));
      }
    }
    const score = (a[depth] as Float64Array)[0] as number;
    const label = y[row] as number;
    (delta[depth] as Float64Array)[0] = objective.derivative(score, label);
    (rdelta[depth] as Float64Array)[0] =
      secondDerivative(score, label) * ((rz[depth] as Float64Array)[0] as number);
    for (let l = depth - 1; l >= 0; l--) {
      const { inputs, outputs, weightOffset, biasOffset } = layers[l] as NetworkLayer;
      const layerDelta = delta[l + 1] as Float64Array;
      const layerRDelta = rdelta[l + 1] as Float64Array;
      const previous = a[l] as Float64Array;
      const previousR = ra[l] as Float64Array;
      for (let o = 0; o < outputs; o++) {
        const d = layerDelta[o] as number;
        const rd = layerRDelta[o] as number;
        const matrixRow = weightOffset + o * inputs;
        out[biasOffset + o] = (out[biasOffset + o] as number) + rd;
        for (let i = 0; i < inputs; i++) {
          out[matrixRow + i] =
            (out[matrixRow + i] as number) + rd * (previous[i] as number) + d * (previousR[i] as number);
        }
      }
      if (l === 0) break;
      const below = delta[l] as Float64Array;
      const belowR = rdelta[l] as Float64Array;
      const belowRz = rz[l] as Float64Array;
      for (let i = 0; i < inputs; i++) {
        let back = 0;
        let backR = 0;
        for (let o = 0; o < outputs; o++) {
          const w = weights[weightOffset + o * inputs + i] as number;
          const v = vector[weightOffset + o * inputs + i] as number;
          back += w * (layerDelta[o] as number);
          backR += v * (layerDelta[o] as number) + w * (layerRDelta[o] as number);
        }
        const value = previous[i] as number;
        const first = slopes.first(value);
        below[i] = first * back;
        belowR[i] = slopes.second(value) * (belowRz[i] as number) * back + first * backR;
      }
    }
  }
}
