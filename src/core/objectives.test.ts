import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isObjectiveName, objectiveNames, objectives, softplus, type ObjectiveName } from './objectives.ts';

const label = fc.constantFrom(-1, 1);
const score = fc.double({ min: -60, max: 60, noNaN: true });
const objectiveName = fc.constantFrom(...objectiveNames);

/** ∂loss/∂s by a central difference, with a step scaled to the score. */
function centralDifference(name: ObjectiveName, s: number, y: number): number {
  const step = 1e-6 * Math.max(1, Math.abs(s));
  const { loss } = objectives[name];
  return (loss(s + step, y) - loss(s - step, y)) / (2 * step);
}

describe('objective registry', () => {
  it('names logistic, hinge and squared, and only those', () => {
    expect([...objectiveNames].sort()).toEqual(['hinge', 'logistic', 'squared']);
    for (const name of objectiveNames) expect(isObjectiveName(name)).toBe(true);
    for (const name of ['', 'toString', '__proto__', 'constructor', 'Logistic', 'cubic']) {
      expect(isObjectiveName(name)).toBe(false);
    }
  });

  it('marks only the hinge as not smooth', () => {
    expect(objectives.logistic.smooth).toBe(true);
    expect(objectives.squared.smooth).toBe(true);
    expect(objectives.hinge.smooth).toBe(false);
  });
});

describe('loss values (the definitions in golden/README.md)', () => {
  it('are log(1 + e^(−ys)), max(0, 1 − ys) and (s − y)² where those are computed safely', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), label, (s, y) => {
        expect(objectives.logistic.loss(s, y)).toBeCloseTo(Math.log(1 + Math.exp(-y * s)), 10);
        expect(objectives.hinge.loss(s, y)).toBe(Math.max(0, 1 - y * s));
        expect(objectives.squared.loss(s, y)).toBeCloseTo((s - y) ** 2, 10);
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
        fc.pre(name !== 'hinge' || Math.abs(1 - y * s) > 1e-3);
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
