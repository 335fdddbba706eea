/**
 * The training objectives, each a SUM over the rows given of a loss of the score s = f(x) and the label
 * y ∈ {−1, +1}, exactly as ../shared/golden/README.md defines them. A model's gradient is then
 * Σ loss′(s, y) · ∂s/∂w, so every objective works with every model.
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
}

/** log(1 + e^z), without overflow for large z and without losing digits for very negative z. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const logistic: Objective = {
  label: 'Logistic',
  formula: 'Σ log(1 + e^(−y·s))',
  smooth: true,
  loss: (score, label) => softplus(-label * score),
  // −y·σ(−y·s), written so that neither branch can overflow.
  derivative: (score, label) => {
    const margin = label * score;
    if (margin >= 0) {
      const e = Math.exp(-margin);
      return (-label * e) / (1 + e);
    }
    return -label / (1 + Math.exp(margin));
  },
};

const hinge: Objective = {
  label: 'Hinge',
  formula: 'Σ max(0, 1 − y·s)',
  smooth: false,
  loss: (score, label) => Math.max(0, 1 - label * score),
  derivative: (score, label) => (label * score < 1 ? -label : 0),
};

const squared: Objective = {
  label: 'Squared',
  formula: 'Σ (s − y)²',
  smooth: true,
  loss: (score, label) => (score - label) * (score - label),
  derivative: (score, label) => 2 * (score - label),
};

/** Every objective by name. */
export const objectives = { logistic, hinge, squared } as const satisfies Record<string, Objective>;

/** The name of a registered objective. */
export type ObjectiveName = keyof typeof objectives;

/** The registered names, in menu order. */
export const objectiveNames = Object.keys(objectives) as ObjectiveName[];

/** Whether a string names a registered objective. */
export function isObjectiveName(name: string): name is ObjectiveName {
  return Object.hasOwn(objectives, name);
}
