import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isObjectiveName,
  objectiveNames,
  objectives,
  softplus,
  type Objective,
  type ObjectiveName,
} from './objectives.ts';

const label = fc.constantFrom(-1, 1);
const score = fc.double({ min: -60, max: 60, noNaN: true });
const objectiveName = fc.constantFrom(...objectiveNames);

/** Distance of a score from the objective's kink, where the derivative is only a subgradient. */
function distanceFromKink(name: ObjectiveName, s: number, y: number): number {
  if (name === 'hinge') return Math.abs(1 - y * s);
  if (name === 'perceptron') return Math.abs(s);
  return Number.POSITIVE_INFINITY;
}

/** ∂loss/∂s by a central difference, with a step scaled to the score. */
function centralDifference(name: ObjectiveName, s: number, y: number): number {
  const step = 1e-6 * Math.max(1, Math.abs(s));
  const { loss } = objectives[name];
  return (loss(s + step, y) - loss(s - step, y)) / (2 * step);
}

describe('objective registry', () => {
  it('names logistic, hinge, squared and perceptron, and only those', () => {
    expect([...objectiveNames].sort()).toEqual(['hinge', 'logistic', 'perceptron', 'squared']);
    for (const name of objectiveNames) expect(isObjectiveName(name)).toBe(true);
    for (const name of ['', 'toString', '__proto__', 'constructor', 'Logistic', 'cubic']) {
      expect(isObjectiveName(name)).toBe(false);
    }
  });

  it('marks hinge and perceptron as not smooth, and gives second derivatives to smooth ones only', () => {
    expect(objectives.logistic.smooth).toBe(true);
    expect(objectives.squared.smooth).toBe(true);
    expect(objectives.hinge.smooth).toBe(false);
    expect(objectives.perceptron.smooth).toBe(false);
    for (const name of objectiveNames) {
      const objective: Objective = objectives[name];
      expect(objective.secondDerivative !== undefined).toBe(objective.smooth);
    }
  });

  it('keeps a formula for display', () => {
    expect(objectives.perceptron.formula).toBe('Σ max(0, −y·s)');
    for (const name of objectiveNames) expect(objectives[name].formula).toMatch(/^Σ /);
  });
});

describe('loss values (the definitions in golden/README.md)', () => {
  it('are log(1 + e^(−ys)), max(0, 1 − ys) and (s − y)² where those are computed safely', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), label, (s, y) => {
        expect(objectives.logistic.loss(s, y)).toBeCloseTo(Math.log(1 + Math.exp(-y * s)), 10);
        expect(objectives.hinge.loss(s, y)).toBe(Math.max(0, 1 - y * s));
        expect(objectives.squared.loss(s, y)).toBeCloseTo((s - y) ** 2, 10);
        expect(objectives.perceptron.loss(s, y)).toBe(Math.max(0, -y * s));
      }),
    );
  });

  it('are never negative, and convex in the score', () => {
    fc.assert(
      fc.property(objectiveName, score, score, label, (name, a, b, y) => {
        const { loss } = objectives[name];
        expect(loss(a, y)).toBeGreaterThanOrEqual(0);
        const middle = loss((a + b) / 2, y);
        const chord = (loss(a, y) + loss(b, y)) / 2;
        expect(middle).toBeLessThanOrEqual(chord + 1e-9 * Math.max(1, chord));
      }),
    );
  });
});

describe('derivative', () => {
  it('matches a central finite difference of the loss (away from the hinge kink)', () => {
    fc.assert(
      fc.property(objectiveName, score, label, (name, s, y) => {
        fc.pre(distanceFromKink(name, s, y) > 1e-3);
        const numeric = centralDifference(name, s, y);
        const analytic = objectives[name].derivative(s, y);
        expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(analytic)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a subgradient of the hinge at its kink (between 0 and −y)', () => {
    for (const y of [-1, 1]) {
      const slope = objectives.hinge.derivative(y, y);
      expect(Math.min(0, -y) <= slope && slope <= Math.max(0, -y)).toBe(true);
    }
  });

  it('of the perceptron is −y at y·s = 0, where sign(0) counts as wrong, so zero weights move', () => {
    for (const y of [-1, 1]) {
      expect(objectives.perceptron.derivative(0, y)).toBe(-y);
      expect(objectives.perceptron.derivative(-0, y)).toBe(-y);
      expect(objectives.perceptron.derivative(y, y)).toBe(0);
      expect(objectives.perceptron.derivative(-y, y)).toBe(-y);
    }
  });

  it('of the logistic lies between 0 and −y, pointing towards the correct side', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), label, (s, y) => {
        const slope = objectives.logistic.derivative(s, y);
        expect(Number.isFinite(slope)).toBe(true);
        expect(slope * y).toBeLessThanOrEqual(0);
        expect(Math.abs(slope)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('second derivative', () => {
  const smoothNames = objectiveNames.filter((name) => objectives[name].smooth);

  it('matches a central finite difference of the derivative', () => {
    fc.assert(
      fc.property(fc.constantFrom(...smoothNames), score, label, (name, s, y) => {
        const objective: Objective = objectives[name];
        const step = 1e-5 * Math.max(1, Math.abs(s));
        const numeric = (objective.derivative(s + step, y) - objective.derivative(s - step, y)) / (2 * step);
        const analytic = objective.secondDerivative!(s, y);
        expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(analytic)));
      }),
      { numRuns: 2000 },
    );
  });

  it('of the logistic is σ(m)(1 − σ(m)) ∈ (0, ¼], finite and never NaN at extreme scores', () => {
    const second = objectives.logistic.secondDerivative!;
    expect(second(0, 1)).toBe(0.25);
    for (const s of [-1e308, -800, -30, -1, 2, 40, 800, 1e308]) {
      for (const y of [-1, 1]) {
        const value = second(s, y);
        const sigma = 1 / (1 + Math.exp(-y * s));
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(0.25);
        expect(Math.abs(value - sigma * (1 - sigma))).toBeLessThanOrEqual(1e-15);
      }
    }
  });

  it('of the squared loss is 2', () => {
    expect(objectives.squared.secondDerivative!(3, -1)).toBe(2);
  });
});

describe('batch sums', () => {
  const special = fc.constantFrom(0, -0, 1, -1, 1e-300, 800, -800);
  const row = fc.record({ s: fc.oneof(score, special), y: label });

  it('give exactly the per-example loss sum and derivatives, in the same order', () => {
    fc.assert(
      fc.property(objectiveName, fc.array(row, { maxLength: 40 }), fc.nat(3), (name, rows, extra) => {
        const objective: Objective = objectives[name];
        const scores = Float64Array.from([...rows.map((r) => r.s), ...Array<number>(extra).fill(7)]);
        const labels = Float64Array.from([...rows.map((r) => r.y), ...Array<number>(extra).fill(1)]);
        let expected = 0;
        for (const r of rows) expected += objective.loss(r.s, r.y);
        expect(objective.totalLoss(scores, labels, rows.length)).toBe(expected);
        const slopes = new Float64Array(rows.length + extra).fill(Number.NaN);
        expect(objective.lossAndSlopes(scores, labels, rows.length, slopes)).toBe(expected);
        rows.forEach((r, i) => expect(Object.is(slopes[i], objective.derivative(r.s, r.y))).toBe(true));
        // Nothing beyond `count` is read or written.
        for (let i = rows.length; i < slopes.length; i++) expect(slopes[i]).toBeNaN();
      }),
      { numRuns: 500 },
    );
  });
});

describe('logistic at extreme scores', () => {
  it('stays finite at |score| = 800 with the right limits', () => {
    for (const y of [-1, 1]) {
      // A confident correct prediction: loss and slope vanish.
      const right = objectives.logistic.loss(800 * y, y);
      expect(Number.isFinite(right)).toBe(true);
      expect(right).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThan(1e-300);
      expect(Math.abs(objectives.logistic.derivative(800 * y, y))).toBeLessThan(1e-300);
      // A confident wrong prediction: the loss grows like the margin, the slope tends to −y.
      const wrong = objectives.logistic.loss(-800 * y, y);
      expect(wrong).toBeCloseTo(800, 10);
      expect(objectives.logistic.derivative(-800 * y, y)).toBe(-y);
    }
  });

  it('has a softplus with softplus(z) − softplus(−z) = z and softplus(z) ≥ max(0, z), finite everywhere', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) => {
        expect(softplus(z) - softplus(-z)).toBeCloseTo(z, 9);
        expect(softplus(z)).toBeGreaterThanOrEqual(Math.max(0, z));
      }),
    );
    for (const z of [-1e308, -1e5, 1e5, 1e308]) expect(Number.isFinite(softplus(z))).toBe(true);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
  });
});
