/**
 * The models of core/models.ts built again from tfjs ops and differentiated by tfjs autodiff (tf.valueAndGrad),
 * so the fast engine's hand-written gradients have an independent check and the app a second engine.
 *
 * tfjs arrives as a parameter and is imported here only as a type: the worker loads it lazily, with a
 * dynamic import, and picks the backend itself.
 */
import type * as Tfjs from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { PointSet } from '../core/datasets.ts';
import { orderFeatures } from '../core/linearModel.ts';
import type { Model } from '../core/model.ts';
import type { Activation, FeatureName, ModelSpec } from '../core/modelSpec.ts';
import { createModel } from '../core/models.ts';
import { networkLayout, type NetworkLayer } from '../core/network.ts';
import { objectiveNames, objectives, type Objective, type ObjectiveName } from '../core/objectives.ts';

/** The tfjs module, as `import('@tensorflow/tfjs')` resolves it. */
export type TfjsModule = typeof Tfjs;

/** A summed objective as a tfjs expression of the scores s and the labels y. */
export type SummedLossExpression = (tf: TfjsModule, scores: Tensor1D, labels: Tensor1D) => Scalar;

const summedLossExpressions = {
  logistic: (tf, scores, labels) => tf.sum(tf.softplus(tf.neg(tf.mul(labels, scores)))),
  hinge: (tf, scores, labels) => tf.sum(tf.relu(tf.sub(1, tf.mul(labels, scores)))),
  squared: (tf, scores, labels) => tf.sum(tf.square(tf.sub(scores, labels))),
  // max(0, −y·s) as −m·(1 − step(m)), m = y·s, so that at m = 0 the gradient is −y, as core's perceptron
  // takes it (tf.relu's slope there is 0, and zero starting weights would never move). step has a zero
  // gradient, unlike a comparison inside tf.where, which has none and stops autodiff.
  perceptron: (tf, scores, labels) => {
    const margins = tf.mul(labels, scores);
    return tf.sum(tf.mul(tf.neg(margins), tf.sub(1, tf.step(margins))));
  },
} satisfies Record<string, SummedLossExpression>;

/**
 * Each core objective's tfjs expression. Typed by assignment rather than `satisfies`, so that an
 * expression may exist before core registers its objective, while a core objective without one fails to compile.
 */
export const summedLosses: Readonly<Record<ObjectiveName, SummedLossExpression>> = summedLossExpressions;

/** The registry name of an objective object (the tfjs expressions are keyed by name); throws for a stranger. */
export function objectiveNameOf(objective: Objective): ObjectiveName {
  const name = objectiveNames.find((candidate) => objectives[candidate] === objective);
  if (name === undefined) throw new Error(`The objective "${objective.label}" has no tfjs expression.`);
  return name;
}

/** Each extra feature as a tfjs expression of the columns x1 and x2. */
const featureExpressions: Readonly<
  Record<FeatureName, (tf: TfjsModule, x1: Tensor1D, x2: Tensor1D) => Tensor1D>
> = {
  x1Squared: (tf, x1) => tf.square(x1),
  x2Squared: (tf, _x1, x2) => tf.square(x2),
  x1x2: (tf, x1, x2) => tf.mul(x1, x2),
  sinX1: (tf, x1) => tf.sin(x1),
  sinX2: (tf, _x1, x2) => tf.sin(x2),
};

/** Each hidden-unit activation as a tfjs op. */
const activationExpressions: Readonly<Record<Activation, (tf: TfjsModule, values: Tensor2D) => Tensor2D>> = {
  tanh: (tf, values) => tf.tanh(values),
  relu: (tf, values) => tf.relu(values),
  sigmoid: (tf, values) => tf.sigmoid(values),
};

/** The scores of n points (an n×2 tensor) as a function of the flat weight vector, in the fast engine's layout. */
type ScoreExpression = (weights: Tensor1D, points: Tensor2D) => Tensor1D;

/** s = w·[x1, x2, extra…, 1], the features built from the columns of the points by tfjs ops. */
function linearScores(tf: TfjsModule, features: readonly FeatureName[]): ScoreExpression {
  const ordered = orderFeatures(features);
  return (weights, points) => {
    const x1 = tf.reshape(tf.slice(points, [0, 0], [-1, 1]), [-1]) as Tensor1D;
    const x2 = tf.reshape(tf.slice(points, [0, 1], [-1, 1]), [-1]) as Tensor1D;
    const columns = [x1, x2, ...ordered.map((name) => featureExpressions[name](tf, x1, x2)), tf.onesLike(x1)];
    const matrix = tf.stack(columns, 1) as Tensor2D;
    return tf.reshape(tf.matMul(matrix, tf.reshape(weights, [-1, 1])), [-1]) as Tensor1D;
  };
}

/** The network's forward pass: per layer h ← act(h·Wᵀ + b), with no activation on the output. */
function networkScores(
  tf: TfjsModule,
  hiddenLayers: readonly number[],
  activation: Activation,
): ScoreExpression {
  const layers: readonly NetworkLayer[] = networkLayout(hiddenLayers);
  const activate = activationExpressions[activation];
  return (weights, points) => {
    let values = points;
    layers.forEach((layer, l) => {
      const matrix = tf.reshape(tf.slice(weights, [layer.weightOffset], [layer.outputs * layer.inputs]), [
        layer.outputs,
        layer.inputs,
      ]) as Tensor2D;
      const biases = tf.slice(weights, [layer.biasOffset], [layer.outputs]);
      const sums = tf.add(tf.matMul(values, matrix, false, true), biases) as Tensor2D;
      values = l < layers.length - 1 ? activate(tf, sums) : sums;
    });
    return tf.reshape(values, [-1]) as Tensor1D;
  };
}

/** Each kind of model as a tfjs score expression. */
const scoreExpressions: {
  readonly [Kind in ModelSpec['kind']]: (
    tf: TfjsModule,
    spec: Extract<ModelSpec, { kind: Kind }>,
  ) => ScoreExpression;
} = {
  linear: (tf, spec) => linearScores(tf, spec.features),
  network: (tf, spec) => networkScores(tf, spec.hiddenLayers, spec.activation),
};

/** The score expression of any spec (a generic index keeps kind and spec together). */
function scoreExpressionOf<Kind extends ModelSpec['kind']>(
  kind: Kind,
): (tf: TfjsModule, spec: Extract<ModelSpec, { kind: Kind }>) => ScoreExpression {
  return scoreExpressions[kind];
}

/**
 * A spec's model whose batch gradient is computed by tfjs autodiff. The weights, their layout, labels and
 * seeded start are the fast engine's (both engines start identical); scoring shares the fast engine's
 * float64 path, because the heatmap and the per-epoch evaluation score every point and only the gradient
 * is what this engine exists to compute differently. No tensor outlives a call; `dispose` is there so the
 * worker treats every engine's model alike.
 */
export function createTfjsModel(tf: TfjsModule, spec: ModelSpec, seed: number): Model & { dispose(): void } {
  const fast = createModel(spec, seed);
  const weights = fast.weights;
  const scoresOf = scoreExpressionOf<ModelSpec['kind']>(spec.kind)(tf, spec);
  let lastObjective: Objective | null = null;
  let lastLoss: SummedLossExpression = summedLosses.logistic;
  return {
    label: fast.label,
    weights,
    parameterLabels: fast.parameterLabels,
    penalized: fast.penalized,
    score: (x1, x2) => fast.score(x1, x2),
    scoreAll: (x, out) => fast.scoreAll(x, out),
    batchGradient(points: PointSet, order, start, end, objective, gradient) {
      const count = end - start;
      if (count <= 0) {
        gradient.fill(0, 0, weights.length);
        return 0;
      }
      if (objective !== lastObjective) {
        lastLoss = summedLosses[objectiveNameOf(objective)];
        lastObjective = objective;
      }
      const loss = lastLoss;
      // Fresh arrays each call: the cpu backend keeps a reference to a typed array it is given, not a copy.
      const rows = new Float32Array(2 * count);
      const labels = new Float32Array(count);
      for (let k = 0; k < count; k++) {
        const i = order[start + k] as number;
        rows[2 * k] = points.x[2 * i] as number;
        rows[2 * k + 1] = points.x[2 * i + 1] as number;
        labels[k] = points.y[i] as number;
      }
      const { value, grad } = tf.tidy(() => {
        const pointTensor = tf.tensor2d(rows, [count, 2]);
        const labelTensor = tf.tensor1d(labels);
        const weightTensor = tf.tensor1d(Float32Array.from(weights));
        return tf.valueAndGrad((w: Tensor1D) => loss(tf, scoresOf(w, pointTensor), labelTensor))(
          weightTensor,
        );
      });
      try {
        const values = grad.dataSync();
        for (let j = 0; j < weights.length; j++) gradient[j] = values[j] as number;
        return value.dataSync()[0] as number;
      } finally {
        tf.dispose([value, grad]);
      }
    },
    dispose() {
      // Nothing to free: every tensor is made and disposed within one batchGradient call.
    },
  };
}
