/**
 * The training objectives, each a SUM over the rows given of a loss of the score s = f(x) and the label
 * y ∈ {−1, +1}: logistic, hinge and squared exactly as test/golden/README.md defines them, and the
 * perceptron criterion besides. A model's gradient is then Σ loss′(s, y) · ∂s/∂w, so every objective works
 * with every model.
 */
export interface Objective {
  /** Name shown on screen. */
  readonly label: string;
  /** One-line formula shown on screen. */
  readonly formula: string;
  /** Whether the objective is differentiable everywhere (it then has an exact minimiser to compare with). */
  readonly smooth: boolean;
  /** loss(s, y) for one example. */
  loss(score: number, label: number): number;
  /** ∂loss/∂s for one example (a subgradient where the loss has a kink). */
  derivative(score: number, label: number): number;
  /** ∂²loss/∂s² for one example; only smooth objectives have it (Newton's method uses it for the optimum). */
  secondDerivative?(score: number, label: number): number;
  /** Σ loss over the first `count` scores and their labels, the same sum as calling `loss` on each. */
  totalLoss(scores: Float64Array, labels: Float64Array, count: number): number;
  /**
   * `totalLoss`, and each example's ∂loss/∂s written to `slopes`, bit-identical to `derivative`: one call
   * per batch instead of two per example, sharing the exponential of the logistic between the two.
   */
  lossAndSlopes(scores: Float64Array, labels: Float64Array, count: number, slopes: Float64Array): number;
}

// Each objective spells out its own loops (`totalLoss`, `lossAndSlopes`) around its own loss function. A
// shared helper that took the loss as an argument would be one function to V8, whose call site then sees
// every objective's loss and is not inlined; written out, each loop calls one known function, which keeps
// the cheap losses (hinge, squared) fast in \`npm run bench\`.

/** log(1 + e^z), without overflow for large z and without losing digits for very negative z. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const logisticLoss = (score: number, label: number): number => softplus(-label * score);

const logistic: Objective = {
  label: 'Logistic',
  formula: 'Σ log(1 + e^(−y·s))',
  smooth: true,
  loss: logisticLoss,
  // −y·σ(−y·s), written so that neither branch can overflow.
  derivative: (score, label) => {
    const margin = label * score;
    if (margin >= 0) {
      const e = Math.exp(-margin);
      return (-label * e) / (1 + e);
    }
    return -label / (1 + Math.exp(margin));
  },
  // σ(m)(1 − σ(m)) with m = y·s (y² = 1), as e^(−|m|) / (1 + e^(−|m|))², which cannot overflow.
  secondDerivative: (score, label) => {
    const e = Math.exp(-Math.abs(label * score));
    return e / ((1 + e) * (1 + e));
  },
  totalLoss: (scores, labels, count) => {
    let total = 0;
    for (let i = 0; i < count; i++) total += logisticLoss(scores[i] as number, labels[i] as number);
    return total;
  },
  // softplus(−m) and −y·σ(−m) from one e^(−|m|), in the same operations as `loss` and `derivative`.
  lossAndSlopes: (scores, labels, count, slopes) => {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const label = labels[i] as number;
      const margin = label * (scores[i] as number);
      const e = Math.exp(-Math.abs(margin));
      if (margin >= 0) {
        total += Math.log1p(e);
        slopes[i] = (-label * e) / (1 + e);
      } else {
        total += -margin + Math.log1p(e);
        slopes[i] = -label / (1 + e);
      }
    }
    return total;
  },
};

const hingeLoss = (score: number, label: number): number => Math.max(0, 1 - label * score);
const hingeDerivative = (score: number, label: number): number => (label * score < 1 ? -label : 0);

const hinge: Objective = {
  label: 'Hinge',
  formula: 'Σ max(0, 1 − y·s)',
  smooth: false,
  loss: hingeLoss,
  derivative: hingeDerivative,
  totalLoss: (scores, labels, count) => {
    let total = 0;
    for (let i = 0; i < count; i++) total += hingeLoss(scores[i] as number, labels[i] as number);
    return total;
  },
  lossAndSlopes: (scores, labels, count, slopes) => {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      const label = labels[i] as number;
      total += hingeLoss(score, label);
      slopes[i] = hingeDerivative(score, label);
    }
    return total;
  },
};

const squaredLoss = (score: number, label: number): number => (score - label) * (score - label);
const squaredDerivative = (score: number, label: number): number => 2 * (score - label);

const squared: Objective = {
  label: 'Squared',
  formula: 'Σ (s − y)²',
  smooth: true,
  loss: squaredLoss,
  derivative: squaredDerivative,
  secondDerivative: () => 2,
  totalLoss: (scores, labels, count) => {
    let total = 0;
    for (let i = 0; i < count; i++) total += squaredLoss(scores[i] as number, labels[i] as number);
    return total;
  },
  lossAndSlopes: (scores, labels, count, slopes) => {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      const label = labels[i] as number;
      total += squaredLoss(score, label);
      slopes[i] = squaredDerivative(score, label);
    }
    return total;
  },
};

const perceptronLoss = (score: number, label: number): number => Math.max(0, -label * score);
// At the kink y·s = 0 the subgradient −y is taken rather than 0: sign(0) counts as a wrong prediction,
// and with 0 the zero starting weights (every score 0) would never move.
const perceptronDerivative = (score: number, label: number): number => (label * score <= 0 ? -label : 0);

const perceptron: Objective = {
  label: 'Perceptron',
  formula: 'Σ max(0, −y·s)',
  smooth: false,
  loss: perceptronLoss,
  derivative: perceptronDerivative,
  totalLoss: (scores, labels, count) => {
    let total = 0;
    for (let i = 0; i < count; i++) total += perceptronLoss(scores[i] as number, labels[i] as number);
    return total;
  },
  lossAndSlopes: (scores, labels, count, slopes) => {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      const label = labels[i] as number;
      total += perceptronLoss(score, label);
      slopes[i] = perceptronDerivative(score, label);
    }
    return total;
  },
};

/** Every objective by name. */
export const objectives = { logistic, hinge, squared, perceptron } as const satisfies Record<
  string,
  Objective
>;

/** The name of a registered objective. */
export type ObjectiveName = keyof typeof objectives;

/** The registered names, in menu order. */
export const objectiveNames = Object.keys(objectives) as ObjectiveName[];

/** Whether a string names a registered objective. */
export function isObjectiveName(name: string): name is ObjectiveName {
  return Object.hasOwn(objectives, name);
}
