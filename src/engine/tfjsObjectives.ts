import * as tf from '@tensorflow/tfjs';
import type { PointSet } from '../core/datasets.ts';
import type { ObjectiveName } from '../core/objectives.ts';
import { summedLosses } from './tfjsModel.ts';

/** The summed objective of the linear model s = X·w on the features [x1, x2, 1]: X is n×3, w has 3 entries. */
export function linearObjectiveTensor(
  name: ObjectiveName,
  weights: tf.Tensor1D,
  features: tf.Tensor2D,
  labels: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const scores = tf.reshape(tf.matMul(features, tf.reshape(weights, [-1, 1])), [-1]) as tf.Tensor1D;
    return summedLosses[name](tf, scores, labels);
  });
}

/** The rows `indices` of a point set as the n×3 feature matrix [x1, x2, 1] and the label vector (caller disposes). */
export function featureTensors(
  points: PointSet,
  indices: ArrayLike<number>,
): { features: tf.Tensor2D; labels: tf.Tensor1D } {
  const count = indices.length;
  const features = new Float32Array(3 * count);
  const labels = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    features[3 * k] = points.x[2 * i]!;
    features[3 * k + 1] = points.x[2 * i + 1]!;
    features[3 * k + 2] = 1;
    labels[k] = points.y[i]!;
  }
  return { features: tf.tensor2d(features, [count, 3]), labels: tf.tensor1d(labels) };
}

/** Σ∇ and Σ loss of an objective over the rows `indices`, by tf.grad, as plain numbers; leaves no tensor behind. */
export function tfjsBatchGradient(
  name: ObjectiveName,
  weights: ArrayLike<number>,
  points: PointSet,
  indices: ArrayLike<number>,
): { gradient: Float64Array; objective: number } {
  const { value, grad } = tf.tidy(() => {
    const { features, labels } = featureTensors(points, indices);
    const w = tf.tensor1d(Array.from(weights));
    return tf.valueAndGrad((v: tf.Tensor1D) => linearObjectiveTensor(name, v, features, labels))(w);
  });
  try {
    return { gradient: Float64Array.from(grad.dataSync()), objective: value.dataSync()[0]! };
  } finally {
    tf.dispose([value, grad]);
  }
}
