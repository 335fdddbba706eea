import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataset, pointsFromRows, type PointSet } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { evaluate } from './metrics.ts';
import type { Model } from './model.ts';
import { objectives, type ObjectiveName } from './objectives.ts';
import {
  NOT_SMOOTH_NOTE,
  OPTIMUM_GRADIENT_TOLERANCE,
  SEPARABLE_NOTE,
  findOptimum,
  probeLinearFeatures,
} from './optimum.ts';

const goldenFolder = join(import.meta.dirname, '../../test/golden');

interface GoldenRun {
  objective: ObjectiveName;
  trainX: number[][];
  trainY: number[];
  expected: { optimumW?: number[]; optimumObjective?: number; optimumNote?: string };
}

function readGolden(name: string): { run: GoldenRun; points: PointSet } {
  const run = JSON.parse(readFileSync(join(goldenFolder, name), 'utf8')) as GoldenRun;
  return { run, points: pointsFromRows(run.trainX, run.trainY) };
}

function expectRelativelyClose(actual: number, expected: number, tolerance: number, where: string): void {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${where}: got ${actual}, expected ${expected}`);
  }
}

/** A model linear in its parameters over any feature map, written independently of linearModel.ts. */
function featureModel(features: readonly ((x1: number, x2: number) => number)[], penalized: number[]): Model {
  const weights = new Float64Array(features.length);
  const score = (x1: number, x2: number) =>
    features.reduce((sum, phi, j) => sum + weights[j]! * phi(x1, x2), 0);
  return {
    label: 'features',
    weights,
    parameterLabels: features.map((_, j) => `w${j}`),
    penalized: Uint8Array.from(penalized),
    score,
    scoreAll(x, out) {
      for (let i = 0; i < out.length; i++) out[i] = score(x[2 * i]!, x[2 * i + 1]!);
    },
    batchGradient: () => {
      throw new Error('not needed here');
    },
  };
}

/** s = w2·tanh(w1·x1) + b: not linear in its parameters. */
function tinyNetwork(): Model {
  const weights = Float64Array.of(0.3, -0.7, 0.1);
  const score = (x1: number) => weights[1]! * Math.tanh(weights[0]! * x1) + weights[2]!;
  return {
    label: 'network',
    weights,
    parameterLabels: ['v', 'u', 'b'],
    penalized: Uint8Array.of(1, 1, 0),
    score,
    scoreAll(x, out) {
      for (let i = 0; i < out.length; i++) out[i] = score(x[2 * i]!);
    },
    batchGradient: () => 0,
  };
}

/** ∂/∂w_j of evaluate's objective (with L2) by central differences. */
function numericGradient(model: Model, points: PointSet, name: ObjectiveName, l2: number): number[] {
  const start = model.weights.slice();
  const result = Array.from(start, (w, j) => {
    const step = 1e-5 * Math.max(1, Math.abs(w));
    model.weights[j] = w + step;
    const up = evaluate(model, points, objectives[name], undefined, l2).objective;
    model.weights[j] = w - step;
    const down = evaluate(model, points, objectives[name], undefined, l2).objective;
    model.weights[j] = w;
    return (up - down) / (2 * step);
  });
  model.weights.set(start);
  return result;
}

describe('findOptimum on the golden runs', () => {
  for (const name of ['logistic-overlap-b7.json', 'squared-fullbatch.json']) {
    it(`matches optimumW and optimumObjective of ${name} to 1e-6`, () => {
      const { run, points } = readGolden(name);
      const result = findOptimum(createLinearModel(), points, objectives[run.objective], 0);
      if (result.kind !== 'minimum') throw new Error(result.note);
      run.expected.optimumW!.forEach((w, j) =>
        expectRelativelyClose(result.weights[j]!, w, 1e-6, `${name} optimumW[${j}]`),
      );
      expectRelativelyClose(result.objective, run.expected.optimumObjective!, 1e-6, `${name} objective`);
      expect(result.gradientNorm).toBeLessThanOrEqual(OPTIMUM_GRADIENT_TOLERANCE);
      expect(result.iterations).toBeGreaterThan(0);
      expect(result.iterations).toBeLessThan(20);
    });
  }

  it('finds no finite minimiser of the logistic on separable data, in the golden file’s words', () => {
    const { run, points } = readGolden('logistic-separable-b16.json');
    const result = findOptimum(createLinearModel(), points, objectives.logistic, 0);
    expect(result).toEqual({ kind: 'none', note: SEPARABLE_NOTE });
    expect(SEPARABLE_NOTE).toBe(run.expected.optimumNote);
    // The squared loss grows again past the margin 1, so the same data do have a minimiser.
    const squared = findOptimum(createLinearModel(), points, objectives.squared, 0);
    expect(squared.kind === 'minimum' && squared.gradientNorm <= OPTIMUM_GRADIENT_TOLERANCE).toBe(true);
  });

  it('declines the objectives that are not smooth', () => {
    const { points } = readGolden('hinge-overlap-sgd.json');
    for (const name of ['hinge', 'perceptron'] as const) {
      expect(findOptimum(createLinearModel(), points, objectives[name], 0.1)).toEqual({
        kind: 'none',
        note: NOT_SMOOTH_NOTE,
      });
    }
  });
});

describe('findOptimum with L2', () => {
  const separable = generateDataset({
    kind: 'separable',
    points: 200,
    noise: 0.2,
    trainFraction: 0.8,
    seed: 4,
  });

  for (const l2 of [1e-3, 0.1, 2]) {
    it(`finds a minimum on separable data at λ = ${l2}, where a finite difference of evaluate is ~0`, () => {
      const model = createLinearModel();
      const result = findOptimum(model, separable.train, objectives.logistic, l2);
      if (result.kind !== 'minimum') throw new Error(result.note);
      expect(result.gradientNorm).toBeLessThanOrEqual(OPTIMUM_GRADIENT_TOLERANCE);
      model.weights.set(result.weights);
      const evaluation = evaluate(model, separable.train, objectives.logistic, undefined, l2);
      expectRelativelyClose(result.objective, evaluation.objective, 1e-12, 'objective');
      for (const slope of numericGradient(model, separable.train, 'logistic', l2)) {
        expect(Math.abs(slope)).toBeLessThan(1e-6 * Math.max(1, evaluation.objective));
      }
      // A small step either way raises the objective: a minimum, not a saddle or a maximum.
      for (let j = 0; j < 3; j++) {
        for (const delta of [-1e-3, 1e-3]) {
          model.weights.set(result.weights);
          model.weights[j]! += delta;
          const moved = evaluate(model, separable.train, objectives.logistic, undefined, l2).objective;
          expect(moved).toBeGreaterThan(result.objective);
        }
      }
    });
  }

  it('shrinks the penalised weights as λ grows, and leaves the bias free', () => {
    const data = generateDataset({
      kind: 'overlapping',
      points: 300,
      noise: 0.5,
      trainFraction: 0.8,
      seed: 2,
    });
    const norms = [0, 0.01, 0.1, 1, 10].map((l2) => {
      const result = findOptimum(createLinearModel(), data.train, objectives.squared, l2);
      if (result.kind !== 'minimum') throw new Error(result.note);
      return Math.hypot(result.weights[0]!, result.weights[1]!);
    });
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeLessThan(norms[k - 1]!);
    // Only labels +1: the bias alone fits them exactly, however large λ is.
    const ones: PointSet = { x: Float64Array.of(1, 2, -3, 0.5, 2, -1), y: Float64Array.of(1, 1, 1) };
    const result = findOptimum(createLinearModel(), ones, objectives.squared, 100);
    if (result.kind !== 'minimum') throw new Error(result.note);
    expect(result.weights[2]).toBeCloseTo(1, 6);
  });
});

describe('findOptimum on other models', () => {
  const data = generateDataset({ kind: 'circles', points: 400, noise: 1, trainFraction: 0.8, seed: 9 });

  it('works for any model linear in its parameters, e.g. with a squared feature', () => {
    const features = [
      (x1: number) => x1,
      (_: number, x2: number) => x2,
      (x1: number, x2: number) => x1 * x1 + x2 * x2,
      () => 1,
    ];
    for (const name of ['logistic', 'squared'] as const) {
      const model = featureModel(features, [1, 1, 1, 0]);
      const result = findOptimum(model, data.train, objectives[name], 0);
      if (result.kind !== 'minimum') throw new Error(result.note);
      expect(result.gradientNorm).toBeLessThanOrEqual(OPTIMUM_GRADIENT_TOLERANCE);
      // The circles need the radius feature: the optimum leans on it, and beats the plain linear model.
      const plain = findOptimum(createLinearModel(), data.train, objectives[name], 0);
      if (plain.kind !== 'minimum') throw new Error(plain.note);
      expect(result.objective).toBeLessThan(plain.objective);
      model.weights.set(result.weights);
      for (const slope of numericGradient(model, data.train, name, 0)) {
        expect(Math.abs(slope)).toBeLessThan(1e-6 * Math.max(1, result.objective));
      }
    }
  });

  it('still converges when the Hessian is singular (a feature that is zero on every point)', () => {
    const flat: PointSet = { x: Float64Array.of(1, 0, 2, 0, -1, 0, -3, 0), y: Float64Array.of(1, -1, -1, 1) };
    for (const name of ['logistic', 'squared'] as const) {
      const result = findOptimum(createLinearModel(), flat, objectives[name], 0);
      if (result.kind !== 'minimum') throw new Error(result.note);
      expect(result.gradientNorm).toBeLessThanOrEqual(1e-9);
      expect(result.weights[1]).toBe(0);
    }
  });

  it('declines a model that is not linear in its parameters, and leaves its weights as they were', () => {
    const network = tinyNetwork();
    const before = network.weights.slice();
    const result = findOptimum(network, data.train, objectives.logistic, 0);
    expect(result.kind).toBe('none');
    expect(network.weights).toEqual(before);
  });

  it('reads the feature matrix of a linear model, restoring its weights', () => {
    const model = createLinearModel([0.4, -2, 7]);
    const points: PointSet = { x: Float64Array.of(1, 2, -3, 0.5), y: Float64Array.of(1, -1) };
    expect(Array.from(probeLinearFeatures(model, points)!)).toEqual([1, 2, 1, -3, 0.5, 1]);
    expect(Array.from(model.weights)).toEqual([0.4, -2, 7]);
    expect(probeLinearFeatures(tinyNetwork(), points)).toBeNull();
  });
});
